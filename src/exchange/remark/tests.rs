//! One remark of each kind ([`every`], shared with the screens' words' tests) and the
//! English each must keep: the text the importer printed before remarks were data, each
//! written here as the importer's `format!` wrote it.

use super::{NameSource, Remark};
use crate::domain::money::MoneyError;
use crate::exchange::report::MatchKey;

/// The position of `r`'s variant: a new variant does not compile until it is counted
/// here, and [`every`] is checked to hold each position once.
pub(crate) fn position(r: &Remark) -> usize {
    use Remark as R;
    match r {
        R::ReadAsEmpty { .. } => 0,
        R::PhoneAsNumber { .. } => 1,
        R::NameAroundAddress { .. } => 2,
        R::OtherValue { .. } => 3,
        R::MoreWarnings { .. } => 4,
        R::NameFrom { .. } => 5,
        R::NoNameNoContact => 6,
        R::NotAKind { .. } => 7,
        R::NotYesNoIgnored { .. } => 8,
        R::NotYesNoReadAsNo { .. } => 9,
        R::UnknownCountry { .. } => 10,
        R::NotANumber { .. } => 11,
        R::NotADate { .. } => 12,
        R::UnknownGroup { .. } => 13,
        R::NotATax { .. } => 14,
        R::Amount(_) => 15,
        R::SepaIncomplete => 16,
        R::CardVersion { .. } => 17,
        R::CardCountry { .. } => 18,
        R::TooManyCells { .. } => 19,
        R::NotValidIn { .. } => 20,
        R::MisreadUtf8 { .. } => 21,
        R::MoreProblems { .. } => 22,
        R::BeyondHeader { .. } => 23,
        R::ControlReplaced { .. } => 24,
        R::KeptInNote { .. } => 25,
        R::ReferencesOfTwo { .. } => 26,
        R::SameAsEarlierRow { .. } => 27,
        R::SharesContact { .. } => 28,
        R::IdentityConflict { .. } => 29,
        R::Utf8ForcedAs1252 => 30,
        R::ManagerColumns { .. } => 31,
        R::QuoteNeverClosed { .. } => 32,
        R::DeletedDuringImport { .. } => 33,
        R::RejectedMoved { .. } => 34,
        R::PresetGiven => 35,
        R::PresetFromHeader { .. } => 36,
        R::CardSkipped { .. } => 37,
        R::NotAProperty { .. } => 38,
        R::MoreCardWarnings { .. } => 39,
        R::CardValue { .. } => 40,
    }
}

/// How many kinds of remark there are.
pub(crate) const KINDS: usize = 41;

fn s(v: &str) -> String {
    v.to_string()
}

/// Each kind of remark with the English the importer wrote for it (more than one entry
/// for a kind whose sentence has optional parts).
pub(crate) fn every() -> Vec<(Remark, String)> {
    let mut v = Vec::new();
    v.extend(every_1());
    v.extend(every_2());
    v.extend(every_3());
    v.extend(every_4());
    v.extend(every_card());
    v
}

