//! A background checkpointer for a bulk writer that commits often (an import's chunks).
//!
//! SQLite checkpoints a WAL database from the connection that commits, once the log holds
//! 1,000 pages: the copy of the log into the file then runs inside that commit call,
//! after the write lock is released. A chunked import commits every few tens of
//! milliseconds, each chunk rewriting the index pages it touches, so it would copy those
//! pages back on its own thread after every chunk. Instead the importing connection turns
//! its automatic checkpoints off ([`Checkpointer::start`]) and, after each commit, wakes
//! this thread, which runs a `PASSIVE` checkpoint on its own connection while the import
//! plans its next chunk (on another core when there is one).
//!
//! Invariants: a `PASSIVE` checkpoint never waits for a writer or a reader, so the
//! register is never held up by it; the importing connection gets its automatic
//! checkpoints back when the checkpointer is stopped, and the thread ends (after one last
//! checkpoint) when it is stopped or dropped; a failed checkpoint is only logged (SQLite,
//! or the next writer, checkpoints later).

use std::sync::mpsc::{self, SyncSender, TrySendError};
use std::thread::JoinHandle;

use rusqlite::Connection;

use super::{Result, Store, BUSY_TIMEOUT};

/// SQLite's default `wal_autocheckpoint`, given back to the importing connection.
const AUTO_PAGES: i64 = 1_000;

/// The checkpointing thread of one bulk job.
pub struct Checkpointer {
    wake: Option<SyncSender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Turns `store`'s automatic checkpoints off and starts the thread, with its own
    /// connection to the same file. `None` for a database in memory (nothing to
    /// checkpoint), or when the thread cannot start (then nothing changes).
    pub fn start(store: &Store) -> Result<Option<Checkpointer>> {
        if store.path().as_os_str() == ":memory:" {
            return Ok(None);
        }
        let conn = Connection::open(store.path())?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let (wake, woken) = mpsc::sync_channel::<()>(1);
        let thread = std::thread::Builder::new()
            .name("checkpoint".into())
            .spawn(move || {
                while woken.recv().is_ok() {
                    checkpoint(&conn);
                }
                checkpoint(&conn);
            });
        let Ok(thread) = thread else {
            tracing::warn!("could not start the checkpoint thread: the import checkpoints itself");
            return Ok(None);
        };
        store
            .conn()
            .pragma_update(None, "wal_autocheckpoint", 0i64)?;
        Ok(Some(Checkpointer {
            wake: Some(wake),
            thread: Some(thread),
        }))
    }

    /// Asks for a checkpoint (after a commit); one already asked for and not yet started
    /// covers this one.
    pub fn wake(&self) {
        if let Some(w) = &self.wake {
            match w.try_send(()) {
                Ok(()) | Err(TrySendError::Full(())) => {}
                Err(TrySendError::Disconnected(())) => {
                    tracing::warn!("the checkpoint thread is gone")
                }
            }
        }
    }

    /// Stops the thread (after its last checkpoint) and gives `store` its automatic
    /// checkpoints back.
    pub fn stop(mut self, store: &Store) -> Result<()> {
        self.finish();
        store
            .conn()
            .pragma_update(None, "wal_autocheckpoint", AUTO_PAGES)?;
        Ok(())
    }

    fn finish(&mut self) {
        drop(self.wake.take());
        if let Some(t) = self.thread.take() {
            if t.join().is_err() {
                tracing::warn!("the checkpoint thread panicked");
            }
        }
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.finish();
    }
}

fn checkpoint(conn: &Connection) {
    let done = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
        Ok((r.get::<_, i64>(1)?, r.get::<_, i64>(2)?))
    });
    match done {
        Ok((log, copied)) => tracing::trace!(log, copied, "checkpoint"),
        Err(e) => tracing::debug!(error = %e, "checkpoint not done"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_is_copied_in_the_background_and_automatic_checkpoints_come_back() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("c.db")).unwrap();
        let auto = |s: &Store| -> i64 {
            s.conn()
                .query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0))
                .unwrap()
        };
        let c = Checkpointer::start(&store).unwrap().unwrap();
        assert_eq!(auto(&store), 0);
        for i in 0..50 {
            store
                .write(|tx| {
                    tx.execute(
                        "INSERT INTO audit_log (at, actor, action, entity) VALUES (?1, 'a', 'b', 'c')",
                        [i],
                    )
                    .map_err(crate::store::StoreError::from)
                })
                .unwrap();
            c.wake();
        }
        c.stop(&store).unwrap();
        assert_eq!(auto(&store), AUTO_PAGES);
        // Everything was copied back: a checkpoint now has nothing left to do.
        let (log, copied): (i64, i64) = store
            .conn()
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| Ok((r.get(1)?, r.get(2)?)))
            .unwrap();
        assert_eq!(log, copied);
        assert!(Checkpointer::start(&Store::open_in_memory().unwrap())
            .unwrap()
            .is_none());
    }
}
