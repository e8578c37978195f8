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

#[test]
fn the_position_is_shown_typed_checked_and_derived_again_when_the_postal_code_moves() {
    use crate::domain::customer::GeoPoint;
    let base = CustomerData {
        last_name: Some("Jansen".into()),
        address: crate::domain::customer::Address {
            postal_code: Some("01067".into()),
            city: Some("Dresden".into()),
            country: Some("DE".into()),
            ..Default::default()
        },
        position: Some(GeoPoint {
            lat: 51.05,
            lon: 13.74,
        }),
        ..Default::default()
    };
    let form = || {
        Form::new(
            FormPurpose::Edit(CustomerId::generate()),
            &ALL,
            base.clone(),
        )
    };
    let mut f = form();
    assert_eq!(f.value(F::Position), Some("51.05, 13.74"));
    // Unchanged: kept.
    let d = f.validate(&ctx()).unwrap();
    assert_eq!(d.position, base.position);
    // Typed by hand, the French way too.
    for typed in ["45.75, 4.85", "45,75 4,85", "45,75; 4,85", "45.75 4.85"] {
        f.set(F::Position, typed);
        let d = f.validate(&ctx()).unwrap();
        assert_eq!(
            d.position,
            Some(GeoPoint {
                lat: 45.75,
                lon: 4.85
            }),
            "{typed}"
        );
    }
    // Not a position, or out of range: an error on the field, the text kept.
    f.set(F::Position, "north of Paris");
    assert!(f.validate(&ctx()).is_err());
    assert_eq!(
        f.errors_for(F::Position).next().unwrap().rule,
        "position.format"
    );
    assert_eq!(f.value(F::Position), Some("north of Paris"));
    f.set(F::Position, "95, 2");
    assert!(f.validate(&ctx()).is_err());
    assert_eq!(
        f.errors_for(F::Position).next().unwrap().rule,
        "position.range"
    );
    // Emptied: none typed, so the postal code's.
    f.set(F::Position, "");
    let d = f.validate(&ctx()).unwrap();
    let derived = Some(GeoPoint {
        lat: 51.0603,
        lon: 13.7178,
    });
    assert_eq!(d.position, derived, "the postal code's");
    // The postal code moves and the old position is still shown: derived again.
    let mut f = form();
    f.set(F::PostalCode, "01108");
    let d = f.validate(&ctx()).unwrap();
    let p = d.position.unwrap();
    assert_eq!(
        (p.lat, p.lon),
        (51.1525, 13.7873),
        "01108's, not the old one"
    );
    // A position typed with the new postal code is the one kept.
    let mut f = form();
    f.set(F::PostalCode, "01108");
    f.set(F::Position, "51.2, 13.9");
    let p = f.validate(&ctx()).unwrap().position.unwrap();
    assert_eq!((p.lat, p.lon), (51.2, 13.9));
}
