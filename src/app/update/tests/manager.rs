//! The manager role through `update`: one rule for every act (unlocked until an idle
//! time, which ticks end), the acts a cashier cannot do alone, and the PIN's wait.

use chrono::Duration;

use super::super::super::action::{Action, Effect};
use super::super::super::fixtures as fx;
use super::super::super::form::FieldKey;
use super::super::super::state::{ManagerOp, Msg, Popup, State, Tab};
use super::super::update;
use super::{cmd, typ, unlock_with_pin, with_lines};
use crate::domain::catalog::Product;
use crate::domain::ids::ProductId;
use crate::domain::money::{Money, Percent};
use crate::keys::Command as C;

fn pin_open(s: &State) -> bool {
    matches!(s.popup, Some(Popup::Pin { .. }))
}

fn msg(s: &State) -> Option<&Msg> {
    s.status.message.as_ref().map(|m| &m.0)
}

/// A card on its Merge tab with a plan for merging `b` into `a`, and F10 pressed.
fn merge_asked(s: &mut State) {
    let mut a = fx::customer(1, "Melanie", "Dupont");
    a.data.email = None;
    let mut b = fx::customer(2, "Melanie", "Dupont");
    b.data.email = Some("m.dupont@example.fr".into());
    update(s, Action::CardLoaded(Box::new(fx::card_data(&a))));
    while s.card.as_ref().map(|c| c.tab) != Some(Tab::Merge) {
        cmd(s, C::NextTab);
    }
    update(s, Action::MergeOther(Box::new(b)));
    cmd(s, C::Apply);
    assert!(matches!(s.popup, Some(Popup::Confirm { .. })));
}

#[test]
fn a_merge_right_after_the_pin_asks_no_pin_again() {
    // Failed before: the PIN typed for the customers list (F10) unlocked that one act;
    // the merge that followed asked for the PIN again.
    let mut s = fx::state();
    cmd(&mut s, C::CustomersList);
    let effects = unlock_with_pin(&mut s);
    assert!(matches!(effects.first(), Some(Effect::LoadList(_))));
    assert!(s.is_manager());
    merge_asked(&mut s);
    let effects = cmd(&mut s, C::Confirm);
    assert!(!pin_open(&s), "{:?}", s.popup);
    assert!(
        matches!(effects.first(), Some(Effect::Manager(m)) if matches!(**m, Effect::Merge { .. })),
        "{effects:?}"
    );
}

#[test]
fn the_role_locks_after_the_idle_time_and_every_key_pushes_it_back() {
    let mut s = fx::state();
    cmd(&mut s, C::Manager);
    unlock_with_pin(&mut s);
    let start = s.now;
    assert_eq!(s.manager, Some(start + Duration::minutes(5)));
    // A key four minutes later: five more minutes from then.
    update(&mut s, Action::Tick(start + Duration::minutes(4)));
    assert!(s.is_manager());
    cmd(&mut s, C::Down);
    assert_eq!(s.manager, Some(start + Duration::minutes(9)));
    update(&mut s, Action::Tick(start + Duration::minutes(8)));
    assert!(s.is_manager());
    update(&mut s, Action::Tick(start + Duration::minutes(9)));
    assert!(!s.is_manager());
    assert_eq!(s.manager, None);
    assert_eq!(msg(&s), Some(&Msg::ManagerExpired));
    // A manager act asks for the PIN again.
    with_lines(&mut s);
    cmd(&mut s, C::EditPrice);
    assert!(pin_open(&s));
}

#[test]
fn a_paid_sale_locks_the_role_when_the_config_says_so() {
    for lock in [false, true] {
        let mut s = fx::state();
        s.settings.lock_after_sale = lock;
        s.unlock();
        with_lines(&mut s);
        cmd(&mut s, C::PayCard);
        cmd(&mut s, C::Confirm);
        update(
            &mut s,
            Action::SaleStored {
                number: "R1-000001".into(),
                total: Money::from_cents(1780),
                paid: vec![(
                    crate::domain::sale::PaymentMethod::Card,
                    Money::from_cents(1780),
                )],
                change: None,
                points: 0,
            },
        );
        assert_eq!(s.is_manager(), !lock, "lock_after_sale = {lock}");
    }
}