/// Part 1 of [`every`] (the same values in each part).
#[allow(unused_variables)]
fn every_1() -> Vec<(Remark, String)> {
    use Remark as R;
    let value = "n/a";
    let (name, address) = ("Anna Roux", "anna@example.org");
    let (field, v, kept, col) = ("first_name", "Anne", "Anna", "first_name");
    let (from, key) = ("e-mail", MatchKey::Email);
    let (prev, o) = ("c-1", "c-2");
    let (cells, max) = (1200, 1000);
    let (detail, beyond, more) = ("contains a control character", 3, 4);
    let (reference, origin) = (" barcode:123", ", created by line 4 of this file");
    let (stored, row) = ("Anna Roux, anna@example.org", "Jean Dupont");
    let guarded = ["Group", "Tax"];
    let first = guarded[0];
    let (open, line) = (3, 9);
    let id = "c-3";
    let dir = "/home/shop";
    let err = "permission denied";
    let (known, total) = (18, 20);
    vec![
        (
            R::ReadAsEmpty { value: s(value) },
            format!("`{value}` read as empty"),
        ),
        (
            R::PhoneAsNumber {
                value: s("3.36E+10"),
            },
            format!(
                "`{}` is a phone number a spreadsheet turned into a number \
                 (digits lost): format the column as text and export again",
                "3.36E+10"
            ),
        ),
        (
            R::NameAroundAddress {
                name: s(name),
                address: s(address),
            },
            format!("`{}` around the address: kept `{address}`", name),
        ),
        (
            R::OtherValue {
                field,
                value: s(v),
                kept: s(kept),
                column: s(col),
            },
            format!(
                "also gives a {} (`{}`): kept `{}` from column {}",
                field, v, kept, col
            ),
        ),
        (
            R::MoreWarnings { count: 2 },
            format!("and {} more warning(s) on this row", 2),
        ),
        (
            R::NameFrom {
                source: NameSource::Email,
                name: s("jean.dupont"),
            },
            format!(
                "no name: the {from} `{}` is used as last name",
                "jean.dupont"
            ),
        ),
        (
            R::NameFrom {
                source: NameSource::Phone,
                name: s("+33612345678"),
            },
            format!(
                "no name: the {} `{}` is used as last name",
                "phone", "+33612345678"
            ),
        ),
        (
            R::NoNameNoContact,
            s("no name, e-mail or phone: nothing to make a customer of"),
        ),
        (
            R::NotAKind { value: s("robot") },
            format!("`{}` is not person or entity: ignored", "robot"),
        ),
        (
            R::NotYesNoIgnored { value: s("maybe") },
            format!("`{}` is not yes or no: ignored", "maybe"),
        ),
        (
            R::NotYesNoReadAsNo { value: s("maybe") },
            format!("`{}` is not yes or no: read as no", "maybe"),
        ),
        (
            R::UnknownCountry { value: s("Narnia") },
            format!(
                "`{}` is not a country comptoir knows: write its ISO code (FR, BE, DE...)",
                "Narnia"
            ),
        ),
        (
            R::NotANumber { value: s("north") },
            format!("`{}` is not a number", "north"),
        ),
    ]
}

/// Part 2 of [`every`] (the same values in each part).
#[allow(unused_variables)]
fn every_2() -> Vec<(Remark, String)> {
    use Remark as R;
    let value = "n/a";
    let (name, address) = ("Anna Roux", "anna@example.org");
    let (field, v, kept, col) = ("first_name", "Anne", "Anna", "first_name");
    let (from, key) = ("e-mail", MatchKey::Email);
    let (prev, o) = ("c-1", "c-2");
    let (cells, max) = (1200, 1000);
    let (detail, beyond, more) = ("contains a control character", 3, 4);
    let (reference, origin) = (" barcode:123", ", created by line 4 of this file");
    let (stored, row) = ("Anna Roux, anna@example.org", "Jean Dupont");
    let guarded = ["Group", "Tax"];
    let first = guarded[0];
    let (open, line) = (3, 9);
    let id = "c-3";
    let dir = "/home/shop";
    let err = "permission denied";
    let (known, total) = (18, 20);
    vec![
        (
            R::NotADate { value: s("31/02") },
            format!("`{}` is not a date (YYYY-MM-DD)", "31/02"),
        ),
        (
            R::UnknownGroup { name: s("VIP Or") },
            format!(
                "no customer group named `{}`: left out (create it, or import with \
                 --create-groups)",
                "VIP Or"
            ),
        ),
        (
            R::NotATax { value: s("half") },
            format!("`{}` is not normal, exempt or a rate", "half"),
        ),
        (
            R::Amount(MoneyError::NotANumber(s("lots"))),
            s("`lots` is not an amount (expected e.g. 12.50)"),
        ),
        (
            R::Amount(MoneyError::TooPrecise(s("1.234"))),
            s("`1.234` has more than two decimals"),
        ),
        (
            R::SepaIncomplete,
            s("a SEPA mandate needs its IBAN, mandate reference and signing date"),
        ),
        (
            R::CardVersion { version: s("5.0") },
            format!("version `{}` is not 2.1, 3.0 or 4.0: read anyway", "5.0"),
        ),
        (
            R::CardCountry { value: s("Narnia") },
            format!("country `{}` not known: left out", "Narnia"),
        ),
        (
            R::TooManyCells { cells, max },
            format!(
                "{} cells, more than {max}: not a customer row (a delimiter or quote \
                 problem?)",
                cells
            ),
        ),
        (
            R::NotValidIn {
                charset: s("UTF-8"),
            },
            format!(
                "not valid {} (the file mixes encodings?): re-run with --encoding windows-1252 \
                 if the file was saved by an older spreadsheet",
                "UTF-8"
            ),
        ),
        (
            R::MisreadUtf8 { value: s("Ã©") },
            format!(
                "`{}` looks like UTF-8 read as windows-1252: drop --encoding",
                "Ã©"
            ),
        ),
        (
            R::MoreProblems { count: more },
            format!("and {more} more problem(s) on this row"),
        ),
        (
            R::BeyondHeader { count: beyond },
            format!("{beyond} cell(s) beyond the last column of the header: ignored"),
        ),
        (
            R::ControlReplaced {
                rule: "text.control",
                field: s("city"),
                detail: s(detail),
            },
            format!("{detail}: replaced by a space"),
        ),
        (
            R::KeptInNote {
                rule: "email.invalid",
                field: s("email"),
                detail: s(detail),
            },
            format!("{detail}: not stored, kept in the personal note"),
        ),
    ]
}

