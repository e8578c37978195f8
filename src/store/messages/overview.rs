//! The outbox as the manager's Outbox screen reads it: the newest messages first, at most
//! a limit, and how many wait, failed and were sent in the whole table.
//!
//! Invariants: a read only (one snapshot: the rows and the counts agree); `cut` says
//! when the table holds more messages than the rows given, so a screen can say so; the
//! counts are of every message kept, not of the rows given.

use rusqlite::Connection;
use serde::Serialize;

use super::{read, Message, Result, COLUMNS, FROM};

/// The outbox's newest messages and its counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Overview {
    /// Newest first.
    pub rows: Vec<Message>,
    /// Queued or being sent.
    pub waiting: usize,
    pub failed: usize,
    /// Sent and not pruned yet.
    pub sent: usize,
    /// The table holds more messages than `rows`.
    pub cut: bool,
}

impl Overview {
    /// Every message kept.
    pub fn total(&self) -> usize {
        self.waiting + self.failed + self.sent
    }
}

/// The newest `limit` messages (newest first) and the counts by status, read in one
/// transaction so the two agree.
pub fn overview(conn: &Connection, limit: usize) -> Result<Overview> {
    let tx = conn.unchecked_transaction()?;
    let sql = format!("SELECT {COLUMNS} FROM {FROM} ORDER BY m.id DESC LIMIT ?1");
    let rows: Vec<Message> = tx
        .prepare_cached(&sql)?
        .query_map([i64::try_from(limit).unwrap_or(i64::MAX)], read)?
        .collect::<rusqlite::Result<_>>()?;
    let (waiting, failed, sent): (i64, i64, i64) = tx
        .prepare_cached(
            "SELECT COALESCE(SUM(status IN ('queued', 'sending')), 0),
                    COALESCE(SUM(status = 'failed'), 0),
                    COALESCE(SUM(status = 'sent'), 0)
             FROM message_outbox",
        )?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    tx.finish()?;
    let n = |v: i64| usize::try_from(v).unwrap_or(0);
    let mut o = Overview {
        rows,
        waiting: n(waiting),
        failed: n(failed),
        sent: n(sent),
        cut: false,
    };
    o.cut = o.total() > o.rows.len();
    Ok(o)
}
