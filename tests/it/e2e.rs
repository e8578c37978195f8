//! End to end: the real binary in tmux at 80x24 on a demo database. Type a search, pick
//! the customer, see the name on the sale screen, ring up an item, pay by card, find the
//! sale in the card's History tab. Screens are read with `tmux capture-pane` and every
//! wait polls (no fixed sleeps). Skipped, saying so, only when tmux is missing.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use super::helpers::Env;

/// A tmux server and session of our own (private socket), killed on drop.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn cmd(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .output()
            .expect("run tmux")
    }

    fn start(env: &Env, db: &Path) -> Tmux {
        let t = Tmux {
            socket: format!("comptoir-e2e-{}", std::process::id()),
        };
        let dir = env.dir.path();
        let shell = format!(
            "env -i PATH=/usr/bin:/bin HOME={d} XDG_DATA_HOME={d}/data XDG_CONFIG_HOME={d}/config \
             TERM=xterm-256color {bin} --db {db}; sleep 60",
            d = dir.display(),
            bin = env!("CARGO_BIN_EXE_comptoir"),
            db = db.display()
        );
        let out = t.cmd(&[
            "new-session",
            "-d",
            "-x",
            "80",
            "-y",
            "24",
            "-s",
            "reg",
            &shell,
        ]);
        assert!(
            out.status.success(),
            "tmux: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        t
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.cmd(&["capture-pane", "-p", "-t", "reg"]).stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "reg"];
        args.extend(keys);
        assert!(self.cmd(&args).status.success());
    }

    fn text(&self, s: &str) {
        assert!(self
            .cmd(&["send-keys", "-t", "reg", "-l", s])
            .status
            .success());
    }

    /// Polls the screen until `pred` holds; fails with the last screen after 30 s.
    fn wait(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if pred(&s) {
                return s;
            }
            if start.elapsed() > Duration::from_secs(30) {
                panic!("timed out waiting for {what}; screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(40));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-server"]);
    }
}

#[test]
fn search_attach_pay_and_find_the_sale_in_history() {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("SKIPPED e2e: tmux is not installed (scripts/setup.sh installs it)");
        return;
    }
    let env = Env::new();
    let db = env.path("shop.db");
    let dbs = db.to_string_lossy().into_owned();
    let r = env.run(&["--db", &dbs, "demo", "--customers", "2000"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // A customer whose name is unique, and a product.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (first, last, postal): (String, String, String) = conn
        .query_row(
            "SELECT first_name, last_name, postal_code FROM customer
             WHERE kind = 'person' AND postal_code IS NOT NULL
               AND length(first_name) + length(last_name) < 24
             GROUP BY first_name, last_name HAVING COUNT(*) = 1
             ORDER BY last_name, first_name LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let code: String = conn
        .query_row("SELECT code FROM product ORDER BY code LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    drop(conn);
    let name = format!("{first} {last}");

    let t = Tmux::start(&env, &db);
    t.wait("the sale screen", |s| {
        s.contains("F2Cust") && s.contains("Code")
    });
    t.keys(&["F2"]);
    t.wait("the picker", |s| s.contains("Search (simple)"));
    t.text(&format!("{last} {first} {postal}"));
    t.wait("the customer in the results", |s| {
        s.contains(" 1 results") && s.contains(&name)
    });
    t.keys(&["Enter"]);
    let s = t.wait("the name on the sale screen", |s| {
        s.contains(&format!("Ticket - {name}"))
    });
    assert!(s.contains("Customer"), "{s}");
    t.text(&code);
    t.keys(&["Enter"]);
    t.wait("the line and the total", |s| {
        s.contains(&code) && s.contains("TOTAL EUR")
    });
    t.keys(&["F9"]);
    t.wait("the card payment question", |s| {
        s.contains("Card payment of")
    });
    t.keys(&["Enter"]);
    t.wait("the stored sale", |s| s.contains("Sale R1-000001 stored."));

    // The card of the same customer, from the picker, History tab.
    t.keys(&["F2"]);
    t.wait("the picker", |s| s.contains("Search (simple)"));
    t.text(&format!("{last} {first} {postal}"));
    t.wait("the customer in the results", |s| {
        s.contains(" 1 results") && s.contains(&name)
    });
    t.keys(&["F5"]);
    t.wait("the card", |s| {
        s.contains(&format!("Customer card - {name}"))
    });
    t.keys(&["Right"]);
    // A row of the History table (the status line may still name the sale too).
    let s = t.wait("the sale in History", |s| {
        s.contains("Date")
            && s.lines()
                .any(|l| l.starts_with('│') && l.contains("R1-000001"))
    });
    assert!(s.contains("Ticket"), "{s}");
    t.keys(&["C-q"]);
    t.wait("the register to quit", |s| !s.contains("Customer card"));

    let conn = rusqlite::Connection::open(&db).unwrap();
    let who: String = conn
        .query_row(
            "SELECT c.first_name || ' ' || c.last_name FROM sale s JOIN customer c ON c.id = s.customer_id
             WHERE s.number = 'R1-000001'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(who, name);
}
