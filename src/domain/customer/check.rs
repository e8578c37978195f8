//! Validation and normalisation of customer data.
//!
//! `validate` takes what a person or program typed and returns the normalised data to
//! store, or every broken rule at once, each naming its field (`phone`, `sepa.iban`,
//! `references[1].code`...). Invariants of the result: strings are trimmed and never empty
//! (`None` instead), single-line fields hold no control characters, phones are E.164,
//! IBAN/VAT are compact upper case, the country is an upper-case alpha-2 code, a known
//! postal code fills a missing city (when it names exactly one) and a missing position.

use std::collections::HashSet;
use std::fmt;

use chrono::NaiveDate;

use super::{CustomerData, CustomerKind, ReferenceKind, TaxPreference};
use crate::domain::{postal, validate};

/// What validation needs to know about its surroundings.
#[derive(Debug, Clone)]
pub struct ValidationContext {
    /// The shop's country, used when the customer has none (phones, company numbers).
    pub default_country: String,
    /// Today, for consent dates given without one.
    pub today: NaiveDate,
}

/// One broken rule on one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub rule: &'static str,
    pub detail: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} ({})", self.field, self.detail, self.rule)
    }
}

/// Every broken rule of one customer; never empty.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ValidationErrors(pub Vec<FieldError>);

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        write!(f, "{}", lines.join("; "))
    }
}

const MAX_FIELD: usize = 200;
const MAX_NOTE: usize = 4000;

struct Checker {
    errors: Vec<FieldError>,
}

impl Checker {
    fn fail(&mut self, field: &str, rule: &'static str, detail: impl Into<String>) {
        self.errors.push(FieldError {
            field: field.to_string(),
            rule,
            detail: detail.into(),
        });
    }

    /// Trims a free-text field, refusing control characters (newlines allowed in notes).
    fn text(&mut self, field: &str, value: Option<String>, multiline: bool) -> Option<String> {
        let v = value?;
        let v = v.trim();
        if v.is_empty() {
            return None;
        }
        let max = if multiline { MAX_NOTE } else { MAX_FIELD };
        if v.chars().count() > max {
            self.fail(
                field,
                "text.length",
                format!("is longer than {max} characters"),
            );
            return None;
        }
        let bad = |c: char| c.is_control() && !(multiline && (c == '\n' || c == '\t'));
        if v.chars().any(bad) {
            self.fail(
                field,
                "text.control",
                "contains a control character (escape, tab or line break)",
            );
            return None;
        }
        Some(v.to_string())
    }

    /// Trims then applies a validator that normalises.
    fn rule<F>(&mut self, field: &str, value: Option<String>, f: F) -> Option<String>
    where
        F: FnOnce(&str) -> Result<String, validate::Invalid>,
    {
        let v = self.text(field, value, false)?;
        match f(&v) {
            Ok(n) => Some(n),
            Err(e) => {
                self.fail(field, e.rule, e.detail);
                None
            }
        }
    }
}

impl CustomerData {
    /// Normalises and checks every field; see the module doc for the guarantees.
    pub fn validate(self, ctx: &ValidationContext) -> Result<CustomerData, ValidationErrors> {
        let mut c = Checker { errors: Vec::new() };
        let d = self;
        let country = c
            .text("address.country", d.address.country, false)
            .and_then(|cc| {
                let up = cc.to_ascii_uppercase();
                if up.len() == 2 && crate::domain::validate::known_region(&up) {
                    Some(up)
                } else {
                    c.fail(
                        "address.country",
                        "country.code",
                        format!(
                            "`{cc}` is not a known ISO 3166 two-letter country code (e.g. FR, BE)"
                        ),
                    );
                    None
                }
            });
        let cc = country
            .clone()
            .unwrap_or_else(|| ctx.default_country.clone());

        let mut out = CustomerData {
            kind: d.kind,
            title: c.text("title", d.title, false),
            first_name: c.text("first_name", d.first_name, false),
            last_name: c.text("last_name", d.last_name, false),
            company_name: c.text("company_name", d.company_name, false),
            email: c.rule("email", d.email, validate::email),
            phone: c.rule("phone", d.phone, |v| validate::phone(v, &cc)),
            phone2: c.rule("phone2", d.phone2, |v| validate::phone(v, &cc)),
            vat_number: c.rule("vat_number", d.vat_number, |v| validate::vat(v, Some(&cc))),
            company_number: c.rule("company_number", d.company_number, |v| {
                validate::company_number(v, &cc)
            }),
            id_document: c.text("id_document", d.id_document, false),
            address: super::Address {
                line1: c.text("address.line1", d.address.line1, false),
                line2: c.text("address.line2", d.address.line2, false),
                postal_code: c.text("address.postal_code", d.address.postal_code, false),
                city: c.text("address.city", d.address.city, false),
                country,
            },
            position: d.position,
            personal_note: c.text("personal_note", d.personal_note, true),
            public_note: c.text("public_note", d.public_note, true),
            references: Vec::new(),
            preferences: d.preferences,
            sepa: None,
            group: c.text("group", d.group, false),
            tax: d.tax,
            account: d.account,
        };

        match out.kind {
            CustomerKind::Person if out.first_name.is_none() && out.last_name.is_none() => c.fail(
                "last_name",
                "name.required",
                "a person needs a first or a last name",
            ),
            CustomerKind::Entity if out.company_name.is_none() => c.fail(
                "company_name",
                "name.required",
                "a legal entity needs a company name",
            ),
            _ => {}
        }

        check_postal(&mut c, &mut out);
        if let Some(p) = out.position {
            if !(-90.0..=90.0).contains(&p.lat) || !(-180.0..=180.0).contains(&p.lon) {
                c.fail(
                    "position",
                    "position.range",
                    "latitude must be within -90..90 and longitude within -180..180",
                );
            }
        }
        out.references = check_references(&mut c, d.references);
        out.sepa = d.sepa.and_then(|m| check_sepa(&mut c, m));
        for (field, consent) in [
            (
                "preferences.marketing_email",
                &mut out.preferences.marketing_email,
            ),
            (
                "preferences.marketing_sms",
                &mut out.preferences.marketing_sms,
            ),
        ] {
            if consent.granted && consent.since.is_none() {
                consent.since = Some(ctx.today);
            }
            if consent.since.is_some_and(|s| s > ctx.today) {
                c.fail(field, "consent.date", "the consent date is in the future");
            }
        }
        if let Some(a) = out.account {
            if a.credit_limit.is_negative() {
                c.fail(
                    "account.credit_limit",
                    "account.limit",
                    "the credit limit cannot be negative",
                );
            }
        }
        if let TaxPreference::Rate(r) = out.tax {
            if r.as_decimal() >= rust_decimal::Decimal::ONE_HUNDRED {
                c.fail("tax.rate", "tax.rate", "a tax rate must be below 100%");
            }
        }

        if c.errors.is_empty() {
            Ok(out)
        } else {
            Err(ValidationErrors(c.errors))
        }
    }
}

