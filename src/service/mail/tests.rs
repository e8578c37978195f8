//! The receipt e-mail queued with its sale when the customer (or the cashier) asks for
//! it, not otherwise; erased with the customer; retries are the manager's.

use rust_decimal::Decimal;

use super::*;
use crate::domain::customer::CustomerData;
use crate::domain::ids::CustomerId;
use crate::domain::money::{Money, Percent};
use crate::domain::sale::{LineKind, PaymentMethod, SaleLine};
use crate::service::{self, store_sale_printed, PaymentDraft, PrintOrder, Role, SaleDraft};
use crate::store::audit;

fn actor(role: Role) -> Actor {
    Actor {
        name: "register:R1".into(),
        country: "FR".into(),
        role,
        register: "R1".into(),
        loyalty: Default::default(),
        offline: None,
    }
}

fn customer(store: &mut Store, email: Option<&str>, wants: bool) -> CustomerId {
    let mut data = CustomerData {
        first_name: Some("Zoé".into()),
        last_name: Some("Lefèvre".into()),
        email: email.map(Into::into),
        ..CustomerData::default()
    };
    data.preferences.receipt_by_email = wants;
    service::add_customer(store, &actor(Role::Manager), data)
        .unwrap()
        .id
}

fn draft(customer: Option<CustomerId>) -> SaleDraft {
    let line = SaleLine {
        product_id: None,
        code: "X".into(),
        name: "Thé vert".into(),
        quantity: Decimal::ONE,
        unit_price: Money::from_cents(450),
        discount: Percent::ZERO,
        tax_rate: Percent::parse("5.5").unwrap(),
        kind: LineKind::Goods,
        origin: None,
        special: None,
    };
    SaleDraft::paid(
        vec![line],
        customer,
        PaymentDraft::rest(PaymentMethod::Card),
    )
}

fn mail(asked: bool) -> PrintOrder {
    PrintOrder {
        email: Some(MailOrder { asked }),
        ..PrintOrder::default()
    }
}

fn sell(store: &mut Store, c: Option<CustomerId>, order: Option<&PrintOrder>) -> Sale {
    store_sale_printed(store, &actor(Role::Cashier), &draft(c), order).unwrap()
}

#[test]
fn a_customer_who_asked_gets_the_receipt_queued_in_the_sale_transaction() {
    let mut store = Store::open_in_memory().unwrap();
    let c = customer(&mut store, Some("zoe@example.com"), true);
    let s = sell(&mut store, Some(c), Some(&mail(false)));
    let m = messages::for_sale(store.conn(), s.id, Channel::Email)
        .unwrap()
        .unwrap();
    assert_eq!(m.recipient, "zoe@example.com");
    assert_eq!(m.ticket.as_deref(), Some(s.number.as_str()));
    assert_eq!(
        (m.kind, m.status),
        (messages::Kind::Receipt, Status::Queued)
    );
    let stored = chrono::SubsecRound::trunc_subsecs(s.created_at, 3);
    assert_eq!(m.next_at, stored, "due at once");
    // A refused sale queues nothing (the same transaction).
    let mut short = draft(Some(c));
    short.payments = vec![PaymentDraft::cash(Some(Money::from_cents(100)))];
    let o = mail(false);
    assert!(store_sale_printed(&mut store, &actor(Role::Cashier), &short, Some(&o)).is_err());
    assert_eq!(messages::list(store.conn(), 10).unwrap().len(), 1);
}

#[test]
fn no_message_without_the_preference_an_address_e_mail_configured_or_a_customer() {
    let mut store = Store::open_in_memory().unwrap();
    let no_pref = customer(&mut store, Some("a@example.com"), false);
    let no_addr = customer(&mut store, None, true);
    let wants = customer(&mut store, Some("b@example.com"), true);
    sell(&mut store, Some(no_pref), Some(&mail(false)));
    sell(&mut store, Some(no_addr), Some(&mail(true)));
    sell(&mut store, None, Some(&mail(true)));
    sell(&mut store, Some(wants), None);
    sell(&mut store, Some(wants), Some(&PrintOrder::default()));
    assert!(messages::list(store.conn(), 10).unwrap().is_empty());
    // The cashier asks for this sale: it goes without the stored preference.
    let s = sell(&mut store, Some(no_pref), Some(&mail(true)));
    let m = messages::for_sale(store.conn(), s.id, Channel::Email)
        .unwrap()
        .unwrap();
    assert_eq!(m.recipient, "a@example.com");
    // Asked on the ticket itself (the payment popup's toggle), the same.
    let mut d = draft(Some(no_pref));
    d.email_receipt = true;
    let s = store_sale_printed(&mut store, &actor(Role::Cashier), &d, Some(&mail(false))).unwrap();
    assert!(messages::for_sale(store.conn(), s.id, Channel::Email)
        .unwrap()
        .is_some());
    // Without [email], the ticket's ask queues nothing.
    let s = store_sale_printed(&mut store, &actor(Role::Cashier), &d, None).unwrap();
    assert!(messages::for_sale(store.conn(), s.id, Channel::Email)
        .unwrap()
        .is_none());
}

