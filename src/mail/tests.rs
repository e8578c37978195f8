//! The pass over the outbox with a stand-in server: parts and headers, a server down
//! ends the pass and the message waits its backoff, a bad address fails at once, the
//! last allowed attempt fails visibly.

use std::path::Path;

use rust_decimal::Decimal;

use super::*;
use crate::domain::customer::CustomerData;
use crate::domain::ids::CustomerId;
use crate::domain::money::{Money, Percent};
use crate::domain::sale::{LineKind, PaymentMethod, SaleLine};
use crate::service::{self, Actor, PaymentDraft, PrintOrder, Role, SaleDraft};
use crate::store::messages::Status;

/// A server that takes messages, or answers with `fail` while it is set.
#[derive(Default)]
struct Fake {
    fail: Option<SendError>,
    took: Vec<Message>,
    tries: usize,
}

impl Deliver for Fake {
    fn deliver(&mut self, _: &EmailSettings, message: &Message) -> Result<(), SendError> {
        self.tries += 1;
        if let Some(e) = &self.fail {
            return Err(e.clone());
        }
        self.took.push(message.clone());
        Ok(())
    }
}

/// A gateway that must not be called (these tests send e-mail only).
struct NoSms;

impl Gateway for NoSms {
    fn send(&mut self, _: &crate::config::SmsSettings, _: &str, _: &str) -> Result<(), SmsError> {
        Err(SmsError::Build("no SMS in these tests".into()))
    }
}

fn run(store: &mut Store, config: &Config, now: DateTime<Utc>, fake: &mut Fake) -> Report {
    let p = Pass {
        config,
        now,
        utc_offset_secs: 0,
    };
    let mut senders = Senders {
        email: fake,
        sms: &mut NoSms,
    };
    pass(store, p, &mut senders).unwrap()
}

fn config() -> Config {
    let toml = "[shop]\nname = \"Épicerie <Fine>\"\nlocale = \"fr\"\n\
                [email]\nsmtp = \"smtp://127.0.0.1:2525\"\ntls = \"none\"\nfrom = \"shop@example.com\"\n";
    Config::from_toml(toml, Path::new("/nonexistent/config.toml")).unwrap()
}

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

fn customer(store: &mut Store, email: &str) -> CustomerId {
    let mut data = CustomerData {
        first_name: Some("Zoé".into()),
        last_name: Some("Lefèvre".into()),
        email: Some(email.into()),
        ..CustomerData::default()
    };
    data.preferences.receipt_by_email = true;
    service::add_customer(store, &actor(Role::Manager), data)
        .unwrap()
        .id
}

fn sell(store: &mut Store, config: &Config, c: CustomerId) -> crate::domain::sale::Sale {
    let line = SaleLine {
        product_id: None,
        code: "X".into(),
        name: "Thé <vert> & menthe".into(),
        quantity: Decimal::ONE,
        unit_price: Money::from_cents(450),
        discount: Percent::ZERO,
        tax_rate: Percent::parse("5.5").unwrap(),
        kind: LineKind::Goods,
        origin: None,
        special: None,
    };
    let d = SaleDraft::paid(vec![line], Some(c), PaymentDraft::rest(PaymentMethod::Card));
    let order = PrintOrder {
        email: order(config),
        ..PrintOrder::default()
    };
    service::store_sale_printed(store, &actor(Role::Cashier), &d, Some(&order)).unwrap()
}

#[test]
fn a_receipt_goes_as_text_and_html_from_the_shop_and_is_marked_sent() {
    let config = config();
    let mut store = Store::open_in_memory().unwrap();
    let c = customer(&mut store, "zoe@example.com");
    let sale = sell(&mut store, &config, c);
    let mut fake = Fake::default();
    let r = run(&mut store, &config, Utc::now(), &mut fake);
    assert_eq!((r.sent, r.queued, r.failed), (1, 0, 0), "{r:?}");
    let raw = String::from_utf8(fake.took[0].formatted()).unwrap();
    assert!(raw.contains("To: zoe@example.com"), "{raw}");
    assert!(
        raw.contains("From:") && raw.contains("<shop@example.com>"),
        "{raw}"
    );
    assert!(raw.contains("multipart/alternative"), "{raw}");
    assert!(
        raw.contains("text/plain") && raw.contains("text/html"),
        "{raw}"
    );
    assert!(
        raw.contains("Message-ID: <comptoir.outbox.1@example.com>"),
        "{raw}"
    );
    let m = messages::for_sale(store.conn(), sale.id, Channel::Email)
        .unwrap()
        .unwrap();
    assert_eq!((m.status, m.attempts), (Status::Sent, 1));
    // Sent once: the next pass has nothing to do.
    let r = run(&mut store, &config, Utc::now(), &mut fake);
    assert_eq!((r.sent, fake.tries), (0, 1));
}

