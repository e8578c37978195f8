//! Reading a form back into customer data (what cannot be parsed becomes a field error),
//! and the product form's values.

use chrono::NaiveDate;

use super::{FieldKey as F, Form};
use crate::domain::customer::{
    AccountAllowance, CustomerData, CustomerKind, FieldError, GeoPoint, Reference, ReferenceKind,
    SepaMandate, TaxPreference,
};
use crate::domain::money::{Money, Percent};

impl Form {
    pub(super) fn read(&self, shop_country: &str) -> (CustomerData, Vec<FieldError>) {
        let mut d = self.base.clone();
        let mut errors = Vec::new();
        let mut fail = |field: &str, rule: &'static str, detail: String| {
            errors.push(FieldError {
                field: field.to_string(),
                rule,
                detail,
            })
        };
        let text = |t: &str| {
            let t = t.trim();
            (!t.is_empty()).then(|| t.to_string())
        };
        let mut sepa = (None, None, None, None);
        for (key, input) in &self.fields {
            let v = input.text();
            match key {
                F::Kind => {
                    d.kind = if v.trim().eq_ignore_ascii_case("entity") {
                        CustomerKind::Entity
                    } else {
                        CustomerKind::Person
                    }
                }
                F::Title => d.title = text(v),
                F::FirstName => d.first_name = text(v),
                F::LastName => d.last_name = text(v),
                F::Company => d.company_name = text(v),
                F::Phone => d.phone = text(v),
                F::Email => d.email = text(v),
                F::Phone2 => d.phone2 = text(v),
                F::Line1 => d.address.line1 = text(v),
                F::Line2 => d.address.line2 = text(v),
                F::PostalCode => d.address.postal_code = text(v),
                F::City => d.address.city = text(v),
                F::Country => d.address.country = text(v),
                F::Position => match self.position_value(v) {
                    Ok(p) => d.position = p,
                    Err(t) => fail("position", "position.format", t),
                },
                F::Vat => d.vat_number = text(v),
                F::CompanyNumber => d.company_number = text(v),
                F::IdDocument => d.id_document = text(v),
                F::Group => d.group = text(v),
                F::Tax => match v.trim().to_ascii_lowercase().as_str() {
                    "" | "normal" => d.tax = TaxPreference::Normal,
                    "exempt" => d.tax = TaxPreference::Exempt,
                    other => match Percent::parse(other) {
                        Ok(p) => d.tax = TaxPreference::Rate(p),
                        Err(e) => fail("tax.rate", "tax.rate", e.to_string()),
                    },
                },
                F::CreditLimit => match text(v) {
                    None => d.account = None,
                    Some(t) => match Money::parse(&t) {
                        Ok(m) => d.account = Some(AccountAllowance { credit_limit: m }),
                        Err(e) => fail("account.credit_limit", "money.parse", e.to_string()),
                    },
                },
                F::Iban => sepa.0 = text(v),
                F::Bic => sepa.1 = text(v),
                F::MandateRef => sepa.2 = text(v),
                F::SignedOn => sepa.3 = text(v),
                F::MarketingEmail => set_consent(&mut d.preferences.marketing_email, v),
                F::MarketingSms => set_consent(&mut d.preferences.marketing_sms, v),
                F::ReceiptEmail => d.preferences.receipt_by_email = v.trim() == "yes",
                F::ReceiptSms => d.preferences.receipt_by_sms = v.trim() == "yes",
                F::References => d.references = references(v),
                F::PersonalNote => d.personal_note = text(v),
                F::PublicNote => d.public_note = text(v),
                F::ProductName
                | F::ProductPrice
                | F::ProductTax
                | F::ProductCost
                | F::ProductCode
                | F::ProductCategory
                | F::GroupName
                | F::GroupDiscount => {}
            }
        }
        if self.fields.iter().any(|(k, _)| *k == F::Iban) {
            d.sepa = match sepa {
                (None, None, None, None) => None,
                (iban, bic, mandate, signed) => {
                    let signed_on = match signed.as_deref().map(|s| s.parse::<NaiveDate>()) {
                        Some(Ok(date)) => Some(date),
                        _ => {
                            fail(
                                "sepa.signed_on",
                                "sepa.signed_on",
                                "the signature date is required, as YYYY-MM-DD".into(),
                            );
                            None
                        }
                    };
                    signed_on.map(|signed_on| SepaMandate {
                        iban: iban.unwrap_or_default(),
                        bic,
                        mandate_ref: mandate.unwrap_or_default(),
                        signed_on,
                    })
                }
            };
        }
        if d.address.country.is_none()
            && (d.address.postal_code.is_some() || d.address.line1.is_some())
        {
            d.address.country = Some(shop_country.to_string());
        }
        // A changed postal code must not keep the old position (unless one was typed in
        // the form's position field: read above).
        let has_position = self.fields.iter().any(|(k, _)| *k == F::Position);
        if !has_position && d.address.postal_code != self.base.address.postal_code {
            d.position = None;
        }
        (d, errors)
    }

    /// The position field's value: none when empty, or when it still shows the stored
    /// position while the postal code changed (derived again from the new one); the
    /// text when it is not a position.
    fn position_value(&self, v: &str) -> Result<Option<GeoPoint>, String> {
        let t = v.trim();
        if t.is_empty() {
            return Ok(None);
        }
        let postal = |p: &str| Some(p.trim().to_string()).filter(|p| !p.is_empty());
        let moved = self
            .value(F::PostalCode)
            .is_some_and(|pc| postal(pc) != self.base.address.postal_code);
        if moved && self.base.position.map(super::position_text).as_deref() == Some(t) {
            return Ok(None);
        }
        position(t).map(Some).ok_or_else(|| t.to_string())
    }

    /// Reads the product form: its values, or its errors (on the form).
    pub fn product_values(&mut self) -> Option<ProductValues> {
        let mut errors = Vec::new();
        let name = self
            .value(F::ProductName)
            .unwrap_or_default()
            .trim()
            .to_string();
        if name.is_empty() || name.chars().any(char::is_control) {
            errors.push(("product.name", "a product needs a name".to_string()));
        }
        let price = Money::parse(self.value(F::ProductPrice).unwrap_or_default());
        match &price {
            Err(e) => errors.push(("product.price", e.to_string())),
            // The domain refuses it too (`Product::check`): said here, on the field.
            Ok(p) if p.is_negative() => {
                errors.push(("product.price", "a price cannot be negative".to_string()))
            }
            Ok(_) => {}
        }
        let cost_text = self.value(F::ProductCost).unwrap_or_default().trim();
        let cost = match cost_text {
            "" => Ok(None),
            t => Money::parse(t).map(Some),
        };
        match &cost {
            Err(e) => errors.push(("product.cost", e.to_string())),
            Ok(Some(c)) if c.is_negative() => {
                errors.push(("product.cost", "a cost cannot be negative".to_string()))
            }
            Ok(_) => {}
        }
        let tax = Percent::parse(self.value(F::ProductTax).unwrap_or_default());
        if let Err(e) = &tax {
            errors.push(("product.tax_rate", e.to_string()));
        }
        self.errors = errors
            .into_iter()
            .map(|(field, detail)| FieldError {
                field: field.into(),
                rule: "product",
                detail,
            })
            .collect();
        match (price, tax, cost) {
            (Ok(price), Ok(tax_rate), Ok(cost)) if self.errors.is_empty() => Some(ProductValues {
                name,
                price,
                tax_rate,
                cost,
            }),
            _ => None,
        }
    }
}

