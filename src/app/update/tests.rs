//! Key sequences through `update` alone (no IO): results of effects are fed back by hand,
//! as the runner would.

use super::super::action::{Action, Effect, SaleDraft};
use super::super::fixtures as fx;
use super::super::form::FieldKey;
use super::super::state::{ManagerOp, Msg, Popup, Screen, State, Tab};
use super::update;
use crate::domain::customer::TaxPreference;
use crate::domain::money::Money;
use crate::domain::sale::PaymentMethod;
use crate::keys::Command as C;
use crate::store::customers::DeleteOutcome;

fn cmd(s: &mut State, c: C) -> Vec<Effect> {
    update(s, Action::Cmd(c))
}

fn typ(s: &mut State, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| update(s, Action::Char(c)))
        .collect()
}

fn last_search(fx: &[Effect]) -> Option<u64> {
    fx.iter().rev().find_map(|e| match e {
        Effect::SearchCustomers { seq, .. } => Some(*seq),
        _ => None,
    })
}

/// A ticket with two coffees.
fn with_lines(s: &mut State) {
    let p = fx::products().remove(0);
    for _ in 0..2 {
        update(
            s,
            Action::ProductFound {
                code: p.code.clone(),
                product: Some(p.clone()),
            },
        );
    }
}

#[test]
fn attach_by_search_applies_the_group_discount() {
    let mut s = fx::state();
    with_lines(&mut s);
    assert_eq!(s.ticket.totals().total, Money::from_cents(1780));
    cmd(&mut s, C::Customer);
    assert_eq!(s.screen, Screen::Picker);
    let effects = typ(&mut s, "dup");
    assert_eq!(effects.len(), 3, "one search per keystroke");
    let seq = last_search(&effects).unwrap();
    let c = fx::customer(1, "Mélanie", "Dupont");
    // An older answer arriving late is ignored.
    update(
        &mut s,
        Action::SearchDone {
            seq: seq - 1,
            rows: vec![],
            fallback: false,
        },
    );
    update(
        &mut s,
        Action::SearchDone {
            seq,
            rows: vec![fx::row(&c)],
            fallback: false,
        },
    );
    update(
        &mut s,
        Action::SearchDone {
            seq: seq - 2,
            rows: vec![],
            fallback: false,
        },
    );
    assert_eq!(s.picker.rows.len(), 1);
    let effects = cmd(&mut s, C::Confirm);
    assert_eq!(effects, vec![Effect::LoadAttached(c.id)]);
    assert_eq!(s.screen, Screen::Sale);
    update(&mut s, Action::Attach(Box::new(fx::attached(&c))));
    assert_eq!(s.ticket.customer.as_ref().map(|a| a.id), Some(c.id));
    // 17.80 - 10% = 16.02
    assert_eq!(s.ticket.totals().total, Money::from_cents(1602));
}

#[test]
fn detach_removes_the_discount_at_once() {
    let mut s = fx::state();
    with_lines(&mut s);
    let c = fx::customer(1, "Mélanie", "Dupont");
    update(&mut s, Action::Attach(Box::new(fx::attached(&c))));
    assert_eq!(s.ticket.totals().total, Money::from_cents(1602));
    cmd(&mut s, C::Detach);
    assert!(s.ticket.customer.is_none());
    assert_eq!(s.ticket.totals().total, Money::from_cents(1780));
    assert_eq!(
        s.status.message.as_ref().map(|m| &m.0),
        Some(&Msg::Detached)
    );
}

