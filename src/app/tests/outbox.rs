//! The outbox screen through the real runner on an in-memory store: the screen lists the
//! store's messages newest first with its counts; a failed message retried from it is
//! queued again, due now, its attempts counted afresh, audited as the manager's act,
//! and the screen reads it back; every failed message retried at once likewise; a
//! message sent meanwhile is refused with the service's words and nothing written.

use std::path::Path;

use chrono::Utc;

use super::super::runner::Runner;
use super::super::state::{Msg, Screen, Settings, State};
use super::super::{settle, update, Action};
use crate::config::Config;
use crate::keys::Command as C;
use crate::store::messages::{self, Channel, Composed, Status};
use crate::store::{audit, Store};

struct Rig {
    state: State,
    runner: Runner,
}

/// Queues a message to `to` and, with `fail`, gives it up (its 24th attempt failed).
fn message(store: &mut Store, to: &str, fail: bool) -> i64 {
    let now = Utc::now();
    let body = Composed {
        subject: "Your order".into(),
        text: "It is ready.".into(),
        html: None,
    };
    let id = store
        .write(|tx| messages::insert_contact(tx, Channel::Email, None, to, &body, now))
        .unwrap();
    if fail {
        assert!(store.write(|tx| messages::claim(tx, id, now)).unwrap());
        store
            .write(|tx| messages::give_up(tx, id, "550 mailbox unavailable"))
            .unwrap();
    }
    id
}

impl Rig {
    /// A shop whose outbox holds `store`'s messages, the customers list open, the role
    /// unlocked.
    fn new(store: Store) -> Rig {
        let hash = crate::auth::hash_pin("246813").unwrap();
        let toml = format!(
            "[manager]\npin_hash = \"{hash}\"\n[store]\ndatabase = \"/nonexistent/x.db\"\n"
        );
        let config = Config::from_toml(&toml, Path::new("/nonexistent/config.toml")).unwrap();
        let mut state = State::new(Settings::from_config(&config, false, 0), Utc::now());
        state.unlock();
        let mut rig = Rig {
            state,
            runner: Runner::new(store, &config, None),
        };
        rig.cmd(C::CustomersList);
        rig
    }

    fn act(&mut self, a: Action) {
        let fx = update(&mut self.state, a);
        settle(&mut self.state, &mut self.runner, fx);
    }

    fn cmd(&mut self, c: C) {
        self.act(Action::Cmd(c));
    }

    fn stored(&self, id: i64) -> messages::Message {
        messages::get(self.runner.store().conn(), id)
            .unwrap()
            .unwrap()
    }

    /// The audit entries of message `id`'s retries.
    fn retries(&self, id: i64) -> Vec<audit::Entry> {
        audit::for_entity(self.runner.store().conn(), "message", &id.to_string()).unwrap()
    }

    /// How many retries of every failed message were audited (one entry each).
    fn retries_of_all(&self) -> i64 {
        self.runner
            .store()
            .conn()
            .query_row(
                "SELECT COUNT(*) FROM audit_log
                 WHERE action = 'message.retry' AND entity_id IS NULL",
                [],
                |r| r.get(0),
            )
            .unwrap()
    }
}

#[test]
fn a_failed_message_retried_from_the_screen_is_queued_again_and_audited() {
    let mut store = Store::open_in_memory().unwrap();
    let failed = message(&mut store, "ann@example.com", true);
    let waiting = message(&mut store, "bob@example.com", false);
    let mut r = Rig::new(store);
    r.cmd(C::Outbox);
    assert_eq!(r.state.screen, Screen::Outbox);
    let o = &r.state.outbox;
    assert!(o.loaded && !o.loading, "read at once without a worker");
    let ids: Vec<i64> = o.visible().iter().map(|m| m.id).collect();
    assert_eq!(ids, [waiting, failed], "newest first");
    assert_eq!((o.overview.waiting, o.overview.failed), (1, 1));
    r.cmd(C::Down);
    assert_eq!(
        r.state.outbox.current().map(|m| m.status),
        Some(Status::Failed)
    );
    r.cmd(C::Retry);
    let m = r.stored(failed);
    assert_eq!(m.status, Status::Queued);
    assert_eq!(m.attempts, 0, "its attempts counted afresh");
    assert!(m.next_at <= Utc::now(), "due now");
    let audited = r.retries(failed);
    assert_eq!(audited.len(), 1);
    assert_eq!(audited[0].action, "message.retry");
    assert_eq!(audited[0].detail["before"], "failed");
    assert_eq!(audited[0].detail["role"], "manager");
    assert!(matches!(
        r.state.status.message,
        Some((Msg::MessageRetried(id), _)) if id == failed
    ));
    // The screen read it back: nothing failed now, the same message selected.
    let o = &r.state.outbox;
    assert_eq!((o.overview.waiting, o.overview.failed), (2, 0));
    assert_eq!(
        o.current().map(|m| (m.id, m.status)),
        Some((failed, Status::Queued))
    );
}

#[test]
fn every_failed_message_goes_again_at_once_and_a_sent_one_is_refused() {
    let mut store = Store::open_in_memory().unwrap();
    let a = message(&mut store, "ann@example.com", true);
    let b = message(&mut store, "bob@example.com", true);
    let mut r = Rig::new(store);
    r.cmd(C::Outbox);
    r.cmd(C::RetryAll);
    assert_eq!(r.stored(a).status, Status::Queued);
    assert_eq!(r.stored(b).status, Status::Queued);
    assert_eq!(r.retries_of_all(), 1, "one audit entry for the lot");
    assert!(matches!(
        r.state.status.message,
        Some((Msg::MessagesRetried(2), _))
    ));
    assert_eq!(r.state.outbox.overview.failed, 0);
    // Nothing failed any more: said, nothing written.
    r.cmd(C::RetryAll);
    assert!(matches!(
        r.state.status.message,
        Some((Msg::MessagesRetried(0), _))
    ));
    assert_eq!(r.retries_of_all(), 1);
    // A message sent since the screen read it: the service refuses, in words.
    r.cmd(C::Home);
    let id = r.state.outbox.current().map(|m| m.id).unwrap();
    mark_sent(&r, id, Utc::now());
    r.cmd(C::Retry);
    assert!(
        matches!(&r.state.status.message, Some((Msg::Error(e), _)) if e.contains("sent")),
        "{:?}",
        r.state.status.message
    );
    assert_eq!(r.stored(id).status, Status::Sent);
    assert!(r.retries(id).is_empty());
}

/// Sends message `id` behind the screen's back (another sender took it).
fn mark_sent(r: &Rig, id: i64, now: chrono::DateTime<Utc>) {
    r.runner
        .store()
        .conn()
        .execute(
            "UPDATE message_outbox SET status = 'sent', sent_at = ?2 WHERE id = ?1",
            rusqlite::params![id, crate::store::time_text(now)],
        )
        .unwrap();
}
