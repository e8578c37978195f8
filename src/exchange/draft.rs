//! One imported row before validation: raw values assigned to customer fields, each with
//! the column (or vCard property) it came from, so a refusal can name where to look.
//!
//! [`Draft::set`] takes one cell: it trims it, removes the `'` an export put before a
//! formula character, reads placeholders ("-", "n/a", "null") as empty with a warning and
//! keeps the value for [`Draft::build`] (in `draft/build.rs`), which turns the whole row
//! into a `CustomerData` ready for the domain's `validate`.

mod build;

use std::collections::HashMap;

pub use build::{Built, Groups, Outcome, Provided};

use super::field::Field;
use super::remark::Remark;
use super::report::Issue;

/// Values read as "empty" with a warning: what spreadsheets and exports put in blank
/// cells. Compared case-insensitively.
const PLACEHOLDERS: [&str; 9] = ["-", "--", "—", "–", "n/a", "#n/a", "null", "(null)", "none"];

/// One value and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub value: String,
    pub column: String,
}

/// A row being read: every value per field, in column order.
#[derive(Debug, Default)]
pub struct Draft {
    values: HashMap<Field, Vec<Cell>>,
    /// Fixable oddities found while reading cells.
    pub warnings: Vec<Issue>,
    /// Reasons the row cannot be stored, found while reading cells.
    pub refusals: Vec<Issue>,
    /// Lines added to the personal note (other e-mails, phones, addresses...).
    pub extra_notes: Vec<String>,
    /// Warnings not kept once [`MAX_ROW_WARNINGS`] were (counted in one last warning).
    dropped_warnings: usize,
    /// The group the row names that the shop does not have (the report lists them).
    pub unknown_group: Option<String>,
}

/// Warnings kept per row: a hostile row cannot fill the report (or memory) with one
/// warning per cell.
pub const MAX_ROW_WARNINGS: usize = 20;

impl Draft {
    pub fn new() -> Draft {
        Draft::default()
    }

    /// Takes the text of one cell for `field`.
    pub fn set(&mut self, field: Field, column: &str, raw: &str) {
        if field == Field::Ignore {
            return;
        }
        // Cells with line breaks: CRLF or CR (Windows, old Macs) become LF.
        let unified;
        let raw = if raw.contains('\r') {
            unified = raw.replace("\r\n", "\n").replace('\r', "\n");
            unified.as_str()
        } else {
            raw
        };
        let value = super::unneutralise(raw.trim()).trim();
        if value.is_empty() {
            return;
        }
        if PLACEHOLDERS.iter().any(|p| p.eq_ignore_ascii_case(value))
            || (matches!(field, Field::Phone | Field::Phone2) && value == "0")
        {
            self.warn(
                column,
                Remark::ReadAsEmpty {
                    value: value.to_string(),
                },
            );
            return;
        }
        if matches!(field, Field::Phone | Field::Phone2) && looks_scientific(value) {
            self.refuse(
                column,
                Remark::PhoneAsNumber {
                    value: value.to_string(),
                },
            );
            return;
        }
        let value = if field == Field::Email {
            match bare_email(value) {
                Some((address, name)) => {
                    if let Some(name) = name {
                        self.warn(
                            column,
                            Remark::NameAroundAddress {
                                name: clip(name),
                                address: address.to_string(),
                            },
                        );
                    }
                    address
                }
                None => value,
            }
        } else {
            value
        };
        self.values.entry(field).or_default().push(Cell {
            value: value.to_string(),
            column: column.to_string(),
        });
    }

    /// Every value given for `field`, in column order.
    pub fn all(&self, field: Field) -> &[Cell] {
        self.values.get(&field).map_or(&[], Vec::as_slice)
    }

    /// The first value given for `field`; warns when another column disagrees.
    pub fn first(&mut self, field: Field) -> Option<Cell> {
        let cells = self.values.get(&field)?;
        let first = cells.first()?.clone();
        let clash = cells
            .iter()
            .skip(1)
            .find(|c| c.value != first.value)
            .cloned();
        if let Some(c) = clash {
            self.warn(
                &c.column,
                Remark::OtherValue {
                    field: field.name(),
                    value: clip(&c.value),
                    kept: clip(&first.value),
                    column: first.column.clone(),
                },
            );
        }
        Some(first)
    }

    pub fn warn(&mut self, column: &str, remark: Remark) {
        if self.warnings.len() < MAX_ROW_WARNINGS {
            self.warnings.push(Issue::of(Some(column), remark));
        } else {
            self.dropped_warnings += 1;
        }
    }

    /// The row's warnings, with the count of those not kept.
    fn take_warnings(&mut self) -> Vec<Issue> {
        let mut w = std::mem::take(&mut self.warnings);
        if self.dropped_warnings > 0 {
            w.push(Issue::of(
                None,
                Remark::MoreWarnings {
                    count: self.dropped_warnings,
                },
            ));
            self.dropped_warnings = 0;
        }
        w
    }

