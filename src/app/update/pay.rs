//! The payment popups: the ticket paid by one method or split between several (cash,
//! card, wallet, store credit, loyalty points, on account, gift cards by their scanned
//! code), and the wallet top-up or account settlement of the attached customer, or a
//! gift card sold.
//!
//! Invariants: a payment is added only when [`Pay::check`] takes it (what the method can
//! pay, what remains, whole points), so the sale sent covers the total exactly; the sale
//! goes to the runner once, with every payment in the order added, when nothing remains;
//! Esc takes back the last payment added before it closes the popup; the amount field is
//! prefilled with what the selected method can pay of what remains, the local way
//! (a decimal comma in French), and a typed character replaces that suggestion.

use super::super::action::{Action, Effect};
use super::super::state::{Msg, Pay, PayIn, Popup, State, Why};
use super::super::text_input::TextInput;
use super::popup::{edit, Next};
use super::{sale, step};
use crate::domain::ids::CustomerId;
use crate::domain::ledger::Balances;
use crate::domain::money::Money;
use crate::domain::sale::{LineKind, PaymentMethod};
use crate::keys::Command;

/// Opens the payment popup for a ticket of `total` (above zero), cash selected.
pub(super) fn open(s: &mut State, total: Money) {
    let mut p = Pay::new(total);
    // The receipt by e-mail is offered when it can go: on when the customer asked for it.
    p.email = s
        .ticket
        .customer
        .as_ref()
        .filter(|c| s.settings.email && c.email.is_some())
        .map(|c| c.receipt_by_email);
    // The receipt by SMS likewise, with `[sms]` and a phone.
    p.sms = s
        .ticket
        .customer
        .as_ref()
        .filter(|c| s.settings.sms && c.phone.is_some())
        .map(|c| c.receipt_by_sms);
    prefill(s, &mut p);
    s.popup = Some(Popup::Pay(Box::new(p)));
}

/// The amount field set to what the selected method can pay of what remains.
fn prefill(s: &State, p: &mut Pay) {
    p.manager = s.is_manager();
    let customer = s.ticket.customer.as_ref();
    let amount = p.suggested(p.method(), customer, &s.settings.loyalty);
    p.input = TextInput::with(&amount.map_or(String::new(), |m| s.settings.lang.money(m)));
    p.prefilled = true;
}

/// A key in the payment popup.
pub(super) fn input(s: &mut State, p: &mut Pay, a: &Action, fx: &mut Vec<Effect>) -> Next {
    let n = PaymentMethod::REGISTER.len();
    match a {
        Action::Cmd(Command::Up | Command::Down) => {
            let delta = if *a == Action::Cmd(Command::Up) {
                -1
            } else {
                1
            };
            p.selected = step(p.selected, n, delta);
            p.refused = None;
            prefill(s, p);
        }
        Action::Cmd(Command::Back) => {
            if p.paid.pop().is_none() {
                return Next::Close;
            }
            p.refused = None;
            prefill(s, p);
        }
        Action::Cmd(Command::Confirm)
            if p.method() == PaymentMethod::GiftCard && p.card.is_none() =>
        {
            let code = p.input.text().trim().to_string();
            if code.is_empty() {
                p.refused = Some(Why::ScanCard);
            } else {
                p.input.clear();
                fx.push(Effect::FindGiftCard(code));
            }
        }
        Action::Cmd(Command::Confirm) => return add(s, p, fx),
        Action::Cmd(Command::Toggle) => p.email = p.email.map(|on| !on),
        Action::Cmd(Command::Sms) => p.sms = p.sms.map(|on| !on),
        Action::Char(_) | Action::Paste(_) if p.prefilled => {
            p.input.clear();
            p.prefilled = false;
            edit(&mut p.input, a);
        }
        other => {
            if edit(&mut p.input, other) {
                p.prefilled = false;
            }
        }
    }
    Next::Keep
}

/// Enter: the amount typed becomes a payment by the selected method, or the popup says
/// why not; once nothing remains the sale is sent with every payment.
fn add(s: &mut State, p: &mut Pay, fx: &mut Vec<Effect>) -> Next {
    p.manager = s.is_manager();
    let customer = s.ticket.customer.as_ref();
    match p.check(p.input.text(), customer, &s.settings.loyalty) {
        Err(why) => {
            p.refused = Some(why);
            Next::Keep
        }
        Ok(paid) => {
            p.paid.push(paid);
            p.refused = None;
            if p.remaining() <= Money::ZERO {
                let payments = p.paid.iter().map(|x| x.draft()).collect();
                s.ticket.email_receipt = p.email == Some(true);
                s.ticket.sms_receipt = p.sms == Some(true);
                sale::pay(s, payments, fx);
                return Next::Close;
            }
            // A balance spent to the end: back to cash, which always pays.
            if p.suggested(p.method(), customer, &s.settings.loyalty)
                .is_none_or(|m| m <= Money::ZERO)
            {
                p.selected = 0;
            }
            prefill(s, p);
            Next::Keep
        }
    }
}

/// A gift card was sold (`Action::GiftCardSold`): said on the status line.
pub(super) fn card_sold(s: &mut State, sold: Action) {
    if let Action::GiftCardSold {
        code,
        amount,
        number,
    } = sold
    {
        s.say(Msg::GiftCardSold {
            code,
            amount,
            number,
        });
    }
}

