//! What the importer says about a file, a row or a cell, as data: one variant per kind of
//! remark with the values it quotes (cell values, columns, counts), so a screen can word
//! it in its own language (`ui::strings::remarks`).
//!
//! Invariants: [`Remark::english`] is the importer's English sentence, word for word (the
//! CLI's text report and `--json` print it; a test pins each variant's text); values are
//! stored as the importer quoted them (already clipped to 40 characters where the English
//! clips them), never sanitised here: whoever shows them on a terminal cleans them.

use crate::domain::money::MoneyError;

use super::report::MatchKey;

/// Where a made-up last name came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameSource {
    Email,
    Phone,
}

/// Why a vCard was not read (`vcard::parse`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CardFault {
    /// Another `BEGIN:VCARD` at line `next` before this card's end.
    NoEnd {
        next: u64,
    },
    EndOfFile,
    LineTooLong {
        line: u64,
        kib: usize,
    },
    TooManyProperties {
        max: usize,
        line: u64,
    },
}

impl std::fmt::Display for CardFault {
    /// The English reason (the CLI's and the rejected-cards file's).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CardFault::NoEnd { next } => {
                write!(f, "no END:VCARD before the next card at line {next}")
            }
            CardFault::EndOfFile => f.write_str("the file ends before END:VCARD"),
            CardFault::LineTooLong { line, kib } => {
                write!(f, "line {line} is longer than {kib} KiB")
            }
            CardFault::TooManyProperties { max, line } => {
                write!(f, "more than {max} properties (line {line})")
            }
        }
    }
}

/// How one vCard value was read when it was not plain UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueNote {
    BrokenQuotedPrintable {
        bad: String,
    },
    Base64,
    /// Not valid in its declared charset; `utf8`: read as UTF-8, else as windows-1252.
    NotInCharset {
        charset: String,
        utf8: bool,
    },
    UnknownCharset {
        label: String,
        utf8: bool,
    },
    /// vCard 2.1 without CHARSET, not UTF-8.
    NoCharset21,
    /// vCard 3.0/4.0 not in UTF-8.
    NotUtf8,
}

impl std::fmt::Display for ValueNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let how = |utf8: bool| {
            if utf8 {
                "read as UTF-8"
            } else {
                "read as windows-1252"
            }
        };
        match self {
            ValueNote::BrokenQuotedPrintable { bad } => {
                write!(
                    f,
                    "broken quoted-printable sequence `{bad}` kept as written"
                )
            }
            ValueNote::Base64 => f.write_str("base64 value not read"),
            ValueNote::NotInCharset { charset, utf8 } => {
                write!(f, "text not valid in its charset {charset}: {}", how(*utf8))
            }
            ValueNote::UnknownCharset { label, utf8 } => {
                write!(f, "unknown charset `{label}`: {}", how(*utf8))
            }
            ValueNote::NoCharset21 => f.write_str("no CHARSET and not UTF-8: read as windows-1252"),
            ValueNote::NotUtf8 => {
                f.write_str("not valid UTF-8 (vCard 3.0 and 4.0 are UTF-8): read as windows-1252")
            }
        }
    }
}

