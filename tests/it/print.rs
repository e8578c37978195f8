//! Receipt printing against a fake network printer: a TCP listener of the test on
//! 127.0.0.1 that answers the ESC/POS status requests and keeps what it is sent. A sale
//! stored while the printer is down is in the database with its jobs waiting; once the
//! printer is back (the same port), `comptoir print retry` and the register's queue pass
//! send each job exactly once, in order.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use comptoir::config::{Config, Overrides};
use comptoir::domain::money::Money;
use comptoir::service::{self, Actor, PaymentDraft, Role};
use comptoir::spool::{self, Wire};
use comptoir::store::Store;

use crate::helpers::Env;

/// A port nothing listens on (bound, then closed: connections are refused).
fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

/// The fake printer on `listener`: each connection's bytes (status requests answered
/// "online, cover shut, paper present" and left out) sent on `jobs`.
fn fake_printer(listener: TcpListener, jobs: mpsc::Sender<Vec<u8>>) {
    thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { return };
            let mut job = Vec::new();
            let mut b = [0u8; 1];
            while let Ok(1) = conn.read(&mut b) {
                job.push(b[0]);
                if job.ends_with(&[0x10, 0x04, 1])
                    || job.ends_with(&[0x10, 0x04, 2])
                    || job.ends_with(&[0x10, 0x04, 4])
                {
                    job.truncate(job.len() - 3);
                    let _ = conn.write_all(&[0x12]);
                }
            }
            if jobs.send(job).is_err() {
                return;
            }
        }
    });
}

fn config_for(env: &Env, port: u16) -> Config {
    let dir = env.dir.path().join("config/comptoir");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("config.toml");
    std::fs::write(
        &file,
        format!(
            "[shop]\nname = \"Café Øresund\"\nlocale = \"fr\"\n\
             [receipt]\nprinter = \"tcp://127.0.0.1:{port}\"\npaper = \"58\"\n"
        ),
    )
    .unwrap();
    Config::load(&Overrides {
        config: Some(file),
        database: Some(env.db()),
        env_lang: None,
    })
    .unwrap()
}

