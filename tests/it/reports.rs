//! `comptoir reports ...` through the real binary: a small day of sales (a split payment,
//! a refund, a customer) read back as JSON and CSV with hand-computed figures, the top
//! customers' file written 0600 and audited, the Z closed once and printed again.

use std::os::unix::fs::PermissionsExt;

use crate::helpers::{Env, Run};

const PIN: &str = "246813";

fn pin() -> [(&'static str, &'static str); 1] {
    [("COMPTOIR_MANAGER_PIN", PIN)]
}

fn ok(r: &Run) {
    assert_eq!(r.code, 0, "{} {}", r.stdout, r.stderr);
}

/// Today: R1-000001 coffee 2 x 4.50 (5.5 %) + tea 10.00 (20 %) = 19.00, paid 9.00 card
/// and 10.00 cash (20 handed over); R1-000002 tea 10.00 by card to Anna; R1-000003 the
/// refund of the first ticket's tea, 10.00 back in cash.
fn shop() -> Env {
    let env = Env::with_manager_pin(PIN);
    for p in [
        r#"{"code": "3017620422003", "name": "Coffee", "price": "4.50", "tax_rate": "5.5"}"#,
        r#"{"code": "TEA", "name": "Tea", "price": "10.00", "tax_rate": "20"}"#,
    ] {
        ok(&env.run_with(&["products", "add", "--json"], Some(p), &pin()));
    }
    let anna = env.run_with(
        &["customers", "add", "--json"],
        Some(r#"{"first_name": "Anna", "last_name": "Smit"}"#),
        &[],
    );
    ok(&anna);
    let anna = anna.json()["id"].as_str().unwrap().to_string();
    let first = r#"{"lines": [{"code": "3017620422003", "qty": "2"}, {"code": "TEA"}],
        "payments": [{"method": "card", "amount": "9.00"}, {"method": "cash", "tendered": "20"}]}"#;
    ok(&env.run_with(&["sales", "add", "--json"], Some(first), &[]));
    let second = format!(
        r#"{{"customer": "{anna}", "lines": [{{"code": "TEA"}}],
            "payments": [{{"method": "card"}}]}}"#
    );
    ok(&env.run_with(&["sales", "add", "--json"], Some(&second), &[]));
    ok(&env.run_with(
        &[
            "sales",
            "refund",
            "R1-000001",
            "--line",
            "TEA:1",
            "--to",
            "cash",
            "--json",
        ],
        None,
        &pin(),
    ));
    env
}