#[test]
fn a_new_customer_is_prefilled_field_by_field_from_what_was_searched() {
    let form_from = |typed: &str| {
        let mut s = fx::state();
        cmd(&mut s, C::Customer);
        typ(&mut s, typed);
        cmd(&mut s, C::NewCustomer);
        s.picker_form.unwrap()
    };
    let f = form_from("Dupont Marie Claire 75002 marie@example.fr");
    assert_eq!(f.value(FieldKey::LastName), Some("Dupont"));
    assert_eq!(f.value(FieldKey::FirstName), Some("Marie Claire"));
    assert_eq!(f.value(FieldKey::PostalCode), Some("75002"));
    assert_eq!(f.value(FieldKey::Email), Some("marie@example.fr"));
    let f = form_from("06 12 34 56 78");
    assert_eq!(f.value(FieldKey::Phone), Some("06 12 34 56 78"));
    assert_eq!(f.value(FieldKey::LastName), Some(""));
    let f = form_from("martin 0612345678");
    assert_eq!(f.value(FieldKey::LastName), Some("martin"));
    assert_eq!(f.value(FieldKey::Phone), Some("0612345678"));
}

#[test]
fn the_customers_lists_new_customer_key_opens_the_create_form_and_comes_back_to_the_list() {
    let mut s = fx::state();
    s.unlock();
    cmd(&mut s, C::CustomersList);
    assert_eq!(s.screen, Screen::List);
    typ(&mut s, "Roux");
    cmd(&mut s, C::NewCustomer);
    assert_eq!(s.screen, Screen::Picker);
    let f = s.picker_form.as_ref().unwrap();
    assert_eq!(f.value(FieldKey::LastName), Some("Roux"), "from the filter");
    // Esc: back to the list, nothing asked.
    assert!(cmd(&mut s, C::Back).is_empty());
    assert_eq!((s.screen, s.picker_form.is_none()), (Screen::List, true));
    cmd(&mut s, C::NewCustomer);
    let effects = cmd(&mut s, C::Save);
    let Some(Effect::Manager(e)) = effects.first() else {
        panic!("{effects:?}")
    };
    let Effect::SaveCustomer {
        id: None,
        attach: false,
        ..
    } = **e
    else {
        panic!("{e:?}: saved, never attached")
    };
    let c = fx::customer(7, "Léa", "Roux");
    let effects = update(
        &mut s,
        Action::CustomerSaved {
            customer: Box::new(c),
            attach: false,
            created: true,
        },
    );
    assert_eq!(s.screen, Screen::List);
    assert!(s.ticket.customer.is_none());
    assert!(
        matches!(effects.as_slice(), [Effect::LoadList(q)] if q.filter == "Roux"),
        "the list is read again: {effects:?}"
    );
}

#[test]
fn create_in_sale_validates_inline_then_attaches() {
    let mut s = fx::state();
    cmd(&mut s, C::Customer);
    typ(&mut s, "Dupont");
    cmd(&mut s, C::NewCustomer);
    let f = s.picker_form.as_ref().unwrap();
    assert_eq!(f.value(FieldKey::LastName), Some("Dupont"));
    // First name, then a phone that is too short, then the postal code.
    s.picker_form.as_mut().unwrap().focus = 1;
    typ(&mut s, "Mélanie");
    let f = s.picker_form.as_mut().unwrap();
    f.focus = f
        .fields
        .iter()
        .position(|(k, _)| *k == FieldKey::Phone)
        .unwrap();
    typ(&mut s, "06 12");
    let f = s.picker_form.as_mut().unwrap();
    f.focus = f
        .fields
        .iter()
        .position(|(k, _)| *k == FieldKey::PostalCode)
        .unwrap();
    typ(&mut s, "75002");
    assert_eq!(
        s.picker_form.as_ref().unwrap().value(FieldKey::City),
        Some("Paris")
    );
    let effects = cmd(&mut s, C::Save);
    assert!(effects.is_empty(), "an invalid phone is not saved");
    let f = s.picker_form.as_ref().unwrap();
    assert_eq!(f.errors_for(FieldKey::Phone).count(), 1);
    assert_eq!(
        f.value(FieldKey::FirstName),
        Some("Mélanie"),
        "nothing typed is lost"
    );
    assert_eq!(f.focused(), Some(FieldKey::Phone));
    typ(&mut s, " 34 56 78");
    let effects = cmd(&mut s, C::Save);
    let Some(Effect::SaveCustomer {
        id: None,
        data,
        attach: true,
    }) = effects.first()
    else {
        panic!("expected a save: {effects:?}");
    };
    assert_eq!(data.phone.as_deref(), Some("+33612345678"));
    let mut c = fx::customer(7, "Mélanie", "Dupont");
    c.data = (**data).clone();
    update(
        &mut s,
        Action::CustomerSaved {
            customer: Box::new(c.clone()),
            attach: true,
            created: true,
        },
    );
    update(&mut s, Action::Attach(Box::new(fx::attached(&c))));
    assert!(s.picker_form.is_none());
    assert_eq!(s.screen, Screen::Sale);
    assert_eq!(
        s.ticket.customer.as_ref().map(|a| a.name.as_str()),
        Some("Mélanie Dupont")
    );
}