#[test]
fn erasing_the_customer_takes_their_receipt_messages_with_them() {
    let mut store = Store::open_in_memory().unwrap();
    let c = customer(&mut store, Some("zoe@example.com"), true);
    let s = sell(&mut store, Some(c), Some(&mail(false)));
    service::delete_customer(&mut store, &actor(Role::Manager), c).unwrap();
    assert!(messages::for_sale(store.conn(), s.id, Channel::Email)
        .unwrap()
        .is_none());
}

#[test]
fn a_retry_is_the_managers_audited_and_refused_for_a_message_sent() {
    let mut store = Store::open_in_memory().unwrap();
    let c = customer(&mut store, Some("zoe@example.com"), true);
    let s = sell(&mut store, Some(c), Some(&mail(false)));
    let id = messages::for_sale(store.conn(), s.id, Channel::Email)
        .unwrap()
        .unwrap()
        .id;
    let now = chrono::Utc::now();
    store
        .write(|tx| {
            assert!(messages::claim(tx, id, now)?);
            messages::give_up(tx, id, "550 mailbox unavailable")
        })
        .unwrap();
    let err = retry_message(&mut store, &actor(Role::Cashier), id).unwrap_err();
    assert!(
        matches!(err, ServiceError::Refused(Refusal::NeedsManager(_))),
        "{err}"
    );
    let manager = actor(Role::Manager);
    assert_eq!(
        retry_message(&mut store, &manager, id).unwrap(),
        Status::Failed
    );
    let m = messages::get(store.conn(), id).unwrap().unwrap();
    assert_eq!((m.status, m.attempts), (Status::Queued, 0));
    let logged = audit::for_entity(store.conn(), "message", &id.to_string()).unwrap();
    assert!(
        logged.iter().any(|e| e.action == "message.retry"),
        "{logged:?}"
    );
    assert!(retry_failed_messages(&mut store, &manager)
        .unwrap()
        .is_empty());
    store
        .write(|tx| {
            assert!(messages::claim(tx, id, now)?);
            messages::sent(tx, id, now)
        })
        .unwrap();
    let err = retry_message(&mut store, &manager, id).unwrap_err();
    assert!(
        matches!(err, ServiceError::Refused(Refusal::MessageSent(_))),
        "{err}"
    );
    let err = retry_message(&mut store, &manager, 999).unwrap_err();
    assert!(
        matches!(err, ServiceError::Refused(Refusal::NoMessage(999))),
        "{err}"
    );
}

#[test]
fn a_merge_keeps_the_messages_with_the_survivor_and_a_moved_sale_drops_its_unsent_one() {
    let mut store = Store::open_in_memory().unwrap();
    let manager = actor(Role::Manager);
    let dup = customer(&mut store, Some("old@example.com"), true);
    let survivor = customer(&mut store, Some("zoe@example.com"), true);
    let s = sell(&mut store, Some(dup), Some(&mail(false)));
    let data = crate::store::customers::get(store.conn(), survivor)
        .unwrap()
        .unwrap()
        .data;
    let req = service::MergeRequest {
        survivor,
        duplicate: dup,
        data,
        taken: Vec::new(),
    };
    service::merge_customers(&mut store, &manager, req).unwrap();
    let m = messages::for_sale(store.conn(), s.id, Channel::Email)
        .unwrap()
        .unwrap();
    assert_eq!(m.customer, Some(survivor));
    // Rung up for the wrong customer: moved, the e-mail not sent yet goes with the error.
    let other = customer(&mut store, Some("ann@example.com"), true);
    service::move_sale(&mut store, &manager, s.id, Some(other)).unwrap();
    assert!(messages::for_sale(store.conn(), s.id, Channel::Email)
        .unwrap()
        .is_none());
}

fn letter(marketing: bool) -> Letter {
    Letter {
        channel: Channel::Email,
        subject: "Votre commande est arrivée".into(),
        body: "Bonjour, le livre commandé vous attend en boutique.".into(),
        marketing,
    }
}

