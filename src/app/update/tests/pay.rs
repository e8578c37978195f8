//! The payment popup and the top-up / settlement popup through `update`: split payments,
//! change from cash only, methods that cannot pay and why, Esc taking payments back.

use super::super::super::action::{Action, Effect};
use super::super::super::fixtures as fx;
use super::super::super::state::{Can, ManagerOp, Msg, Pay, PayInWhy, Popup, State, Why};
use super::super::update;
use super::{cmd, typ, unlock_with_pin, with_lines};
use crate::domain::ledger::Balances;
use crate::domain::loyalty::Program;
use crate::domain::money::Money;
use crate::domain::sale::{LineKind, PaymentMethod as M};
use crate::keys::Command as C;
use crate::service::PaymentDraft;

fn m(cents: i64) -> Money {
    Money::from_cents(cents)
}

/// Two coffees (17.80) for Mélanie Dupont (-10%: 16.02), holding `b`.
fn ticket_for(b: Balances) -> State {
    let mut s = fx::state();
    with_lines(&mut s);
    let mut att = fx::attached(&fx::customer(1, "Mélanie", "Dupont"));
    att.balances = b;
    update(&mut s, Action::Attach(Box::new(att)));
    assert_eq!(s.ticket.totals().total, m(1602));
    s
}

fn pay(s: &State) -> &Pay {
    match &s.popup {
        Some(Popup::Pay(p)) => p,
        other => panic!("no payment popup: {other:?}"),
    }
}

/// Moves the selection to `method`.
fn select(s: &mut State, method: M) {
    while pay(s).selected > 0 {
        cmd(s, C::Up);
    }
    while pay(s).method() != method {
        cmd(s, C::Down);
    }
}

fn stored(effects: &[Effect]) -> Vec<PaymentDraft> {
    match effects.first() {
        Some(Effect::StoreSale(d)) => d.payments.clone(),
        other => panic!("no sale stored: {other:?}"),
    }
}

fn draft(method: M, cents: i64, given: Option<i64>) -> PaymentDraft {
    PaymentDraft {
        method,
        amount: Some(m(cents)),
        tendered: given.map(m),
        reference: None,
    }
}

#[test]
fn a_ticket_is_split_between_the_wallet_and_cash() {
    let mut s = ticket_for(Balances {
        wallet: m(1250),
        ..Balances::default()
    });
    cmd(&mut s, C::PayCash);
    assert_eq!(pay(&s).input.text(), "16.02");
    select(&mut s, M::Wallet);
    assert_eq!(pay(&s).input.text(), "12.50", "capped at the wallet");
    assert!(cmd(&mut s, C::Confirm).is_empty(), "3.52 still to pay");
    let p = pay(&s);
    assert_eq!(p.remaining(), m(352));
    assert_eq!(
        p.method(),
        M::Cash,
        "the wallet is spent: back to cash, prefilled with the rest"
    );
    assert_eq!(p.input.text(), "3.52");
    assert_eq!(
        p.can(M::Wallet, s.ticket.customer.as_ref(), &Program::default()),
        Can::Not(Why::Empty)
    );
    typ(&mut s, "5");
    let effects = cmd(&mut s, C::Confirm);
    assert_eq!(
        stored(&effects),
        vec![draft(M::Wallet, 1250, None), draft(M::Cash, 352, Some(500))]
    );
    let Some(Effect::StoreSale(d)) = effects.first() else {
        unreachable!()
    };
    assert_eq!(d.customer, s.ticket.customer.as_ref().map(|c| c.id));
    assert!(s.popup.is_none() && s.ticket.paying);
}

#[test]
fn change_comes_from_cash_only() {
    let mut s = ticket_for(Balances {
        wallet: m(5000),
        ..Balances::default()
    });
    cmd(&mut s, C::PayCash);
    for method in [M::Card, M::Wallet] {
        select(&mut s, method);
        typ(&mut s, "20");
        assert!(cmd(&mut s, C::Confirm).is_empty());
        let p = pay(&s);
        assert_eq!(p.refused, Some(Why::Above { most: m(1602) }), "{method:?}");
        assert!(p.paid.is_empty());
    }
    // 10.00 by card, then 20.00 in cash for the 6.02 left: 13.98 back.
    select(&mut s, M::Card);
    typ(&mut s, "10");
    cmd(&mut s, C::Confirm);
    select(&mut s, M::Cash);
    assert_eq!(pay(&s).input.text(), "6.02");
    typ(&mut s, "20");
    let effects = cmd(&mut s, C::Confirm);
    assert_eq!(
        stored(&effects),
        vec![draft(M::Card, 1000, None), draft(M::Cash, 602, Some(2000))]
    );
}

