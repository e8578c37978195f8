//! The refund window on a past sale (History tab, or the sale's own window): the
//! quantity to give back per line, where the money goes, then the manager's act.
//!
//! Invariants: a line's quantity never goes above what is left of it (sold less earlier
//! refunds) nor below zero: `+` stops at what is left, a typed quantity above it is
//! refused and said in the window, the quantity staying as it was; a refund of a refund,
//! or of a sale with nothing left, does not open; Enter with nothing to give back, or
//! with store credit for a sale that has no customer, asks for nothing (said in the
//! window); the refund itself is the manager's ([`manager::request`]: the PIN when
//! the role is locked) and goes to the service, which checks the quantities again.

use rust_decimal::Decimal;

use super::super::action::{Action, Effect};
use super::super::state::{ManagerOp, Msg, PastSale, Popup, RefundForm, RefundNote, Screen, State};
use super::popup::Next;
use super::{manager, step};
use crate::keys::Command;
use crate::service::RefundTo;

/// Most digits after the decimal separator of a quantity (grams of a kilo).
const SCALE: u32 = 3;

/// Opens the refund window on `p`; a refund, or a sale given back whole already, is said
/// in the status bar instead.
pub(super) fn open(s: &mut State, p: &PastSale) {
    if let Some(orig) = &p.refund_of {
        s.say(Msg::RefundOfRefund(orig.clone()));
        return;
    }
    let form = RefundForm::new(p);
    if !form.anything_left() {
        s.say(Msg::NothingToRefund(p.sale.number.clone()));
        return;
    }
    s.popup = Some(Popup::Refund(Box::new(form)));
}

/// Where the money goes next when the destination key is pressed.
fn next_to(to: RefundTo) -> RefundTo {
    match to {
        RefundTo::Original => RefundTo::Credit,
        RefundTo::Credit => RefundTo::Cash,
        RefundTo::Cash => RefundTo::Card,
        RefundTo::Card => RefundTo::Original,
    }
}

/// Keys in the refund window.
pub(super) fn input(s: &mut State, f: &mut RefundForm, a: &Action, fx: &mut Vec<Effect>) -> Next {
    match a {
        Action::Cmd(c @ (Command::Up | Command::Down | Command::PageUp | Command::PageDown)) => {
            let d = match c {
                Command::Up => -1,
                Command::Down => 1,
                Command::PageUp => -10,
                _ => 10,
            };
            f.selected = step(f.selected, f.lines.len(), d);
            f.typed.clear();
            f.note = None;
        }
        Action::Char('+') => add(f, Decimal::ONE),
        Action::Char('-') => add(f, -Decimal::ONE),
        Action::Char(c) if c.is_ascii_digit() || *c == '.' || *c == ',' => type_char(f, *c),
        Action::Cmd(Command::Backspace) => {
            f.typed.pop();
            let q = quantity(&f.typed).unwrap_or(Decimal::ZERO);
            set(f, q);
        }
        Action::Cmd(Command::Toggle) => f.to = next_to(f.to),
        Action::Cmd(Command::Confirm) => return confirm(s, f, fx),
        Action::Cmd(Command::Exchange) => return exchange(s, f, fx),
        _ => {}
    }
    Next::Keep
}

/// `+` or `-`: one more or one fewer, within zero and what is left.
fn add(f: &mut RefundForm, d: Decimal) {
    f.typed.clear();
    let Some(l) = f.lines.get_mut(f.selected) else {
        return;
    };
    let left = l.left();
    if d > Decimal::ZERO && l.back >= left {
        f.note = Some(RefundNote::TooMuch { left });
        return;
    }
    l.back = (l.back + d).clamp(Decimal::ZERO, left);
    f.note = None;
}

/// A digit or separator typed: the selected line's quantity is what was typed, unless
/// that is more than is left (refused, said, and not kept).
fn type_char(f: &mut RefundForm, c: char) {
    f.typed.push(c);
    let Some(q) = quantity(&f.typed) else {
        f.typed.pop();
        f.note = Some(RefundNote::NotANumber);
        return;
    };
    let left = f.lines.get(f.selected).map_or(Decimal::ZERO, |l| l.left());
    if q > left {
        f.typed.pop();
        f.note = Some(RefundNote::TooMuch { left });
        return;
    }
    set(f, q);
}

fn set(f: &mut RefundForm, q: Decimal) {
    if let Some(l) = f.lines.get_mut(f.selected) {
        l.back = q.min(l.left()).max(Decimal::ZERO);
    }
    f.note = None;
}

/// What was typed as a quantity ("2", "0,5", "1." while typing); `None`: not one.
fn quantity(typed: &str) -> Option<Decimal> {
    if typed.is_empty() {
        return Some(Decimal::ZERO);
    }
    let t = typed.replace(',', ".");
    if t.matches('.').count() > 1 {
        return None;
    }
    let t = t.strip_suffix('.').unwrap_or(&t);
    let t = if t.starts_with('.') {
        format!("0{t}")
    } else {
        t.to_string()
    };
    let q: Decimal = t.parse().ok()?;
    (q.scale() <= SCALE && q <= Decimal::from(9999)).then_some(q)
}

/// The exchange key: the lines chosen go onto the (empty) ticket with the sale's
/// customer; the cashier adds what is taken instead and pays the difference (or gives it
/// back) as any ticket, the manager's act.
fn exchange(s: &mut State, f: &mut RefundForm, fx: &mut Vec<Effect>) -> Next {
    let lines = f.back_lines();
    if lines.is_empty() {
        f.note = Some(RefundNote::NothingChosen);
        return Next::Keep;
    }
    if !s.ticket.lines.is_empty() {
        f.note = Some(RefundNote::TicketNotEmpty);
        return Next::Keep;
    }
    s.ticket.lines = lines;
    s.ticket.selected = 0;
    s.ticket.last = None;
    s.ticket.exchange = Some((f.sale, f.number.clone()));
    s.ticket.set_customer(None);
    if let Some(id) = f.customer {
        fx.push(Effect::LoadAttached(id));
    }
    s.card = None;
    s.screen = Screen::Sale;
    s.say(Msg::Exchange(f.number.clone()));
    Next::Close
}

/// Enter: the refund is asked of the manager (the PIN first when the role is locked);
/// nothing to give back is said in the window.
fn confirm(s: &mut State, f: &mut RefundForm, fx: &mut Vec<Effect>) -> Next {
    if f.lines.iter().all(|l| l.back <= Decimal::ZERO) {
        f.note = Some(RefundNote::NothingChosen);
        return Next::Keep;
    }
    let before = fx.len();
    manager::request(s, ManagerOp::Refund(f.request()), fx);
    // No PIN configured: nothing happened, the window stays as it was.
    if s.popup.is_none() && fx.len() == before {
        return Next::Keep;
    }
    Next::Close
}
