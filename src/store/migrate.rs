//! Schema migrations: numbered, append-only, applied in one transaction.
//!
//! `MIGRATIONS[i]` brings the schema from version `i` to `i + 1`; the version lives in
//! `PRAGMA user_version`. Never edit a migration that has shipped: add a new one.
//!
//! Invariant: the version is read and the migrations applied in one `BEGIN IMMEDIATE`
//! transaction, so concurrent first starts migrate once (the others wait, then find the
//! schema current); a database newer than this code is refused before anything is
//! written.

use std::path::Path;

use rusqlite::Connection;

use super::{Result, StoreError};

/// The SQL of each schema version, in order.
pub const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_customers.sql"),
    include_str!("migrations/0002_sales.sql"),
    include_str!("migrations/0003_name_index.sql"),
    include_str!("migrations/0004_phone2_index.sql"),
    include_str!("migrations/0005_pin_guard.sql"),
    include_str!("migrations/0006_product_cost.sql"),
    include_str!("migrations/0007_money.sql"),
    include_str!("migrations/0008_parked.sql"),
    include_str!("migrations/0009_import_run.sql"),
    include_str!("migrations/0010_print_queue.sql"),
    include_str!("migrations/0011_product_category.sql"),
    include_str!("migrations/0012_prep_tickets.sql"),
    include_str!("migrations/0013_sync.sql"),
    include_str!("migrations/0014_message_outbox.sql"),
    include_str!("migrations/0015_closing.sql"),
    include_str!("migrations/0016_group_prices.sql"),
    include_str!("migrations/0017_sms.sql"),
    include_str!("migrations/0018_customer_sum_index.sql"),
    include_str!("migrations/0019_balance_follows_the_hub.sql"),
];

/// The schema version this code writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings `conn` to [`SCHEMA_VERSION`], refusing a newer database untouched.
pub(super) fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    migrate_to(conn, path, SCHEMA_VERSION)
}

/// Applies migrations up to `target` (tests use this to build an older schema).
///
/// The version that decides what to apply is read inside the `BEGIN IMMEDIATE`
/// transaction that applies it, so of two programs starting on a fresh file at once the
/// second waits for the first's commit, then finds the schema current. A first read
/// outside any transaction lets an up-to-date database (every start but the first) open
/// without taking the write lock.
pub(crate) fn migrate_to(conn: &mut Connection, path: &Path, target: i64) -> Result<()> {
    if version(conn, path)? >= target {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let found = version(&tx, path)?;
    for (i, sql) in MIGRATIONS
        .iter()
        .enumerate()
        .take(target as usize)
        .skip(found as usize)
    {
        tx.execute_batch(sql)?;
        tracing::info!(version = i + 1, "applied migration");
    }
    if found < target {
        tx.pragma_update(None, "user_version", target)?;
    }
    tx.commit()?;
    Ok(())
}

/// The schema version of `conn`; a database newer than this code is refused untouched.
fn version(conn: &Connection, path: &Path) -> Result<i64> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(found)
}
