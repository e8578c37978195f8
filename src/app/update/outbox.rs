//! Keys on the managers' outbox screen (the e-mails and SMS to customers): moving through
//! the messages, the selected one's details, the filter, sending a failed or waiting
//! message again (or every failed one); and the answers: the messages read, a retry done,
//! the message worker's news.
//!
//! Invariants: the screen opens, and every retry leaves, through the manager rule
//! (`manager::request`), the retry as the manager's effect (`Effect::by(true)`); only a
//! failed or waiting message is asked to go again (one sent or being sent is said so
//! here, and refused by the service too); the messages are read again after every retry
//! and whenever the message worker's counts change while the screen is open; a read
//! failed is said and ends the loading.

use super::super::action::{Action, Effect};
use super::super::state::{MailStatus, ManagerOp, Msg, OutboxOp, OutboxScreen, Screen, State};
use super::{manager, step};
use crate::keys::Command;
use crate::store::messages::{Overview, Status};

/// Opens the outbox screen (the caller checked the manager role).
fn open(s: &mut State, fx: &mut Vec<Effect>) {
    s.go(Screen::Outbox);
    s.outbox = OutboxScreen::default();
    load(s, fx);
}

/// Reads the messages again (in the background).
fn load(s: &mut State, fx: &mut Vec<Effect>) {
    s.outbox.loading = true;
    fx.push(Effect::LoadOutbox);
}

pub(super) fn input(s: &mut State, a: Action, fx: &mut Vec<Effect>) {
    let Action::Cmd(cmd) = a else {
        return;
    };
    let o = &mut s.outbox;
    let len = o.visible().len();
    match cmd {
        Command::Up => o.selected = step(o.selected, len, -1),
        Command::Down => o.selected = step(o.selected, len, 1),
        Command::PageUp => o.selected = step(o.selected, len, -10),
        Command::PageDown => o.selected = step(o.selected, len, 10),
        Command::Home => o.selected = 0,
        Command::End => o.selected = len.saturating_sub(1),
        Command::Confirm => o.details = len > 0 && !o.details,
        Command::Back if o.details => o.details = false,
        Command::Back => s.go_back(),
        Command::Filter => {
            let id = o.current().map(|m| m.id);
            o.only_open = !o.only_open;
            o.select(id);
        }
        Command::Retry => retry(s, fx),
        Command::RetryAll => manager::request(s, ManagerOp::Outbox(OutboxOp::RetryAll), fx),
        _ => {}
    }
}

/// F5: the selected message again, when it failed or waits.
fn retry(s: &mut State, fx: &mut Vec<Effect>) {
    let Some(m) = s.outbox.current() else {
        return;
    };
    match m.status {
        Status::Queued | Status::Failed => {
            let op = ManagerOp::Outbox(OutboxOp::Retry(m.id));
            manager::request(s, op, fx);
        }
        Status::Sending | Status::Sent => s.say(Msg::MessageNotRetried),
    }
}

/// The manager rule let an outbox-screen act through.
pub(super) fn perform(s: &mut State, op: OutboxOp, fx: &mut Vec<Effect>) {
    match op {
        OutboxOp::Open => open(s, fx),
        OutboxOp::Retry(id) => fx.push(Effect::RetryMessage(id).by(true)),
        OutboxOp::RetryAll => fx.push(Effect::RetryFailedMessages.by(true)),
    }
}

/// The messages were read (or not): shown, the selection kept on its message.
pub(super) fn loaded(s: &mut State, result: Result<Box<Overview>, String>) {
    let o = &mut s.outbox;
    o.loading = false;
    match result {
        Ok(overview) => {
            let id = o.current().map(|m| m.id);
            o.overview = *overview;
            o.loaded = true;
            o.select(id);
        }
        Err(e) => s.say(Msg::Error(e)),
    }
}

/// Message `id` goes again: said, and the messages read again.
pub(super) fn retried(s: &mut State, id: i64, fx: &mut Vec<Effect>) {
    s.say(Msg::MessageRetried(id));
    reload(s, fx);
}

/// Every failed message goes again: said, and the messages read again.
pub(super) fn retried_all(s: &mut State, ids: &[i64], fx: &mut Vec<Effect>) {
    s.say(Msg::MessagesRetried(ids.len()));
    reload(s, fx);
}

/// The message worker's news: the status bar's, and the screen's messages read again
/// when its counts changed while it is open (something was sent, waits or failed).
pub(super) fn mail(s: &mut State, status: MailStatus, fx: &mut Vec<Effect>) {
    let changed = s.status.mail != status;
    s.status.mail = status;
    if changed {
        reload(s, fx);
    }
}

fn reload(s: &mut State, fx: &mut Vec<Effect>) {
    if s.screen == Screen::Outbox {
        load(s, fx);
    }
}
