//! The one gate for writes, shared by the CLI and the register: validate, then write in
//! one transaction (nothing is stored when any rule fails), then tell the caller what was
//! committed. The search index (its own module) is updated by the caller after the commit,
//! from the store's change sequence.
//!
//! Invariants: every user action that writes goes through a function here, never straight
//! to a `store` writer; checks that need no database run before the transaction, checks
//! that read it (does the customer exist, was it anonymised) run inside it, so what was
//! checked is what is written; a refusal ([`ServiceError`]) has written nothing. Callers
//! may check the same rules earlier for quick feedback (the register's `update` does): the
//! service checks again.

use chrono::Utc;
use rusqlite::Transaction;

mod pin;
pub use pin::verify_manager_pin;

use crate::domain::catalog::Product;
use crate::domain::customer::{
    Customer, CustomerData, Reference, TaxPreference, ValidationContext, ValidationErrors,
};
use crate::domain::ids::{CustomerId, PaymentId, ProductId, SaleId};
use crate::domain::money::{Money, Percent};
use crate::domain::sale::{self, Payment, PaymentMethod, Sale, SaleLine};
use crate::store::customers::{self, DeleteOutcome};
use crate::store::merge::{self, MergeReport};
use crate::store::notes::{self, Note};
use crate::store::{catalog, sales, Store, StoreError};

