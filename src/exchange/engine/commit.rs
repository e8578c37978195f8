//! The life of an [`Engine`]'s run against the store: the read snapshots rows are
//! planned in, the commit of each chunk, the end of the run (done, or undone).
//!
//! Invariants: a write transaction is never opened while the engine's read transaction
//! is (each write ends it first); the store's `synchronous = FULL` and automatic
//! checkpoints are back whatever way the run ends (a real run checkpoints after each
//! chunk's commit itself, once the write lock is released, so the time measured for a
//! chunk is the time it held the lock, and the log is copied back before the next chunk,
//! which can then start it again instead of growing it); an engine dropped without
//! [`Engine::finish`] (an error, a panic) undoes its committed chunks.

use std::time::Instant;

use serde_json::json;

use super::{Engine, CHUNK_MAX, CHUNK_MIN, CHUNK_TARGET};
use crate::exchange::report::Report;
use crate::store::{audit, changes, import_run, StoreError};

impl Engine<'_> {
    /// Opens the read snapshot rows are planned in, when none is open.
    pub(super) fn begin_read(&mut self) -> Result<(), StoreError> {
        if !self.reading {
            self.store.begin_read()?;
            self.reading = true;
        }
        Ok(())
    }

    fn end_read(&mut self) -> Result<(), StoreError> {
        if self.reading {
            self.reading = false;
            self.store.end_read()?;
        }
        Ok(())
    }

    /// Ends the read snapshot and, for a real run, commits the planned writes in one
    /// write transaction (the next chunk's size aims at [`CHUNK_TARGET`]); the pending
    /// view then moves on to the next chunk.
    pub(super) fn flush(&mut self) -> Result<(), StoreError> {
        self.end_read()?;
        self.planned = 0;
        if let Some(run) = self.run.as_ref().map(|r| r.id) {
            self.commit_chunk(run)?;
        }
        self.pending.settle()
    }

    /// Commits the planned writes of run `run`, when there are any.
    fn commit_chunk(&mut self, run: i64) -> Result<(), StoreError> {
        if self.chunk.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::take(&mut self.chunk);
        let n = chunk.len();
        let now = self.now;
        let started = Instant::now();
        let pending = &self.pending;
        let notices = self.store.write(|tx| chunk.write(tx, run, now, pending))?;
        // The write lock was held until here: the checkpoint below does not hold it.
        let took = started.elapsed().max(std::time::Duration::from_micros(100));
        if let Err(e) = self.store.checkpoint_passive() {
            tracing::debug!(error = %e, "checkpoint after a chunk not done");
        }
        let fit = (n as f64 * CHUNK_TARGET.as_secs_f64() / took.as_secs_f64()) as usize;
        self.limit = fit.clamp(CHUNK_MIN, CHUNK_MAX);
        for n in notices {
            self.report.notice(n);
        }
        Ok(())
    }

    /// Ends the run: a real run commits its last chunk with the audit entry and is done
    /// (its undo rows are deleted after); a dry run's report gets the store's change
    /// sequence as it stands.
    pub fn finish(mut self) -> Result<Report, StoreError> {
        let result = self.settle();
        if result.is_err() {
            self.abort();
        }
        result
    }

    fn settle(&mut self) -> Result<Report, StoreError> {
        self.end_read()?;
        let Some(run) = self.run.as_ref().map(|r| r.id) else {
            self.report.last_change_seq = Some(changes::last_seq(self.store.conn())?);
            return Ok(std::mem::take(&mut self.report));
        };
        self.store.set_durable(true)?;
        let chunk = std::mem::take(&mut self.chunk);
        let (now, actor) = (self.now, self.actor.clone());
        let r = &self.report;
        let file = std::path::Path::new(&r.file)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let detail = json!({
            "format": r.format, "file": file, "preset": r.preset,
            "rows": r.rows_read, "created": r.created, "updated": r.updated,
            "unchanged": r.unchanged, "refused": r.refused, "run": run,
        });
        let (import, pending) = (self.run.as_ref(), &self.pending);
        let (notices, seq) = self.store.write(|tx| {
            let notices = chunk.write(tx, run, now, pending)?;
            audit::record(tx, &actor, "customer.import", "customer", None, detail)?;
            if let Some(import) = import {
                import_run::mark_done(tx, import)?;
            }
            Ok::<_, StoreError>((notices, changes::last_seq(tx)?))
        })?;
        for n in notices {
            self.report.notice(n);
        }
        self.report.last_change_seq = Some(seq);
        if let Some(import) = self.run.take() {
            // Done: what is left is housekeeping the next open also does, so its small
            // transactions need not be synced one by one.
            let forgotten = self
                .store
                .set_auto_checkpoint(true)
                .and_then(|()| self.store.set_durable(false))
                .and_then(|()| import_run::forget(self.store, import));
            let restored = self.store.set_durable(true);
            if let Err(e) = forgotten.and(restored) {
                tracing::warn!(error = %e, "could not delete a finished import's undo rows");
            }
        }
        Ok(std::mem::take(&mut self.report))
    }

    /// After a failure: undoes what the run committed (the next open of the store does
    /// it when this cannot: the run's lock goes with the engine). Never fails: the
    /// caller reports the error that stopped the run.
    pub(super) fn abort(&mut self) {
        if let Err(e) = self.end_read() {
            tracing::warn!(error = %e, "could not end an import's read transaction");
        }
        if let Some(import) = self.run.take() {
            let id = import.id;
            match import_run::roll_back(self.store, import) {
                Ok(undone) => tracing::info!(run = id, ?undone, "import rolled back"),
                Err(e) => tracing::warn!(
                    run = id,
                    error = %e,
                    "could not roll the import back now: the next start will"
                ),
            }
        }
        let restored = self.store.set_durable(true);
        if let Err(e) = restored.and(self.store.set_auto_checkpoint(true)) {
            tracing::warn!(error = %e, "could not give the store its settings back");
        }
    }
}

impl Drop for Engine<'_> {
    fn drop(&mut self) {
        if self.reading || self.run.is_some() {
            self.abort();
        }
    }
}
