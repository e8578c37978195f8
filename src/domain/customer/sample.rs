//! Test data: a customer with every field set (tests only). Written out without
//! `..Default::default()`, so a new field of `CustomerData` does not compile until it is
//! given a value here, and the tests that use it (anonymisation, whole-row writes) then
//! say whether the new field is handled.

use super::{CustomerData, Reference, ReferenceKind};

/// Every field of `CustomerData` set to something other than its default. Written out
/// without `..Default::default()`: a new field does not compile until it is given a value
/// here, and then the tests below tell whether anonymisation erases it.
pub fn every_field() -> CustomerData {
    use crate::domain::customer::{
        AccountAllowance, Address, Consent, CustomerKind, GeoPoint, Preferences, SepaMandate,
        TaxPreference,
    };
    use crate::domain::money::{Money, Percent};
    let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 1, d);
    CustomerData {
        kind: CustomerKind::Entity,
        title: Some("Mme".into()),
        first_name: Some("Anne".into()),
        last_name: Some("Peeters".into()),
        company_name: Some("Peeters BV".into()),
        email: Some("anne@peeters.example".into()),
        phone: Some("+32470123456".into()),
        phone2: Some("+3221234567".into()),
        vat_number: Some("BE0403170701".into()),
        company_number: Some("0403170701".into()),
        id_document: Some("ID-1".into()),
        address: Address {
            line1: Some("Grote Markt 1".into()),
            line2: Some("bus 2".into()),
            postal_code: Some("1000".into()),
            city: Some("Brussel".into()),
            country: Some("BE".into()),
        },
        position: Some(GeoPoint {
            lat: 50.8,
            lon: 4.3,
        }),
        personal_note: Some("allergic to nuts".into()),
        public_note: Some("prefers mornings".into()),
        references: vec![Reference {
            kind: ReferenceKind::Nfc,
            code: "04A23B1C".into(),
        }],
        preferences: Preferences {
            receipt_by_email: true,
            receipt_by_sms: true,
            marketing_email: Consent {
                granted: true,
                since: day(2),
            },
            marketing_sms: Consent {
                granted: true,
                since: day(3),
            },
        },
        sepa: Some(SepaMandate {
            iban: "BE68539007547034".into(),
            bic: Some("GKCCBEBB".into()),
            mandate_ref: "M-1".into(),
            signed_on: day(4).unwrap(),
        }),
        group: Some("VIP".into()),
        tax: TaxPreference::Rate(Percent::parse("5.5").unwrap()),
        account: Some(AccountAllowance {
            credit_limit: Money::from_cents(50_000),
        }),
    }
}
