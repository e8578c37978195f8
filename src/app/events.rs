//! Input sources merged into ONE channel: terminal keys (their own thread, stamped when
//! read), scanner events (the `input` listener threads), results of background work
//! (index opening, receipt printing). Ticks are the loop's receive timeout.
//!
//! Invariants: every producer only sends; the loop is the only consumer; a producer ends
//! when the channel is closed; the key thread stamps each key with a monotonic time in
//! milliseconds at the moment it was read, as the burst detector requires.

use std::path::PathBuf;
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
}

/// Milliseconds since `start` (monotonic).
pub fn millis(start: Instant) -> u64 {
    u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// Reads terminal events in a thread of its own until the channel closes.
pub fn spawn_keys(tx: Sender<Event>, start: Instant) {
    std::thread::spawn(move || loop {
        let ev = match event::read() {
            Ok(ev) => ev,
            Err(e) => {
                tracing::error!("cannot read the terminal: {e}");
                return;
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
            return;
        }
    });
}

/// Segments above which the opener merges the index into one.
const COMPACT_ABOVE: usize = 3;

/// Opens the search index in the background (rebuilding it from its own connection
/// when missing or stale) and hands it to the loop.
pub fn spawn_index(database: PathBuf, index: PathBuf, tx: Sender<Event>) {
    std::thread::spawn(move || {
        let store = match Store::open(&database) {
            Ok(s) => s,
            Err(e) => {
                let _ = tx.send(Event::Action(Action::Index(IndexEvent::Failed(
                    e.to_string(),
                ))));
                return;
            }
        };
        if SearchIndex::open(&index).is_err() {
            let _ = tx.send(Event::Action(Action::Index(IndexEvent::Rebuilding)));
        }
        match SearchIndex::open_or_rebuild(&index, store.conn(), &mut |_, _| {}) {
            Ok(mut idx) => {
                // Searches are quicker on one segment; the plain SQL search serves until
                // the merge is done.
                if idx.segments() > COMPACT_ABOVE {
                    if let Err(e) = idx.compact() {
                        tracing::warn!("search index not compacted ({e}); it works as it is");
                    }
                }
                let _ = tx.send(Event::IndexOpened(Box::new(idx)));
            }
            Err(e) => {
                tracing::error!("search index unavailable: {e}");
                let _ = tx.send(Event::Action(Action::Index(IndexEvent::Failed(
                    e.to_string(),
                ))));
            }
        }
    });
}