#[test]
fn the_html_part_escapes_what_came_from_the_store() {
    let config = config();
    let c = compose::receipt_message(&config, "R1-000001", "Thé <vert> & menthe\n");
    let html = c.html.unwrap();
    assert!(html.contains("Thé &lt;vert&gt; &amp; menthe"), "{html}");
    assert!(html.contains("Épicerie &lt;Fine&gt;"), "{html}");
    assert!(!html.contains("<vert>"));
    assert!(c.text.contains("Thé <vert> & menthe"));
    assert_eq!(c.subject, "Votre ticket R1-000001 de Épicerie <Fine>");
}

#[test]
fn a_server_down_ends_the_pass_and_the_message_waits_its_backoff() {
    let config = config();
    let mut store = Store::open_in_memory().unwrap();
    let c = customer(&mut store, "zoe@example.com");
    sell(&mut store, &config, c);
    sell(&mut store, &config, c);
    let mut fake = Fake {
        fail: Some(SendError::Unreachable("connection refused".into())),
        ..Fake::default()
    };
    let now = Utc::now();
    let r = run(&mut store, &config, now, &mut fake);
    assert_eq!(
        (r.sent, r.queued, fake.tries),
        (0, 2, 1),
        "one attempt, not one per message"
    );
    let first = messages::get(store.conn(), 1).unwrap().unwrap();
    assert_eq!((first.status, first.attempts), (Status::Queued, 1));
    assert!(first.next_at > now, "{first:?}");
    assert_eq!(r.next_due, Some(first.next_at));
    assert!(r.error.unwrap().contains("connection refused"));
    let second = messages::get(store.conn(), 2).unwrap().unwrap();
    assert_eq!(
        (second.attempts, second.next_at),
        (0, first.next_at),
        "waits behind it"
    );
    // A pass before then (a new sale's nudge) tries nothing.
    let r = run(&mut store, &config, now, &mut fake);
    assert_eq!((r.queued, fake.tries), (2, 1));
    // Back up, once the backoff has passed: both go, in order.
    fake.fail = None;
    let r = run(&mut store, &config, first.next_at, &mut fake);
    assert_eq!((r.sent, r.queued), (2, 0));
}

#[test]
fn a_bad_address_or_a_refusal_fails_at_once_and_a_deferral_waits() {
    let config = config();
    let mut store = Store::open_in_memory().unwrap();
    let c = customer(&mut store, "zoe@example.com");
    sell(&mut store, &config, c);
    // An address broken behind the service's back (an old import, a hand edit).
    store
        .write(|tx| {
            tx.execute("UPDATE message_outbox SET recipient = 'zoe at example'", [])
                .map_err(StoreError::from)
        })
        .unwrap();
    let mut fake = Fake::default();
    let r = run(&mut store, &config, Utc::now(), &mut fake);
    assert_eq!((r.sent, r.failed, fake.tries), (0, 1, 0));
    let m = messages::get(store.conn(), 1).unwrap().unwrap();
    assert_eq!(m.status, Status::Failed);
    assert!(m.last_error.unwrap().contains("invalid address"));
    sell(&mut store, &config, c);
    fake.fail = Some(SendError::Deferred("451 try later".into()));
    let r = run(&mut store, &config, Utc::now(), &mut fake);
    assert_eq!((r.queued, r.failed), (1, 1));
    fake.fail = Some(SendError::Refused("550 no such user".into()));
    let later = Utc::now() + Duration::hours(1);
    let r = run(&mut store, &config, later, &mut fake);
    assert_eq!((r.queued, r.failed), (0, 2));
    assert!(r.given_up.unwrap().contains("550"));
}

#[test]
fn the_last_allowed_attempt_fails_the_message_visibly() {
    let config = config();
    let mut store = Store::open_in_memory().unwrap();
    let c = customer(&mut store, "zoe@example.com");
    sell(&mut store, &config, c);
    store
        .write(|tx| {
            tx.execute(
                "UPDATE message_outbox SET attempts = ?1",
                [MAX_ATTEMPTS - 1],
            )
            .map_err(StoreError::from)
        })
        .unwrap();
    let mut fake = Fake {
        fail: Some(SendError::Unreachable("network unreachable".into())),
        ..Fake::default()
    };
    let r = run(&mut store, &config, Utc::now(), &mut fake);
    assert_eq!((r.queued, r.failed), (0, 1));
    let m = messages::get(store.conn(), 1).unwrap().unwrap();
    assert_eq!((m.status, m.attempts), (Status::Failed, MAX_ATTEMPTS));
    assert!(m.last_error.unwrap().contains("gave up after"));
}

#[test]
fn without_email_configured_nothing_is_tried_and_the_message_stays_queued() {
    let mut store = Store::open_in_memory().unwrap();
    let with = config();
    let c = customer(&mut store, "zoe@example.com");
    sell(&mut store, &with, c);
    let none = Config::from_toml("", Path::new("/nonexistent/config.toml")).unwrap();
    let mut fake = Fake::default();
    let r = run(&mut store, &none, Utc::now(), &mut fake);
    assert!(r.unconfigured);
    assert_eq!((r.queued, fake.tries), (1, 0));
}

mod sms;
