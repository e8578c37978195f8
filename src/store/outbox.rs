//! The register's outbox of customer changes for the hub, and its sync state (migration
//! 0011). `crate::sync` uploads the outbox in order and applies the hub's feed.
//!
//! Invariants:
//! - a customer write made through the store (create, edit, delete, anonymise, an
//!   import's rows and its undo) writes its outbox row in the same SQLite transaction,
//!   so a change is never committed without its upload queued, nor queued without being
//!   committed;
//! - nothing is queued until the database has joined a hub (a `hub` row in
//!   `sync_state`): a single-register shop pays one indexed look-up per write;
//! - a row leaves the outbox only once the hub answered for it ([`remove`]); a lost
//!   answer means the same change id is sent again, which the hub answers from its
//!   record without applying it twice;
//! - an edit carries, per changed top-level field, the value the register saw before
//!   and the new value: the hub keeps the overwritten value when they disagree;
//! - a group written through the store (`store::catalog`) queues `group.set` or
//!   `group.delete` in its transaction the same way; a group's customers are written
//!   (and queued) before the group's deletion, so the feed moves them first; a staff
//!   note queues `note.set` when written and again when a merge moves it;
//! - a sale (`sale.add`, the whole ticket) and every ledger entry (`ledger.add`) are
//!   queued in the transaction that wrote them, in that order: the hub checks each debit
//!   against its own balances.

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde_json::{json, Map, Value};

use super::{now_text, Result, StoreError};
use crate::domain::customer::CustomerData;
use crate::domain::ids::CustomerId;

/// `sync_state` keys.
pub const HUB: &str = "hub";
pub const CURSOR: &str = "cursor";
pub const LAST_SYNC: &str = "last_sync";
/// Set by a join until the hub's snapshot is applied (the cursor means nothing before).
pub const SNAPSHOT: &str = "snapshot";

/// Change kinds, as the hub's `hub.upload` knows them.
pub const CREATE: &str = "customer.create";
pub const EDIT: &str = "customer.edit";
pub const DELETE: &str = "customer.delete";
pub const GROUP_SET: &str = "group.set";
pub const GROUP_DELETE: &str = "group.delete";
pub const NOTE_SET: &str = "note.set";
pub const SALE_ADD: &str = "sale.add";
pub const LEDGER_ADD: &str = "ledger.add";

/// One change waiting for the hub.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub seq: i64,
    pub change_id: String,
    pub kind: String,
    pub payload: String,
}

/// Has this database joined a hub?
pub fn joined(conn: &Connection) -> Result<bool> {
    Ok(state(conn, HUB)?.is_some())
}

