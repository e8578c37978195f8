//! End to end: the real binary in tmux at 80x24 on a demo database. Type a search, pick
//! the customer, see the name on the sale screen, ring up an item, pay by card, find the
//! sale in the card's History tab; and, as a manager, import a CSV file from the
//! customers list (dry run, confirm) and find the new customers; and, on an empty
//! database, set up the shop without a customer invented; and money: a wallet topped
//! up, a sale paid wallet + cash, a line refunded to store credit, the credit spent; and
//! a ticket parked, the register restarted, the ticket recalled with its customer; and a
//! sale for a customer who wants receipts by e-mail, delivered by the register's mail
//! worker to an SMTP server of the test; and a product added on the products screen and
//! sold through F5, a group in use deleted with its customers moved.
//! Screens are read with `tmux capture-pane` and every wait polls (no fixed sleeps).
//! Skipped, saying so, only when tmux is missing.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use super::helpers::Env;

/// A tmux server and session of our own (private socket), killed on drop.
pub(crate) struct Tmux {
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

    pub(crate) fn start(env: &Env, db: &Path) -> Tmux {
        // One server per test: tests run in parallel in one process.
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let t = Tmux {
            socket: format!("comptoir-e2e-{}-{n}", std::process::id()),
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

    pub(crate) fn screen(&self) -> String {
        String::from_utf8_lossy(&self.cmd(&["capture-pane", "-p", "-t", "reg"]).stdout).into_owned()
    }

    pub(crate) fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "reg"];
        args.extend(keys);
        assert!(self.cmd(&args).status.success());
    }

    pub(crate) fn text(&self, s: &str) {
        assert!(self
            .cmd(&["send-keys", "-t", "reg", "-l", s])
            .status
            .success());
    }

    /// Types `s` one key at a time, slower than a scanner (a 6-digit PIN sent at once
    /// followed by Enter is a scanner burst, which a PIN popup ignores).
    pub(crate) fn text_by_hand(&self, s: &str) {
        for c in s.chars() {
            self.text(&c.to_string());
            std::thread::sleep(Duration::from_millis(60));
        }
    }