#[test]
fn amounts_typed_with_a_decimal_comma_are_amounts_in_every_amount_field() {
    use crate::lang::Lang;
    for lang in [Lang::Fr, Lang::Nl, Lang::De] {
        let mut s = fx::state();
        s.settings.lang = lang;
        with_lines(&mut s);
        // Quantity.
        cmd(&mut s, C::Quantity);
        if let Some(Popup::Quantity { input, .. }) = s.popup.as_mut() {
            input.clear();
        }
        typ(&mut s, "1,5");
        cmd(&mut s, C::Confirm);
        assert!(s.popup.is_none(), "{:?}", s.status.message);
        assert_eq!(
            s.ticket.lines[s.ticket.selected].quantity,
            rust_decimal::Decimal::new(15, 1)
        );
        // Unit price (manager).
        s.unlock();
        cmd(&mut s, C::EditPrice);
        if let Some(Popup::Price { input, .. }) = s.popup.as_mut() {
            input.clear();
        }
        typ(&mut s, "4,50");
        cmd(&mut s, C::Confirm);
        assert!(s.popup.is_none(), "{:?}", s.popup);
        assert_eq!(
            s.ticket.lines[s.ticket.selected].unit_price,
            Money::from_cents(450)
        );
        // Cash handed over.
        cmd(&mut s, C::PayCash);
        typ(&mut s, "100,50");
        let effects = cmd(&mut s, C::Confirm);
        // A repriced line: the manager vouches for the sale.
        let Some(Effect::Manager(inner)) = effects.first() else {
            panic!("{effects:?} {:?}", s.popup)
        };
        let Effect::StoreSale(draft) = inner.as_ref() else {
            panic!("{inner:?}")
        };
        assert_eq!(draft.payments[0].tendered, Some(Money::from_cents(10050)));
    }
}

