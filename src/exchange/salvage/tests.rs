use super::*;
use crate::domain::customer::{Reference, ReferenceKind};

fn ctx() -> ValidationContext {
    ValidationContext {
        default_country: "FR".into(),
        today: chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
    }
}

fn sources() -> HashMap<&'static str, String> {
    HashMap::from([
        ("phone", "Mobile".to_string()),
        ("phone2", "Home".to_string()),
        ("email", "E-mail".to_string()),
        ("last_name", "Nom".to_string()),
    ])
}

fn run(d: CustomerData, derived: bool) -> Option<Kept> {
    let errors = d.clone().validate(&ctx()).expect_err("invalid").0;
    keep_valid(d, &errors, &sources(), derived, &ctx())
}

fn anna() -> CustomerData {
    CustomerData {
        first_name: Some("Anna".into()),
        last_name: Some("Roux".into()),
        phone: Some("06 12 34 56 78".into()),
        ..Default::default()
    }
}

#[test]
fn a_second_phone_outside_its_numbering_plan_costs_the_number_not_the_customer() {
    let d = CustomerData {
        phone2: Some("06 12 34 56".into()),
        ..anna()
    };
    let kept = run(d, false).expect("kept");
    assert_eq!(kept.data.phone.as_deref(), Some("+33612345678"));
    assert_eq!(kept.data.phone2, None);
    assert_eq!(
        kept.data.personal_note.as_deref(),
        Some("imported, not valid: Home 06 12 34 56")
    );
    assert_eq!(kept.warnings.len(), 1);
    assert_eq!(kept.warnings[0].column.as_deref(), Some("Home"));
    assert!(kept.warnings[0]
        .message
        .ends_with("not stored, kept in the personal note"));
}

#[test]
fn several_bad_values_go_to_the_note_after_what_it_held() {
    let d = CustomerData {
        email: Some("anna@".into()),
        vat_number: Some("FR00000000000".into()),
        references: vec![
            Reference {
                kind: ReferenceKind::Barcode,
                code: "4006381333932".into(), // wrong check digit
            },
            Reference {
                kind: ReferenceKind::Barcode,
                code: "CARD-17".into(),
            },
        ],
        personal_note: Some("likes tea".into()),
        ..anna()
    };
    let kept = run(d, false).expect("kept");
    assert_eq!(kept.data.email, None);
    assert_eq!(kept.data.vat_number, None);
    assert_eq!(kept.data.references.len(), 1);
    assert_eq!(kept.data.references[0].code, "CARD-17");
    let note = kept.data.personal_note.unwrap();
    assert!(
        note.starts_with("likes tea\nimported, not valid: E-mail anna@; "),
        "{note}"
    );
    assert!(note.contains("4006381333932"), "{note}");
    assert_eq!(kept.warnings.len(), 3);
}

#[test]
fn a_tab_in_a_name_is_a_space_not_a_lost_customer() {
    let d = CustomerData {
        last_name: Some("Roux\tDupont".into()),
        ..anna()
    };
    let kept = run(d, false).expect("kept");
    assert_eq!(kept.data.last_name.as_deref(), Some("Roux Dupont"));
    assert_eq!(kept.data.personal_note, None);
}

#[test]
fn nothing_valid_left_to_identify_the_customer_refuses_the_row() {
    // The last name was made up from an e-mail that is not valid.
    let d = CustomerData {
        last_name: Some("anna".into()),
        email: Some("anna@@example".into()),
        ..Default::default()
    };
    assert!(run(d, true).is_none());
    // Same from a phone.
    let d = CustomerData {
        last_name: Some("0612".into()),
        phone: Some("0612".into()),
        ..Default::default()
    };
    assert!(run(d, true).is_none());
    // A name made up from a valid e-mail survives a bad phone.
    let d = CustomerData {
        last_name: Some("anna".into()),
        email: Some("anna@example.org".into()),
        phone: Some("0612".into()),
        ..Default::default()
    };
    let kept = run(d, true).expect("kept");
    assert_eq!(kept.data.email.as_deref(), Some("anna@example.org"));
}

#[test]
fn bad_values_with_escape_sequences_reach_the_note_as_plain_text() {
    let d = CustomerData {
        phone2: Some("\u{1b}]0;owned\u{7}0612".into()),
        ..anna()
    };
    let kept = run(d, false).expect("kept");
    let note = kept.data.personal_note.unwrap();
    assert!(!note.chars().any(|c| c.is_control()), "{note:?}");
}
