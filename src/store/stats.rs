//! A customer's marketing figures for the card's Marketing tab, computed in SQL from the
//! sales: total paid (all time and the last 12 months), visits, average basket, preferred
//! weekday, the most bought items of the last 3 months, first and last visit; and the
//! goods bought in each of the last 12 local months (the tab's spending line), from the
//! reports' `customer_sum`.
//!
//! Invariants: amounts are summed as integer cents and quantities as integer thousandths
//! (exact); the average basket is a decimal division rounded by `domain::money::round`,
//! never a float; "now" is passed in, so the windows are reproducible in tests; every
//! query uses an index: the `sale_customer` index, and `customer_sum_customer` (migration
//! 18) for the months, one range of one customer's rows.

use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, Utc};
use rusqlite::{params, Connection};
use serde::Serialize;

use rust_decimal::Decimal;

use super::reports::Period;
use super::row::{money, opt_time, time};
use super::{time_text, Result};
use crate::domain::ids::CustomerId;
use crate::domain::money::Money;

/// One of the most bought items.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopItem {
    pub code: String,
    pub name: String,
    /// Summed exactly, to three decimals (the register's precision).
    pub quantity: Decimal,
    pub total: Money,
}

/// The figures of one customer.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct CustomerStats {
    pub total_all: Money,
    pub total_12m: Money,
    pub visits: i64,
    pub visits_12m: i64,
    pub average_basket: Money,
    /// 0 = Sunday .. 6 = Saturday (SQLite's `%w`).
    pub preferred_weekday: Option<u32>,
    pub top_items: Vec<TopItem>,
    pub first_visit: Option<DateTime<Utc>>,
    pub last_visit: Option<DateTime<Utc>>,
}

/// Figures of customer `id` as of `now`.
pub fn for_customer(
    conn: &Connection,
    id: CustomerId,
    now: DateTime<Utc>,
) -> Result<CustomerStats> {
    let year_ago = time_text(now - Duration::days(365));
    let quarter_ago = time_text(now - Duration::days(91));
    let mut s = CustomerStats::default();
    (s.total_all, s.visits, s.first_visit, s.last_visit) = conn
        .prepare_cached(
            "SELECT COALESCE(SUM(total_cents), 0), COUNT(*), MIN(created_at), MAX(created_at)
             FROM sale WHERE customer_id = ?1",
        )?
        .query_row([id], |r| {
            Ok((money(r, 0)?, r.get(1)?, opt_time(r, 2)?, opt_time(r, 3)?))
        })?;
    s.average_basket = average(s.total_all, s.visits);
    let (t12, v12): (i64, i64) = conn
        .prepare_cached(
            "SELECT COALESCE(SUM(total_cents), 0), COUNT(*) FROM sale
             WHERE customer_id = ?1 AND created_at >= ?2",
        )?
        .query_row(params![id, year_ago], |r| Ok((r.get(0)?, r.get(1)?)))?;
    s.total_12m = Money::from_cents(t12);
    s.visits_12m = v12;
    s.preferred_weekday = conn
        .prepare_cached(
            "SELECT CAST(strftime('%w', created_at) AS INTEGER) AS d, COUNT(*) AS n FROM sale
             WHERE customer_id = ?1 GROUP BY d ORDER BY n DESC, d LIMIT 1",
        )?
        .query_map([id], |r| r.get::<_, u32>(0))?
        .next()
        .transpose()?;
    // Quantities are summed as integer thousandths (the register takes at most three
    // decimals), so 0.1 + 0.2 is 0.3, not 0.30000000000000004.
    let mut stmt = conn.prepare_cached(
        "SELECT l.code, MAX(l.name),
            SUM(CAST(ROUND(CAST(l.quantity AS REAL) * 1000) AS INTEGER)) AS q, SUM(l.total_cents)
         FROM sale s JOIN sale_line l ON l.sale_id = s.id
         WHERE s.customer_id = ?1 AND s.created_at >= ?2
         GROUP BY l.code ORDER BY q DESC, 4 DESC, l.code LIMIT 5",
    )?;
    let items = stmt.query_map(params![id, quarter_ago], |r| {
        Ok(TopItem {
            code: r.get(0)?,
            name: r.get(1)?,
            quantity: Decimal::new(r.get(2)?, 3).normalize(),
            total: Money::from_cents(r.get(3)?),
        })
    })?;
    s.top_items = items.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(s)
}

