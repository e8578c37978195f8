//! Customers' ledgers in SQLite: entries appended in the caller's transaction, the
//! balance rows the `ledger_balance` trigger keeps, reads for the card and the CLI.
//!
//! Invariants: entries are only ever inserted (triggers refuse updates and deletes); the
//! balance of a customer and kind always equals the sum of its entries (the trigger adds
//! each entry in the same statement; [`check_sums`] proves it and `check-store` runs
//! it); a debit of this register's that would take a balance below zero is refused
//! ([`StoreError::Overdrawn`], nothing written); only an entry the hub's feed brings
//! ([`apply_remote`]) may, for the moment before the hub's correction that covers it
//! arrives (migration 19); every entry written here is queued for the hub in its
//! transaction once the database joined one.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, Transaction};
use serde::Serialize;

use super::row::time;
use super::{time_text, Result, StoreError};
use crate::domain::ids::{CustomerId, LedgerId, SaleId};
use crate::domain::ledger::{Balances, Kind, Reason};
use crate::domain::money::Money;

/// One movement of a balance as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub id: LedgerId,
    pub customer: CustomerId,
    pub kind: Kind,
    /// Points, or cents for money kinds; positive adds to the balance.
    pub amount: i64,
    pub reason: Reason,
    pub sale: Option<SaleId>,
    pub register: String,
    pub author: String,
    pub at: DateTime<Utc>,
}

/// A movement to append; the store gives it its id and time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Move<'a> {
    pub customer: CustomerId,
    pub kind: Kind,
    pub amount: i64,
    pub reason: Reason,
    pub sale: Option<SaleId>,
    pub register: &'a str,
    pub author: &'a str,
}

/// Hands every balance `from` holds to `to` (a merge): one `Merge` entry out and one in
/// per balance that is not zero, by `author` on `register`.
pub fn hand_over(
    tx: &Transaction,
    from: CustomerId,
    to: CustomerId,
    register: &str,
    author: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    let b = balances(tx, from)?;
    for kind in b.non_zero() {
        let units = b.units(kind);
        for (customer, amount) in [(from, -units), (to, units)] {
            let m = Move {
                customer,
                kind,
                amount,
                reason: Reason::Merge,
                sale: None,
                register,
                author,
            };
            append(tx, m, at)?;
        }
    }
    Ok(())
}

/// Appends `m` (nothing for a zero amount); refused with [`StoreError::Overdrawn`] when
/// it is a debit that would take the balance below zero (the balance is read only
/// then). Queued for the hub in the same transaction once the database joined one.
pub fn append(tx: &Transaction, m: Move<'_>, at: DateTime<Utc>) -> Result<()> {
    if m.amount == 0 {
        return Ok(());
    }
    if m.amount < 0 {
        let available = balance(tx, m.customer, m.kind)?;
        if available + m.amount < 0 {
            return Err(StoreError::Overdrawn {
                kind: m.kind,
                available: available.max(0),
                asked: -m.amount,
            });
        }
    }
    let entry = Entry {
        id: LedgerId::generate(),
        customer: m.customer,
        kind: m.kind,
        amount: m.amount,
        reason: m.reason,
        sale: m.sale,
        register: m.register.to_string(),
        author: m.author.to_string(),
        at,
    };
    insert(tx, &entry)?;
    super::outbox::ledger_added(tx, &entry)
}

/// Stores an entry another register made, as the hub's feed brings it; false when it is
/// held already (this register's own coming back, or a batch applied again). Never
/// refused for the balance: the hub's order may show another register's debit before
/// the correction that covers it. Its sale is named only when held here.
pub fn apply_remote(tx: &Transaction, e: &Entry) -> Result<bool> {
    let held: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM ledger WHERE id = ?1)")?
        .query_row([e.id], |r| r.get(0))?;
    if held {
        return Ok(false);
    }
    let sale = match e.sale {
        Some(s) if super::sales::number(tx, s)?.is_some() => Some(s),
        _ => None,
    };
    insert(tx, &Entry { sale, ..e.clone() })?;
    Ok(true)
}

fn insert(tx: &Transaction, e: &Entry) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO ledger (id, customer_id, kind, amount, reason, sale_id, register,
            author, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        e.id,
        e.customer,
        e.kind.as_str(),
        e.amount,
        e.reason.as_str(),
        e.sale,
        e.register,
        e.author,
        time_text(e.at),
    ])?;
    Ok(())
}