/// Why an action did not happen. Nothing was written in any of these cases.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("invalid customer: {0}")]
    Invalid(#[from] ValidationErrors),
    #[error(transparent)]
    Refused(#[from] Refusal),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Auth(#[from] crate::auth::AuthError),
    /// A sale refused before anything was written (e.g. not enough cash handed over).
    #[error(transparent)]
    Sale(#[from] crate::domain::sale::SaleError),
}

/// A request the service refuses by its own rules (the store was not asked to write).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("a customer cannot be merged with itself")]
    MergeWithItself,
    #[error("no customer with id {0}")]
    NoCustomer(CustomerId),
    #[error("customer {0} was anonymised")]
    Anonymised(CustomerId),
    #[error("a note cannot be empty")]
    EmptyNote,
    #[error("a sale needs at least one line")]
    EmptySale,
    #[error("a product needs a {0}")]
    ProductWithout(&'static str),
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

/// The customer `id`, read inside the transaction: refused when missing or anonymised.
fn live(tx: &Transaction, id: CustomerId) -> Result<Customer, ServiceError> {
    match customers::get(tx, id)? {
        Some(c) if c.anonymised => Err(Refusal::Anonymised(id).into()),
        Some(c) => Ok(c),
        None => Err(Refusal::NoCustomer(id).into()),
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

/// Adds a scanned reference (card, badge) to a customer: read, validated and written in
/// one transaction, so an edit made meanwhile elsewhere is not overwritten.
pub fn add_reference(
    store: &mut Store,
    actor: &Actor,
    id: CustomerId,
    reference: Reference,
) -> Result<Customer, ServiceError> {
    let ctx = actor.context();
    store.write(|tx| {
        let mut data = live(tx, id)?.data;
        data.references.push(reference);
        let data = data.validate(&ctx)?;
        Ok(customers::update(tx, id, &data, &actor.name)?)
    })
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

/// Two duplicates made one: `duplicate`'s sales, notes and references go to `survivor`,
/// whose data becomes `data`.
#[derive(Debug, Clone, PartialEq)]
pub struct MergeRequest {
    pub survivor: CustomerId,
    pub duplicate: CustomerId,
    /// The survivor's data after the merge (its references include the duplicate's).
    pub data: CustomerData,
    /// The fields taken from the duplicate, for the audit entry.
    pub taken: Vec<String>,
}

/// Merges two customers: refused when they are one, when either is missing or
/// anonymised, or when the merged data breaks a rule. The caller has checked the manager
/// role.
pub fn merge_customers(
    store: &mut Store,
    actor: &Actor,
    req: MergeRequest,
) -> Result<MergeReport, ServiceError> {
    if req.survivor == req.duplicate {
        return Err(Refusal::MergeWithItself.into());
    }
    let data = req.data.validate(&actor.context())?;
    store.write(|tx| {
        live(tx, req.survivor)?;
        live(tx, req.duplicate)?;
        Ok(merge::merge(
            tx,
            req.survivor,
            req.duplicate,
            &data,
            &req.taken,
            &actor.name,
        )?)
    })
}

/// Gives a past sale to another customer (`None`: to no customer); refused when that
/// customer is missing or anonymised. The caller has checked the manager role.
pub fn move_sale(
    store: &mut Store,
    actor: &Actor,
    sale: SaleId,
    to: Option<CustomerId>,
) -> Result<(), ServiceError> {
    store.write(|tx| {
        if let Some(to) = to {
            live(tx, to)?;
        }
        Ok(merge::move_sale(tx, sale, to, &actor.name)?)
    })
}

/// Adds a note to a customer's card; refused when empty, or when the customer is missing
/// or anonymised (its personal data is gone; a note must not bring some back).
pub fn add_note(
    store: &mut Store,
    actor: &Actor,
    id: CustomerId,
    body: &str,
) -> Result<Note, ServiceError> {
    let body = body.trim();
    if body.is_empty() {
        return Err(Refusal::EmptyNote.into());
    }
    store.write(|tx| {
        live(tx, id)?;
        Ok(notes::add(tx, id, &actor.name, body)?)
    })
}

/// A product to add to the catalogue (an unknown code scanned at the register).
#[derive(Debug, Clone, PartialEq)]
pub struct NewProduct {
    pub code: String,
    pub name: String,
    pub price: Money,
    pub tax_rate: Percent,
}

/// Adds a product; refused without a code or a name (or when the code is taken).
pub fn create_product(store: &mut Store, new: NewProduct) -> Result<Product, ServiceError> {
    if new.code.trim().is_empty() {
        return Err(Refusal::ProductWithout("code").into());
    }
    if new.name.trim().is_empty() {
        return Err(Refusal::ProductWithout("name").into());
    }
    let p = Product {
        id: ProductId::generate(),
        code: new.code,
        name: new.name,
        price: new.price,
        tax_rate: new.tax_rate,
    };
    store.write(|tx| catalog::upsert_product(tx, &p))?;
    Ok(p)
}

/// A sale ready to be stored: the service gives it its id, number and time.
#[derive(Debug, Clone, PartialEq)]
pub struct SaleDraft {
    pub lines: Vec<SaleLine>,
    pub customer: Option<CustomerId>,
    pub group_discount: Percent,
    pub tax: TaxPreference,
    pub method: PaymentMethod,
    /// Cash handed over (cash payments); `None`: the exact total.
    pub tendered: Option<Money>,
}

/// Stores a paid sale with the next ticket number of `register`; refused when it has no
/// line, when the cash tendered does not cover the total, or when its customer is gone.
pub fn store_sale(
    store: &mut Store,
    actor: &Actor,
    register: &str,
    d: &SaleDraft,
) -> Result<Sale, ServiceError> {
    if d.lines.is_empty() {
        return Err(Refusal::EmptySale.into());
    }
    let totals = sale::totals(&d.lines, d.group_discount, d.tax);
    let payment = match (d.method, d.tendered) {
        (PaymentMethod::Cash, Some(t)) => Payment::cash(totals.total, t)?,
        (method, _) => Payment {
            id: PaymentId::generate(),
            method,
            amount: totals.total,
            tendered: None,
            change: None,
        },
    };
    store.write(|tx| {
        if let Some(id) = d.customer {
            if customers::get(tx, id)?.is_none() {
                return Err(Refusal::NoCustomer(id).into());
            }
        }
        let s = Sale {
            id: SaleId::generate(),
            number: sales::next_number(tx, register)?,
            created_at: Utc::now(),
            customer_id: d.customer,
            group_discount: d.group_discount,
            tax: d.tax,
            lines: d.lines.clone(),
            payments: vec![payment],
            totals,
        };
        sales::insert(tx, &s, &actor.name)?;
        Ok(s)
    })
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
    use crate::demo::{self, DemoOptions};

    fn actor() -> Actor {
        Actor {
            name: "t".into(),
            country: "FR".into(),
        }
    }

    fn demo_store() -> Store {
        let mut s = Store::open_in_memory().unwrap();
        demo::generate(
            &mut s,
            &DemoOptions {
                customers: 30,
                seed: 5,
                now: Utc::now(),
                sales: true,
            },
        )
        .unwrap();
        s
    }

    /// Two customers that have sales (so a move or merge would change something).
    fn two_with_sales(s: &Store) -> (CustomerId, CustomerId) {
        let mut stmt = s
            .conn()
            .prepare("SELECT customer_id FROM sale GROUP BY customer_id LIMIT 2")
            .unwrap();
        let ids: Vec<CustomerId> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        (ids[0], ids[1])
    }

    /// Everything a write would touch: customers, references, notes, sales' owners, the
    /// change sequence and the audit log.
    fn snapshot(s: &Store) -> Vec<i64> {
        [
            "SELECT COUNT(*) FROM customer",
            "SELECT COUNT(*) FROM customer_ref",
            "SELECT COUNT(*) FROM customer_note",
            "SELECT COUNT(*) FROM customer_change",
            "SELECT COUNT(*) FROM audit_log",
            "SELECT COUNT(DISTINCT customer_id) FROM sale",
        ]
        .iter()
        .map(|q| s.conn().query_row(q, [], |r| r.get(0)).unwrap())
        .collect()
    }

    fn request(s: &Store, survivor: CustomerId, duplicate: CustomerId) -> MergeRequest {
        MergeRequest {
            survivor,
            duplicate,
            data: customers::get(s.conn(), survivor).unwrap().unwrap().data,
            taken: Vec::new(),
        }
    }

    #[test]
    fn merging_a_customer_into_itself_is_refused_and_writes_nothing() {
        let mut s = demo_store();
        let (a, _) = two_with_sales(&s);
        let before = snapshot(&s);
        let req = request(&s, a, a);
        let err = merge_customers(&mut s, &actor(), req).unwrap_err();
        assert!(matches!(
            err,
            ServiceError::Refused(Refusal::MergeWithItself)
        ));
        assert_eq!(snapshot(&s), before);
    }

    #[test]
    fn merging_with_a_deleted_or_anonymised_customer_is_refused_and_writes_nothing() {
        let mut s = demo_store();
        let (a, b) = two_with_sales(&s);
        // `b` has sales: deleting it anonymises it.
        assert_eq!(
            delete_customer(&mut s, &actor(), b).unwrap(),
            DeleteOutcome::Anonymised
        );
        let gone = add_customer(
            &mut s,
            &actor(),
            CustomerData {
                last_name: Some("Gone".into()),
                ..Default::default()
            },
        )
        .unwrap()
        .id;
        assert_eq!(
            delete_customer(&mut s, &actor(), gone).unwrap(),
            DeleteOutcome::Removed
        );
        let before = snapshot(&s);
        for (survivor, duplicate, why) in [
            (a, b, Refusal::Anonymised(b)),
            (b, a, Refusal::Anonymised(b)),
            (a, gone, Refusal::NoCustomer(gone)),
        ] {
            // Valid data (the anonymised customer's own would not be), so only the
            // database check can refuse.
            let req = MergeRequest {
                survivor,
                duplicate,
                ..request(&s, a, a)
            };
            let err = merge_customers(&mut s, &actor(), req).unwrap_err();
            match err {
                ServiceError::Refused(r) => assert_eq!(r, why),
                other => panic!("{survivor} <- {duplicate}: {other}"),
            }
            assert_eq!(snapshot(&s), before);
        }
    }

    #[test]
    fn a_merge_whose_data_breaks_a_rule_is_refused_and_writes_nothing() {
        let mut s = demo_store();
        let (a, b) = two_with_sales(&s);
        let before = snapshot(&s);
        let mut req = request(&s, a, b);
        req.data.email = Some("not an address".into());
        let err = merge_customers(&mut s, &actor(), req).unwrap_err();
        assert!(matches!(err, ServiceError::Invalid(_)), "{err}");
        assert_eq!(snapshot(&s), before);
    }

    #[test]
    fn a_valid_merge_through_the_service_removes_the_duplicate() {
        let mut s = demo_store();
        let (a, b) = two_with_sales(&s);
        let req = request(&s, a, b);
        let report = merge_customers(&mut s, &actor(), req).unwrap();
        assert_eq!(report.survivor.id, a);
        assert!(report.sales > 0);
        assert!(customers::get(s.conn(), b).unwrap().is_none());
    }

    #[test]
    fn moving_a_sale_to_an_anonymised_customer_is_refused_and_writes_nothing() {
        let mut s = demo_store();
        let (a, b) = two_with_sales(&s);
        let sale = sales::for_customer(s.conn(), a, 1).unwrap()[0].id;
        delete_customer(&mut s, &actor(), b).unwrap();
        let before = snapshot(&s);
        let err = move_sale(&mut s, &actor(), sale, Some(b)).unwrap_err();
        assert!(matches!(err, ServiceError::Refused(Refusal::Anonymised(_))));
        assert_eq!(snapshot(&s), before);
    }

    #[test]
    fn an_empty_note_or_a_note_on_a_missing_customer_is_refused() {
        let mut s = demo_store();
        let (a, _) = two_with_sales(&s);
        let before = snapshot(&s);
        let err = add_note(&mut s, &actor(), a, "  \n ").unwrap_err();
        assert!(matches!(err, ServiceError::Refused(Refusal::EmptyNote)));
        let nobody = CustomerId::generate();
        let err = add_note(&mut s, &actor(), nobody, "call back").unwrap_err();
        assert!(matches!(err, ServiceError::Refused(Refusal::NoCustomer(_))));
        assert_eq!(snapshot(&s), before);
        assert_eq!(
            add_note(&mut s, &actor(), a, " call back ").unwrap().body,
            "call back"
        );
    }

    #[test]
    fn a_sale_without_lines_or_with_too_little_cash_is_refused() {
        let mut s = demo_store();
        let before = snapshot(&s);
        let mut d = SaleDraft {
            lines: Vec::new(),
            customer: None,
            group_discount: Percent::ZERO,
            tax: TaxPreference::default(),
            method: PaymentMethod::Cash,
            tendered: None,
        };
        let err = store_sale(&mut s, &actor(), "R1", &d).unwrap_err();
        assert!(matches!(err, ServiceError::Refused(Refusal::EmptySale)));
        let sold = sales::get(s.conn(), sales_ids(&s)[0]).unwrap().unwrap();
        d.lines = sold.lines;
        d.tendered = Some(Money::ZERO);
        let err = store_sale(&mut s, &actor(), "R1", &d).unwrap_err();
        assert!(matches!(
            err,
            ServiceError::Sale(crate::domain::sale::SaleError::CashShort { .. })
        ));
        assert_eq!(snapshot(&s), before);
    }

    fn sales_ids(s: &Store) -> Vec<SaleId> {
        let mut stmt = s.conn().prepare("SELECT id FROM sale LIMIT 1").unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

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