/// One remark of the importer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Remark {
    // Cells (draft.rs).
    /// A placeholder ("-", "n/a", "null", a phone "0") read as an empty cell.
    ReadAsEmpty {
        value: String,
    },
    /// "3.36123E+10": a phone a spreadsheet turned into a number.
    PhoneAsNumber {
        value: String,
    },
    /// `"Anna Roux" <anna@x.fr>`: the display name dropped, the address kept.
    NameAroundAddress {
        name: String,
        address: String,
    },
    /// Another column gives another value for the same field; the first one is kept.
    OtherValue {
        field: &'static str,
        value: String,
        kept: String,
        column: String,
    },
    /// Warnings of a row beyond the ones kept.
    MoreWarnings {
        count: usize,
    },
    // Rows (draft/build.rs, draft/build/terms.rs).
    /// No name: the e-mail's local part or the phone is the last name.
    NameFrom {
        source: NameSource,
        name: String,
    },
    NoNameNoContact,
    NotAKind {
        value: String,
    },
    /// A yes/no cell that is neither, ignored.
    NotYesNoIgnored {
        value: String,
    },
    /// A yes/no cell that is neither, read as no.
    NotYesNoReadAsNo {
        value: String,
    },
    UnknownCountry {
        value: String,
    },
    NotANumber {
        value: String,
    },
    NotADate {
        value: String,
    },
    UnknownGroup {
        name: String,
    },
    NotATax {
        value: String,
    },
    /// A credit limit that is not an amount.
    Amount(MoneyError),
    SepaIncomplete,
    // vCard (vcard.rs, vcard/card.rs).
    CardVersion {
        version: String,
    },
    CardCountry {
        value: String,
    },
    /// A card not read at all.
    CardSkipped {
        fault: CardFault,
    },
    /// A line inside a card that is no property.
    NotAProperty {
        line: u64,
    },
    /// Warnings of a card beyond the ones kept.
    MoreCardWarnings {
        count: usize,
    },
    /// How a property's value was read (charset, encoding), at its line.
    CardValue {
        notes: Vec<ValueNote>,
        line: u64,
    },
    // CSV rows (csv_in.rs).
    TooManyCells {
        cells: usize,
        max: usize,
    },
    /// A cell not valid in the file's encoding.
    NotValidIn {
        charset: String,
    },
    /// A cell that reads as UTF-8 decoded as windows-1252.
    MisreadUtf8 {
        value: String,
    },
    MoreProblems {
        count: usize,
    },
    BeyondHeader {
        count: usize,
    },
    // Values the validator refused, kept out of the row (salvage.rs).
    /// Control characters replaced by spaces.
    ControlReplaced {
        rule: &'static str,
        field: String,
        detail: String,
    },
    /// A value not stored, kept in the personal note.
    KeptInNote {
        rule: &'static str,
        field: String,
        detail: String,
    },
    // Matching (engine.rs, engine/overlay.rs).
    ReferencesOfTwo {
        first: String,
        second: String,
    },
    SameAsEarlierRow {
        key: MatchKey,
    },
    SharesContact {
        key: MatchKey,
        customer: String,
        name: String,
    },
    /// A reference that belongs to a customer with whom the row shares nothing.
    IdentityConflict {
        /// `barcode:CODE` or `nfc:CODE`, when the row holds the stored reference.
        reference: Option<String>,
        customer: String,
        /// Name, e-mail, phone of the stored customer; `None` when it has none.
        stored: Option<String>,
        /// The line of this file that created the customer.
        created_by_line: Option<u64>,
        /// Name, e-mail, phone of the row; `None` when it has none.
        row: Option<String>,
    },
    // The file as a whole (notices).
    /// `--encoding windows-1252` on a file that looks like UTF-8.
    Utf8ForcedAs1252,
    /// Columns a cashier may not import (group, tax, credit limit).
    ManagerColumns {
        columns: String,
        first: String,
    },
    QuoteNeverClosed {
        open: u64,
        line: u64,
    },
    DeletedDuringImport {
        customer: String,
    },
    /// The rejected file could not be written beside the imported one.
    RejectedMoved {
        dir: String,
        error: String,
    },
    // The preset's reason.
    PresetGiven,
    PresetFromHeader {
        known: usize,
        total: usize,
    },
}

fn key_text(k: MatchKey) -> String {
    k.to_string()
}

impl Remark {
    /// The importer's English sentence (the CLI and JSON reports print it unchanged).
    pub fn english(&self) -> String {
        self.row_english()
            .or_else(|| self.file_english())
            .unwrap_or_default()
    }

    /// The cells' and rows' remarks in English.
    fn row_english(&self) -> Option<String> {
        use Remark as R;
        Some(match self {
            R::ReadAsEmpty { value } => format!("`{value}` read as empty"),
            R::PhoneAsNumber { value } => format!(
                "`{value}` is a phone number a spreadsheet turned into a number \
                 (digits lost): format the column as text and export again"
            ),
            R::NameAroundAddress { name, address } => {
                format!("`{name}` around the address: kept `{address}`")
            }
            R::OtherValue {
                field,
                value,
                kept,
                column,
            } => format!("also gives a {field} (`{value}`): kept `{kept}` from column {column}"),
            R::MoreWarnings { count } => format!("and {count} more warning(s) on this row"),
            R::NameFrom { source, name } => {
                let from = match source {
                    NameSource::Email => "e-mail",
                    NameSource::Phone => "phone",
                };
                format!("no name: the {from} `{name}` is used as last name")
            }
            R::NoNameNoContact => {
                "no name, e-mail or phone: nothing to make a customer of".to_string()
            }
            R::NotAKind { value } => format!("`{value}` is not person or entity: ignored"),
            R::NotYesNoIgnored { value } => format!("`{value}` is not yes or no: ignored"),
            R::NotYesNoReadAsNo { value } => format!("`{value}` is not yes or no: read as no"),
            R::UnknownCountry { value } => format!(
                "`{value}` is not a country comptoir knows: write its ISO code (FR, BE, DE...)"
            ),
            R::NotANumber { value } => format!("`{value}` is not a number"),
            R::NotADate { value } => format!("`{value}` is not a date (YYYY-MM-DD)"),
            R::UnknownGroup { name } => format!(
                "no customer group named `{name}`: left out (create it, or import with \
                 --create-groups)"
            ),
            R::NotATax { value } => format!("`{value}` is not normal, exempt or a rate"),
            R::Amount(e) => e.to_string(),
            R::SepaIncomplete => {
                "a SEPA mandate needs its IBAN, mandate reference and signing date".to_string()
            }
            R::CardVersion { version } => {
                format!("version `{version}` is not 2.1, 3.0 or 4.0: read anyway")
            }
            R::CardCountry { value } => format!("country `{value}` not known: left out"),
            R::CardSkipped { fault } => format!("malformed card skipped: {fault}"),
            R::NotAProperty { line } => format!("line {line} is not a property: skipped"),
            R::MoreCardWarnings { count } => format!("and {count} more warning(s) on this card"),
            R::CardValue { notes, line } => {
                let notes: Vec<String> = notes.iter().map(ToString::to_string).collect();
                format!("{} (line {line})", notes.join("; "))
            }
            _ => return None,
        })
    }

