//! Keeps an imported customer whose secondary values are bad: what is valid is stored,
//! each bad value goes to the personal note as read ("imported, not valid: TEL 06 12
//! 34 56") with a warning naming its column, and the row is refused only when nothing
//! valid identifies a customer.
//!
//! Invariants:
//! - a value that breaks a rule is never stored in its field: it is dropped (and noted),
//!   or, for control characters in text, replaced by spaces (a tab in a name is a typo,
//!   not a reason to lose the name); a line break in a one-line field still refuses the
//!   row (a quote never closed swallowed the rows after it);
//! - a row keeps its customer only when the data left passes `validate` whole and still
//!   holds a name that came from the file (or from a valid e-mail or phone), an e-mail, a
//!   phone or a reference; otherwise the original refusals stand;
//! - the note lines are plain text: control characters replaced, each value clipped, the
//!   note kept within the note's length limit.

use std::collections::HashMap;

use super::remark::Remark;
use super::report::Issue;
use crate::domain::customer::{CustomerData, FieldError, TaxPreference, ValidationContext};

/// The longest bad value copied into the note.
const NOTED_CHARS: usize = 80;
/// The note's own limit (the domain's): lines that would pass it are left out.
const NOTE_LIMIT: usize = 4000;

/// What [`keep_valid`] made of a row that failed validation.
pub struct Kept {
    pub data: CustomerData,
    pub warnings: Vec<Issue>,
}

/// Drops (or cleans) the fields `errors` name from `data` (the row before validation),
/// notes them, and validates again. `None` when the row cannot be kept: a name is
/// required and missing, the name was made up from a dropped contact, or nothing
/// identifies the customer any more.
pub fn keep_valid(
    mut data: CustomerData,
    errors: &[FieldError],
    sources: &HashMap<&'static str, String>,
    name_derived: bool,
    ctx: &ValidationContext,
) -> Option<Kept> {
    if errors.iter().any(|e| e.rule == "name.required") {
        return None;
    }
    let mut warnings = Vec::new();
    let mut noted = Vec::new();
    let mut dropped_refs = Vec::new();
    for e in errors {
        let column = column_of(&e.field, sources);
        let detail = e.detail.trim_end_matches('.');
        if e.rule == "text.control" {
            if has_line_break(&data, &e.field) {
                return None; // rows swallowed by a quote never closed: not a typo
            }
            if clean_text(&mut data, &e.field) {
                warnings.push(Issue::of(
                    Some(&column),
                    Remark::ControlReplaced {
                        rule: e.rule,
                        field: e.field.clone(),
                        detail: detail.to_string(),
                    },
                ));
                continue;
            }
        }
        let Some(raw) = drop_field(&mut data, &e.field, &mut dropped_refs) else {
            return None; // a rule on something that cannot be dropped alone
        };
        warnings.push(Issue::of(
            Some(&column),
            Remark::KeptInNote {
                rule: e.rule,
                field: e.field.clone(),
                detail: detail.to_string(),
            },
        ));
        noted.push(format!("{column} {}", plain(&raw)));
    }
    dropped_refs.sort_unstable();
    dropped_refs.dedup();
    for i in dropped_refs.into_iter().rev() {
        if i < data.references.len() {
            data.references.remove(i);
        }
    }
    if name_derived && (data.email.is_none() && data.phone.is_none()) {
        return None; // the made-up name came from a contact that was not valid
    }
    let note_line = format!("imported, not valid: {}", noted.join("; "));
    if !noted.is_empty() {
        let mut note = data.personal_note.take().unwrap_or_default();
        if note.chars().count() + note_line.chars().count() < NOTE_LIMIT {
            if !note.trim().is_empty() {
                note.push('\n');
            }
            note.push_str(&note_line);
        }
        data.personal_note = Some(note);
    }
    let data = data.validate(ctx).ok()?;
    let identified = data.email.is_some()
        || data.phone.is_some()
        || !data.references.is_empty()
        || (!name_derived
            && (data.first_name.is_some()
                || data.last_name.is_some()
                || data.company_name.is_some()));
    identified.then_some(Kept { data, warnings })
}

/// The column a field's value came from, else the field's name.
fn column_of(field: &str, sources: &HashMap<&'static str, String>) -> String {
    let base = field.split('[').next().unwrap_or(field);
    sources
        .get(field)
        .or_else(|| sources.get(base))
        .or_else(|| sources.get(base.split('.').next().unwrap_or(base)))
        .cloned()
        .unwrap_or_else(|| field.to_string())
}