fn unknown_scan(s: &mut State, code: &str) {
    update(
        s,
        Action::ScanResolved {
            code: code.into(),
            references: vec![],
            outcome: super::super::super::action::ScanOutcome::Unknown,
        },
    );
    for _ in 0..2 {
        cmd(s, C::Down);
    }
}

#[test]
fn adding_a_product_for_an_unknown_code_needs_the_manager_and_no_negative_price() {
    // Failed before: the form opened at once, for anyone, and took -50.00.
    let mut s = fx::state();
    unknown_scan(&mut s, "2000000000015");
    assert!(cmd(&mut s, C::Confirm).is_empty());
    let Some(Popup::Pin { op, .. }) = &s.popup else {
        panic!("{:?}", s.popup)
    };
    assert_eq!(op, &ManagerOp::AddProduct("2000000000015".into()));
    unlock_with_pin(&mut s);
    assert!(matches!(s.popup, Some(Popup::NewProduct { .. })));
    typ(&mut s, "Avoir");
    cmd(&mut s, C::NextField);
    typ(&mut s, "-50");
    assert!(
        cmd(&mut s, C::Save).is_empty(),
        "a negative price is refused"
    );
    assert!(matches!(s.popup, Some(Popup::NewProduct { .. })));
    for _ in 0..3 {
        cmd(&mut s, C::Backspace);
    }
    typ(&mut s, "5");
    let effects = cmd(&mut s, C::Save);
    let Some(Effect::Manager(e)) = effects.first() else {
        panic!("{effects:?}")
    };
    assert!(matches!(**e, Effect::CreateProduct { .. }), "{e:?}");
}

#[test]
fn paying_a_negative_total_is_a_refund_and_needs_the_manager() {
    // Failed before: cash 0 for a -50.00 ticket was stored at once.
    let mut s = fx::state();
    let refund = Product {
        id: ProductId::generate(),
        code: "R".into(),
        name: "Refund".into(),
        price: Money::from_cents(-5000),
        tax_rate: Percent::ZERO,
        cost: None,
        category: None,
    };
    update(
        &mut s,
        Action::ProductFound {
            code: "R".into(),
            product: Some(refund),
        },
    );
    // Enter on an empty amount: the exact total, for a refund nothing handed over.
    cmd(&mut s, C::PayCash);
    assert!(cmd(&mut s, C::Confirm).is_empty());
    assert!(pin_open(&s), "{:?}", s.popup);
    let effects = unlock_with_pin(&mut s);
    let Some(Effect::Manager(e)) = effects.first() else {
        panic!("{effects:?}")
    };
    let Effect::StoreSale(draft) = &**e else {
        panic!("{e:?}")
    };
    assert_eq!(draft.payments[0].tendered, Some(Money::ZERO));
}

#[test]
fn a_ticket_with_a_price_the_manager_changed_asks_the_pin_to_pay_once_the_role_locked() {
    let mut s = fx::state();
    with_lines(&mut s);
    s.unlock();
    cmd(&mut s, C::EditPrice);
    typ(&mut s, "0");
    cmd(&mut s, C::Confirm);
    assert!(s.ticket.repriced);
    cmd(&mut s, C::Manager);
    cmd(&mut s, C::PayCard);
    assert!(cmd(&mut s, C::Confirm).is_empty());
    assert!(pin_open(&s), "{:?}", s.popup);
    let effects = unlock_with_pin(&mut s);
    assert!(
        matches!(effects.first(), Some(Effect::Manager(e)) if matches!(**e, Effect::StoreSale(_))),
        "{effects:?}"
    );
}