/// The balance of one kind (0 when the customer never had an entry of it).
pub fn balance(conn: &Connection, customer: CustomerId, kind: Kind) -> Result<i64> {
    let mut stmt =
        conn.prepare_cached("SELECT amount FROM balance WHERE customer_id = ?1 AND kind = ?2")?;
    let mut rows = stmt.query(params![customer, kind.as_str()])?;
    Ok(match rows.next()? {
        Some(r) => r.get(0)?,
        None => 0,
    })
}

/// Every balance of a customer, with the credit limit read from the customer row.
pub fn balances(conn: &Connection, customer: CustomerId) -> Result<Balances> {
    let mut b = Balances::default();
    let mut stmt =
        conn.prepare_cached("SELECT kind, amount FROM balance WHERE customer_id = ?1")?;
    let mut rows = stmt.query([customer])?;
    while let Some(r) = rows.next()? {
        let kind: String = r.get(0)?;
        if let Some(k) = Kind::parse(&kind) {
            b.set_units(k, r.get(1)?);
        }
    }
    let limit: Option<Option<i64>> = conn
        .prepare_cached("SELECT account_limit_cents FROM customer WHERE id = ?1")?
        .query_row([customer], |r| r.get(0))
        .map(Some)
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            e => Err(e),
        })?;
    b.credit_limit = limit.flatten().map(Money::from_cents);
    Ok(b)
}

/// A customer's entries, newest first (`kind`: one ledger, or all of them).
pub fn entries(
    conn: &Connection,
    customer: CustomerId,
    kind: Option<Kind>,
    limit: usize,
) -> Result<Vec<Entry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, customer_id, kind, amount, reason, sale_id, register, author, created_at
         FROM ledger WHERE customer_id = ?1 AND (?2 IS NULL OR kind = ?2)
         ORDER BY created_at DESC, id DESC LIMIT ?3",
    )?;
    let rows = stmt.query_map(
        params![customer, kind.map(Kind::as_str), limit as i64],
        read_entry,
    )?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// One movement as the card lists it: the entry with the ticket number of its sale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Movement {
    pub kind: Kind,
    /// Points, or cents for money kinds; positive adds to the balance.
    pub amount: i64,
    pub reason: Reason,
    /// The ticket the entry belongs to ("R1-000042"), when it belongs to a sale.
    pub number: Option<String>,
    pub at: DateTime<Utc>,
}