    /// The file's, the matches' and the preset's remarks in English.
    fn file_english(&self) -> Option<String> {
        use Remark as R;
        Some(match self {
            R::TooManyCells { cells, max } => format!(
                "{cells} cells, more than {max}: not a customer row (a delimiter or quote \
                 problem?)"
            ),
            R::NotValidIn { charset } => format!(
                "not valid {charset} (the file mixes encodings?): re-run with --encoding \
                 windows-1252 if the file was saved by an older spreadsheet"
            ),
            R::MisreadUtf8 { value } => {
                format!("`{value}` looks like UTF-8 read as windows-1252: drop --encoding")
            }
            R::MoreProblems { count } => format!("and {count} more problem(s) on this row"),
            R::BeyondHeader { count } => {
                format!("{count} cell(s) beyond the last column of the header: ignored")
            }
            R::ControlReplaced { detail, .. } => format!("{detail}: replaced by a space"),
            R::KeptInNote { detail, .. } => {
                format!("{detail}: not stored, kept in the personal note")
            }
            R::ReferencesOfTwo { first, second } => {
                format!("its references belong to two different customers ({first} and {second})")
            }
            R::SameAsEarlierRow { key } => format!(
                "same customer as an earlier row of this file (matched on {})",
                key_text(*key)
            ),
            R::SharesContact {
                key,
                customer,
                name,
            } => format!(
                "shares its {} with customer {customer} ({name}) but has another name: created \
                 as a new customer (merge them if they are one person)",
                key_text(*key)
            ),
            R::IdentityConflict {
                reference,
                customer,
                stored,
                created_by_line,
                row,
            } => {
                let reference = reference
                    .as_ref()
                    .map_or_else(String::new, |r| format!(" {r}"));
                let origin = created_by_line.map_or_else(String::new, |l| {
                    format!(", created by line {l} of this file")
                });
                let stored = stored.as_deref().unwrap_or("no name");
                let row = row.as_deref().unwrap_or("no name");
                format!(
                    "identity conflict: reference{reference} belongs to customer {customer} \
                     ({stored}{origin}), but this row ({row}) has no name, e-mail or phone in \
                     common with them: refused, not merged (correct the reference or the row \
                     and import it again)"
                )
            }
            R::Utf8ForcedAs1252 => "the file looks like UTF-8 but --encoding says windows-1252: \
                 rows whose text reads as mangled UTF-8 are refused"
                .to_string(),
            R::ManagerColumns { columns, first } => format!(
                "column(s) {columns} set a customer's group, tax or credit limit: a manager's \
                 act, give the manager PIN (COMPTOIR_MANAGER_PIN or --pin-stdin), or leave them \
                 out with --map \"{first}=ignore\""
            ),
            R::QuoteNeverClosed { open, line } => format!(
                "a quote opened at line {open} is never closed: the row at line {line} runs to \
                 the end of the file (check that row and the lines after it)"
            ),
            R::DeletedDuringImport { customer } => format!(
                "customer {customer} was deleted or anonymised at the register during the \
                 import: the rows matching it were not written"
            ),
            R::RejectedMoved { dir, error } => format!(
                "the refused rows cannot be written in {dir} ({error}): they are in the data \
                 folder"
            ),
            R::PresetGiven => "(given)".to_string(),
            R::PresetFromHeader { known, total } => {
                format!("(chosen from the header: {known} of {total} columns known)")
            }
            _ => return None,
        })
    }
}

#[cfg(test)]
pub(crate) mod tests;
