//! The sale screen: the product-code field (a ticket number typed there opens that past
//! sale), ticket lines, customer attach/detach, payment (the payment popups themselves
//! are in `pay.rs`), parking and recalling (`park.rs`).

use rust_decimal::Decimal;

use super::super::action::{Action, Effect, SaleDraft};
use super::super::state::{ConfirmKind, ManagerOp, Msg, PickPurpose, Popup, State};
use super::super::text_input::TextInput;
use super::{manager, picker, step};
use crate::domain::catalog::Product;
use crate::domain::money::{Money, Percent};
use crate::domain::sale::{self, PaymentMethod, SaleLine};
use crate::keys::Command;
use crate::service::PaymentDraft;
use crate::store::sales;

pub(super) fn input(s: &mut State, a: Action, fx: &mut Vec<Effect>) {
    let cmd = match a {
        Action::Char(c) => {
            s.ticket.input.insert(c);
            return;
        }
        Action::Paste(t) => {
            s.ticket.input.paste(&t);
            return;
        }
        Action::Cmd(c) => c,
        _ => return,
    };
    let t = &mut s.ticket;
    match cmd {
        Command::Confirm => {
            let code = t.input.text().trim().to_string();
            if sales::is_number(&code) {
                // A receipt brought back: that sale opens (unless a product has this code).
                fx.push(Effect::LookupTicket(code));
                t.input.clear();
            } else if !code.is_empty() {
                fx.push(Effect::LookupProduct(code));
                t.input.clear();
            }
        }
        Command::Back => t.input.clear(),
        Command::Backspace => t.input.backspace(),
        Command::Delete if !t.input.is_empty() => t.input.delete(),
        Command::Delete | Command::RemoveLine => remove_line(s),
        Command::Left => t.input.left(),
        Command::Right => t.input.right(),
        Command::Home => t.input.home(),
        Command::End => t.input.end(),
        Command::Up => t.selected = step(t.selected, t.lines.len(), -1),
        Command::Down => t.selected = step(t.selected, t.lines.len(), 1),
        Command::PageUp => t.selected = step(t.selected, t.lines.len(), -10),
        Command::PageDown => t.selected = step(t.selected, t.lines.len(), 10),
        Command::Customer => picker::open(s, PickPurpose::Attach),
        Command::OpenCard => match &t.customer {
            Some(c) => fx.push(Effect::LoadCard(c.id)),
            None => s.say(Msg::NoCustomer),
        },
        Command::Detach => {
            if t.customer.is_some() {
                t.set_customer(None);
                s.say(Msg::Detached);
            } else {
                s.say(Msg::NoCustomer);
            }
        }
        Command::Products => {
            s.popup = Some(Popup::Products {
                input: TextInput::default(),
                results: Vec::new(),
                selected: 0,
            });
        }
        Command::Quantity => {
            if let Some(l) = t.lines.get(t.selected) {
                let q = l.quantity.normalize().to_string();
                s.popup = Some(Popup::Quantity {
                    input: TextInput::with(&q),
                    bad: false,
                });
            } else {
                s.say(Msg::TicketEmpty);
            }
        }
        Command::PayCash | Command::PayCard if t.lines.is_empty() => s.say(Msg::TicketEmpty),
        Command::PayCash | Command::PayCard | Command::TopUp if t.paying => {}
        Command::PayCash => {
            let total = t.totals().total;
            if total > Money::ZERO {
                super::pay::open(s, total);
            } else {
                // A refund (or nothing to pay): cash handed back, as before.
                s.popup = Some(Popup::Cash {
                    input: TextInput::default(),
                    total,
                    short: false,
                });
            }
        }
        Command::TopUp => super::pay::open_pay_in(s),
        Command::Park => super::park::park(s, fx),
        Command::Recall => super::park::recall(s, fx),
        Command::PayCard => {
            let total = t.totals().total;
            s.popup = Some(Popup::Confirm {
                kind: ConfirmKind::PayCard { total },
                then: None,
            });
        }
        Command::EditPrice if t.lines.is_empty() => s.say(Msg::TicketEmpty),
        Command::EditPrice if t.paying => {}
        Command::EditPrice => manager::request(s, ManagerOp::EditPrice, fx),
        Command::CustomersList => manager::request(s, ManagerOp::OpenList, fx),
        Command::OpenDrawer if t.paying => {}
        Command::OpenDrawer => manager::request(s, ManagerOp::OpenDrawer, fx),
        Command::Manager => manager::toggle(s, fx),
        _ => {}
    }
}

fn remove_line(s: &mut State) {
    let t = &mut s.ticket;
    if t.selected < t.lines.len() {
        t.lines.remove(t.selected);
        t.selected = t.selected.min(t.lines.len().saturating_sub(1));
        t.repriced &= !t.lines.is_empty();
    }
}