#[test]
fn pay_cash_with_change() {
    let mut s = fx::state();
    assert!(cmd(&mut s, C::PayCash).is_empty());
    assert_eq!(
        s.status.message.as_ref().map(|m| &m.0),
        Some(&Msg::TicketEmpty)
    );
    with_lines(&mut s);
    cmd(&mut s, C::PayCash);
    // Cash first, the field prefilled with what remains.
    assert!(matches!(&s.popup, Some(Popup::Pay(p)) if p.input.text() == "17.80"));
    typ(&mut s, "10");
    assert!(
        cmd(&mut s, C::Confirm).is_empty(),
        "10 of 17.80: a first payment, the sale waits for the rest"
    );
    let Some(Popup::Pay(p)) = &s.popup else {
        panic!("{:?}", s.popup)
    };
    assert_eq!(p.remaining(), Money::from_cents(780));
    // Esc takes it back; 20.00 handed over pays all and gives 2.20 back.
    cmd(&mut s, C::Back);
    assert!(matches!(&s.popup, Some(Popup::Pay(p)) if p.paid.is_empty()));
    typ(&mut s, "20");
    let effects = cmd(&mut s, C::Confirm);
    let Some(Effect::StoreSale(draft)) = effects.first() else {
        panic!("{effects:?}")
    };
    let expected = SaleDraft {
        lines: s.ticket.lines.clone(),
        customer: None,
        group_discount: Default::default(),
        tax: TaxPreference::Normal,
        payments: vec![crate::service::PaymentDraft {
            method: PaymentMethod::Cash,
            amount: Some(Money::from_cents(1780)),
            tendered: Some(Money::from_cents(2000)),
            reference: None,
        }],
        refund_of: None,
        email_receipt: false,
        sms_receipt: false,
    };
    assert_eq!(**draft, expected);
    assert!(s.popup.is_none());
    assert!(
        cmd(&mut s, C::PayCash).is_empty(),
        "no second payment while storing"
    );
    update(
        &mut s,
        Action::SaleStored {
            number: "R1-000001".into(),
            total: Money::from_cents(1780),
            paid: vec![(PaymentMethod::Cash, Money::from_cents(1780))],
            change: Some(Money::from_cents(220)),
            points: 0,
        },
    );
    assert!(s.ticket.lines.is_empty());
    assert_eq!(
        s.ticket.last.as_ref().and_then(|l| l.change),
        Some(Money::from_cents(220))
    );
}

#[test]
fn edit_with_an_invalid_field_keeps_the_form() {
    let mut s = fx::state();
    let c = fx::customer(1, "Mélanie", "Dupont");
    update(&mut s, Action::CardLoaded(Box::new(fx::card_data(&c))));
    assert_eq!(s.screen, Screen::Card);
    cmd(&mut s, C::Edit);
    let f = s.card.as_mut().unwrap().form.as_mut().unwrap();
    f.focus = f
        .fields
        .iter()
        .position(|(k, _)| *k == FieldKey::Email)
        .unwrap();
    f.set(FieldKey::Email, "melanie@");
    let effects = cmd(&mut s, C::Save);
    assert!(effects.is_empty());
    let f = s.card.as_ref().unwrap().form.as_ref().unwrap();
    assert_eq!(f.errors_for(FieldKey::Email).count(), 1);
    assert_eq!(f.value(FieldKey::Email), Some("melanie@"));
    assert!(matches!(s.status.message, Some((Msg::FixErrors(1), _))));
    typ(&mut s, "example.fr");
    let effects = cmd(&mut s, C::Save);
    assert!(matches!(
        effects.first(),
        Some(Effect::SaveCustomer { id: Some(_), .. })
    ));
}

fn unlock_with_pin(s: &mut State) -> Vec<Effect> {
    assert!(matches!(s.popup, Some(Popup::Pin { .. })), "{:?}", s.popup);
    typ(s, "2468");
    let effects = cmd(s, C::Confirm);
    assert_eq!(effects, vec![Effect::VerifyPin("2468".into())]);
    update(
        s,
        Action::PinChecked {
            ok: true,
            error: None,
            locked_until: None,
        },
    )
}

