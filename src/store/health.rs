//! Is the database healthy? The checks `comptoir check-store` runs, read-only, on the
//! store of truth: SQLite's own `integrity_check` and `foreign_key_check`, then the
//! money rules (every sale has lines and payments that add up to its total), and the
//! ticket numbering (unique, gap-free per register, and the register's counter not
//! behind its last number, which would hand a number out twice), and every balance
//! against the sum of its ledger.
//!
//! Invariant: a report lists every problem found (none means healthy); nothing is
//! written.

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use super::Result;

/// Most problems of one kind listed (the count is still exact).
const LISTED: usize = 20;

/// What the checks found.
#[derive(Debug, Default, Serialize)]
pub struct Health {
    /// `PRAGMA integrity_check`'s lines when not "ok".
    pub integrity: Vec<String>,
    /// Rows whose reference points at no row (table, rowid, parent).
    pub foreign_keys: Vec<String>,
    /// Sales whose payments do not add up to their total, or that have no line.
    pub unpaid_sales: Vec<String>,
    /// Ticket numbers missing, repeated, or ahead of their register's counter.
    pub numbering: Vec<String>,
    /// Balances that are not the sum of their ledger.
    pub balances: Vec<String>,
    /// Sales per register prefix, and the count of every sale.
    pub sales: i64,
    pub customers: i64,
}

impl Health {
    /// Whether nothing wrong was found.
    pub fn ok(&self) -> bool {
        self.integrity.is_empty()
            && self.foreign_keys.is_empty()
            && self.unpaid_sales.is_empty()
            && self.numbering.is_empty()
            && self.balances.is_empty()
    }
}

/// Runs every check on `conn`.
pub fn check(conn: &Connection) -> Result<Health> {
    let mut h = Health::default();
    let lines: Vec<String> = strings(conn, "PRAGMA integrity_check")?;
    if lines != ["ok"] {
        h.integrity = lines;
    }
    h.foreign_keys = strings(
        conn,
        "SELECT \"table\" || ' row ' || ifnull(rowid, '?') || ' -> ' || parent
         FROM pragma_foreign_key_check",
    )?;
    h.unpaid_sales = strings(
        conn,
        "SELECT s.number || ': total ' || s.total_cents || ' cents, paid '
                || ifnull(p.paid, 0) || ', ' || ifnull(l.lines, 0) || ' lines'
         FROM sale s
         LEFT JOIN (SELECT sale_id, SUM(amount_cents) AS paid FROM payment GROUP BY sale_id) p
                ON p.sale_id = s.id
         LEFT JOIN (SELECT sale_id, COUNT(*) AS lines FROM sale_line GROUP BY sale_id) l
                ON l.sale_id = s.id
         WHERE ifnull(p.paid, 0) <> s.total_cents OR ifnull(l.lines, 0) = 0",
    )?;
    h.numbering = numbering(conn)?;
    h.balances = capped(
        super::ledger::check_sums(conn)?
            .into_iter()
            .map(|m| {
                format!(
                    "customer {} {}: balance {}, ledger {}",
                    m.customer, m.kind, m.balance, m.ledger
                )
            })
            .chain(super::gift::check_sums(conn)?)
            .collect(),
    );
    h.sales = conn.query_row("SELECT COUNT(*) FROM sale", [], |r| r.get(0))?;
    h.customers = super::customers::count(conn)?;
    Ok(h)
}

/// The customers the search index must hold: every one not anonymised.
pub fn live_customer_ids(conn: &Connection) -> Result<Vec<crate::domain::ids::CustomerId>> {
    let mut stmt = conn.prepare("SELECT id FROM customer WHERE anonymised = 0")?;
    let ids = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(ids)
}

