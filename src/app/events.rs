//! Input sources merged into ONE channel: terminal keys (their own thread, stamped when
//! read), scanner events (the `input` listener threads), results of background work
//! (index opening, receipt printing, imports). Ticks are the loop's receive timeout.
//!
//! Invariants: every producer only sends; the loop is the only consumer; a producer ends
//! when the channel is closed; the key thread stamps each key with a monotonic time in
//! milliseconds at the moment it was read, as the burst detector requires. Background
//! work runs through [`spawn_job`], so it always answers: its own event, or a failure
//! event when it panicked or no thread could be started (a screen never waits forever).
//! The key thread ends with [`Event::KeysLost`] whatever stops it, and the loop ends then.

use std::any::Any;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Instant;

use crossterm::event::{self, Event as TermEvent, KeyEvent, KeyEventKind};

use super::action::{Action, IndexEvent};
use crate::input::ReaderEvent;
use crate::search::SearchIndex;
use crate::store::Store;

/// One thing that happened, for the loop.
pub enum Event {
    /// A key press, with the monotonic time (ms) it was read.
    Key(KeyEvent, u64),
    Paste(String),
    Resize,
    Reader(ReaderEvent),
    /// A result of background work, ready for `update`.
    Action(Action),
    /// The search index, opened (or rebuilt) in the background.
    IndexOpened(Box<SearchIndex>),
    /// The key thread stopped (the terminal cannot be read, or it panicked): why. The
    /// register cannot be used without its keyboard, so the loop ends.
    KeysLost(String),
}

/// What a panic carried (`panic!`'s message), as text.
pub fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "no message".to_string()
    }
}

/// Runs `job`, a panic in it becoming `Err` with the panic's message.
pub fn guarded<T>(job: impl FnOnce() -> T) -> Result<T, String> {
    panic::catch_unwind(AssertUnwindSafe(job)).map_err(|p| panic_message(&*p))
}

/// Runs `job` in a thread of its own (named `name`) and sends the event it returns (a
/// job that sent its answers itself returns `None`). When the job panics, or no thread
/// can be started, `failed` (given what happened) is sent instead: whoever waits for the
/// job always hears back.
pub fn spawn_job<J, E, F>(name: &str, tx: Sender<Event>, job: J, failed: F)
where
    J: FnOnce(&Sender<Event>) -> E + Send + 'static,
    E: Into<Option<Event>>,
    F: FnOnce(String) -> Event + Send + Clone + 'static,
{
    let what = name.to_string();
    let (tx_job, on_error) = (tx.clone(), failed.clone());
    let started = std::thread::Builder::new()
        .name(name.to_string())
        .spawn(move || {
            let ev = match guarded(|| job(&tx_job).into()) {
                Ok(ev) => ev,
                Err(m) => {
                    tracing::error!("{what} stopped: panic: {m}");
                    Some(on_error(format!("{what} stopped unexpectedly: {m}")))
                }
            };
            if let Some(ev) = ev {
                let _ = tx_job.send(ev);
            }
        });
    if let Err(e) = started {
        tracing::error!("{name} not started: {e}");
        let _ = tx.send(failed(format!("{name} not started: {e}")));
    }
}

