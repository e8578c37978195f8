//! A customer as the hub's feed says it is, written over the register's copy without
//! queueing it back to the hub (it comes from there) and without an audit entry of a
//! user action. The change sequence is recorded as for any write, so the search index
//! catches up as it does after a local edit.
//!
//! Invariants: a customer already as the feed says is not written again; the
//! authority's view wins, except for edits made here that still wait in
//! the outbox, which are laid over it again (they reach the hub later and come back in
//! the feed); a reference the authority granted to this customer is taken from any other
//! local customer holding it (the hub flags that one for the manager), so the batch is
//! never blocked by a uniqueness conflict; an anonymised customer stays anonymised, and
//! one deleted here whose deletion waits for upload is not brought back meanwhile.

use chrono::Utc;
use rusqlite::{params, OptionalExtension, Transaction};
use serde_json::Value;

use super::super::{changes, outbox, Result, StoreError};
use super::{get, insert_plain, kind_text, remove, rewrite_row};
use crate::domain::customer::CustomerData;
use crate::domain::ids::CustomerId;

/// What the feed says of a customer.
#[derive(Debug, Clone, Copy)]
pub enum Remote<'a> {
    Upsert(&'a CustomerData),
    Deleted,
    /// Merged into this customer on another register; `register` is this one's code (its
    /// journal records what moved here).
    MergedInto {
        survivor: CustomerId,
        register: &'a str,
    },
}

/// What applying it did here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    Inserted,
    Updated,
    Deleted,
    /// Merged into its survivor here too (its sales, balances, gift cards moved).
    Merged,
    /// Nothing to do (already gone, or anonymised here).
    Unchanged,
}

/// Writes the hub's view of customer `id`.
pub fn apply_remote(tx: &Transaction, id: CustomerId, remote: Remote) -> Result<Applied> {
    let local = get(tx, id)?;
    let data = match remote {
        Remote::Deleted => {
            return match local {
                Some(c) if !c.anonymised => {
                    remove(tx, id, "sync")?;
                    Ok(Applied::Deleted)
                }
                _ => Ok(Applied::Unchanged),
            };
        }
        Remote::MergedInto { survivor, register } => {
            return match local {
                Some(c) if !c.anonymised => {
                    if super::super::merge::merge_remote(tx, survivor, id, register)? {
                        Ok(Applied::Merged)
                    } else {
                        remove(tx, id, "sync")?;
                        Ok(Applied::Deleted)
                    }
                }
                _ => Ok(Applied::Unchanged),
            };
        }
        Remote::Upsert(data) => data,
    };
    if local.as_ref().is_some_and(|c| c.anonymised) {
        return Ok(Applied::Unchanged);
    }
    if local.is_none() && outbox::delete_waiting(tx, id)? {
        // Deleted here, the deletion not uploaded yet: not brought back meanwhile.
        return Ok(Applied::Unchanged);
    }
    let mut data = with_local_edits(tx, id, data)?;
    let unknown_group = match data.group.as_deref() {
        Some(g) => !group_exists(tx, g)?,
        None => false,
    };
    if unknown_group {
        // Groups are not shared through the hub yet: unknown here, left out.
        data.group = None;
    }
    if local.as_ref().is_some_and(|c| c.data == data) {
        // Already so here (this register's own change come back, a snapshot of what
        // it uploaded): nothing written, nothing for the index to catch up.
        return Ok(Applied::Unchanged);
    }
    free_references(tx, id, &data)?;
    let now = Utc::now();
    if local.is_some() {
        rewrite_row(tx, id, &data, now)?;
        Ok(Applied::Updated)
    } else {
        insert_plain(tx, id, &data, now)?;
        Ok(Applied::Inserted)
    }
}

/// `data` with the fields of this customer's edits still waiting in the outbox laid over
/// it, oldest first.
fn with_local_edits(tx: &Transaction, id: CustomerId, data: &CustomerData) -> Result<CustomerData> {
    let edits = outbox::edits_waiting(tx, id)?;
    if edits.is_empty() {
        return Ok(data.clone());
    }
    let corrupt = |e: serde_json::Error| StoreError::Corrupt(format!("customer JSON: {e}"));
    let mut json = serde_json::to_value(data).map_err(corrupt)?;
    for edit in edits {
        let Some(fields) = edit.get("fields").and_then(Value::as_object) else {
            continue;
        };
        for (field, change) in fields {
            if let Some(obj) = json.as_object_mut() {
                match change.get("after") {
                    Some(Value::Null) | None => obj.remove(field),
                    Some(v) => obj.insert(field.clone(), v.clone()),
                };
            }
        }
    }
    serde_json::from_value(json).map_err(corrupt)
}

fn group_exists(tx: &Transaction, name: &str) -> Result<bool> {
    Ok(tx
        .prepare_cached("SELECT 1 FROM customer_group WHERE name = ?1")?
        .exists([name])?)
}

/// Takes each of `data`'s references from any other local customer holding it.
fn free_references(tx: &Transaction, id: CustomerId, data: &CustomerData) -> Result<()> {
    for r in &data.references {
        let kind = kind_text(r.kind);
        let holder: Option<CustomerId> = tx
            .prepare_cached(
                "DELETE FROM customer_ref WHERE kind = ?1 AND code = ?2 AND customer_id <> ?3
                 RETURNING customer_id",
            )?
            .query_row(params![kind, r.code, id], |row| row.get(0))
            .optional()?;
        if let Some(loser) = holder {
            let seq = changes::record(tx, loser, changes::Op::Upsert)?;
            tx.execute(
                "UPDATE customer SET change_seq = ?2 WHERE id = ?1",
                params![loser, seq],
            )?;
        }
    }
    Ok(())
}
