//! Keys on the managers' customer groups screen: the list (name, automatic discount,
//! customers), the add and edit form, and delete, whose question says where a group's
//! customers go (no group, or another group); and the results of those acts.
//!
//! Invariants: the screen opens, and every change leaves, through the manager rule
//! (`manager::request`); a group with customers is never deleted without a destination
//! chosen in the question (the service refuses it too); after a change the rows are
//! read again from the store.

use super::super::action::{Action, Effect};
use super::super::form::{Form, FormPurpose};
use super::super::state::{
    GroupDelete, GroupOp, GroupRow, ManagerOp, MoveTo, Msg, Popup, Screen, State,
};
use super::catalog::focus_first_error;
use super::form::{self, Outcome};
use super::popup::Next;
use super::{manager, step};
use crate::keys::Command;

/// Opens the groups screen (the caller checked the manager role).
pub(super) fn open(s: &mut State, fx: &mut Vec<Effect>) {
    s.go(Screen::Groups);
    s.groups.form = None;
    s.groups.prices = None;
    load(s, fx);
}

fn load(s: &mut State, fx: &mut Vec<Effect>) {
    s.groups.loading = true;
    fx.push(Effect::LoadGroups);
}

pub(super) fn input(s: &mut State, a: Action, fx: &mut Vec<Effect>) {
    if s.groups.form.is_some() {
        form_input(s, a, fx);
        return;
    }
    if s.groups.prices.is_some() {
        super::prices::input(s, a, fx);
        return;
    }
    let g = &mut s.groups;
    let Action::Cmd(cmd) = a else {
        return;
    };
    match cmd {
        Command::Up => g.selected = step(g.selected, g.rows.len(), -1),
        Command::Down => g.selected = step(g.selected, g.rows.len(), 1),
        Command::PageUp => g.selected = step(g.selected, g.rows.len(), -10),
        Command::PageDown => g.selected = step(g.selected, g.rows.len(), 10),
        Command::Home => g.selected = 0,
        Command::End => g.selected = g.rows.len().saturating_sub(1),
        Command::Back => s.go_back(),
        Command::Confirm | Command::Edit => {
            if let Some(r) = g.rows.get(g.selected) {
                g.form = Some(Form::group(Some(&r.group), s.settings.lang));
            }
        }
        Command::Add => g.form = Some(Form::group(None, s.settings.lang)),
        Command::Remove => ask_delete(s),
        Command::Prices => super::prices::open(s, fx),
        _ => {}
    }
}

/// The delete question for the selected group: with customers, where they go (no group
/// first, then the other groups).
fn ask_delete(s: &mut State) {
    let g = &s.groups;
    let Some(r) = g.rows.get(g.selected) else {
        return;
    };
    let choices = if r.customers > 0 {
        std::iter::once(MoveTo::NoGroup)
            .chain(
                g.rows
                    .iter()
                    .filter(|o| o.group.id != r.group.id)
                    .map(|o| MoveTo::Group(o.group.name.clone())),
            )
            .collect()
    } else {
        Vec::new()
    };
    s.popup = Some(Popup::DeleteGroup(GroupDelete {
        name: r.group.name.clone(),
        customers: r.customers,
        choices,
        selected: 0,
    }));
}

/// Keys in the delete question: the choice moves, Enter deletes (as the manager).
pub(super) fn delete_input(
    s: &mut State,
    d: &mut GroupDelete,
    a: &Action,
    fx: &mut Vec<Effect>,
) -> Next {
    match a {
        Action::Cmd(Command::Up) => d.selected = step(d.selected, d.choices.len(), -1),
        Action::Cmd(Command::Down) => d.selected = step(d.selected, d.choices.len(), 1),
        Action::Cmd(Command::Confirm) => {
            let to = d.choices.get(d.selected).cloned();
            if d.customers > 0 && to.is_none() {
                return Next::Keep;
            }
            let op = GroupOp::Delete {
                name: d.name.clone(),
                to,
            };
            manager::request(s, ManagerOp::Groups(op), fx);
            return Next::Close;
        }
        _ => {}
    }
    Next::Keep
}

fn form_input(s: &mut State, a: Action, fx: &mut Vec<Effect>) {
    let ctx = form::context(s);
    let Some(f) = s.groups.form.as_mut() else {
        return;
    };
    match form::input(f, a, &ctx, "") {
        Outcome::Cancel => s.groups.form = None,
        Outcome::Valid(_) | Outcome::Invalid(_) => match f.group_values() {
            Some((name, discount)) => {
                let original = match &f.purpose {
                    FormPurpose::Group(name) => name.clone(),
                    _ => None,
                };
                let op = GroupOp::Save {
                    original,
                    name,
                    discount,
                };
                manager::request(s, ManagerOp::Groups(op), fx);
            }
            None => {
                focus_first_error(f);
                let n = f.errors.len();
                s.say(Msg::FixErrors(n));
            }
        },
        Outcome::Cities(_) | Outcome::None => {}
    }
}

/// The manager rule let a groups-screen act through.
pub(super) fn perform(s: &mut State, op: GroupOp, fx: &mut Vec<Effect>) {
    match op {
        GroupOp::Open => open(s, fx),
        GroupOp::Save {
            original,
            name,
            discount,
        } => {
            if let Some(f) = s.groups.form.as_mut() {
                f.saving = true;
            }
            fx.push(
                Effect::SaveGroup {
                    original,
                    name,
                    discount,
                }
                .by(true),
            );
        }
        GroupOp::Delete { name, to } => fx.push(Effect::DeleteGroup { name, to }.by(true)),
        GroupOp::SetPrice { group, code, price } => super::prices::perform(group, code, price, fx),
    }
}

pub(super) fn loaded(s: &mut State, rows: Vec<GroupRow>) {
    let g = &mut s.groups;
    g.loading = false;
    g.rows = rows;
    g.selected = g.selected.min(g.rows.len().saturating_sub(1));
    if let Some(name) = g.select.take() {
        if let Some(i) = g.rows.iter().position(|r| r.group.name == name) {
            g.selected = i;
        }
    }
}

/// A group was stored: the form closes, the rows are read again, the group selected.
pub(super) fn saved(s: &mut State, name: String, created: bool, fx: &mut Vec<Effect>) {
    s.groups.form = None;
    s.groups.select = Some(name.clone());
    s.say(Msg::GroupSaved { name, created });
    if s.screen == Screen::Groups {
        load(s, fx);
    }
}

/// A group was deleted: the rows are read again.
pub(super) fn deleted(s: &mut State, name: String, moved: usize, fx: &mut Vec<Effect>) {
    s.say(Msg::GroupDeleted { name, moved });
    if s.screen == Screen::Groups {
        load(s, fx);
    }
}