/// A customer's movements of every kind, newest first, at most `limit`, each with the
/// ticket number of its sale (one read: the ledger joined to the sale).
pub fn movements(conn: &Connection, customer: CustomerId, limit: usize) -> Result<Vec<Movement>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.kind, l.amount, l.reason, s.number, l.created_at
         FROM ledger l LEFT JOIN sale s ON s.id = l.sale_id
         WHERE l.customer_id = ?1 ORDER BY l.created_at DESC, l.id DESC LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![customer, limit as i64], |r| {
        let kind: String = r.get(0)?;
        let reason: String = r.get(2)?;
        Ok(Movement {
            kind: Kind::parse(&kind).ok_or_else(|| unknown(0, &kind))?,
            amount: r.get(1)?,
            reason: Reason::parse(&reason).ok_or_else(|| unknown(2, &reason))?,
            number: r.get(3)?,
            at: time(r, 4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// One movement of a customer's account on a statement: what it did to what is owed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatementLine {
    pub at: DateTime<Utc>,
    /// The ticket of the entry's sale ("R1-000042"): the sale on account, the settlement,
    /// the refund; none for a merge.
    pub number: Option<String>,
    pub reason: Reason,
    /// Cents; positive: owed more (a sale on account), negative: less (a settlement).
    pub amount: i64,
    /// What is owed after this movement, in cents.
    pub balance: i64,
}

/// A customer's account from a date: what was owed before it, each movement since
/// (oldest first) with what was owed after it, what is owed now and the credit limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Statement {
    /// Owed before the first line's date (0 for a statement from the start), cents.
    pub opening: i64,
    pub lines: Vec<StatementLine>,
    /// Owed now (the balance row; equal to the last line's balance unless `truncated`).
    pub closing: i64,
    pub credit_limit: Option<Money>,
    /// More movements than the limit asked for: the lines stop before today.
    pub truncated: bool,
}

/// The statement of a customer's account (ledger kind `account`) from `since` (`None`:
/// from the start), at most `limit` movements, oldest first. Two reads down the
/// `(customer_id, kind, created_at)` index, one summing what came before `since`, one
/// walking the movements in order (ties in the order they were written), each joined to
/// its sale's ticket number.
pub fn account_statement(
    conn: &Connection,
    customer: CustomerId,
    since: Option<DateTime<Utc>>,
    limit: usize,
) -> Result<Statement> {
    // Every stored time is RFC 3339 text, which sorts after the empty string.
    let from = since.map(time_text).unwrap_or_default();
    let opening: i64 = conn
        .prepare_cached(
            "SELECT COALESCE(SUM(amount), 0) FROM ledger
             WHERE customer_id = ?1 AND kind = 'account' AND created_at < ?2",
        )?
        .query_row(params![customer, from], |r| r.get(0))?;
    let mut stmt = conn.prepare_cached(STATEMENT_SQL)?;
    let rows = stmt.query_map(
        params![customer, from, limit.saturating_add(1) as i64],
        |r| {
            let reason: String = r.get(2)?;
            Ok(StatementLine {
                at: time(r, 0)?,
                number: r.get(1)?,
                reason: Reason::parse(&reason).ok_or_else(|| unknown(2, &reason))?,
                amount: r.get(3)?,
                balance: 0,
            })
        },
    )?;
    let mut lines = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    let truncated = lines.len() > limit;
    lines.truncate(limit);
    let mut owed = opening;
    for l in &mut lines {
        owed += l.amount;
        l.balance = owed;
    }
    let b = balances(conn, customer)?;
    Ok(Statement {
        opening,
        lines,
        closing: b.owed.cents(),
        credit_limit: b.credit_limit,
        truncated,
    })
}

/// A statement's movements: `rowid` breaks ties of time in the order entries were
/// written, and comes with the index (its last column), so nothing is sorted.
const STATEMENT_SQL: &str = "SELECT l.created_at, s.number, l.reason, l.amount
     FROM ledger l LEFT JOIN sale s ON s.id = l.sale_id
     WHERE l.customer_id = ?1 AND l.kind = 'account' AND l.created_at >= ?2
     ORDER BY l.created_at, l.rowid LIMIT ?3";

/// A stored kind or reason this build does not know.
fn unknown(i: usize, v: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        i,
        rusqlite::types::Type::Text,
        format!("unknown ledger value `{v}`").into(),
    )
}

/// The entries written for a sale (what it spent, earned or owed), oldest first.
pub fn for_sale(conn: &Connection, sale: SaleId) -> Result<Vec<Entry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, customer_id, kind, amount, reason, sale_id, register, author, created_at
         FROM ledger WHERE sale_id = ?1 ORDER BY rowid",
    )?;
    let rows = stmt.query_map([sale], read_entry)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Every entry in the order written, one at a time into `f` (joining a hub queues them).
pub fn for_each<E: From<StoreError>>(
    conn: &Connection,
    mut f: impl FnMut(&Entry) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let mut stmt = conn
        .prepare(
            "SELECT id, customer_id, kind, amount, reason, sale_id, register, author, created_at
             FROM ledger ORDER BY rowid",
        )
        .map_err(StoreError::from)?;
    let mut rows = stmt.query([]).map_err(StoreError::from)?;
    while let Some(r) = rows.next().map_err(StoreError::from)? {
        f(&read_entry(r).map_err(StoreError::from)?)?;
    }
    Ok(())
}

fn read_entry(r: &rusqlite::Row) -> rusqlite::Result<Entry> {
    let kind: String = r.get(2)?;
    let reason: String = r.get(4)?;
    let bad = unknown;
    Ok(Entry {
        id: r.get(0)?,
        customer: r.get(1)?,
        kind: Kind::parse(&kind).ok_or_else(|| bad(2, &kind))?,
        amount: r.get(3)?,
        reason: Reason::parse(&reason).ok_or_else(|| bad(4, &reason))?,
        sale: r.get(5)?,
        register: r.get(6)?,
        author: r.get(7)?,
        at: time(r, 8)?,
    })
}