/// Ticket numbers per register (`R1-000042`: the register is what precedes the last
/// `-`): each from 1 to the highest once, and the register's counter, when it has one
/// (history loaded in bulk, like the demo's, has none), at least the highest.
fn numbering(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT number FROM sale")?;
    let mut rows: Vec<(String, i64)> = Vec::new();
    let mut problems = Vec::new();
    for number in stmt.query_map([], |r| r.get::<_, String>(0))? {
        let number = number?;
        match number
            .rsplit_once('-')
            .and_then(|(reg, n)| Some((reg.to_string(), n.parse::<i64>().ok()?)))
        {
            Some(row) => rows.push(row),
            None => problems.push(format!("{number}: not a ticket number")),
        }
    }
    rows.sort();
    for group in rows.chunk_by(|a, b| a.0 == b.0) {
        let reg = &group[0].0;
        let mut expected = 1;
        for (_, n) in group {
            if *n < expected {
                problems.push(format!("{reg}-{n:06} repeated"));
            } else if *n > expected {
                problems.push(format!("{reg}: {expected} to {} missing", n - 1));
            }
            expected = expected.max(n + 1);
        }
        let counter: Option<i64> = conn
            .query_row(
                "SELECT value FROM counter WHERE name = 'ticket:' || ?1",
                [reg],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(counter) = counter.filter(|c| *c < expected - 1) {
            problems.push(format!(
                "{reg}: counter at {counter}, behind the last ticket {}",
                expected - 1
            ));
        }
    }
    Ok(capped(problems))
}

/// At most [`LISTED`] problems, then how many more.
fn capped(mut problems: Vec<String>) -> Vec<String> {
    if problems.len() > LISTED {
        let more = problems.len() - LISTED;
        problems.truncate(LISTED);
        problems.push(format!("... and {more} more"));
    }
    problems
}

/// The first column of every row of `sql`, as text (at most [`LISTED`], then a count).
fn strings(conn: &Connection, sql: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(sql)?;
    let out: Vec<String> = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(capped(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{self, DemoOptions};
    use crate::store::Store;

    fn demo_store() -> Store {
        let mut s = Store::open_in_memory().unwrap();
        let now = chrono::Utc::now();
        demo::generate(
            &mut s,
            &DemoOptions {
                customers: 20,
                seed: 3,
                now,
                sales: true,
            },
        )
        .unwrap();
        s
    }

    #[test]
    fn a_demo_shop_is_healthy() {
        let s = demo_store();
        let h = check(s.conn()).unwrap();
        assert!(h.ok(), "{h:?}");
        assert!(h.sales > 0);
    }

    #[test]
    fn an_unpaid_sale_a_gap_a_repeat_and_a_counter_behind_are_each_reported() {
        let s = demo_store();
        let c = s.conn();
        let (first, last): (String, String) = c
            .query_row("SELECT MIN(number), MAX(number) FROM sale", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        let reg = first.rsplit_once('-').unwrap().0;
        // What someone with the file and sqlite3 does first: drop the append-only guards.
        c.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
        for t in [
            "sale_no_delete",
            "payment_no_update",
            "sale_line_no_delete",
            "journal_no_delete",
        ] {
            c.execute_batch(&format!("DROP TRIGGER {t}")).unwrap();
        }
        c.execute(
            "UPDATE payment SET amount_cents = amount_cents - 1
             WHERE sale_id = (SELECT id FROM sale WHERE number = ?1)",
            [&first],
        )
        .unwrap();
        c.execute("DELETE FROM sale WHERE number = ?1", [&last])
            .unwrap();
        c.execute(
            "INSERT OR REPLACE INTO counter (name, value) VALUES ('ticket:' || ?1, 1)",
            [reg],
        )
        .unwrap();
        let h = check(c).unwrap();
        assert!(!h.ok());
        assert_eq!(h.unpaid_sales.len(), 1, "{h:?}");
        assert!(h.unpaid_sales[0].starts_with(&first));
        assert!(
            h.numbering.iter().any(|p| p.contains("counter at 1")),
            "{h:?}"
        );
        // A gap in the middle.
        c.execute(
            "DELETE FROM sale WHERE number = (SELECT MIN(number) FROM sale WHERE number > ?1)",
            [&first],
        )
        .unwrap();
        let h = check(c).unwrap();
        assert!(h.numbering.iter().any(|p| p.contains("missing")), "{h:?}");
    }
}
