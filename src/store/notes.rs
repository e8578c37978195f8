//! Timestamped internal notes on a customer: written by staff, never shown to the customer
//! or printed.
//!
//! Invariants: a note is written once (never edited here); once the database joined a
//! hub, writing one queues it for upload in the same transaction (`store::outbox`), and a
//! note the hub's feed brings is stored by its id, never twice.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, Transaction};
use serde::Serialize;

use super::row::time;
use super::{audit, Result, StoreError};
use crate::domain::ids::{CustomerId, NoteId};

/// One internal note.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Note {
    pub id: NoteId,
    pub customer_id: CustomerId,
    pub author: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

/// The longest note body, in bytes (the hub refuses longer ones, so a register must
/// never write one).
pub const MAX_BODY: usize = 16_000;

/// Adds a note (a user action: audited). The body is trimmed and must not be empty.
pub fn add(tx: &Transaction, customer: CustomerId, author: &str, body: &str) -> Result<Note> {
    let body = body.trim();
    if body.is_empty() {
        return Err(StoreError::EmptyNote);
    }
    if body.len() > MAX_BODY {
        return Err(StoreError::NoteTooLong(MAX_BODY));
    }
    let note = Note {
        id: NoteId::generate(),
        customer_id: customer,
        author: author.to_string(),
        body: body.to_string(),
        created_at: Utc::now(),
    };
    tx.execute(
        "INSERT INTO customer_note (id, customer_id, author, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            note.id,
            customer,
            author,
            note.body,
            super::time_text(note.created_at)
        ],
    )?;
    audit::record(
        tx,
        author,
        "note.add",
        "customer",
        Some(&customer.to_string()),
        serde_json::json!({}),
    )?;
    super::outbox::note_set(tx, &note)?;
    Ok(note)
}

/// The hub's view of a note, written here without queueing it back: stored by its id
/// (a merge elsewhere moves it to the survivor) when its customer lives here; whether
/// anything changed. Not audited: it is no act of this register's staff.
pub fn apply_remote(tx: &Transaction, note: &Note) -> Result<bool> {
    let live: bool = tx
        .prepare_cached("SELECT EXISTS(SELECT 1 FROM customer WHERE id = ?1 AND anonymised = 0)")?
        .query_row([note.customer_id], |r| r.get(0))?;
    if !live {
        return Ok(false);
    }
    let changed = tx
        .prepare_cached(
            "INSERT INTO customer_note (id, customer_id, author, body, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (id) DO UPDATE SET customer_id = excluded.customer_id,
                 author = excluded.author, body = excluded.body
             WHERE customer_id IS NOT excluded.customer_id OR author IS NOT excluded.author
                 OR body IS NOT excluded.body",
        )?
        .execute(params![
            note.id,
            note.customer_id,
            note.author,
            note.body,
            super::time_text(note.created_at)
        ])?;
    Ok(changed > 0)
}

/// Every note of the live customers, oldest first (what joining a hub queues).
pub fn all_live(conn: &Connection) -> Result<Vec<Note>> {
    let mut stmt = conn.prepare_cached(
        "SELECT n.id, n.customer_id, n.author, n.body, n.created_at FROM customer_note n
         JOIN customer c ON c.id = n.customer_id AND c.anonymised = 0
         ORDER BY n.created_at, n.id",
    )?;
    let rows = stmt.query_map([], read)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

fn read(r: &rusqlite::Row) -> rusqlite::Result<Note> {
    Ok(Note {
        id: r.get(0)?,
        customer_id: r.get(1)?,
        author: r.get(2)?,
        body: r.get(3)?,
        created_at: time(r, 4)?,
    })
}

/// A customer's notes, newest first.
pub fn for_customer(conn: &Connection, customer: CustomerId) -> Result<Vec<Note>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, customer_id, author, body, created_at FROM customer_note
         WHERE customer_id = ?1 ORDER BY created_at DESC, id DESC",
    )?;
    let rows = stmt.query_map([customer], read)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
