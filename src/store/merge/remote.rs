//! A merge made on another register, as the hub's feed tells it (`customer.delete` with
//! `merged_into`): what this register holds of the duplicate goes to the survivor here
//! too, so a sale rung up here for the duplicate and its gift cards follow
//! the survivor on every register, not only on the one that merged.
//!
//! Invariants: inside the feed batch's transaction; nothing is queued for the hub (the
//! authority already merged); balances are not moved here: the merging register's
//! `merge` entries and the hub's own (forwarding what the duplicate held that the
//! merging register had not heard of) come down the feed like any entry, so every
//! register holds the authority's ledger; the register's journal records it; the
//! change sequence records the duplicate's removal and the survivor's new state, so the
//! index follows; when either customer is not live here the caller removes the duplicate
//! as a plain deletion instead.

use chrono::Utc;
use rusqlite::{params, Transaction};
use serde_json::json;

use super::super::{audit, changes, customers, journal, Result};
use crate::domain::ids::CustomerId;

/// Merges `duplicate` into `survivor` here as the hub says another register did; false
/// (nothing done) when either is missing or anonymised here.
pub fn merge_remote(
    tx: &Transaction,
    survivor: CustomerId,
    duplicate: CustomerId,
    register: &str,
) -> Result<bool> {
    let live = |id| -> Result<bool> { Ok(customers::get(tx, id)?.is_some_and(|c| !c.anonymised)) };
    if survivor == duplicate || !live(survivor)? || !live(duplicate)? {
        return Ok(false);
    }
    let now = Utc::now();
    let sales = super::hand_over(tx, survivor, duplicate)?.sales;
    tx.execute("DELETE FROM customer WHERE id = ?1", [duplicate])?;
    changes::record(tx, duplicate, changes::Op::Delete)?;
    // The survivor's card reads differently (visits, balances): the index hears of it.
    let seq = changes::record(tx, survivor, changes::Op::Upsert)?;
    tx.execute(
        "UPDATE customer SET change_seq = ?2 WHERE id = ?1",
        params![survivor, seq],
    )?;
    let body = json!({
        "survivor": survivor.to_string(),
        "duplicate": duplicate.to_string(),
        "sales": sales,
        "by": "sync",
    });
    journal::append(
        tx,
        register,
        journal::EntryKind::Merge,
        Some(&survivor),
        now,
        &body.to_string(),
    )?;
    audit::record(
        tx,
        "sync",
        "customer.merge",
        "customer",
        Some(&survivor.to_string()),
        json!({ "duplicate": duplicate.to_string(), "sales": sales, "from": "hub" }),
    )?;
    Ok(true)
}
