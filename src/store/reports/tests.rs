//! The reports on a small fixed shop, every figure computed by hand (see `shop`).

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;

use super::*;
use crate::domain::catalog::Group;
use crate::domain::customer::{CustomerData, TaxPreference};
use crate::domain::ids::{GroupId, PaymentId, SaleId};
use crate::domain::money::{Money, Percent};
use crate::domain::sale::{self, LineKind, Payment, PaymentMethod, Sale, SaleLine};
use crate::store::{catalog, customers, merge, sales, Store, StoreError};

fn m(s: &str) -> Money {
    Money::parse(s).unwrap()
}

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn line(code: &str, qty: i64, price: &str, rate: &str) -> SaleLine {
    SaleLine {
        product_id: None,
        code: code.into(),
        name: code.into(),
        quantity: Decimal::from(qty),
        unit_price: m(price),
        discount: Percent::ZERO,
        tax_rate: rate.parse().unwrap(),
        kind: LineKind::Goods,
        origin: None,
        special: None,
    }
}

fn pay(method: PaymentMethod, amount: &str) -> Payment {
    Payment {
        id: PaymentId::generate(),
        method,
        amount: m(amount),
        tendered: None,
        change: None,
        points: 0,
        reference: None,
    }
}

fn cash(amount: &str, tendered: &str) -> Payment {
    Payment {
        tendered: Some(m(tendered)),
        change: Some(m(tendered) - m(amount)),
        ..pay(PaymentMethod::Cash, amount)
    }
}

struct Ticket {
    number: &'static str,
    at: &'static str,
    customer: Option<CustomerId>,
    lines: Vec<SaleLine>,
    payments: Vec<Payment>,
    refund_of: Option<SaleId>,
}

fn store_sale(store: &mut Store, t: Ticket) -> SaleId {
    let s = Sale {
        id: SaleId::generate(),
        number: t.number.into(),
        created_at: at(t.at),
        customer_id: t.customer,
        group_discount: Percent::ZERO,
        tax: TaxPreference::Normal,
        totals: sale::totals(&t.lines, Percent::ZERO, TaxPreference::Normal),
        lines: t.lines,
        payments: t.payments,
        refund_of: t.refund_of,
        points: 0,
    };
    store.write(|tx| sales::insert(tx, &s, "test")).unwrap();
    s.id
}

/// The shop, at UTC+1 (Paris in winter):
/// - S1 R1 2025-01-10 09:00Z (local Jan 10), Alice (VIP): A 2 x 10.00 at 20 % and B
///   5.50 at 5.5 % = 25.50, paid 10.00 cash (20.00 handed over) + 15.50 card. VAT:
///   20 % 3.33 (20.00 / 1.2 = 16.67), 5.5 % 0.29 (5.50 / 1.055 = 5.21);
/// - S2 R1 2025-01-10 23:30Z (local Jan 11 00:30), no customer: A 10.00 at 20 %, cash.
///   VAT 1.67;
/// - S3 R1 2025-01-11 10:00Z, Bob (no group): C 3 x 2.00 at 20 % = 6.00 (VAT 1.00) and
///   a wallet top-up of 20.00 = 26.00 by card;
/// - S4 R1 2025-01-11 11:00Z, Alice: refund of S1's line 1, one A: -10.00 cash (VAT
///   -1.67);
/// - S5 R2 2025-01-11 12:00Z, no customer: B 2 x 5.50 at 5.5 % = 11.00 card (VAT 0.57).
fn shop() -> (Store, [CustomerId; 2], [SaleId; 5]) {
    let mut store = Store::open_in_memory().unwrap();
    let (alice, bob) = store
        .write(|tx| {
            let vip = Group {
                id: GroupId::generate(),
                name: "VIP".into(),
                discount: Percent::ZERO,
            };
            catalog::create_group(tx, &vip, "test")?;
            let a = CustomerData {
                first_name: Some("Alice".into()),
                last_name: Some("Martin".into()),
                group: Some("VIP".into()),
                ..Default::default()
            };
            let b = CustomerData {
                first_name: Some("Bob".into()),
                last_name: Some("Durand".into()),
                ..Default::default()
            };
            Ok::<_, StoreError>((
                customers::create(tx, &a, "test")?.id,
                customers::create(tx, &b, "test")?.id,
            ))
        })
        .unwrap();
    let s1 = store_sale(
        &mut store,
        Ticket {
            number: "R1-000001",
            at: "2025-01-10T09:00:00Z",
            customer: Some(alice),
            lines: vec![line("A", 2, "10.00", "20"), line("B", 1, "5.50", "5.5")],
            payments: vec![cash("10.00", "20.00"), pay(PaymentMethod::Card, "15.50")],
            refund_of: None,
        },
    );
    let s2 = store_sale(
        &mut store,
        Ticket {
            number: "R1-000002",
            at: "2025-01-10T23:30:00Z",
            customer: None,
            lines: vec![line("A", 1, "10.00", "20")],
            payments: vec![cash("10.00", "10.00")],
            refund_of: None,
        },
    );
    let mut top_up = SaleLine::money_in(LineKind::TopUp, "Wallet", m("20.00"));
    top_up.code = "WALLET".into();
    let s3 = store_sale(
        &mut store,
        Ticket {
            number: "R1-000003",
            at: "2025-01-11T10:00:00Z",
            customer: Some(bob),
            lines: vec![line("C", 3, "2.00", "20"), top_up],
            payments: vec![pay(PaymentMethod::Card, "26.00")],
            refund_of: None,
        },
    );
    let mut back = line("A", -1, "10.00", "20");
    back.origin = Some(1);
    let s4 = store_sale(
        &mut store,
        Ticket {
            number: "R1-000004",
            at: "2025-01-11T11:00:00Z",
            customer: Some(alice),
            lines: vec![back],
            payments: vec![cash("-10.00", "0.00")],
            refund_of: Some(s1),
        },
    );
    let s5 = store_sale(
        &mut store,
        Ticket {
            number: "R2-000001",
            at: "2025-01-11T12:00:00Z",
            customer: None,
            lines: vec![line("B", 2, "5.50", "5.5")],
            payments: vec![pay(PaymentMethod::Card, "11.00")],
            refund_of: None,
        },
    );
    (store, [alice, bob], [s1, s2, s3, s4, s5])
}