#[test]
fn merge_moves_the_duplicate_into_the_card_customer() {
    let mut s = fx::state();
    let a = fx::customer(1, "Mélanie", "Dupont");
    let mut b = fx::customer(2, "Melanie", "Dupont");
    b.data.email = Some("m.dupont@example.fr".into());
    b.data.address.line1 = None;
    update(&mut s, Action::CardLoaded(Box::new(fx::card_data(&a))));
    let mut effects = Vec::new();
    while s.card.as_ref().unwrap().tab != Tab::Merge {
        effects.extend(cmd(&mut s, C::NextTab));
    }
    assert_eq!(effects, vec![Effect::FindDuplicates(a.id)]);
    update(&mut s, Action::Duplicates(vec![fx::row(&b)]));
    assert_eq!(cmd(&mut s, C::Confirm), vec![Effect::LoadMergeOther(b.id)]);
    update(&mut s, Action::MergeOther(Box::new(b.clone())));
    let plan = s.card.as_ref().unwrap().merge.plan.clone().unwrap();
    let email = plan
        .choices
        .iter()
        .position(|(f, _)| *f == super::super::state::MergeField::Email)
        .unwrap();
    s.card.as_mut().unwrap().merge.plan.as_mut().unwrap().focus = email;
    cmd(&mut s, C::Toggle);
    cmd(&mut s, C::Apply);
    assert!(matches!(s.popup, Some(Popup::Confirm { .. })));
    assert!(cmd(&mut s, C::Confirm).is_empty(), "the PIN comes first");
    let effects = unlock_with_pin(&mut s);
    let Some(Effect::Manager(merge)) = effects.first() else {
        panic!("{effects:?}")
    };
    let Effect::Merge {
        survivor,
        duplicate,
        data,
        taken,
    } = &**merge
    else {
        panic!("{effects:?}")
    };
    assert_eq!((*survivor, *duplicate), (a.id, b.id));
    assert_eq!(data.email.as_deref(), Some("m.dupont@example.fr"));
    assert_eq!(
        data.address.line1.as_deref(),
        Some("12 rue de la Paix"),
        "kept by default"
    );
    assert_eq!(data.references.len(), 2, "both cards survive");
    assert_eq!(taken, &vec!["email".to_string()]);
    assert!(s.is_manager(), "a right PIN unlocks the role");
    assert_eq!(
        update(&mut s, Action::Merged { survivor: a.id }),
        vec![Effect::LoadCard(a.id)]
    );
    // The reloaded card stays on the Merge tab, which asks for its duplicates again
    // rather than showing "loading..." for good.
    let mut merged = fx::card_data(&a);
    merged.customer.data.email = Some("m.dupont@example.fr".into());
    assert_eq!(
        update(&mut s, Action::CardLoaded(Box::new(merged))),
        vec![Effect::FindDuplicates(a.id)]
    );
    assert_eq!(s.card.as_ref().unwrap().tab, Tab::Merge);
    update(&mut s, Action::Duplicates(vec![]));
    assert_eq!(s.card.as_ref().unwrap().merge.candidates, Some(vec![]));
}

#[test]
fn delete_with_sales_asks_confirmation_and_pin_then_anonymises() {
    let mut s = fx::state();
    let c = fx::customer(1, "Mélanie", "Dupont");
    update(&mut s, Action::Attach(Box::new(fx::attached(&c))));
    update(&mut s, Action::CardLoaded(Box::new(fx::card_data(&c))));
    while s.card.as_ref().unwrap().tab != Tab::Delete {
        cmd(&mut s, C::PrevTab);
    }
    assert!(cmd(&mut s, C::Apply).is_empty());
    let Some(Popup::Confirm { then, .. }) = &s.popup else {
        panic!()
    };
    assert_eq!(
        then.as_deref(),
        Some(&Action::Manager(ManagerOp::Delete(c.id)))
    );
    assert!(cmd(&mut s, C::Confirm).is_empty());
    // A wrong PIN first.
    typ(&mut s, "1111");
    cmd(&mut s, C::Confirm);
    update(
        &mut s,
        Action::PinChecked {
            ok: false,
            error: None,
            locked_until: None,
        },
    );
    assert!(matches!(s.popup, Some(Popup::Pin { wrong: true, .. })));
    let Some(Popup::Pin { input, .. }) = &s.popup else {
        panic!()
    };
    assert!(input.is_empty());
    let effects = unlock_with_pin(&mut s);
    assert_eq!(effects, vec![Effect::DeleteCustomer(c.id).by(true)]);
    update(
        &mut s,
        Action::Deleted {
            id: c.id,
            outcome: DeleteOutcome::Anonymised,
        },
    );
    assert!(s.card.is_none());
    assert!(
        s.ticket.customer.is_none(),
        "the deleted customer leaves the ticket"
    );
    assert_eq!(s.screen, Screen::Sale);
    assert_eq!(
        s.status.message.as_ref().map(|m| &m.0),
        Some(&Msg::Anonymised)
    );
}