    pub fn refuse(&mut self, column: &str, remark: Remark) {
        self.refusals.push(Issue::of(Some(column), remark));
    }

    /// Whether no cell at all was taken.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty() && self.refusals.is_empty()
    }
}

/// "3.36123E+10": what Excel shows for a long number.
fn looks_scientific(v: &str) -> bool {
    let Some((mantissa, exp)) = v.split_once(['e', 'E']) else {
        return false;
    };
    let exp = exp.strip_prefix('+').unwrap_or(exp);
    !mantissa.is_empty()
        && mantissa
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        && !exp.is_empty()
        && exp.chars().all(|c| c.is_ascii_digit())
}

/// A value shortened for a message.
/// The address of an e-mail written with a display name or as a link: `"Anna Roux"
/// <anna@example.org>`, `Anna Roux <anna@example.org>`, `<anna@example.org>`,
/// `mailto:anna@example.org`; with the display name, when there was one. `None` when the
/// value is none of these (it is then validated as it is).
pub fn bare_email(v: &str) -> Option<(&str, Option<&str>)> {
    let v = v.trim();
    if let Some(rest) = v.get(..7).filter(|p| p.eq_ignore_ascii_case("mailto:")) {
        let address = v.get(rest.len()..)?.trim();
        return Some((address.split('?').next().unwrap_or(address), None));
    }
    let inner = v.strip_suffix('>')?;
    let open = inner.rfind('<')?;
    let address = inner.get(open + 1..)?.trim();
    if !address.contains('@') {
        return None;
    }
    let name = inner
        .get(..open)?
        .trim()
        .trim_matches(|c| c == '"' || c == '\'')
        .trim();
    Some((address, (!name.is_empty()).then_some(name)))
}

pub fn clip(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s.to_string()
    }
}

/// A yes/no cell: `Some(Some(true))`, `Some(Some(false))`, `Some(None)` for "unknown";
/// `None` when the text is not an answer at all.
pub fn yes_no(v: &str) -> Option<Option<bool>> {
    let l = v.trim().to_lowercase();
    const YES: [&str; 17] = [
        "yes",
        "y",
        "true",
        "1",
        "x",
        "oui",
        "o",
        "ja",
        "j",
        "si",
        "sí",
        "subscribed",
        "opted in",
        "opt-in",
        "granted",
        "accepted",
        "on",
    ];
    const NO: [&str; 14] = [
        "no",
        "n",
        "false",
        "0",
        "non",
        "nein",
        "nee",
        "unsubscribed",
        "not subscribed",
        "opted out",
        "opt-out",
        "off",
        "never subscribed",
        "declined",
    ];
    const UNKNOWN: [&str; 4] = ["unknown", "pending", "not set", "?"];
    if YES.contains(&l.as_str()) {
        Some(Some(true))
    } else if NO.contains(&l.as_str()) {
        Some(Some(false))
    } else if UNKNOWN.contains(&l.as_str()) {
        Some(None)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_with_a_display_name_or_as_links_give_their_address() {
        let cases = [
            (
                "\"Anna Roux\" <anna.roux@example.org>",
                Some(("anna.roux@example.org", Some("Anna Roux"))),
            ),
            ("Roux, Anna <a@x.fr>", Some(("a@x.fr", Some("Roux, Anna")))),
            ("<a@x.fr>", Some(("a@x.fr", None))),
            ("MAILTO:a@x.fr?subject=hi", Some(("a@x.fr", None))),
            ("a@x.fr", None),
            ("not <an address>", None),
        ];
        for (raw, expected) in cases {
            assert_eq!(bare_email(raw), expected, "{raw}");
        }
    }

    #[test]
    fn cells_are_cleaned() {
        let mut d = Draft::new();
        d.set(Field::Phone, "Phone", " '+33612345678 ");
        d.set(Field::Email, "Email", "n/a");
        d.set(Field::Phone, "Mobile", "3.36123E+10");
        d.set(Field::LastName, "Name", "   ");
        assert_eq!(d.all(Field::Phone)[0].value, "+33612345678");
        assert!(d.all(Field::Email).is_empty());
        assert_eq!(d.warnings.len(), 1);
        assert_eq!(d.refusals.len(), 1);
        assert!(d.refusals[0].message.contains("as text"));
    }

    #[test]
    fn first_value_wins_with_a_warning() {
        let mut d = Draft::new();
        d.set(Field::FirstName, "first_name", "Anna");
        d.set(Field::FirstName, "billing_first_name", "Anne");
        assert_eq!(d.first(Field::FirstName).unwrap().value, "Anna");
        assert!(d.warnings[0].message.contains("Anne"));
    }

    #[test]
    fn yes_no_words() {
        assert_eq!(yes_no("Subscribed"), Some(Some(true)));
        assert_eq!(yes_no("NON"), Some(Some(false)));
        assert_eq!(yes_no("Unknown"), Some(None));
        assert!(yes_no("perhaps").is_none());
    }
}