/// A `sync_state` value.
pub fn state(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM sync_state WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

pub fn set_state(tx: &Transaction, key: &str, value: &str) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO sync_state (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute([key, value])?;
    Ok(())
}

/// Removes a `sync_state` value.
pub fn clear_state(tx: &Transaction, key: &str) -> Result<()> {
    tx.prepare_cached("DELETE FROM sync_state WHERE key = ?1")?
        .execute([key])?;
    Ok(())
}

/// Queues a change with a fresh id (time-ordered).
fn push(tx: &Transaction, kind: &str, payload: &Value) -> Result<()> {
    let id = uuid::Uuid::now_v7().hyphenated().to_string();
    tx.prepare_cached(
        "INSERT INTO sync_outbox (change_id, kind, payload, created_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![id, kind, payload.to_string(), now_text()])?;
    Ok(())
}

fn data_json(data: &CustomerData) -> Result<Value> {
    serde_json::to_value(data).map_err(|e| StoreError::Corrupt(format!("customer JSON: {e}")))
}

/// A customer created here (when joined).
pub fn customer_created(tx: &Transaction, id: CustomerId, data: &CustomerData) -> Result<()> {
    if !joined(tx)? {
        return Ok(());
    }
    push(
        tx,
        CREATE,
        &json!({ "id": id.to_string(), "data": data_json(data)? }),
    )
}

/// A customer edited here (when joined): the fields that changed, each with the value
/// seen before and the new one. Nothing is queued when nothing changed.
pub fn customer_edited(
    tx: &Transaction,
    id: CustomerId,
    before: &CustomerData,
    after: &CustomerData,
) -> Result<()> {
    if !joined(tx)? {
        return Ok(());
    }
    let fields = field_changes(&data_json(before)?, &data_json(after)?);
    if fields.is_empty() {
        return Ok(());
    }
    push(tx, EDIT, &json!({ "id": id.to_string(), "fields": fields }))
}

/// A customer deleted or anonymised here (when joined).
pub fn customer_deleted(tx: &Transaction, id: CustomerId) -> Result<()> {
    if !joined(tx)? {
        return Ok(());
    }
    push(tx, DELETE, &json!({ "id": id.to_string() }))
}

/// A group created or changed here (when joined): its name and discount, and `from`, the
/// name it had, when it was renamed. Groups are known across registers by name.
pub fn group_set(
    tx: &Transaction,
    name: &str,
    discount: crate::domain::money::Percent,
    from: Option<&str>,
) -> Result<()> {
    if !joined(tx)? {
        return Ok(());
    }
    let mut payload = json!({ "name": name, "discount": super::row::percent_text(discount) });
    if let (Some(from), Some(obj)) = (from, payload.as_object_mut()) {
        obj.insert("from".into(), json!(from));
    }
    push(tx, GROUP_SET, &payload)
}

/// A group deleted here (when joined).
pub fn group_deleted(tx: &Transaction, name: &str) -> Result<()> {
    if !joined(tx)? {
        return Ok(());
    }
    push(tx, GROUP_DELETE, &json!({ "name": name }))
}

/// A staff note written here, or moved to another customer by a merge (when joined).
pub fn note_set(tx: &Transaction, note: &super::notes::Note) -> Result<()> {
    if !joined(tx)? {
        return Ok(());
    }
    push(
        tx,
        NOTE_SET,
        &json!({
            "id": note.id.to_string(),
            "customer": note.customer_id.to_string(),
            "author": note.author,
            "body": note.body,
            "created_at": super::time_text(note.created_at),
        }),
    )
}

/// A sale rung up here (when joined): the whole ticket, its lines and payments.
pub fn sale_added(tx: &Transaction, sale: &crate::domain::sale::Sale) -> Result<()> {
    if !joined(tx)? {
        return Ok(());
    }
    let sale =
        serde_json::to_value(sale).map_err(|e| StoreError::Corrupt(format!("sale JSON: {e}")))?;
    push(tx, SALE_ADD, &json!({ "sale": sale }))
}

/// A movement of a customer's balance made here (when joined).
pub fn ledger_added(tx: &Transaction, entry: &super::ledger::Entry) -> Result<()> {
    if !joined(tx)? {
        return Ok(());
    }
    let entry = serde_json::to_value(entry)
        .map_err(|e| StoreError::Corrupt(format!("ledger entry JSON: {e}")))?;
    push(tx, LEDGER_ADD, &entry)
}

/// A customer merged here into `survivor` (when joined): a deletion that tells the other
/// registers where what they hold of the duplicate goes.
pub fn customer_merged_away(
    tx: &Transaction,
    duplicate: CustomerId,
    survivor: CustomerId,
) -> Result<()> {
    if !joined(tx)? {
        return Ok(());
    }
    push(
        tx,
        DELETE,
        &json!({ "id": duplicate.to_string(), "merged_into": survivor.to_string() }),
    )
}

/// Per top-level field that differs: `{"before": old, "after": new}` (`null` when a side
/// lacks it).
pub fn field_changes(before: &Value, after: &Value) -> Map<String, Value> {
    let empty = Map::new();
    let a = before.as_object().unwrap_or(&empty);
    let b = after.as_object().unwrap_or(&empty);
    let mut out = Map::new();
    for key in a.keys().chain(b.keys()) {
        let (old, new) = (
            a.get(key).unwrap_or(&Value::Null),
            b.get(key).unwrap_or(&Value::Null),
        );
        if old != new && !out.contains_key(key) {
            out.insert(key.clone(), json!({ "before": old, "after": new }));
        }
    }
    out
}

/// How long after its last good pass a register counts as cut off from its hub: a pass
/// writes the time at most once a minute when nothing moved, and the worker passes every
/// few seconds.
pub const CUT_OFF_AFTER: chrono::Duration = chrono::Duration::seconds(120);

/// Whether this database joined a hub and has not reached it for [`CUT_OFF_AFTER`] (or
/// never since joining).
pub fn cut_off(conn: &Connection, now: chrono::DateTime<chrono::Utc>) -> Result<bool> {
    if !joined(conn)? {
        return Ok(false);
    }
    Ok(last_sync(conn)?.is_none_or(|t| now.signed_duration_since(t) > CUT_OFF_AFTER))
}

/// When the last pass that reached the hub ended (kept to the minute when nothing
/// moved), if one did.
pub fn last_sync(conn: &Connection) -> Result<Option<chrono::DateTime<chrono::Utc>>> {
    Ok(state(conn, LAST_SYNC)?
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok())
        .map(|t| t.with_timezone(&chrono::Utc)))
}

/// What this register's entries waiting for upload spend of `customer`'s `kind`, in
/// units (positive): the debits, or for the account the sales charged on it.
pub fn unsent_spending(
    conn: &Connection,
    customer: crate::domain::ids::CustomerId,
    kind: crate::domain::ledger::Kind,
) -> Result<i64> {
    let sign = if kind == crate::domain::ledger::Kind::Account {
        1
    } else {
        -1
    };
    let spent: i64 = conn
        .prepare_cached(
            "SELECT COALESCE(SUM(json_extract(payload, '$.amount')) * ?4, 0) FROM sync_outbox
             WHERE kind = ?1 AND json_extract(payload, '$.customer') = ?2
               AND json_extract(payload, '$.kind') = ?3
               AND json_extract(payload, '$.amount') * ?4 > 0
               AND json_extract(payload, '$.reason') IN ('sale', 'redemption')",
        )?
        .query_row(
            params![LEDGER_ADD, customer.to_string(), kind.as_str(), sign],
            |r| r.get(0),
        )?;
    Ok(spent)
}

/// The oldest waiting changes, at most `limit`.
pub fn pending(conn: &Connection, limit: usize) -> Result<Vec<Pending>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, change_id, kind, payload FROM sync_outbox ORDER BY seq LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit as i64], |r| {
        Ok(Pending {
            seq: r.get(0)?,
            change_id: r.get(1)?,
            kind: r.get(2)?,
            payload: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// How many changes wait.
pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT COUNT(*) FROM sync_outbox", [], |r| r.get(0))?)
}

/// The hub answered for change `seq`: it leaves the outbox.
pub fn remove(tx: &Transaction, seq: i64) -> Result<()> {
    tx.prepare_cached("DELETE FROM sync_outbox WHERE seq = ?1")?
        .execute([seq])?;
    Ok(())
}

/// Does a deletion of customer `id` wait for upload?
pub fn delete_waiting(conn: &Connection, id: CustomerId) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM sync_outbox WHERE json_extract(payload, '$.id') = ?1 AND kind = ?2",
        )?
        .exists(params![id.to_string(), DELETE])?)
}

