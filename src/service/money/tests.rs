//! The money rules through the service: split payments, balances and their ledgers,
//! refunds by line, the account limit, merges, moves, the journal; and a property test
//! over random sequences of all of them.

use proptest::prelude::*;
use rust_decimal::Decimal;

use super::*;
use crate::domain::catalog::Product;
use crate::domain::customer::{AccountAllowance, CustomerData};
use crate::domain::ids::ProductId;
use crate::service::{self, MergeRequest, Role};
use crate::store::journal;

fn actor(role: Role) -> Actor {
    Actor {
        name: "test".into(),
        country: "FR".into(),
        role,
        register: "R1".into(),
        loyalty: Default::default(),
        offline: None,
    }
}

fn manager() -> Actor {
    actor(Role::Manager)
}

fn cashier() -> Actor {
    actor(Role::Cashier)
}

fn m(s: &str) -> Money {
    Money::parse(s).unwrap()
}

struct Shop {
    store: Store,
    coffee: Product,
    tea: Product,
}

fn product(code: &str, cents: i64) -> Product {
    Product {
        id: ProductId::generate(),
        code: code.into(),
        name: format!("Product {code}"),
        price: Money::from_cents(cents),
        tax_rate: Percent::parse("5.5").unwrap(),
        cost: None,
        category: None,
    }
}

fn shop() -> Shop {
    let mut store = Store::open_in_memory().unwrap();
    let (coffee, tea) = (product("1001", 890), product("1002", 450));
    store
        .write(|tx| {
            catalog::upsert_product(tx, &coffee)?;
            catalog::upsert_product(tx, &tea)
        })
        .unwrap();
    Shop { store, coffee, tea }
}

fn customer(s: &mut Shop, last: &str, limit: Option<&str>) -> CustomerId {
    let data = CustomerData {
        first_name: Some("Ana".into()),
        last_name: Some(last.into()),
        account: limit.map(|l| AccountAllowance { credit_limit: m(l) }),
        ..CustomerData::default()
    };
    service::add_customer(&mut s.store, &manager(), data)
        .unwrap()
        .id
}

fn line(p: &Product, qty: i64) -> SaleLine {
    SaleLine {
        product_id: Some(p.id),
        code: p.code.clone(),
        name: p.name.clone(),
        quantity: Decimal::from(qty),
        unit_price: p.price,
        discount: Percent::ZERO,
        tax_rate: p.tax_rate,
        kind: LineKind::Goods,
        origin: None,
        special: None,
    }
}

fn sale(
    lines: Vec<SaleLine>,
    customer: Option<CustomerId>,
    payments: Vec<PaymentDraft>,
) -> SaleDraft {
    SaleDraft {
        payments,
        ..SaleDraft::paid(lines, customer, PaymentDraft::rest(PaymentMethod::Cash))
    }
}

fn balances(s: &Shop, c: CustomerId) -> crate::domain::ledger::Balances {
    ledger::balances(s.store.conn(), c).unwrap()
}

/// Every balance equals its ledger, the journal verifies, the database is healthy.
fn assert_books(s: &Shop) {
    let conn = s.store.conn();
    assert_eq!(ledger::check_sums(conn).unwrap(), vec![]);
    let v = journal::verify(conn).unwrap();
    assert!(v.ok(), "{v:?}");
    let h = crate::store::health::check(conn).unwrap();
    assert!(h.ok(), "{h:?}");
}