#[test]
fn a_letter_is_queued_for_the_stored_address_with_its_audit_entry() {
    let mut store = Store::open_in_memory().unwrap();
    let id = customer(&mut store, Some(" zoe@example.org "), false);
    let cashier = actor(Role::Cashier);
    let m = queue_letter(&mut store, &cashier, id, &letter(false)).unwrap();
    let row = messages::get(store.conn(), m).unwrap().unwrap();
    assert_eq!(row.recipient, "zoe@example.org");
    assert_eq!(row.status, Status::Queued);
    let body = messages::bodies(store.conn(), m).unwrap().unwrap();
    assert_eq!(body.subject, "Votre commande est arrivée");
    assert!(body.text.starts_with("Bonjour"));
    let (action, detail): (String, String) = store
        .conn()
        .query_row(
            "SELECT action, detail FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(action, "message.queue");
    assert!(
        !detail.contains("livre"),
        "the text stays out of the audit: {detail}"
    );
}

#[test]
fn a_letter_is_refused_without_address_consent_or_text_and_nothing_is_queued() {
    let mut store = Store::open_in_memory().unwrap();
    let no_address = customer(&mut store, None, false);
    let zoe = customer(&mut store, Some("zoe@example.org"), false);
    let a = actor(Role::Cashier);
    let refused = |r: Result<i64, ServiceError>| match r {
        Err(ServiceError::Refused(why)) => why,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        refused(queue_letter(&mut store, &a, no_address, &letter(false))),
        Refusal::NoEmail(no_address)
    );
    assert_eq!(
        refused(queue_letter(&mut store, &a, zoe, &letter(true))),
        Refusal::NoMarketingConsent(zoe)
    );
    let mut blank = letter(false);
    blank.subject = "  ".into();
    assert_eq!(
        refused(queue_letter(&mut store, &a, zoe, &blank)),
        Refusal::EmptyMessage
    );
    let mut two_lines = letter(false);
    two_lines.subject = "Bonjour\r\nBcc: tout@le.monde".into();
    assert_eq!(
        refused(queue_letter(&mut store, &a, zoe, &two_lines)),
        Refusal::MessageTooLong(SUBJECT_MAX, BODY_MAX)
    );
    assert!(messages::list(store.conn(), 10).unwrap().is_empty());
    // With the consent stored, the offer goes.
    let mut data = crate::store::customers::get(store.conn(), zoe)
        .unwrap()
        .unwrap()
        .data;
    data.preferences.marketing_email.granted = true;
    data.preferences.marketing_email.since = chrono::NaiveDate::from_ymd_opt(2026, 1, 2);
    service::edit_customer(&mut store, &actor(Role::Manager), zoe, data).unwrap();
    assert!(queue_letter(&mut store, &a, zoe, &letter(true)).is_ok());
}

fn texter(store: &mut Store, phone: Option<&str>, wants: bool, consent: bool) -> CustomerId {
    let mut data = CustomerData {
        first_name: Some("Zoé".into()),
        last_name: Some("Lefèvre".into()),
        phone: phone.map(Into::into),
        ..CustomerData::default()
    };
    data.preferences.receipt_by_sms = wants;
    data.preferences.marketing_sms.granted = consent;
    data.preferences.marketing_sms.since = chrono::NaiveDate::from_ymd_opt(2026, 1, 2);
    service::add_customer(store, &actor(Role::Manager), data)
        .unwrap()
        .id
}

fn by_sms(asked: bool) -> PrintOrder {
    PrintOrder {
        sms: Some(MailOrder { asked }),
        ..PrintOrder::default()
    }
}

#[test]
fn an_sms_receipt_is_queued_in_the_sale_transaction_to_the_e164_number() {
    let mut store = Store::open_in_memory().unwrap();
    let wants = texter(&mut store, Some("06 12 34 56 78"), true, false);
    let s = sell(&mut store, Some(wants), Some(&by_sms(false)));
    let m = messages::for_sale(store.conn(), s.id, Channel::Sms)
        .unwrap()
        .unwrap();
    assert_eq!(
        (m.recipient.as_str(), m.status),
        ("+33612345678", Status::Queued)
    );
    assert!(messages::for_sale(store.conn(), s.id, Channel::Email)
        .unwrap()
        .is_none());
    // A refused sale queues nothing: the same transaction.
    let mut short = draft(Some(wants));
    short.payments = vec![PaymentDraft::cash(Some(Money::from_cents(100)))];
    let o = by_sms(false);
    assert!(store_sale_printed(&mut store, &actor(Role::Cashier), &short, Some(&o)).is_err());
    assert_eq!(messages::list(store.conn(), 10).unwrap().len(), 1);
}

#[test]
fn no_sms_receipt_without_the_preference_a_phone_or_sms_configured() {
    let mut store = Store::open_in_memory().unwrap();
    let no_pref = texter(&mut store, Some("+32 470 12 34 56"), false, false);
    let no_phone = texter(&mut store, None, true, false);
    let wants = texter(&mut store, Some("0612345678"), true, false);
    sell(&mut store, Some(no_pref), Some(&by_sms(false)));
    sell(&mut store, Some(no_phone), Some(&by_sms(true)));
    sell(&mut store, None, Some(&by_sms(true)));
    sell(&mut store, Some(wants), None);
    sell(&mut store, Some(wants), Some(&mail(false)));
    assert!(messages::list(store.conn(), 10).unwrap().is_empty());
    // The cashier asks at payment (the ticket's SMS key): it goes.
    let mut d = draft(Some(no_pref));
    d.sms_receipt = true;
    let s =
        store_sale_printed(&mut store, &actor(Role::Cashier), &d, Some(&by_sms(false))).unwrap();
    let m = messages::for_sale(store.conn(), s.id, Channel::Sms)
        .unwrap()
        .unwrap();
    assert_eq!(m.recipient, "+32470123456");
}

fn sms_letter(marketing: bool) -> Letter {
    Letter {
        channel: Channel::Sms,
        subject: "ignored".into(),
        body: "Bonjour, votre livre est arrivé.".into(),
        marketing,
    }
}

#[test]
fn an_sms_letter_goes_to_the_phone_and_its_audit_names_the_channel_not_the_text() {
    let mut store = Store::open_in_memory().unwrap();
    let id = texter(&mut store, Some("06 12 34 56 78"), false, false);
    let m = queue_letter(&mut store, &actor(Role::Cashier), id, &sms_letter(false)).unwrap();
    let row = messages::get(store.conn(), m).unwrap().unwrap();
    assert_eq!(
        (row.channel, row.recipient.as_str(), row.subject),
        (Channel::Sms, "+33612345678", None)
    );
    let body = messages::bodies(store.conn(), m).unwrap().unwrap();
    assert_eq!(body.text, "Bonjour, votre livre est arrivé.");
    let (action, detail): (String, String) = store
        .conn()
        .query_row(
            "SELECT action, detail FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(action, "message.queue");
    assert!(detail.contains("\"channel\":\"sms\""), "{detail}");
    assert!(!detail.contains("livre"), "{detail}");
}

#[test]
fn a_marketing_sms_needs_the_sms_consent_and_nothing_is_queued_without() {
    let mut store = Store::open_in_memory().unwrap();
    let a = actor(Role::Cashier);
    let refused = |r: Result<i64, ServiceError>| match r {
        Err(ServiceError::Refused(why)) => why,
        other => panic!("{other:?}"),
    };
    // Consent by e-mail is not consent by SMS.
    let mut data = CustomerData {
        last_name: Some("Martin".into()),
        phone: Some("0612345678".into()),
        ..CustomerData::default()
    };
    data.preferences.marketing_email.granted = true;
    let email_only = service::add_customer(&mut store, &actor(Role::Manager), data)
        .unwrap()
        .id;
    assert_eq!(
        refused(queue_letter(&mut store, &a, email_only, &sms_letter(true))),
        Refusal::NoSmsConsent(email_only)
    );
    let no_phone = texter(&mut store, None, false, true);
    assert_eq!(
        refused(queue_letter(&mut store, &a, no_phone, &sms_letter(false))),
        Refusal::NoPhone(no_phone)
    );
    let zoe = texter(&mut store, Some("0612345678"), false, true);
    let mut long = sms_letter(false);
    long.body = "a".repeat(SMS_MAX + 1);
    assert_eq!(
        refused(queue_letter(&mut store, &a, zoe, &long)),
        Refusal::SmsTooLong(SMS_MAX)
    );
    let mut blank = sms_letter(false);
    blank.body = " \n ".into();
    assert_eq!(
        refused(queue_letter(&mut store, &a, zoe, &blank)),
        Refusal::EmptySms
    );
    assert!(messages::list(store.conn(), 10).unwrap().is_empty());
    // With the SMS consent stored, the offer goes.
    assert!(queue_letter(&mut store, &a, zoe, &sms_letter(true)).is_ok());
}
