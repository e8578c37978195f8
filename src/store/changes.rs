//! The customer change sequence: an append-only log of which customer changed, in commit
//! order. The search index stores the last sequence number it applied; on start-up it
//! replays everything after it, so a crash between the database commit and the index
//! commit loses nothing.

use rusqlite::{Connection, Transaction};

use super::Result;
use crate::domain::ids::CustomerId;

/// What happened to the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// Created or edited: (re)index it.
    Upsert,
    /// Deleted or anonymised: drop it from the index.
    Delete,
}

/// One entry of the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub seq: i64,
    pub customer_id: CustomerId,
    pub op: Op,
}

/// Appends a change and returns its sequence number.
pub fn record(tx: &Transaction, id: CustomerId, op: Op) -> Result<i64> {
    let op = match op {
        Op::Upsert => "upsert",
        Op::Delete => "delete",
    };
    tx.prepare_cached("INSERT INTO customer_change (customer_id, op) VALUES (?1, ?2)")?
        .execute(rusqlite::params![id, op])?;
    Ok(tx.last_insert_rowid())
}

/// The newest sequence number (0 on an empty log).
pub fn last_seq(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT COALESCE(MAX(seq), 0) FROM customer_change",
        [],
        |r| r.get(0),
    )?)
}

/// Changes after `seq`, oldest first, at most `limit`.
pub fn since(conn: &Connection, seq: i64, limit: usize) -> Result<Vec<Change>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, customer_id, op FROM customer_change WHERE seq > ?1 ORDER BY seq LIMIT ?2",
    )?;
    let rows = stmt.query_map([seq, limit as i64], |r| {
        let op: String = r.get(2)?;
        Ok(Change {
            seq: r.get(0)?,
            customer_id: r.get(1)?,
            op: if op == "delete" {
                Op::Delete
            } else {
                Op::Upsert
            },
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
