//! Customers in SQLite: create, read, update, delete (or anonymise), list, find by
//! reference, e-mail or phone.
//!
//! Writers take `&Transaction` and record the change in `customer_change` (the search
//! index's catch-up log) and, for user actions, the audit log. References are unique across
//! customers: a code already used by another customer is refused naming its owner.
//! The data columns are listed once, in `columns.rs`, with whether each is personal data;
//! every statement on whole rows, anonymisation's included, is made from that list.
//! Readers stream: [`for_each`] hands over one customer at a time and stops when told.

use std::ops::ControlFlow;

use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Transaction};
use serde_json::json;

use super::row::{as_stored, uuid_value};
use super::{audit, changes, outbox, time_text, Result, StoreError};
use crate::domain::customer::{Customer, CustomerData, Reference, ReferenceKind};
use crate::domain::ids::{CustomerId, GroupId};
use columns::{from_row, values, SQL};

pub(crate) use columns::kind_from_str;
pub use remote::{apply_remote, Applied, Remote};
pub use remote_group::{apply_remote_group, RemoteGroup};

mod columns;
mod remote;
mod remote_group;

/// What `delete` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeleteOutcome {
    /// The customer had no sales and is gone.
    Removed,
    /// The customer had sales: personal data erased, sales kept for the books.
    Anonymised,
}

pub fn kind_text(k: ReferenceKind) -> &'static str {
    match k {
        ReferenceKind::Barcode => "barcode",
        ReferenceKind::Nfc => "nfc",
    }
}

/// Creates a customer from validated data (a user action: audited).
pub fn create(tx: &Transaction, data: &CustomerData, actor: &str) -> Result<Customer> {
    let c = insert_row(tx, CustomerId::generate(), data, Utc::now())?;
    audit::record(
        tx,
        actor,
        "customer.create",
        "customer",
        Some(&c.id.to_string()),
        json!({}),
    )?;
    Ok(c)
}

/// Inserts a customer row and its references without an audit entry (bulk loads, which
/// audit once for the whole run).
pub fn insert_row(
    tx: &Transaction,
    id: CustomerId,
    data: &CustomerData,
    now: DateTime<Utc>,
) -> Result<Customer> {
    let now = as_stored(now);
    insert_logged(tx, id, data, now)?;
    Ok(Customer {
        id,
        data: data.clone(),
        created_at: now,
        updated_at: now,
        anonymised: false,
        last_visit: None,
    })
}

/// [`insert_row`] without making the stored customer back: returns the change sequence
/// the new row took (imports note it in their undo rows).
pub(crate) fn insert_logged(
    tx: &Transaction,
    id: CustomerId,
    data: &CustomerData,
    now: DateTime<Utc>,
) -> Result<i64> {
    let seq = insert_plain(tx, id, data, now)?;
    outbox::customer_created(tx, id, data)?;
    Ok(seq)
}

/// [`insert_logged`] without queueing the change for the hub (the hub's own feed).
fn insert_plain(
    tx: &Transaction,
    id: CustomerId,
    data: &CustomerData,
    now: DateTime<Utc>,
) -> Result<i64> {
    let group_id = group_id(tx, data.group.as_deref())?;
    let seq = changes::record(tx, id, changes::Op::Upsert)?;
    tx.prepare_cached(&SQL.insert)?
        .execute(params_from_iter(bound(
            id,
            data,
            group_id,
            seq,
            as_stored(now),
        )))?;
    write_references(tx, id, &data.references)?;
    Ok(seq)
}

/// What the insert and the update statements bind: the data columns, then the id, the
/// change sequence and the time.
fn bound(
    id: CustomerId,
    data: &CustomerData,
    group_id: Option<GroupId>,
    seq: i64,
    now: DateTime<Utc>,
) -> impl Iterator<Item = Value> {
    values(data, group_id).into_iter().chain([
        uuid_value(id.as_uuid()),
        Value::Integer(seq),
        Value::Text(time_text(now)),
    ])
}

/// Replaces every field of customer `id` with validated `data` (a user action: audited
/// with the names of the fields that changed, not their values).
pub fn update(
    tx: &Transaction,
    id: CustomerId,
    data: &CustomerData,
    actor: &str,
) -> Result<Customer> {
    let old = get(tx, id)?.ok_or_else(|| not_found(id))?;
    if old.anonymised {
        return Err(StoreError::Anonymised {
            id,
            action: "edited",
        });
    }
    let changed = changed_fields(&old.data, data);
    let now = as_stored(Utc::now());
    update_row(tx, id, data, now)?;
    audit::record(
        tx,
        actor,
        "customer.update",
        "customer",
        Some(&id.to_string()),
        json!({ "fields": changed }),
    )?;
    Ok(Customer {
        id,
        data: data.clone(),
        created_at: old.created_at,
        updated_at: now,
        anonymised: false,
        last_visit: old.last_visit,
    })
}