/// Part 3 of [`every`] (the same values in each part).
#[allow(unused_variables)]
fn every_3() -> Vec<(Remark, String)> {
    use Remark as R;
    let value = "n/a";
    let (name, address) = ("Anna Roux", "anna@example.org");
    let (field, v, kept, col) = ("first_name", "Anne", "Anna", "first_name");
    let (from, key) = ("e-mail", MatchKey::Email);
    let (prev, o) = ("c-1", "c-2");
    let (cells, max) = (1200, 1000);
    let (detail, beyond, more) = ("contains a control character", 3, 4);
    let (reference, origin) = (" barcode:123", ", created by line 4 of this file");
    let (stored, row) = ("Anna Roux, anna@example.org", "Jean Dupont");
    let guarded = ["Group", "Tax"];
    let first = guarded[0];
    let (open, line) = (3, 9);
    let id = "c-3";
    let dir = "/home/shop";
    let err = "permission denied";
    let (known, total) = (18, 20);
    vec![
        (
            R::ReferencesOfTwo {
                first: s(prev),
                second: s(o),
            },
            format!("its references belong to two different customers ({prev} and {o})"),
        ),
        (
            R::SameAsEarlierRow { key },
            format!("same customer as an earlier row of this file (matched on {key})"),
        ),
        (
            R::SharesContact {
                key: MatchKey::Phone,
                customer: s(id),
                name: s(name),
            },
            format!(
                "shares its {} with customer {} ({}) but has another name: created as a \
                 new customer (merge them if they are one person)",
                MatchKey::Phone,
                id,
                name
            ),
        ),
        (
            R::IdentityConflict {
                reference: Some(s("barcode:123")),
                customer: s(id),
                stored: Some(s(stored)),
                created_by_line: Some(4),
                row: Some(s(row)),
            },
            format!(
                "identity conflict: reference{reference} belongs to customer {} ({}{origin}), but \
                 this row ({}) has no name, e-mail or phone in common with them: refused, not \
                 merged (correct the reference or the row and import it again)",
                id, stored, row
            ),
        ),
        (
            R::IdentityConflict {
                reference: None,
                customer: s(id),
                stored: None,
                created_by_line: None,
                row: None,
            },
            format!(
                "identity conflict: reference{} belongs to customer {} ({}{}), but \
                 this row ({}) has no name, e-mail or phone in common with them: refused, not \
                 merged (correct the reference or the row and import it again)",
                "", id, "no name", "", "no name"
            ),
        ),
        (
            R::Utf8ForcedAs1252,
            s("the file looks like UTF-8 but --encoding says windows-1252: rows whose text \
                 reads as mangled UTF-8 are refused"),
        ),
        (
            R::ManagerColumns {
                columns: guarded.join(", "),
                first: s(first),
            },
            format!(
                "column(s) {} set a customer's group, tax or credit limit: a manager's act, give the \
                 manager PIN (COMPTOIR_MANAGER_PIN or --pin-stdin), or leave them out with \
                 --map \"{first}=ignore\"",
                guarded.join(", ")
            ),
        ),
        (
            R::QuoteNeverClosed { open, line },
            format!(
                "a quote opened at line {open} is never closed: the row at line {line} runs to the \
                 end of the file (check that row and the lines after it)"
            ),
        ),
    ]
}

