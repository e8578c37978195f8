//! Refunds from the card's History tab through `update`: the window's quantity rules
//! (never above what is left, never below zero), where the money goes, the manager's
//! PIN, and what the register does with the runner's answer; the Loyalty tab's scroll.

use rust_decimal::Decimal;

use super::super::super::action::{Action, Effect};
use super::super::super::fixtures as fx;
use super::super::super::state::{ManagerOp, Msg, Popup, RefundForm, RefundNote, State, Tab};
use super::super::update;
use super::{cmd, typ, unlock_with_pin};
use crate::domain::money::Money;
use crate::domain::sale::PaymentMethod;
use crate::keys::Command as C;
use crate::service::{RefundRequest, RefundTo};

/// A card on its History tab (the refund R1-000007 first, then R1-000001...).
fn history() -> State {
    let mut s = fx::state();
    let c = fx::customer(1, "Mélanie", "Dupont");
    update(&mut s, Action::CardLoaded(Box::new(fx::card_data(&c))));
    while s.card.as_ref().map(|c| c.tab) != Some(Tab::History) {
        cmd(&mut s, C::NextTab);
    }
    s
}

fn form(s: &State) -> &RefundForm {
    match &s.popup {
        Some(Popup::Refund(f)) => f,
        other => panic!("no refund window: {other:?}"),
    }
}

fn backs(s: &State) -> Vec<Decimal> {
    form(s).lines.iter().map(|l| l.back).collect()
}

fn msg(s: &State) -> Option<&Msg> {
    s.status.message.as_ref().map(|m| &m.0)
}

fn d(n: i64) -> Decimal {
    Decimal::from(n)
}

/// F7 on sale R1-000001 (two lines of two), loaded as the runner would.
fn refund_window() -> State {
    let mut s = history();
    cmd(&mut s, C::Down);
    let sale = fx::sale(1, 9, Some(fx::cid(1)));
    assert_eq!(cmd(&mut s, C::Refund), vec![Effect::LoadRefund(sale.id)]);
    update(&mut s, Action::RefundLoaded(Box::new(fx::past(sale, 0))));
    s
}

#[test]
fn plus_and_minus_stay_between_zero_and_what_is_left() {
    let mut s = refund_window();
    assert_eq!(backs(&s), [d(0), d(0)]);
    for _ in 0..2 {
        typ(&mut s, "+");
    }
    assert_eq!(backs(&s), [d(2), d(0)]);
    assert_eq!(form(&s).note, None);
    typ(&mut s, "+");
    assert_eq!(backs(&s), [d(2), d(0)], "two sold: no third");
    assert_eq!(form(&s).note, Some(RefundNote::TooMuch { left: d(2) }));
    for _ in 0..3 {
        typ(&mut s, "-");
    }
    assert_eq!(backs(&s), [d(0), d(0)], "never below zero");
    assert_eq!(form(&s).note, None);
    cmd(&mut s, C::Down);
    typ(&mut s, "+");
    assert_eq!(backs(&s), [d(0), d(1)]);
    // What goes back is priced as the service prices it: one baguette.
    assert_eq!(form(&s).total(), Money::from_cents(130));
}

#[test]
fn a_typed_quantity_above_what_is_left_is_refused_and_said_in_the_window() {
    // Sale R1-000002: three lines of one; its first was given back already.
    let mut s = history();
    cmd(&mut s, C::Down);
    cmd(&mut s, C::Down);
    let sale = fx::sale(2, 18, Some(fx::cid(1)));
    update(&mut s, Action::RefundLoaded(Box::new(fx::past(sale, 1))));
    let f = form(&s);
    assert_eq!(
        f.selected, 1,
        "starts on the first line with something left"
    );
    assert_eq!(f.lines[0].left(), d(0));
    cmd(&mut s, C::Up);
    typ(&mut s, "+");
    assert_eq!(backs(&s), [d(0), d(0), d(0)]);
    assert_eq!(form(&s).note, Some(RefundNote::TooMuch { left: d(0) }));
    cmd(&mut s, C::Down);
    typ(&mut s, "2");
    assert_eq!(backs(&s), [d(0), d(0), d(0)], "one sold: 2 is refused");
    assert_eq!(form(&s).note, Some(RefundNote::TooMuch { left: d(1) }));
    assert_eq!(form(&s).typed, "", "the refused digit is not kept");
    typ(&mut s, "1");
    assert_eq!(backs(&s), [d(0), d(1), d(0)]);
    assert_eq!(form(&s).note, None);
    typ(&mut s, "x");
    assert_eq!(backs(&s), [d(0), d(1), d(0)], "letters are not quantities");
    cmd(&mut s, C::Backspace);
    assert_eq!(backs(&s), [d(0), d(0), d(0)]);
}

