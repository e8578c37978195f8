//! The rows of the help overlay: for a scope, every action a key does there, with the
//! keys of the keymap in use (overrides included) that do it.
//!
//! Invariants: the keys come from [`keys::in_scope`], so a key bound in a scope and in a
//! scope containing it is listed once, with the meaning it has here; a key whose command
//! does nothing in that scope ([`idle`]) is left out, and `update` is tested to leave the
//! state untouched for every such key; function keys come first, in number order, then
//! the other keys in keymap order.

use crate::keys::{self, Binding, Command, Scope};
use crossterm::event::KeyCode;

/// One row of the help overlay: an action and the keys that do it in the scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpRow {
    pub command: Command,
    /// Named keys before letters (Enter before Y).
    pub keys: Vec<Binding>,
}

/// The rows of the help for `scope` with the keymap `table`.
pub fn help_rows(table: &[Binding], scope: Scope) -> Vec<HelpRow> {
    let mut rows: Vec<HelpRow> = Vec::new();
    for bd in keys::in_scope(table, scope) {
        if idle(scope, bd.command) {
            continue;
        }
        match rows.iter_mut().find(|r| r.command == bd.command) {
            Some(r) => r.keys.push(bd),
            None => rows.push(HelpRow {
                command: bd.command,
                keys: vec![bd],
            }),
        }
    }
    for r in &mut rows {
        r.keys
            .sort_by_key(|k| matches!(k.code, KeyCode::Char(_)) && !k.ctrl);
    }
    // Stable: within each group the keymap's order stays.
    rows.sort_by_key(|r| match r.keys.first().map(|k| k.code) {
        Some(KeyCode::F(n)) => (0, n),
        _ => (1, 0),
    });
    rows
}

/// Whether `command` does nothing in `scope` (so its keys are not listed there). Keys of
/// [`Scope::Any`] reach every screen, but not every screen has a use for them.
pub fn idle(scope: Scope, command: Command) -> bool {
    use Command as C;
    match scope {
        Scope::Sale | Scope::Picker => matches!(command, C::NextField | C::PrevField),
        Scope::Card => matches!(command, C::Home | C::End | C::Backspace | C::Delete),
        Scope::List => matches!(
            command,
            C::Left | C::Right | C::Home | C::End | C::Delete | C::NextField | C::PrevField
        ),
        Scope::Import => matches!(
            command,
            C::Left | C::Right | C::Delete | C::NextField | C::PrevField
        ),
        Scope::Catalog => matches!(command, C::NextField | C::PrevField),
        Scope::Groups => matches!(
            command,
            C::Left | C::Right | C::Backspace | C::Delete | C::NextField | C::PrevField
        ),
        Scope::Outbox => matches!(
            command,
            C::Left | C::Right | C::Backspace | C::Delete | C::NextField | C::PrevField
        ),
        // Every key that reaches the reports screen does something on one of its tabs.
        Scope::Reports => false,
        // No screen behind the setup: Esc has nowhere to go.
        Scope::Setup => matches!(command, C::Back),
        Scope::Question => !matches!(command, C::Quit | C::Help | C::Back | C::Confirm),
        Scope::Checklist => !matches!(
            command,
            C::Quit | C::Help | C::Back | C::Confirm | C::Up | C::Down | C::Toggle | C::Save
        ),
        Scope::Help => !matches!(
            command,
            C::Quit
                | C::Help
                | C::Back
                | C::Up
                | C::Down
                | C::PageUp
                | C::PageDown
                | C::Home
                | C::End
        ),
        // The form, the settings and the popups use every key that reaches them (some
        // popup does).
        Scope::Any | Scope::Form | Scope::Settings | Scope::Popup => false,
    }
}