/// Part 4 of [`every`] (the same values in each part).
#[allow(unused_variables)]
fn every_4() -> Vec<(Remark, String)> {
    use Remark as R;
    let value = "n/a";
    let (name, address) = ("Anna Roux", "anna@example.org");
    let (field, v, kept, col) = ("first_name", "Anne", "Anna", "first_name");
    let (from, key) = ("e-mail", MatchKey::Email);
    let (prev, o) = ("c-1", "c-2");
    let (cells, max) = (1200, 1000);
    let (detail, beyond, more) = ("contains a control character", 3, 4);
    let (reference, origin) = (" barcode:123", ", created by line 4 of this file");
    let (stored, row) = ("Anna Roux, anna@example.org", "Jean Dupont");
    let guarded = ["Group", "Tax"];
    let first = guarded[0];
    let (open, line) = (3, 9);
    let id = "c-3";
    let dir = "/home/shop";
    let err = "permission denied";
    let (known, total) = (18, 20);
    vec![
        (
            R::DeletedDuringImport { customer: s(id) },
            format!(
                "customer {id} was deleted or anonymised at the register during \
                 the import: the rows matching it were not written"
            ),
        ),
        (
            R::RejectedMoved {
                dir: s(dir),
                error: s(err),
            },
            format!(
                "the refused rows cannot be written in {} ({err}): they are in the data folder",
                dir
            ),
        ),
        (R::PresetGiven, s("(given)")),
        (
            R::PresetFromHeader { known, total },
            format!(
                "(chosen from the header: {known} of {} columns known)",
                total
            ),
        ),
    ]
}

/// The vCard reader's remarks, with the English it wrote before they were data.
fn every_card() -> Vec<(Remark, String)> {
    use super::{CardFault, ValueNote};
    use Remark as R;
    let skipped = |fault: CardFault| R::CardSkipped { fault };
    vec![
        (
            skipped(CardFault::NoEnd { next: 9 }),
            s("malformed card skipped: no END:VCARD before the next card at line 9"),
        ),
        (
            skipped(CardFault::EndOfFile),
            s("malformed card skipped: the file ends before END:VCARD"),
        ),
        (
            skipped(CardFault::LineTooLong { line: 3, kib: 64 }),
            s("malformed card skipped: line 3 is longer than 64 KiB"),
        ),
        (
            skipped(CardFault::TooManyProperties { max: 500, line: 7 }),
            s("malformed card skipped: more than 500 properties (line 7)"),
        ),
        (
            R::NotAProperty { line: 2 },
            s("line 2 is not a property: skipped"),
        ),
        (
            R::MoreCardWarnings { count: 980 },
            s("and 980 more warning(s) on this card"),
        ),
        (
            R::CardValue {
                notes: vec![
                    ValueNote::BrokenQuotedPrintable { bad: s("=G1") },
                    ValueNote::NotInCharset {
                        charset: s("UTF-8"),
                        utf8: false,
                    },
                ],
                line: 4,
            },
            s(
                "broken quoted-printable sequence `=G1` kept as written; text not valid in its \
               charset UTF-8: read as windows-1252 (line 4)",
            ),
        ),
        (
            R::CardValue {
                notes: vec![
                    ValueNote::UnknownCharset {
                        label: s("X-MADE-UP"),
                        utf8: true,
                    },
                    ValueNote::Base64,
                ],
                line: 5,
            },
            s("unknown charset `X-MADE-UP`: read as UTF-8; base64 value not read (line 5)"),
        ),
        (
            R::CardValue {
                notes: vec![ValueNote::NoCharset21],
                line: 6,
            },
            s("no CHARSET and not UTF-8: read as windows-1252 (line 6)"),
        ),
        (
            R::CardValue {
                notes: vec![ValueNote::NotUtf8],
                line: 6,
            },
            s("not valid UTF-8 (vCard 3.0 and 4.0 are UTF-8): read as windows-1252 (line 6)"),
        ),
    ]
}

#[test]
fn every_kind_is_listed() {
    let mut seen = [false; KINDS];
    for (r, _) in every() {
        seen[position(&r)] = true;
    }
    let missing: Vec<usize> = (0..KINDS).filter(|i| !seen[*i]).collect();
    assert!(missing.is_empty(), "kinds without an example: {missing:?}");
}

#[test]
fn the_english_is_the_importers_text_unchanged() {
    for (r, english) in every() {
        assert_eq!(r.english(), english, "{r:?}");
    }
}
