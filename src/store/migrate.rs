//! Schema migrations: numbered, append-only, applied in one transaction.
//!
//! `MIGRATIONS[i]` brings the schema from version `i` to `i + 1`; the version lives in
//! `PRAGMA user_version`. Never edit a migration that has shipped: add a new one.

use std::path::Path;

use rusqlite::Connection;

use super::{Result, StoreError};

/// The SQL of each schema version, in order.
pub const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_customers.sql"),
    include_str!("migrations/0002_sales.sql"),
    include_str!("migrations/0003_name_index.sql"),
    include_str!("migrations/0004_phone2_index.sql"),
];

/// The schema version this code writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings `conn` to [`SCHEMA_VERSION`], refusing a newer database untouched.
pub(super) fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    migrate_to(conn, path, SCHEMA_VERSION)
}

/// Applies migrations up to `target` (tests use this to build an older schema).
pub(crate) fn migrate_to(conn: &mut Connection, path: &Path, target: i64) -> Result<()> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found,
            supported: SCHEMA_VERSION,
        });
    }
    if found >= target {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)?;
    for (i, sql) in MIGRATIONS
        .iter()
        .enumerate()
        .take(target as usize)
        .skip(found as usize)
    {
        tx.execute_batch(sql)?;
        tracing::info!(version = i + 1, "applied migration");
    }
    tx.pragma_update(None, "user_version", target)?;
    tx.commit()?;
    Ok(())
}
