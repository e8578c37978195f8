use super::*;
use crate::domain::customer::{Address, Consent, Reference, SepaMandate};

fn ctx() -> ValidationContext {
    ValidationContext {
        default_country: "FR".into(),
        today: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
    }
}

fn person() -> CustomerData {
    CustomerData {
        first_name: Some("  Mélanie ".into()),
        last_name: Some("Dupont".into()),
        ..Default::default()
    }
}

fn fields(e: ValidationErrors) -> Vec<String> {
    e.0.into_iter().map(|f| f.field).collect()
}

#[test]
fn trims_and_normalises() {
    let d = CustomerData {
        email: Some(" Melanie@Example.FR ".into()),
        phone: Some("06 12 34 56 78".into()),
        address: Address {
            country: Some("fr".into()),
            postal_code: Some("75001".into()),
            ..Default::default()
        },
        ..person()
    }
    .validate(&ctx())
    .unwrap();
    assert_eq!(d.first_name.as_deref(), Some("Mélanie"));
    assert_eq!(d.phone.as_deref(), Some("+33612345678"));
    assert_eq!(d.address.country.as_deref(), Some("FR"));
    assert_eq!(d.address.city.as_deref(), Some("Paris"));
}

#[test]
fn position_comes_from_the_postal_code_where_the_table_has_one() {
    let d = CustomerData {
        address: Address {
            country: Some("DE".into()),
            postal_code: Some("10115".into()),
            ..Default::default()
        },
        ..person()
    }
    .validate(&ctx())
    .unwrap();
    assert_eq!(d.address.city.as_deref(), Some("Berlin"));
    let p = d.position.expect("German codes carry a position");
    assert!(
        (p.lat - 52.53).abs() < 0.1 && (p.lon - 13.38).abs() < 0.1,
        "{p:?}"
    );
}

#[test]
fn a_name_is_required() {
    let e = CustomerData::default().validate(&ctx()).unwrap_err();
    assert_eq!(fields(e), ["last_name"]);
    let e = CustomerData {
        kind: CustomerKind::Entity,
        first_name: Some("Jan".into()),
        ..Default::default()
    }
    .validate(&ctx())
    .unwrap_err();
    assert_eq!(fields(e), ["company_name"]);
}

#[test]
fn every_broken_rule_is_reported_with_its_field() {
    let e = CustomerData {
        email: Some("no-at-sign".into()),
        phone: Some("12".into()),
        vat_number: Some("FR00303265045".into()),
        sepa: Some(SepaMandate {
            iban: "FR1420041010050500013M02607".into(),
            bic: None,
            mandate_ref: "M-1".into(),
            signed_on: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
        }),
        ..person()
    }
    .validate(&ctx())
    .unwrap_err();
    assert_eq!(fields(e), ["email", "phone", "vat_number", "sepa.iban"]);
}

#[test]
fn control_characters_are_refused_in_single_line_fields() {
    let e = CustomerData {
        last_name: Some("Dupont\u{1b}[2J".into()),
        ..person()
    }
    .validate(&ctx())
    .unwrap_err();
    assert_eq!(e.0[0].rule, "text.control");
    let ok = CustomerData {
        personal_note: Some("line one\nline two".into()),
        ..person()
    }
    .validate(&ctx())
    .unwrap();
    assert!(ok.personal_note.unwrap().contains('\n'));
}

#[test]
fn phones_use_the_customer_country() {
    let d = CustomerData {
        phone: Some("0470 12 34 56".into()),
        address: Address {
            country: Some("BE".into()),
            ..Default::default()
        },
        ..person()
    }
    .validate(&ctx())
    .unwrap();
    assert_eq!(d.phone.as_deref(), Some("+32470123456"));
}

#[test]
fn references_are_normalised_and_unique() {
    let d = CustomerData {
        references: vec![
            Reference {
                kind: ReferenceKind::Nfc,
                code: "04:a2:3b:1c".into(),
            },
            Reference {
                kind: ReferenceKind::Barcode,
                code: "4006381333931".into(),
            },
        ],
        ..person()
    }
    .validate(&ctx())
    .unwrap();
    assert_eq!(d.references[0].code, "04A23B1C");
    let e = CustomerData {
        references: vec![
            Reference {
                kind: ReferenceKind::Barcode,
                code: "4006381333932".into(),
            },
            Reference {
                kind: ReferenceKind::Nfc,
                code: "xyz".into(),
            },
        ],
        ..person()
    }
    .validate(&ctx())
    .unwrap_err();
    assert_eq!(fields(e), ["references[0].code", "references[1].code"]);
}

#[test]
fn consent_gets_a_date_and_refuses_a_future_one() {
    let mut d = person();
    d.preferences.marketing_email = Consent {
        granted: true,
        since: None,
    };
    let ok = d.clone().validate(&ctx()).unwrap();
    assert_eq!(ok.preferences.marketing_email.since, Some(ctx().today));
    d.preferences.marketing_sms = Consent {
        granted: true,
        since: NaiveDate::from_ymd_opt(2030, 1, 1),
    };
    let e = d.validate(&ctx()).unwrap_err();
    assert_eq!(fields(e), ["preferences.marketing_sms"]);
}

#[test]
fn bad_postal_code_and_country() {
    let e = CustomerData {
        address: Address {
            country: Some("France".into()),
            ..Default::default()
        },
        ..person()
    }
    .validate(&ctx())
    .unwrap_err();
    assert_eq!(fields(e), ["address.country"]);
    // Two letters are not enough: the code must be a known region.
    for bad in ["ZZ", "XX", "QQ"] {
        let e = CustomerData {
            address: Address {
                country: Some(bad.into()),
                ..Default::default()
            },
            ..person()
        }
        .validate(&ctx())
        .unwrap_err();
        assert_eq!(fields(e), ["address.country"], "{bad}");
    }
    for good in ["fr", "GB", "XK", "RE", "NC", "CH"] {
        let d = CustomerData {
            address: Address {
                country: Some(good.into()),
                ..Default::default()
            },
            ..person()
        };
        assert!(d.validate(&ctx()).is_ok(), "{good}");
    }
    let e = CustomerData {
        address: Address {
            country: Some("FR".into()),
            postal_code: Some("7500".into()),
            ..Default::default()
        },
        ..person()
    }
    .validate(&ctx())
    .unwrap_err();
    assert_eq!(fields(e), ["address.postal_code"]);
}