#[test]
fn a_fraction_can_be_typed_with_a_comma_and_moving_starts_a_new_quantity() {
    let mut s = refund_window();
    typ(&mut s, "1,5");
    assert_eq!(backs(&s), [Decimal::new(15, 1), d(0)]);
    assert_eq!(form(&s).typed, "1,5");
    typ(&mut s, ",");
    assert_eq!(form(&s).note, Some(RefundNote::NotANumber));
    assert_eq!(backs(&s), [Decimal::new(15, 1), d(0)]);
    cmd(&mut s, C::Down);
    assert_eq!(form(&s).typed, "");
    typ(&mut s, "1");
    assert_eq!(backs(&s), [Decimal::new(15, 1), d(1)]);
}

#[test]
fn the_destination_cycles_and_enter_with_nothing_chosen_asks_nothing() {
    let mut s = refund_window();
    let mut seen = vec![form(&s).to];
    for _ in 0..4 {
        cmd(&mut s, C::Toggle);
        seen.push(form(&s).to);
    }
    assert_eq!(
        seen,
        [
            RefundTo::Original,
            RefundTo::Credit,
            RefundTo::Cash,
            RefundTo::Card,
            RefundTo::Original
        ]
    );
    // Nothing chosen: nothing to give back, said as 0.00 (not "-0.00").
    assert_eq!(form(&s).total().to_string(), "0.00");
    assert!(cmd(&mut s, C::Confirm).is_empty());
    assert_eq!(form(&s).note, Some(RefundNote::NothingChosen));
}

#[test]
fn a_refund_asks_the_pin_when_locked_then_goes_to_the_runner_as_the_manager() {
    let mut s = refund_window();
    typ(&mut s, "+");
    cmd(&mut s, C::Toggle);
    let sale = fx::sale(1, 9, None).id;
    let req = RefundRequest {
        sale,
        lines: vec![(1, d(1))],
        to: RefundTo::Credit,
        new_lines: Vec::new(),
    };
    assert!(cmd(&mut s, C::Confirm).is_empty(), "nothing before the PIN");
    let Some(Popup::Pin { op, .. }) = &s.popup else {
        panic!("{:?}", s.popup)
    };
    assert_eq!(op, &ManagerOp::Refund(req.clone()));
    let effects = unlock_with_pin(&mut s);
    assert_eq!(
        effects,
        vec![Effect::Manager(Box::new(Effect::Refund(req.clone())))]
    );
    assert!(s.popup.is_none());
    // The runner's answer: said, and the card read again (history, balances).
    let effects = update(
        &mut s,
        Action::Refunded {
            number: "R1-000008".into(),
            amount: Money::from_cents(890),
            to: vec![PaymentMethod::StoreCredit],
        },
    );
    assert_eq!(effects, vec![Effect::LoadCard(fx::cid(1))]);
    assert!(matches!(msg(&s), Some(Msg::Refunded { number, .. }) if number == "R1-000008"));
    // Unlocked now: the next refund goes straight to the runner.
    let mut s2 = refund_window();
    s2.unlock();
    typ(&mut s2, "2");
    let effects = cmd(&mut s2, C::Confirm);
    let Some(Effect::Manager(inner)) = effects.first() else {
        panic!("{effects:?}")
    };
    assert!(
        matches!(&**inner, Effect::Refund(r) if r.lines == vec![(1, d(2))] && r.to == RefundTo::Original)
    );
    assert!(s2.popup.is_none());
}