/// Writes every field of customer `id` and its references, without an audit entry (bulk
/// imports audit once per run); an anonymised or missing customer is `NotFound`. Returns
/// the change sequence the write took.
pub fn update_row(
    tx: &Transaction,
    id: CustomerId,
    data: &CustomerData,
    now: DateTime<Utc>,
) -> Result<i64> {
    if outbox::joined(tx)? {
        let before = get(tx, id)?.ok_or_else(|| not_found(id))?;
        outbox::customer_edited(tx, id, &before.data, data)?;
    }
    rewrite_row(tx, id, data, now)
}

/// [`update_row`] without queueing the change for the hub (the hub's own feed).
fn rewrite_row(
    tx: &Transaction,
    id: CustomerId,
    data: &CustomerData,
    now: DateTime<Utc>,
) -> Result<i64> {
    let group_id = group_id(tx, data.group.as_deref())?;
    let seq = changes::record(tx, id, changes::Op::Upsert)?;
    let mut stmt = tx.prepare_cached(&SQL.update)?;
    if stmt.execute(params_from_iter(bound(id, data, group_id, seq, now)))? == 0 {
        return Err(not_found(id));
    }
    tx.prepare_cached("DELETE FROM customer_ref WHERE customer_id = ?1")?
        .execute([id])?;
    write_references(tx, id, &data.references)?;
    Ok(seq)
}

/// Names of the top-level fields that differ between two versions of a customer.
pub fn changed_fields(old: &CustomerData, new: &CustomerData) -> Vec<String> {
    let (Ok(serde_json::Value::Object(a)), Ok(serde_json::Value::Object(b))) =
        (serde_json::to_value(old), serde_json::to_value(new))
    else {
        return Vec::new();
    };
    b.iter()
        .filter(|(k, v)| a.get(*k) != Some(*v))
        .map(|(k, _)| k.clone())
        .collect()
}

/// Deletes customer `id`, or anonymises it when it has sales (kept for the books).
pub fn delete(tx: &Transaction, id: CustomerId, actor: &str) -> Result<DeleteOutcome> {
    let outcome = remove(tx, id, actor)?;
    outbox::customer_deleted(tx, id)?;
    Ok(outcome)
}

/// [`delete`] without queueing the change for the hub.
fn remove(tx: &Transaction, id: CustomerId, actor: &str) -> Result<DeleteOutcome> {
    let ids = id;
    if get(tx, id)?.is_none() {
        return Err(not_found(id));
    }
    let sales: i64 = tx.query_row(
        "SELECT COUNT(*) FROM sale WHERE customer_id = ?1",
        [&ids],
        |r| r.get(0),
    )?;
    // Messages to the customer (their address, a composed text) go with them.
    super::messages::erase_customer(tx, id)?;
    // An import's undo rows may hold the customer's data as it was: erased with it.
    tx.execute(
        "DELETE FROM import_undo WHERE customer_id = ?1 AND run_id IN (SELECT id FROM import_run)",
        [&ids],
    )?;
    let outcome = if sales > 0 {
        tx.execute("DELETE FROM customer_ref WHERE customer_id = ?1", [&ids])?;
        tx.execute("DELETE FROM customer_note WHERE customer_id = ?1", [&ids])?;
        tx.prepare_cached(&SQL.anonymise)?
            .execute(params![ids, super::now_text()])?;
        DeleteOutcome::Anonymised
    } else {
        // A gift card belongs to whoever holds it: it stays, held by nobody.
        tx.execute(
            "UPDATE gift_card SET customer_id = NULL WHERE customer_id = ?1",
            [&ids],
        )?;
        tx.execute("DELETE FROM customer WHERE id = ?1", [&ids])?;
        DeleteOutcome::Removed
    };
    let seq = changes::record(tx, id, changes::Op::Delete)?;
    tx.execute(
        "UPDATE customer SET change_seq = ?2 WHERE id = ?1",
        params![ids, seq],
    )?;
    let action = match outcome {
        DeleteOutcome::Removed => "customer.delete",
        DeleteOutcome::Anonymised => "customer.anonymise",
    };
    audit::record(
        tx,
        actor,
        action,
        "customer",
        Some(&id.to_string()),
        json!({ "sales": sales }),
    )?;
    Ok(outcome)
}

fn not_found(id: CustomerId) -> StoreError {
    StoreError::NotFound {
        what: "customer",
        id: id.to_string(),
    }
}

/// One customer by id.
pub fn get(conn: &Connection, id: CustomerId) -> Result<Option<Customer>> {
    let mut stmt = conn.prepare_cached(&SQL.by_id)?;
    let c = stmt.query_row([id], from_row).optional()?;
    c.map(|c| with_references(conn, c)).transpose()
}

/// Calls `f` on every customer in creation order (anonymised ones only when asked), one
/// row at a time: nothing is collected, and rows after `f` says
/// [`ControlFlow::Break`] are not read. `f`'s own error (a failed write, say) ends the
/// iteration and is returned as it is.
pub fn for_each<E: From<StoreError>>(
    conn: &Connection,
    include_anonymised: bool,
    f: impl FnMut(Customer) -> std::result::Result<ControlFlow<()>, E>,
) -> std::result::Result<(), E> {
    let sql = if include_anonymised {
        &SQL.all
    } else {
        &SQL.live
    };
    scan(conn, sql, [], f)
}