#[test]
fn a_method_that_cannot_pay_says_why() {
    // No customer: the balances cannot pay.
    let mut s = fx::state();
    with_lines(&mut s);
    cmd(&mut s, C::PayCash);
    select(&mut s, M::Wallet);
    assert_eq!(pay(&s).input.text(), "", "nothing to suggest");
    assert!(cmd(&mut s, C::Confirm).is_empty());
    assert_eq!(pay(&s).refused, Some(Why::NoCustomer));
    // A customer with 40 points and no account.
    let mut s = ticket_for(Balances {
        points: 40,
        ..Balances::default()
    });
    cmd(&mut s, C::PayCash);
    for (method, why) in [
        (
            M::Points,
            Why::BelowMinimum {
                points: 40,
                min: 100,
            },
        ),
        (M::OnAccount, Why::NoAccount),
        (M::StoreCredit, Why::Empty),
    ] {
        select(&mut s, method);
        cmd(&mut s, C::Confirm);
        assert_eq!(pay(&s).refused, Some(why), "{method:?}");
    }
    // Loyalty off.
    s.settings.loyalty.enabled = false;
    select(&mut s, M::Points);
    cmd(&mut s, C::Confirm);
    assert_eq!(pay(&s).refused, Some(Why::LoyaltyOff));
    assert!(pay(&s).paid.is_empty());
    // Moving to another method forgets the refusal.
    cmd(&mut s, C::Up);
    assert_eq!(pay(&s).refused, None);
}

#[test]
fn points_pay_whole_points_and_the_account_up_to_its_limit() {
    let mut s = ticket_for(Balances {
        points: 645,
        owed: m(19_000),
        credit_limit: Some(m(20_000)),
        ..Balances::default()
    });
    cmd(&mut s, C::PayCash);
    select(&mut s, M::Points);
    assert_eq!(pay(&s).input.text(), "6.45");
    typ(&mut s, "6.455");
    cmd(&mut s, C::Confirm);
    assert_eq!(pay(&s).refused, Some(Why::NotAnAmount), "three decimals");
    cmd(&mut s, C::Backspace);
    cmd(&mut s, C::Confirm);
    assert_eq!(pay(&s).paid.first().map(|p| p.points), Some(645));
    select(&mut s, M::OnAccount);
    assert_eq!(pay(&s).input.text(), "9.57");
    let effects = cmd(&mut s, C::Confirm);
    assert_eq!(
        stored(&effects),
        vec![draft(M::Points, 645, None), draft(M::OnAccount, 957, None)]
    );
}

#[test]
fn esc_takes_back_the_last_payment_then_closes() {
    let mut s = ticket_for(Balances {
        wallet: m(500),
        ..Balances::default()
    });
    cmd(&mut s, C::PayCash);
    select(&mut s, M::Wallet);
    cmd(&mut s, C::Confirm);
    select(&mut s, M::Card);
    typ(&mut s, "2");
    cmd(&mut s, C::Confirm);
    assert_eq!(pay(&s).paid.len(), 2);
    assert_eq!(pay(&s).remaining(), m(902));
    cmd(&mut s, C::Back);
    assert_eq!(pay(&s).paid.len(), 1);
    assert_eq!(pay(&s).remaining(), m(1102));
    assert_eq!(pay(&s).input.text(), "11.02", "prefilled again");
    cmd(&mut s, C::Back);
    assert!(pay(&s).paid.is_empty());
    assert!(cmd(&mut s, C::Back).is_empty());
    assert!(s.popup.is_none(), "nothing was stored");
    assert!(!s.ticket.paying);
}

