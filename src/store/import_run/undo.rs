//! Undoing an import run from its undo rows, in the caller's one transaction.
//!
//! - A customer the run created is deleted (its references go with it, by cascade) and a
//!   `delete` change is logged, unless the register has used it since the run's last
//!   write: changed it (its change sequence moved), sold to it, moved money or a gift card
//!   to it, noted something, parked a ticket for it. Those are kept (and counted), since
//!   the books or the cashier now refer to them.
//! - A customer the run updated gets back, field by field, the value it had before the
//!   run's first write, where it still holds what the run wrote; a field the register
//!   changed since keeps the register's value. A customer deleted or anonymised since is
//!   left alone.

use chrono::Utc;
use rusqlite::{params, OptionalExtension, Transaction};
use serde_json::{Map, Value};

use super::super::{changes, customers, now_text, Result, StoreError};
use crate::domain::customer::CustomerData;
use crate::domain::ids::CustomerId;

/// What a rollback did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Undone {
    /// Customers the run created, deleted.
    pub deleted: u64,
    /// Customers the run updated, given their previous values back.
    pub restored: u64,
    /// Customers the run created that the register has used since: kept.
    pub kept: Vec<CustomerId>,
}

/// One undo row.
struct Row {
    id: CustomerId,
    previous: Option<String>,
    written: Option<String>,
    written_seq: i64,
}

/// Undoes run `run` if it is still `running` (another process may have done it first),
/// and marks it rolled back.
pub(super) fn roll_back(tx: &Transaction, run: i64) -> Result<Undone> {
    let mut undone = Undone::default();
    let status: Option<String> = tx
        .query_row("SELECT status FROM import_run WHERE id = ?1", [run], |r| {
            r.get(0)
        })
        .optional()?;
    if status.as_deref() != Some("running") {
        return Ok(undone);
    }
    let mut stmt = tx.prepare(
        "SELECT customer_id, previous, written, written_seq FROM import_undo WHERE run_id = ?1",
    )?;
    let mut rows = stmt.query([run])?;
    while let Some(r) = rows.next()? {
        let row = Row {
            id: r.get(0)?,
            previous: r.get(1)?,
            written: r.get(2)?,
            written_seq: r.get(3)?,
        };
        match &row.previous {
            None => created(tx, &row, &mut undone)?,
            Some(previous) => updated(tx, &row, previous, &mut undone)?,
        }
    }
    drop(rows);
    drop(stmt);
    tx.execute("DELETE FROM import_undo WHERE run_id = ?1", [run])?;
    tx.execute(
        "UPDATE import_run SET status = 'rolled back', ended = ?2 WHERE id = ?1",
        params![run, now_text()],
    )?;
    Ok(undone)
}

/// The change sequence and anonymised flag of a stored customer.
fn state(tx: &Transaction, id: CustomerId) -> Result<Option<(i64, bool)>> {
    Ok(tx
        .prepare_cached("SELECT change_seq, anonymised FROM customer WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Whether anything at the register refers to customer `id`.
fn used(tx: &Transaction, id: CustomerId) -> Result<bool> {
    Ok(tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM sale WHERE customer_id = ?1)
                 OR EXISTS (SELECT 1 FROM ledger WHERE customer_id = ?1)
                 OR EXISTS (SELECT 1 FROM gift_card WHERE customer_id = ?1)
                 OR EXISTS (SELECT 1 FROM customer_note WHERE customer_id = ?1)
                 OR EXISTS (SELECT 1 FROM parked_ticket WHERE customer_id = ?1)",
        )?
        .query_row([id], |r| r.get(0))?)
}

fn created(tx: &Transaction, row: &Row, undone: &mut Undone) -> Result<()> {
    let Some((seq, anonymised)) = state(tx, row.id)? else {
        return Ok(()); // deleted at the register since
    };
    if anonymised || seq != row.written_seq || used(tx, row.id)? {
        undone.kept.push(row.id);
        return Ok(());
    }
    tx.prepare_cached("DELETE FROM customer WHERE id = ?1")?
        .execute([row.id])?;
    changes::record(tx, row.id, changes::Op::Delete)?;
    super::super::outbox::customer_deleted(tx, row.id)?;
    undone.deleted += 1;
    Ok(())
}

fn updated(tx: &Transaction, row: &Row, previous: &str, undone: &mut Undone) -> Result<()> {
    let Some(current) = customers::get(tx, row.id)? else {
        return Ok(());
    };
    if current.anonymised {
        return Ok(());
    }
    let corrupt = |e: serde_json::Error| {
        StoreError::Corrupt(format!("import undo row of customer {}: {e}", row.id))
    };
    let previous: Value = serde_json::from_str(previous).map_err(corrupt)?;
    let written: Option<Value> = row
        .written
        .as_deref()
        .map(serde_json::from_str)
        .transpose()
        .map_err(corrupt)?;
    let now = serde_json::to_value(&current.data).map_err(corrupt)?;
    let target: CustomerData =
        serde_json::from_value(three_way(previous, written, now)).map_err(corrupt)?;
    if target == current.data {
        return Ok(());
    }
    match customers::update_row(tx, row.id, &target, Utc::now()) {
        // The group was removed since: the customer goes back without one.
        Err(StoreError::UnknownGroup(_)) => {
            let target = CustomerData {
                group: None,
                ..target
            };
            customers::update_row(tx, row.id, &target, Utc::now())?;
        }
        other => {
            other?;
        }
    }
    undone.restored += 1;
    Ok(())
}

/// Each top-level field of `now`: the `previous` value where `now` still holds what the
/// run `written` (all of them when that is unknown), else `now`'s.
fn three_way(previous: Value, written: Option<Value>, now: Value) -> Value {
    let (Value::Object(mut previous), Value::Object(now)) = (previous, now) else {
        return Value::Null;
    };
    let written = match written {
        Some(Value::Object(w)) => Some(w),
        _ => None,
    };
    let mut out = Map::new();
    for (key, value) in now {
        let ours = written.as_ref().is_none_or(|w| w.get(&key) == Some(&value));
        let back = if ours {
            previous.remove(&key).unwrap_or(Value::Null)
        } else {
            value
        };
        out.insert(key, back);
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_way_keeps_what_the_register_changed_since() {
        let previous = serde_json::json!({"city": "Lyon", "email": "a@x.fr", "note": null});
        let written = serde_json::json!({"city": "Paris", "email": "b@x.fr", "note": null});
        // The register changed the e-mail after the run wrote it.
        let now = serde_json::json!({"city": "Paris", "email": "c@x.fr", "note": null});
        assert_eq!(
            three_way(previous.clone(), Some(written), now.clone()),
            serde_json::json!({"city": "Lyon", "email": "c@x.fr", "note": null})
        );
        assert_eq!(three_way(previous.clone(), None, now), previous);
    }
}
