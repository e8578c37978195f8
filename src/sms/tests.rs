//! What a gateway's answer means, the request the HTTP gateway sends (its secret in its
//! header, never in a reason), and the receipt's text in one SMS.

use std::path::Path;
use std::time::Duration;

use chrono::TimeZone;
use rust_decimal::Decimal;

use super::test_server::{Answer, Server};
use super::*;
use crate::config::Config;
use crate::domain::ids::SaleId;
use crate::domain::money::{Money, Percent};
use crate::domain::sale::{self, LineKind, Sale, SaleLine};
use crate::domain::sms::measure;

fn answer(status: u16, body: &str) -> Response {
    Response {
        status,
        body: body.as_bytes().to_vec(),
        truncated: false,
    }
}

#[test]
fn two_hundreds_are_sent_429_and_5xx_wait_other_4xx_fail() {
    assert_eq!(outcome(&answer(200, "")), Ok(()));
    assert_eq!(outcome(&answer(202, "{\"id\":1}")), Ok(()));
    for busy in [429, 502, 503, 504] {
        assert!(
            matches!(outcome(&answer(busy, "")), Err(SmsError::Unreachable(_))),
            "{busy}"
        );
    }
    assert!(matches!(
        outcome(&answer(500, "oops")),
        Err(SmsError::Deferred(_))
    ));
    for bad in [400, 401, 403, 404, 422] {
        assert!(
            matches!(outcome(&answer(bad, "")), Err(SmsError::Refused(_))),
            "{bad}"
        );
    }
    assert!(matches!(
        outcome(&answer(301, "")),
        Err(SmsError::Refused(why)) if why.contains("redirects")
    ));
}

#[test]
fn the_reason_is_one_clean_line_of_the_answer() {
    let hostile = format!(
        "{{\"error\": \"invalid number\"}}\r\n\u{1b}[31mred\u{1b}[0m\n{}",
        "x".repeat(5000)
    );
    let Err(SmsError::Refused(why)) = outcome(&answer(400, &hostile)) else {
        panic!("not refused");
    };
    assert!(
        why.starts_with("HTTP 400: {\"error\": \"invalid number\"}"),
        "{why}"
    );
    assert!(!why.contains(['\u{1b}', '\n', '\r']), "{why:?}");
    assert!(why.chars().count() < 220, "{}", why.len());
    let Err(SmsError::Refused(why)) = outcome(&answer(404, "")) else {
        panic!("not refused");
    };
    assert_eq!(why, "HTTP 404");
}

fn config(extra: &str, port: u16) -> Config {
    let toml = format!(
        "[shop]\nname = \"Épicerie du Coin\"\nlocale = \"fr\"\n\
         [sms]\nurl = \"http://127.0.0.1:{port}/api/sms?key=shop\"\n\
         body = '{{\"to\": \"{{to}}\", \"text\": \"{{text}}\", \"from\": \"{{from}}\"}}'\n\
         from = \"Epicerie\"\n{extra}"
    );
    Config::from_toml(&toml, Path::new("/nonexistent/config.toml")).unwrap()
}

