//! E-mailed receipts against a tiny SMTP server written here (127.0.0.1, plain SMTP, no
//! package): a receipt arrives with its text and HTML parts and the right headers; a
//! server answering 4xx makes the message wait its backoff and then go; a server down
//! leaves the message queued with its next attempt in the future, and it arrives once
//! when the server is back; a bad address is a clear `failed`, never a crash; the SMTP
//! password is never printed.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{mpsc, Arc, Mutex};
use std::thread;
use std::time::Duration;

use comptoir::config::{Config, Overrides};
use comptoir::domain::customer::CustomerData;
use comptoir::domain::ids::CustomerId;
use comptoir::domain::money::{Money, Percent};
use comptoir::domain::sale::{LineKind, PaymentMethod, Sale, SaleLine};
use comptoir::mail::{self, Pass, Report, Senders, Smtp};
use comptoir::service::{self, Actor, PaymentDraft, PrintOrder, Role, SaleDraft};
use comptoir::sms;
use comptoir::store::Store;
use rust_decimal::Decimal;

use crate::helpers::Env;

/// What the server was handed in one transaction.
#[derive(Debug)]
pub struct Mail {
    pub from: String,
    pub to: Vec<String>,
    pub data: String,
}

/// The test's SMTP server: answers each end of DATA with the next scripted reply (then
/// "250 OK"), and hands every message it accepted to `mails`.
pub struct Server {
    replies: Arc<Mutex<VecDeque<&'static str>>>,
    mails: mpsc::Receiver<Mail>,
}

impl Server {
    pub fn start(listener: TcpListener, replies: &[&'static str]) -> Server {
        let replies = Arc::new(Mutex::new(replies.iter().copied().collect()));
        let (tx, mails) = mpsc::channel();
        let script = Arc::clone(&replies);
        thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(conn) = conn else { return };
                let _ = conn.set_read_timeout(Some(Duration::from_secs(10)));
                if session(conn, &script, &tx).is_err() {
                    continue;
                }
            }
        });
        Server { replies, mails }
    }

    pub fn next(&self) -> Mail {
        self.mails
            .recv_timeout(Duration::from_secs(10))
            .expect("no message arrived")
    }

    pub fn nothing_more(&self) {
        assert!(
            self.mails.recv_timeout(Duration::from_millis(300)).is_err(),
            "a message arrived twice"
        );
        assert!(self.replies.lock().unwrap().is_empty());
    }
}

/// One SMTP session (RFC 5321, the commands lettre sends).
fn session(
    conn: TcpStream,
    script: &Mutex<VecDeque<&'static str>>,
    mails: &mpsc::Sender<Mail>,
) -> std::io::Result<()> {
    let mut out = conn.try_clone()?;
    let mut lines = BufReader::new(conn);
    out.write_all(b"220 test.invalid ESMTP\r\n")?;
    let (mut from, mut to) = (String::new(), Vec::new());
    loop {
        let mut line = String::new();
        if lines.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let upper = line.to_ascii_uppercase();
        let reply: String = if upper.starts_with("EHLO") {
            "250-test.invalid\r\n250 SIZE 1000000".into()
        } else if upper.starts_with("MAIL FROM:") {
            from = line[10..].trim().to_string();
            "250 OK".into()
        } else if upper.starts_with("RCPT TO:") {
            to.push(line[8..].trim().to_string());
            "250 OK".into()
        } else if upper.starts_with("DATA") {
            out.write_all(b"354 go ahead\r\n")?;
            let mut data = String::new();
            loop {
                let mut l = String::new();
                if lines.read_line(&mut l)? == 0 {
                    return Ok(());
                }
                if l == ".\r\n" {
                    break;
                }
                data.push_str(l.strip_prefix('.').unwrap_or(&l));
            }
            let answer = script.lock().unwrap().pop_front().unwrap_or("250 OK");
            if answer.starts_with('2') {
                let mail = Mail {
                    from: std::mem::take(&mut from),
                    to: std::mem::take(&mut to),
                    data,
                };
                let _ = mails.send(mail);
            }
            answer.into()
        } else if upper.starts_with("QUIT") {
            out.write_all(b"221 bye\r\n")?;
            return Ok(());
        } else {
            "250 OK".into()
        };
        out.write_all(format!("{reply}\r\n").as_bytes())?;
    }
}

