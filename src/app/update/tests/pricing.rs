//! A group's special prices on the ticket through `update`: attaching, changing and
//! detaching the customer, lines added after, a price the manager typed, a recalled
//! ticket, and what goes to the store.

use super::super::super::action::{Action, Effect};
use super::super::super::fixtures as fx;
use super::super::super::state::{Attached, RecalledTicket, State};
use super::super::update;
use super::{cmd, typ, with_lines};
use crate::domain::money::Money;
use crate::domain::pricing::{GroupPrice, PriceList};
use crate::keys::Command as C;

/// Mélanie Dupont, of group `group` (10 % off) whose coffee (8.90) costs `cents`.
fn member(group: &str, cents: i64) -> Attached {
    let coffee = fx::products().remove(0);
    let mut a = fx::attached(&fx::customer(1, "Mélanie", "Dupont"));
    a.group = Some(group.into());
    a.prices = Some(PriceList {
        group: group.into(),
        prices: [(
            coffee.id,
            GroupPrice {
                price: Money::from_cents(cents),
                shelf: coffee.price,
            },
        )]
        .into_iter()
        .collect(),
    });
    a
}

fn attach(s: &mut State, a: Attached) {
    update(s, Action::Attach(Box::new(a)));
}

fn unit(s: &State) -> (i64, Option<String>) {
    let l = &s.ticket.lines[0];
    (
        l.unit_price.cents(),
        l.special.as_ref().map(|x| x.group.clone()),
    )
}

#[test]
fn attaching_a_member_reprices_the_lines_already_there_and_detaching_puts_them_back() {
    let mut s = fx::state();
    with_lines(&mut s);
    assert_eq!(s.ticket.totals().total, Money::from_cents(1780));
    attach(&mut s, member("VIP", 790));
    assert_eq!(unit(&s), (790, Some("VIP".into())));
    // 2 x 7.90 = 15.80, then the group's 10 %: 14.22.
    assert_eq!(s.ticket.totals().total, Money::from_cents(1422));
    // Another customer, of another group: that group's price.
    attach(&mut s, member("Pros", 850));
    assert_eq!(unit(&s), (850, Some("Pros".into())));
    cmd(&mut s, C::Detach);
    assert_eq!(unit(&s), (890, None));
    assert_eq!(s.ticket.totals().total, Money::from_cents(1780));
}

#[test]
fn a_line_added_for_a_member_is_at_the_groups_price_and_the_sale_carries_it() {
    let mut s = fx::state();
    attach(&mut s, member("VIP", 790));
    with_lines(&mut s);
    assert_eq!(unit(&s), (790, Some("VIP".into())));
    assert_eq!(s.ticket.lines.len(), 1, "the second coffee joins the line");
    let effects = cmd(&mut s, C::PayCard);
    assert!(effects.is_empty());
    let effects = cmd(&mut s, C::Confirm);
    let Some(Effect::StoreSale(d)) = effects.first() else {
        panic!("{effects:?}")
    };
    assert_eq!(d.lines[0].unit_price, Money::from_cents(790));
    assert!(!s.ticket.repriced, "a group's price is no price change");
}

#[test]
fn a_price_the_manager_typed_stays_whoever_is_attached() {
    let mut s = fx::state();
    with_lines(&mut s);
    s.unlock();
    cmd(&mut s, C::EditPrice);
    for _ in 0..8 {
        cmd(&mut s, C::Backspace);
    }
    typ(&mut s, "7.00");
    cmd(&mut s, C::Confirm);
    assert_eq!(unit(&s), (700, None));
    attach(&mut s, member("VIP", 790));
    assert_eq!(unit(&s), (700, None));
    cmd(&mut s, C::Detach);
    assert_eq!(unit(&s), (700, None));
}

#[test]
fn a_recalled_ticket_is_priced_for_its_customer_of_now() {
    let mut s = fx::state();
    with_lines(&mut s);
    attach(&mut s, member("VIP", 790));
    let parked = s.ticket.lines.clone();
    // Since it was parked, the customer went to a group with another price.
    let mut s = fx::state();
    let back = RecalledTicket {
        lines: parked.clone(),
        customer: Some(member("Pros", 850)),
        customer_gone: false,
        repriced: false,
    };
    update(&mut s, Action::Recalled(Box::new(back)));
    assert_eq!(unit(&s), (850, Some("Pros".into())));
    // A customer gone since: the shelf price.
    let mut s = fx::state();
    let back = RecalledTicket {
        lines: parked,
        customer: None,
        customer_gone: true,
        repriced: false,
    };
    update(&mut s, Action::Recalled(Box::new(back)));
    assert_eq!(unit(&s), (890, None));
}
