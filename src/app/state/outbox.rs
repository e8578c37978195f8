//! The managers' outbox screen as plain data: the outbox's newest messages and counts as
//! last read, the selection, the filter (only what waits or failed) and whether the
//! selected message's details are open.
//!
//! Invariants: `selected` is an index into [`OutboxScreen::visible`] (the filter
//! applied), kept in range whenever the rows or the filter change; the selection follows
//! its message (by id) across a reload; the rows are the store's, read in the
//! background, never changed here.

use crate::store::messages::{Message, Overview, Status};

/// The most messages the screen reads (the newest).
pub const OUTBOX_ROWS: usize = 500;

/// What the outbox screen asks of the manager.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxOp {
    Open,
    /// Send message `id` again, due now (a failed or waiting one).
    Retry(i64),
    /// Send every failed message again, due now.
    RetryAll,
}

/// The outbox screen.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutboxScreen {
    /// The newest messages (newest first) and the outbox's counts, as last read.
    pub overview: Overview,
    /// A read is under way.
    pub loading: bool,
    /// A read has answered since the screen opened.
    pub loaded: bool,
    /// Only the messages that wait or failed are shown.
    pub only_open: bool,
    /// Index of the selected message in [`OutboxScreen::visible`].
    pub selected: usize,
    /// The selected message's details are shown.
    pub details: bool,
}

impl OutboxScreen {
    /// The messages shown, newest first (the filter applied).
    pub fn visible(&self) -> Vec<&Message> {
        self.overview
            .rows
            .iter()
            .filter(|m| !self.only_open || m.status != Status::Sent)
            .collect()
    }

    /// The selected message.
    pub fn current(&self) -> Option<&Message> {
        self.visible().get(self.selected).copied()
    }

    /// Selects the message `id` when shown, else keeps the index in range.
    pub fn select(&mut self, id: Option<i64>) {
        let visible = self.visible();
        let at = id.and_then(|id| visible.iter().position(|m| m.id == id));
        let (len, last) = (visible.len(), visible.len().saturating_sub(1));
        self.selected = at.unwrap_or(self.selected.min(last));
        if len == 0 {
            self.details = false;
        }
    }
}
