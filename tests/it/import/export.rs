//! Exports: the manager PIN, the audit entry, formula cells, `--query` (through the search
//! index, every match), the GDPR access export, and round trips export -> import into an
//! empty database.

use serde_json::Value;

use super::{customers, import};
use crate::helpers::Env;

const PIN: &str = "246813";

/// A fresh environment whose config holds a manager PIN.
fn with_pin() -> Env {
    Env::with_manager_pin(PIN)
}

fn pin() -> [(&'static str, &'static str); 1] {
    [("COMPTOIR_MANAGER_PIN", PIN)]
}

/// Customers without what the store sets, sorted, for comparing two databases.
fn comparable(env: &Env) -> Vec<Value> {
    let mut all: Vec<Value> = customers(env)
        .into_iter()
        .map(|mut c| {
            for k in ["id", "created_at", "updated_at", "last_visit"] {
                c.as_object_mut().unwrap().remove(k);
            }
            c
        })
        .collect();
    all.sort_by_key(|c| c.to_string());
    all
}

fn copy_groups(from: &Env, to: &Env) {
    let src = comptoir::store::Store::open(&from.db()).unwrap();
    let groups = comptoir::store::catalog::groups(src.conn()).unwrap();
    let mut dst = comptoir::store::Store::open(&to.db()).unwrap();
    dst.write(|tx| {
        for g in &groups {
            comptoir::store::catalog::create_group(tx, g, "test")?;
        }
        Ok::<_, comptoir::store::StoreError>(())
    })
    .unwrap();
}

#[test]
fn exports_need_the_manager_pin_and_are_audited() {
    let env = with_pin();
    assert_eq!(
        env.run(&["demo", "--customers", "20", "--no-sales"]).code,
        0
    );
    let audit = env.count("audit_log");
    let none = env.run(&["export", "csv"]);
    assert_eq!(none.code, 1);
    assert!(none.stderr.contains("manager PIN"), "{}", none.stderr);
    let wrong = env.run_with(&["export", "vcard", "--pin-stdin"], Some("1111\n"), &[]);
    assert_eq!(wrong.code, 1);
    assert!(wrong.stderr.contains("wrong manager PIN"));
    assert!(wrong.stdout.is_empty());
    // A wrong PIN is audited (a failure), an export refused is not.
    assert_eq!(env.count("audit_log"), audit + 1);
    // Each export below: the PIN accepted, then the export.
    let ok = env.run_with(&["export", "csv"], None, &pin());
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    assert_eq!(ok.stdout.lines().count(), 21);
    let ok = env.run_with(&["export", "vcard", "--pin-stdin"], Some("246813\n"), &[]);
    assert_eq!(ok.stdout.matches("BEGIN:VCARD").count(), 20);
    assert_eq!(env.count("audit_log"), audit + 5);
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let detail: String = conn
        .query_row(
            "SELECT detail FROM audit_log WHERE action = 'customer.export' ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(detail.contains("\"customers\":20"), "{detail}");
}