/// Text with its control characters made spaces, clipped for the note.
fn plain(raw: &str) -> String {
    let text: String = raw
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let text = text.trim();
    if text.chars().count() > NOTED_CHARS {
        format!("{}…", text.chars().take(NOTED_CHARS).collect::<String>())
    } else {
        text.to_string()
    }
}

/// Replaces the control characters of a text field by spaces (line breaks and tabs kept
/// in notes); false for a field that is not free text.
fn clean_text(d: &mut CustomerData, field: &str) -> bool {
    let multiline = matches!(field, "personal_note" | "public_note");
    let slot = match field {
        "title" => &mut d.title,
        "first_name" => &mut d.first_name,
        "last_name" => &mut d.last_name,
        "company_name" => &mut d.company_name,
        "id_document" => &mut d.id_document,
        "address.line1" => &mut d.address.line1,
        "address.line2" => &mut d.address.line2,
        "address.city" => &mut d.address.city,
        "personal_note" => &mut d.personal_note,
        "public_note" => &mut d.public_note,
        _ => return false,
    };
    if let Some(v) = slot.as_mut() {
        *v = v
            .chars()
            .map(|c| {
                let kept = multiline && (c == '\n' || c == '\t');
                if c.is_control() && !kept {
                    ' '
                } else {
                    c
                }
            })
            .collect();
    }
    true
}

/// A line break in a one-line field: the mark of a quote that swallowed the next rows.
fn has_line_break(d: &CustomerData, field: &str) -> bool {
    let v = match field {
        "first_name" => &d.first_name,
        "last_name" => &d.last_name,
        "company_name" => &d.company_name,
        "title" => &d.title,
        "email" => &d.email,
        "address.line1" => &d.address.line1,
        "address.city" => &d.address.city,
        _ => return false,
    };
    v.as_deref().is_some_and(|v| v.contains(['\n', '\r']))
}

/// Empties the field a rule failed on and returns its value as read; references are
/// only marked (their indexes refer to the list as given). `None` for a field that
/// cannot be dropped alone.
fn drop_field(d: &mut CustomerData, field: &str, refs: &mut Vec<usize>) -> Option<String> {
    let text = |slot: &mut Option<String>| Some(slot.take().unwrap_or_default());
    match field {
        "title" => text(&mut d.title),
        "first_name" => text(&mut d.first_name),
        "last_name" => text(&mut d.last_name),
        "company_name" => text(&mut d.company_name),
        "email" => text(&mut d.email),
        "phone" => text(&mut d.phone),
        "phone2" => text(&mut d.phone2),
        "vat_number" => text(&mut d.vat_number),
        "company_number" => text(&mut d.company_number),
        "id_document" => text(&mut d.id_document),
        "address.line1" => text(&mut d.address.line1),
        "address.line2" => text(&mut d.address.line2),
        "address.postal_code" => text(&mut d.address.postal_code),
        "address.city" => text(&mut d.address.city),
        "address.country" => text(&mut d.address.country),
        "group" => text(&mut d.group),
        "personal_note" => text(&mut d.personal_note),
        "public_note" => text(&mut d.public_note),
        "position" => d
            .position
            .take()
            .map(|p| format!("{} {}", p.lat, p.lon))
            .or(Some(String::new())),
        "preferences.marketing_email" => {
            let c = std::mem::take(&mut d.preferences.marketing_email);
            Some(format!("consent since {}", date(c.since)))
        }
        "preferences.marketing_sms" => {
            let c = std::mem::take(&mut d.preferences.marketing_sms);
            Some(format!("SMS consent since {}", date(c.since)))
        }
        "account.credit_limit" => d.account.take().map(|a| a.credit_limit.to_string()),
        "tax.rate" => {
            let was = std::mem::take(&mut d.tax);
            Some(match was {
                TaxPreference::Rate(r) => r.as_decimal().to_string(),
                _ => String::new(),
            })
        }
        f if f.starts_with("sepa.") => d.sepa.take().map(|m| {
            format!(
                "IBAN {} BIC {} mandate {}",
                m.iban,
                m.bic.unwrap_or_default(),
                m.mandate_ref
            )
        }),
        f if f.starts_with("references[") => {
            let i: usize = f
                .trim_start_matches("references[")
                .split(']')
                .next()?
                .parse()
                .ok()?;
            refs.push(i);
            d.references.get(i).map(|r| r.code.clone())
        }
        _ => None,
    }
}

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests;