fn rows(s: &Shop) -> i64 {
    s.store
        .conn()
        .query_row(
            "SELECT (SELECT COUNT(*) FROM sale) + (SELECT COUNT(*) FROM ledger)
                  + (SELECT COUNT(*) FROM journal) + (SELECT COUNT(*) FROM payment)",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn top_up_then_pay_wallet_and_cash_with_change_from_cash_only() {
    let mut s = shop();
    let c = customer(&mut s, "Wallet", None);
    let top = pay_in(
        &mut s.store,
        &cashier(),
        c,
        LineKind::TopUp,
        m("20"),
        PaymentDraft::rest(PaymentMethod::Card),
    )
    .unwrap();
    assert_eq!(top.points, 0, "a top-up earns no points");
    assert_eq!(balances(&s, c).wallet, m("20"));
    let d = sale(
        vec![line(&s.coffee, 2)],
        Some(c),
        vec![
            PaymentDraft::of(PaymentMethod::Wallet, m("10")),
            PaymentDraft::cash(Some(m("50"))),
        ],
    );
    let sold = store_sale(&mut s.store, &cashier(), &d).unwrap();
    assert_eq!(sold.totals.total, m("17.80"));
    assert_eq!(sold.payments[1].amount, m("7.80"));
    assert_eq!(sold.payments[1].change, Some(m("42.20")));
    assert_eq!(sold.points, 7, "points on the 7.80 paid in money only");
    let b = balances(&s, c);
    assert_eq!((b.wallet, b.points), (m("10"), 7));
    assert_books(&s);
}

#[test]
fn a_register_cut_off_from_its_hub_lets_a_customer_spend_only_the_offline_allowance() {
    let mut s = shop();
    let c = customer(&mut s, "Offline", None);
    pay_in(
        &mut s.store,
        &cashier(),
        c,
        LineKind::TopUp,
        m("60"),
        PaymentDraft::rest(PaymentMethod::Cash),
    )
    .unwrap();
    let hubbed = Actor {
        offline: Some(OfflineAllowance {
            money: m("20"),
            points: 100,
        }),
        ..cashier()
    };
    let by_wallet = |coffees| {
        sale(
            vec![line(&s.coffee, coffees)],
            Some(c),
            vec![PaymentDraft::rest(PaymentMethod::Wallet)],
        )
    };
    let (two, one) = (by_wallet(2), by_wallet(1));
    // Not joined to a hub: nothing to guard.
    store_sale(&mut s.store, &hubbed, &two).unwrap();
    // Joined, its last good pass 10 minutes ago: cut off.
    let stale = crate::store::time_text(Utc::now() - chrono::Duration::minutes(10));
    s.store
        .write(|tx| {
            outbox::set_state(tx, outbox::HUB, "postgres://r1@hub/shop")?;
            outbox::set_state(tx, outbox::LAST_SYNC, &stale)
        })
        .unwrap();
    store_sale(&mut s.store, &hubbed, &two).unwrap();
    // 17.80 spent here since, 8.90 more passes the 20.00 allowance, though the wallet
    // holds 24.40.
    let before = rows(&s);
    let err = store_sale(&mut s.store, &hubbed, &one).unwrap_err();
    assert_eq!(
        err.to_string(),
        "hub out of reach: 20.00 of wallet at most per customer (17.80 spent here)"
    );
    assert_eq!(
        crate::service::words::describe(&err, crate::lang::Lang::Fr),
        "Hors ligne : 20.00 de porte-monnaie au plus par client (17.80 dépensé ici)"
    );
    assert_eq!(rows(&s), before, "nothing written");
    // The hub reached again (the outbox sent): the balance alone decides.
    let now = crate::store::time_text(Utc::now());
    s.store
        .write(|tx| {
            tx.execute("DELETE FROM sync_outbox", [])?;
            outbox::set_state(tx, outbox::LAST_SYNC, &now)
        })
        .unwrap();
    store_sale(&mut s.store, &hubbed, &one).unwrap();
    assert_eq!(balances(&s, c).wallet, m("15.50"));
    assert_books(&s);
}

#[test]
fn spending_more_than_the_wallet_holds_is_refused_and_writes_nothing() {
    let mut s = shop();
    let c = customer(&mut s, "Short", None);
    pay_in(
        &mut s.store,
        &cashier(),
        c,
        LineKind::TopUp,
        m("5"),
        PaymentDraft::rest(PaymentMethod::Cash),
    )
    .unwrap();
    let before = rows(&s);
    let d = sale(
        vec![line(&s.coffee, 1)],
        Some(c),
        vec![PaymentDraft::rest(PaymentMethod::Wallet)],
    );
    let err = store_sale(&mut s.store, &cashier(), &d).unwrap_err();
    assert_eq!(
        err.to_string(),
        "not enough wallet: 5.00 available, 8.90 asked"
    );
    assert_eq!(rows(&s), before);
    // Without a customer, a wallet cannot pay at all.
    let d = sale(
        vec![line(&s.coffee, 1)],
        None,
        vec![PaymentDraft::rest(PaymentMethod::Wallet)],
    );
    let err = store_sale(&mut s.store, &cashier(), &d).unwrap_err();
    assert_eq!(err.to_string(), "wallet needs a customer on the ticket");
    // Payments that do not cover the total.
    let d = sale(
        vec![line(&s.coffee, 1)],
        Some(c),
        vec![PaymentDraft::of(PaymentMethod::Card, m("1"))],
    );
    assert!(matches!(
        store_sale(&mut s.store, &cashier(), &d),
        Err(ServiceError::Sale(_))
    ));
    assert_eq!(rows(&s), before);
}

#[test]
fn on_account_within_the_limit_then_the_manager_passes_it_then_settled() {
    let mut s = shop();
    let c = customer(&mut s, "Account", Some("20"));
    let no_account = customer(&mut s, "Cash", None);
    let on_account = |c| {
        sale(
            vec![line(&s.coffee, 2)],
            Some(c),
            vec![PaymentDraft::rest(PaymentMethod::OnAccount)],
        )
    };
    store_sale(&mut s.store, &cashier(), &on_account(c)).unwrap();
    assert_eq!(balances(&s, c).owed, m("17.80"));
    let err = store_sale(&mut s.store, &cashier(), &on_account(c)).unwrap_err();
    assert!(err.to_string().contains("credit limit"), "{err}");
    let err = store_sale(&mut s.store, &cashier(), &on_account(no_account)).unwrap_err();
    assert!(err.to_string().contains("credit limit"), "{err}");
    store_sale(&mut s.store, &manager(), &on_account(c)).unwrap();
    assert_eq!(balances(&s, c).owed, m("35.60"));
    let over: i64 = s
        .store
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'sale.over_limit'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(over, 1);
    let err = pay_in(
        &mut s.store,
        &cashier(),
        c,
        LineKind::Settlement,
        m("40"),
        PaymentDraft::rest(PaymentMethod::Cash),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "not enough account: 35.60 available, 40.00 asked"
    );
    pay_in(
        &mut s.store,
        &cashier(),
        c,
        LineKind::Settlement,
        m("35.60"),
        PaymentDraft::rest(PaymentMethod::Card),
    )
    .unwrap();
    assert_eq!(balances(&s, c).owed, Money::ZERO);
    assert_books(&s);
}

#[test]
fn points_pay_at_their_value_above_the_minimum() {
    let mut s = shop();
    let c = customer(&mut s, "Points", None);
    for _ in 0..3 {
        let d = sale(
            vec![line(&s.coffee, 10)],
            Some(c),
            vec![PaymentDraft::rest(PaymentMethod::Card)],
        );
        store_sale(&mut s.store, &cashier(), &d).unwrap();
    }
    assert_eq!(balances(&s, c).points, 267);
    let d = sale(
        vec![line(&s.tea, 1)],
        Some(c),
        vec![
            PaymentDraft::of(PaymentMethod::Points, m("0.50")),
            PaymentDraft::rest(PaymentMethod::Cash),
        ],
    );
    let err = store_sale(&mut s.store, &cashier(), &d).unwrap_err();
    assert!(err.to_string().contains("at least 100 points"), "{err}");
    let d = sale(
        vec![line(&s.tea, 1)],
        Some(c),
        vec![
            PaymentDraft::of(PaymentMethod::Points, m("2.00")),
            PaymentDraft::rest(PaymentMethod::Cash),
        ],
    );
    let sold = store_sale(&mut s.store, &cashier(), &d).unwrap();
    assert_eq!(sold.payments[0].points, 200);
    assert_eq!(sold.points, 2, "earned on the 2.50 paid in cash");
    assert_eq!(balances(&s, c).points, 69);
    assert_books(&s);
}

#[test]
fn a_refund_gives_back_lines_once_to_store_credit_and_takes_back_their_points() {
    let mut s = shop();
    let c = customer(&mut s, "Refund", None);
    let d = sale(
        vec![line(&s.coffee, 2), line(&s.tea, 1)],
        Some(c),
        vec![PaymentDraft::rest(PaymentMethod::Card)],
    );
    let sold = store_sale(&mut s.store, &cashier(), &d).unwrap();
    assert_eq!(sold.points, 22);
    let req = |lines: Vec<(u32, i64)>, to| RefundRequest {
        sale: sold.id,
        lines: lines
            .into_iter()
            .map(|(n, q)| (n, Decimal::from(q)))
            .collect(),
        to,
        new_lines: Vec::new(),
    };
    assert!(matches!(
        refund(
            &mut s.store,
            &cashier(),
            &req(vec![(1, 1)], RefundTo::Credit)
        ),
        Err(ServiceError::Refused(Refusal::NeedsManager(_)))
    ));
    let r = refund(
        &mut s.store,
        &manager(),
        &req(vec![(1, 1)], RefundTo::Credit),
    )
    .unwrap();
    assert_eq!(r.totals.total, m("-8.90"));
    assert_eq!(r.refund_of, Some(sold.id));
    assert_eq!(r.points, -8, "22 points x 8.90 / 22.30, rounded down");
    let b = balances(&s, c);
    assert_eq!((b.store_credit, b.points), (m("8.90"), 14));
    let before = rows(&s);
    let err = refund(
        &mut s.store,
        &manager(),
        &req(vec![(1, 2)], RefundTo::Credit),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 1: 2 sold, 1 already refunded, 2 asked"
    );
    assert_eq!(rows(&s), before);
    // Everything left, back to the card it was paid with: all 22 points are gone.
    let r = refund(&mut s.store, &manager(), &req(vec![], RefundTo::Original)).unwrap();
    assert_eq!(r.totals.total, m("-13.40"));
    assert_eq!(r.payments.len(), 1);
    assert_eq!(r.payments[0].method, PaymentMethod::Card);
    assert_eq!(balances(&s, c).points, 0);
    let err = refund(&mut s.store, &manager(), &req(vec![], RefundTo::Original)).unwrap_err();
    assert!(err.to_string().contains("already refunded"), "{err}");
    // The credit note pays a later sale.
    let d = sale(
        vec![line(&s.coffee, 1)],
        Some(c),
        vec![PaymentDraft::rest(PaymentMethod::StoreCredit)],
    );
    store_sale(&mut s.store, &cashier(), &d).unwrap();
    assert_eq!(balances(&s, c).store_credit, Money::ZERO);
    assert_books(&s);
}

#[test]
fn a_refund_to_the_original_methods_returns_each_what_it_paid() {
    let mut s = shop();
    let c = customer(&mut s, "Split", None);
    pay_in(
        &mut s.store,
        &cashier(),
        c,
        LineKind::TopUp,
        m("5"),
        PaymentDraft::rest(PaymentMethod::Cash),
    )
    .unwrap();
    let d = sale(
        vec![line(&s.coffee, 1)],
        Some(c),
        vec![
            PaymentDraft::of(PaymentMethod::Wallet, m("5")),
            PaymentDraft::rest(PaymentMethod::Card),
        ],
    );
    let sold = store_sale(&mut s.store, &cashier(), &d).unwrap();
    let req = RefundRequest {
        sale: sold.id,
        lines: vec![],
        to: RefundTo::Original,
        new_lines: vec![],
    };
    let r = refund(&mut s.store, &manager(), &req).unwrap();
    let back: Vec<_> = r.payments.iter().map(|p| (p.method, p.amount)).collect();
    assert_eq!(
        back,
        vec![
            (PaymentMethod::Wallet, m("-5")),
            (PaymentMethod::Card, m("-3.90"))
        ]
    );
    assert_eq!(balances(&s, c).wallet, m("5"));
    assert_books(&s);
}

#[test]
fn merge_adds_balances_up_and_anonymising_waits_for_money_to_be_settled() {
    let mut s = shop();
    let a = customer(&mut s, "Survivor", Some("100"));
    let b = customer(&mut s, "Duplicate", Some("100"));
    pay_in(
        &mut s.store,
        &cashier(),
        a,
        LineKind::TopUp,
        m("3"),
        PaymentDraft::rest(PaymentMethod::Cash),
    )
    .unwrap();
    pay_in(
        &mut s.store,
        &cashier(),
        b,
        LineKind::TopUp,
        m("4"),
        PaymentDraft::rest(PaymentMethod::Cash),
    )
    .unwrap();
    let d = sale(
        vec![line(&s.coffee, 3)],
        Some(b),
        vec![PaymentDraft::rest(PaymentMethod::OnAccount)],
    );
    store_sale(&mut s.store, &cashier(), &d).unwrap();
    let err = service::delete_customer(&mut s.store, &manager(), b).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the customer still holds or owes: wallet 4.00, account 26.70; settle it first"
    );
    let data = crate::store::customers::get(s.store.conn(), a)
        .unwrap()
        .unwrap()
        .data;
    let req = MergeRequest {
        survivor: a,
        duplicate: b,
        data,
        taken: vec![],
    };
    service::merge_customers(&mut s.store, &manager(), req).unwrap();
    let after = balances(&s, a);
    assert_eq!(
        (after.wallet, after.owed, after.points),
        (m("7"), m("26.70"), 26)
    );
    assert!(balances(&s, b).all_zero());
    pay_in(
        &mut s.store,
        &cashier(),
        a,
        LineKind::Settlement,
        m("26.70"),
        PaymentDraft::rest(PaymentMethod::Cash),
    )
    .unwrap();
    let d = sale(
        vec![line(&s.tea, 1)],
        Some(a),
        vec![
            PaymentDraft::of(PaymentMethod::Wallet, m("4.50")),
            PaymentDraft::rest(PaymentMethod::Card),
        ],
    );
    store_sale(&mut s.store, &cashier(), &d).unwrap();
    let d = sale(
        vec![line(&s.tea, 1)],
        Some(a),
        vec![
            PaymentDraft::of(PaymentMethod::Wallet, m("2.50")),
            PaymentDraft::rest(PaymentMethod::Card),
        ],
    );
    store_sale(&mut s.store, &cashier(), &d).unwrap();
    // Money settled: the points are forfeited and the customer anonymised.
    service::delete_customer(&mut s.store, &manager(), a).unwrap();
    assert!(balances(&s, a).all_zero());
    assert_books(&s);
}

