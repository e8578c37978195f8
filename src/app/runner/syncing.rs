//! The sync worker: one thread that keeps this register and the hub in step (`[sync]`):
//! it joins the hub (the first time, queuing what the database already holds), then
//! makes a `crate::sync` pass on a connection it keeps open, every `[sync]
//! interval_secs`, and at once when the runner nudges it after a local write; it tells
//! the register how it went.
//!
//! Invariants: started through [`events::spawn_job`], so a panic is reported rather than
//! lost; it never touches the loop's state: it sends [`Action::Sync`] after each pass
//! whose news differ from the last ones sent, or that applied feed rows (the loop then
//! catches the search index up: a customer created on another register is found here
//! a pass later); it writes only through `crate::sync` (its own `Store` connection, one
//! transaction per batch); it reads the password and joins when it connects, not at
//! every pass; a failed pass drops the connection and the next one connects again,
//! waiting longer after each failure (up to [`MAX_BACKOFF`]); nothing waiting is lost
//! meanwhile (it stays in the outbox). It ends when the runner is dropped (the nudge
//! channel closes) or the loop has stopped (a send fails).

use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::super::action::Action;
use super::super::events::{self, Event};
use super::super::state::SyncStatus;
use crate::config::{Config, SyncSettings};
use crate::domain::customer::ValidationContext;
use crate::hub::{Hub, HubUrl};
use crate::store::{outbox, Store};
use crate::sync::{self, SyncError};

/// The longest wait between two attempts while the hub cannot be reached.
const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// The runner's handle on the worker.
pub(super) struct SyncWorker {
    nudge: mpsc::Sender<()>,
}

impl SyncWorker {
    /// Starts the worker for `config`'s `[sync]` (`None` without one).
    pub(super) fn start(config: &Config, events: mpsc::Sender<Event>) -> Option<SyncWorker> {
        let settings = config.sync.clone()?;
        let job = Job {
            database: config.database.clone(),
            register: config.shop.register.clone(),
            country: config.shop.country.clone(),
            settings,
        };
        let (nudge, rx) = mpsc::channel();
        let failed = |m: String| {
            tracing::warn!("sync worker: {m}");
            Event::Action(Action::Sync {
                status: SyncStatus::default(),
                downloaded: 0,
            })
        };
        events::spawn_job("sync worker", events, move |tx| job.run(&rx, tx), failed);
        Some(SyncWorker { nudge })
    }

    /// Something changed here: upload it now.
    pub(super) fn nudge(&self) {
        let _ = self.nudge.send(());
    }
}

struct Job {
    database: std::path::PathBuf,
    register: String,
    country: String,
    settings: SyncSettings,
}

impl Job {
    fn run(self, rx: &Receiver<()>, tx: &mpsc::Sender<Event>) -> Option<Event> {
        let mut store = match Store::open(&self.database) {
            Ok(s) => s,
            Err(e) => {
                tracing::warn!("sync worker: {e}");
                return None;
            }
        };
        let interval = Duration::from_secs(self.settings.interval_secs);
        let mut hub: Option<(Hub, HubUrl)> = None;
        let mut shown: Option<SyncStatus> = None;
        let mut failures = 0u32;
        let mut conflicts = 0u64;
        let mut to_settle = 0u64;
        // The last good pass (the store keeps it to the minute; one by `comptoir sync`
        // counts too).
        let mut last_ok = sync::last_sync(&store).ok().flatten();
        loop {
            let mut downloaded = 0;
            match self.pass(&mut store, &mut hub) {
                Ok(r) => {
                    conflicts = r.open_conflicts;
                    to_settle = r.open_to_settle;
                    downloaded = r.downloaded;
                    failures = 0;
                    last_ok = Some(Utc::now());
                }
                Err(e) => {
                    if failures == 0 {
                        tracing::warn!("sync: {e}; the changes wait in the outbox");
                    }
                    hub = None;
                    failures = failures.saturating_add(1);
                }
            }
            let online = failures == 0;
            let status = SyncStatus {
                online,
                // To the minute, as shown: news only when what is shown changes.
                last_sync: last_ok.map(to_the_minute),
                waiting: outbox::count(store.conn()).unwrap_or(0),
                conflicts,
                to_settle,
            };
            if shown != Some(status) || downloaded > 0 {
                let news = Action::Sync { status, downloaded };
                if tx.send(Event::Action(news)).is_err() {
                    return None;
                }
                shown = Some(status);
            }
            let wait = if online {
                interval
            } else {
                backoff(interval, failures)
            };
            match rx.recv_timeout(wait) {
                Ok(()) => while rx.try_recv().is_ok() {},
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
    }

    /// Connects when not connected (reading the password then, and joining: a joined
    /// database queues nothing), then passes.
    fn pass(
        &self,
        store: &mut Store,
        hub: &mut Option<(Hub, HubUrl)>,
    ) -> Result<sync::Report, SyncError> {
        let (connected, url) = match hub {
            Some(h) => h,
            None => {
                let url = sync::credentials(&self.settings)?;
                sync::join(store, &url)?;
                let connected = Hub::connect(&url)?;
                hub.insert((connected, url))
            }
        };
        let ctx = ValidationContext {
            default_country: self.country.clone(),
            today: Utc::now().date_naive(),
        };
        sync::pass_on(store, connected, url, &ctx, &self.register)
    }
}

fn to_the_minute(t: DateTime<Utc>) -> DateTime<Utc> {
    use chrono::Timelike;
    t.with_nanosecond(0)
        .and_then(|t| t.with_second(0))
        .unwrap_or(t)
}

/// The wait after `failures` failed passes in a row: the interval, doubled each time, at
/// most [`MAX_BACKOFF`].
fn backoff(interval: Duration, failures: u32) -> Duration {
    let factor = 1u32 << failures.saturating_sub(1).min(6);
    interval
        .saturating_mul(factor)
        .min(MAX_BACKOFF.max(interval))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_after_each_failure_up_to_a_minute() {
        let s = Duration::from_secs;
        assert_eq!(backoff(s(2), 1), s(2));
        assert_eq!(backoff(s(2), 2), s(4));
        assert_eq!(backoff(s(2), 3), s(8));
        assert_eq!(backoff(s(2), 7), s(60));
        assert_eq!(backoff(s(2), 40), s(60));
        // An interval longer than a minute is never shortened.
        assert_eq!(backoff(s(300), 3), s(300));
    }
}