#[test]
fn amounts_take_a_decimal_comma_and_are_prefilled_with_one_in_french_dutch_and_german() {
    use crate::lang::Lang;
    for lang in [Lang::Fr, Lang::Nl, Lang::De] {
        let mut s = ticket_for(Balances::default());
        s.settings.lang = lang;
        cmd(&mut s, C::PayCash);
        cmd(&mut s, C::Back);
        cmd(&mut s, C::PayCash);
        assert_eq!(pay(&s).input.text(), "16,02");
        typ(&mut s, "6,50");
        cmd(&mut s, C::Confirm);
        assert_eq!(pay(&s).remaining(), m(952));
        assert_eq!(pay(&s).input.text(), "9,52");
    }
}

#[test]
fn a_split_ticket_the_manager_repriced_asks_the_pin_and_keeps_its_payments() {
    let mut s = ticket_for(Balances {
        wallet: m(500),
        ..Balances::default()
    });
    s.ticket.repriced = true;
    cmd(&mut s, C::PayCash);
    select(&mut s, M::Wallet);
    cmd(&mut s, C::Confirm);
    assert!(cmd(&mut s, C::Confirm).is_empty());
    let payments = vec![
        draft(M::Wallet, 500, None),
        draft(M::Cash, 1102, Some(1102)),
    ];
    assert!(
        matches!(&s.popup, Some(Popup::Pin { op: ManagerOp::Pay(p), .. }) if *p == payments),
        "{:?}",
        s.popup
    );
    let effects = unlock_with_pin(&mut s);
    let Some(Effect::Manager(inner)) = effects.first() else {
        panic!("{effects:?}")
    };
    assert_eq!(stored(&[(**inner).clone()]), payments);
}

#[test]
fn a_top_up_and_a_settlement_need_a_customer_and_go_to_the_runner() {
    // Without a customer, only a gift card can be sold: the other choices are skipped.
    let mut s = fx::state();
    cmd(&mut s, C::TopUp);
    cmd(&mut s, C::Down);
    assert!(matches!(&s.popup, Some(Popup::PayIn(p)) if p.kind == LineKind::GiftCard));
    typ(&mut s, "25");
    assert_eq!(
        cmd(&mut s, C::Confirm),
        vec![Effect::SellGiftCard {
            code: None,
            amount: m(2500),
            method: M::Cash,
            customer: None,
        }]
    );
    let mut s = ticket_for(Balances {
        owed: m(5000),
        credit_limit: Some(m(20_000)),
        ..Balances::default()
    });
    let id = s.ticket.customer.as_ref().map(|c| c.id).unwrap();
    cmd(&mut s, C::TopUp);
    assert!(cmd(&mut s, C::Confirm).is_empty(), "no amount typed");
    typ(&mut s, "20,5");
    let effects = cmd(&mut s, C::Confirm);
    assert_eq!(
        effects,
        vec![Effect::PayIn {
            customer: id,
            kind: LineKind::TopUp,
            amount: m(2050),
            method: M::Cash,
        }]
    );
    assert!(s.popup.is_none());
    // A settlement starts at what is owed; no more than that; by card.
    cmd(&mut s, C::TopUp);
    cmd(&mut s, C::Down);
    assert!(matches!(&s.popup, Some(Popup::PayIn(p)) if p.input.text() == "50.00"));
    cmd(&mut s, C::Home);
    typ(&mut s, "1");
    assert!(cmd(&mut s, C::Confirm).is_empty(), "150.00");
    assert!(matches!(
        &s.popup,
        Some(Popup::PayIn(p)) if p.refused == Some(PayInWhy::AboveOwed { owed: m(5000) })
    ));
    cmd(&mut s, C::Backspace);
    cmd(&mut s, C::Toggle);
    let effects = cmd(&mut s, C::Confirm);
    assert_eq!(
        effects,
        vec![Effect::PayIn {
            customer: id,
            kind: LineKind::Settlement,
            amount: m(5000),
            method: M::Card,
        }]
    );
    // The runner's answer: the balances read after it, shown on the ticket.
    let after = Balances {
        owed: Money::ZERO,
        credit_limit: Some(m(20_000)),
        ..Balances::default()
    };
    update(
        &mut s,
        Action::PaidIn {
            customer: id,
            kind: LineKind::Settlement,
            amount: m(5000),
            number: "R1-000002".into(),
            balances: after,
        },
    );
    assert_eq!(s.ticket.customer.as_ref().map(|c| c.balances), Some(after));
    assert!(matches!(
        s.status.message,
        Some((
            Msg::PaidIn {
                kind: LineKind::Settlement,
                ..
            },
            _
        ))
    ));
}

