//! From a [`Draft`] to a `CustomerData` for `validate`: names, kind, contacts, address
//! here; notes, group, consents, references, SEPA, tax and account in `terms.rs`.
//!
//! Decisions:
//! - a row with no first, last or company name but an e-mail gets the e-mail's local part
//!   as last name (`jean.dupont` for `jean.dupont@example.fr`), else its phone as typed,
//!   with a warning; such a derived name never replaces a stored one on re-import; a row
//!   with no name, e-mail or phone is refused;
//! - a company name without a person name makes a legal entity; an explicit kind
//!   (`kind`, Odoo's "Is a Company") wins, and an entity named only by a whole `name`
//!   takes it as company name;
//! - the first e-mail is the main one, the others go to the personal note; the first
//!   phone is the main one, the second `phone2` (unless a `phone2` column is given), the
//!   others go to the note;
//! - a country that is neither an ISO code nor a known name refuses the row (its phones
//!   would be read with the wrong country); an unknown group is left out with a warning
//!   (groups carry discounts and are created by a manager, never by an import); tags that
//!   name no group go to the note.

use std::collections::HashMap;

use super::{clip, yes_no, Cell, Draft};
use crate::domain::customer::{CustomerData, CustomerKind, GeoPoint};
use crate::exchange::country;
use crate::exchange::field::Field;
use crate::exchange::remark::{NameSource, Remark};
use crate::exchange::report::Issue;

mod terms;

/// Which of the fields that always have a value (flags, kind, tax) the row gave, so an
/// update replaces only those.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Provided {
    pub kind: bool,
    pub receipt_by_email: bool,
    pub receipt_by_sms: bool,
    pub marketing_email: bool,
    pub marketing_sms: bool,
    pub tax: bool,
}

/// A row ready for validation.
#[derive(Debug, Clone)]
pub struct Built {
    pub data: CustomerData,
    pub provided: Provided,
    /// The name was made up from the e-mail or phone.
    pub name_derived: bool,
    /// Validation field (`phone`, `address.country`, `sepa`...) -> the column it came from.
    pub sources: HashMap<&'static str, String>,
}

/// What [`Draft::build`] made of a row.
#[derive(Debug)]
pub struct Outcome {
    /// `None` when the row is refused.
    pub built: Option<Built>,
    /// The group the row names that the shop does not have.
    pub unknown_group: Option<String>,
    pub warnings: Vec<Issue>,
    pub refusals: Vec<Issue>,
}

/// Existing group names, by lower-case name.
pub type Groups = HashMap<String, String>;

impl Draft {
    /// Turns the row into customer data; see the module doc for the rules.
    pub fn build(mut self, groups: &Groups) -> Outcome {
        let mut b = Built {
            data: CustomerData::default(),
            provided: Provided::default(),
            name_derived: false,
            sources: HashMap::new(),
        };
        self.names(&mut b);
        self.contacts(&mut b);
        self.address(&mut b);
        self.notes_and_group(&mut b, groups);
        self.preferences(&mut b);
        self.money_and_mandate(&mut b);
        if !self.refusals.is_empty() {
            return Outcome {
                built: None,
                unknown_group: self.unknown_group.take(),
                warnings: self.take_warnings(),
                refusals: self.refusals,
            };
        }
        let d = &mut b.data;
        let has_name = d.first_name.is_some() || d.last_name.is_some() || d.company_name.is_some();
        if !has_name {
            if d.kind == CustomerKind::Entity {
                d.kind = CustomerKind::Person;
            }
            let derived = match (&d.email, &d.phone) {
                (Some(e), _) => Some((
                    e.split('@').next().unwrap_or(e).to_string(),
                    NameSource::Email,
                )),
                (None, Some(p)) => Some((p.clone(), NameSource::Phone)),
                _ => None,
            };
            match derived {
                Some((name, source)) => {
                    let key = match source {
                        NameSource::Email => "email",
                        NameSource::Phone => "phone",
                    };
                    self.warnings.push(Issue::of(
                        b.sources.get(key).map(String::as_str),
                        Remark::NameFrom {
                            source,
                            name: clip(&name),
                        },
                    ));
                    d.last_name = Some(name);
                    b.name_derived = true;
                }
                None => self.refusals.push(Issue::of(None, Remark::NoNameNoContact)),
            }
        }
        let extra = std::mem::take(&mut self.extra_notes);
        if !extra.is_empty() {
            let mut note = b.data.personal_note.take().unwrap_or_default();
            for line in extra {
                if !note.is_empty() {
                    note.push('\n');
                }
                note.push_str(&line);
            }
            b.data.personal_note = Some(note);
        }
        Outcome {
            built: self.refusals.is_empty().then_some(b),
            unknown_group: self.unknown_group.take(),
            warnings: self.take_warnings(),
            refusals: self.refusals,
        }
    }

    /// Takes the first value of `field` into `slot`, recording its column under `key`.
    fn take(&mut self, b: &mut Built, field: Field, key: &'static str) -> Option<String> {
        let c = self.first(field)?;
        b.sources.entry(key).or_insert(c.column);
        Some(c.value)
    }

