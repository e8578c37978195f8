//! Parking and recalling through `update`: what the keys ask of the store, when the ticket
//! clears, what is refused and said, the recall window's keys, the recalled ticket.

use super::super::super::action::{Action, Effect, ParkRequest};
use super::super::super::fixtures as fx;
use super::super::super::state::{Msg, Popup, RecalledTicket, State};
use super::super::update;
use super::{cmd, typ, with_lines};
use crate::keys::Command as C;

/// Two coffees (one line) for Mélanie Dupont.
fn ticket() -> State {
    let mut s = fx::state();
    with_lines(&mut s);
    let att = fx::attached(&fx::customer(1, "Mélanie", "Dupont"));
    update(&mut s, Action::Attach(Box::new(att)));
    s
}

fn msg(s: &State) -> Option<&Msg> {
    s.status.message.as_ref().map(|(m, _)| m)
}

#[test]
fn park_sends_the_lines_customer_and_typed_label_and_clears_once_stored() {
    let mut s = ticket();
    s.ticket.repriced = true;
    typ(&mut s, " blue coat ");
    let before = s.ticket.clone();
    let fx = cmd(&mut s, C::Park);
    assert_eq!(
        fx,
        vec![Effect::ParkTicket(Box::new(ParkRequest {
            lines: before.lines.clone(),
            customer: Some(fx::cid(1)),
            repriced: true,
            label: Some("blue coat".into()),
        }))]
    );
    // Nothing clears before the store has it, and a second key asks nothing more.
    assert_eq!(s.ticket.lines, before.lines);
    assert!(cmd(&mut s, C::Park).is_empty());
    assert!(cmd(&mut s, C::Recall).is_empty());
    update(&mut s, Action::Parked { lines: 1 });
    assert!(s.ticket.lines.is_empty() && s.ticket.customer.is_none());
    assert!(s.ticket.input.is_empty() && !s.ticket.repriced && !s.ticket.parking);
    assert_eq!(
        msg(&s),
        Some(&Msg::Parked {
            lines: 1,
            customer: Some("Mélanie Dupont".into())
        })
    );
}

#[test]
fn a_refused_park_leaves_the_ticket_whole_and_an_empty_one_is_not_sent() {
    let mut s = fx::state();
    assert!(cmd(&mut s, C::Park).is_empty());
    assert_eq!(msg(&s), Some(&Msg::TicketEmpty));
    let mut s = ticket();
    let before = s.ticket.clone();
    assert_eq!(cmd(&mut s, C::Park).len(), 1);
    update(
        &mut s,
        Action::Failed("register R1 already holds 50 parked tickets".into()),
    );
    assert_eq!(s.ticket, before, "the refusal left it whole");
    assert_eq!(cmd(&mut s, C::Park).len(), 1, "and it may be parked again");
    // A label longer than the service takes is said before asking.
    let mut s = ticket();
    typ(&mut s, &"x".repeat(crate::service::MAX_LABEL_CHARS + 1));
    assert!(cmd(&mut s, C::Park).is_empty());
    assert_eq!(
        msg(&s),
        Some(&Msg::ParkLabel(crate::service::MAX_LABEL_CHARS))
    );
    // While a payment is being stored, neither key does anything.
    let mut s = ticket();
    s.ticket.paying = true;
    assert!(cmd(&mut s, C::Park).is_empty());
    assert!(cmd(&mut s, C::Recall).is_empty());
}

#[test]
fn recall_is_refused_on_a_ticket_with_lines_and_lists_on_an_empty_one() {
    let mut s = ticket();
    let before = s.clone();
    assert!(cmd(&mut s, C::Recall).is_empty());
    assert_eq!(msg(&s), Some(&Msg::ParkFirst));
    assert_eq!(s.ticket, before.ticket);
    assert_eq!(s.popup, None);
    let mut s = fx::state();
    assert_eq!(cmd(&mut s, C::Recall), vec![Effect::LoadParked]);
    update(&mut s, Action::ParkedLoaded(Vec::new()));
    assert_eq!(s.popup, None);
    assert_eq!(msg(&s), Some(&Msg::NothingParked));
}

#[test]
fn the_recall_window_chooses_with_up_down_recalls_with_enter_and_closes_with_esc() {
    let mut s = fx::state();
    let rows = fx::parked_rows();
    update(&mut s, Action::ParkedLoaded(rows.clone()));
    assert!(matches!(s.popup, Some(Popup::Parked { selected: 0, .. })));
    // Esc closes, nothing asked.
    assert!(cmd(&mut s, C::Back).is_empty());
    assert_eq!(s.popup, None);
    update(&mut s, Action::ParkedLoaded(rows.clone()));
    // The damaged one (the last) cannot be recalled: said, the window stays.
    cmd(&mut s, C::End);
    assert!(cmd(&mut s, C::Confirm).is_empty());
    assert_eq!(msg(&s), Some(&Msg::ParkedDamaged));
    assert!(s.popup.is_some());
    cmd(&mut s, C::Home);
    cmd(&mut s, C::Down);
    cmd(&mut s, C::Down);
    cmd(&mut s, C::Up);
    assert_eq!(
        cmd(&mut s, C::Confirm),
        vec![Effect::RecallTicket(rows[1].id)]
    );
    assert_eq!(s.popup, None);
}

#[test]
fn a_recalled_ticket_comes_back_with_its_customer_and_the_managers_price() {
    let mut s = fx::state();
    let c = fx::customer(1, "Mélanie", "Dupont");
    let lines = fx::sale(2, 0, None).lines;
    let back = RecalledTicket {
        lines: lines.clone(),
        customer: Some(fx::attached(&c)),
        customer_gone: false,
        repriced: true,
    };
    update(&mut s, Action::Recalled(Box::new(back)));
    assert_eq!(s.ticket.lines, lines);
    assert_eq!(s.ticket.selected, lines.len() - 1);
    assert_eq!(s.ticket.customer.as_ref().map(|a| a.id), Some(c.id));
    assert!(s.ticket.repriced, "paying it asks for the manager again");
    assert_eq!(
        msg(&s),
        Some(&Msg::Recalled {
            lines: lines.len(),
            customer: Some("Mélanie Dupont".into()),
            customer_gone: false,
        })
    );
    // The customer's discount applies as if picked.
    assert!(s.ticket.totals().discount > crate::domain::money::Money::ZERO);
}