/// Milliseconds since `start` (monotonic).
pub fn millis(start: Instant) -> u64 {
    u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// Reads terminal events in a thread of its own until the channel closes; a read error
/// or a panic ends it with [`Event::KeysLost`].
pub fn spawn_keys(tx: Sender<Event>, start: Instant) {
    spawn_job(
        "keyboard",
        tx,
        move |tx| read_keys(tx, start),
        Event::KeysLost,
    );
}

fn read_keys(tx: &Sender<Event>, start: Instant) -> Event {
    loop {
        let ev = match event::read() {
            Ok(ev) => ev,
            Err(e) => {
                tracing::error!("cannot read the terminal: {e}");
                return Event::KeysLost(format!("cannot read the terminal: {e}"));
            }
        };
        let sent = match ev {
            TermEvent::Key(k) if k.kind != KeyEventKind::Release => {
                tx.send(Event::Key(k, millis(start)))
            }
            TermEvent::Paste(s) => tx.send(Event::Paste(s)),
            TermEvent::Resize(..) => tx.send(Event::Resize),
            _ => Ok(()),
        };
        if sent.is_err() {
            // The loop has ended: nobody reads this one either.
            return Event::KeysLost("the register has stopped".into());
        }
    }
}

/// Segments above which the opener merges the index into one.
const COMPACT_ABOVE: usize = 3;

/// Opens the search index in the background (rebuilding it from its own connection
/// when missing or stale) and hands it to the loop; a failure (or a panic) is reported
/// as [`IndexEvent::Failed`] and search stays on plain SQL.
pub fn spawn_index(database: PathBuf, index: PathBuf, tx: Sender<Event>) {
    let failed = |m: String| Event::Action(Action::Index(IndexEvent::Failed(m)));
    spawn_job(
        "search index",
        tx,
        move |tx| open_index(&database, &index, tx),
        failed,
    );
}

fn open_index(database: &Path, index: &Path, tx: &Sender<Event>) -> Event {
    let failed = |m: String| Event::Action(Action::Index(IndexEvent::Failed(m)));
    let store = match Store::open(database) {
        Ok(s) => s,
        Err(e) => return failed(e.to_string()),
    };
    if SearchIndex::open(index).is_err() {
        let _ = tx.send(Event::Action(Action::Index(IndexEvent::Rebuilding)));
    }
    match SearchIndex::open_or_rebuild(index, store.conn(), &mut |_, _| {}) {
        Ok(mut idx) => {
            // Searches are quicker on one segment; the plain SQL search serves until the
            // merge is done.
            if idx.segments() > COMPACT_ABOVE {
                if let Err(e) = idx.compact() {
                    tracing::warn!("search index not compacted ({e}); it works as it is");
                }
            }
            Event::IndexOpened(Box::new(idx))
        }
        Err(e) => {
            tracing::error!("search index unavailable: {e}");
            failed(e.to_string())
        }
    }
}

/// Catches `idx` up with the store in the background (its own connection) and hands it
/// back to the loop as [`Event::IndexOpened`]: a catch-up that applies a delete merges
/// segments to purge the deleted terms, about 3 s at a million customers. A failed
/// catch-up hands the index back all the same (the next one retries); a panic reports
/// [`IndexEvent::Failed`] and search stays on plain SQL.
pub fn spawn_catch_up(mut idx: SearchIndex, database: PathBuf, tx: Sender<Event>) {
    let failed = |m: String| Event::Action(Action::Index(IndexEvent::Failed(m)));
    spawn_job(
        "search index catch-up",
        tx,
        move |_| {
            let caught_up = Store::open(&database)
                .map_err(|e| e.to_string())
                .and_then(|store| idx.catch_up(store.conn()).map_err(|e| e.to_string()));
            if let Err(e) = caught_up {
                tracing::warn!("search index not caught up now ({e}); it will be later");
            }
            Event::IndexOpened(Box::new(idx))
        },
        failed,
    );
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_panic_becomes_an_error_carrying_its_message() {
        assert_eq!(guarded(|| 3), Ok(3));
        assert_eq!(
            guarded(|| -> u8 { panic!("static text") }),
            Err("static text".into())
        );
        let n = 7;
        assert_eq!(
            guarded(|| -> u8 { panic!("formatted {n}") }),
            Err("formatted 7".into())
        );
    }

    fn failed(m: String) -> Event {
        Event::Action(Action::Failed(m))
    }

    fn next_action(rx: &mpsc::Receiver<Event>) -> Action {
        match rx.recv_timeout(Duration::from_secs(10)) {
            Ok(Event::Action(a)) => a,
            Ok(_) => panic!("not an action"),
            Err(e) => panic!("the job never answered: {e}"),
        }
    }

    #[test]
    fn a_job_that_panics_sends_its_failure_event_with_the_message() {
        let (tx, rx) = mpsc::channel();
        spawn_job("test job", tx, |_| -> Event { panic!("kaput") }, failed);
        let Action::Failed(m) = next_action(&rx) else {
            panic!("not a failure");
        };
        assert!(m.contains("test job") && m.contains("kaput"), "{m}");
    }

    #[test]
    fn a_job_that_ends_sends_its_own_event_and_nothing_else() {
        let (tx, rx) = mpsc::channel();
        spawn_job(
            "test job",
            tx,
            |_| Event::Action(Action::Receipt(Ok(()))),
            failed,
        );
        assert_eq!(next_action(&rx), Action::Receipt(Ok(())));
        assert!(rx.recv_timeout(Duration::from_millis(200)).is_err());
    }
}