/// The edits of customer `id` still waiting, oldest first (applying the feed's view of
/// the customer lays them over it again, so a local edit is not undone on screen while
/// its upload waits).
pub fn edits_waiting(conn: &Connection, id: CustomerId) -> Result<Vec<Value>> {
    let mut stmt = conn.prepare_cached(
        "SELECT payload FROM sync_outbox WHERE json_extract(payload, '$.id') = ?2 AND kind = ?1
         ORDER BY seq",
    )?;
    let rows = stmt.query_map(params![EDIT, id.to_string()], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for text in rows {
        let v: Value = serde_json::from_str(&text?)
            .map_err(|e| StoreError::Corrupt(format!("sync_outbox payload: {e}")))?;
        out.push(v);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_changes_lists_only_what_differs_with_both_sides() {
        let before = json!({ "first_name": "Ann", "email": null, "phone": "+33611" });
        let after = json!({ "first_name": "Anne", "email": "a@b.fr", "phone": "+33611" });
        let f = field_changes(&before, &after);
        assert_eq!(f.len(), 2);
        assert_eq!(f["first_name"], json!({ "before": "Ann", "after": "Anne" }));
        assert_eq!(f["email"], json!({ "before": null, "after": "a@b.fr" }));
    }

    #[test]
    fn a_field_missing_on_one_side_counts_as_null() {
        let f = field_changes(&json!({ "a": 1 }), &json!({ "b": 2 }));
        assert_eq!(f["a"], json!({ "before": 1, "after": null }));
        assert_eq!(f["b"], json!({ "before": null, "after": 2 }));
    }
}
