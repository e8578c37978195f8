//! The pure state machine: `update(state, action) -> effects`.
//!
//! Invariants: no IO here (no SQLite, no tantivy, no terminal, no clock: "now" comes in
//! with `Tick`); IO is asked for by returning [`Effect`]s, whose results come back as
//! actions; input goes to the popup when one is open, else to the current screen; a scan
//! never becomes typed text. Each screen's handling lives in its own file below.

mod card;
mod form;
mod import;
mod manager;
mod picker;
mod popup;
mod results;
mod sale;

pub use card::{merge_value, merged_data};

use super::action::{Action, Effect};
use super::state::{Msg, ReaderState, Screen, State, MESSAGE_SECS};
use crate::keys::{Command, Scope};

/// Applies one action to the state and returns the IO to do.
pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let mut fx = Vec::new();
    apply(state, action, &mut fx);
    fx
}

fn apply(s: &mut State, action: Action, fx: &mut Vec<Effect>) {
    match action {
        Action::Tick(now) => {
            s.now = now;
            if let Some((_, at)) = &s.status.message {
                if (now - *at).num_seconds() >= MESSAGE_SECS {
                    s.status.message = None;
                }
            }
        }
        Action::Cmd(Command::Quit) => s.quit = true,
        Action::Cmd(_) | Action::Char(_) | Action::Paste(_) => input(s, action, fx),
        Action::Scan(scan) if s.screen == Screen::Import && s.popup.is_none() => {
            import::scan(s, scan, fx);
        }
        Action::Scan(scan) => {
            if !scan.valid {
                let why = scan.reason.clone().unwrap_or_else(|| scan.code.clone());
                s.say(Msg::ScanInvalid(why));
            } else if matches!(s.popup, None | Some(super::state::Popup::Unknown { .. })) {
                fx.push(Effect::ResolveScan(scan));
            } else {
                s.say(Msg::ScanIgnored);
            }
        }
        Action::ReaderConnected(name) => reader(s, name, true),
        Action::ReaderDisconnected(name) => reader(s, name, false),
        Action::ReaderInvalid { reason, .. } => s.say(Msg::ScanInvalid(reason)),
        Action::Manager(op) => manager::request(s, op, fx),
        other => results::apply(s, other, fx),
    }
}

fn reader(s: &mut State, name: String, connected: bool) {
    match s.status.readers.iter_mut().find(|r| r.name == name) {
        Some(r) => r.connected = connected,
        None => s.status.readers.push(ReaderState { name, connected }),
    }
}

fn input(s: &mut State, a: Action, fx: &mut Vec<Effect>) {
    if s.popup.is_some() {
        popup::input(s, a, fx);
        return;
    }
    match s.screen {
        Screen::Sale => sale::input(s, a, fx),
        Screen::Picker => picker::input(s, a, fx),
        Screen::Card => card::input(s, a, fx),
        Screen::List => picker::list_input(s, a, fx),
        Screen::Import => import::input(s, a, fx),
    }
}

/// Where keys go now (the keymap's scope).
pub fn scope(s: &State) -> Scope {
    if s.popup.is_some() {
        return Scope::Popup;
    }
    match s.screen {
        Screen::Sale => Scope::Sale,
        Screen::Picker if s.picker_form().is_some() => Scope::Form,
        Screen::Picker => Scope::Picker,
        Screen::Card if s.card.as_ref().is_some_and(|c| c.form.is_some()) => Scope::Form,
        Screen::Card => Scope::Card,
        Screen::List => Scope::List,
        Screen::Import => Scope::Import,
    }
}

impl State {
    /// The new-customer form of the picker, when open.
    pub fn picker_form(&self) -> Option<&super::form::Form> {
        self.picker_form.as_ref()
    }
}

/// Moves a selection within `len` items by `delta` (clamped).
fn step(sel: usize, len: usize, delta: isize) -> usize {
    if len == 0 {
        return 0;
    }
    let next = sel as isize + delta;
    next.clamp(0, len as isize - 1) as usize
}

#[cfg(test)]
mod tests;
