//! The print worker: one thread that sends the print queue (`crate::spool::pass`) with a
//! connection of its own, and tells the register what it found.
//!
//! Invariants: started through [`events::spawn_job`], so a panic is reported rather than
//! lost; it never touches the loop's state: it sends [`Action::Printer`] when the
//! printer's state or the counts change and [`Action::Receipt`] when receipts went out
//! or a job was given up; it sleeps until the next job is due (the backoff), at most
//! [`IDLE`], or until the runner nudges it after queueing; it ends when the runner is
//! dropped (the nudge channel closes) or the loop has stopped (a send fails). While the
//! queue is empty the state shown is "ready": what an old failure said is stale. New
//! settings (the settings screen) come through the same channel and serve from the next
//! pass on; the register whose jobs it sends stays the one it started with.

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

/// What wakes a worker (the print worker, the mail worker) before its time.
pub(super) enum Wake {
    /// Work was queued: pass now.
    Pass,
    /// The settings changed: use these from now on (and pass now).
    Config(Box<Config>),
}

/// Sleeps until `wait` passes or a wake comes (new settings replace `config`); `false`
/// when the runner is gone.
pub(super) fn sleep(rx: &Receiver<Wake>, wait: Duration, config: &mut Config) -> bool {
    let mut take = |w: Wake| {
        if let Wake::Config(c) = w {
            *config = *c;
        }
    };
    match rx.recv_timeout(wait) {
        Ok(w) => {
            take(w);
            while let Ok(w) = rx.try_recv() {
                take(w);
            }
            true
        }
        Err(RecvTimeoutError::Timeout) => true,
        Err(RecvTimeoutError::Disconnected) => false,
    }
}

/// The runner's handle on the worker.
pub(super) struct PrintWorker {
    nudge: mpsc::Sender<Wake>,
}

impl PrintWorker {
    /// Starts the worker for `config`'s register; receipts' times shifted by `offset`.
    pub(super) fn start(config: Config, offset: i32, events: mpsc::Sender<Event>) -> PrintWorker {
        let (nudge, rx) = mpsc::channel();
        let failed = |m: String| Event::Action(Action::Receipt(Err(m)));
        events::spawn_job(
            "print worker",
            events,
            move |tx| run(config, offset, &rx, tx),
            failed,
        );
        PrintWorker { nudge }
    }

    /// Jobs were queued: pass over the queue now.
    pub(super) fn nudge(&self) {
        let _ = self.nudge.send(Wake::Pass);
    }