#[test]
fn moving_an_anonymous_sale_to_a_customer_gives_them_its_points() {
    let mut s = shop();
    let c = customer(&mut s, "Forgot", None);
    let other = customer(&mut s, "Other", None);
    let d = sale(
        vec![line(&s.coffee, 5)],
        None,
        vec![PaymentDraft::rest(PaymentMethod::Cash)],
    );
    let sold = store_sale(&mut s.store, &cashier(), &d).unwrap();
    assert_eq!(sold.points, 0);
    let moved = service::move_sale(&mut s.store, &manager(), sold.id, Some(c)).unwrap();
    assert_eq!((moved, balances(&s, c).points), (44, 44));
    let moved = service::move_sale(&mut s.store, &manager(), sold.id, Some(other)).unwrap();
    assert_eq!(moved, 44);
    assert_eq!(
        (balances(&s, c).points, balances(&s, other).points),
        (0, 44)
    );
    let kinds: Vec<String> = {
        let mut st = s
            .store
            .conn()
            .prepare("SELECT kind FROM journal ORDER BY seq")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(kinds, ["sale", "move", "move"]);
    assert_books(&s);
}

#[test]
fn verify_names_the_first_entry_whose_sale_was_changed_and_a_closing_seals_the_day() {
    let mut s = shop();
    let c = customer(&mut s, "Journal", None);
    for q in 1..=3 {
        let d = sale(
            vec![line(&s.tea, q)],
            Some(c),
            vec![PaymentDraft::rest(PaymentMethod::Cash)],
        );
        store_sale(&mut s.store, &cashier(), &d).unwrap();
    }
    let z = service::close_day(&mut s.store, &cashier(), Some(m("27"))).unwrap();
    assert_eq!(
        (z.seq, z.sales, z.goods, z.cash_expected),
        (4, 3, m("27"), m("27"))
    );
    assert_books(&s);
    let conn = s.store.conn();
    let refused = conn
        .execute("UPDATE sale_line SET total_cents = 1", [])
        .unwrap_err();
    assert!(refused.to_string().contains("never changed"), "{refused}");
    conn.execute_batch("DROP TRIGGER sale_line_no_update; UPDATE sale_line SET quantity = '1', total_cents = 450 WHERE sale_id = (SELECT id FROM sale WHERE number = 'R1-000002')").unwrap();
    let v = journal::verify(conn).unwrap();
    assert!(!v.ok());
    assert_eq!(v.breaks.len(), 1);
    assert_eq!(
        (v.breaks[0].seq, v.breaks[0].problem.as_str()),
        (2, "its sale was changed in the tables")
    );
    // A journal entry rewritten with a made-up hash breaks its successor's link.
    conn.execute_batch(
        "DROP TRIGGER journal_no_update; UPDATE journal SET hash = zeroblob(32) WHERE seq = 1",
    )
    .unwrap();
    let v = journal::verify(conn).unwrap();
    assert_eq!(
        (v.breaks[0].seq, v.breaks[0].problem.as_str()),
        (1, "its content does not match its hash")
    );
}

#[test]
fn points_older_than_the_expiry_go_first_spent_points_never_expire_twice() {
    let mut s = shop();
    let c = customer(&mut s, "Old", None);
    let now = Utc::now();
    let at = |months: u32| now.checked_sub_months(chrono::Months::new(months)).unwrap();
    s.store
        .write(|tx| {
            for (amount, months) in [(300, 14), (200, 13), (-350, 6), (100, 2)] {
                let m = Move {
                    customer: c,
                    kind: Kind::Points,
                    amount,
                    reason: if amount > 0 {
                        Reason::Sale
                    } else {
                        Reason::Redemption
                    },
                    sale: None,
                    register: "R1",
                    author: "t",
                };
                ledger::append(tx, m, at(months))?;
            }
            Ok::<_, StoreError>(())
        })
        .unwrap();
    let mut a = cashier();
    assert_eq!(
        expire_points(&mut s.store, &a, now).unwrap(),
        (0, 0),
        "off by default"
    );
    a.loyalty.expiry_months = 12;
    // 500 earned over a year ago, 350 spent since: 150 expire, the recent 100 stay.
    assert_eq!(expire_points(&mut s.store, &a, now).unwrap(), (1, 150));
    assert_eq!(balances(&s, c).points, 100);
    assert_eq!(expire_points(&mut s.store, &a, now).unwrap(), (0, 0));
    assert_books(&s);
}

#[test]
fn a_gift_card_sold_pays_by_its_code_moves_to_a_customer_and_is_refunded_onto_itself() {
    let mut s = shop();
    let c = customer(&mut s, "Gift", None);
    let other = customer(&mut s, "Friend", None);
    let sold = sell_gift_card(
        &mut s.store,
        &cashier(),
        None,
        m("25"),
        None,
        PaymentDraft::rest(PaymentMethod::Card),
    )
    .unwrap();
    let code = sold.lines[0].code.clone();
    assert_eq!(code.len(), 13);
    assert!(code.starts_with("29"));
    assert_eq!(
        crate::domain::validate::ean(&code).as_deref(),
        Ok(code.as_str())
    );
    assert_eq!(sold.points, 0);
    assert!(
        sold.totals.taxes.is_empty(),
        "a gift card is not taxed when sold"
    );
    let card = gift::get(s.store.conn(), &code).unwrap().unwrap();
    assert_eq!((card.balance, card.customer), (m("25"), None));
    // Spent by anyone holding the code; no points on it; the rest in cash.
    let d = sale(
        vec![line(&s.coffee, 2)],
        Some(c),
        vec![
            PaymentDraft::gift(&code, Some(m("10"))),
            PaymentDraft::rest(PaymentMethod::Cash),
        ],
    );
    let spent = store_sale(&mut s.store, &cashier(), &d).unwrap();
    assert_eq!(spent.points, 7);
    assert_eq!(
        gift::get(s.store.conn(), &code).unwrap().unwrap().balance,
        m("15")
    );
    let before = rows(&s);
    let too_much = sale(
        vec![line(&s.coffee, 2)],
        Some(c),
        vec![PaymentDraft::gift(&code, None)],
    );
    let err = store_sale(&mut s.store, &cashier(), &too_much).unwrap_err();
    assert_eq!(
        err.to_string(),
        "not enough gift card: 15.00 available, 17.80 asked"
    );
    let unknown = sale(
        vec![line(&s.tea, 1)],
        None,
        vec![PaymentDraft::gift("2900000000000", None)],
    );
    assert_eq!(
        store_sale(&mut s.store, &cashier(), &unknown)
            .unwrap_err()
            .to_string(),
        "no gift card `2900000000000`"
    );
    assert_eq!(rows(&s), before);
    // Refunded to the original methods: the card gets its 10.00 back.
    let req = RefundRequest {
        sale: spent.id,
        lines: vec![],
        to: RefundTo::Original,
        new_lines: vec![],
    };
    let r = refund(&mut s.store, &manager(), &req).unwrap();
    assert_eq!(r.payments[0].reference.as_deref(), Some(code.as_str()));
    assert_eq!(
        gift::get(s.store.conn(), &code).unwrap().unwrap().balance,
        m("25")
    );
    assert!(matches!(
        move_gift_card(&mut s.store, &cashier(), &code, Some(other)),
        Err(ServiceError::Refused(Refusal::NeedsManager(_)))
    ));
    move_gift_card(&mut s.store, &manager(), &code, Some(other)).unwrap();
    assert_eq!(
        gift::get(s.store.conn(), &code).unwrap().unwrap().customer,
        Some(other)
    );
    // Its holder merged into another customer: the card follows; deleted: held by nobody.
    let data = crate::store::customers::get(s.store.conn(), c)
        .unwrap()
        .unwrap()
        .data;
    let req = MergeRequest {
        survivor: c,
        duplicate: other,
        data,
        taken: vec![],
    };
    service::merge_customers(&mut s.store, &manager(), req).unwrap();
    assert_eq!(
        gift::get(s.store.conn(), &code).unwrap().unwrap().customer,
        Some(c)
    );
    let loner = customer(&mut s, "Loner", None);
    move_gift_card(&mut s.store, &manager(), &code, Some(loner)).unwrap();
    service::delete_customer(&mut s.store, &manager(), loner).unwrap();
    assert_eq!(
        gift::get(s.store.conn(), &code).unwrap().unwrap().customer,
        None
    );
    assert_books(&s);
}

#[test]
fn a_refund_of_a_sale_without_customer_to_credit_is_a_credit_note_card() {
    let mut s = shop();
    let d = sale(
        vec![line(&s.coffee, 2)],
        None,
        vec![PaymentDraft::rest(PaymentMethod::Cash)],
    );
    let sold = store_sale(&mut s.store, &cashier(), &d).unwrap();
    let req = RefundRequest {
        sale: sold.id,
        lines: vec![(1, Decimal::ONE)],
        to: RefundTo::Credit,
        new_lines: vec![],
    };
    let r = refund(&mut s.store, &manager(), &req).unwrap();
    let code = r.payments[0].reference.clone().unwrap();
    assert_eq!(r.payments[0].method, PaymentMethod::GiftCard);
    let card = gift::get(s.store.conn(), &code).unwrap().unwrap();
    assert_eq!((card.balance, card.customer), (m("8.90"), None));
    let spend = sale(
        vec![line(&s.tea, 1)],
        None,
        vec![PaymentDraft::gift(&code, None)],
    );
    store_sale(&mut s.store, &cashier(), &spend).unwrap();
    assert_eq!(
        gift::get(s.store.conn(), &code).unwrap().unwrap().balance,
        m("4.40")
    );
    assert_books(&s);
}

#[test]
fn an_exchange_gives_a_line_back_and_sells_another_on_one_ticket() {
    let mut s = shop();
    let c = customer(&mut s, "Swap", None);
    let d = sale(
        vec![line(&s.tea, 2)],
        Some(c),
        vec![PaymentDraft::rest(PaymentMethod::Card)],
    );
    let sold = store_sale(&mut s.store, &cashier(), &d).unwrap();
    let back = SaleLine {
        quantity: Decimal::NEGATIVE_ONE,
        origin: Some(1),
        special: None,
        ..sold.lines[0].clone()
    };
    let swap = SaleDraft {
        refund_of: Some(sold.id),
        ..sale(
            vec![back.clone(), line(&s.coffee, 1)],
            Some(c),
            vec![PaymentDraft::rest(PaymentMethod::Card)],
        )
    };
    assert!(matches!(
        store_sale(&mut s.store, &cashier(), &swap),
        Err(ServiceError::Refused(Refusal::NeedsManager(_)))
    ));
    let x = store_sale(&mut s.store, &manager(), &swap).unwrap();
    assert_eq!(x.totals.total, m("4.40"), "8.90 taken, 4.50 given back");
    assert_eq!(x.refund_of, Some(sold.id));
    // The same line cannot go back twice more than was sold.
    let again = SaleDraft {
        refund_of: Some(sold.id),
        ..sale(
            vec![SaleLine {
                quantity: Decimal::from(-2),
                ..back
            }],
            Some(c),
            vec![PaymentDraft::rest(PaymentMethod::Card)],
        )
    };
    let err = store_sale(&mut s.store, &manager(), &again).unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 1: 2 sold, 1 already refunded, 2 asked"
    );
    assert_books(&s);
}