/// Adds a product to the ticket (one more of it if it is already the selected line).
pub(super) fn add_product(s: &mut State, p: &Product) {
    let t = &mut s.ticket;
    t.last = None;
    if let Some(i) = t
        .lines
        .iter()
        .position(|l| l.code == p.code && l.discount.is_zero())
    {
        if let Some(l) = t.lines.get_mut(i) {
            l.quantity += Decimal::ONE;
        }
        t.selected = i;
    } else {
        t.lines.push(SaleLine {
            product_id: Some(p.id),
            code: p.code.clone(),
            name: p.name.clone(),
            quantity: Decimal::ONE,
            unit_price: p.price,
            discount: Percent::ZERO,
            tax_rate: p.tax_rate,
            kind: Default::default(),
            origin: None,
            special: None,
        });
        t.selected = t.lines.len() - 1;
    }
    // A member's group may have a special price for it.
    t.reprice();
    s.say(Msg::ProductAdded(p.name.clone()));
}

/// Sets the selected line's quantity from what was typed (0 < q <= 9999, 3 decimals).
pub(super) fn set_quantity(s: &mut State, text: &str) -> bool {
    let q: Option<Decimal> = text.trim().replace(',', ".").parse().ok();
    match q {
        Some(q) if q > Decimal::ZERO && q <= Decimal::from(9999) && q.normalize().scale() <= 3 => {
            if let Some(l) = s.ticket.lines.get_mut(s.ticket.selected) {
                l.quantity = q;
            }
            true
        }
        _ => {
            s.say(Msg::InvalidQuantity);
            false
        }
    }
}

/// Opens the price popup on the selected line's unit price (the manager role is granted).
pub(super) fn open_price(s: &mut State) {
    match s.ticket.lines.get(s.ticket.selected) {
        Some(l) => {
            let price = l.unit_price.to_string();
            s.popup = Some(Popup::Price {
                input: TextInput::with(&price),
                bad: false,
            });
        }
        None => s.say(Msg::TicketEmpty),
    }
}

/// Sets the selected line's unit price from what was typed (an amount, 0 or more).
/// Nothing is stored: the line carries the price into the sale when it is paid.
pub(super) fn set_price(s: &mut State, text: &str) -> bool {
    match Money::parse(text) {
        Ok(m) if !m.is_negative() => {
            if let Some(l) = s.ticket.lines.get_mut(s.ticket.selected) {
                l.unit_price = m;
                // The manager's price replaces any group price, and stays.
                l.special = None;
                s.ticket.repriced = true;
            }
            true
        }
        _ => {
            s.say(Msg::InvalidAmount);
            false
        }
    }
}

/// Pays the ticket with `payments` (in order): the sale goes to the runner, stored in one
/// transaction; a refund or a repriced line asks for the manager first.
pub(super) fn pay(s: &mut State, payments: Vec<PaymentDraft>, fx: &mut Vec<Effect>) {
    if s.ticket.lines.is_empty() || s.ticket.paying {
        return;
    }
    let (discount, tax) = s
        .ticket
        .customer
        .as_ref()
        .map_or((Percent::ZERO, Default::default()), |c| (c.discount, c.tax));
    let manager_act = s.ticket.repriced
        || s.ticket.exchange.is_some()
        || sale::is_refund(&s.ticket.lines, discount, tax);
    if manager_act && !s.is_manager() {
        manager::request(s, ManagerOp::Pay(payments), fx);
        return;
    }
    let manager = s.is_manager();
    let t = &mut s.ticket;
    let (customer, group_discount, tax) = match &t.customer {
        Some(c) => (Some(c.id), c.discount, c.tax),
        None => (None, Percent::ZERO, Default::default()),
    };
    t.paying = true;
    fx.push(
        Effect::StoreSale(Box::new(SaleDraft {
            lines: t.lines.clone(),
            customer,
            group_discount,
            tax,
            payments,
            refund_of: t.exchange.as_ref().map(|e| e.0),
            email_receipt: t.email_receipt,
            sms_receipt: t.sms_receipt,
        }))
        .by(manager),
    );
}

/// The whole ticket by one method, what remains (cash: `tendered` handed over).
pub(super) fn pay_one(
    s: &mut State,
    method: PaymentMethod,
    tendered: Option<Money>,
    fx: &mut Vec<Effect>,
) {
    let all = PaymentDraft {
        method,
        amount: None,
        tendered,
        reference: None,
    };
    pay(s, vec![all], fx);
}

/// What the cash popup does with the amount typed (empty: the exact total).
pub(super) fn cash(s: &mut State, text: &str, total: Money, fx: &mut Vec<Effect>) -> bool {
    // Empty: the exact total; for a refund (a negative total), nothing handed over.
    let given = if text.trim().is_empty() {
        Ok(total.max(Money::ZERO))
    } else {
        Money::parse(text)
    };
    match given {
        Ok(m) if m >= total => {
            pay_one(s, PaymentMethod::Cash, Some(m), fx);
            true
        }
        Ok(_) => {
            s.say(Msg::NotEnough);
            false
        }
        Err(_) => {
            s.say(Msg::InvalidAmount);
            false
        }
    }
}
