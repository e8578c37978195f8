//! Import runs: an import commits in chunks, yet stays all or nothing.
//!
//! [`begin`] records a `running` run and takes its lock (`lock.rs`); each chunk's
//! transaction writes customers and, for each, an undo row ([`record_created`],
//! [`record_updated`]); the last chunk's transaction marks the run done ([`mark_done`]),
//! after which [`forget`] deletes its undo rows in small transactions and releases the
//! lock. A run that fails is undone by [`roll_back`]; a run whose process died is undone
//! by [`recover`], which `Store::open` calls.
//!
//! Invariants:
//! - a customer's undo row is written in the transaction that writes the customer, so
//!   every committed chunk can be undone and nothing else is ever undone;
//! - `previous` is the data before the run's *first* write to the customer (later writes
//!   of the same run only move `written` and `written_seq`);
//! - a rollback is one transaction (`undo.rs`): customers the run created are deleted,
//!   with their references, unless the register has used them since (changed them, sold
//!   to them, noted something: those are kept); the fields the run changed on the others
//!   get their previous values back, except where the register changed them since; each
//!   deletion or restoration is logged in `customer_change`, so the search index
//!   converges; the run becomes `rolled back` and its undo rows go;
//! - a `running` run is rolled back by [`recover`] only when no live process holds its
//!   lock, and lock files are created, inspected and removed only under the database's
//!   write lock, so a live import is never undone under its feet;
//! - undo rows hold personal data: those of a finished run are deleted, and deleting or
//!   anonymising a customer deletes its undo rows (`customers::delete`).

mod lock;
mod undo;

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::{now_text, Result, Store, StoreError};
use crate::domain::customer::CustomerData;
use crate::domain::ids::CustomerId;

pub use lock::Held;
pub use undo::Undone;

/// Undo rows deleted per transaction once a run is over.
const FORGET_BATCH: i64 = 2_000;

/// A run in progress: its id, and its lock (none for a database in memory).
#[derive(Debug)]
pub struct Run {
    pub id: i64,
    lock: Option<Held>,
}

/// Records a new `running` run of `actor` importing the file named `file`, and takes its
/// lock (inside the same write transaction: see `lock.rs`).
pub fn begin(store: &mut Store, actor: &str, file: &str) -> Result<Run> {
    let db = store.path().to_path_buf();
    store.write(|tx| {
        tx.execute(
            "INSERT INTO import_run (started, actor, file) VALUES (?1, ?2, ?3)",
            params![now_text(), actor, file],
        )?;
        let id = tx.last_insert_rowid();
        let lock = match lock::path(&db, id) {
            Some(path) => {
                Some(Held::take(path.clone()).map_err(|source| StoreError::Io { path, source })?)
            }
            None => None,
        };
        Ok(Run { id, lock })
    })
}

/// Notes that run `run` created customer `id` from line `line` of its file; the
/// customer's change sequence is now `seq`.
pub fn record_created(
    tx: &Transaction,
    run: i64,
    id: CustomerId,
    seq: i64,
    line: Option<u64>,
) -> Result<()> {
    let line = line.and_then(|l| i64::try_from(l).ok());
    tx.prepare_cached(
        "INSERT INTO import_undo (run_id, customer_id, previous, written, written_seq, line)
         VALUES (?1, ?2, NULL, NULL, ?3, ?4)
         ON CONFLICT (run_id, customer_id) DO UPDATE SET written_seq = excluded.written_seq",
    )?
    .execute(params![run, id, seq, line])?;
    Ok(())
}

/// The line of its file from which run `run` created customer `id`, if it did.
pub fn created_by_line(conn: &Connection, run: i64, id: CustomerId) -> Result<Option<u64>> {
    let line: Option<Option<i64>> = conn
        .prepare_cached(
            "SELECT line FROM import_undo WHERE run_id = ?1 AND customer_id = ?2
             AND previous IS NULL",
        )?
        .query_row(params![run, id], |r| r.get(0))
        .optional()?;
    Ok(line.flatten().and_then(|l| u64::try_from(l).ok()))
}

/// Notes that run `run` replaced customer `id`'s `previous` data by `written`, which took
/// change sequence `seq`. The first `previous` of a run is kept.
pub fn record_updated(
    tx: &Transaction,
    run: i64,
    id: CustomerId,
    previous: &CustomerData,
    written: &CustomerData,
    seq: i64,
) -> Result<()> {
    let json = |d: &CustomerData| {
        serde_json::to_string(d).map_err(|e| StoreError::Corrupt(format!("customer {id}: {e}")))
    };
    tx.prepare_cached(
        "INSERT INTO import_undo (run_id, customer_id, previous, written, written_seq)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (run_id, customer_id)
         DO UPDATE SET written = excluded.written, written_seq = excluded.written_seq",
    )?
    .execute(params![run, id, json(previous)?, json(written)?, seq])?;
    Ok(())
}