#[test]
fn reports_need_the_manager_pin() {
    let env = shop();
    let r = env.run(&["reports", "days", "--json"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.json()["error"]["kind"], "manager");
}

#[test]
fn days_methods_and_vat_as_json_are_net_of_the_refund() {
    let env = shop();
    let r = env.run_with(&["reports", "days", "--json"], None, &pin());
    ok(&r);
    let rows = &r.json()["rows"];
    assert_eq!(rows.as_array().unwrap().len(), 1);
    assert_eq!(
        (
            &rows[0]["sales"],
            &rows[0]["refunds"],
            &rows[0]["goods"],
            &rows[0]["total"]
        ),
        (&2.into(), &1.into(), &"19.00".into(), &"19.00".into())
    );
    let r = env.run_with(&["reports", "methods", "--json"], None, &pin());
    ok(&r);
    assert_eq!(
        r.json()["rows"],
        serde_json::json!([
            { "method": "card", "payments": 2, "amount": "19.00" },
            { "method": "cash", "payments": 2, "amount": "0.00" },
        ])
    );
    let r = env.run_with(&["reports", "vat", "--json"], None, &pin());
    ok(&r);
    assert_eq!(
        r.json()["rows"],
        serde_json::json!([
            { "rate": "5.5", "net": "8.53", "vat": "0.47", "gross": "9.00" },
            { "rate": "20", "net": "8.33", "vat": "1.67", "gross": "10.00" },
        ])
    );
    let r = env.run_with(&["reports", "groups", "--json"], None, &pin());
    ok(&r);
    let groups = r.json()["rows"].clone();
    assert_eq!(groups[0]["group"], serde_json::Value::Null);
    assert_eq!(
        (&groups[0]["walk_in"], &groups[0]["goods"]),
        (&false.into(), &"10.00".into())
    );
    assert_eq!(
        (&groups[1]["walk_in"], &groups[1]["goods"]),
        (&true.into(), &"9.00".into())
    );
}

#[test]
fn csv_numbers_are_plain_decimals() {
    let env = shop();
    let r = env.run_with(&["reports", "vat", "--csv", "-"], None, &pin());
    ok(&r);
    assert_eq!(
        r.stdout,
        "rate,net,vat,gross\n5.5,8.53,0.47,9.00\n20,8.33,1.67,10.00\n"
    );
    let r = env.run_with(&["reports", "methods", "--csv", "-"], None, &pin());
    ok(&r);
    assert_eq!(
        r.stdout,
        "method,payments,amount\ncard,2,19.00\ncash,2,0.00\n"
    );
}

#[test]
fn the_top_customers_file_is_private_and_audited() {
    let env = shop();
    let file = env.path("top.csv");
    let f = file.to_str().unwrap();
    let r = env.run_with(&["reports", "customers", "--csv", f], None, &pin());
    ok(&r);
    let text = std::fs::read_to_string(&file).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("rank,customer,name,sales,refunds,goods"));
    let anna = lines.next().unwrap();
    assert!(
        anna.starts_with("1,") && anna.ends_with(",Anna Smit,1,0,10.00"),
        "{anna}"
    );
    assert_eq!(lines.next(), None);
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert_eq!(env.count_where("audit_log", "action = 'report.export'"), 1);
    // Reports without names are not audited.
    ok(&env.run_with(&["reports", "days", "--csv", "-"], None, &pin()));
    assert_eq!(env.count_where("audit_log", "action = 'report.export'"), 1);
}

#[test]
fn a_day_is_closed_once_and_printed_again_as_closed() {
    let env = shop();
    let r = env.run_with(&["reports", "z", "--json"], None, &pin());
    ok(&r);
    let z = r.json();
    assert_eq!(
        (&z["closed"], &z["cash_expected"]),
        (&false.into(), &"0.00".into())
    );
    assert_eq!(
        (&z["sales"], &z["refunds"], &z["goods"]),
        (&2.into(), &1.into(), &"19.00".into())
    );
    let r = env.run_with(
        &["reports", "z", "--counted", "0.50", "--json"],
        None,
        &pin(),
    );
    ok(&r);
    let closed = r.json();
    assert_eq!(closed["closed"], true);
    assert_eq!(
        (&closed["counted"], &closed["difference"]),
        (&"0.50".into(), &"0.50".into())
    );
    assert_eq!(env.count("closing"), 1);
    assert_eq!(env.count_where("audit_log", "action = 'closing.create'"), 1);
    assert_eq!(env.count_where("journal", "kind = 'closing'"), 1);
    let twice = env.run_with(&["reports", "z", "--counted", "1", "--json"], None, &pin());
    assert_eq!(twice.code, 1);
    assert_eq!(twice.json()["error"]["kind"], "closed");
    assert_eq!(env.count("closing"), 1);
    let again = env.run_with(&["reports", "z", "--json"], None, &pin());
    ok(&again);
    assert_eq!(again.json()["counted"], "0.50");
    let csv = env.run_with(&["reports", "z", "--csv", "-"], None, &pin());
    ok(&csv);
    assert!(
        csv.stdout
            .contains("\ncash_expected,,,0.00\ncash_counted,,,0.50\ndifference,,,0.50\n"),
        "{}",
        csv.stdout
    );
    assert_eq!(env.run(&["journal", "verify"]).code, 0);
}
