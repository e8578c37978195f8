//! UID forms: every print of one tag gives the same canonical UID and the same forms.

use super::*;
use crate::domain::customer::{CustomerData, Reference, ReferenceKind, ValidationContext};

/// Tag 04 A2 3B 1C as readers print it.
const PRINTS_4: &[&str] = &[
    "04A23B1C",
    "04:A2:3B:1C",
    "04-a2-3b-1c",
    "0x04a23b1c",
    "1C3BA204",
    "0077740828",
    "77740828",
    "0473670148",
    "473670148",
];

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn four_byte_uid_in_every_print_form() {
    assert_eq!(
        Uid::parse("04A23B1C").map(|u| u.bytes().to_vec()),
        Ok(vec![0x04, 0xA2, 0x3B, 0x1C])
    );
    assert_eq!(Uid::parse("0077740828"), Uid::parse("04A23B1C"));
    assert_eq!(
        Uid::parse("0473670148").map(|u| u.canonical(true)),
        Ok("04A23B1C".into())
    );
    let reference = sorted(uid_forms("04A23B1C"));
    assert_eq!(
        reference,
        sorted(vec![
            "04A23B1C".into(),
            "1C3BA204".into(),
            "0077740828".into(),
            "77740828".into(),
            "0473670148".into(),
        ])
    );
    for print in PRINTS_4 {
        let forms = uid_forms(print);
        for f in &reference {
            assert!(forms.contains(f), "{print}: {forms:?} lacks {f}");
        }
    }
}

#[test]
fn canonical_form_comes_first() {
    assert_eq!(
        uid_forms("1c:3b:a2:04").first().map(String::as_str),
        Some("1C3BA204")
    );
    assert_eq!(
        uid_forms("0473670148").first().map(String::as_str),
        Some("1C3BA204")
    );
    assert_eq!(
        Uid::parse("1C3BA204").map(|u| u.canonical(true)),
        Ok("04A23B1C".into())
    );
}

#[test]
fn seven_and_ten_byte_uids() {
    let uid = [0x04u8, 0x5A, 0x3C, 0x2B, 0x91, 0x6E, 0x80];
    let hex = "045A3C2B916E80";
    let value = uid.iter().fold(0u128, |a, &b| (a << 8) | u128::from(b));
    let dec = format!("{value:017}");
    let rev_value = uid
        .iter()
        .rev()
        .fold(0u128, |a, &b| (a << 8) | u128::from(b));
    let rev_dec = format!("{rev_value:017}");
    for print in [hex, "04:5A:3C:2B:91:6E:80", dec.as_str()] {
        assert_eq!(
            Uid::parse(print).map(|u| u.canonical(false)),
            Ok(hex.into()),
            "{print}"
        );
        let forms = uid_forms(print);
        assert_eq!(forms.first().map(String::as_str), Some(hex), "{print}");
        assert!(forms.contains(&"806E912B3C5A04".to_string()), "{forms:?}");
    }
    assert_eq!(
        Uid::parse(&rev_dec).map(|u| u.canonical(true)),
        Ok(hex.into())
    );
    let ten = "04112233445566778899";
    assert_eq!(Uid::parse(ten).map(|u| u.bytes().len()), Ok(10));
    assert_eq!(
        uid_forms(ten),
        ["04112233445566778899", "99887766554433221104"]
    );
}

#[test]
fn not_uids() {
    assert_eq!(Uid::parse(""), Err(NfcError::Empty));
    assert_eq!(Uid::parse(" : "), Err(NfcError::Empty));
    assert_eq!(Uid::parse("04A23B1"), Err(NfcError::HexLength(7)));
    assert_eq!(Uid::parse("04A23B1CZZ"), Err(NfcError::BadChar('Z')));
    assert_eq!(Uid::parse("1234"), Err(NfcError::DecimalLength(4)));
    assert_eq!(Uid::parse("9999999999"), Err(NfcError::DecimalRange));
    assert_eq!(Uid::parse(&"A".repeat(65)), Err(NfcError::TooLong));
    assert_eq!(
        Uid::parse("04A23B1C04A23B1C04A23B"),
        Err(NfcError::HexLength(22))
    );
    assert!(uid_forms("hello").is_empty());
}

/// Every form is one the customer validator stores unchanged, so a reference typed in
/// any of them is found by an exact lookup.
#[test]
fn every_form_is_stored_unchanged_by_the_customer_validator() {
    let ctx = ValidationContext {
        default_country: "FR".into(),
        today: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default(),
    };
    for print in PRINTS_4
        .iter()
        .chain(&["045A3C2B916E80", "04112233445566778899"])
    {
        for form in uid_forms(print) {
            let data = CustomerData {
                last_name: Some("Tag".into()),
                references: vec![Reference {
                    kind: ReferenceKind::Nfc,
                    code: form.clone(),
                }],
                ..CustomerData::default()
            };
            let stored = data
                .validate(&ctx)
                .map(|d| d.references[0].code.clone())
                .unwrap_or_else(|e| panic!("{form}: {e}"));
            assert_eq!(stored, form);
        }
    }
}
