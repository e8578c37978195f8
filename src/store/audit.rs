//! The audit log: who did what to which record, when. Entries are written in the same
//! transaction as the action they describe, so a rolled-back action leaves no entry.
//! Details name fields, never the personal values themselves.

use rusqlite::{Connection, Transaction};
use serde::Serialize;

use super::Result;

/// One audit entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub detail: serde_json::Value,
}

/// Appends an entry.
pub fn record(
    tx: &Transaction,
    actor: &str,
    action: &str,
    entity: &str,
    entity_id: Option<&str>,
    detail: serde_json::Value,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO audit_log (at, actor, action, entity, entity_id, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(rusqlite::params![
        super::now_text(),
        actor,
        action,
        entity,
        entity_id,
        detail.to_string()
    ])?;
    Ok(())
}

/// Entries about one record, oldest first.
pub fn for_entity(conn: &Connection, entity: &str, entity_id: &str) -> Result<Vec<Entry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, actor, action, entity, entity_id, detail FROM audit_log
         WHERE entity = ?1 AND entity_id = ?2 ORDER BY id",
    )?;
    let rows = stmt.query_map([entity, entity_id], |r| {
        let detail: String = r.get(5)?;
        Ok(Entry {
            at: r.get(0)?,
            actor: r.get(1)?,
            action: r.get(2)?,
            entity: r.get(3)?,
            entity_id: r.get(4)?,
            detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::Null),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// How many entries the log holds.
pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get(0))?)
}
