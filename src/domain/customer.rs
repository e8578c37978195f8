//! Customers: natural persons and legal entities, with every field a shop keeps.
//!
//! [`CustomerData`] is what a person or a program may set; [`Customer`] adds the id and
//! timestamps the store owns. Values reach the store only through
//! [`CustomerData::validate`] (in `customer/check.rs`), which trims, normalises (E.164
//! phones, compact IBAN and VAT numbers, upper-case country) and refuses what breaks a rule,
//! naming the field. The JSON form of these types is the machine interface documented in
//! README ("Customer JSON").

mod check;
#[cfg(test)]
pub(crate) mod sample;
mod scanned;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::ids::CustomerId;
use super::money::{Money, Percent};

pub use check::{barcode_reference, nfc_uid, FieldError, ValidationContext, ValidationErrors};
pub use scanned::{barcode_misread, reference_candidates};

/// A natural person or a legal entity (company, association).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomerKind {
    #[default]
    Person,
    Entity,
}

/// Postal address; `country` is an ISO 3166 alpha-2 code.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Address {
    pub line1: Option<String>,
    pub line2: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
}

/// A GPS position, typed by hand or derived from the postal code.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GeoPoint {
    pub lat: f64,
    pub lon: f64,
}

/// What a scanned code identifies the customer by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferenceKind {
    /// A loyalty-card barcode.
    Barcode,
    /// An NFC/RFID tag UID, stored as upper-case hex.
    Nfc,
}

/// A loyalty barcode or NFC tag UID; unique across all customers.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    pub kind: ReferenceKind,
    pub code: String,
}

/// A consent given or withdrawn on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Consent {
    pub granted: bool,
    /// When consent was given (or withdrawn, when `granted` is false).
    pub since: Option<NaiveDate>,
}

/// How the customer wants to hear from the shop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Preferences {
    pub receipt_by_email: bool,
    pub receipt_by_sms: bool,
    pub marketing_email: Consent,
    pub marketing_sms: Consent,
}

/// A SEPA direct-debit mandate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SepaMandate {
    pub iban: String,
    pub bic: Option<String>,
    pub mandate_ref: String,
    pub signed_on: NaiveDate,
}

/// Which taxes apply to the customer's purchases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "mode", content = "rate")]
pub enum TaxPreference {
    /// The products' own rates.
    #[default]
    Normal,
    /// No tax (e.g. exempt businesses, exports): prices are charged net.
    Exempt,
    /// One specific rate instead of the products' rates.
    Rate(Percent),
}

/// Permission to buy on account (pay later), up to a limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountAllowance {
    pub credit_limit: Money,
}

/// Every field a person or program may set on a customer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CustomerData {
    pub kind: CustomerKind,
    pub title: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub company_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub phone2: Option<String>,
    pub vat_number: Option<String>,
    pub company_number: Option<String>,
    pub id_document: Option<String>,
    pub address: Address,
    pub position: Option<GeoPoint>,
    pub personal_note: Option<String>,
    pub public_note: Option<String>,
    pub references: Vec<Reference>,
    pub preferences: Preferences,
    pub sepa: Option<SepaMandate>,
    /// The group's name (at most one group).
    pub group: Option<String>,
    pub tax: TaxPreference,
    pub account: Option<AccountAllowance>,
}

/// A stored customer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Customer {
    pub id: CustomerId,
    #[serde(flatten)]
    pub data: CustomerData,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Personal data erased on deletion (the customer had sales, kept for the books).
    pub anonymised: bool,
    /// Time of the customer's latest sale (derived from the sales, read-only).
    pub last_visit: Option<DateTime<Utc>>,
}

impl CustomerData {
    /// The name to show: "First Last" for a person, the company name for an entity
    /// (falling back to whichever is set).
    pub fn display_name(&self) -> String {
        let person = [self.first_name.as_deref(), self.last_name.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        let company = self.company_name.clone().unwrap_or_default();
        match self.kind {
            CustomerKind::Person if !person.is_empty() => person,
            CustomerKind::Entity if !company.is_empty() => company,
            _ if !person.is_empty() => person,
            _ => company,
        }
    }

    /// The country used to read phone numbers and company numbers: the customer's own,
    /// else the shop's.
    pub fn country_or<'a>(&'a self, default: &'a str) -> &'a str {
        self.address.country.as_deref().unwrap_or(default)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_name_per_kind() {
        let mut d = CustomerData {
            first_name: Some("Mélanie".into()),
            last_name: Some("Dupont".into()),
            company_name: Some("Dupont SARL".into()),
            ..Default::default()
        };
        assert_eq!(d.display_name(), "Mélanie Dupont");
        d.kind = CustomerKind::Entity;
        assert_eq!(d.display_name(), "Dupont SARL");
    }

    #[test]
    fn unknown_json_keys_are_refused() {
        let err = serde_json::from_str::<CustomerData>(r#"{"frist_name":"A"}"#).unwrap_err();
        assert!(err.to_string().contains("frist_name"));
    }

    #[test]
    fn tax_preference_json() {
        let t: TaxPreference = serde_json::from_str(r#"{"mode":"rate","rate":"5.5"}"#).unwrap();
        assert!(matches!(t, TaxPreference::Rate(_)));
        let t: TaxPreference = serde_json::from_str(r#"{"mode":"exempt"}"#).unwrap();
        assert_eq!(t, TaxPreference::Exempt);
    }
}
