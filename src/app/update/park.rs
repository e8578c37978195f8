//! Parking the ticket and recalling a parked one: the sale screen's two keys, the recall
//! window, and the results that come back.
//!
//! Invariants: the ticket clears only when the store has it ([`parked`]), so a refusal
//! (the register's cap, a customer gone) leaves it whole; a second park key meanwhile
//! does nothing (`Ticket::parking`); a recall is asked for only with no line on the
//! ticket (the cashier parks or pays it first: nothing is merged silently), and a
//! recalled ticket's lines are added to what is there, so nothing is lost whatever came
//! in between; the recalled customer arrives read as picking them reads them (group
//! discount, tax preference, balances).

use super::super::action::{Action, Effect, ParkRequest};
use super::super::state::{Msg, ParkedRow, Popup, RecalledTicket, Screen, State, Ticket};
use super::popup::Next;
use super::step;
use crate::keys::Command;
use crate::service::MAX_LABEL_CHARS;

/// The park key: the ticket's lines, customer and label (the text typed in the code
/// field, if any) go to the store.
pub(super) fn park(s: &mut State, fx: &mut Vec<Effect>) {
    let t = &mut s.ticket;
    if t.paying || t.parking {
        return;
    }
    if t.lines.is_empty() {
        s.say(Msg::TicketEmpty);
        return;
    }
    let label = t.input.text().trim().to_string();
    if label.chars().count() > MAX_LABEL_CHARS {
        s.say(Msg::ParkLabel(MAX_LABEL_CHARS));
        return;
    }
    t.parking = true;
    fx.push(Effect::ParkTicket(Box::new(ParkRequest {
        lines: t.lines.clone(),
        customer: t.customer.as_ref().map(|c| c.id),
        repriced: t.repriced,
        label: Some(label).filter(|l| !l.is_empty()),
    })));
}

/// The ticket is parked: the screen starts a new one.
pub(super) fn parked(s: &mut State, lines: usize) {
    let customer = s.ticket.customer.as_ref().map(|c| c.name.clone());
    s.ticket = Ticket::default();
    s.say(Msg::Parked { lines, customer });
}

/// The recall key: the parked tickets are listed, unless the ticket has lines.
pub(super) fn recall(s: &mut State, fx: &mut Vec<Effect>) {
    let t = &s.ticket;
    if t.paying || t.parking {
        return;
    }
    if !t.lines.is_empty() {
        s.say(Msg::ParkFirst);
        return;
    }
    fx.push(Effect::LoadParked);
}

/// The parked tickets: the recall window opens on the newest (or says there is none).
/// It never takes the place of another window.
pub(super) fn loaded(s: &mut State, rows: Vec<ParkedRow>) {
    let free = matches!(s.popup, None | Some(Popup::Parked { .. }));
    if s.screen != Screen::Sale || !free {
        return;
    }
    if rows.is_empty() {
        s.popup = None;
        s.say(Msg::NothingParked);
        return;
    }
    s.popup = Some(Popup::Parked { rows, selected: 0 });
}

/// Keys in the recall window: Up/Down choose, Enter recalls (Esc closes: the popups'
/// rule).
pub(super) fn window(
    s: &mut State,
    rows: &[ParkedRow],
    selected: &mut usize,
    a: &Action,
    fx: &mut Vec<Effect>,
) -> Next {
    let n = rows.len();
    let Action::Cmd(c) = a else {
        return Next::Keep;
    };
    match c {
        Command::Up => *selected = step(*selected, n, -1),
        Command::Down => *selected = step(*selected, n, 1),
        Command::PageUp | Command::Home => *selected = step(*selected, n, -(n as isize)),
        Command::PageDown | Command::End => *selected = step(*selected, n, n as isize),
        Command::Confirm => match rows.get(*selected) {
            Some(r) if r.damaged => s.say(Msg::ParkedDamaged),
            Some(_) if !s.ticket.lines.is_empty() => {
                s.say(Msg::ParkFirst);
                return Next::Close;
            }
            Some(r) => {
                fx.push(Effect::RecallTicket(r.id));
                return Next::Close;
            }
            None => return Next::Close,
        },
        _ => {}
    }
    Next::Keep
}

/// A parked ticket came back: its lines on the ticket, its customer attached again (or
/// said gone).
pub(super) fn recalled(s: &mut State, r: RecalledTicket) {
    let t = &mut s.ticket;
    let lines = r.lines.len();
    t.last = None;
    t.lines.extend(r.lines);
    t.selected = t.lines.len().saturating_sub(1);
    t.repriced |= r.repriced;
    let customer = r.customer.as_ref().map(|c| c.name.clone());
    if let Some(c) = r.customer {
        t.customer = Some(c);
    }
    // Parked at the prices of then: priced again for the customer of now.
    t.reprice();
    s.say(Msg::Recalled {
        lines,
        customer,
        customer_gone: r.customer_gone,
    });
}