    fn names(&mut self, b: &mut Built) {
        b.data.title = self.take(b, Field::Title, "title").map(|t| title(&t));
        b.data.first_name = self.take(b, Field::FirstName, "first_name");
        b.data.last_name = self.take(b, Field::LastName, "last_name");
        b.data.company_name = self.take(b, Field::CompanyName, "company_name");
        let full = self.first(Field::FullName);
        let mut explicit = None;
        if let Some(c) = self.first(Field::Kind) {
            match c.value.to_lowercase().as_str() {
                "person" | "individual" | "private" => explicit = Some(CustomerKind::Person),
                "entity" | "company" | "org" | "organization" | "organisation" | "business" => {
                    explicit = Some(CustomerKind::Entity)
                }
                _ => self.warn(
                    &c.column,
                    Remark::NotAKind {
                        value: clip(&c.value),
                    },
                ),
            }
        }
        if let Some(c) = self.first(Field::IsCompany) {
            match yes_no(&c.value) {
                Some(Some(true)) => explicit = Some(CustomerKind::Entity),
                Some(Some(false)) => explicit = explicit.or(Some(CustomerKind::Person)),
                Some(None) => {}
                None => self.warn(
                    &c.column,
                    Remark::NotYesNoIgnored {
                        value: clip(&c.value),
                    },
                ),
            }
        }
        let d = &mut b.data;
        if let Some(full) = full {
            let person_named = d.first_name.is_some() || d.last_name.is_some();
            if explicit == Some(CustomerKind::Entity) && d.company_name.is_none() {
                b.sources.insert("company_name", full.column);
                d.company_name = Some(full.value);
            } else if !person_named {
                let (first, last) = split_name(&full.value);
                d.first_name = first;
                d.last_name = Some(last);
                b.sources.insert("first_name", full.column.clone());
                b.sources.insert("last_name", full.column);
            }
        }
        let person_named = d.first_name.is_some() || d.last_name.is_some();
        b.provided.kind = explicit.is_some();
        d.kind = match explicit {
            Some(k) => k,
            None if !person_named && d.company_name.is_some() => CustomerKind::Entity,
            None => CustomerKind::Person,
        };
        if d.kind == CustomerKind::Entity && d.company_name.is_none() {
            // "entity" said, but no company name: a person it is.
            d.kind = CustomerKind::Person;
        }
    }

    fn contacts(&mut self, b: &mut Built) {
        let emails: Vec<Cell> = self.all(Field::Email).to_vec();
        if let Some((first, rest)) = emails.split_first() {
            b.sources.insert("email", first.column.clone());
            b.data.email = Some(first.value.clone());
            let others: Vec<&str> = rest
                .iter()
                .map(|c| c.value.as_str())
                .filter(|v| *v != first.value)
                .collect();
            if !others.is_empty() {
                self.extra_notes
                    .push(format!("Other e-mails: {}", others.join(", ")));
            }
        }
        let mut phones: Vec<Cell> = Vec::new();
        for c in self.all(Field::Phone) {
            if !phones.iter().any(|p| p.value == c.value) {
                phones.push(c.clone());
            }
        }
        let explicit2 = self.take(b, Field::Phone2, "phone2");
        let mut it = phones.into_iter();
        if let Some(c) = it.next() {
            b.sources.insert("phone", c.column);
            b.data.phone = Some(c.value);
        }
        b.data.phone2 = match explicit2 {
            Some(p) => Some(p),
            None => it.next().map(|c| {
                b.sources.insert("phone2", c.column);
                c.value
            }),
        };
        let rest: Vec<String> = it.map(|c| c.value).collect();
        if !rest.is_empty() {
            self.extra_notes
                .push(format!("Other phones: {}", rest.join(", ")));
        }
    }

    fn address(&mut self, b: &mut Built) {
        b.data.address.line1 = self.take(b, Field::Line1, "address.line1");
        b.data.address.line2 = self.take(b, Field::Line2, "address.line2");
        b.data.address.postal_code = self.take(b, Field::PostalCode, "address.postal_code");
        b.data.address.city = self.take(b, Field::City, "address.city");
        b.data.vat_number = self.take(b, Field::VatNumber, "vat_number");
        b.data.company_number = self.take(b, Field::CompanyNumber, "company_number");
        b.data.id_document = self.take(b, Field::IdDocument, "id_document");
        let countries: Vec<Cell> = self.all(Field::Country).to_vec();
        let mut unknown = None;
        for c in &countries {
            match country::code(&c.value) {
                Some(code) => {
                    b.sources.insert("address.country", c.column.clone());
                    b.data.address.country = Some(code);
                    unknown = None;
                    break;
                }
                None => unknown = unknown.or(Some(c.clone())),
            }
        }
        if let Some(c) = unknown {
            self.refuse(
                &c.column,
                Remark::UnknownCountry {
                    value: clip(&c.value),
                },
            );
        }
        let lat = self.number(Field::Lat);
        let lon = self.number(Field::Lon);
        if let (Some(lat), Some(lon)) = (lat, lon) {
            b.data.position = Some(GeoPoint { lat, lon });
        }
    }
}

/// "Jean-Pierre Dupont" -> (Some("Jean-Pierre"), "Dupont"); one word is a last name.
fn split_name(full: &str) -> (Option<String>, String) {
    let full = full.trim();
    match full.rsplit_once(char::is_whitespace) {
        Some((first, last)) if !first.trim().is_empty() => {
            (Some(first.trim().to_string()), last.to_string())
        }
        _ => (None, full.to_string()),
    }
}

/// PrestaShop writes titles as ids (1 = Mr, 2 = Mrs); other text is kept.
fn title(t: &str) -> String {
    match t {
        "1" => "Mr".into(),
        "2" => "Mrs".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests;
