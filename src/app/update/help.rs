//! The help overlay: opened by the help key over whatever has the focus (a popup
//! included), it lists that scope's keys; it only scrolls and closes.
//!
//! Invariants: while it is open no key reaches the screen or the popup under it (a popup
//! gets the keys again once it closes); opening and closing it change nothing else; the
//! highlighted row stays within the rows of the help.

use super::super::action::Action;
use super::super::state::{Help, State};
use super::super::view::{focus, help_rows};
use super::step;
use crate::keys::Command;

/// Rows a page key moves.
const PAGE: isize = 10;

/// Opens the help for what has the focus now.
pub(super) fn open(s: &mut State) {
    s.help = Some(Help {
        scope: focus(s),
        selected: 0,
    });
}

/// A key while the help is open: scroll, close, or nothing.
pub(super) fn input(s: &mut State, a: &Action) {
    let Some(h) = s.help.as_mut() else {
        return;
    };
    let len = help_rows(&s.settings.keymap, h.scope).len();
    let Action::Cmd(cmd) = a else {
        return;
    };
    h.selected = match cmd {
        Command::Help | Command::Back => {
            s.help = None;
            return;
        }
        Command::Up => step(h.selected, len, -1),
        Command::Down => step(h.selected, len, 1),
        Command::PageUp => step(h.selected, len, -PAGE),
        Command::PageDown => step(h.selected, len, PAGE),
        Command::Home => 0,
        Command::End => len.saturating_sub(1),
        _ => h.selected,
    };
}
