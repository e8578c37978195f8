//! Print jobs written with what they print: the drawer ahead of the receipt on cash, none
//! for a refused sale, the manager's drawer audited, retries refused where they make no
//! sense.

use rust_decimal::Decimal;

use super::*;
use crate::domain::catalog::Product;
use crate::domain::ids::ProductId;
use crate::domain::money::{Money, Percent};
use crate::domain::sale::{LineKind, SaleLine};
use crate::service::{self, store_sale_printed, PaymentDraft, Role, SaleDraft};
use crate::store::catalog;

fn actor(role: Role) -> Actor {
    Actor {
        name: "register:R1".into(),
        country: "FR".into(),
        role,
        register: "R1".into(),
        loyalty: Default::default(),
        offline: None,
    }
}

fn order(format: &str, drawer_on_cash: bool) -> PrintOrder {
    PrintOrder {
        spec: Some(Spec {
            printer: "tcp://127.0.0.1:9100".into(),
            format: format.into(),
            width: 32,
            code_page: "cp858".into(),
        }),
        drawer_on_cash,
        prep: Vec::new(),
        email: None,
        sms: None,
    }
}

/// A store with one product, and a ticket of it paid by `method`.
fn shop() -> (Store, SaleLine) {
    let mut store = Store::open_in_memory().unwrap();
    let p = Product {
        id: ProductId::generate(),
        code: "1001".into(),
        name: "Café Crème".into(),
        price: Money::from_cents(350),
        tax_rate: Percent::parse("20").unwrap(),
        cost: None,
        category: None,
    };
    store.write(|tx| catalog::upsert_product(tx, &p)).unwrap();
    let line = SaleLine {
        product_id: Some(p.id),
        code: p.code.clone(),
        name: p.name.clone(),
        quantity: Decimal::ONE,
        unit_price: p.price,
        discount: Percent::ZERO,
        tax_rate: p.tax_rate,
        kind: LineKind::Goods,
        origin: None,
        special: None,
    };
    (store, line)
}

fn kinds(store: &Store) -> Vec<(Kind, Option<String>)> {
    print_queue::open(store.conn(), "R1")
        .unwrap()
        .into_iter()
        .map(|j| (j.kind, j.ticket))
        .collect()
}

#[test]
fn a_cash_sale_queues_the_drawer_then_its_receipt_in_its_own_transaction() {
    let (mut store, line) = shop();
    let cash = SaleDraft::paid(vec![line.clone()], None, PaymentDraft::cash(None));
    let s = store_sale_printed(
        &mut store,
        &actor(Role::Cashier),
        &cash,
        Some(&order("escpos", true)),
    )
    .unwrap();
    assert_eq!(
        kinds(&store),
        [
            (Kind::Drawer, None),
            (Kind::Receipt, Some(s.number.clone()))
        ]
    );
    // By card, without a drawer, or to a text printer: the receipt alone.
    let card = SaleDraft::paid(vec![line], None, PaymentDraft::rest(PaymentMethod::Card));
    for (d, o) in [
        (&card, order("escpos", true)),
        (&cash, order("escpos", false)),
        (&cash, order("text", true)),
    ] {
        let before = kinds(&store).len();
        store_sale_printed(&mut store, &actor(Role::Cashier), d, Some(&o)).unwrap();
        let after = kinds(&store);
        assert_eq!(after.len(), before + 1);
        assert_eq!(after.last().map(|k| k.0), Some(Kind::Receipt));
    }
    // Without an order (the CLI's `sales add`), nothing is queued.
    service::store_sale(&mut store, &actor(Role::Cashier), &cash).unwrap();
    assert_eq!(kinds(&store).len(), 5);
}

#[test]
fn a_refused_sale_queues_nothing() {
    let (mut store, line) = shop();
    let short = SaleDraft::paid(
        vec![line],
        None,
        PaymentDraft::cash(Some(Money::from_cents(100))),
    );
    let o = order("escpos", true);
    assert!(store_sale_printed(&mut store, &actor(Role::Cashier), &short, Some(&o)).is_err());
    assert!(kinds(&store).is_empty());
}

#[test]
fn the_drawer_opens_for_the_manager_only_and_is_audited() {
    let (mut store, _) = shop();
    let o = order("escpos", false);
    let err = open_drawer(&mut store, &actor(Role::Cashier), &o).unwrap_err();
    assert!(
        matches!(err, ServiceError::Refused(Refusal::NeedsManager(_))),
        "{err}"
    );
    assert!(kinds(&store).is_empty());
    let id = open_drawer(&mut store, &actor(Role::Manager), &o).unwrap();
    assert_eq!(kinds(&store), [(Kind::Drawer, None)]);
    let audit = audit::for_entity(store.conn(), "print_job", &id.to_string()).unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].action, "drawer.open");
    assert_eq!(audit[0].actor, "register:R1");
    let text = order("text", true);
    let err = open_drawer(&mut store, &actor(Role::Manager), &text).unwrap_err();
    assert!(
        matches!(err, ServiceError::Refused(Refusal::NoDrawer)),
        "{err}"
    );
}

#[test]
fn a_reprint_is_queued_and_a_retry_needs_a_job_still_to_print() {
    let (mut store, line) = shop();
    let o = order("escpos", true);
    let d = SaleDraft::paid(vec![line], None, PaymentDraft::rest(PaymentMethod::Card));
    let s = service::store_sale(&mut store, &actor(Role::Cashier), &d).unwrap();
    let id = reprint(
        &mut store,
        &actor(Role::Cashier),
        s.id,
        o.spec.as_ref().unwrap(),
    )
    .unwrap();
    assert_eq!(kinds(&store), [(Kind::Receipt, Some(s.number.clone()))]);
    assert_eq!(retry_print_job(&mut store, id).unwrap(), Status::Waiting);
    let err = retry_print_job(&mut store, id + 7).unwrap_err();
    assert!(matches!(err, ServiceError::Refused(Refusal::NoPrintJob(_))));
    let now = chrono::Utc::now();
    store
        .write(|tx| {
            print_queue::claim(tx, id, now)?;
            print_queue::printed(tx, id, now)
        })
        .unwrap();
    let err = retry_print_job(&mut store, id).unwrap_err();
    assert!(matches!(
        err,
        ServiceError::Refused(Refusal::AlreadyPrinted(_))
    ));
    let gone = reprint(
        &mut store,
        &actor(Role::Cashier),
        SaleId::generate(),
        o.spec.as_ref().unwrap(),
    );
    assert!(gone.is_err());
}