    /// Polls the screen until `pred` holds; fails with the last screen after 30 s.
    pub(crate) fn wait(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
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

/// On the setup screen: the shop's name, an address whose postal code (69001) fills the
/// city, then the focus on the manager PIN (the fields between keep their defaults).
pub(crate) fn fill_setup(t: &Tmux, name: &str) {
    t.wait("the setup screen", |s| {
        s.contains("Set up the shop") && s.contains("nothing is invented")
    });
    t.text(name);
    t.keys(&["Tab"]);
    t.text("3 place du Marche");
    t.keys(&["Tab", "Tab"]);
    t.text("69001");
    t.wait("the city from the postal code", |s| s.contains("Lyon"));
    // Postal code -> PIN: city, country, currency, language, register, VAT, rates.
    t.keys(&["Tab"; 8]);
}

/// Whether tmux is here; without it a test says so and passes (scripts/setup.sh
/// installs it).
pub(crate) fn have_tmux() -> bool {
    let ok = Command::new("tmux").arg("-V").output().is_ok();
    if !ok {
        eprintln!("SKIPPED e2e: tmux is not installed (scripts/setup.sh installs it)");
    }
    ok
}

/// A demo database of 2,000 customers in the test's directory (`extra`: more options).
fn demo(env: &Env, extra: &[&str]) -> std::path::PathBuf {
    let db = env.path("shop.db");
    let dbs = db.to_string_lossy().into_owned();
    let mut args = vec!["--db", &dbs, "demo", "--customers", "2000"];
    args.extend(extra);
    let r = env.run(&args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    db
}

#[test]
fn search_attach_pay_and_find_the_sale_in_history() {
    if !have_tmux() {
        return;
    }
    let env = Env::new();
    let db = demo(&env, &[]);
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
        s.contains("F2 Customer") && s.contains("Code") && s.contains("F1 Help")
    });
    // F1: the keys of the sale screen, in words; Esc closes the list.
    t.keys(&["F1"]);
    t.wait("the help of the sale screen", |s| {
        s.contains("Keys: Sale screen") && s.contains("Pays the ticket:")
    });
    t.keys(&["Escape"]);
    t.wait("the help to close", |s| {
        !s.contains("Keys: Sale screen") && s.contains("F2 Customer")
    });
    t.keys(&["F2"]);
    t.wait("the picker", |s| s.contains("Search (simple)"));
    t.text(&format!("{last} {first} {postal}"));
    t.wait("the customer in the results", |s| {
        s.contains(" 1 results") && s.contains(&name)
    });
    t.keys(&["Enter"]);
    // Both in one frame (a capture can catch a frame half drawn).
    t.wait("the name on the sale screen", |s| {
        s.contains(&format!("Ticket - {name}")) && s.contains("Customer")
    });
    t.text(&code);
    t.keys(&["Enter"]);
    t.wait("the line and the total", |s| {
        s.contains(&code) && s.contains("TOTAL") && s.contains('€')
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

#[test]
fn manager_imports_a_csv_from_the_register() {
    if !have_tmux() {
        return;
    }
    let env = Env::new();
    let db = demo(&env, &["--no-sales"]);
    let hash = env.run_with(&["hash-pin"], Some("246813\n"), &[]);
    assert_eq!(hash.code, 0, "{}", hash.stderr);
    let config = env.path("config/comptoir/config.toml");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    std::fs::write(
        &config,
        format!("[manager]\npin_hash = \"{}\"\n", hash.stdout.trim()),
    )
    .unwrap();
    let files = env.path("usb");
    std::fs::create_dir_all(&files).unwrap();
    std::fs::write(
        files.join("clients.csv"),
        "First Name,Last Name,Email,Phone\n\
         Ophelie,Quinterro,ophelie.q@example.fr,+33 6 98 76 54 32\n\
         Barnabe,Quinterro,barnabe.q@example.fr,\n\
         ,,not-an-email,\n",
    )
    .unwrap();
    let count = || -> i64 {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.query_row("SELECT COUNT(*) FROM customer", [], |r| r.get(0))
            .unwrap()
    };
    let before = count();

    let t = Tmux::start(&env, &db);
    t.wait("the sale screen", |s| s.contains("F2 Customer"));
    t.keys(&["F11"]);
    t.wait("the PIN", |s| s.contains("PIN"));
    t.text_by_hand("246813");
    t.keys(&["Enter"]);
    t.wait("the manager role", |s| s.contains("[MANAGER until "));
    t.keys(&["F10"]);
    t.wait("the customers list", |s| s.contains("F7 Import"));
    t.keys(&["F7"]);
    t.wait("the import screen", |s| {
        s.contains("choose a CSV or vCard file")
    });
    t.text(&format!("{}/", files.display()));
    t.keys(&["Enter"]);
    t.wait("the folder listed", |s| s.contains("clients.csv"));
    t.text("clients");
    t.keys(&["Enter"]);
    let s = t.wait("the dry-run report", |s| {
        s.contains("Dry run: nothing written yet") && s.contains("to create 2")
    });
    assert!(s.contains("refused 1"), "{s}");
    assert_eq!(count(), before, "the dry run wrote nothing");
    t.keys(&["F10"]);
    t.wait("the confirmation", |s| s.contains("It creates 2"));
    t.keys(&["Enter"]);
    t.wait("the final report", |s| {
        s.contains("Import done") && s.contains("created 2")
    });
    assert_eq!(count(), before + 2);
    assert!(files.join("clients.rejected.csv").exists());
    // Back to the list, then the sale screen: the new customers are found at once.
    t.keys(&["Enter"]);
    t.wait("the customers list", |s| s.contains("F7 Import"));
    t.keys(&["Escape"]);
    t.wait("the sale screen", |s| s.contains("F2 Customer"));
    t.keys(&["F2"]);
    t.wait("the picker", |s| s.contains("Search (simple)"));
    t.text("quinterro");
    t.wait("both imported customers", |s| {
        s.contains(" 2 results") && s.contains("Ophelie Quinterro")
    });
    // A phone, typed as people say it, is a default search field.
    t.keys(&["BSpace"; 9]);
    t.wait("an empty search", |s| !s.contains("quinterro"));
    t.text("06 98 76 54");
    t.wait("the customer by phone", |s| {
        s.contains(" 1 results") && s.contains("Ophelie Quinterro")
    });
    t.keys(&["C-q"]);
}

#[test]
fn first_start_on_an_empty_database_sets_up_the_shop_and_invents_nothing() {
    if !have_tmux() {
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let db = env.path("shop.db");
    let t = Tmux::start(&env, &db);
    fill_setup(&t, "Chez Lulu");
    t.text("246813");
    t.keys(&["Tab"]);
    t.text("246831");
    // Typed too fast, digits then Enter would read as a scan: Enter once they show.
    t.wait("the second PIN", |s| s.contains("PIN again       ******"));
    t.keys(&["Enter"]);
    t.wait("the PINs refused", |s| s.contains("The two PINs differ"));
    for _ in 0..6 {
        t.keys(&["BSpace"]);
    }
    t.text("246813");
    t.wait("the second PIN again", |s| {
        s.contains("PIN again       ******")
    });
    t.keys(&["F10"]);
    let s = t.wait("the next steps", |s| s.contains("What next?"));
    assert!(s.contains("Settings saved to"), "{s}");
    assert!(!s.contains("246813"), "the PIN is never shown: {s}");
    t.keys(&["Down", "Enter"]);
    let s = t.wait("the sale screen", |s| s.contains("F2 Customer"));
    assert!(s.contains("Chez Lulu"), "the new shop name at once: {s}");
    t.keys(&["C-q"]);
    t.wait("the register closed", |s| !s.contains("F2 Customer"));

    let dbs = db.to_string_lossy().into_owned();
    let list = env.run(&["--db", &dbs, "customers", "list", "--json"]);
    assert_eq!(list.code, 0, "{}", list.stderr);
    assert_eq!(
        list.stdout.trim(),
        "",
        "no customer invented: {}",
        list.stdout
    );
    let conn = rusqlite::Connection::open(&db).unwrap();
    let sales: i64 = conn
        .query_row("SELECT COUNT(*) FROM sale", [], |r| r.get(0))
        .unwrap();
    assert_eq!(sales, 0);
    let config = env.path("config/comptoir/config.toml");
    let mode = std::fs::metadata(&config).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let dir_mode = std::fs::metadata(config.parent().unwrap())
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(dir_mode & 0o777, 0o700);
    let checked = env.run(&["check-config"]);
    assert_eq!(checked.code, 0, "{}", checked.stderr);
    assert!(checked.stdout.contains("Chez Lulu"), "{}", checked.stdout);
    assert!(checked.stdout.contains("69001 Lyon"), "{}", checked.stdout);
    assert!(checked.stdout.contains("\"5.5\""), "{}", checked.stdout);
    // The next start opens on the sale screen: the shop is set up.
    let t = Tmux::start(&env, &db);
    t.wait("the sale screen", |s| {
        s.contains("F2 Customer") && s.contains("Chez Lulu")
    });
    t.keys(&["C-q"]);
}

/// A unique customer of a demo database ("First Last", the picker's query for them) and
/// the codes of the products at 8.90 and 12.90.
fn customer_and_products(db: &Path) -> (String, String, String, String) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let (first, last, postal): (String, String, String) = conn
        .query_row(
            "SELECT first_name, last_name, postal_code FROM customer
             WHERE kind = 'person' AND postal_code IS NOT NULL
               AND length(first_name) + length(last_name) < 24
             GROUP BY first_name, last_name HAVING COUNT(*) = 1
             ORDER BY last_name DESC, first_name LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let code = |cents: i64| -> String {
        conn.query_row(
            "SELECT code FROM product WHERE price_cents = ?1 ORDER BY code LIMIT 1",
            [cents],
            |r| r.get(0),
        )
        .unwrap()
    };
    let (a, b) = (code(890), code(1290));
    (
        format!("{first} {last}"),
        format!("{last} {first} {postal}"),
        a,
        b,
    )
}

impl Tmux {
    /// F2, the query, Enter: the customer on the ticket.
    fn attach(&self, name: &str, query: &str) {
        self.keys(&["F2"]);
        self.wait("the picker", |s| s.contains("Search (simple)"));
        self.text(query);
        self.wait("the customer in the results", |s| {
            s.contains(" 1 results") && s.contains(name)
        });
        self.keys(&["Enter"]);
        self.wait("the name on the sale screen", |s| {
            s.contains(&format!("Ticket - {name}"))
        });
    }

    fn ring_up(&self, code: &str) {
        self.text(code);
        self.keys(&["Enter"]);
        self.wait("the line", |s| {
            s.contains(code) && s.contains("TOTAL") && s.contains('€')
        });
    }
}

#[test]
fn top_up_pay_wallet_and_cash_refund_a_line_to_store_credit_and_spend_it() {
    if !have_tmux() {
        return;
    }
    let env = Env::with_manager_pin("246813");
    let db = demo(&env, &[]);
    let (name, query, coffee, beans) = customer_and_products(&db);
    let t = Tmux::start(&env, &db);
    t.wait("the sale screen", |s| s.contains("F2 Customer"));
    t.attach(&name, &query);

    // Ctrl+T: 20.00 into the wallet, in cash; the panel shows it.
    t.keys(&["C-t"]);
    t.wait("the top-up window", |s| s.contains("Top up the wallet"));
    t.text("20");
    t.keys(&["Enter"]);
    t.wait("the top-up stored and the wallet on the panel", |s| {
        s.contains("Wallet topped up by 20.00") && s.contains("Wallet 20.00")
    });

    // 12.90 + 8.90 = 21.80: the wallet's 20.00, then 5.00 in cash, 3.20 back.
    t.ring_up(&beans);
    t.ring_up(&coffee);
    t.keys(&["F8"]);
    t.wait("the payment window", |s| s.contains("Left to pay: 21.80"));
    t.keys(&["Down", "Down"]);
    t.wait("the wallet selected", |s| {
        s.contains(">Wallet          20.00 available")
    });
    t.keys(&["Enter"]);
    t.wait("the wallet payment added", |s| {
        s.contains("+ Wallet 20.00") && s.contains("Left to pay: 1.80")
    });
    t.text("5");
    t.wait("the change", |s| s.contains("Change due: 3.20"));
    t.keys(&["Enter"]);
    t.wait("the sale stored, each payment shown", |s| {
        s.contains("Sale R1-000002 stored.")
            && s.contains("paid (Wallet)")
            && s.contains("paid (Cash)")
            && s.contains("3.20")
    });

    // The card's History: F7 on the sale, the 8.90 line, to store credit, the PIN.
    t.keys(&["F2"]);
    t.wait("the picker", |s| s.contains("Search (simple)"));
    t.text(&query);
    t.wait("the customer in the results", |s| s.contains(" 1 results"));
    t.keys(&["F5"]);
    t.wait("the card", |s| {
        s.contains(&format!("Customer card - {name}"))
    });
    t.keys(&["Right"]);
    t.wait("the sale in History", |s| {
        s.contains(">") && s.contains("R1-000002")
    });
    t.keys(&["F7"]);
    t.wait("the refund window", |s| s.contains("Refund R1-000002"));
    t.keys(&["Down"]);
    t.text("+");
    t.keys(&["F2"]);
    t.wait("one line to store credit", |s| {
        s.contains("< store credit >") && s.contains("To give back: 8.90")
    });
    t.keys(&["Enter"]);
    t.wait("the PIN", |s| s.contains("Manager PIN"));
    t.text_by_hand("246813");
    t.keys(&["Enter"]);
    t.wait("the refund stored", |s| {
        s.contains("Refund R1-000003 stored: 8.90 given back (store credit).")
    });
    t.keys(&["Tab", "Tab"]);
    t.wait("the credit on the Loyalty tab", |s| {
        s.contains("[Loyalty]") && s.contains("Store credit    : 8.90")
    });

    // Back at the till: the 8.90 item paid with the credit note.
    t.keys(&["Escape"]);
    t.wait("the picker", |s| s.contains("Search (simple)"));
    t.keys(&["Escape"]);
    t.wait("the sale screen", |s| s.contains("F2 Customer"));
    t.attach(&name, &query);
    t.ring_up(&coffee);
    t.keys(&["F8"]);
    t.wait("the payment window", |s| s.contains("Left to pay: 8.90"));
    t.keys(&["Down", "Down", "Down"]);
    t.wait("the store credit selected", |s| {
        s.contains(">Store credit    8.90 available")
    });
    t.keys(&["Enter"]);
    t.wait("the sale paid by the credit", |s| {
        s.contains("Sale R1-000004 stored.") && s.contains("paid (Store credit)")
    });
    t.keys(&["C-q"]);
    t.wait("the register to quit", |s| !s.contains("F2 Customer"));

    // The same balances from the command line.
    let dbs = db.to_string_lossy().into_owned();
    let id: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT customer_id FROM sale WHERE number = 'R1-000004'",
            [],
            |r| r.get::<_, Vec<u8>>(0),
        )
        .map(|b| uuid::Uuid::from_slice(&b).unwrap().to_string())
        .unwrap();
    let r = env.run(&["--db", &dbs, "customers", "balance", &id, "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let b = r.json();
    assert_eq!(
        (b["wallet"].as_str(), b["store_credit"].as_str()),
        (Some("0.00"), Some("0.00"))
    );
    let v = env.run(&["--db", &dbs, "journal", "verify"]);
    assert_eq!(v.code, 0, "{}", v.stdout);
}

#[test]
fn a_parked_ticket_is_recalled_with_its_customer_after_the_register_restarts() {
    if !have_tmux() {
        return;
    }
    let env = Env::new();
    let db = demo(&env, &[]);
    let (name, query, coffee, beans) = customer_and_products(&db);
    let t = Tmux::start(&env, &db);
    t.wait("the sale screen", |s| s.contains("F2 Customer"));
    t.attach(&name, &query);
    t.ring_up(&beans);
    t.ring_up(&coffee);
    t.keys(&["C-p"]);
    t.wait("the ticket parked and cleared", |s| {
        s.contains(&format!("Ticket parked (2 lines, {name})."))
            && !s.contains(&format!("Ticket - {name}"))
            && s.contains("^R Recall")
    });
    t.keys(&["C-q"]);
    t.wait("the register to quit", |s| !s.contains("F2 Customer"));
    drop(t);

    let t = Tmux::start(&env, &db);
    t.wait("the sale screen", |s| s.contains("F2 Customer"));
    t.keys(&["C-r"]);
    t.wait("the recall window", |s| {
        s.contains("Parked tickets") && s.contains(&name) && s.contains("2 lines")
    });
    t.keys(&["Enter"]);
    t.wait("the ticket back with its customer", |s| {
        s.contains(&format!("Ticket recalled (2 lines, {name})."))
            && s.contains(&format!("Ticket - {name}"))
            && s.contains(&coffee)
            && s.contains(&beans)
    });
    t.keys(&["C-q"]);
    t.wait("the register to quit", |s| !s.contains("F2 Customer"));
}

/// A customer who asked for receipts by e-mail: the payment window offers it (on), the
/// sale stores its message with it, the register's mail worker delivers it to the
/// test's SMTP server at once, and History says so.
#[test]
fn a_sale_for_a_customer_who_wants_e_mail_receipts_is_delivered_by_the_register() {
    if !have_tmux() {
        return;
    }
    let env = Env::new();
    let db = demo(&env, &[]);
    let (name, query, coffee, _) = customer_and_products(&db);
    let (first, last) = name.split_once(' ').unwrap();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let n = conn
        .execute(
            "UPDATE customer SET email = 'client@example.com', receipt_by_email = 1
             WHERE first_name = ?1 AND last_name = ?2",
            [first, last],
        )
        .unwrap();
    assert_eq!(n, 1);
    drop(conn);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = super::email::Server::start(listener, &[]);
    let dir = env.dir.path().join("config/comptoir");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("config.toml"),
        format!(
            "[email]\nsmtp = \"smtp://127.0.0.1:{port}\"\ntls = \"none\"\nfrom = \"shop@example.com\"\n"
        ),
    )
    .unwrap();

    let t = Tmux::start(&env, &db);
    t.wait("the sale screen", |s| s.contains("F2 Customer"));
    t.attach(&name, &query);
    t.ring_up(&coffee);
    t.keys(&["F8"]);
    t.wait("the payment window offering the e-mail", |s| {
        s.contains("F2 receipt by e-mail: yes") && s.contains("client@example.com")
    });
    t.keys(&["Enter"]);
    t.wait("the stored sale", |s| s.contains("Sale R1-000001 stored."));
    let m = server.next();
    assert_eq!(m.to, ["<client@example.com>"]);
    assert!(m.data.contains("multipart/alternative"), "{}", m.data);

    t.keys(&["F2"]);
    t.wait("the picker", |s| s.contains("Search (simple)"));
    t.text(&query);
    t.wait("the customer in the results", |s| s.contains(" 1 results"));
    t.keys(&["F5"]);
    t.wait("the card", |s| {
        s.contains(&format!("Customer card - {name}"))
    });
    t.keys(&["Right"]);
    t.wait("the e-mail sent in History", |s| {
        s.lines()
            .any(|l| l.contains("R1-000001") && l.contains("e-mail sent"))
    });
    t.keys(&["C-q"]);
    t.wait("the register to quit", |s| !s.contains("Customer card"));
    let listed = env.run(&["--db", &db.to_string_lossy(), "outbox", "list", "--json"]);
    assert!(
        listed.stdout.contains("\"status\":\"sent\""),
        "{}",
        listed.stdout
    );
    server.nothing_more();
}

#[test]
fn a_manager_adds_a_product_on_the_products_screen_sells_it_and_deletes_a_group_in_use() {
    if !have_tmux() {
        return;
    }
    let env = Env::new();
    let db = demo(&env, &["--no-sales"]);
    let hash = env.run_with(&["hash-pin"], Some("246813\n"), &[]);
    assert_eq!(hash.code, 0, "{}", hash.stderr);
    let config = env.path("config/comptoir/config.toml");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    std::fs::write(
        &config,
        format!("[manager]\npin_hash = \"{}\"\n", hash.stdout.trim()),
    )
    .unwrap();
    let one = |sql: &str| -> i64 {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.query_row(sql, [], |r| r.get(0)).unwrap()
    };
    let trade = one(
        "SELECT COUNT(*) FROM customer c JOIN customer_group g ON g.id = c.group_id
         WHERE g.name = 'Trade' AND c.anonymised = 0",
    );
    assert!(trade > 0, "the demo puts customers in Trade");

    let t = Tmux::start(&env, &db);
    t.wait("the sale screen", |s| s.contains("F2 Customer"));
    t.keys(&["F10"]);
    t.wait("the PIN", |s| s.contains("PIN"));
    t.text_by_hand("246813");
    t.keys(&["Enter"]);
    t.wait("the customers list", |s| s.contains("F8 Products"));
    t.keys(&["F8"]);
    t.wait("the products screen", |s| s.contains("F7 Archive"));
    t.keys(&["F4"]);
    t.wait("the product form", |s| s.contains("New product"));
    t.text_by_hand("CREPE-1");
    t.keys(&["Tab"]);
    t.text("Crêpe au sucre");
    t.keys(&["Tab"]);
    t.text("3,50");
    t.keys(&["F10"]);
    t.wait("the product added", |s| {
        s.contains("Product Crêpe au sucre added") && s.contains(">CREPE-1")
    });
    assert_eq!(
        one("SELECT price_cents FROM product WHERE code = 'CREPE-1' AND active = 1"),
        350
    );
    // The sale screen's F5 finds it at once (a typo in the search).
    t.keys(&["Escape"]);
    t.wait("the customers list", |s| s.contains("F8 Products"));
    t.keys(&["Escape"]);
    t.wait("the sale screen", |s| s.contains("F2 Customer"));
    t.keys(&["F5"]);
    t.text("crpe suc");
    // Its code, not its name: the status line may still say "Product Crêpe au sucre
    // added".
    t.wait("the item found", |s| s.contains("CREPE-1"));
    t.keys(&["Enter"]);
    t.wait("the line on the ticket", |s| {
        s.contains("CREPE-1") && !s.contains("Find an item")
    });
    // The groups screen: Trade deleted, its customers to VIP.
    t.keys(&["F10"]);
    t.wait("the customers list", |s| s.contains("F9 Groups"));
    t.keys(&["F9"]);
    t.wait("the groups screen", |s| {
        s.contains("Trade") && s.contains("F7 Delete")
    });
    t.keys(&["Down"]);
    t.wait("Trade selected", |s| s.contains(">Trade"));
    t.keys(&["F7"]);
    t.wait("the question", |s| s.contains("Where do they go"));
    t.keys(&["Down", "Down"]);
    t.wait("VIP chosen", |s| s.contains(">Group VIP"));
    t.keys(&["Enter"]);
    t.wait("the group deleted", |s| s.contains("Group Trade deleted"));
    assert_eq!(
        one("SELECT COUNT(*) FROM customer_group WHERE name = 'Trade'"),
        0
    );
    let actions = one("SELECT COUNT(*) FROM audit_log
         WHERE action IN ('product.create', 'group.delete') AND detail LIKE '%manager%'");
    assert_eq!(actions, 2);
}

#[test]
fn a_manager_reads_the_reports_and_closes_the_day_with_the_cash_counted() {
    if !have_tmux() {
        return;
    }
    let env = Env::new();
    let db = demo(&env, &[]);
    let hash = env.run_with(&["hash-pin"], Some("246813\n"), &[]);
    assert_eq!(hash.code, 0, "{}", hash.stderr);
    let config = env.path("config/comptoir/config.toml");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    std::fs::write(
        &config,
        format!("[manager]\npin_hash = \"{}\"\n", hash.stdout.trim()),
    )
    .unwrap();
    let one = |sql: &str| -> i64 {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.query_row(sql, [], |r| r.get(0)).unwrap()
    };
    let t = Tmux::start(&env, &db);
    t.wait("the sale screen", |s| s.contains("F2 Customer"));
    t.keys(&["F10"]);
    t.wait("the PIN", |s| s.contains("PIN"));
    t.text_by_hand("246813");
    t.keys(&["Enter"]);
    t.wait("the customers list", |s| s.contains("F6 Reports"));
    // Last month, whole: the demo sold on its days (computed in the background).
    t.keys(&["F6"]);
    t.wait("the reports screen", |s| s.contains("[Days]"));
    t.keys(&["F4"]);
    t.wait("last month's days", |s| {
        s.contains("Goods per day") && s.contains("Total")
    });
    t.keys(&["Tab"]);
    t.wait("the groups", |s| s.contains("Goods per customer group"));
    t.keys(&["BTab", "BTab"]);
    t.wait("today's Z", |s| s.contains("not closed"));
    t.keys(&["Down"]);
    t.text_by_hand("12,34");
    t.keys(&["F10"]);
    t.wait("the question", |s| s.contains("Close register"));
    t.keys(&["Enter"]);
    t.wait("the day closed", |s| s.contains("closed; difference"));
    assert_eq!(
        one("SELECT COUNT(*) FROM closing WHERE counted_cents = 1234"),
        1
    );
    assert_eq!(
        one("SELECT COUNT(*) FROM audit_log WHERE action = 'closing.create'"),
        1
    );
    // Closed: F10 says so and writes nothing more.
    t.keys(&["F10"]);
    t.wait("already closed", |s| s.contains("is closed already"));
    assert_eq!(one("SELECT COUNT(*) FROM closing"), 1);
}
