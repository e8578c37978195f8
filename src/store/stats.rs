//! A customer's marketing figures for the card's Marketing tab, computed in SQL from the
//! sales: total paid (all time and the last 12 months), visits, average basket, preferred
//! weekday, the most bought items of the last 3 months, first and last visit.
//!
//! Invariants: amounts are summed as integer cents (exact); "now" is passed in, so the
//! windows are reproducible in tests; every query uses the `sale_customer` index.

use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection};
use serde::Serialize;

use super::row::time;
use super::{time_text, Result};
use crate::domain::ids::CustomerId;
use crate::domain::money::Money;

/// One of the most bought items.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopItem {
    pub code: String,
    pub name: String,
    pub quantity: f64,
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
    let (total, visits, first, last): (i64, i64, Option<String>, Option<String>) = conn
        .prepare_cached(
            "SELECT COALESCE(SUM(total_cents), 0), COUNT(*), MIN(created_at), MAX(created_at)
             FROM sale WHERE customer_id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    s.total_all = Money::from_cents(total);
    s.visits = visits;
    s.average_basket = if visits > 0 {
        Money::from_cents((total as f64 / visits as f64).round() as i64)
    } else {
        Money::ZERO
    };
    let parse = |t: Option<String>| {
        t.and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
            .map(|t| t.with_timezone(&Utc))
    };
    s.first_visit = parse(first);
    s.last_visit = parse(last);
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
    let mut stmt = conn.prepare_cached(
        "SELECT l.code, MAX(l.name), SUM(CAST(l.quantity AS REAL)) AS q, SUM(l.total_cents)
         FROM sale s JOIN sale_line l ON l.sale_id = s.id
         WHERE s.customer_id = ?1 AND s.created_at >= ?2
         GROUP BY l.code ORDER BY q DESC, 4 DESC, l.code LIMIT 5",
    )?;
    let items = stmt.query_map(params![id, quarter_ago], |r| {
        Ok(TopItem {
            code: r.get(0)?,
            name: r.get(1)?,
            quantity: r.get(2)?,
            total: Money::from_cents(r.get(3)?),
        })
    })?;
    s.top_items = items.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(s)
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