/// Whether run `run` has written customer `id` (in a committed chunk).
pub fn touched(conn: &Connection, run: i64, id: CustomerId) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM import_undo WHERE run_id = ?1 AND customer_id = ?2")?
        .query_row(params![run, id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Marks run `run` done, in its last chunk's transaction.
pub fn mark_done(tx: &Transaction, run: &Run) -> Result<()> {
    tx.execute(
        "UPDATE import_run SET status = 'done', ended = ?2 WHERE id = ?1",
        params![run.id, now_text()],
    )?;
    Ok(())
}

/// After [`mark_done`] committed: deletes the run's undo rows, a batch per transaction
/// (the register writes between them), and releases its lock. Undo rows a failure leaves
/// behind are deleted by the next [`recover`].
pub fn forget(store: &mut Store, run: Run) -> Result<()> {
    delete_undo_rows(store, run.id)?;
    if let Some(lock) = run.lock {
        lock.release();
    }
    Ok(())
}

fn delete_undo_rows(store: &mut Store, run: i64) -> Result<()> {
    loop {
        let n = store.write(|tx| {
            Ok::<_, StoreError>(tx.execute(
                "DELETE FROM import_undo WHERE run_id = ?1 AND customer_id IN
                   (SELECT customer_id FROM import_undo WHERE run_id = ?1 LIMIT ?2)",
                params![run, FORGET_BATCH],
            )?)
        })?;
        if n == 0 {
            return Ok(());
        }
    }
}

/// Undoes run `run` (failed) in one transaction, then releases its lock. When this fails
/// (the database locked for longer than the busy timeout), the run stays `running` and
/// its lock goes with `run`: the next [`recover`] undoes it.
pub fn roll_back(store: &mut Store, run: Run) -> Result<Undone> {
    let undone = store.write(|tx| undo::roll_back(tx, run.id))?;
    if let Some(lock) = run.lock {
        lock.release();
    }
    Ok(undone)
}

/// At open: undoes every `running` run whose process is gone, deletes what finished runs
/// left (undo rows, lock files). Cheap when there is nothing to do (one query and a
/// listing of the database's folder).
pub fn recover(store: &mut Store) -> Result<Vec<(i64, Undone)>> {
    let db = store.path().to_path_buf();
    let files = lock::listed(&db);
    let (running, leftovers): (bool, bool) = store.conn().query_row(
        "SELECT EXISTS (SELECT 1 FROM import_run WHERE status = 'running'),
                EXISTS (SELECT 1 FROM import_run r WHERE r.status <> 'running'
                        AND EXISTS (SELECT 1 FROM import_undo u WHERE u.run_id = r.id))",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if !running && !leftovers && files.is_empty() {
        return Ok(Vec::new());
    }
    let undone = store.write(|tx| {
        let runs: Vec<i64> = tx
            .prepare("SELECT id FROM import_run WHERE status = 'running' ORDER BY id")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut undone = Vec::new();
        for id in runs {
            let dead = match lock::path(&db, id) {
                Some(path) => {
                    !lock::alive(&path).map_err(|source| StoreError::Io { path, source })?
                }
                None => false,
            };
            if dead {
                let u = undo::roll_back(tx, id)?;
                tracing::warn!(run = id, ?u, "rolled back an import whose process died");
                undone.push((id, u));
            }
        }
        for id in &files {
            let status: Option<String> = tx
                .query_row("SELECT status FROM import_run WHERE id = ?1", [id], |r| {
                    r.get(0)
                })
                .optional()?;
            if status.as_deref() != Some("running") {
                if let Some(path) = lock::path(&db, *id) {
                    lock::remove_if_dead(&path);
                }
            }
        }
        Ok::<_, StoreError>(undone)
    })?;
    for (id, _) in &undone {
        if let Some(path) = lock::path(&db, *id) {
            lock::remove_if_dead(&path);
        }
    }
    if leftovers {
        let finished: Vec<i64> = store
            .conn()
            .prepare(
                "SELECT r.id FROM import_run r WHERE r.status <> 'running'
                 AND EXISTS (SELECT 1 FROM import_undo u WHERE u.run_id = r.id)",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for id in finished {
            delete_undo_rows(store, id)?;
        }
    }
    Ok(undone)
}

/// A run's status: "running", "done" or "rolled back".
pub fn status(conn: &Connection, run: i64) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT status FROM import_run WHERE id = ?1", [run], |r| {
            r.get(0)
        })
        .optional()?)
}

#[cfg(test)]
mod tests;
