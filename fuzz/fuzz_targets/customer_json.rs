//! The customer JSON reader of `customers add` and `customers edit` (README "Customer
//! JSON"): the text read as JSON, the store's keys dropped, the rest read into
//! `CustomerData` (unknown keys refused) and validated; the same JSON also applied as a
//! merge patch to a stored customer, as `edit` does.
//!
//! Checked: what validation accepts is normalised for good, so the output of
//! `customers show --json` fed back is accepted and reads back the same.

#![no_main]

use std::sync::OnceLock;

use comptoir::domain::customer::{CustomerData, ValidationContext};
use comptoir::service;
use libfuzzer_sys::fuzz_target;

fn ctx() -> ValidationContext {
    ValidationContext {
        default_country: "FR".into(),
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
    }
}

/// A stored customer for `edit` patches.
fn stored() -> &'static CustomerData {
    static STORED: OnceLock<CustomerData> = OnceLock::new();
    STORED.get_or_init(|| {
        let v = serde_json::json!({
            "kind": "person", "first_name": "Mélanie", "last_name": "Dupont",
            "email": "melanie.dupont@example.fr", "phone": "+33612345678",
            "address": {"line1": "12 rue de la Paix", "postal_code": "75002", "country": "FR"},
            "references": [{"kind": "barcode", "code": "2900000000018"}],
        });
        service::customer_from_json(v)
            .unwrap()
            .validate(&ctx())
            .unwrap()
    })
}

/// Validated data fed back (as `show --json` prints it) is accepted and unchanged.
fn check_fed_back(valid: &CustomerData) {
    let json = serde_json::to_value(valid).unwrap();
    let again = service::customer_from_json(json)
        .unwrap_or_else(|e| panic!("printed JSON not read back: {e}"))
        .validate(&ctx())
        .unwrap_or_else(|e| panic!("validated data refused when fed back: {e}"));
    assert_eq!(&again, valid, "validation is not idempotent");
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        return;
    };
    if let Ok(data) = service::customer_from_json(value.clone()) {
        if let Ok(valid) = data.validate(&ctx()) {
            check_fed_back(&valid);
        }
    }
    if let Ok(data) = service::patch(stored(), &service::without_owned(value)) {
        if let Ok(valid) = data.validate(&ctx()) {
            check_fed_back(&valid);
        }
    }
});