#[test]
fn csv_export_then_import_into_an_empty_database_gives_the_same_customers() {
    let a = with_pin();
    assert_eq!(
        a.run(&["demo", "--customers", "300", "--no-sales", "--seed", "3"])
            .code,
        0
    );
    let file = a.path("all.csv");
    let r = a.run_with(&["export", "csv", file.to_str().unwrap()], None, &pin());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let b = super::manager_env();
    copy_groups(&a, &b);
    let (r, v) = import(&b, &["csv", file.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{v:#}");
    assert_eq!(v["preset"], "comptoir");
    assert_eq!(v["created"], 300, "{v:#}");
    assert_eq!(comparable(&a), comparable(&b));
    // And once more: nothing new.
    let (_, v) = import(&b, &["csv", file.to_str().unwrap()]);
    assert_eq!(
        (v["created"].as_u64(), v["unchanged"].as_u64()),
        (Some(0), Some(300))
    );
}

#[test]
fn vcard_export_then_import_keeps_what_vcard_carries() {
    let a = with_pin();
    assert_eq!(
        a.run(&["demo", "--customers", "100", "--no-sales", "--seed", "5"])
            .code,
        0
    );
    let file = a.path("all.vcf");
    assert_eq!(
        a.run_with(&["export", "vcard", file.to_str().unwrap()], None, &pin())
            .code,
        0
    );
    let b = super::manager_env();
    copy_groups(&a, &b);
    let (r, v) = import(&b, &["vcard", file.to_str().unwrap()]);
    assert_eq!((r.code, v["created"].as_u64()), (0, Some(100)), "{v:#}");
    let keep = |env: &Env| {
        let mut v: Vec<String> = customers(env)
            .iter()
            .map(|c| {
                let mut note = c["personal_note"].clone();
                if note.is_null() {
                    note = Value::Null;
                }
                // A lone secondary phone comes back as the main one (vCard has no
                // "secondary without main"): compare the phones as a set.
                let mut phones = [c["phone"].to_string(), c["phone2"].to_string()];
                phones.sort();
                format!(
                    "{}|{}|{}|{}|{}|{}|{:?}|{}|{}|{}|{}",
                    c["kind"],
                    c["title"],
                    c["first_name"],
                    c["last_name"],
                    c["company_name"],
                    c["email"],
                    phones,
                    c["address"],
                    c["group"],
                    note,
                    c["position"]
                )
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(keep(&a), keep(&b));
}

#[test]
fn formula_cells_are_neutralised_and_read_back() {
    let env = with_pin();
    let add = r#"{"first_name": "@Anna", "last_name": "=HYPERLINK(\"http://x\")", "phone": "+33612345678",
                  "address": {"line1": "-1 rue du Moins", "country": "FR"}}"#;
    assert_eq!(env.run_with(&["customers", "add"], Some(add), &[]).code, 0);
    let out = env.run_with(&["export", "csv", "--preset", "shopify"], None, &pin());
    assert_eq!(out.code, 0, "{}", out.stderr);
    let row = out.stdout.lines().nth(1).unwrap();
    assert!(
        row.contains("'@Anna")
            && row.contains("\"'=HYPERLINK(\"\"http://x\"\")\"")
            && row.contains("'+33612345678")
            && row.contains("'-1 rue du Moins"),
        "{row}"
    );
    std::fs::write(env.path("back.csv"), &out.stdout).unwrap();
    let b = super::manager_env();
    let (r, _) = import(&b, &["csv", env.path("back.csv").to_str().unwrap()]);
    assert_eq!(r.code, 0);
    let c = &customers(&b)[0];
    assert_eq!(
        (c["first_name"].as_str(), c["last_name"].as_str()),
        (Some("@Anna"), Some("=HYPERLINK(\"http://x\")"))
    );
    assert_eq!(
        (c["phone"].as_str(), c["address"]["line1"].as_str()),
        (Some("+33612345678"), Some("-1 rue du Moins"))
    );
}

#[test]
fn query_selects_what_it_matches() {
    let env = with_pin();
    for (first, last, phone) in [
        ("Anna", "Dupont", "0612345678"),
        ("Bert", "Martin", "0698765432"),
    ] {
        let j =
            format!(r#"{{"first_name": "{first}", "last_name": "{last}", "phone": "{phone}"}}"#);
        assert_eq!(env.run_with(&["customers", "add"], Some(&j), &[]).code, 0);
    }
    let out = env.run_with(&["export", "csv", "--query", "DUPONT"], None, &pin());
    assert_eq!(out.stdout.lines().count(), 2, "{}", out.stdout);
    // The search's fields: phones are a default field; e-mails only when asked for.
    let phone = ["export", "vcard", "--query", "06 98 76"];
    let out = env.run_with(&phone, None, &pin());
    assert!(
        out.stdout.contains("FN:Bert Martin") && !out.stdout.contains("Dupont"),
        "{}",
        out.stdout
    );
    let out = env.run_with(
        &["export", "vcard", "--query", "06 98 76", "--fields", "name"],
        None,
        &pin(),
    );
    assert_eq!((out.code, out.stdout.as_str()), (0, ""), "{}", out.stderr);
    let out = env.run_with(
        &[&phone[..], &["--fields", "name,phone"]].concat(),
        None,
        &pin(),
    );
    assert!(
        out.stdout.contains("FN:Bert Martin") && !out.stdout.contains("Dupont"),
        "{}",
        out.stdout
    );
    let out = env.run_with(
        &[
            "export",
            "csv",
            "--advanced",
            "--fields",
            "first_name,last_name",
        ],
        None,
        &pin(),
    );
    assert_eq!(
        out.code, 2,
        "--fields and --advanced need --query: {}",
        out.stderr
    );
}

/// The `id` column of a CSV export in comptoir's columns (read from standard output).
fn csv_ids(out: &str) -> Vec<String> {
    let mut r = csv::Reader::from_reader(out.as_bytes());
    let at = r.headers().unwrap().iter().position(|h| h == "id").unwrap();
    r.records()
        .map(|row| row.unwrap()[at].to_string())
        .collect()
}

/// The ids `customers search` prints for `args` with the largest limit, sorted.
fn search_ids(env: &Env, args: &[&str]) -> Vec<String> {
    let mut a = vec!["customers", "search"];
    a.extend_from_slice(args);
    a.extend(["--limit", "1000", "--json"]);
    let r = env.run(&a);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut ids: Vec<String> = r
        .stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    ids.sort();
    ids
}

#[test]
fn query_exports_exactly_what_customers_search_finds() {
    let env = with_pin();
    assert_eq!(
        env.run(&["demo", "--customers", "300", "--no-sales", "--seed", "3"])
            .code,
        0
    );
    let cases: [&[&str]; 9] = [
        &["ma"],
        &["rue"],
        &["van"],
        &["rotterdam"],
        // Typos, as the search allows them (nothing matches as typed).
        &["guilot"],
        &["patrik"],
        &[
            "meier, blomberg",
            "--advanced",
            "--fields",
            "last_name,city",
        ],
        &["pat, r", "--advanced", "--fields", "first_name,address"],
        &["rue", "--fields", "street"],
    ];
    let mut sizes = Vec::new();
    for args in cases {
        let found = search_ids(&env, args);
        let mut export = vec!["export", "csv", "--query"];
        export.extend_from_slice(args);
        let out = env.run_with(&export, None, &pin());
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
        let ids = csv_ids(&out.stdout);
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(sorted, found, "{args:?}");
        assert!(
            ids.windows(2).all(|w| w[0] < w[1]),
            "stored order: {args:?}"
        );
        // vCard selects the same customers.
        export[1] = "vcard";
        let out = env.run_with(&export, None, &pin());
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
        let mut uids: Vec<String> = out
            .stdout
            .lines()
            .filter_map(|l| l.strip_prefix("UID:urn:uuid:"))
            .map(str::to_string)
            .collect();
        uids.sort();
        assert_eq!(uids, found, "vCard {args:?}");
        sizes.push(found.len());
    }
    // The cases cover one match, a few, typos only, and more than a search's first page.
    assert!(sizes.iter().all(|n| *n > 0), "{sizes:?}");
    assert!(
        sizes.contains(&1) && sizes.iter().any(|n| *n > 50),
        "{sizes:?}"
    );
}

#[test]
fn query_exports_every_match_past_the_search_cap() {
    let env = with_pin();
    let n = 1_500;
    let mut family: Vec<String> = {
        let mut store = comptoir::store::Store::open(&env.db()).unwrap();
        let now = chrono::Utc::now();
        store
            .write(|tx| {
                let mut ids = Vec::new();
                for (i, last) in (0..n)
                    .map(|i| (i, "Vandenbroucke"))
                    .chain((0..20).map(|i| (i, "Martin")))
                {
                    let d = comptoir::domain::customer::CustomerData {
                        first_name: Some(format!("Client{i}")),
                        last_name: Some(last.into()),
                        ..Default::default()
                    };
                    let id = comptoir::domain::ids::CustomerId::generate();
                    let c = comptoir::store::customers::insert_row(tx, id, &d, now)?;
                    if last != "Martin" {
                        ids.push(c.id.to_string());
                    }
                }
                Ok::<_, comptoir::store::StoreError>(ids)
            })
            .unwrap()
    };
    family.sort();
    // A search stops at 1,000 however large its limit...
    let r = env.run(&[
        "customers",
        "search",
        "vandenbroucke",
        "--limit",
        "5000",
        "--json",
    ]);
    assert_eq!(
        (r.code, r.stdout.lines().count()),
        (0, 1_000),
        "{}",
        r.stderr
    );
    // ...an export of the same query does not.
    let out = env.run_with(&["export", "csv", "--query", "vandenbroucke"], None, &pin());
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut ids = csv_ids(&out.stdout);
    ids.sort();
    assert_eq!(ids, family);
    let file = env.path("family.vcf");
    let out = env.run_with(
        &[
            "export",
            "vcard",
            "--query",
            "VANDENB",
            file.to_str().unwrap(),
        ],
        None,
        &pin(),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("1500 customers written"),
        "{}",
        out.stderr
    );
    let cards = std::fs::read_to_string(&file).unwrap();
    assert_eq!(cards.matches("BEGIN:VCARD").count(), n);
    assert!(!cards.contains("Martin"));
}

#[test]
fn query_matching_nobody_writes_only_the_header_and_says_so() {
    let env = with_pin();
    assert_eq!(
        env.run(&["demo", "--customers", "50", "--no-sales"]).code,
        0
    );
    let audit = env.count("audit_log");
    let file = env.path("none.csv");
    let args = ["export", "csv", "--query", "zzyzx", file.to_str().unwrap()];
    let out = env.run_with(&args, None, &pin());
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("0 customers written")
            && out
                .stderr
                .contains("no customer matches the query \"zzyzx\"")
            && out.stderr.contains("only the CSV header"),
        "{}",
        out.stderr
    );
    let text = std::fs::read_to_string(&file).unwrap();
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 1, "{text}");
    assert!(lines[0].starts_with("id,"), "the header: {}", lines[0]);
    let file = env.path("none.vcf");
    let args = [
        "export",
        "vcard",
        "--query",
        "zzyzx",
        file.to_str().unwrap(),
    ];
    let out = env.run_with(&args, None, &pin());
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("no customer matches") && out.stderr.contains("vCard output is empty"),
        "{}",
        out.stderr
    );
    assert_eq!(std::fs::read(&file).unwrap(), b"");
    // On standard output too; and both exports are audited, with a count of 0.
    let out = env.run_with(&["export", "csv", "--query", "zzyzx"], None, &pin());
    assert_eq!((out.code, out.stdout.lines().count()), (0, 1));
    assert!(out.stderr.contains("no customer matches"), "{}", out.stderr);
    let exports = env.count_where("audit_log", "action = 'customer.export'");
    assert_eq!(exports, 3);
    assert_eq!(env.count("audit_log"), audit + 3 + 3, "and 3 PINs accepted");
}

#[test]
fn export_data_gives_everything_on_one_customer() {
    let env = with_pin();
    assert_eq!(
        env.run(&["demo", "--customers", "30", "--seed", "2"]).code,
        0
    );
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let id: Vec<u8> = conn
        .query_row(
            "SELECT customer_id FROM sale GROUP BY customer_id ORDER BY COUNT(*) DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let id = uuid::Uuid::from_slice(&id).unwrap().to_string();
    let none = env.run(&["customers", "export-data", &id]);
    assert_eq!(none.code, 1);
    assert!(none.stderr.contains("manager PIN"));
    let r = env.run_with(&["customers", "export-data", &id], None, &pin());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    assert_eq!(v["customer"]["id"], id.as_str());
    assert!(!v["sales"].as_array().unwrap().is_empty());
    assert!(v["sales"][0]["lines"].is_array() && v["sales"][0]["payments"].is_array());
    assert!(v["consent"]["marketing_email"].is_object());
    assert!(v["notes"].is_array() && v["audit"].is_array());
    let n: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'customer.export_data'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
    let file = env.path("gdpr.json");
    let r = env.run_with(
        &["customers", "export-data", &id, file.to_str().unwrap()],
        None,
        &pin(),
    );
    assert_eq!(r.code, 0);
    let v: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    assert_eq!(v["customer"]["id"], id.as_str());
}
