//! The outbox screen's IO: the messages and counts read (in the worker when there is
//! one, the answer coming back through the event channel; at once otherwise), and the
//! manager's retries through the service, after which the message worker is nudged so
//! what was queued again goes at once.
//!
//! Invariants: reading writes nothing; a read always answers, its failure with the
//! reason; a retry is one service call (`service::retry_message`,
//! `service::retry_failed_messages`: the manager's role, the audit entry and the one
//! transaction are theirs), refused to the cashier's role; the worker is nudged only
//! after the retry committed (without a worker, no `[email]` or `[sms]`, the messages
//! wait for one).

use rusqlite::Connection;

use super::super::action::Action;
use super::super::state::OUTBOX_ROWS;
use super::worker::Job;
use super::Runner;
use crate::service::{self, ServiceError};
use crate::store::messages;

impl Runner {
    /// The outbox screen's messages (answered as `Action::OutboxLoaded`).
    pub(super) fn load_outbox(&self) -> Vec<Action> {
        if let Some(w) = &self.worker {
            w.submit(Job::Outbox);
            return Vec::new();
        }
        vec![outbox(self.store.conn())]
    }

    /// Message `id` again, due now (the manager's).
    pub(super) fn retry_message(&mut self, id: i64) -> Result<Vec<Action>, ServiceError> {
        service::retry_message(&mut self.store, &self.actor, id)?;
        self.nudge_mailing();
        Ok(vec![Action::MessageRetried(id)])
    }

    /// Every failed message again, due now (the manager's).
    pub(super) fn retry_failed_messages(&mut self) -> Result<Vec<Action>, ServiceError> {
        let ids = service::retry_failed_messages(&mut self.store, &self.actor)?;
        if !ids.is_empty() {
            self.nudge_mailing();
        }
        Ok(vec![Action::MessagesRetried(ids)])
    }

    fn nudge_mailing(&self) {
        if let Some(m) = &self.mailing {
            m.nudge();
        }
    }
}

/// The outbox's newest messages and counts on `conn`, as the screen's answer.
pub(super) fn outbox(conn: &Connection) -> Action {
    Action::OutboxLoaded(
        messages::overview(conn, OUTBOX_ROWS)
            .map(Box::new)
            .map_err(|e| e.to_string()),
    )
}