/// The gift card `code` as read: in the payment popup, the card in hand (its row
/// selected, the field prefilled with what it can pay), or why it cannot pay.
pub(super) fn card_found(s: &mut State, code: String, balance: Option<Money>) {
    let Some(Popup::Pay(mut p)) = s.popup.take() else {
        return;
    };
    match balance {
        Some(b) => {
            p.card = Some((code, b));
            p.refused = None;
            p.selected = gift_row();
            prefill(s, &mut p);
        }
        None => p.refused = Some(Why::UnknownCard),
    }
    s.popup = Some(Popup::Pay(p));
}

fn gift_row() -> usize {
    PaymentMethod::REGISTER
        .iter()
        .position(|m| *m == PaymentMethod::GiftCard)
        .unwrap_or(0)
}

/// A code scanned while a payment popup is open: the gift card to pay with, or the card
/// being sold in the top-up popup.
pub(super) fn scanned(s: &mut State, code: String, fx: &mut Vec<Effect>) {
    match s.popup.as_mut() {
        Some(Popup::Pay(p)) => {
            p.selected = gift_row();
            p.card = None;
            p.input.clear();
            fx.push(Effect::FindGiftCard(code));
        }
        Some(Popup::PayIn(p)) => {
            p.kind = LineKind::GiftCard;
            p.code = Some(code);
            p.refused = None;
        }
        _ => s.say(Msg::ScanIgnored),
    }
}

/// Opens the top-up / settlement / gift card popup; without a customer on the ticket,
/// only a gift card can be sold.
pub(super) fn open_pay_in(s: &mut State) {
    let mut p = PayIn::new();
    if s.ticket.customer.is_none() {
        p.kind = LineKind::GiftCard;
    }
    s.popup = Some(Popup::PayIn(p));
}

/// The choices of the top-up popup, in order: those that need a customer only when one
/// is on the ticket.
fn choices(s: &State) -> Vec<LineKind> {
    match s.ticket.customer {
        Some(_) => vec![LineKind::TopUp, LineKind::Settlement, LineKind::GiftCard],
        None => vec![LineKind::GiftCard],
    }
}

/// A key in the top-up popup: Up/Down chooses top-up, settlement (prefilled with what is
/// owed) or a gift card sold, the toggle key cash or card, Enter sends.
pub(super) fn pay_in_input(s: &mut State, p: &mut PayIn, a: &Action, fx: &mut Vec<Effect>) -> Next {
    let customer = s.ticket.customer.as_ref().map(|c| (c.id, c.balances));
    let balances = customer.map(|c| c.1).unwrap_or_default();
    match a {
        Action::Cmd(cmd @ (Command::Up | Command::Down)) => {
            let list = choices(s);
            let at = list.iter().position(|k| *k == p.kind).unwrap_or(0);
            let delta = if *cmd == Command::Up { -1 } else { 1 };
            let next = list.get(step(at, list.len(), delta)).copied();
            choose(s, p, next.unwrap_or(LineKind::GiftCard), &balances);
        }
        Action::Cmd(Command::Toggle) => {
            p.method = match p.method {
                PaymentMethod::Cash => PaymentMethod::Card,
                _ => PaymentMethod::Cash,
            };
        }
        Action::Cmd(Command::Confirm) => match (p.check(&balances), p.kind, customer) {
            (Ok(amount), LineKind::GiftCard, _) => {
                fx.push(Effect::SellGiftCard {
                    code: p.code.clone(),
                    amount,
                    method: p.method,
                    customer: customer.map(|c| c.0),
                });
                return Next::Close;
            }
            (Ok(amount), kind, Some((id, _))) => {
                fx.push(Effect::PayIn {
                    customer: id,
                    kind,
                    amount,
                    method: p.method,
                });
                return Next::Close;
            }
            (Ok(_), _, None) => {
                s.say(Msg::NoCustomer);
                return Next::Close;
            }
            (Err(why), _, _) => p.refused = Some(why),
        },
        other => {
            edit(&mut p.input, other);
        }
    }
    Next::Keep
}

fn choose(s: &State, p: &mut PayIn, kind: LineKind, b: &Balances) {
    if p.kind == kind {
        return;
    }
    p.kind = kind;
    p.refused = None;
    let owed = (kind == LineKind::Settlement && b.owed > Money::ZERO)
        .then(|| s.settings.lang.money(b.owed));
    p.input = TextInput::with(&owed.unwrap_or_default());
}

/// A top-up or settlement was stored: the ticket's customer (if it is theirs) shows the
/// balances read after it.
pub(super) fn paid_in(
    s: &mut State,
    customer: CustomerId,
    kind: LineKind,
    amount: Money,
    number: String,
    balances: Balances,
) {
    self::balances(s, customer, balances);
    s.say(Msg::PaidIn {
        kind,
        amount,
        number,
    });
}

/// The balances of `customer` read again: shown if they are the ticket's customer's.
pub(super) fn balances(s: &mut State, customer: CustomerId, balances: Balances) {
    if let Some(c) = s.ticket.customer.as_mut().filter(|c| c.id == customer) {
        c.balances = balances;
    }
}