#[test]
fn a_refund_of_a_refund_or_of_a_sale_given_back_whole_does_not_open() {
    let mut s = history();
    // The first row is the refund R1-000007: not loaded, said at once.
    assert!(cmd(&mut s, C::Refund).is_empty());
    assert_eq!(msg(&s), Some(&Msg::RefundOfRefund("R1-000002".into())));
    assert!(s.popup.is_none());
    let mut whole = fx::past(fx::sale(3, 27, Some(fx::cid(1))), 1);
    whole.refunded = whole.sale.lines.iter().map(|l| l.quantity).collect();
    update(&mut s, Action::RefundLoaded(Box::new(whole)));
    assert!(s.popup.is_none());
    assert_eq!(msg(&s), Some(&Msg::NothingToRefund("R1-000003".into())));
    // From a past sale's own window, the same key opens the refund window in its place.
    update(
        &mut s,
        Action::SaleLoaded(Box::new(fx::past(fx::sale(1, 9, None), 0))),
    );
    assert!(cmd(&mut s, C::Refund).is_empty());
    assert_eq!(form(&s).number, "R1-000001");
}

#[test]
fn the_loyalty_tab_scrolls_within_its_movements() {
    let mut s = history();
    cmd(&mut s, C::NextTab);
    cmd(&mut s, C::NextTab);
    assert_eq!(s.card.as_ref().map(|c| c.tab), Some(Tab::Loyalty));
    let n = fx::movements().len();
    cmd(&mut s, C::PageDown);
    assert_eq!(s.card.as_ref().map(|c| c.scroll), Some(n - 1));
    cmd(&mut s, C::Up);
    assert_eq!(s.card.as_ref().map(|c| c.scroll), Some(n - 2));
    cmd(&mut s, C::PageUp);
    assert_eq!(s.card.as_ref().map(|c| c.scroll), Some(0));
    // F7 does nothing off the History tab.
    assert!(cmd(&mut s, C::Refund).is_empty());
    assert!(s.popup.is_none());
}

/// F3 in the refund window: the lines chosen go onto the empty ticket, the sale's
/// customer comes back with them, and paying the ticket names the sale and needs the
/// manager.
#[test]
fn an_exchange_puts_the_lines_given_back_on_the_ticket_and_pays_as_the_manager() {
    let mut s = refund_window();
    typ(&mut s, "1");
    let sale = form(&s).sale;
    let effects = cmd(&mut s, C::Exchange);
    assert_eq!(effects, vec![Effect::LoadAttached(fx::cid(1))]);
    assert!(s.popup.is_none());
    assert_eq!(s.screen, crate::app::state::Screen::Sale);
    assert!(matches!(msg(&s), Some(Msg::Exchange(n)) if n == "R1-000001"));
    let line = &s.ticket.lines[0];
    assert_eq!((line.quantity, line.origin), (d(-1), Some(1)));
    assert_eq!(s.ticket.exchange.as_ref().map(|e| e.0), Some(sale));
    // Paying it: the manager's act (the PIN first), then the sale names what it gives back.
    update(
        &mut s,
        Action::Attach(Box::new(fx::attached(&fx::customer(
            1, "Mélanie", "Dupont",
        )))),
    );
    // The cashier alone: the card payment asks for the PIN, then goes on.
    cmd(&mut s, C::PayCard);
    assert!(cmd(&mut s, C::Confirm).is_empty());
    let effects = unlock_with_pin(&mut s);
    let Some(Effect::Manager(inner)) = effects.first() else {
        panic!("{effects:?} {:?}", s.popup)
    };
    let Effect::StoreSale(d) = inner.as_ref() else {
        panic!("{inner:?}")
    };
    assert_eq!(d.refund_of, Some(sale));
}

#[test]
fn an_exchange_waits_for_an_empty_ticket() {
    let mut s = refund_window();
    s.ticket.lines.push(fx::sale(2, 1, None).lines[0].clone());
    typ(&mut s, "1");
    assert!(cmd(&mut s, C::Exchange).is_empty());
    assert_eq!(form(&s).note, Some(RefundNote::TicketNotEmpty));
    assert_eq!(s.ticket.lines.len(), 1);
}
