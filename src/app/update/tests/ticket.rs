//! A past sale reached at the till by its ticket number (a customer back with a receipt):
//! typed or scanned, it opens the sale's window; a product code is still a product; an
//! unknown number is said. From that window, F6 gives the sale to a customer (it may
//! have had none) with the manager's PIN, and F7 refunds it, store credit refused for a
//! sale with no customer.

use rust_decimal::Decimal;

use super::super::super::action::{Action, Effect, ScanOutcome};
use super::super::super::fixtures as fx;
use super::super::super::state::{ConfirmKind, ManagerOp, Msg, PickPurpose, Popup, Screen, State};
use super::super::update;
use super::{cmd, typ, unlock_with_pin};
use crate::input::{ReaderKind, Scan, KEYBOARD_READER};
use crate::keys::Command as C;
use crate::service::RefundTo;

fn msg(s: &State) -> Option<&Msg> {
    s.status.message.as_ref().map(|m| &m.0)
}

/// Sale R1-000004, paid cash, no customer: the runner's answer to its number.
fn anonymous() -> Box<super::super::super::state::PastSale> {
    Box::new(fx::past(fx::sale(4, 3, None), 0))
}

/// The till with sale R1-000004 opened by its number.
fn opened() -> State {
    let mut s = fx::state();
    typ(&mut s, "R1-000004");
    assert_eq!(
        cmd(&mut s, C::Confirm),
        vec![Effect::LookupTicket("R1-000004".into())]
    );
    update(&mut s, Action::SaleLoaded(anonymous()));
    s
}

#[test]
fn a_ticket_number_typed_at_the_till_opens_that_sale() {
    let s = opened();
    assert_eq!(s.screen, Screen::Sale);
    assert!(s.ticket.input.is_empty(), "the field is cleared");
    assert!(s.ticket.lines.is_empty(), "no product added");
    let Some(Popup::SaleView { sale }) = &s.popup else {
        panic!("{:?}", s.popup)
    };
    assert_eq!(sale.sale.number, "R1-000004");
    assert_eq!(sale.sale.customer_id, None);
}

#[test]
fn a_product_code_still_adds_a_product() {
    let mut s = fx::state();
    let p = fx::products().remove(0);
    typ(&mut s, &p.code);
    assert_eq!(
        cmd(&mut s, C::Confirm),
        vec![Effect::LookupProduct(p.code.clone())]
    );
    // A shop code with a dash but not a ticket number's shape is a product code too.
    typ(&mut s, "TAB-12");
    assert_eq!(
        cmd(&mut s, C::Confirm),
        vec![Effect::LookupProduct("TAB-12".into())]
    );
    // The runner finds a product first even for a ticket number's shape: it is added.
    typ(&mut s, "ART-123456");
    assert_eq!(
        cmd(&mut s, C::Confirm),
        vec![Effect::LookupTicket("ART-123456".into())]
    );
    update(
        &mut s,
        Action::ProductFound {
            code: "ART-123456".into(),
            product: Some(p.clone()),
        },
    );
    assert_eq!(s.ticket.lines.len(), 1);
    assert!(s.popup.is_none());
}

#[test]
fn an_unknown_ticket_number_is_said_in_the_status_bar() {
    let mut s = fx::state();
    typ(&mut s, "R1-999999");
    cmd(&mut s, C::Confirm);
    update(&mut s, Action::SaleNotFound("R1-999999".into()));
    assert_eq!(msg(&s), Some(&Msg::NoSale("R1-999999".into())));
    assert!(s.popup.is_none());
    // Scanned: said too, the unknown-code window still open (a card's code may look
    // like a ticket number).
    update(
        &mut s,
        Action::ScanResolved {
            code: "R2-000123".into(),
            references: Vec::new(),
            outcome: ScanOutcome::Unknown,
        },
    );
    assert_eq!(msg(&s), Some(&Msg::NoSale("R2-000123".into())));
    assert!(matches!(s.popup, Some(Popup::Unknown { .. })));
}

#[test]
fn a_scanned_receipt_opens_its_sale_over_the_sale_screen() {
    let mut s = fx::state();
    let c = fx::customer(1, "Mélanie", "Dupont");
    update(&mut s, Action::CardLoaded(Box::new(fx::card_data(&c))));
    assert_eq!(s.screen, Screen::Card);
    let scan = Scan::build(
        KEYBOARD_READER,
        ReaderKind::Barcode,
        "R1-000004".into(),
        9,
        false,
        None,
    );
    assert_eq!(
        update(&mut s, Action::Scan(scan.clone())),
        vec![Effect::ResolveScan(scan)]
    );
    update(
        &mut s,
        Action::ScanResolved {
            code: "R1-000004".into(),
            references: Vec::new(),
            outcome: ScanOutcome::Sale(anonymous()),
        },
    );
    assert_eq!(s.screen, Screen::Sale);
    assert!(matches!(&s.popup, Some(Popup::SaleView { sale }) if sale.sale.number == "R1-000004"));
}