/// A balance row that is not the sum of its ledger (or a ledger with no balance row).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mismatch {
    pub customer: CustomerId,
    pub kind: String,
    pub balance: i64,
    pub ledger: i64,
}

/// Every balance compared with the sum of its ledger, in one pass over each table.
pub fn check_sums(conn: &Connection) -> Result<Vec<Mismatch>> {
    let mut stmt = conn.prepare(
        "WITH sums AS (SELECT customer_id, kind, SUM(amount) AS total FROM ledger
                       GROUP BY customer_id, kind)
         SELECT s.customer_id, s.kind, COALESCE(b.amount, 0), s.total FROM sums s
           LEFT JOIN balance b ON b.customer_id = s.customer_id AND b.kind = s.kind
           WHERE b.amount IS NOT s.total
         UNION ALL
         SELECT b.customer_id, b.kind, b.amount, 0 FROM balance b
           WHERE b.amount <> 0 AND NOT EXISTS (SELECT 1 FROM ledger l
             WHERE l.customer_id = b.customer_id AND l.kind = b.kind)",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Mismatch {
            customer: r.get(0)?,
            kind: r.get(1)?,
            balance: r.get(2)?,
            ledger: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn at(day: u32) -> DateTime<Utc> {
        chrono::NaiveDate::from_ymd_opt(2026, 3, day)
            .and_then(|d| d.and_hms_opt(10, 0, 0))
            .map(|t| t.and_utc())
            .unwrap_or_default()
    }

    fn put(s: &mut Store, c: CustomerId, kind: Kind, amount: i64, reason: Reason, day: u32) {
        let m = Move {
            customer: c,
            kind,
            amount,
            reason,
            sale: None,
            register: "R1",
            author: "test",
        };
        s.write(|tx| append(tx, m, at(day))).unwrap();
    }

    #[test]
    fn a_statement_runs_the_balance_from_what_was_owed_before_its_date() {
        let mut s = Store::open_in_memory().unwrap();
        let c = CustomerId::generate();
        put(&mut s, c, Kind::Account, 4_000, Reason::Sale, 1);
        put(&mut s, c, Kind::Points, 40, Reason::Sale, 1);
        put(&mut s, c, Kind::Account, 2_550, Reason::Sale, 3);
        // Two on the same day and time: in the order written.
        put(&mut s, c, Kind::Account, -5_000, Reason::Settlement, 5);
        put(&mut s, c, Kind::Account, 1_000, Reason::Sale, 5);
        put(
            &mut s,
            CustomerId::generate(),
            Kind::Account,
            900,
            Reason::Sale,
            4,
        );

        let all = account_statement(s.conn(), c, None, 100).unwrap();
        let got: Vec<(i64, i64)> = all.lines.iter().map(|l| (l.amount, l.balance)).collect();
        assert_eq!(
            got,
            [
                (4_000, 4_000),
                (2_550, 6_550),
                (-5_000, 1_550),
                (1_000, 2_550)
            ]
        );
        assert_eq!((all.opening, all.closing, all.truncated), (0, 2_550, false));

        let since = account_statement(s.conn(), c, Some(at(2)), 100).unwrap();
        assert_eq!(since.opening, 4_000);
        assert_eq!(since.lines.len(), 3);
        assert_eq!(since.lines.last().map(|l| l.balance), Some(since.closing));
        assert_eq!(since.lines[1].reason, Reason::Settlement);

        let two = account_statement(s.conn(), c, None, 2).unwrap();
        assert_eq!(
            (two.lines.len(), two.truncated, two.closing),
            (2, true, 2_550)
        );
    }

    #[test]
    fn a_statement_reads_the_account_index_in_order_without_sorting() {
        let s = Store::open_in_memory().unwrap();
        let mut stmt = s
            .conn()
            .prepare(&format!("EXPLAIN QUERY PLAN {STATEMENT_SQL}"))
            .unwrap();
        let plan: Vec<String> = stmt
            .query_map(params![CustomerId::generate(), "", 10], |r| r.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let text = plan.join("\n");
        assert!(text.contains("USING INDEX ledger_customer"), "{text}");
        assert!(!text.contains("TEMP B-TREE"), "no sort step:\n{text}");
    }
}