fn check_postal(c: &mut Checker, out: &mut CustomerData) {
    let Some(code) = out.address.postal_code.clone() else {
        return;
    };
    let Some(country) = out.address.country.clone() else {
        return;
    };
    if !postal::plausible(&country, &code) {
        c.fail(
            "address.postal_code",
            "postal.format",
            format!("`{code}` is not a postal code of {country}"),
        );
        return;
    }
    let places = postal::lookup(&country, &code);
    if out.address.city.is_none() {
        if let [one] = places.as_slice() {
            out.address.city = Some(one.city.to_string());
        }
    }
    if out.position.is_none() {
        let city = out.address.city.as_deref().unwrap_or_default();
        out.position = places
            .iter()
            .find(|p| p.city.eq_ignore_ascii_case(city))
            .or(places.first())
            .and_then(|p| p.position)
            .map(|(lat, lon)| super::GeoPoint { lat, lon });
    }
}

fn check_references(c: &mut Checker, refs: Vec<super::Reference>) -> Vec<super::Reference> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (i, r) in refs.into_iter().enumerate() {
        let field = format!("references[{i}].code");
        let code = match r.kind {
            ReferenceKind::Barcode => c.rule(&field, Some(r.code), barcode_reference),
            ReferenceKind::Nfc => c.rule(&field, Some(r.code), nfc_uid),
        };
        if let Some(code) = code {
            if seen.insert((r.kind, code.clone())) {
                out.push(super::Reference { kind: r.kind, code });
            } else {
                c.fail(
                    &field,
                    "reference.duplicate",
                    format!("`{code}` is listed twice"),
                );
            }
        }
    }
    out
}

/// A loyalty barcode: EAN/UPC codes must carry a right check digit; in-house codes are
/// 1 to 64 characters of letters, digits, `-`, `_`, `.`, `/`.
pub fn barcode_reference(code: &str) -> Result<String, validate::Invalid> {
    let code = code.trim();
    if code.bytes().all(|b| b.is_ascii_digit()) && matches!(code.len(), 8 | 12 | 13) {
        return validate::ean(code);
    }
    let ok = (1..=64).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./".contains(&b));
    if ok {
        Ok(code.to_ascii_uppercase())
    } else {
        Err(validate::Invalid {
            rule: "reference.barcode",
            detail: "a loyalty barcode is 1 to 64 letters, digits or - _ . /".into(),
        })
    }
}

/// An NFC tag UID typed or read as hex (separators `:`, `-` and spaces allowed): returned
/// as upper-case hex of 4 to 10 bytes.
pub fn nfc_uid(code: &str) -> Result<String, validate::Invalid> {
    let hex: String = code
        .chars()
        .filter(|ch| !matches!(ch, ':' | '-' | ' '))
        .collect::<String>()
        .to_ascii_uppercase();
    let hex = hex.strip_prefix("0X").unwrap_or(&hex).to_string();
    if hex.len() % 2 == 0
        && (8..=20).contains(&hex.len())
        && hex.bytes().all(|b| b.is_ascii_hexdigit())
    {
        Ok(hex)
    } else {
        Err(validate::Invalid {
            rule: "reference.nfc",
            detail: "an NFC UID is 4 to 10 bytes written in hex (e.g. 04:A2:3B:1C)".into(),
        })
    }
}

fn check_sepa(c: &mut Checker, m: super::SepaMandate) -> Option<super::SepaMandate> {
    let iban = c.rule("sepa.iban", Some(m.iban), validate::iban);
    let bic = c.rule("sepa.bic", m.bic, validate::bic);
    let mandate_ref = c.text("sepa.mandate_ref", Some(m.mandate_ref), false);
    let allowed = |ch: char| ch.is_ascii_alphanumeric() || "+?/-:().,' ".contains(ch);
    match &mandate_ref {
        None => c.fail(
            "sepa.mandate_ref",
            "sepa.mandate_ref",
            "the mandate reference is required",
        ),
        Some(r) if r.len() > 35 || !r.chars().all(allowed) => c.fail(
            "sepa.mandate_ref",
            "sepa.mandate_ref",
            "a mandate reference is 1 to 35 Latin letters, digits or + ? / - : ( ) . , '",
        ),
        _ => {}
    }
    Some(super::SepaMandate {
        iban: iban?,
        bic,
        mandate_ref: mandate_ref?,
        signed_on: m.signed_on,
    })
}

#[cfg(test)]
mod tests;