const PARIS: i32 = 3600;

fn two_days() -> Period {
    Period {
        from: day("2025-01-10"),
        to: day("2025-01-11"),
        utc_offset_secs: PARIS,
    }
}

#[test]
fn sales_by_day_are_net_of_refunds_and_cut_at_local_midnight() {
    let (store, _, _) = shop();
    let days = by_day(store.conn(), &two_days()).unwrap();
    assert_eq!(
        days,
        vec![
            DayRow {
                day: day("2025-01-10"),
                sales: 1,
                refunds: 0,
                goods: m("25.50"),
                total: m("25.50"),
            },
            // S2 (00:30 local), S3, S5; S4 the refund; the top-up is taken, not goods.
            DayRow {
                day: day("2025-01-11"),
                sales: 3,
                refunds: 1,
                goods: m("17.00"),
                total: m("37.00"),
            },
        ]
    );
    // At UTC, S2 (23:30) is still on the 10th.
    let utc = Period {
        utc_offset_secs: 0,
        ..two_days()
    };
    let days = by_day(store.conn(), &utc).unwrap();
    assert_eq!((days[0].sales, days[0].goods), (2, m("35.50")));
    assert_eq!((days[1].sales, days[1].goods), (2, m("7.00")));
    // A period without sales has no row.
    let later = Period::day(day("2025-02-01"), PARIS);
    assert!(by_day(store.conn(), &later).unwrap().is_empty());
}

#[test]
fn payment_methods_count_the_split_sale_twice_and_take_refunds_off() {
    let (store, _, _) = shop();
    let rows = by_method(store.conn(), &two_days(), None).unwrap();
    assert_eq!(
        rows,
        vec![
            MethodRow {
                method: "card".into(),
                payments: 3,
                amount: m("52.50"),
            },
            // 10.00 (S1, change given) + 10.00 (S2) - 10.00 (S4's refund).
            MethodRow {
                method: "cash".into(),
                payments: 3,
                amount: m("10.00"),
            },
        ]
    );
    let r2 = by_method(store.conn(), &two_days(), Some("R2")).unwrap();
    assert_eq!(r2.len(), 1);
    assert_eq!(r2[0].amount, m("11.00"));
}

#[test]
fn vat_per_rate_sums_each_tickets_own_vat() {
    let (store, _, _) = shop();
    let rows = by_rate(store.conn(), &two_days(), None).unwrap();
    assert_eq!(
        rows,
        vec![
            RateRow {
                rate: "5.5".parse().unwrap(),
                net: m("15.64"),
                vat: m("0.86"),
                gross: m("16.50"),
            },
            RateRow {
                rate: "20".parse().unwrap(),
                net: m("21.67"),
                vat: m("4.33"),
                gross: m("26.00"),
            },
        ]
    );
}

#[test]
fn top_customers_are_ranked_by_net_goods() {
    let (store, [alice, bob], _) = shop();
    let rows = top_customers(store.conn(), &two_days(), 10).unwrap();
    assert_eq!(
        rows,
        vec![
            CustomerRow {
                id: alice,
                name: "Alice Martin".into(),
                sales: 1,
                refunds: 1,
                goods: m("15.50"),
            },
            // The top-up is not goods.
            CustomerRow {
                id: bob,
                name: "Bob Durand".into(),
                sales: 1,
                refunds: 0,
                goods: m("6.00"),
            },
        ]
    );
    assert_eq!(
        top_customers(store.conn(), &two_days(), 1).unwrap().len(),
        1
    );
}

