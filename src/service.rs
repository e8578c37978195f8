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
//!
//! Manager acts: the service, not only the screen, refuses them to an [`Actor`] whose
//! [`Role`] is `Cashier` ([`Refusal::NeedsManager`]): creating or changing a product, a
//! sale with a negative line or total (a refund), setting a customer's group, tax
//! preference or credit limit, deleting, merging, moving a past sale, changing the
//! settings. Each one done is an audit entry of its own transaction that says the
//! manager vouched for it.
//!
//! Parked tickets (`parked.rs`) are not money: parking and recalling one is the
//! cashier's, with no audit entry (the log notes it).

use chrono::Utc;
use rusqlite::Transaction;

#[cfg(test)]
mod crash_tests;
pub mod group_prices;
pub mod groups;
mod mail;
mod money;
mod parked;
mod pin;
mod print;
pub mod products;
mod reports;
mod settings;
pub mod words;
pub use mail::{
    queue_letter, retry_failed_messages, retry_message, Letter, MailOrder, BODY_MAX, SMS_MAX,
    SUBJECT_MAX,
};
pub use money::{
    expire_points, gift_card_draft, move_gift_card, new_gift_code, pay_in, pay_in_draft, refund,
    refund_draft, refund_printed, sell_gift_card, store_sale, store_sale_printed, units_text,
    PaymentDraft, RefundRequest, RefundTo, SaleDraft,
};
pub use parked::{park_ticket, recall_ticket, ParkRequest, Recalled, MAX_LABEL_CHARS, MAX_PARKED};
pub use pin::verify_manager_pin;
pub use print::{open_drawer, prepares, reprint, retry_print_job, PrepOrder, PrintOrder};
pub use reports::{audit_report_export, close_day_counted};
pub use settings::{change_settings, SettingsError};

