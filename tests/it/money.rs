//! Money through the real binary: a wallet topped up, a sale paid wallet + cash, one
//! line refunded to store credit, the credit spent; balances read back with
//! `customers balance`; the journal verified; and two processes racing for one wallet.

use std::process::Stdio;

use crate::helpers::Env;

const PIN: &str = "246813";

/// A demo shop with a manager PIN: a customer id and a product code (8.90).
fn shop() -> (Env, String, String) {
    let env = Env::with_manager_pin(PIN);
    assert_eq!(
        env.run(&["demo", "--customers", "20", "--seed", "5"]).code,
        0
    );
    let list = env.run(&["customers", "list", "--json", "--limit", "1"]);
    let id = serde_json::from_str::<serde_json::Value>(list.stdout.lines().next().unwrap())
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let code: String = conn
        .query_row(
            "SELECT code FROM product WHERE price_cents = 890 LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    (env, id, code)
}

fn balance(env: &Env, id: &str) -> serde_json::Value {
    let r = env.run(&["customers", "balance", id, "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.json()
}

#[test]
fn top_up_pay_wallet_and_cash_refund_to_credit_spend_it() {
    let (env, id, code) = shop();
    // The demo's year of sales earned points already.
    let points = balance(&env, &id)["points"].as_i64().unwrap();
    let r = env.run(&["wallet", "top-up", &id, "20", "--method", "card", "--json"]);
    assert_eq!(r.code, 0, "{} {}", r.stdout, r.stderr);
    assert_eq!(balance(&env, &id)["wallet"], "20.00");

    let sale = format!(
        r#"{{"customer": "{id}", "lines": [{{"code": "{code}", "qty": "2"}}],
            "payments": [{{"method": "wallet", "amount": "12.00"}},
                         {{"method": "cash", "tendered": "10"}}]}}"#
    );
    let r = env.run_with(&["sales", "add", "--json"], Some(&sale), &[]);
    assert_eq!(r.code, 0, "{} {}", r.stdout, r.stderr);
    let s = r.json();
    assert_eq!(s["total"], "17.80");
    assert_eq!(s["change"], "4.20");
    assert_eq!(s["points_earned"], 5);
    let ticket = s["ticket"].as_str().unwrap().to_string();
    let b = balance(&env, &id);
    assert_eq!(
        (b["wallet"].as_str(), b["points"].as_i64()),
        (Some("8.00"), Some(points + 5))
    );

    // A refund without the PIN is refused and stores nothing.
    let before = env.count("sale");
    let line = format!("{code}:1");
    let r = env.run(&[
        "sales", "refund", &ticket, "--line", &line, "--to", "credit", "--json",
    ]);
    assert_eq!(r.code, 1);
    assert_eq!(env.count("sale"), before);
    let r = env.run_with(
        &[
            "sales", "refund", &ticket, "--line", &line, "--to", "credit", "--json",
        ],
        None,
        &[("COMPTOIR_MANAGER_PIN", PIN)],
    );
    assert_eq!(r.code, 0, "{} {}", r.stdout, r.stderr);
    assert_eq!(r.json()["total"], "-8.90");
    let b = balance(&env, &id);
    assert_eq!(b["store_credit"], "8.90");

    let spend = format!(
        r#"{{"customer": "{id}", "lines": [{{"code": "{code}"}}],
            "payments": [{{"method": "credit"}}]}}"#
    );
    let r = env.run_with(&["sales", "add", "--json"], Some(&spend), &[]);
    assert_eq!(r.code, 0, "{} {}", r.stdout, r.stderr);
    let b = balance(&env, &id);
    assert_eq!(
        (b["store_credit"].as_str(), b["wallet"].as_str()),
        (Some("0.00"), Some("8.00"))
    );

    // Spending it twice is refused, naming the balance.
    let r = env.run_with(&["sales", "add", "--json"], Some(&spend), &[]);
    assert_eq!(r.code, 1);
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not enough credit"),
        "{}",
        r.stdout
    );
    let r = env.run(&["journal", "verify", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let r = env.run(&["journal", "close", "--cash", "12.80", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["cash_expected"], "5.80");

    // A sale edited behind the register's back (its guard dropped first) is named.
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute_batch(&format!(
        "DROP TRIGGER sale_line_no_update;
         UPDATE sale_line SET quantity = '1', total_cents = 890
          WHERE sale_id = (SELECT id FROM sale WHERE number = '{ticket}')"
    ))
    .unwrap();
    drop(conn);
    let r = env.run(&["journal", "verify", "--json"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let breaks = &r.json()["report"]["breaks"];
    assert_eq!(breaks.as_array().map(Vec::len), Some(1), "{breaks}");
    assert_eq!(breaks[0]["problem"], "its sale was changed in the tables");
    assert_eq!(breaks[0]["register"], "R1");
}

#[test]
fn two_processes_spending_one_wallet_never_take_it_below_zero() {
    let (env, id, code) = shop();
    for round in 0..5 {
        let r = env.run(&["wallet", "top-up", &id, "10", "--json"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let spend = format!(
            r#"{{"customer": "{id}", "lines": [{{"code": "{code}"}}],
                "payments": [{{"method": "wallet"}}]}}"#
        );
        let children: Vec<_> = (0..2)
            .map(|_| {
                let mut c = env.command(&["sales", "add", "--json"]);
                let mut child = c
                    .stdin(Stdio::piped())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap();
                (child.stdin.take().unwrap(), child)
            })
            .collect();
        // Both read their sale at the same moment, then race for the write lock.
        let children: Vec<_> = children
            .into_iter()
            .map(|(mut stdin, child)| {
                use std::io::Write;
                stdin.write_all(spend.as_bytes()).unwrap();
                drop(stdin);
                child
            })
            .collect();
        let codes: Vec<i32> = children
            .into_iter()
            .map(|c| c.wait_with_output().unwrap().status.code().unwrap())
            .collect();
        let mut sorted = codes.clone();
        sorted.sort();
        // One 8.90 fits in 10.00 (plus what earlier rounds left), never two: the
        // second process waits for the first's commit, then finds the wallet short.
        assert_eq!(sorted, vec![0, 1], "round {round}");
    }
    assert_eq!(balance(&env, &id)["wallet"], "5.50");
    let r = env.run(&["check-store", "--json", "--no-index"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let v = env.run(&["journal", "verify"]);
    assert_eq!(v.code, 0, "{}", v.stdout);
}

/// A customer with a credit limit, two sales on account and a settlement, all through the
/// CLI; then `account statement`: the movements oldest first with their tickets and what
/// was owed after each, the opening balance before --since, the closing balance and the
/// limit; its CSV is an export of personal data (PIN, audit entry, a 0600 file).
#[test]
fn an_account_statement_runs_the_balance_and_its_csv_is_a_private_audited_file() {
    use std::os::unix::fs::PermissionsExt;

    let (env, _, code) = shop();
    let pin = [("COMPTOIR_MANAGER_PIN", PIN)];
    let added = env.run_with(
        &["customers", "add", "--json"],
        Some(r#"{"first_name": "Ada", "last_name": "Comptecourant"}"#),
        &[],
    );
    assert_eq!(added.code, 0, "{}", added.stderr);
    let id = added.json()["id"].as_str().unwrap().to_string();
    let limit = r#"{"account": {"credit_limit": "500.00"}}"#;
    let r = env.run_with(&["customers", "edit", &id, "--json"], Some(limit), &pin);
    assert_eq!(r.code, 0, "{} {}", r.stdout, r.stderr);

    let mut tickets = Vec::new();
    for qty in ["2", "1"] {
        let sale = format!(
            r#"{{"customer": "{id}", "lines": [{{"code": "{code}", "qty": "{qty}"}}],
                "payments": [{{"method": "account"}}]}}"#
        );
        let r = env.run_with(&["sales", "add", "--json"], Some(&sale), &[]);
        assert_eq!(r.code, 0, "{} {}", r.stdout, r.stderr);
        tickets.push(r.json()["ticket"].as_str().unwrap().to_string());
    }
    let r = env.run(&["account", "pay", &id, "10", "--method", "cash", "--json"]);
    assert_eq!(r.code, 0, "{} {}", r.stdout, r.stderr);
    tickets.push(r.json()["ticket"].as_str().unwrap().to_string());
    assert_eq!(balance(&env, &id)["owed"], "16.70");

    // JSON: oldest first, each with its ticket and the running balance.
    let r = env.run(&["account", "statement", &id, "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    let lines: Vec<(String, String, String, String)> = v["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let s = |k: &str| l[k].as_str().unwrap_or("").to_string();
            (s("ticket"), s("reason"), s("amount"), s("balance"))
        })
        .collect();
    let expected = [
        (&tickets[0], "sale", "17.80", "17.80"),
        (&tickets[1], "sale", "8.90", "26.70"),
        (&tickets[2], "settlement", "-10.00", "16.70"),
    ]
    .map(|(t, r, a, b)| (t.clone(), r.into(), a.into(), b.into()));
    assert_eq!(lines, expected);
    assert_eq!(
        (
            &v["opening"],
            &v["closing"],
            &v["credit_limit"],
            &v["truncated"]
        ),
        (
            &serde_json::json!("0.00"),
            &serde_json::json!("16.70"),
            &serde_json::json!("500.00"),
            &serde_json::json!(false)
        )
    );

    // --since: what was owed before the date opens the statement.
    let today = chrono::Utc::now().date_naive();
    let tomorrow = (today + chrono::Days::new(1)).to_string();
    let v = env
        .run(&["account", "statement", &id, "--since", &tomorrow, "--json"])
        .json();
    assert_eq!(
        (&v["opening"], &v["closing"]),
        (&"16.70".into(), &"16.70".into())
    );
    assert_eq!(v["lines"].as_array().map(Vec::len), Some(0));
    let v = env
        .run(&[
            "account",
            "statement",
            &id,
            "--since",
            &today.to_string(),
            "--json",
        ])
        .json();
    assert_eq!(v["opening"], "0.00");
    assert_eq!(v["lines"].as_array().map(Vec::len), Some(3));

    // Text: the same, readable.
    let r = env.run(&["account", "statement", &id]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("Ada Comptecourant"), "{}", r.stdout);
    assert!(r.stdout.contains("credit limit  500.00"), "{}", r.stdout);
    assert!(r.stdout.contains(&tickets[2]), "{}", r.stdout);
    assert!(r.stdout.contains("owed now: 16.70"), "{}", r.stdout);

    // CSV to a file: refused without the PIN (no file, nothing audited)...
    let file = env.path("statement.csv");
    let path = file.to_str().unwrap();
    let audited = "action = 'account.statement.export'";
    let r = env.run(&["account", "statement", &id, "--csv", path]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(!file.exists());
    assert_eq!(env.count_where("audit_log", audited), 0);
    // ...written 0600 with it, and recorded in the audit log.
    let r = env.run_with(&["account", "statement", &id, "--csv", path], None, &pin);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "", "the file, not standard output");
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert_eq!(env.count_where("audit_log", audited), 1);
    let text = std::fs::read_to_string(&file).unwrap();
    let rows: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(rows.len(), 7, "{text}");
    assert_eq!(rows[0], "date,ticket,movement,amount,balance");
    assert_eq!(rows[1], ",,opening,,0.00");
    assert!(
        rows[2].ends_with(&format!(",{},sale,17.80,17.80", tickets[0])),
        "{text}"
    );
    assert!(
        rows[4].ends_with(&format!(",{},settlement,-10.00,16.70", tickets[2])),
        "{text}"
    );
    assert_eq!(rows[5], ",,closing,,16.70");
    assert_eq!(rows[6], ",,credit_limit,500.00,");
    assert!(!std::fs::read_dir(env.path("")).unwrap().any(|e| e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .ends_with(".part")));

    // CSV to standard output: the same rows, audited too.
    let r = env.run_with(&["account", "statement", &id, "--csv", "-"], None, &pin);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout.lines().count(), 7, "{}", r.stdout);
    assert_eq!(env.count_where("audit_log", audited), 2);
}