#[test]
fn f6_gives_a_sale_with_no_customer_to_the_one_picked_with_the_pin() {
    let mut s = opened();
    let sale = fx::sale(4, 3, None).id;
    cmd(&mut s, C::MoveSale);
    assert_eq!(s.screen, Screen::Picker);
    assert_eq!(
        s.picker.purpose,
        PickPurpose::MoveSale {
            sale,
            number: "R1-000004".into()
        }
    );
    let c = fx::customer(1, "Mélanie", "Dupont");
    typ(&mut s, "dup");
    let seq = s.picker.asked;
    update(
        &mut s,
        Action::SearchDone {
            seq,
            rows: vec![fx::row(&c)],
            fallback: false,
        },
    );
    assert!(cmd(&mut s, C::Confirm).is_empty());
    // Back on the sale screen (there is no card), the question names the ticket.
    assert_eq!(s.screen, Screen::Sale);
    let Some(Popup::Confirm { kind, .. }) = &s.popup else {
        panic!("{:?}", s.popup)
    };
    assert_eq!(
        kind,
        &ConfirmKind::MoveSale {
            number: "R1-000004".into(),
            to: "Mélanie Dupont".into()
        }
    );
    assert!(cmd(&mut s, C::Confirm).is_empty(), "the PIN first");
    assert!(matches!(
        &s.popup,
        Some(Popup::Pin { op: ManagerOp::MoveSale { to, .. }, .. }) if *to == c.id
    ));
    let effects = unlock_with_pin(&mut s);
    assert_eq!(
        effects,
        vec![Effect::Manager(Box::new(Effect::MoveSale {
            sale,
            to: c.id
        }))]
    );
    // The runner's answer: said with the points; no card is brought back over the till.
    let effects = update(
        &mut s,
        Action::SaleMoved {
            sale,
            number: "R1-000004".into(),
            to: c.id,
            name: "Mélanie Dupont".into(),
            points: 12,
        },
    );
    assert!(effects.is_empty(), "{effects:?}");
    assert_eq!(s.screen, Screen::Sale);
    assert_eq!(
        msg(&s),
        Some(&Msg::SaleMoved {
            number: "R1-000004".into(),
            to: "Mélanie Dupont".into(),
            points: 12
        })
    );
}

#[test]
fn the_ticket_s_customer_receiving_the_points_is_read_again() {
    let mut s = fx::state();
    let c = fx::customer(1, "Mélanie", "Dupont");
    update(&mut s, Action::Attach(Box::new(fx::attached(&c))));
    let effects = update(
        &mut s,
        Action::SaleMoved {
            sale: fx::sale(4, 3, None).id,
            number: "R1-000004".into(),
            to: c.id,
            name: "Mélanie Dupont".into(),
            points: 12,
        },
    );
    assert_eq!(effects, vec![Effect::LoadAttached(c.id)]);
}

#[test]
fn a_refund_of_a_sale_with_no_customer_goes_to_cash_or_a_credit_note() {
    let mut s = opened();
    s.unlock();
    cmd(&mut s, C::Refund);
    let form = |s: &State| match &s.popup {
        Some(Popup::Refund(f)) => (**f).clone(),
        other => panic!("no refund window: {other:?}"),
    };
    assert_eq!(form(&s).customer, None);
    typ(&mut s, "+");
    // Store credit is offered (the service makes a credit note card); here, cash.
    cmd(&mut s, C::Toggle);
    assert_eq!((form(&s).to, form(&s).note), (RefundTo::Credit, None));
    cmd(&mut s, C::Toggle);
    assert_eq!((form(&s).to, form(&s).note), (RefundTo::Cash, None));
    let effects = cmd(&mut s, C::Confirm);
    let Some(Effect::Manager(inner)) = effects.first() else {
        panic!("{effects:?}")
    };
    assert!(
        matches!(&**inner, Effect::Refund(r) if r.to == RefundTo::Cash && r.lines == vec![(1, Decimal::ONE)])
    );
    // Stored: said, and no card brought back over the till.
    let effects = update(
        &mut s,
        Action::Refunded {
            number: "R1-000009".into(),
            amount: crate::domain::money::Money::from_cents(890),
            to: vec![crate::domain::sale::PaymentMethod::Cash],
        },
    );
    assert!(effects.is_empty(), "{effects:?}");
    assert_eq!(s.screen, Screen::Sale);
}