use crate::domain::catalog::Product;
use crate::domain::customer::{
    Customer, CustomerData, Reference, ValidationContext, ValidationErrors,
};
use crate::domain::ids::{CustomerId, ProductId, SaleId};
use crate::domain::money::{Money, Percent};
use crate::store::customers::{self, DeleteOutcome};
use crate::store::merge::{self, MergeReport};
use crate::store::notes::{self, Note};
use crate::store::{audit, catalog, journal, Store, StoreError};

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
    #[error("no product with code {0:?}")]
    NoProduct(String),
    #[error("no customer group {0:?}")]
    NoGroup(String),
    #[error(
        "group {name:?} holds {customers} customers: say where they go (another group, or none)"
    )]
    GroupInUse { name: String, customers: usize },
    #[error("a group's name is 1 to {0} printable characters")]
    GroupName(usize),
    #[error(transparent)]
    Product(#[from] crate::domain::catalog::ProductError),
    /// A manager act asked by the cashier alone (no PIN, session locked).
    #[error("{0} needs the manager (PIN or an unlocked session)")]
    NeedsManager(&'static str),
    /// A payment or line that draws on a customer's balance, on a ticket without one.
    #[error("{0} needs a customer on the ticket")]
    NeedsCustomer(&'static str),
    /// A balance too low for what is asked of it.
    #[error("not enough {what}: {available} available, {asked} asked")]
    NotEnough {
        what: &'static str,
        available: String,
        asked: String,
    },
    /// A spend from a balance beyond what this register may allow while it cannot
    /// reach the hub (`[sync] offline_allowance`).
    #[error("hub out of reach: {allowed} of {what} at most per customer ({spent} spent here)")]
    OfflineLimit {
        what: &'static str,
        allowed: String,
        spent: String,
    },
    #[error(transparent)]
    Redeem(#[from] crate::domain::loyalty::RedeemError),
    #[error("no sale {0}")]
    NoSale(String),
    #[error("{0} is itself a refund; refund the original sale")]
    RefundOfRefund(String),
    #[error("{0} belongs to another customer; a refund goes to the sale's customer")]
    RefundOtherCustomer(String),
    #[error("sale {number} has no line {line} to give back")]
    NoSuchLine { number: String, line: u32 },
    #[error("line {line}: {sold} sold, {refunded} already refunded, {asked} asked")]
    RefundTooMuch {
        line: u32,
        sold: String,
        refunded: String,
        asked: String,
    },
    #[error("everything on {0} was already refunded")]
    NothingToRefund(String),
    #[error("the amount must be above zero")]
    NotPositive,
    #[error("money paid in comes by cash or card, not {0}")]
    PayInBy(&'static str),
    #[error("the sale's {earned} points were already spent ({left} left): they cannot move")]
    PointsSpent { earned: i64, left: i64 },
    #[error("the customer still holds or owes: {0}; settle it first")]
    BalancesLeft(String),
    #[error("no gift card `{0}`")]
    NoGiftCard(String),
    /// A closing (Z) of a day that has not begun.
    #[error("{0} has not begun: a day is closed on the day or after")]
    FutureDay(chrono::NaiveDate),
    #[error("the cash counted cannot be below zero")]
    CountedBelowZero,
    #[error("`{0}` is not a gift card code (letters and digits, at most 40)")]
    BadGiftCode(String),
    #[error("an empty ticket cannot be parked")]
    EmptyTicket,
    #[error("register {register} already holds {max} parked tickets: recall one first")]
    TooManyParked { register: String, max: usize },
    #[error("a parked ticket's label is one line of at most {0} characters")]
    ParkLabel(usize),
    #[error("this ticket cannot be parked: {0}")]
    TicketTooBig(String),
    #[error("no parked ticket {0} at this register (recalled already?)")]
    NoParkedTicket(String),
    /// The drawer opens through an ESC/POS receipt printer, and there is none.
    #[error("no cash drawer: it opens through an ESC/POS receipt printer ([receipt] printer)")]
    NoDrawer,
    #[error("no print job {0}")]
    NoPrintJob(i64),
    #[error("print job {0} was printed already")]
    AlreadyPrinted(i64),
    #[error("print job {0} is being sent now")]
    PrintJobBusy(i64),
    #[error("no message {0} in the outbox")]
    NoMessage(i64),
    #[error("message {0} was sent already")]
    MessageSent(i64),
    #[error("message {0} is being sent now")]
    MessageBusy(i64),
    #[error("a message needs a subject and a text")]
    EmptyMessage,
    #[error("a message's subject is one line of at most {0} characters and its text at most {1}")]
    MessageTooLong(usize, usize),
    #[error("customer {0} has no e-mail address")]
    NoEmail(CustomerId),
    #[error("customer {0} has not agreed to marketing e-mails: send it as a personal message, or not at all")]
    NoMarketingConsent(CustomerId),
    #[error("an SMS needs a text")]
    EmptySms,
    #[error("an SMS's text is at most {0} characters")]
    SmsTooLong(usize),
    #[error("customer {0} has no phone number an SMS can go to")]
    NoPhone(CustomerId),
    #[error("customer {0} has not agreed to marketing SMS: send it as a personal message, or not at all")]
    NoSmsConsent(CustomerId),
}

/// Who vouches for an action: the cashier alone, or the manager (the PIN checked now, or
/// the register's session unlocked with it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Role {
    #[default]
    Cashier,
    Manager,
}

/// Who acts and in which shop.
#[derive(Debug, Clone)]
pub struct Actor {
    /// Recorded in the audit log ("cli:alice", "register:R1").
    pub name: String,
    /// The shop's country, the default for phones and company numbers.
    pub country: String,
    /// Whether the manager vouches for what this actor asks.
    pub role: Role,
    /// The register acting: its ticket numbers, journal chain and ledger entries.
    pub register: String,
    /// The shop's loyalty program.
    pub loyalty: crate::domain::loyalty::Program,
    /// A register sharing a hub: what a customer may spend per balance while it is cut
    /// off from it (`None`: no hub, nothing to guard).
    pub offline: Option<crate::domain::ledger::OfflineAllowance>,
}

impl Actor {
    /// Refuses `what` unless the manager vouches for it.
    fn require_manager(&self, what: &'static str) -> Result<(), Refusal> {
        match self.role {
            Role::Manager => Ok(()),
            Role::Cashier => Err(Refusal::NeedsManager(what)),
        }
    }

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

/// What a customer's data must not change without the manager: the group (a discount),
/// the tax preference (exemption) and the credit limit.
const MANAGER_FIELDS: &str = "a customer's group, tax preference or credit limit";

/// The manager-only fields that differ between `before` and `after`.
pub fn manager_fields_changed(before: &CustomerData, after: &CustomerData) -> Vec<&'static str> {
    let mut out = Vec::new();
    if before.group != after.group {
        out.push("group");
    }
    if before.tax != after.tax {
        out.push("tax");
    }
    if before.account != after.account {
        out.push("account");
    }
    out
}

/// Refuses a change of manager-only fields by the cashier; audits one by the manager.
fn manager_fields(
    tx: &Transaction,
    actor: &Actor,
    id: CustomerId,
    before: &CustomerData,
    after: &CustomerData,
) -> Result<(), ServiceError> {
    let fields = manager_fields_changed(before, after);
    if fields.is_empty() {
        return Ok(());
    }
    actor.require_manager(MANAGER_FIELDS)?;
    audit::record(
        tx,
        &actor.name,
        "customer.manager_fields",
        "customer",
        Some(&id.to_string()),
        serde_json::json!({ "fields": fields, "role": "manager" }),
    )?;
    Ok(())
}

/// Validates and stores a new customer; a group, a tax preference or a credit limit
/// needs the manager.
pub fn add_customer(
    store: &mut Store,
    actor: &Actor,
    data: CustomerData,
) -> Result<Customer, ServiceError> {
    let data = data.validate(&actor.context())?;
    if !manager_fields_changed(&CustomerData::default(), &data).is_empty() {
        actor.require_manager(MANAGER_FIELDS)?;
    }
    store.write(|tx| {
        let c = customers::create(tx, &data, &actor.name)?;
        manager_fields(tx, actor, c.id, &CustomerData::default(), &data)?;
        Ok(c)
    })
}

/// Validates and stores new values for an existing customer; changing its group, tax
/// preference or credit limit needs the manager (checked against the stored values,
/// inside the transaction).
pub fn edit_customer(
    store: &mut Store,
    actor: &Actor,
    id: CustomerId,
    data: CustomerData,
) -> Result<Customer, ServiceError> {
    let data = data.validate(&actor.context())?;
    store.write(|tx| {
        if let Some(before) = customers::get(tx, id)? {
            manager_fields(tx, actor, id, &before.data, &data)?;
        }
        Ok(customers::update(tx, id, &data, &actor.name)?)
    })
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

/// Deletes a customer, or anonymises one with sales (manager). After the commit the
/// write-ahead log is checkpointed and truncated ([`Store::checkpoint`]), so no copy of
/// the erased fields stays in it.
pub fn delete_customer(
    store: &mut Store,
    actor: &Actor,
    id: CustomerId,
) -> Result<DeleteOutcome, ServiceError> {
    actor.require_manager("deleting a customer")?;
    let outcome = store.write(|tx| {
        money::check_settled(tx, actor, id)?;
        Ok::<_, ServiceError>(customers::delete(tx, id, &actor.name)?)
    })?;
    // The log still holds the customer's pages as they were: copy it in and empty it.
    match store.checkpoint() {
        Ok(true) => {}
        Ok(false) => tracing::warn!("write-ahead log in use by another reader; truncated later"),
        Err(e) => tracing::warn!("write-ahead log not checkpointed after a delete: {e}"),
    }
    Ok(outcome)
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
/// anonymised, or when the merged data breaks a rule (manager).
pub fn merge_customers(
    store: &mut Store,
    actor: &Actor,
    req: MergeRequest,
) -> Result<MergeReport, ServiceError> {
    actor.require_manager("a merge")?;
    if req.survivor == req.duplicate {
        return Err(Refusal::MergeWithItself.into());
    }
    let data = req.data.validate(&actor.context())?;
    store.write(|tx| {
        live(tx, req.survivor)?;
        live(tx, req.duplicate)?;
        money::merge_ledgers(tx, actor, req.survivor, req.duplicate)?;
        let report = merge::merge(
            tx,
            req.survivor,
            req.duplicate,
            &data,
            &req.taken,
            &actor.name,
        )?;
        let body = serde_json::json!({
            "survivor": req.survivor.to_string(),
            "duplicate": req.duplicate.to_string(),
            "sales": report.sales,
        });
        journal::append(
            tx,
            &actor.register,
            journal::EntryKind::Merge,
            Some(&req.survivor),
            Utc::now(),
            &body.to_string(),
        )?;
        Ok(report)
    })
}

/// Gives a past sale to another customer (`None`: to no customer); refused when that
/// customer is missing or anonymised (manager). Returns the loyalty points that moved
/// with it (a sale that had no customer gives the new one the points it would have
/// earned).
pub fn move_sale(
    store: &mut Store,
    actor: &Actor,
    sale: SaleId,
    to: Option<CustomerId>,
) -> Result<i64, ServiceError> {
    actor.require_manager("moving a past sale")?;
    store.write(|tx| {
        if let Some(to) = to {
            live(tx, to)?;
        }
        let from = merge::move_sale(tx, sale, to, &actor.name)?;
        let points = money::move_points(tx, actor, sale, from, to)?;
        let body = serde_json::json!({
            "sale": sale.to_string(),
            "from": from.map(|c| c.to_string()),
            "to": to.map(|c| c.to_string()),
            "points": points,
        });
        journal::append(
            tx,
            &actor.register,
            journal::EntryKind::Move,
            Some(&sale),
            Utc::now(),
            &body.to_string(),
        )?;
        Ok(points)
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
    /// What one unit cost the shop, when known.
    pub cost: Option<Money>,
    /// The shop's category, when it files the product under one.
    pub category: Option<String>,
}

/// Adds a product (manager); refused without a code or a name, with a negative price, or
/// when the code is taken. Audited.
pub fn create_product(
    store: &mut Store,
    actor: &Actor,
    new: NewProduct,
) -> Result<Product, ServiceError> {
    actor.require_manager("adding a product")?;
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
        cost: new.cost,
        category: new.category,
    };
    p.check().map_err(Refusal::from)?;
    store.write(|tx| {
        catalog::upsert_product(tx, &p)?;
        audit::record(
            tx,
            &actor.name,
            "product.create",
            "product",
            Some(&p.id.to_string()),
            serde_json::json!({
                "code": p.code, "price": p.price.to_string(), "category": p.category,
                "role": "manager",
            }),
        )
    })?;
    Ok(p)
}

/// Records the actor's register's daily closing (Z): the totals since its last closing
/// and the chain's head, one journal entry, audited.
pub fn close_day(
    store: &mut Store,
    actor: &Actor,
    cash_counted: Option<Money>,
) -> Result<journal::Closing, ServiceError> {
    store.write(|tx| {
        let c = journal::close(tx, &actor.register, Utc::now(), cash_counted)?;
        audit::record(
            tx,
            &actor.name,
            "journal.close",
            "journal",
            Some(&format!("{}:{}", c.register, c.seq)),
            serde_json::json!({ "sales": c.sales, "goods": c.goods.to_string() }),
        )?;
        Ok(c)
    })
}

/// Keys of a customer's JSON that the store owns: ignored on input, so the output of
/// `customers show --json` can be edited and fed back (README "Customer JSON").
pub const OWNED_KEYS: [&str; 5] = ["id", "created_at", "updated_at", "anonymised", "last_visit"];

/// `value` without the [`OWNED_KEYS`] (when it is an object).
pub fn without_owned(mut value: serde_json::Value) -> serde_json::Value {
    if let serde_json::Value::Object(m) = &mut value {
        for k in OWNED_KEYS {
            m.remove(k);
        }
    }
    value
}

/// Reads a customer from its JSON (README "Customer JSON", what `customers add` takes):
/// the store's own keys ignored, unknown keys refused by name. Not yet validated.
pub fn customer_from_json(value: serde_json::Value) -> Result<CustomerData, serde_json::Error> {
    serde_json::from_value(without_owned(value))
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
    use crate::domain::customer::TaxPreference;
    use crate::domain::sale::{PaymentMethod, SaleLine};
    use crate::store::sales;

    fn actor() -> Actor {
        Actor {
            name: "t".into(),
            country: "FR".into(),
            role: Role::Manager,
            register: "R1".into(),
            loyalty: Default::default(),
            offline: None,
        }
    }

    fn cashier() -> Actor {
        Actor {
            role: Role::Cashier,
            ..actor()
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

    /// Everything a write would touch: customers, references, notes, sales' owners, the
    /// change sequence and the audit log.
    use crate::store::merge::tests::two_with_sales;

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
            payments: vec![crate::service::PaymentDraft {
                method: PaymentMethod::Cash,
                amount: None,
                tendered: None,
                reference: None,
            }],
            refund_of: None,
            email_receipt: false,
            sms_receipt: false,
        };
        let err = store_sale(&mut s, &actor(), &d).unwrap_err();
        assert!(matches!(err, ServiceError::Refused(Refusal::EmptySale)));
        let sold = sales::get(s.conn(), sales_ids(&s)[0]).unwrap().unwrap();
        d.lines = sold.lines;
        d.payments[0].tendered = Some(Money::ZERO);
        let err = store_sale(&mut s, &actor(), &d).unwrap_err();
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

    fn audited(s: &Store, action: &str) -> Vec<serde_json::Value> {
        let mut stmt = s
            .conn()
            .prepare("SELECT detail FROM audit_log WHERE action = ?1 ORDER BY id")
            .unwrap();
        stmt.query_map([action], |r| r.get::<_, String>(0))
            .unwrap()
            .map(|d| serde_json::from_str(&d.unwrap()).unwrap())
            .collect()
    }

    fn product(price: i64) -> NewProduct {
        NewProduct {
            code: "2000000000015".into(),
            name: "Avoir".into(),
            price: Money::from_cents(price),
            tax_rate: Percent::ZERO,
            cost: None,
            category: None,
        }
    }

    #[test]
    fn a_line_below_cost_or_repriced_needs_the_manager_and_is_audited() {
        let mut s = demo_store();
        let p = create_product(
            &mut s,
            &actor(),
            NewProduct {
                cost: Some(Money::from_cents(800)),
                ..product(1000)
            },
        )
        .unwrap();
        let line = |price: i64| SaleLine {
            product_id: Some(p.id),
            code: p.code.clone(),
            name: p.name.clone(),
            quantity: rust_decimal::Decimal::TWO,
            unit_price: Money::from_cents(price),
            discount: Percent::ZERO,
            tax_rate: Percent::ZERO,
            kind: Default::default(),
            origin: None,
            special: None,
        };
        let draft = |price: i64, group: &str| SaleDraft {
            lines: vec![line(price)],
            customer: None,
            group_discount: Percent::parse(group).unwrap(),
            tax: TaxPreference::default(),
            payments: vec![crate::service::PaymentDraft {
                method: PaymentMethod::Card,
                amount: None,
                tendered: None,
                reference: None,
            }],
            refund_of: None,
            email_receipt: false,
            sms_receipt: false,
        };
        // At the shelf price the cashier sells alone.
        store_sale(&mut s, &cashier(), &draft(1000, "0")).unwrap();
        let before = snapshot(&s);
        // A group discount that takes the line below cost, or another price than the
        // product's (a price edit): the manager's.
        for (price, group) in [(1000, "30"), (900, "0"), (799, "0")] {
            let err = store_sale(&mut s, &cashier(), &draft(price, group)).unwrap_err();
            assert!(
                matches!(err, ServiceError::Refused(Refusal::NeedsManager(_))),
                "{err}"
            );
        }
        assert_eq!(snapshot(&s), before);
        store_sale(&mut s, &actor(), &draft(1000, "30")).unwrap();
        store_sale(&mut s, &actor(), &draft(900, "0")).unwrap();
        let below = audited(&s, "sale.below_cost");
        assert_eq!(below.len(), 1);
        assert_eq!(below[0]["codes"], serde_json::json!([p.code]));
        let repriced = audited(&s, "sale.price_override");
        assert_eq!(repriced.len(), 1);
        assert_eq!(repriced[0]["role"], "manager");
    }

    #[test]
    fn a_product_needs_the_manager_a_price_of_zero_or_more_and_is_audited() {
        // Failed before: the cashier's "Add product" stored -50.00 with no audit entry.
        let mut s = demo_store();
        let before = snapshot(&s);
        let err = create_product(&mut s, &cashier(), product(-5000)).unwrap_err();
        assert!(matches!(
            err,
            ServiceError::Refused(Refusal::NeedsManager(_))
        ));
        let err = create_product(&mut s, &actor(), product(-5000)).unwrap_err();
        assert!(
            matches!(err, ServiceError::Refused(Refusal::Product(_))),
            "{err}"
        );
        assert_eq!(snapshot(&s), before);
        let p = create_product(&mut s, &actor(), product(500)).unwrap();
        let entries = audited(&s, "product.create");
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0]["role"], "manager");
        assert_eq!(entries[0]["code"], p.code.as_str());
    }

    fn refund_draft() -> SaleDraft {
        SaleDraft {
            lines: vec![SaleLine {
                product_id: None,
                code: "R".into(),
                name: "Refund".into(),
                quantity: rust_decimal::Decimal::ONE,
                unit_price: Money::from_cents(-5000),
                discount: Percent::ZERO,
                tax_rate: Percent::ZERO,
                kind: Default::default(),
                origin: None,
                special: None,
            }],
            customer: None,
            group_discount: Percent::ZERO,
            tax: TaxPreference::default(),
            payments: vec![crate::service::PaymentDraft {
                method: PaymentMethod::Cash,
                amount: None,
                tendered: Some(Money::ZERO),
                reference: None,
            }],
            refund_of: None,
            email_receipt: false,
            sms_receipt: false,
        }
    }

    #[test]
    fn a_negative_sale_is_a_refund_only_the_manager_stores_and_it_is_audited() {
        // Failed before: cash 0 for a -50.00 ticket stored a sale of -50.00, by anyone.
        let mut s = demo_store();
        let before = snapshot(&s);
        let err = store_sale(&mut s, &cashier(), &refund_draft()).unwrap_err();
        assert!(matches!(
            err,
            ServiceError::Refused(Refusal::NeedsManager(_))
        ));
        assert_eq!(snapshot(&s), before);
        let sale = store_sale(&mut s, &actor(), &refund_draft()).unwrap();
        assert_eq!(sale.totals.total, Money::from_cents(-5000));
        assert_eq!(sale.payments[0].change, Some(Money::from_cents(5000)));
        // Cash "the exact amount" of a refund: nothing handed over, the refund given back.
        let exact = SaleDraft {
            payments: vec![crate::service::PaymentDraft {
                method: PaymentMethod::Cash,
                amount: None,
                tendered: None,
                reference: None,
            }],
            ..refund_draft()
        };
        let sale = store_sale(&mut s, &actor(), &exact).unwrap();
        assert_eq!(sale.payments[0].tendered, Some(Money::ZERO));
        assert_eq!(sale.payments[0].change, Some(Money::from_cents(5000)));
        let entries = audited(&s, "sale.refund");
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[1]["number"], sale.number.as_str());
        assert_eq!(entries[0]["role"], "manager");
    }

    #[test]
    fn group_tax_and_credit_limit_are_the_managers_and_audited() {
        // Failed before: edit_customer took any group, exemption or credit limit.
        let mut s = demo_store();
        let c = add_customer(
            &mut s,
            &cashier(),
            CustomerData {
                last_name: Some("Martin".into()),
                ..Default::default()
            },
        )
        .unwrap();
        let before = snapshot(&s);
        let mut vip = c.data.clone();
        vip.group = Some("VIP".into());
        let mut exempt = c.data.clone();
        exempt.tax = TaxPreference::Exempt;
        let mut credit = c.data.clone();
        credit.account = Some(crate::domain::customer::AccountAllowance {
            credit_limit: Money::from_cents(100_000),
        });
        for data in [vip.clone(), exempt, credit] {
            let err = edit_customer(&mut s, &cashier(), c.id, data.clone()).unwrap_err();
            assert!(
                matches!(err, ServiceError::Refused(Refusal::NeedsManager(_))),
                "{err}"
            );
            let err = add_customer(&mut s, &cashier(), data).unwrap_err();
            assert!(matches!(
                err,
                ServiceError::Refused(Refusal::NeedsManager(_))
            ));
        }
        assert_eq!(snapshot(&s), before);
        // The cashier still edits the rest.
        let mut renamed = c.data.clone();
        renamed.first_name = Some("Léa".into());
        edit_customer(&mut s, &cashier(), c.id, renamed).unwrap();
        assert!(audited(&s, "customer.manager_fields").is_empty());
        vip.first_name = Some("Léa".into());
        edit_customer(&mut s, &actor(), c.id, vip).unwrap();
        let entries = audited(&s, "customer.manager_fields");
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0]["fields"], serde_json::json!(["group"]));
        assert_eq!(entries[0]["role"], "manager");
    }

    #[test]
    fn delete_merge_and_moving_a_sale_are_refused_to_the_cashier() {
        let mut s = demo_store();
        let (a, b) = two_with_sales(&s);
        let sale = sales::for_customer(s.conn(), a, 1).unwrap()[0].id;
        let before = snapshot(&s);
        let refused =
            |e: ServiceError| matches!(e, ServiceError::Refused(Refusal::NeedsManager(_)));
        assert!(refused(delete_customer(&mut s, &cashier(), a).unwrap_err()));
        let req = request(&s, a, b);
        assert!(refused(
            merge_customers(&mut s, &cashier(), req).unwrap_err()
        ));
        assert!(refused(
            move_sale(&mut s, &cashier(), sale, Some(b)).unwrap_err()
        ));
        assert_eq!(snapshot(&s), before);
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

    #[test]
    fn a_deleted_customer_leaves_no_copy_in_the_database_or_its_log_while_it_is_open() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("c.db");
        let mut store = Store::open(&db).unwrap();
        let data = CustomerData {
            last_name: Some("Quixotrampe".into()),
            ..Default::default()
        };
        let c = add_customer(&mut store, &actor(), data).unwrap();
        let wal = dir.path().join("c.db-wal");
        let holds = |p: &std::path::Path| {
            let bytes = std::fs::read(p).unwrap_or_default();
            bytes.windows(11).any(|w| w == b"Quixotrampe")
        };
        assert!(holds(&wal) || holds(&db), "stored");
        let outcome = delete_customer(&mut store, &actor(), c.id).unwrap();
        assert_eq!(outcome, DeleteOutcome::Removed);
        // The store is still open (a register running): the log is not removed at close.
        assert!(!holds(&wal), "in the write-ahead log");
        assert!(!holds(&db), "in the database");
    }
}