#[test]
fn a_scan_never_lands_in_a_field_and_attaches_the_customer() {
    let mut s = fx::state();
    cmd(&mut s, C::Customer);
    typ(&mut s, "mar");
    let scan = crate::input::Scan::build(
        "front",
        crate::input::ReaderKind::Barcode,
        "2900000000018".into(),
        13,
        false,
        None,
    );
    let effects = update(&mut s, Action::Scan(scan.clone()));
    assert_eq!(effects, vec![Effect::ResolveScan(scan)]);
    assert_eq!(s.picker.input.text(), "mar");
    let c = fx::customer(1, "Mélanie", "Dupont");
    update(
        &mut s,
        Action::ScanResolved {
            code: "2900000000018".into(),
            references: vec![],
            outcome: super::super::action::ScanOutcome::Customer(Box::new(fx::attached(&c))),
        },
    );
    assert_eq!(s.screen, Screen::Sale);
    assert!(s.ticket.customer.is_some());
}

#[test]
fn session_unlock_lasts_and_locks_again() {
    let mut s = fx::state();
    cmd(&mut s, C::Manager);
    let Some(Popup::Pin {
        op: ManagerOp::Unlock,
        ..
    }) = s.popup
    else {
        panic!()
    };
    let effects = unlock_with_pin(&mut s);
    assert!(effects.is_empty());
    assert!(s.is_manager());
    // The list opens without asking again.
    let effects = cmd(&mut s, C::CustomersList);
    assert!(matches!(effects.first(), Some(Effect::LoadList(_))));
    assert_eq!(s.screen, Screen::List);
    cmd(&mut s, C::Back);
    cmd(&mut s, C::Manager);
    assert!(!s.is_manager());
}

fn price_input(s: &State) -> (String, bool) {
    match &s.popup {
        Some(Popup::Price { input, bad }) => (input.text().to_string(), *bad),
        other => panic!("{other:?}"),
    }
}

fn clear_popup_input(s: &mut State) {
    for _ in 0..20 {
        cmd(s, C::Backspace);
    }
}