/// The references field: codes separated by commas, `nfc:` before a tag's UID.
fn references(v: &str) -> Vec<Reference> {
    v.split(',')
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(|r| match r.strip_prefix("nfc:") {
            Some(code) => Reference {
                kind: ReferenceKind::Nfc,
                code: code.trim().to_string(),
            },
            None => Reference {
                kind: ReferenceKind::Barcode,
                code: r.to_string(),
            },
        })
        .collect()
}

fn set_consent(c: &mut crate::domain::customer::Consent, v: &str) {
    let granted = v.trim() == "yes";
    if granted != c.granted {
        c.granted = granted;
        c.since = None;
    }
}

/// What the new-product form reads.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductValues {
    pub name: String,
    pub price: Money,
    pub tax_rate: Percent,
    /// Empty: not known.
    pub cost: Option<Money>,
}

/// "48.8566, 2.3522" (or "48.8566 2.3522", "48,8566; 2,3522", "48,8566 2,3522") as a
/// position; the range is the validation's rule.
fn position(text: &str) -> Option<GeoPoint> {
    let t = text.trim();
    let parts: Vec<&str> = if t.contains(';') {
        t.split(';').collect()
    } else if t.split_whitespace().count() == 2 {
        t.split_whitespace().collect()
    } else if t.matches(',').count() == 1 {
        t.split(',').collect()
    } else {
        return None;
    };
    let number = |s: &str| -> Option<f64> {
        let s = s.trim().trim_end_matches(',').replace(',', ".");
        s.parse::<f64>().ok().filter(|x| x.is_finite())
    };
    match parts.as_slice() {
        [lat, lon] => Some(GeoPoint {
            lat: number(lat)?,
            lon: number(lon)?,
        }),
        _ => None,
    }
}