#[test]
fn a_cashier_sees_but_cannot_change_the_group_tax_or_credit_limit() {
    // Failed before: the cashier typed a group (a discount) and saved it.
    let mut s = fx::state();
    let c = fx::customer(1, "Melanie", "Dupont");
    update(&mut s, Action::CardLoaded(Box::new(fx::card_data(&c))));
    cmd(&mut s, C::Edit);
    let focus_on = |s: &mut State, key: FieldKey| {
        let f = s.card.as_mut().and_then(|c| c.form.as_mut()).unwrap();
        f.focus = f.fields.iter().position(|(k, _)| *k == key).unwrap();
    };
    for key in [FieldKey::Group, FieldKey::Tax, FieldKey::CreditLimit] {
        focus_on(&mut s, key);
        let before = s.card.clone();
        typ(&mut s, "9");
        cmd(&mut s, C::Backspace);
        assert_eq!(s.card, before, "{key:?} unchanged");
        assert_eq!(msg(&s), Some(&Msg::ManagerOnly));
    }
    // Other fields are the cashier's.
    focus_on(&mut s, FieldKey::FirstName);
    typ(&mut s, "x");
    let f = s.card.as_ref().and_then(|c| c.form.as_ref()).unwrap();
    assert_eq!(f.value(FieldKey::FirstName), Some("Melaniex"));
    // Unlocked, the manager changes the group.
    s.unlock();
    focus_on(&mut s, FieldKey::Group);
    cmd(&mut s, C::End);
    typ(&mut s, "2");
    let f = s.card.as_ref().and_then(|c| c.form.as_ref()).unwrap();
    assert_eq!(f.value(FieldKey::Group), Some("VIP2"));
    let effects = cmd(&mut s, C::Save);
    assert!(
        matches!(effects.first(), Some(Effect::Manager(e)) if matches!(**e, Effect::SaveCustomer { .. })),
        "{effects:?}"
    );
}

#[test]
fn after_wrong_pins_the_popup_says_how_long_to_wait_and_sends_nothing_meanwhile() {
    let mut s = fx::state();
    cmd(&mut s, C::Manager);
    typ(&mut s, "111111");
    cmd(&mut s, C::Confirm);
    let until = s.now + Duration::seconds(4);
    update(
        &mut s,
        Action::PinChecked {
            ok: false,
            error: None,
            locked_until: Some(until),
        },
    );
    assert!(matches!(
        s.popup,
        Some(Popup::Pin { locked_until: Some(u), .. }) if u == until
    ));
    assert_eq!(msg(&s), Some(&Msg::PinWait));
    typ(&mut s, "246813");
    assert!(
        cmd(&mut s, C::Confirm).is_empty(),
        "nothing checked while waiting"
    );
    update(&mut s, Action::Tick(until));
    assert_eq!(
        cmd(&mut s, C::Confirm),
        vec![Effect::VerifyPin("246813".into())]
    );
}

#[test]
fn the_drawer_opens_for_the_manager_only_after_the_pin() {
    let mut s = fx::state();
    assert!(
        cmd(&mut s, C::OpenDrawer).is_empty(),
        "no effect before the PIN"
    );
    assert!(matches!(
        &s.popup,
        Some(Popup::Pin {
            op: ManagerOp::OpenDrawer,
            ..
        })
    ));
    let effects = unlock_with_pin(&mut s);
    assert!(
        matches!(effects.first(), Some(Effect::Manager(m)) if **m == Effect::OpenDrawer),
        "{effects:?}"
    );
    // Unlocked: at once, the manager's role with it.
    let effects = cmd(&mut s, C::OpenDrawer);
    assert!(matches!(effects.first(), Some(Effect::Manager(m)) if **m == Effect::OpenDrawer));
    update(&mut s, Action::DrawerQueued);
    assert_eq!(msg(&s), Some(&Msg::DrawerOpening));
    // Without a PIN configured there is no manager to ask.
    let mut s = fx::state();
    s.settings.pin_configured = false;
    assert!(cmd(&mut s, C::OpenDrawer).is_empty());
    assert_eq!(msg(&s), Some(&Msg::NoPin));
}
