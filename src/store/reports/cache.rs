//! The summary tables against the sales they cache: [`check_cache`] compares them with
//! a rebuild from the sales, [`rebuild_cache`] fills them again.
//!
//! Invariant: the rebuild is migration 0015's own SQL (its `INSERT INTO ..._sum ...
//! SELECT` statements outside the trigger), so the migration, the check and the repair
//! cannot disagree; and `record_sale` (Rust, at every sale) is held equal to it by the
//! check in the tests.

use rusqlite::{Connection, Transaction};

use crate::store::Result;

/// What the summary tables hold that the sales do not (or the other way round): empty
/// when the cache is right. Reads every sale: for tests and `check-store`, not screens.
pub fn check_cache(conn: &Connection) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let pairs = [
        (
            "sale_sum",
            "SELECT slot, register, dim, key, n, cents, tax_cents FROM sale_sum",
        ),
        (
            "customer_sum",
            "SELECT slot, hex(customer_id), n, refunds, goods_cents, 0, 0 FROM customer_sum",
        ),
    ];
    let rebuilt = rebuild_statements();
    for ((table, cached), fresh) in pairs.iter().zip(rebuilt) {
        let mine = all_rows(conn, cached)?;
        let theirs = all_rows(conn, &fresh)?;
        for r in mine.difference(&theirs) {
            out.push(format!("{table}: cached {r} not in the sales"));
        }
        for r in theirs.difference(&mine) {
            out.push(format!("{table}: {r} from the sales not cached"));
        }
    }
    Ok(out)
}

/// Every row of `sql` as text, for comparing.
fn all_rows(conn: &Connection, sql: &str) -> Result<std::collections::BTreeSet<String>> {
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query([])?;
    let mut out = std::collections::BTreeSet::new();
    while let Some(r) = rows.next()? {
        let mut parts = Vec::with_capacity(7);
        for i in 0..7 {
            parts.push(match r.get_ref(i)? {
                rusqlite::types::ValueRef::Integer(n) => n.to_string(),
                rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                other => format!("{other:?}"),
            });
        }
        out.insert(parts.join("|"));
    }
    Ok(out)
}

/// The migration's statements that fill the summary tables from the sales (each
/// `INSERT INTO ..._sum ... SELECT` outside the trigger), in order.
fn rebuild_inserts() -> Vec<&'static str> {
    include_str!("../migrations/0015_closing.sql")
        .split(';')
        .filter_map(|stmt| stmt.find("INSERT INTO ").map(|at| &stmt[at..]))
        .filter(|body| body.contains("SELECT") && !body.contains("NEW."))
        .collect()
}

/// The summary tables rebuilt from the sales, as two queries of seven columns (sale_sum,
/// customer_sum) that [`check_cache`] compares with the tables.
fn rebuild_statements() -> [String; 2] {
    let mut sale_parts = Vec::new();
    let mut customer = String::new();
    for body in rebuild_inserts() {
        let Some(select) = body.find("SELECT") else {
            continue;
        };
        let query = &body[select..];
        if body.starts_with("INSERT INTO sale_sum") {
            let tax = if body.contains("AS tax_cents") {
                "tax_cents"
            } else {
                "0"
            };
            sale_parts.push(format!(
                "SELECT slot, register, dim, key, n, cents, {tax} FROM ({query})"
            ));
        } else if body.starts_with("INSERT INTO customer_sum") {
            customer = format!(
                "SELECT slot, hex(customer_id), n, refunds, goods_cents, 0, 0 FROM ({query})"
            );
        }
    }
    [sale_parts.join(" UNION ALL "), customer]
}

/// Empties the summary tables and fills them again from the sales, in the caller's
/// transaction (a repair after [`check_cache`] found a difference; the benchmark's bulk
/// load). Reads every sale line: seconds per million.
pub fn rebuild_cache(tx: &Transaction) -> Result<()> {
    tx.execute_batch("DELETE FROM sale_sum; DELETE FROM customer_sum;")?;
    for stmt in rebuild_inserts() {
        tx.execute_batch(stmt)?;
    }
    Ok(())
}
