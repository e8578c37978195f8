//! The message worker: one thread that sends the message outbox (`crate::mail::pass`:
//! e-mails through the SMTP server, SMS through the HTTP gateway, each message by its
//! channel's sender) with a connection of its own, and tells the register what it found.
//!
//! Invariants: started through [`events::spawn_job`], so a panic is reported rather than
//! lost; it never touches the loop's state: it sends [`Action::Mail`] when the outbox's
//! counts or the server's reachability change; it sleeps until the next message is due
//! (the backoff), at most [`IDLE`], or until the runner nudges it after a sale queued a
//! message; it ends when the runner is dropped (the nudge channel closes) or the loop
//! has stopped (a send fails). A pass that fails to read the outbox is retried after
//! [`AFTER_ERROR`]; nothing is given up here (the outbox's rules do that, visibly). New
//! settings (the settings screen: the server, the sender) come through the same channel
//! and serve from the next pass on; without `[email]` a pass sends nothing.

use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use chrono::Utc;

use super::super::action::Action;
use super::super::events::{self, Event};
use super::super::state::MailStatus;
use super::printing::{sleep, Wake};
use crate::config::Config;
use crate::mail::{self, Pass, Senders, Smtp};
use crate::sms;
use crate::store::Store;

/// The longest sleep between two passes (`comptoir outbox retry` may queue too).
const IDLE: Duration = Duration::from_secs(60);

/// The wait after a pass that could not read the outbox.
const AFTER_ERROR: Duration = Duration::from_secs(10);

/// The runner's handle on the worker.
pub(super) struct MessageWorker {
    nudge: mpsc::Sender<Wake>,
}

impl MessageWorker {
    /// Starts the worker for `config`'s outbox; receipts' times shifted by `offset`.
    pub(super) fn start(config: Config, offset: i32, events: mpsc::Sender<Event>) -> MessageWorker {
        let (nudge, rx) = mpsc::channel();
        let failed = |m: String| {
            tracing::warn!("message worker: {m}");
            Event::Action(Action::Mail(MailStatus {
                offline: true,
                ..MailStatus::default()
            }))
        };
        events::spawn_job(
            "message worker",
            events,
            move |tx| run(config, offset, &rx, tx),
            failed,
        );
        MessageWorker { nudge }
    }

    /// A message was queued: pass over the outbox now.
    pub(super) fn nudge(&self) {
        let _ = self.nudge.send(Wake::Pass);
    }

    /// New settings (the server, the sender, the shop's words): from the next pass on.
    pub(super) fn reconfigure(&self, config: Config) {
        let _ = self.nudge.send(Wake::Config(Box::new(config)));
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
            tracing::warn!("message worker: {e}");
            return None;
        }
    };
    let mut shown: Option<MailStatus> = None;
    let mut offline = false;
    loop {
        let p = Pass {
            config: &config,
            now: Utc::now(),
            utc_offset_secs: offset,
        };
        let mut senders = Senders {
            email: &mut Smtp::default(),
            sms: &mut sms::Http::default(),
        };
        let wait = match mail::pass(&mut store, p, &mut senders) {
            Ok(r) => {
                if r.sent > 0 || r.queued == 0 {
                    offline = false;
                }
                if let Some(e) = &r.error {
                    tracing::info!("a message waits: {e}");
                    offline = true;
                }
                let status = MailStatus {
                    waiting: r.queued,
                    failed: r.failed,
                    offline,
                };
                if shown != Some(status) {
                    if tx.send(Event::Action(Action::Mail(status))).is_err() {
                        return None;
                    }
                    shown = Some(status);
                }
                r.next_due
                    .map(|due| (due - Utc::now()).to_std().unwrap_or(Duration::ZERO))
                    .map_or(IDLE, |d| d.min(IDLE))
            }
            Err(e) => {
                tracing::warn!("outbox not read: {e}");
                AFTER_ERROR
            }
        };
        if !sleep(rx, wait, &mut config) {
            return None;
        }
    }
}
