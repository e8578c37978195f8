//! SMS from the command line against a loopback HTTP gateway: a sale's receipt queued by
//! `sales add` for a customer who asked, listed with its channel, sent by `outbox send`
//! with the key from the secrets file; a refusal failed with the gateway's reason,
//! sent again by the manager; `check-config` reading the key, never printing it.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{mpsc, Arc, Mutex};
use std::thread;
use std::time::Duration;

use crate::helpers::Env;

/// The test's gateway: answers each request with the next scripted status (then 200)
/// and hands every request it read to `requests`.
struct Gateway {
    port: u16,
    requests: mpsc::Receiver<String>,
}

impl Gateway {
    fn start(statuses: &[u16]) -> Gateway {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let script = Arc::new(Mutex::new(statuses.to_vec()));
        let (tx, requests) = mpsc::channel();
        thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(mut conn) = conn else { return };
                let _ = conn.set_read_timeout(Some(Duration::from_secs(10)));
                let req = read_request(&mut conn);
                let status = {
                    let mut s = script.lock().unwrap();
                    if s.is_empty() {
                        200
                    } else {
                        s.remove(0)
                    }
                };
                let body = if status == 200 {
                    "{\"status\": \"queued\"}"
                } else {
                    "{\"error\": \"invalid destination\"}"
                };
                let answer = format!(
                    "HTTP/1.1 {status} X\r\nContent-Length: {}\r\n\r\n{body}",
                    body.len()
                );
                let _ = conn.write_all(answer.as_bytes());
                let _ = tx.send(req);
            }
        });
        Gateway { port, requests }
    }

    fn next(&self) -> String {
        self.requests
            .recv_timeout(Duration::from_secs(10))
            .expect("a request reached the gateway")
    }
}

fn read_request(conn: &mut std::net::TcpStream) -> String {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let len = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            if buf.len() >= end + 4 + len {
                break;
            }
        }
        match conn.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    String::from_utf8_lossy(&buf).into_owned()
}

/// The config file (kept beside what is there) with `[sms]` on `port`, its key in a
/// 0600 secrets file.
fn configure(env: &Env, port: u16) {
    use std::os::unix::fs::PermissionsExt;
    let dir = env.dir.path().join("config/comptoir");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("config.toml");
    let before = std::fs::read_to_string(&file).unwrap_or_default();
    std::fs::write(
        &file,
        format!(
            "{before}[shop]\nname = \"Épicerie Zoé\"\nlocale = \"fr\"\n\
             [sms]\nurl = \"http://127.0.0.1:{port}/v1/sms\"\n\
             body = '{{\"to\": \"{{to}}\", \"text\": \"{{text}}\", \"from\": \"{{from}}\"}}'\n\
             from = \"EpicerieZoe\"\nauth_header = \"X-Api-Key\"\n"
        ),
    )
    .unwrap();
    let secrets = dir.join("secrets.toml");
    std::fs::write(&secrets, "[sms]\nauth = \"k3y-very-secret\"\n").unwrap();
    std::fs::set_permissions(&secrets, std::fs::Permissions::from_mode(0o600)).unwrap();
}

/// A demo shop whose first person asked for receipts by SMS; a sale to them through
/// `sales add`.
fn sell_to_a_texter(env: &Env) {
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
        "UPDATE customer SET receipt_by_sms = (id = ?1), receipt_by_email = 0,
                phone = CASE WHEN id = ?1 THEN '+33612345678' ELSE phone END",
        [&wants],
    )
    .unwrap();
    let id = uuid::Uuid::from_slice(&wants).unwrap().to_string();
    drop(conn);
    let sale = format!(r#"{{"customer": "{id}", "lines": [{{"code": "{code}"}}]}}"#);
    let r = env.run_with(&["sales", "add", "--json"], Some(&sale), &[]);
    assert_eq!(r.code, 0, "{} {}", r.stdout, r.stderr);
}

fn outbox(env: &Env) -> Vec<serde_json::Value> {
    let r = env.run(&["outbox", "list", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn sales_add_queues_the_sms_receipt_and_outbox_send_hands_it_to_the_gateway() {
    let env = Env::new();
    let gw = Gateway::start(&[]);
    configure(&env, gw.port);
    sell_to_a_texter(&env);
    let listed = outbox(&env);
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["channel"], "sms");
    assert_eq!(listed[0]["recipient"], "+33612345678");
    assert_eq!(listed[0]["status"], "queued");
    let text = env.run(&["outbox", "list"]);
    assert!(text.stdout.contains("queued   sms"), "{}", text.stdout);
    let r = env.run(&["outbox", "send"]);
    assert_eq!(r.code, 0, "{} {}", r.stdout, r.stderr);
    let req = gw.next();
    assert!(req.starts_with("POST /v1/sms HTTP/1.1\r\n"), "{req}");
    assert!(req.contains("X-Api-Key: k3y-very-secret\r\n"), "{req}");
    let body = req.split("\r\n\r\n").nth(1).unwrap();
    let v: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(v["to"], "+33612345678");
    assert_eq!(v["from"], "EpicerieZoe");
    let said = v["text"].as_str().unwrap();
    assert!(said.starts_with("Épicerie Zoé : ticket R1-"), "{said}");
    assert!(said.chars().count() <= 160, "{said}");
    assert_eq!(outbox(&env)[0]["status"], "sent");
    assert!(!r.stdout.contains("k3y") && !r.stderr.contains("k3y"));
}

#[test]
fn a_refusal_fails_with_the_gateways_reason_and_the_manager_sends_it_again() {
    let env = Env::with_manager_pin("246813");
    let gw = Gateway::start(&[400]);
    configure(&env, gw.port);
    sell_to_a_texter(&env);
    let r = env.run(&["outbox", "send"]);
    assert_eq!(r.code, 1, "{} {}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains(
            "failed: refused by the SMS gateway: HTTP 400: {\"error\": \"invalid destination\"}"
        ),
        "{}",
        r.stdout
    );
    gw.next();
    let listed = outbox(&env);
    assert_eq!(listed[0]["status"], "failed");
    assert!(listed[0]["last_error"]
        .as_str()
        .unwrap()
        .contains("HTTP 400"));
    let pin = [("COMPTOIR_MANAGER_PIN", "246813")];
    let r = env.run_with(&["outbox", "retry", "--all", "--json"], None, &pin);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = env.run(&["outbox", "send", "--json"]);
    assert_eq!(r.code, 0, "{} {}", r.stdout, r.stderr);
    assert_eq!(r.json()["sent"], 1);
    gw.next();
}

#[test]
fn check_config_reads_the_gateways_key_from_a_private_file_and_never_prints_it() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    configure(&env, 8080);
    let r = env.run(&["check-config"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("the X-Api-Key header is read from"),
        "{}",
        r.stderr
    );
    assert!(
        r.stdout.contains("\"auth_header\": \"X-Api-Key\""),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("k3y") && !r.stderr.contains("k3y"));
    let secrets = env.dir.path().join("config/comptoir/secrets.toml");
    std::fs::set_permissions(&secrets, std::fs::Permissions::from_mode(0o644)).unwrap();
    let r = env.run(&["check-config"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("chmod 600"), "{}", r.stderr);
    assert!(!r.stdout.contains("k3y") && !r.stderr.contains("k3y"));
}