#[test]
fn the_gateway_gets_the_filled_request_with_its_auth_header() {
    use std::os::unix::fs::PermissionsExt;
    let server = Server::start(vec![
        Answer::Status(200, "ok"),
        Answer::Status(401, "bad key"),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let secrets = dir.path().join("secrets.toml");
    std::fs::write(&secrets, "[sms]\nauth = \"Bearer k3y\"\n").unwrap();
    std::fs::set_permissions(&secrets, std::fs::Permissions::from_mode(0o600)).unwrap();
    let extra = format!(
        "auth_header = \"Authorization\"\nsecrets_file = \"{}\"\n",
        secrets.display()
    );
    let c = config(&extra, server.port);
    let settings = c.sms.as_ref().unwrap();
    let mut gw = Http::default();
    gw.send(settings, "+33612345678", "Votre \"commande\"\nest là")
        .unwrap();
    let req = &server.requests()[0];
    assert!(
        req.starts_with("POST /api/sms?key=shop HTTP/1.1\r\n"),
        "{req}"
    );
    assert!(req.contains("Authorization: Bearer k3y\r\n"), "{req}");
    assert!(req.contains("Content-Type: application/json\r\n"), "{req}");
    let body = req.split("\r\n\r\n").nth(1).unwrap();
    let v: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(v["text"], "Votre \"commande\"\nest là");
    assert_eq!(v["to"], "+33612345678");
    assert_eq!(v["from"], "Epicerie");
    let e = gw.send(settings, "+33612345678", "x").unwrap_err();
    assert_eq!(e, SmsError::Refused("HTTP 401: bad key".into()));
    assert!(!e.to_string().contains("k3y"));
}

#[test]
fn a_gateway_that_never_answers_is_unreachable_within_its_bounds() {
    let server = Server::start(vec![Answer::Silent(Duration::from_secs(5))]);
    let c = config("", server.port);
    let mut gw = Http {
        limits: Some(http::Limits {
            timeout: Duration::from_millis(200),
            deadline: Duration::from_secs(1),
            max_response: 1024,
        }),
        ..Http::default()
    };
    let started = std::time::Instant::now();
    let e = gw
        .send(c.sms.as_ref().unwrap(), "+33612345678", "x")
        .unwrap_err();
    assert!(matches!(e, SmsError::Unreachable(_)), "{e}");
    assert!(started.elapsed() < Duration::from_secs(2));
}

fn sale(number: &str, cents: i64) -> Sale {
    let line = SaleLine {
        product_id: None,
        code: "X".into(),
        name: "Thé".into(),
        quantity: Decimal::ONE,
        unit_price: Money::from_cents(cents),
        discount: Percent::ZERO,
        tax_rate: Percent::ZERO,
        kind: LineKind::Goods,
        origin: None,
        special: None,
    };
    let totals = sale::totals(
        std::slice::from_ref(&line),
        Percent::ZERO,
        Default::default(),
    );
    Sale {
        id: SaleId::generate(),
        number: number.into(),
        created_at: chrono::Utc.with_ymd_and_hms(2026, 3, 14, 9, 30, 0).unwrap(),
        customer_id: None,
        lines: vec![line],
        group_discount: Percent::ZERO,
        tax: Default::default(),
        totals,
        payments: Vec::new(),
        refund_of: None,
        points: 0,
    }
}

#[test]
fn a_receipt_says_shop_ticket_date_and_total_in_one_sms_in_the_shops_language() {
    let c = config("", 9);
    let text = compose::receipt(&c, &sale("R1-000042", 1250), 3600);
    assert_eq!(
        text,
        "Épicerie du Coin : ticket R1-000042 du 14/03/2026 10:30, total 12,50 €. Merci !"
    );
    assert_eq!(measure(&text).parts, 1);
    assert!(!measure(&text).unicode);
    // A long name with letters outside the GSM alphabet: folded, then shortened.
    let mut long = config("", 9);
    long.shop.name = format!("Crêperie {}", "Très Longue Maison ".repeat(10));
    long.shop.lang = crate::lang::Lang::En;
    let text = compose::receipt(&long, &sale("R1-000043", 990), 0);
    let n = measure(&text);
    assert_eq!((n.parts, n.unicode), (1, false), "{text}");
    assert!(text.starts_with("Creperie Très Longue"), "è is GSM: {text}");
    assert!(
        text.ends_with("receipt R1-000043, 2026-03-14 09:30, total €9.90. Thank you!"),
        "{text}"
    );
    // Control characters from the store never reach the phone.
    let mut odd = config("", 9);
    odd.shop.name = "Shop\u{1b}[2J\u{200b}".into();
    let text = compose::receipt(&odd, &sale("R1\u{7}-000044", 100), 0);
    assert!(!text.contains(['\u{1b}', '\u{7}', '\u{200b}']), "{text:?}");
}
