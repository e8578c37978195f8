//! SMS through the pass, against a loopback gateway: a receipt queued with its sale and
//! sent, a 500 retried after its backoff, a 400 failed for good with the gateway's
//! reason, a gateway out of reach holding only the SMS while the e-mail goes.

use std::path::Path;

use super::{actor, Fake};
use crate::domain::customer::CustomerData;
use crate::domain::ids::CustomerId;
use crate::mail::{pass, Pass, Report, Senders};
use crate::service::{self, PaymentDraft, PrintOrder, Role, SaleDraft};
use crate::sms::test_server::{Answer, Server};
use crate::sms::Http;
use crate::store::messages::{self, Channel, Status};
use crate::store::Store;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::config::Config;
use crate::domain::money::{Money, Percent};
use crate::domain::sale::{LineKind, PaymentMethod, SaleLine};

fn config(port: u16, email: bool) -> Config {
    let mail = if email {
        "[email]\nsmtp = \"smtp://127.0.0.1:2525\"\ntls = \"none\"\nfrom = \"shop@example.com\"\n"
    } else {
        ""
    };
    let toml = format!(
        "[shop]\nname = \"Épicerie du Coin\"\nlocale = \"fr\"\n{mail}\
         [sms]\nurl = \"http://127.0.0.1:{port}/sms\"\n\
         content_type = \"application/x-www-form-urlencoded\"\n\
         body = \"to={{to}}&text={{text}}\"\n"
    );
    Config::from_toml(&toml, Path::new("/nonexistent/config.toml")).unwrap()
}

fn customer(store: &mut Store, email: bool) -> CustomerId {
    let mut data = CustomerData {
        first_name: Some("Zoé".into()),
        last_name: Some("Lefèvre".into()),
        phone: Some("06 12 34 56 78".into()),
        email: email.then(|| "zoe@example.com".into()),
        ..CustomerData::default()
    };
    data.preferences.receipt_by_sms = true;
    data.preferences.receipt_by_email = email;
    service::add_customer(store, &actor(Role::Manager), data)
        .unwrap()
        .id
}

fn sell(store: &mut Store, config: &Config, c: CustomerId) -> crate::domain::sale::Sale {
    let line = SaleLine {
        product_id: None,
        code: "X".into(),
        name: "Thé vert".into(),
        quantity: Decimal::ONE,
        unit_price: Money::from_cents(1250),
        discount: Percent::ZERO,
        tax_rate: Percent::parse("5.5").unwrap(),
        kind: LineKind::Goods,
        origin: None,
        special: None,
    };
    let d = SaleDraft::paid(vec![line], Some(c), PaymentDraft::rest(PaymentMethod::Card));
    let order = PrintOrder {
        email: crate::mail::order(config),
        sms: crate::mail::sms_order(config),
        ..PrintOrder::default()
    };
    service::store_sale_printed(store, &actor(Role::Cashier), &d, Some(&order)).unwrap()
}

fn run(store: &mut Store, config: &Config, now: DateTime<Utc>, email: &mut Fake) -> Report {
    let p = Pass {
        config,
        now,
        utc_offset_secs: 0,
    };
    let mut senders = Senders {
        email,
        sms: &mut Http::default(),
    };
    pass(store, p, &mut senders).unwrap()
}

