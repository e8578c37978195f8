//! The print worker: one thread that sends the print queue (`crate::spool::pass`) with a
//! connection of its own, and tells the register what it found.
//!
//! Invariants: started through [`events::spawn_job`], so a panic is reported rather than
//! lost; it never touches the loop's state: it sends [`Action::Printer`] when the
//! printer's state or the counts change and [`Action::Receipt`] when receipts went out
//! or a job was given up; it sleeps until the next job is due (the backoff), at most
//! [`IDLE`], or until the runner nudges it after queueing; it ends when the runner is
//! dropped (the nudge channel closes) or the loop has stopped (a send fails). While the
//! queue is empty the state shown is "ready": what an old failure said is stale.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

use chrono::Utc;

use super::super::action::Action;
use super::super::events::{self, Event};
use super::super::state::{PrinterState, PrinterStatus};
use crate::config::Config;
use crate::spool::{self, Wire};
use crate::store::Store;

/// The longest sleep between two passes (other processes may queue jobs too).
pub(super) const IDLE: Duration = Duration::from_secs(60);

/// The wait after a pass that could not read the queue.
const AFTER_ERROR: Duration = Duration::from_secs(10);

/// The runner's handle on the worker.
pub(super) struct PrintWorker {
    nudge: mpsc::Sender<()>,
}

impl PrintWorker {
    /// Starts the worker for `config`'s register; receipts' times shifted by `offset`.
    pub(super) fn start(config: Config, offset: i32, events: mpsc::Sender<Event>) -> PrintWorker {
        let (nudge, rx) = mpsc::channel();
        let failed = |m: String| Event::Action(Action::Receipt(Err(m)));
        events::spawn_job(
            "print worker",
            events,
            move |tx| run(&config, offset, &rx, tx),
            failed,
        );
        PrintWorker { nudge }
    }

    /// Jobs were queued: pass over the queue now.
    pub(super) fn nudge(&self) {
        let _ = self.nudge.send(());
    }
}

/// The status bar's state for what a pass found (`None`: nothing tried, keep `before`).
fn state_of(found: Option<&spool::PrinterState>, before: PrinterState) -> PrinterState {
    match found {
        None => before,
        Some(spool::PrinterState::Ready) => PrinterState::Ready,
        Some(spool::PrinterState::Offline(why)) => {
            tracing::info!("printer offline: {why}");
            PrinterState::Offline
        }
        Some(spool::PrinterState::PaperOut) => PrinterState::PaperOut,
        Some(spool::PrinterState::CoverOpen) => PrinterState::CoverOpen,
    }
}

fn run(config: &Config, offset: i32, rx: &Receiver<()>, tx: &mpsc::Sender<Event>) -> Option<Event> {
    let mut store = match Store::open(&config.database) {
        Ok(s) => s,
        Err(e) => {
            return Some(Event::Action(Action::Receipt(Err(format!(
                "print queue: {e}"
            )))))
        }
    };
    let register = config.shop.register.clone();
    let mut shown: Option<PrinterStatus> = None;
    let mut state = PrinterState::Ready;
    loop {
        let now = Utc::now();
        let wait = match spool::pass(&mut store, config, &register, now, offset, &mut Wire) {
            Ok(r) => {
                state = state_of(r.state.as_ref(), state);
                if r.waiting == 0 {
                    state = PrinterState::Ready;
                }
                let mut news = Vec::new();
                if r.receipts > 0 {
                    news.push(Action::Receipt(Ok(())));
                }
                if let Some(why) = r.given_up {
                    news.push(Action::Receipt(Err(why)));
                }
                let status = PrinterStatus {
                    state,
                    waiting: r.waiting,
                    failed: r.failed,
                };
                if shown != Some(status) {
                    news.push(Action::Printer(status));
                    shown = Some(status);
                }
                for a in news {
                    if tx.send(Event::Action(a)).is_err() {
                        return None;
                    }
                }
                r.next_due
                    .map(|due| (due - Utc::now()).to_std().unwrap_or(Duration::ZERO))
                    .map_or(IDLE, |d| d.min(IDLE))
            }
            Err(e) => {
                tracing::warn!("print queue not read: {e}");
                AFTER_ERROR
            }
        };
        match rx.recv_timeout(wait) {
            Ok(()) => while rx.try_recv().is_ok() {},
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    }
}