fn queue(env: &Env) -> Vec<serde_json::Value> {
    let r = env.run(&["print", "queue", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn a_sale_stored_while_the_printer_is_down_prints_once_when_it_is_back() {
    let env = Env::new();
    let port = free_port();
    let config = config_for(&env, port);
    std::fs::create_dir_all(env.db().parent().unwrap()).unwrap();
    let mut store = Store::open(&config.database).unwrap();
    let actor = Actor {
        name: "register:R1".into(),
        country: "FR".into(),
        role: Role::Cashier,
        register: "R1".into(),
        loyalty: config.loyalty.clone(),
        offline: None,
    };
    // A gift card sold for cash, as the register stores it: the drawer and the receipt
    // queued in the sale's transaction.
    let draft = service::gift_card_draft(
        None,
        Money::from_cents(2500),
        None,
        PaymentDraft::cash(None),
    )
    .unwrap();
    let order = spool::order(&config);
    let sale = service::store_sale_printed(&mut store, &actor, &draft, order.as_ref()).unwrap();
    // The register's worker tries: connection refused, both wait.
    let now = chrono::Utc::now();
    let r = spool::pass(&mut store, &config, "R1", now, 0, &mut Wire).unwrap();
    assert_eq!((r.printed, r.waiting), (0, 2), "{r:?}");
    let shown = env.run(&["sales", "show", &sale.number, "--json"]);
    assert_eq!(shown.code, 0, "the sale is stored: {}", shown.stderr);
    let jobs = queue(&env);
    assert_eq!(jobs.len(), 2);
    assert_eq!(jobs[0]["kind"], "drawer");
    assert_eq!(jobs[0]["attempts"], 1);
    assert!(jobs[0]["last_error"].as_str().unwrap().contains("offline"));
    assert_eq!(jobs[1]["kind"], "receipt");
    assert_eq!(jobs[1]["ticket"], sale.number.as_str());
    assert_eq!(jobs[1]["status"], "waiting");
    let (drawer, receipt) = (
        jobs[0]["id"].as_i64().unwrap(),
        jobs[1]["id"].as_i64().unwrap(),
    );
    // Asked again by hand while it is still down: exit 1, it waits.
    let r = env.run(&["print", "retry", &drawer.to_string()]);
    assert_eq!(r.code, 1, "{} {}", r.stdout, r.stderr);
    assert!(r.stdout.contains("it waits"), "{}", r.stdout);

    // The printer comes back on the same port.
    let (tx, printed) = mpsc::channel();
    fake_printer(TcpListener::bind(("127.0.0.1", port)).unwrap(), tx);
    let r = env.run(&["print", "retry", &drawer.to_string()]);
    assert_eq!(r.code, 0, "{} {}", r.stdout, r.stderr);
    assert_eq!(
        printed.recv_timeout(Duration::from_secs(10)).unwrap(),
        [0x1B, b'p', 0, 25, 250],
        "the drawer's kick"
    );
    // The worker's next pass sends the receipt, and only it.
    let later = chrono::Utc::now() + chrono::Duration::seconds(5);
    let r = spool::pass(&mut store, &config, "R1", later, 0, &mut Wire).unwrap();
    assert_eq!((r.printed, r.receipts, r.waiting), (1, 1, 0), "{r:?}");
    let bytes = printed.recv_timeout(Duration::from_secs(10)).unwrap();
    assert!(bytes.starts_with(&[0x1B, b'@', 0x1B, b't', 19]), "PC858");
    let code128: Vec<u8> = [
        &[0x1D, b'k', 73, 11, b'{', b'B'][..],
        sale.number.as_bytes(),
    ]
    .concat();
    assert_eq!(count(&bytes, &code128), 1, "the ticket's barcode, once");
    assert!(
        count(&bytes, b"Caf\x82 \x9Dresund") == 1,
        "the shop's name in PC858"
    );
    assert!(bytes.ends_with(&[0x1D, b'V', 66, 0]), "cut");
    // Once: nothing left, nothing sent again, a retry of a printed job refused.
    let r = spool::pass(&mut store, &config, "R1", later, 0, &mut Wire).unwrap();
    assert_eq!((r.printed, r.waiting), (0, 0));
    assert!(queue(&env).is_empty());
    let r = env.run(&["print", "retry", &receipt.to_string(), "--json"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("printed already"), "{}", r.stdout);
    assert!(printed.recv_timeout(Duration::from_millis(500)).is_err());
    // The test page and a reprint go straight to the printer.
    let r = env.run(&["print", "test"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = printed.recv_timeout(Duration::from_secs(10)).unwrap();
    // 32 columns on 58 mm paper: the line wraps before "50 €" (the euro at 0xD5).
    assert_eq!(
        count(
            &page,
            b"Caf\x82 Cr\x8Ame, \x9Dresund, Stra\xE1e, 12,\n50 \xD5"
        ),
        1
    );
    let r = env.run(&["sales", "print", &sale.number]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let again = printed.recv_timeout(Duration::from_secs(10)).unwrap();
    assert_eq!(count(&again, &code128), 1);
}

fn count(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len()).filter(|w| *w == needle).count()
}

#[test]
fn printer_strings_and_formats_are_checked_with_their_reason() {
    let env = Env::new();
    let r = env.run(&["print", "test", "--printer", "usb:lp0"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("is not a printer"), "{}", r.stderr);
    let r = env.run(&["print", "test", "--printer", "tcp://127.0.0.1:0"]);
    assert!(r.stderr.contains("port must be"), "{}", r.stderr);
    let r = env.run(&["print", "test", "--format", "pdf", "--json"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.json()["error"]["kind"], "usage");
    let r = env.run(&["print", "test"]);
    assert!(r.stderr.contains("no printer"), "{}", r.stderr);
    // A text test page to a file: appended, 0600.
    let out = env.path("receipts.txt");
    let to = format!("file:{}", out.display());
    let r = env.run(&["print", "test", "--printer", &to]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains("Café Crème, Øresund, Straße, 12,50 €"),
        "{text}"
    );
    let r = env.run(&["print", "queue"]);
    assert_eq!(r.stdout.trim(), "nothing waits to be printed");
}