/// The goods one customer bought in one local month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MonthGoods {
    /// The month's first day.
    pub month: NaiveDate,
    /// Goods bought less goods given back, taxes included (as the reports count them).
    pub goods: Money,
}

/// Months the spending line covers.
pub const SPENDING_MONTHS: u32 = 12;

/// Customer `id`'s goods in each of the [`SPENDING_MONTHS`] local months ending with
/// `today`'s (cut at `utc_offset_secs`), oldest first, every month listed (zero when
/// nothing was bought): one range of the `customer_sum_customer` index.
pub fn monthly_goods(
    conn: &Connection,
    id: CustomerId,
    today: NaiveDate,
    utc_offset_secs: i32,
) -> Result<Vec<MonthGoods>> {
    let this_month = today.with_day(1).unwrap_or(today);
    let first = this_month
        .checked_sub_months(Months::new(SPENDING_MONTHS - 1))
        .unwrap_or(this_month);
    let mut out: Vec<MonthGoods> = (0..SPENDING_MONTHS)
        .filter_map(|i| first.checked_add_months(Months::new(i)))
        .map(|month| MonthGoods {
            month,
            goods: Money::ZERO,
        })
        .collect();
    let period = Period {
        from: first,
        to: today,
        utc_offset_secs,
    };
    let (start, end) = period.slots();
    let mut stmt = conn.prepare_cached(
        "SELECT slot, goods_cents FROM customer_sum
         WHERE customer_id = ?1 AND slot >= ?2 AND slot < ?3",
    )?;
    let mut rows = stmt.query(params![id, start, end])?;
    while let Some(r) = rows.next()? {
        let day = period.day_of_slot(r.get(0)?);
        let months = (day.year() - first.year()) * 12 + day.month() as i32 - first.month() as i32;
        if let Some(m) = usize::try_from(months).ok().and_then(|i| out.get_mut(i)) {
            m.goods = m.goods + Money::from_cents(r.get(1)?);
        }
    }
    Ok(out)
}

/// The mean of `visits` amounts adding up to `total`, rounded by the one rule (zero
/// when there were none).
fn average(total: Money, visits: i64) -> Money {
    if visits <= 0 {
        return Money::ZERO;
    }
    Money::from_decimal(total.as_decimal() / Decimal::from(visits))
}