    /// New settings (printer, width, receipt words): from the next pass on.
    pub(super) fn reconfigure(&self, config: Config) {
        let _ = self.nudge.send(Wake::Config(Box::new(config)));
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

fn run(
    mut config: Config,
    offset: i32,
    rx: &Receiver<Wake>,
    tx: &mpsc::Sender<Event>,
) -> Option<Event> {
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
    let mut station: Option<String> = None;
    loop {
        let now = Utc::now();
        let wait = match spool::pass(&mut store, &config, &register, now, offset, &mut Wire) {
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
                if r.state.is_some() {
                    station = r.station.clone();
                }
                let status = PrinterStatus {
                    state,
                    station: (state != PrinterState::Ready)
                        .then(|| station.clone())
                        .flatten(),
                    waiting: r.waiting,
                    failed: r.failed,
                };
                if shown.as_ref() != Some(&status) {
                    shown = Some(status.clone());
                    news.push(Action::Printer(status));
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
        if !sleep(rx, wait, &mut config) {
            return None;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;
    use std::net::TcpListener;
    use std::path::Path;
    use std::time::Instant;

    use super::super::super::action::Effect;
    use super::super::Runner;
    use super::*;
    use crate::domain::money::Money;
    use crate::domain::sale::PaymentMethod;

    /// The next action the worker sends, waiting at most `secs`.
    fn next(rx: &mpsc::Receiver<Event>, secs: u64) -> Action {
        match rx.recv_timeout(Duration::from_secs(secs)) {
            Ok(Event::Action(a)) => a,
            Ok(_) => panic!("not an action"),
            Err(e) => panic!("the print worker said nothing: {e}"),
        }
    }

    #[test]
    fn a_wake_with_new_settings_replaces_the_workers_copy_and_a_closed_channel_ends_it() {
        let (tx, rx) = mpsc::channel();
        let text = "[store]\ndatabase = \"/nonexistent/x.db\"\n";
        let mut config = Config::from_toml(text, Path::new("/nonexistent/c.toml")).unwrap();
        let mut new = config.clone();
        new.receipt_width = 32;
        tx.send(Wake::Pass).unwrap();
        tx.send(Wake::Config(Box::new(new))).unwrap();
        tx.send(Wake::Pass).unwrap();
        assert!(sleep(&rx, Duration::from_secs(5), &mut config));
        assert_eq!(
            config.receipt_width, 32,
            "taken, and the wakes behind it drained"
        );
        assert!(
            sleep(&rx, Duration::from_millis(10), &mut config),
            "a timeout"
        );
        drop(tx);
        assert!(
            !sleep(&rx, Duration::from_secs(5), &mut config),
            "the runner is gone"
        );
    }

    #[test]
    fn the_worker_waits_for_a_printer_that_is_down_then_prints_once_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let toml = format!(
            "[store]\ndatabase = {:?}\n[receipt]\nprinter = \"tcp://127.0.0.1:{port}\"\n",
            dir.path().join("shop.db").display().to_string()
        );
        let config = Config::from_toml(&toml, Path::new("/nonexistent/config.toml")).unwrap();
        let store = Store::open(&config.database).unwrap();
        let (tx, rx) = mpsc::channel();
        let mut runner = Runner::new(store, &config, Some(tx));
        runner.start_workers();
        // Nothing queued yet: the worker's first word is a printer with nothing to do.
        assert_eq!(next(&rx, 10), Action::Printer(PrinterStatus::default()));
        let sold = runner.run(Effect::SellGiftCard {
            code: None,
            amount: Money::from_cents(2000),
            method: PaymentMethod::Cash,
            customer: None,
        });
        assert!(
            matches!(sold[..], [Action::GiftCardSold { .. }]),
            "{sold:?}"
        );
        // The listener is down: refused, the drawer and the receipt wait.
        let offline = PrinterStatus {
            state: PrinterState::Offline,
            station: None,
            waiting: 2,
            failed: 0,
        };
        assert_eq!(next(&rx, 10), Action::Printer(offline));
        // The printer comes back on the same port within the drawer's minute.
        let printer = TcpListener::bind(("127.0.0.1", port)).unwrap();
        let started = Instant::now();
        let mut jobs = Vec::new();
        for _ in 0..2 {
            let (mut conn, _) = printer.accept().unwrap();
            let mut bytes = Vec::new();
            conn.read_to_end(&mut bytes).unwrap();
            jobs.push(bytes);
        }
        assert!(started.elapsed() < Duration::from_secs(10));
        // The worker asks the status first (DLE EOT 1), then sends the job.
        let ask = [0x10, 0x04, 1];
        assert_eq!(jobs[0], [&ask[..], &[0x1B, b'p', 0, 25, 250][..]].concat());
        assert!(jobs[1].starts_with(&ask));
        assert!(jobs[1].ends_with(&[0x1D, b'V', 66, 0]));
        let mut said = vec![next(&rx, 10), next(&rx, 10)];
        said.sort_by_key(|a| matches!(a, Action::Printer(_)));
        assert_eq!(
            said,
            [
                Action::Receipt(Ok(())),
                Action::Printer(PrinterStatus::default())
            ]
        );
        // Once only: nothing more comes to the printer.
        printer.set_nonblocking(true).unwrap();
        std::thread::sleep(Duration::from_millis(1500));
        assert!(printer.accept().is_err(), "a job was sent twice");
    }
}
