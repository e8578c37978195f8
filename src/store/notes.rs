//! Timestamped internal notes on a customer: written by staff, never shown to the customer
//! or printed.

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

/// Adds a note (a user action: audited). The body is trimmed and must not be empty.
pub fn add(tx: &Transaction, customer: CustomerId, author: &str, body: &str) -> Result<Note> {
    let body = body.trim();
    if body.is_empty() {
        return Err(StoreError::EmptyNote);
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
    Ok(note)
}

/// A customer's notes, newest first.
pub fn for_customer(conn: &Connection, customer: CustomerId) -> Result<Vec<Note>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, customer_id, author, body, created_at FROM customer_note
         WHERE customer_id = ?1 ORDER BY created_at DESC, id DESC",
    )?;
    let rows = stmt.query_map([customer], |r| {
        Ok(Note {
            id: r.get(0)?,
            customer_id: r.get(1)?,
            author: r.get(2)?,
            body: r.get(3)?,
            created_at: time(r, 4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
