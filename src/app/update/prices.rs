//! Keys on a customer group's price list (the groups screen's F5): the list of special
//! prices, the line where one is typed (a product's code, then its price), removal; and
//! what comes back from the store.
//!
//! Invariants: every price set or removed goes through the manager rule
//! (`manager::request`, `GroupOp::SetPrice`); an amount that does not parse or is below
//! zero is said and nothing is asked of the store; after a price is stored the list is
//! read again (the rows are the store's, never patched by hand); an answer for another
//! group than the one open is dropped.

use super::super::action::{Effect, PricesAsk, PricesDone};
use super::super::state::{GroupOp, GroupPrices, ManagerOp, Msg, PriceEdit, Screen, State};
use super::super::text_input::TextInput;
use super::{manager, step};
use crate::app::action::Action;
use crate::domain::money::Money;
use crate::keys::Command;

/// Opens the selected group's price list.
pub(super) fn open(s: &mut State, fx: &mut Vec<Effect>) {
    let g = &mut s.groups;
    let Some(r) = g.rows.get(g.selected) else {
        return;
    };
    let group = r.group.name.clone();
    g.prices = Some(GroupPrices {
        group: group.clone(),
        rows: Vec::new(),
        selected: 0,
        loading: true,
        edit: None,
    });
    fx.push(Effect::GroupPrices(PricesAsk::Load(group)));
}

/// Keys while the price list is open.
pub(super) fn input(s: &mut State, a: Action, fx: &mut Vec<Effect>) {
    let Some(p) = s.groups.prices.as_mut() else {
        return;
    };
    if p.edit.is_some() {
        edit_input(s, a, fx);
        return;
    }
    let Action::Cmd(cmd) = a else {
        return;
    };
    let n = p.rows.len();
    match cmd {
        Command::Up => p.selected = step(p.selected, n, -1),
        Command::Down => p.selected = step(p.selected, n, 1),
        Command::PageUp => p.selected = step(p.selected, n, -10),
        Command::PageDown => p.selected = step(p.selected, n, 10),
        Command::Back => s.groups.prices = None,
        Command::Add => p.edit = Some(PriceEdit::default()),
        Command::Confirm | Command::Edit => {
            if let Some(r) = p.rows.get(p.selected) {
                p.edit = Some(PriceEdit {
                    code: TextInput::with(&r.code),
                    price: TextInput::with(&r.price.to_string()),
                    on_price: true,
                    fixed_code: true,
                });
            }
        }
        Command::Remove => {
            if let Some(r) = p.rows.get(p.selected) {
                let op = GroupOp::SetPrice {
                    group: p.group.clone(),
                    code: r.code.clone(),
                    price: None,
                };
                manager::request(s, ManagerOp::Groups(op), fx);
            }
        }
        _ => {}
    }
}

/// Keys on the line being typed: letters into the field with the cursor, Tab between
/// the two, Enter on the code goes to the price, Enter on the price saves.
fn edit_input(s: &mut State, a: Action, fx: &mut Vec<Effect>) {
    let Some(p) = s.groups.prices.as_mut() else {
        return;
    };
    let Some(e) = p.edit.as_mut() else {
        return;
    };
    let field = if e.on_price {
        &mut e.price
    } else {
        &mut e.code
    };
    let cmd = match a {
        Action::Char(c) => {
            field.insert(c);
            return;
        }
        Action::Paste(t) => {
            field.paste(&t);
            return;
        }
        Action::Cmd(c) => c,
        _ => return,
    };
    match cmd {
        Command::Back => p.edit = None,
        Command::Backspace => field.backspace(),
        Command::Delete => field.delete(),
        Command::Left => field.left(),
        Command::Right => field.right(),
        Command::Home => field.home(),
        Command::End => field.end(),
        Command::NextField | Command::PrevField | Command::Up | Command::Down => {
            e.on_price = e.fixed_code || !e.on_price;
        }
        Command::Confirm if !e.on_price => e.on_price = true,
        Command::Confirm | Command::Save => {
            let code = e.code.text().trim().to_string();
            if code.is_empty() {
                e.on_price = false;
                return;
            }
            match Money::parse(e.price.text()) {
                Ok(m) if !m.is_negative() => {
                    let op = GroupOp::SetPrice {
                        group: p.group.clone(),
                        code,
                        price: Some(m),
                    };
                    manager::request(s, ManagerOp::Groups(op), fx);
                }
                _ => s.say(Msg::InvalidAmount),
            }
        }
        _ => {}
    }
}

/// The manager rule let a price change through.
pub(super) fn perform(group: String, code: String, price: Option<Money>, fx: &mut Vec<Effect>) {
    fx.push(Effect::GroupPrices(PricesAsk::Set { group, code, price }).by(true));
}

/// What the store answered.
pub(super) fn done(s: &mut State, r: PricesDone, fx: &mut Vec<Effect>) {
    match r {
        PricesDone::Loaded { group, rows } => {
            let Some(p) = s.groups.prices.as_mut().filter(|p| p.group == group) else {
                return;
            };
            p.loading = false;
            p.rows = rows;
            p.selected = p.selected.min(p.rows.len().saturating_sub(1));
        }
        PricesDone::Saved { group, code, price } => {
            if let Some(p) = s.groups.prices.as_mut().filter(|p| p.group == group) {
                p.edit = None;
                p.loading = true;
                if s.screen == Screen::Groups {
                    fx.push(Effect::GroupPrices(PricesAsk::Load(group.clone())));
                }
            }
            s.say(Msg::GroupPriceSaved { group, code, price });
        }
    }
}