/// Calls `f` on every non-anonymised customer whose row number is in `lo..=hi`, in row
/// order (the fastest scan: bulk readers split the table into such ranges); stops as
/// [`for_each`] does.
pub fn for_each_in_rows<E: From<StoreError>>(
    conn: &Connection,
    lo: i64,
    hi: i64,
    f: impl FnMut(Customer) -> std::result::Result<ControlFlow<()>, E>,
) -> std::result::Result<(), E> {
    scan(conn, &SQL.rows, [lo, hi], f)
}

/// Steps through the customers `sql` selects, handing each to `f` until it breaks.
fn scan<E: From<StoreError>>(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    mut f: impl FnMut(Customer) -> std::result::Result<ControlFlow<()>, E>,
) -> std::result::Result<(), E> {
    let store = |e: rusqlite::Error| E::from(StoreError::from(e));
    let mut stmt = conn.prepare_cached(sql).map_err(store)?;
    let mut rows = stmt.query(params).map_err(store)?;
    while let Some(row) = rows.next().map_err(store)? {
        let customer = with_references(conn, from_row(row).map_err(store)?)?;
        if f(customer)?.is_break() {
            break;
        }
    }
    Ok(())
}

/// The largest row number of the customer table (0 when empty).
pub fn max_row(conn: &Connection) -> Result<i64> {
    Ok(
        conn.query_row("SELECT COALESCE(MAX(rowid), 0) FROM customer", [], |r| {
            r.get(0)
        })?,
    )
}

/// How many customers are stored (anonymised ones excluded).
pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM customer WHERE anonymised = 0",
        [],
        |r| r.get(0),
    )?)
}

/// How many of `ids` are stored and not anonymised, each id counted once.
pub fn count_live(conn: &Connection, ids: &[CustomerId]) -> Result<u64> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let mut stmt = conn.prepare_cached("SELECT anonymised FROM customer WHERE id = ?1")?;
    let mut n = 0;
    for id in ids {
        if stmt.query_row([id], |r| r.get::<_, bool>(0)).optional()? == Some(false) {
            n += 1;
        }
    }
    Ok(n)
}

/// The customer a scanned reference identifies.
pub fn find_by_reference(
    conn: &Connection,
    kind: ReferenceKind,
    code: &str,
) -> Result<Option<CustomerId>> {
    let mut stmt =
        conn.prepare_cached("SELECT customer_id FROM customer_ref WHERE kind = ?1 AND code = ?2")?;
    Ok(stmt
        .query_row([kind_text(kind), code], |r| r.get(0))
        .optional()?)
}

/// Customers with this (normalised) e-mail or E.164 phone, oldest first.
pub fn find_by_contact(
    conn: &Connection,
    email: Option<&str>,
    phone: Option<&str>,
) -> Result<Vec<CustomerId>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM customer WHERE anonymised = 0 AND (email = ?1 OR phone = ?2 OR phone2 = ?2) ORDER BY id",
    )?;
    let rows = stmt.query_map(params![email, phone], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

fn group_id(tx: &Transaction, name: Option<&str>) -> Result<Option<GroupId>> {
    let Some(name) = name else { return Ok(None) };
    tx.prepare_cached("SELECT id FROM customer_group WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()?
        .map(Some)
        .ok_or_else(|| StoreError::UnknownGroup(name.to_string()))
}

fn write_references(tx: &Transaction, id: CustomerId, refs: &[Reference]) -> Result<()> {
    if refs.is_empty() {
        return Ok(());
    }
    let mut owner =
        tx.prepare_cached("SELECT customer_id FROM customer_ref WHERE kind = ?1 AND code = ?2")?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO customer_ref (code, kind, customer_id, position) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (i, r) in refs.iter().enumerate() {
        let kind = kind_text(r.kind);
        if let Some(o) = owner
            .query_row([kind, &r.code], |row| row.get::<_, CustomerId>(0))
            .optional()?
        {
            return Err(StoreError::ReferenceTaken {
                kind,
                code: r.code.clone(),
                owner: o.to_string(),
            });
        }
        insert.execute(params![r.code, kind, id, i as i64])?;
    }
    Ok(())
}

fn with_references(conn: &Connection, mut c: Customer) -> Result<Customer> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, code FROM customer_ref WHERE customer_id = ?1 ORDER BY position",
    )?;
    let refs = stmt.query_map([c.id], |r| {
        let kind: String = r.get(0)?;
        Ok(Reference {
            kind: if kind == "nfc" {
                ReferenceKind::Nfc
            } else {
                ReferenceKind::Barcode
            },
            code: r.get(1)?,
        })
    })?;
    c.data.references = refs.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(c)
}

#[cfg(test)]
mod tests;