/// One step of a random day at the till.
#[derive(Debug, Clone)]
enum Op {
    Sale {
        who: usize,
        qty: i64,
        wallet: i64,
        credit: i64,
        points: i64,
        account: bool,
    },
    TopUp {
        who: usize,
        cents: i64,
    },
    Settle {
        who: usize,
        cents: i64,
    },
    Refund {
        nth: usize,
        line_qty: i64,
        to_credit: bool,
    },
    Move {
        nth: usize,
        to: Option<usize>,
    },
    Merge {
        a: usize,
        b: usize,
    },
    Anonymise {
        who: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (0..4usize, 1..4i64, spend(), spend(), prop_oneof![3 => Just(0i64), 1 => 1..3i64], any::<bool>()).prop_map(
            |(who, qty, wallet, credit, points, account)| Op::Sale { who, qty, wallet, credit, points, account }
        ),
        2 => (0..4usize, 1..3000i64).prop_map(|(who, cents)| Op::TopUp { who, cents }),
        1 => (0..4usize, 1..3000i64).prop_map(|(who, cents)| Op::Settle { who, cents }),
        2 => (0..20usize, prop_oneof![3 => Just(1i64), 1 => Just(2i64)], any::<bool>()).prop_map(|(nth, line_qty, to_credit)| Op::Refund { nth, line_qty, to_credit }),
        1 => (0..20usize, proptest::option::of(0..4usize)).prop_map(|(nth, to)| Op::Move { nth, to }),
        1 => (0..4usize, 0..4usize).prop_map(|(a, b)| Op::Merge { a, b }),
        1 => (0..4usize).prop_map(|who| Op::Anonymise { who }),
    ]
}