fn scan(s: &mut State, code: &str) -> Vec<Effect> {
    update(
        s,
        Action::Scan(crate::input::Scan {
            reader: "front desk".into(),
            kind: crate::input::ReaderKind::Barcode,
            code: code.into(),
            valid: true,
            raw_keys: 13,
            reason: None,
        }),
    )
}

#[test]
fn a_gift_card_scanned_in_the_payment_popup_pays_up_to_what_it_holds() {
    let mut s = ticket_for(Balances::default());
    cmd(&mut s, C::PayCash);
    select(&mut s, M::GiftCard);
    assert_eq!(
        pay(&s).can(M::GiftCard, None, &Program::default()),
        Can::Not(Why::ScanCard)
    );
    // Typed, then Enter: the runner reads the card; an unknown one says so.
    typ(&mut s, "2900000000001");
    assert_eq!(
        cmd(&mut s, C::Confirm),
        vec![Effect::FindGiftCard("2900000000001".into())]
    );
    update(
        &mut s,
        Action::GiftCardFound {
            code: "2900000000001".into(),
            balance: None,
        },
    );
    assert_eq!(pay(&s).refused, Some(Why::UnknownCard));
    // Scanned: the card in hand, the field prefilled with what it can pay.
    assert_eq!(
        scan(&mut s, "2912345678906"),
        vec![Effect::FindGiftCard("2912345678906".into())]
    );
    update(
        &mut s,
        Action::GiftCardFound {
            code: "2912345678906".into(),
            balance: Some(m(1000)),
        },
    );
    assert_eq!(pay(&s).method(), M::GiftCard);
    assert_eq!(pay(&s).input.text(), "10.00");
    assert!(cmd(&mut s, C::Confirm).is_empty());
    assert_eq!(pay(&s).remaining(), m(602));
    select(&mut s, M::GiftCard);
    assert_eq!(
        pay(&s).can(M::GiftCard, None, &Program::default()),
        Can::Not(Why::Empty)
    );
    select(&mut s, M::Card);
    let effects = cmd(&mut s, C::Confirm);
    let mut gift = draft(M::GiftCard, 1000, None);
    gift.reference = Some("2912345678906".into());
    assert_eq!(stored(&effects), vec![gift, draft(M::Card, 602, None)]);
}

#[test]
fn a_card_scanned_in_the_top_up_popup_is_the_gift_card_sold() {
    let mut s = ticket_for(Balances::default());
    let id = s.ticket.customer.as_ref().map(|c| c.id);
    cmd(&mut s, C::TopUp);
    assert!(scan(&mut s, "2912345678906").is_empty());
    assert!(matches!(&s.popup, Some(Popup::PayIn(p)) if p.kind == LineKind::GiftCard));
    typ(&mut s, "30");
    cmd(&mut s, C::Toggle);
    assert_eq!(
        cmd(&mut s, C::Confirm),
        vec![Effect::SellGiftCard {
            code: Some("2912345678906".into()),
            amount: m(3000),
            method: M::Card,
            customer: id,
        }]
    );
    update(
        &mut s,
        Action::GiftCardSold {
            code: "2912345678906".into(),
            amount: m(3000),
            number: "R1-000007".into(),
        },
    );
    assert!(matches!(
        &s.status.message,
        Some((Msg::GiftCardSold { .. }, _))
    ));
}

