//! Exports: the manager PIN, the audit entry, formula cells, `--query`, the GDPR access
//! export, and round trips export -> import into an empty database.

use serde_json::Value;

use super::{customers, import};
use crate::helpers::Env;

const PIN: &str = "2468";

/// A fresh environment whose config holds a manager PIN.
fn with_pin() -> Env {
    let env = Env::new();
    let hash = env.run_with(&["hash-pin"], Some("2468\n"), &[]);
    assert_eq!(hash.code, 0, "{}", hash.stderr);
    let dir = env.dir.path().join("config/comptoir");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("config.toml"),
        format!("[manager]\npin_hash = \"{}\"\n", hash.stdout.trim()),
    )
    .unwrap();
    env
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
    assert_eq!(env.count("audit_log"), audit);
    let ok = env.run_with(&["export", "csv"], None, &pin());
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    assert_eq!(ok.stdout.lines().count(), 21);
    let ok = env.run_with(&["export", "vcard", "--pin-stdin"], Some("2468\n"), &[]);
    assert_eq!(ok.stdout.matches("BEGIN:VCARD").count(), 20);
    assert_eq!(env.count("audit_log"), audit + 2);
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
    let b = Env::new();
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
    let b = Env::new();
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
    let b = Env::new();
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
    let out = env.run_with(&["export", "vcard", "--query", "06 98 76"], None, &pin());
    assert!(
        out.stdout.contains("FN:Bert Martin") && !out.stdout.contains("Dupont"),
        "{}",
        out.stdout
    );
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