/// Cents drawn from a balance: mostly none, sometimes some.
fn spend() -> impl Strategy<Value = i64> {
    prop_oneof![2 => Just(0i64), 1 => 1..1500i64]
}

fn run(s: &mut Shop, people: &[CustomerId], sold: &mut Vec<SaleId>, op: &Op) {
    let mgr = manager();
    let pick = |i: usize| people[i % people.len()];
    // Refusals are expected (a balance too low, a limit, a line refunded twice): what
    // matters is that they write nothing and that the books hold after every step.
    let _ = match *op {
        Op::Sale {
            who,
            qty,
            wallet,
            credit,
            points,
            account,
        } => {
            let mut pays = Vec::new();
            if wallet > 0 {
                pays.push(PaymentDraft::of(
                    PaymentMethod::Wallet,
                    Money::from_cents(wallet),
                ));
            }
            if credit > 0 {
                pays.push(PaymentDraft::of(
                    PaymentMethod::StoreCredit,
                    Money::from_cents(credit),
                ));
            }
            if points > 0 {
                pays.push(PaymentDraft::of(
                    PaymentMethod::Points,
                    Money::from_cents(points * 100),
                ));
            }
            pays.push(PaymentDraft::rest(if account {
                PaymentMethod::OnAccount
            } else {
                PaymentMethod::Cash
            }));
            let d = sale(
                vec![line(&s.coffee, qty), line(&s.tea, 1)],
                Some(pick(who)),
                pays,
            );
            store_sale(&mut s.store, &cashier(), &d).map(|x| sold.push(x.id))
        }
        Op::TopUp { who, cents } => pay_in(
            &mut s.store,
            &mgr,
            pick(who),
            LineKind::TopUp,
            Money::from_cents(cents),
            PaymentDraft::rest(PaymentMethod::Cash),
        )
        .map(drop),
        Op::Settle { who, cents } => pay_in(
            &mut s.store,
            &mgr,
            pick(who),
            LineKind::Settlement,
            Money::from_cents(cents),
            PaymentDraft::rest(PaymentMethod::Card),
        )
        .map(drop),
        Op::Refund {
            nth,
            line_qty,
            to_credit,
        } => match sold.get(nth) {
            Some(&id) => {
                let to = if to_credit {
                    RefundTo::Credit
                } else {
                    RefundTo::Original
                };
                let req = RefundRequest {
                    sale: id,
                    lines: vec![(1, Decimal::from(line_qty))],
                    to,
                    new_lines: vec![],
                };
                refund(&mut s.store, &mgr, &req).map(drop)
            }
            None => Ok(()),
        },
        Op::Move { nth, to } => match sold.get(nth % sold.len().max(1)) {
            Some(&id) => service::move_sale(&mut s.store, &mgr, id, to.map(pick)).map(drop),
            None => Ok(()),
        },
        Op::Merge { a, b } => {
            let (a, b) = (pick(a), pick(b));
            match crate::store::customers::get(s.store.conn(), a) {
                Ok(Some(c)) => service::merge_customers(
                    &mut s.store,
                    &mgr,
                    MergeRequest {
                        survivor: a,
                        duplicate: b,
                        data: c.data,
                        taken: vec![],
                    },
                )
                .map(drop),
                _ => Ok(()),
            }
        }
        Op::Anonymise { who } => service::delete_customer(&mut s.store, &mgr, pick(who)).map(drop),
    };
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Random days at the till keep every balance equal to its ledger, never below zero,
    /// what is owed within the limit (sales are the cashier's; only a merge may add two
    /// accounts past one limit), and
    /// the journal's chains valid.
    #[test]
    fn random_days_keep_the_books(ops in proptest::collection::vec(op(), 1..60)) {
        let mut s = shop();
        let people: Vec<CustomerId> = (0..4)
            .map(|i| customer(&mut s, &format!("P{i}"), Some("60")))
            .collect();
        let mut sold = Vec::new();
        for op in &ops {
            run(&mut s, &people, &mut sold, op);
            let conn = s.store.conn();
            prop_assert_eq!(ledger::check_sums(conn).unwrap(), vec![]);
            let negative: i64 = conn.query_row("SELECT COUNT(*) FROM balance WHERE amount < 0", [], |r| r.get(0)).unwrap();
            prop_assert_eq!(negative, 0);
        }
        let conn = s.store.conn();
        let over: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM balance b JOIN customer c ON c.id = b.customer_id
                 WHERE b.kind = 'account' AND b.amount > COALESCE(c.account_limit_cents, 0)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let audited: i64 = conn
            .query_row("SELECT COUNT(*) FROM audit_log WHERE action = 'customer.merge'", [], |r| r.get(0))
            .unwrap();
        prop_assert!(over == 0 || audited > 0);
        let v = journal::verify(conn).unwrap();
        prop_assert!(v.ok(), "{:?}", v);
        let h = crate::store::health::check(conn).unwrap();
        prop_assert!(h.ok(), "{:?}", h);
    }
}
