//! Form reading, validation and the postal-code city fill.

use chrono::NaiveDate;

use super::*;

fn ctx() -> ValidationContext {
    ValidationContext {
        default_country: "FR".into(),
        today: NaiveDate::from_ymd_opt(2026, 3, 14).unwrap_or_default(),
    }
}

#[test]
fn bad_phone_is_an_error_on_its_field_and_keeps_the_text() {
    let mut f = Form::new(
        FormPurpose::Create {
            attach: true,
            reference: None,
        },
        &ESSENTIAL,
        CustomerData::default(),
    );
    f.set(F::LastName, "Dupont");
    f.set(F::Phone, "06 12");
    assert!(f.validate(&ctx()).is_err());
    assert_eq!(f.errors_for(F::Phone).count(), 1);
    assert_eq!(f.value(F::Phone), Some("06 12"));
    f.set(F::Phone, "06 12 34 56 78");
    let d = f.validate(&ctx()).unwrap();
    assert_eq!(d.phone.as_deref(), Some("+33612345678"));
    assert!(f.errors.is_empty());
}

#[test]
fn postal_code_fills_one_city_or_offers_several() {
    let mut f = Form::new(
        FormPurpose::Create {
            attach: false,
            reference: None,
        },
        &ESSENTIAL,
        CustomerData::default(),
    );
    f.set(F::PostalCode, "75002");
    assert!(f.postal_fill("FR").is_empty());
    assert_eq!(f.value(F::City), Some("Paris"));
    f.set(F::PostalCode, "01400");
    let many = f.postal_fill("FR");
    assert!(many.len() > 1, "01400 serves several towns");
}

#[test]
fn edit_form_round_trips_every_field() {
    let base = CustomerData {
        first_name: Some("Jan".into()),
        last_name: Some("Jansen".into()),
        phone: Some("+31612345678".into()),
        tax: TaxPreference::Exempt,
        ..Default::default()
    };
    let mut f = Form::new(FormPurpose::Edit(CustomerId::generate()), &ALL, base);
    let d = f.validate(&ctx()).unwrap();
    assert_eq!(d.phone.as_deref(), Some("+31612345678"));
    assert_eq!(d.tax, TaxPreference::Exempt);
}