#[test]
fn groups_then_no_group_then_walk_ins_add_up_to_the_goods() {
    let (store, _, _) = shop();
    let rows = by_group(store.conn(), &two_days()).unwrap();
    let row = |group: Option<&str>, walk_in, customers, sales, refunds, goods: &str| GroupRow {
        group: group.map(String::from),
        walk_in,
        customers,
        sales,
        refunds,
        goods: m(goods),
    };
    assert_eq!(
        rows,
        vec![
            row(Some("VIP"), false, 1, 1, 1, "15.50"),
            row(None, false, 1, 1, 0, "6.00"),
            row(None, true, 0, 2, 0, "21.00"),
        ]
    );
    let sum: Money = rows.iter().map(|r| r.goods).sum();
    assert_eq!(sum, m("42.50"));
}

#[test]
fn the_z_of_a_register_counts_its_own_day_and_its_cash() {
    let (store, _, _) = shop();
    let f = day_figures(store.conn(), "R1", day("2025-01-11"), PARIS).unwrap();
    assert_eq!((f.sales, f.refunds), (2, 1));
    assert_eq!(f.goods, m("6.00"));
    assert_eq!(f.top_ups, m("20.00"));
    assert_eq!(f.total, m("26.00"));
    // 10.00 in (S2), 10.00 out (S4's refund).
    assert_eq!(f.cash_expected, m("0.00"));
    assert_eq!(
        f.by_rate,
        vec![RateRow {
            rate: "20".parse().unwrap(),
            net: m("5.00"),
            vat: m("1.00"),
            gross: m("6.00"),
        }]
    );
    let f = day_figures(store.conn(), "R1", day("2025-01-10"), PARIS).unwrap();
    // 20.00 handed over, 10.00 given back as change: 10.00 in the drawer.
    assert_eq!(f.cash_expected, m("10.00"));
}

#[test]
fn a_day_is_closed_once_with_its_difference_and_reprinted_as_closed() {
    let (mut store, _, _) = shop();
    let d = day("2025-01-10");
    let now = at("2025-01-10T19:00:00Z");
    let c = store
        .write(|tx| close_day(tx, "R1", d, PARIS, m("9.50"), "manager", now))
        .unwrap();
    assert_eq!(c.figures.cash_expected, m("10.00"));
    assert_eq!(c.difference, m("-0.50"));
    assert!(c.journal_seq > 0);
    let again = store.write(|tx| close_day(tx, "R1", d, PARIS, m("10.00"), "manager", now));
    assert!(
        matches!(again, Err(StoreError::AlreadyClosed { .. })),
        "{again:?}"
    );
    assert_eq!(closing(store.conn(), "R1", d).unwrap(), Some(c));
    assert_eq!(closing(store.conn(), "R2", d).unwrap(), None);
    // The journal still verifies, sealed by the closing.
    assert!(crate::store::journal::verify(store.conn()).unwrap().ok());
    let kept = store
        .conn()
        .execute("DELETE FROM closing", [])
        .unwrap_err()
        .to_string();
    assert!(kept.contains("never removed"), "{kept}");
}

#[test]
fn the_cache_follows_sales_moves_and_merges() {
    let (mut store, [alice, bob], sales_) = shop();
    assert_eq!(check_cache(store.conn()).unwrap(), Vec::<String>::new());
    // S3 moves from Bob to Alice.
    store
        .write(|tx| merge::move_sale(tx, sales_[2], Some(alice), "test"))
        .unwrap();
    assert_eq!(check_cache(store.conn()).unwrap(), Vec::<String>::new());
    let rows = top_customers(store.conn(), &two_days(), 10).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].sales, rows[0].goods), (2, m("21.50")));
    // And back to nobody, then to Bob.
    store
        .write(|tx| merge::move_sale(tx, sales_[2], None, "test"))
        .unwrap();
    store
        .write(|tx| merge::move_sale(tx, sales_[2], Some(bob), "test"))
        .unwrap();
    assert_eq!(check_cache(store.conn()).unwrap(), Vec::<String>::new());
    // A cache edited behind the register's back is found.
    store
        .conn()
        .execute(
            "UPDATE sale_sum SET cents = cents + 1 WHERE dim = 'method'",
            [],
        )
        .unwrap();
    assert!(!check_cache(store.conn()).unwrap().is_empty());
}

#[test]
fn the_month_of_a_day_runs_from_its_first_to_its_last_day() {
    let p = Period::month_of(day("2024-02-17"), 0);
    assert_eq!((p.from, p.to), (day("2024-02-01"), day("2024-02-29")));
    let p = Period::month_of(day("2024-12-05"), 0);
    assert_eq!((p.from, p.to), (day("2024-12-01"), day("2024-12-31")));
}