/// On account past the credit limit: refused to the cashier with the reason, taken with
/// the manager unlocked (the sale then goes as the manager's, which the service audits).
#[test]
fn on_account_past_the_limit_is_the_managers() {
    let mut s = ticket_for(Balances {
        owed: m(20_000),
        credit_limit: Some(m(20_000)),
        ..Balances::default()
    });
    cmd(&mut s, C::PayCash);
    select(&mut s, M::OnAccount);
    assert!(cmd(&mut s, C::Confirm).is_empty());
    assert_eq!(
        pay(&s).refused,
        Some(Why::LimitReached { limit: m(20_000) })
    );
    cmd(&mut s, C::Back);
    s.unlock();
    cmd(&mut s, C::PayCash);
    select(&mut s, M::OnAccount);
    assert_eq!(pay(&s).input.text(), "16.02");
    let effects = cmd(&mut s, C::Confirm);
    let Some(Effect::Manager(inner)) = effects.first() else {
        panic!("{effects:?}")
    };
    assert!(
        matches!(&**inner, Effect::StoreSale(d) if d.payments == vec![draft(M::OnAccount, 1602, None)])
    );
}

/// With `[email]` set and a customer with an address, the popup offers the receipt by
/// e-mail (on when the customer asked for it), the toggle key changes it, and the sale
/// sent carries the cashier's choice; without `[email]` nothing is offered.
#[test]
fn the_receipt_by_e_mail_is_offered_toggled_and_sent_with_the_sale() {
    let mut s = ticket_for(Balances::default());
    cmd(&mut s, C::PayCash);
    assert_eq!(pay(&s).email, None, "no [email]: not offered");
    cmd(&mut s, C::Toggle);
    assert_eq!(pay(&s).email, None);
    cmd(&mut s, C::Back);
    s.settings.email = true;
    if let Some(c) = s.ticket.customer.as_mut() {
        c.email = Some("melanie@example.fr".into());
        c.receipt_by_email = false;
    }
    cmd(&mut s, C::PayCash);
    assert_eq!(pay(&s).email, Some(false), "offered, off: not asked for");
    cmd(&mut s, C::Toggle);
    assert_eq!(pay(&s).email, Some(true));
    let effects = cmd(&mut s, C::Confirm);
    match effects.first() {
        Some(Effect::StoreSale(d)) => assert!(d.email_receipt, "{d:?}"),
        other => panic!("no sale stored: {other:?}"),
    }
    // The next ticket starts without the ask.
    update(
        &mut s,
        Action::SaleStored {
            number: "R1-000001".into(),
            total: m(1602),
            paid: vec![(M::Cash, m(1602))],
            change: None,
            points: 0,
        },
    );
    assert!(!s.ticket.email_receipt);
}

/// With `[sms]` set and a customer with a phone, the popup offers the receipt by SMS (on
/// when the customer asked for it), the SMS key changes it, and the sale sent carries the
/// cashier's choice; the e-mail's toggle is not the SMS's.
#[test]
fn the_receipt_by_sms_is_offered_toggled_and_sent_with_the_sale() {
    let mut s = ticket_for(Balances::default());
    cmd(&mut s, C::PayCash);
    assert_eq!(pay(&s).sms, None, "no [sms]: not offered");
    cmd(&mut s, C::Sms);
    assert_eq!(pay(&s).sms, None);
    cmd(&mut s, C::Back);
    s.settings.sms = true;
    if let Some(c) = s.ticket.customer.as_mut() {
        c.phone = None;
        c.receipt_by_sms = true;
    }
    cmd(&mut s, C::PayCash);
    assert_eq!(pay(&s).sms, None, "no phone: not offered");
    cmd(&mut s, C::Back);
    if let Some(c) = s.ticket.customer.as_mut() {
        c.phone = Some("+33612345678".into());
    }
    cmd(&mut s, C::PayCash);
    assert_eq!(pay(&s).sms, Some(true), "the customer asked for it");
    cmd(&mut s, C::Sms);
    assert_eq!(pay(&s).sms, Some(false));
    cmd(&mut s, C::Toggle);
    assert_eq!(pay(&s).sms, Some(false), "F2 is the e-mail's");
    cmd(&mut s, C::Sms);
    let effects = cmd(&mut s, C::Confirm);
    match effects.first() {
        Some(Effect::StoreSale(d)) => assert!(d.sms_receipt && !d.email_receipt, "{d:?}"),
        other => panic!("no sale stored: {other:?}"),
    }
    update(
        &mut s,
        Action::SaleStored {
            number: "R1-000001".into(),
            total: m(1602),
            paid: vec![(M::Cash, m(1602))],
            change: None,
            points: 0,
        },
    );
    assert!(!s.ticket.sms_receipt);
}