/// A port nothing listens on (bound, then closed: connections are refused).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The config file (kept beside what is there, the manager's PIN) with `[email]` on
/// `port`, loaded as the CLI loads it.
fn config_for(env: &Env, port: u16) -> Config {
    let dir = env.dir.path().join("config/comptoir");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("config.toml");
    let before = std::fs::read_to_string(&file).unwrap_or_default();
    std::fs::write(
        &file,
        format!(
            "{before}[shop]\nname = \"Épicerie Zoé\"\nlocale = \"fr\"\n\
             [email]\nsmtp = \"smtp://127.0.0.1:{port}\"\ntls = \"none\"\nfrom = \"shop@example.com\"\n"
        ),
    )
    .unwrap();
    std::fs::create_dir_all(env.db().parent().unwrap()).unwrap();
    Config::load(&Overrides {
        config: Some(file),
        database: Some(env.db()),
        env_lang: None,
    })
    .unwrap()
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

/// A sale for `c`, stored as the register stores it: its e-mail queued with it.
fn sell(store: &mut Store, config: &Config, c: CustomerId) -> Sale {
    let line = SaleLine {
        product_id: None,
        code: "TEA".into(),
        name: "Thé vert".into(),
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
        email: mail::order(config),
        ..PrintOrder::default()
    };
    service::store_sale_printed(store, &actor(Role::Cashier), &d, Some(&order)).unwrap()
}

fn outbox(env: &Env) -> Vec<serde_json::Value> {
    let r = env.run(&["outbox", "list", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A MIME part's body decoded (quoted-printable or base64, as lettre chose).
fn part(data: &str, content_type: &str) -> String {
    let b = data
        .split("boundary=\"")
        .nth(1)
        .expect("a multipart message");
    let boundary = format!("--{}", &b[..b.find('"').unwrap()]);
    let part = data
        .split(boundary.as_str())
        .find(|p| p.contains(&format!("Content-Type: {content_type}")))
        .unwrap_or_else(|| panic!("no {content_type} part: {data}"));
    let (head, body) = part.split_once("\r\n\r\n").unwrap();
    let body = body.strip_suffix("\r\n").unwrap_or(body);
    if head.contains("quoted-printable") {
        decode_qp(body)
    } else if head.contains("base64") {
        decode_base64(body)
    } else {
        body.to_string()
    }
}

fn decode_qp(s: &str) -> String {
    let s = s.replace("=\r\n", "");
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'=' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

fn decode_base64(s: &str) -> String {
    const T: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let (mut out, mut acc, mut bits) = (Vec::new(), 0u32, 0);
    for c in s.bytes().filter(|c| T.contains(c)) {
        acc = (acc << 6) | T.iter().position(|t| *t == c).unwrap() as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn a_receipt_arrives_with_its_text_and_html_parts_and_the_right_headers() {
    let env = Env::new();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let config = config_for(&env, listener.local_addr().unwrap().port());
    let server = Server::start(listener, &[]);
    let mut store = Store::open(&config.database).unwrap();
    let c = customer(&mut store, "zoe@example.com");
    let sale = sell(&mut store, &config, c);
    let queued = outbox(&env);
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0]["status"], "queued");
    assert_eq!(queued[0]["ticket"], sale.number.as_str());
    let r = env.run(&["outbox", "send"]);
    assert_eq!(r.code, 0, "{} {}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("1 sent, 0 waiting, 0 failed"),
        "{}",
        r.stdout
    );
    let m = server.next();
    assert!(m.from.starts_with("<shop@example.com>"), "{}", m.from);
    assert_eq!(m.to, ["<zoe@example.com>"]);
    let d = &m.data;
    assert!(
        d.contains("From: =?utf-8?") || d.contains("From: \"Épicerie Zoé\""),
        "{d}"
    );
    assert!(d.contains("<shop@example.com>\r\n"), "{d}");
    assert!(d.contains("To: zoe@example.com\r\n"), "{d}");
    assert!(d.contains("Subject: "), "{d}");
    assert!(d.contains("MIME-Version: 1.0\r\n"), "{d}");
    assert!(d.contains("Content-Type: multipart/alternative;"), "{d}");
    assert!(
        d.contains("Message-ID: <comptoir.outbox.1@example.com>"),
        "{d}"
    );
    assert!(d.contains("Date: "), "{d}");
    let text = part(d, "text/plain");
    assert!(text.contains("Voici votre ticket de caisse"), "{text}");
    assert!(text.contains(&sale.number), "{text}");
    assert!(text.contains("Thé vert"), "{text}");
    let html = part(d, "text/html");
    assert!(html.contains("<pre"), "{html}");
    assert!(
        html.contains("Thé vert") && html.contains(&sale.number),
        "{html}"
    );
    let listed = outbox(&env);
    assert_eq!(listed[0]["status"], "sent");
    assert_eq!(listed[0]["attempts"], 1);
    // Once: another pass sends nothing.
    let r = env.run(&["outbox", "send", "--json"]);
    assert_eq!(r.json()["sent"], 0);
    server.nothing_more();
}

#[test]
fn a_server_answering_4xx_then_ok_gets_the_message_after_its_backoff() {
    let env = Env::new();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let config = config_for(&env, listener.local_addr().unwrap().port());
    let server = Server::start(listener, &["451 4.3.0 mailbox busy, try later"]);
    let mut store = Store::open(&config.database).unwrap();
    let c = customer(&mut store, "zoe@example.com");
    sell(&mut store, &config, c);
    let r = env.run(&["outbox", "send"]);
    assert_eq!(r.code, 1, "{} {}", r.stdout, r.stderr);
    assert!(r.stdout.contains("451"), "{}", r.stdout);
    let m = &outbox(&env)[0];
    assert_eq!(
        (m["status"].as_str(), m["attempts"].as_i64()),
        (Some("queued"), Some(1))
    );
    assert!(
        m["last_error"].as_str().unwrap().contains("deferred"),
        "{m}"
    );
    let next: chrono::DateTime<chrono::Utc> = m["next_at"].as_str().unwrap().parse().unwrap();
    assert!(next > chrono::Utc::now(), "waits its backoff: {m}");
    // The register's worker passes again once it is due: sent.
    let r = send_pass(&mut store, &config, next);
    assert_eq!((r.sent, r.queued, r.failed), (1, 0, 0), "{r:?}");
    assert_eq!(server.next().to, ["<zoe@example.com>"]);
    assert_eq!(outbox(&env)[0]["status"], "sent");
    server.nothing_more();
}

#[test]
fn with_the_server_down_the_message_waits_and_arrives_once_when_it_is_back() {
    let env = Env::new();
    let port = free_port();
    let config = config_for(&env, port);
    let mut store = Store::open(&config.database).unwrap();
    let c = customer(&mut store, "zoe@example.com");
    sell(&mut store, &config, c);
    sell(&mut store, &config, c);
    let r = env.run(&["outbox", "send", "--json"]);
    assert_eq!(r.code, 1);
    let j = r.json();
    assert_eq!(
        (j["sent"].as_i64(), j["queued"].as_i64()),
        (Some(0), Some(2)),
        "{j}"
    );
    assert!(j["error"].as_str().unwrap().contains("not reached"), "{j}");
    let listed = outbox(&env);
    assert_eq!(listed[0]["status"], "queued");
    assert_eq!(listed[0]["attempts"], 1);
    let next: chrono::DateTime<chrono::Utc> =
        listed[0]["next_at"].as_str().unwrap().parse().unwrap();
    assert!(
        next > chrono::Utc::now(),
        "next attempt in the future: {listed:?}"
    );
    assert_eq!(
        listed[1]["attempts"], 0,
        "the one behind was not tried against a dead server"
    );
    // The server comes back on the same port; before the backoff, nothing is tried.
    let server = Server::start(TcpListener::bind(("127.0.0.1", port)).unwrap(), &[]);
    let now = chrono::Utc::now();
    let r = send_pass(&mut store, &config, now);
    assert_eq!(r.sent, 0, "{r:?}");
    // Hours later (the backoff has run), both arrive, once, in order.
    let later = now + chrono::Duration::hours(3);
    let r = send_pass(&mut store, &config, later);
    assert_eq!((r.sent, r.queued), (2, 0), "{r:?}");
    let (a, b) = (server.next(), server.next());
    assert!(a.data.contains("comptoir.outbox.1@"), "{}", a.data);
    assert!(b.data.contains("comptoir.outbox.2@"), "{}", b.data);
    let r = send_pass(&mut store, &config, later);
    assert_eq!(r.sent, 0);
    server.nothing_more();
}

#[test]
fn an_invalid_recipient_is_a_clear_failure_the_manager_may_retry() {
    let env = Env::with_manager_pin("246813");
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let config = config_for(&env, listener.local_addr().unwrap().port());
    let server = Server::start(listener, &[]);
    let mut store = Store::open(&config.database).unwrap();
    let c = customer(&mut store, "zoe@example.com");
    sell(&mut store, &config, c);
    // An address broken behind the service's back (an old import, a hand edit).
    rusqlite::Connection::open(env.db())
        .unwrap()
        .execute(
            "UPDATE message_outbox SET recipient = 'zoe at example\u{1b}[2J'",
            [],
        )
        .unwrap();
    let r = env.run(&["outbox", "send"]);
    assert_eq!(r.code, 1, "{} {}", r.stdout, r.stderr);
    assert!(r.stdout.contains("failed: invalid address"), "{}", r.stdout);
    assert!(!r.stdout.contains('\u{1b}'), "sanitised: {:?}", r.stdout);
    let listed = env.run(&["outbox", "list"]);
    assert!(listed.stdout.contains("failed"), "{}", listed.stdout);
    assert!(
        !listed.stdout.contains('\u{1b}'),
        "sanitised: {:?}",
        listed.stdout
    );
    // Retrying is the manager's.
    let r = env.run(&["outbox", "retry", "--all"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let pin = [("COMPTOIR_MANAGER_PIN", "246813")];
    let r = env.run_with(&["outbox", "retry", "--all", "--json"], None, &pin);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["queued"], serde_json::json!([1]));
    // Fixed by hand, it goes.
    rusqlite::Connection::open(env.db())
        .unwrap()
        .execute(
            "UPDATE message_outbox SET recipient = 'zoe@example.com'",
            [],
        )
        .unwrap();
    let r = env.run(&["outbox", "send"]);
    assert_eq!(r.code, 0, "{} {}", r.stdout, r.stderr);
    assert_eq!(server.next().to, ["<zoe@example.com>"]);
    let r = env.run_with(&["outbox", "retry", "1"], None, &pin);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("sent already"), "{}", r.stderr);
}

#[test]
fn check_config_reads_the_smtp_password_from_a_private_file_and_never_prints_it() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    config_for(&env, 2525);
    let file = env.dir.path().join("config/comptoir/config.toml");
    let mut text = std::fs::read_to_string(&file).unwrap();
    text = text.replace("tls = \"none\"\n", "tls = \"none\"\nuser = \"shop\"\n");
    std::fs::write(&file, text).unwrap();
    let secrets = env.dir.path().join("config/comptoir/secrets.toml");
    std::fs::write(&secrets, "[email]\npassword = \"hunter2-very-secret\"\n").unwrap();
    std::fs::set_permissions(&secrets, std::fs::Permissions::from_mode(0o600)).unwrap();
    let r = env.run(&["check-config"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("password is read from"), "{}", r.stderr);
    assert!(!r.stdout.contains("hunter2") && !r.stderr.contains("hunter2"));
    std::fs::set_permissions(&secrets, std::fs::Permissions::from_mode(0o644)).unwrap();
    let r = env.run(&["check-config"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("chmod 600"), "{}", r.stderr);
    assert!(!r.stdout.contains("hunter2") && !r.stderr.contains("hunter2"));
}

#[test]
fn sales_add_from_the_command_line_queues_the_e_mail_of_a_customer_who_asked() {
    let env = Env::new();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    config_for(&env, listener.local_addr().unwrap().port());
    let server = Server::start(listener, &[]);
    let demo = env.run(&["demo", "--customers", "20", "--seed", "5"]);
    assert_eq!(demo.code, 0, "{}", demo.stderr);
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let code: String = conn
        .query_row("SELECT code FROM product ORDER BY code LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    let wants: Vec<u8> = conn
        .query_row(
            "SELECT id FROM customer WHERE kind = 'person' ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    conn.execute(
        "UPDATE customer SET receipt_by_email = (id = ?1),
                email = CASE WHEN id = ?1 THEN 'cli@example.com' ELSE email END",
        [&wants],
    )
    .unwrap();
    let id = uuid::Uuid::from_slice(&wants).unwrap().to_string();
    drop(conn);
    let sale = format!(r#"{{"customer": "{id}", "lines": [{{"code": "{code}"}}]}}"#);
    let r = env.run_with(&["sales", "add", "--json"], Some(&sale), &[]);
    assert_eq!(r.code, 0, "{} {}", r.stdout, r.stderr);
    // A sale without a customer queues nothing.
    let anonymous = format!(r#"{{"lines": [{{"code": "{code}"}}]}}"#);
    let r = env.run_with(&["sales", "add"], Some(&anonymous), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let listed = outbox(&env);
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["recipient"], "cli@example.com");
    let r = env.run(&["outbox", "send"]);
    assert_eq!(r.code, 0, "{} {}", r.stdout, r.stderr);
    assert_eq!(server.next().to, ["<cli@example.com>"]);
    server.nothing_more();
}

#[test]
fn starttls_is_required_when_asked_a_server_without_it_gets_nothing_in_clear() {
    let env = Env::new();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let mut config = config_for(&env, listener.local_addr().unwrap().port());
    let file = env.dir.path().join("config/comptoir/config.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("tls = \"none\"", "tls = \"starttls\"")).unwrap();
    config.email = Config::load(&Overrides {
        config: Some(file),
        database: Some(env.db()),
        env_lang: None,
    })
    .unwrap()
    .email;
    let server = Server::start(listener, &[]);
    let mut store = Store::open(&config.database).unwrap();
    let c = customer(&mut store, "zoe@example.com");
    sell(&mut store, &config, c);
    let r = env.run(&["outbox", "send", "--json"]);
    assert_eq!(r.code, 1, "{} {}", r.stdout, r.stderr);
    let j = r.json();
    assert_eq!(j["queued"], 1, "{j}");
    assert!(j["error"].as_str().unwrap().contains("not reached"), "{j}");
    server.nothing_more();
}

/// One pass of the outbox as the register's message worker runs it.
fn send_pass(store: &mut Store, config: &Config, now: chrono::DateTime<chrono::Utc>) -> Report {
    let p = Pass {
        config,
        now,
        utc_offset_secs: 0,
    };
    let mut senders = Senders {
        email: &mut Smtp::default(),
        sms: &mut sms::Http::default(),
    };
    mail::pass(store, p, &mut senders).unwrap()
}