#[test]
fn edit_price_asks_the_pin_then_sets_the_line_price_and_stores_nothing() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut s = fx::state();
    let f12 = KeyEvent::new(KeyCode::F(12), KeyModifiers::NONE);
    assert_eq!(
        crate::keys::resolve(&s.settings.keymap, super::scope(&s), &f12),
        Some(crate::keys::Pressed::Cmd(C::EditPrice))
    );
    with_lines(&mut s);
    assert_eq!(s.ticket.totals().total, Money::from_cents(1780));
    assert!(cmd(&mut s, C::EditPrice).is_empty());
    assert!(
        matches!(
            s.popup,
            Some(Popup::Pin {
                op: ManagerOp::EditPrice,
                ..
            })
        ),
        "the PIN comes first: {:?}",
        s.popup
    );
    assert!(unlock_with_pin(&mut s).is_empty());
    assert!(s.is_manager(), "a right PIN unlocks the role");
    assert_eq!(price_input(&s), ("8.90".to_string(), false));
    // A wrong amount: an error in the popup, the text kept, nothing changed.
    clear_popup_input(&mut s);
    typ(&mut s, "8.9x");
    assert!(cmd(&mut s, C::Confirm).is_empty());
    assert_eq!(price_input(&s), ("8.9x".to_string(), true));
    assert!(matches!(s.status.message, Some((Msg::InvalidAmount, _))));
    assert_eq!(s.ticket.lines[0].unit_price, Money::from_cents(890));
    assert_eq!(s.ticket.totals().total, Money::from_cents(1780));
    clear_popup_input(&mut s);
    typ(&mut s, "-1");
    cmd(&mut s, C::Confirm);
    assert_eq!(
        price_input(&s),
        ("-1".to_string(), true),
        "no negative price"
    );
    // A good amount (comma or dot): the line and the total change, nothing is stored.
    clear_popup_input(&mut s);
    typ(&mut s, "7,50");
    assert!(cmd(&mut s, C::Confirm).is_empty());
    assert_eq!(s.popup, None);
    assert_eq!(s.ticket.lines[0].unit_price, Money::from_cents(750));
    assert_eq!(s.ticket.totals().total, Money::from_cents(1500));
    // F11 locks: the next edit asks the PIN again; Esc cancels the price popup.
    cmd(&mut s, C::Manager);
    assert!(!s.is_manager());
    cmd(&mut s, C::EditPrice);
    assert!(matches!(s.popup, Some(Popup::Pin { .. })));
    unlock_with_pin(&mut s);
    typ(&mut s, "1");
    assert!(cmd(&mut s, C::Back).is_empty());
    assert_eq!(s.popup, None);
    assert_eq!(s.ticket.lines[0].unit_price, Money::from_cents(750));
    // The paid sale carries the new price (the manager, still there, vouches for it).
    cmd(&mut s, C::PayCard);
    let effects = cmd(&mut s, C::Confirm);
    let Some(Effect::Manager(e)) = effects.first() else {
        panic!("{effects:?}")
    };
    let Effect::StoreSale(draft) = &**e else {
        panic!("{effects:?}")
    };
    assert_eq!(draft.lines[0].unit_price, Money::from_cents(750));
}

#[test]
fn edit_price_unlocked_opens_the_popup_at_once() {
    let mut s = fx::state();
    with_lines(&mut s);
    s.unlock();
    assert!(cmd(&mut s, C::EditPrice).is_empty());
    assert_eq!(price_input(&s), ("8.90".to_string(), false));
    clear_popup_input(&mut s);
    typ(&mut s, "10.00");
    cmd(&mut s, C::Confirm);
    assert_eq!(s.popup, None);
    assert_eq!(s.ticket.totals().total, Money::from_cents(2000));
    assert!(s.is_manager(), "the session stays unlocked");
}

#[test]
fn edit_price_is_not_available_on_an_empty_ticket() {
    let mut s = fx::state();
    assert!(cmd(&mut s, C::EditPrice).is_empty());
    assert_eq!(s.popup, None);
    assert!(matches!(s.status.message, Some((Msg::TicketEmpty, _))));
    s.unlock();
    cmd(&mut s, C::EditPrice);
    assert_eq!(s.popup, None);
}

mod catalog;
mod help;
mod letter;
mod manager;
mod outbox;
mod park;
mod pay;
mod pricing;
mod refund;
mod reports;
mod ticket;

#[test]
fn a_new_product_starts_at_the_shop_standard_vat_rate() {
    use super::super::action::ScanOutcome;
    use crate::domain::money::Percent;
    for (rates, expected) in [(vec!["8.1", "2.6"], "8.1"), (vec![], "")] {
        let mut s = fx::state();
        s.unlock();
        s.settings.vat_rates = rates
            .iter()
            .filter_map(|r| Percent::parse(r).ok())
            .collect();
        update(
            &mut s,
            Action::ScanResolved {
                code: "2912345678906".into(),
                references: vec![],
                outcome: ScanOutcome::Unknown,
            },
        );
        cmd(&mut s, C::Down);
        cmd(&mut s, C::Down);
        cmd(&mut s, C::Confirm);
        let Some(Popup::NewProduct { form, .. }) = &s.popup else {
            panic!("the new-product form: {:?}", s.popup);
        };
        assert_eq!(form.value(FieldKey::ProductTax), Some(expected));
    }
}