#[test]
fn an_sms_receipt_queued_with_its_sale_is_sent_through_the_gateway() {
    let server = Server::start(vec![Answer::Status(200, "{\"id\": \"m1\"}")]);
    let config = config(server.port, false);
    let mut store = Store::open_in_memory().unwrap();
    let c = customer(&mut store, false);
    let sale = sell(&mut store, &config, c);
    let m = messages::for_sale(store.conn(), sale.id, Channel::Sms)
        .unwrap()
        .unwrap();
    assert_eq!(
        (m.recipient.as_str(), m.status, m.kind),
        ("+33612345678", Status::Queued, messages::Kind::Receipt)
    );
    let r = run(&mut store, &config, Utc::now(), &mut Fake::default());
    assert_eq!((r.sent, r.queued, r.failed), (1, 0, 0), "{r:?}");
    let req = &server.requests()[0];
    assert!(req.starts_with("POST /sms HTTP/1.1\r\n"), "{req}");
    let body = req.split("\r\n\r\n").nth(1).unwrap();
    assert!(body.starts_with("to=%2B33612345678&text="), "{body}");
    assert!(body.contains(&sale.number), "{body}");
    assert!(body.contains("12%2C50%20%E2%82%AC"), "the total: {body}");
    let m = messages::get(store.conn(), m.id).unwrap().unwrap();
    assert_eq!((m.status, m.attempts), (Status::Sent, 1));
}

#[test]
fn a_500_waits_its_backoff_then_goes_and_a_400_fails_with_the_gateways_reason() {
    let server = Server::start(vec![
        Answer::Status(500, "internal error"),
        Answer::Status(200, "ok"),
        Answer::Status(400, "{\"error\": \"not a mobile number\"}"),
    ]);
    let config = config(server.port, false);
    let mut store = Store::open_in_memory().unwrap();
    let c = customer(&mut store, false);
    let sale = sell(&mut store, &config, c);
    let now = Utc::now();
    let r = run(&mut store, &config, now, &mut Fake::default());
    assert_eq!((r.sent, r.queued), (0, 1), "{r:?}");
    let m = messages::for_sale(store.conn(), sale.id, Channel::Sms)
        .unwrap()
        .unwrap();
    assert_eq!((m.status, m.attempts), (Status::Queued, 1));
    assert!(m.next_at > now);
    assert!(
        m.last_error
            .as_deref()
            .unwrap()
            .contains("HTTP 500: internal error"),
        "{m:?}"
    );
    // Not again before its time.
    let r = run(&mut store, &config, now, &mut Fake::default());
    assert_eq!((r.sent, server.requests().len()), (0, 1));
    let r = run(&mut store, &config, m.next_at, &mut Fake::default());
    assert_eq!((r.sent, r.queued), (1, 0), "{r:?}");
    // The next one is refused for good: failed, with why, in the list.
    sell(&mut store, &config, c);
    let r = run(&mut store, &config, Utc::now(), &mut Fake::default());
    assert_eq!((r.sent, r.failed), (0, 1), "{r:?}");
    let failed = messages::list(store.conn(), 10)
        .unwrap()
        .into_iter()
        .find(|m| m.status == Status::Failed)
        .unwrap();
    assert_eq!(failed.channel, Channel::Sms);
    assert_eq!(
        failed.last_error.as_deref(),
        Some("refused by the SMS gateway: HTTP 400: {\"error\": \"not a mobile number\"}")
    );
}

#[test]
fn a_gateway_out_of_reach_holds_the_sms_and_the_e_mail_still_goes() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let config = config(port, true);
    let mut store = Store::open_in_memory().unwrap();
    let c = customer(&mut store, true);
    sell(&mut store, &config, c);
    sell(&mut store, &config, c);
    let mut email = Fake::default();
    let now = Utc::now();
    let r = run(&mut store, &config, now, &mut email);
    assert_eq!(r.sent, 2, "both e-mails: {r:?}");
    assert_eq!(email.took.len(), 2);
    assert!(r
        .error
        .as_deref()
        .unwrap()
        .contains("SMS gateway not reached"));
    let sms: Vec<_> = messages::list(store.conn(), 10)
        .unwrap()
        .into_iter()
        .filter(|m| m.channel == Channel::Sms)
        .collect();
    assert_eq!(sms.len(), 2);
    assert_eq!((sms[0].status, sms[0].attempts), (Status::Queued, 1));
    assert_eq!(
        (sms[1].attempts, sms[1].next_at),
        (0, sms[0].next_at),
        "the second waits behind the first, untried"
    );
    assert_eq!(r.next_due, Some(sms[0].next_at));
}
