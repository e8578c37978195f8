//! User actions on customers, shared by the CLI and the register: validate, then write in
//! one transaction (nothing is stored when any rule fails), then tell the caller what was
//! committed. The search index (its own module) is updated after the commit from the
//! store's change sequence.

use chrono::Utc;

use crate::domain::customer::{Customer, CustomerData, ValidationContext, ValidationErrors};
use crate::domain::ids::CustomerId;
use crate::store::customers::{self, DeleteOutcome};
use crate::store::{Store, StoreError};

/// Why an action did not happen. Nothing was written in any of these cases.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("invalid customer: {0}")]
    Invalid(#[from] ValidationErrors),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Auth(#[from] crate::auth::AuthError),
    /// A sale refused before anything was written (e.g. not enough cash handed over).
    #[error(transparent)]
    Sale(#[from] crate::domain::sale::SaleError),
}

/// Who acts and in which shop.
#[derive(Debug, Clone)]
pub struct Actor {
    /// Recorded in the audit log ("cli:alice", "register:R1").
    pub name: String,
    /// The shop's country, the default for phones and company numbers.
    pub country: String,
}

impl Actor {
    fn context(&self) -> ValidationContext {
        ValidationContext {
            default_country: self.country.clone(),
            today: Utc::now().date_naive(),
        }
    }
}

/// Validates and stores a new customer.
pub fn add_customer(
    store: &mut Store,
    actor: &Actor,
    data: CustomerData,
) -> Result<Customer, ServiceError> {
    let data = data.validate(&actor.context())?;
    store.write(|tx| Ok(customers::create(tx, &data, &actor.name)?))
}

/// Validates and stores new values for an existing customer.
pub fn edit_customer(
    store: &mut Store,
    actor: &Actor,
    id: CustomerId,
    data: CustomerData,
) -> Result<Customer, ServiceError> {
    let data = data.validate(&actor.context())?;
    store.write(|tx| Ok(customers::update(tx, id, &data, &actor.name)?))
}

/// Deletes a customer, or anonymises one with sales. The caller has checked the manager
/// role.
pub fn delete_customer(
    store: &mut Store,
    actor: &Actor,
    id: CustomerId,
) -> Result<DeleteOutcome, ServiceError> {
    store.write(|tx| Ok(customers::delete(tx, id, &actor.name)?))
}

/// Applies a JSON merge patch (RFC 7396) to a customer's data: keys present replace,
/// `null` clears, objects merge. Unknown keys are refused when the result is read back.
pub fn patch(
    data: &CustomerData,
    patch: &serde_json::Value,
) -> Result<CustomerData, serde_json::Error> {
    let mut value = serde_json::to_value(data)?;
    merge(&mut value, patch);
    serde_json::from_value(value)
}

fn merge(target: &mut serde_json::Value, patch: &serde_json::Value) {
    use serde_json::Value;
    let Value::Object(p) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Default::default());
    }
    if let Value::Object(t) = target {
        for (k, v) in p {
            if v.is_null() {
                t.remove(k);
            } else {
                merge(t.entry(k.clone()).or_insert(Value::Null), v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_patch_replaces_clears_and_merges() {
        let d = CustomerData {
            first_name: Some("Jan".into()),
            email: Some("jan@example.nl".into()),
            ..Default::default()
        };
        let p = serde_json::json!({"email": null, "address": {"city": "Utrecht"}, "last_name": "Jansen"});
        let out = patch(&d, &p).unwrap();
        assert_eq!(out.email, None);
        assert_eq!(out.first_name.as_deref(), Some("Jan"));
        assert_eq!(out.last_name.as_deref(), Some("Jansen"));
        assert_eq!(out.address.city.as_deref(), Some("Utrecht"));
        assert!(patch(&d, &serde_json::json!({"nope": 1})).is_err());
    }
}