/// The times of a customer's sales, newest first (to cross-check the figures).
pub fn visit_times(conn: &Connection, id: CustomerId) -> Result<Vec<DateTime<Utc>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT created_at FROM sale WHERE customer_id = ?1 ORDER BY created_at DESC",
    )?;
    let rows = stmt.query_map([id], |r| time(r, 0))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{self, DemoOptions};
    use crate::store::Store;

    /// A sale to `customer` at `at` of one line of `quantity` x `price` of product "P".
    fn sell(s: &mut Store, customer: CustomerId, at: DateTime<Utc>, quantity: &str, price: i64) {
        use crate::domain::money::Percent;
        use crate::domain::sale::{totals, Payment, PaymentMethod, Sale, SaleLine};
        let lines = vec![SaleLine {
            product_id: None,
            code: "P".into(),
            name: "Product".into(),
            quantity: quantity.parse().unwrap(),
            unit_price: Money::from_cents(price),
            discount: Percent::ZERO,
            tax_rate: Percent::ZERO,
            kind: Default::default(),
            origin: None,
            special: None,
        }];
        let t = totals(&lines, Percent::ZERO, Default::default());
        s.write(|tx| {
            let sale = Sale {
                id: crate::domain::ids::SaleId::generate(),
                number: crate::store::sales::next_number(tx, "R1")?,
                created_at: at,
                customer_id: Some(customer),
                group_discount: Percent::ZERO,
                tax: Default::default(),
                payments: vec![Payment {
                    id: crate::domain::ids::PaymentId::generate(),
                    method: PaymentMethod::Card,
                    amount: t.total,
                    tendered: None,
                    change: None,
                    points: 0,
                    reference: None,
                }],
                lines,
                totals: t,
                refund_of: None,
                points: 0,
            };
            crate::store::sales::insert_unchecked(tx, &sale)
        })
        .unwrap();
    }

    #[test]
    fn average_basket_and_quantities_are_exact_decimals_rounded_by_the_one_rule() {
        let now = DateTime::parse_from_rfc3339("2026-03-14T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let mut s = Store::open_in_memory().unwrap();
        let d = crate::domain::customer::CustomerData::default();
        let id = s
            .write(|tx| crate::store::customers::create(tx, &d, "t"))
            .unwrap()
            .id;
        // 0.1 + 0.2 of a product at 1.00 and 0.15 at 0.10: 0.10 + 0.20 + 0.02 (0.015
        // rounded half away from zero) = 0.32 over 3 visits = 0.10666.. -> 0.11.
        sell(&mut s, id, now - Duration::days(3), "0.1", 100);
        sell(&mut s, id, now - Duration::days(2), "0.2", 100);
        sell(&mut s, id, now - Duration::days(1), "0.15", 10);
        let st = for_customer(s.conn(), id, now).unwrap();
        assert_eq!(st.total_all, Money::from_cents(32));
        assert_eq!(st.average_basket, Money::from_cents(11));
        assert_eq!(st.top_items.len(), 1);
        assert_eq!(st.top_items[0].quantity.to_string(), "0.45");
        // Half a cent is rounded away from zero: 0.01 + 0.02 over 2 visits -> 0.02.
        assert_eq!(average(Money::from_cents(3), 2), Money::from_cents(2));
        assert_eq!(average(Money::from_cents(-3), 2), Money::from_cents(-2));
        assert_eq!(average(Money::from_cents(3), 0), Money::ZERO);
    }

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn the_spending_line_is_twelve_local_months_oldest_first_every_month_listed() {
        let mut s = Store::open_in_memory().unwrap();
        let d = crate::domain::customer::CustomerData::default();
        let id = s
            .write(|tx| crate::store::customers::create(tx, &d, "t"))
            .unwrap()
            .id;
        let other = s
            .write(|tx| crate::store::customers::create(tx, &d, "t"))
            .unwrap()
            .id;
        // At UTC+1: 22:30 UTC on March 31st is still March (13 months back, left out),
        // 23:30 UTC is April 1st (the first month).
        sell(&mut s, id, at("2025-03-31T22:30:00Z"), "1", 10_000);
        sell(&mut s, id, at("2025-03-31T23:30:00Z"), "1", 250);
        sell(&mut s, id, at("2025-04-15T10:00:00Z"), "2", 100);
        sell(&mut s, id, at("2026-03-14T09:00:00Z"), "1", 999);
        sell(&mut s, other, at("2026-03-14T09:00:00Z"), "1", 5_000);
        let today = NaiveDate::from_ymd_opt(2026, 3, 14).unwrap();
        let months = monthly_goods(s.conn(), id, today, 3600).unwrap();
        assert_eq!(months.len(), SPENDING_MONTHS as usize);
        assert_eq!(
            months[0].month,
            NaiveDate::from_ymd_opt(2025, 4, 1).unwrap()
        );
        assert_eq!(months[0].goods, Money::from_cents(450));
        assert_eq!(
            months[11].month,
            NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
        );
        assert_eq!(months[11].goods, Money::from_cents(999));
        let between: Money = months[1..11].iter().map(|m| m.goods).sum();
        assert_eq!(between, Money::ZERO);
        assert!(months.windows(2).all(|w| w[0].month < w[1].month));
        let none = monthly_goods(s.conn(), CustomerId::generate(), today, 0).unwrap();
        assert_eq!(none.len(), 12);
        assert!(none.iter().all(|m| m.goods.is_zero()));
    }

    #[test]
    fn the_spending_line_reads_one_customers_range_of_its_index() {
        let s = Store::open_in_memory().unwrap();
        let plan: Vec<String> = s
            .conn()
            .prepare(
                "EXPLAIN QUERY PLAN SELECT slot, goods_cents FROM customer_sum
                 WHERE customer_id = ?1 AND slot >= ?2 AND slot < ?3",
            )
            .unwrap()
            .query_map(params![CustomerId::generate(), 0, 1], |r| r.get(3))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let plan = plan.join("; ");
        assert!(
            plan.contains(
                "COVERING INDEX customer_sum_customer (customer_id=? AND slot>? AND slot<?)"
            ),
            "{plan}"
        );
    }

    /// The card's load with and without the index (`cargo test --lib
    /// spending_line_cost -- --ignored --nocapture`): 4,000 customers with a visit a week
    /// for a year, the months of one of them.
    #[test]
    #[ignore]
    fn spending_line_cost() {
        let mut s = Store::open_in_memory().unwrap();
        let ids: Vec<CustomerId> = (0..4_000).map(|_| CustomerId::generate()).collect();
        let start = at("2025-03-15T10:00:00Z").timestamp() / 900;
        s.write(|tx| {
            let mut ins = tx.prepare(
                "INSERT INTO customer_sum (slot, customer_id, n, refunds, goods_cents)
                 VALUES (?1, ?2, 1, 0, 1234)",
            )?;
            for (i, id) in ids.iter().enumerate() {
                for week in 0..52i64 {
                    ins.execute(params![start + week * 672 + (i as i64 % 600), id])?;
                }
            }
            Ok::<(), crate::store::StoreError>(())
        })
        .unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 3, 14).unwrap();
        let time = |s: &Store| {
            let t = std::time::Instant::now();
            for id in ids.iter().take(200) {
                let m = monthly_goods(s.conn(), *id, today, 3600).unwrap();
                assert!(m.iter().any(|m| !m.goods.is_zero()));
            }
            t.elapsed() / 200
        };
        let with = time(&s);
        s.conn()
            .execute_batch("DROP INDEX customer_sum_customer")
            .unwrap();
        let without = time(&s);
        println!(
            "customer_sum {} rows: {with:?} a card with the index, {without:?} without",
            ids.len() * 52
        );
    }

    #[test]
    fn figures_add_up_with_the_sales() {
        let now = DateTime::parse_from_rfc3339("2026-03-14T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let mut s = Store::open_in_memory().unwrap();
        demo::generate(
            &mut s,
            &DemoOptions {
                customers: 60,
                seed: 5,
                now,
                sales: true,
            },
        )
        .unwrap();
        let id: CustomerId = s
            .conn()
            .query_row(
                "SELECT customer_id FROM sale GROUP BY customer_id ORDER BY COUNT(*) DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let st = for_customer(s.conn(), id, now).unwrap();
        let times = visit_times(s.conn(), id).unwrap();
        assert_eq!(st.visits as usize, times.len());
        assert!(st.visits >= 1);
        assert!(st.total_all >= st.total_12m);
        assert_eq!(st.last_visit, times.first().copied());
        assert!(st.preferred_weekday.is_some_and(|d| d < 7));
        assert!(st.top_items.len() <= 5);
        let none = for_customer(s.conn(), CustomerId::generate(), now).unwrap();
        assert_eq!(none.visits, 0);
        assert_eq!(none.average_basket, Money::ZERO);
    }
}
