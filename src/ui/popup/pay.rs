//! The payment popups drawn: the methods with what each can pay or why it cannot, the
//! payments added, what is left, the amount field and the change it would give; the wallet top-up /
//! account settlement.
//!
//! The receipt by e-mail shows (with its key) only when it can go: `[email]` set and a
//! customer with an address on the ticket; the receipt by SMS likewise, with `[sms]` and
//! a phone.
//!
//! Invariants: every figure comes from the state's own derivations ([`Pay::can`],
//! [`Pay::remaining`], [`Pay::change_due`]), so the popup shows what Enter will do; key hints
//! read the keymap in use; a method that cannot pay stays listed, dimmed, with the reason.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::super::widgets::{field_line, marked};
use crate::app::state::{Can, Pay, PayIn, State};
use crate::domain::ledger::Balances;
use crate::domain::sale::{LineKind, PaymentMethod};
use crate::domain::validate::phone_national;
use crate::keys::{self, Command, Scope};
use crate::sanitize::clean;

/// Rows of the payment popup: its borders, the total, six methods, the payments added,
/// what is left, the change the cash typed would give, the amount, a refusal, the keys.
pub fn pay_height(p: &Pay) -> u16 {
    let change = u16::from(p.change_due().is_some());
    let refused = u16::from(p.refused.is_some());
    let email = u16::from(p.email.is_some()) + u16::from(p.sms.is_some());
    2 + 1
        + PaymentMethod::REGISTER.len() as u16
        + p.paid.len() as u16
        + 3
        + change
        + refused
        + email
}

/// "Up/Down method  Enter add  Esc ..." from the keymap in use.
fn hints(s: &State, pairs: &[(&[Command], &str)]) -> String {
    let label = |c: Command| keys::key_label(&s.settings.keymap, Scope::Popup, c);
    pairs
        .iter()
        .filter_map(|(cmds, what)| {
            let keys: Vec<String> = cmds.iter().filter_map(|c| label(*c)).collect();
            (!keys.is_empty()).then(|| format!("{} {what}", keys.join("/")))
        })
        .collect::<Vec<_>>()
        .join("  ")
}

pub fn pay_lines<'a>(s: &State, p: &Pay) -> Vec<Line<'a>> {
    let t = s.tr();
    let th = s.theme();
    let customer = s.ticket.customer.as_ref();
    let program = &s.settings.loyalty;
    let balances = customer.map(|c| c.balances).unwrap_or_default();
    let mut v = vec![Line::from(Span::styled(
        format!("{} {}", t.to_pay, t.price(p.total, &s.settings.currency)),
        th.strong(),
    ))];
    let points = p.points_left(customer);
    for (i, m) in PaymentMethod::REGISTER.into_iter().enumerate() {
        let can = p.can(m, customer, program);
        let info = t.can_pay(m, can, &balances, points);
        let text = marked(i == p.selected, &format!("{:<16}{info}", t.method(m)));
        let style = match (i == p.selected, can) {
            (true, _) => th.selected(),
            (false, Can::Not(_)) => th.dim(),
            (false, _) => Style::default(),
        };
        v.push(Line::from(Span::styled(text, style)));
    }
    for x in &p.paid {
        v.push(Line::from(format!(
            " + {}",
            t.paid_line(
                x.method,
                x.amount,
                x.given,
                x.points,
                x.reference.as_deref()
            )
        )));
    }
    v.push(Line::from(Span::styled(
        format!("{}: {}", t.pay_remaining(), t.money(p.remaining())),
        th.strong(),
    )));
    let label = if p.method() == PaymentMethod::GiftCard && p.card.is_none() {
        t.card_code()
    } else {
        t.pay_amount()
    };
    let mut amount = vec![Span::styled(format!("{label}: "), th.label())];
    amount.extend(field_line(&p.input, true, th.strong()).spans);
    v.push(Line::from(amount));
    if let Some(c) = p.change_due() {
        v.push(Line::from(Span::styled(
            format!("{}: {}", t.change_due, t.money(c)),
            th.warn(),
        )));
    }
    if let Some(why) = p.refused {
        v.push(Line::from(Span::styled(t.why(p.method(), why), th.error())));
    }
    if let (Some(on), Some(c)) = (p.email, customer) {
        let key = keys::key_label(&s.settings.keymap, Scope::Popup, Command::Toggle);
        let address = c.email.as_deref().map(clean).unwrap_or_default();
        v.push(Line::from(vec![
            Span::styled(
                format!("{} {}: ", key.unwrap_or_default(), t.pay_email()),
                th.label(),
            ),
            Span::styled(if on { t.yes } else { t.no }, th.strong()),
            Span::styled(format!("  {address}"), th.dim()),
        ]));
    }
    if let (Some(on), Some(c)) = (p.sms, customer) {
        let key = keys::key_label(&s.settings.keymap, Scope::Popup, Command::Sms);
        let phone = c
            .phone
            .as_deref()
            .map(|n| clean(&phone_national(n)).into_owned())
            .unwrap_or_default();
        v.push(Line::from(vec![
            Span::styled(
                format!("{} {}: ", key.unwrap_or_default(), t.pay_sms()),
                th.label(),
            ),
            Span::styled(if on { t.yes } else { t.no }, th.strong()),
            Span::styled(format!("  {phone}"), th.dim()),
        ]));
    }
    let [method, add, undo] = t.pay_keys();
    let keys = hints(
        s,
        &[
            (&[Command::Up, Command::Down], method),
            (&[Command::Confirm], add),
            (&[Command::Back], undo),
        ],
    );
    v.push(Line::from(Span::styled(keys, th.dim())));
    v
}

pub fn pay_in_lines<'a>(s: &State, p: &PayIn) -> Vec<Line<'a>> {
    let t = s.tr();
    let th = s.theme();
    let customer = s.ticket.customer.as_ref();
    let b: Balances = customer.map(|c| c.balances).unwrap_or_default();
    let mut v = vec![match customer {
        Some(c) => Line::from(Span::styled(clean(&c.name).into_owned(), th.strong())),
        None => Line::from(Span::styled(t.no_customer, th.dim())),
    }];
    // Without a customer, only a gift card can be sold.
    let kinds: &[LineKind] = match customer {
        Some(_) => &[LineKind::TopUp, LineKind::Settlement, LineKind::GiftCard],
        None => &[LineKind::GiftCard],
    };
    for kind in kinds.iter().copied() {
        let on = p.kind == kind;
        let style = if on { th.selected() } else { Style::default() };
        v.push(Line::from(Span::styled(
            marked(on, &t.pay_in_choice(kind, &b)),
            style,
        )));
    }
    if p.kind == LineKind::GiftCard {
        v.push(Line::from(t.card_sold(p.code.as_deref())));
    }
    v.push(Line::from(vec![
        Span::styled(format!("{}: ", t.pay_in_by()), th.label()),
        Span::styled(t.method(p.method), th.strong()),
    ]));
    let mut amount = vec![Span::styled(format!("{}: ", t.pay_amount()), th.label())];
    amount.extend(field_line(&p.input, true, th.strong()).spans);
    v.push(Line::from(amount));
    if let Some(why) = p.refused {
        v.push(Line::from(Span::styled(t.pay_in_why(why), th.error())));
    }
    let [choose, toggle] = t.pay_in_keys();
    let keys = hints(
        s,
        &[
            (&[Command::Up, Command::Down], choose),
            (&[Command::Toggle], toggle),
            (&[Command::Confirm], t.command(Command::Confirm)),
            (&[Command::Back], t.command(Command::Back)),
        ],
    );
    v.push(Line::from(Span::styled(keys, th.dim())));
    v
}
