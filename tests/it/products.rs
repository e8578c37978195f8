//! `comptoir products ...`: the catalogue from the command line, as a manager's script
//! would use it (issue 14 §2).

use crate::helpers::Env;

const PIN: &str = "246813";

fn pin() -> [(&'static str, &'static str); 1] {
    [("COMPTOIR_MANAGER_PIN", PIN)]
}

const COFFEE: &str = r#"{"code": "3017620422003", "name": "Café moulu 250 g", "price": "4.50",
    "tax_rate": "5.5", "category": "Épicerie", "cost": "2.10"}"#;

#[test]
fn a_manager_adds_changes_archives_and_restores_a_product() {
    let env = Env::with_manager_pin(PIN);
    // Without the PIN nothing is stored.
    let refused = env.run_with(&["products", "add", "--json"], Some(COFFEE), &[]);
    assert_eq!(refused.code, 1, "{}", refused.stdout);
    assert_eq!(refused.json()["error"]["kind"], "manager");
    assert_eq!(env.count("product"), 0);

    let added = env.run_with(&["products", "add", "--json"], Some(COFFEE), &pin());
    assert_eq!(added.code, 0, "{}", added.stderr);
    let p = added.json();
    assert_eq!(p["price"], "4.50");
    assert_eq!(p["category"], "Épicerie");
    assert_eq!(p["active"], true);

    // --pin-stdin: the PIN is the first line, the patch the rest.
    let edited = env.run_with(
        &["products", "edit", "3017620422003", "--pin-stdin", "--json"],
        Some(&format!("{PIN}\n{{\"price\": \"4,90\", \"cost\": null}}")),
        &[],
    );
    assert_eq!(edited.code, 0, "{} {}", edited.stdout, edited.stderr);
    assert_eq!(edited.json()["price"], "4.90");
    assert_eq!(edited.json()["cost"], serde_json::Value::Null);

    let archived = env.run_with(&["products", "archive", "3017620422003"], None, &pin());
    assert_eq!(archived.code, 0, "{}", archived.stderr);
    assert!(
        archived.stdout.contains("(archived)"),
        "{}",
        archived.stdout
    );
    let list = env.run(&["products", "list", "--json"]).json();
    assert_eq!(list.as_array().unwrap().len(), 0);
    let all = env.run(&["products", "list", "--all"]);
    assert!(all.stdout.contains("Café moulu") && all.stdout.contains("1 products"));
    let back = env.run_with(
        &[
            "products",
            "archive",
            "3017620422003",
            "--restore",
            "--json",
        ],
        None,
        &pin(),
    );
    assert_eq!(back.json()["active"], true);

    // Every act is in the audit log, the price change with its before and after.
    let actions = env.query(
        "SELECT action || ' ' || detail FROM audit_log WHERE entity = 'product' ORDER BY id",
    );
    assert_eq!(actions.len(), 4, "{actions:?}");
    assert!(actions[0].starts_with("product.create"));
    assert!(actions[1].starts_with("product.edit") && actions[1].contains(r#"["4.50","4.90"]"#));
    assert!(actions[2].starts_with("product.archive"));
    assert!(actions[3].starts_with("product.restore"));
}

#[test]
fn bad_products_are_refused_naming_the_rule_and_nothing_is_stored() {
    let env = Env::with_manager_pin(PIN);
    let cases = [
        // A barcode with a wrong check digit.
        (
            r#"{"code": "3017620422004", "name": "Café", "price": "4.50", "tax_rate": "5.5"}"#,
            "check digit",
        ),
        // A VAT rate the shop does not have (France: 20, 10, 5.5, 2.1).
        (
            r#"{"code": "TEA", "name": "Thé", "price": "3", "tax_rate": "19"}"#,
            "not one of this shop's VAT rates",
        ),
        // A price that is not an amount, a missing key, an unknown key.
        (
            r#"{"code": "TEA", "name": "Thé", "price": "trois", "tax_rate": "20"}"#,
            "price:",
        ),
        (r#"{"code": "TEA", "name": "Thé", "price": "3"}"#, "tax_rate"),
        (
            r#"{"code": "TEA", "name": "Thé", "price": "3", "tax_rate": "20", "stock": 4}"#,
            "unknown key",
        ),
        // Escape sequences in a name.
        (
            "{\"code\": \"TEA\", \"name\": \"Th\\u001b[2J\", \"price\": \"3\", \"tax_rate\": \"20\"}",
            "control characters",
        ),
    ];
    for (input, why) in cases {
        let r = env.run_with(&["products", "add"], Some(input), &pin());
        assert_eq!(r.code, 1, "{input}: {}", r.stdout);
        assert!(r.stderr.contains(why), "{input}: {}", r.stderr);
    }
    assert_eq!(env.count("product"), 0);
    let ok = env.run_with(&["products", "add"], Some(COFFEE), &pin());
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    let twice = env.run_with(&["products", "add"], Some(COFFEE), &pin());
    assert_eq!(twice.code, 1);
    assert_eq!(env.count("product"), 1);
    let missing = env.run(&["products", "show", "0000"]);
    assert_eq!(missing.code, 1);
    assert!(missing.stderr.contains("no product"), "{}", missing.stderr);
}

#[test]
fn a_vendors_catalogue_is_imported_by_the_manager_after_a_dry_run() {
    let env = Env::with_manager_pin(PIN);
    let file = env.path("woocommerce.csv");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/products/woocommerce.csv"
        ),
        &file,
    )
    .unwrap();
    let f = file.to_str().unwrap();
    // A dry run needs no PIN, writes nothing, and exits 2 (a row would be refused).
    let dry = env.run(&["import", "products", f, "--dry-run", "--json"]);
    assert_eq!(dry.code, 2, "{} {}", dry.stdout, dry.stderr);
    let report = dry.json();
    assert_eq!(report["preset"], "woocommerce");
    assert_eq!(report["created"], 4);
    assert_eq!(env.count("product"), 0);
    assert!(!env.path("woocommerce.rejected.csv").exists());
    // A real run without the PIN imports nothing.
    let refused = env.run(&["import", "products", f, "--json"]);
    assert_eq!(refused.code, 1);
    assert_eq!(refused.json()["error"]["kind"], "manager");
    assert_eq!(env.count("product"), 0);
    let done = env.run_with(&["import", "products", f], None, &pin());
    assert_eq!(done.code, 2, "{} {}", done.stdout, done.stderr);
    assert!(done.stdout.contains("created 4"), "{}", done.stdout);
    assert!(done.stdout.contains("line 7"), "{}", done.stdout);
    assert_eq!(env.count("product"), 5 - 1);
    let rejected = std::fs::read_to_string(env.path("woocommerce.rejected.csv")).unwrap();
    assert!(rejected.contains("super-rate"), "{rejected}");
    let listed = env
        .run(&["products", "list", "--category", "Thés", "--json"])
        .json();
    assert_eq!(listed[0]["tax_rate"], "10");
}

#[test]
fn groups_are_kept_by_the_manager_and_a_deleted_groups_customers_go_where_told() {
    let env = Env::with_manager_pin(PIN);
    let add = |name: &str, discount: &str| {
        env.run_with(
            &["groups", "add", name, "--discount", discount, "--json"],
            None,
            &pin(),
        )
    };
    assert_eq!(add("Pros", "5").code, 0);
    assert_eq!(add("VIP", "10").code, 0);
    let bad = add("Staff", "150");
    assert_eq!(bad.code, 1);
    assert!(bad.stdout.contains("discount"), "{}", bad.stdout);
    let no_pin = env.run(&["groups", "add", "Staff"]);
    assert_eq!(no_pin.code, 1);
    // A customer of the Pros.
    let c = env
        .run_with(
            &["customers", "add", "--json"],
            Some(r#"{"last_name": "Roux", "group": "Pros"}"#),
            &pin(),
        )
        .json();
    let id = c["id"].as_str().unwrap().to_string();
    let list = env.run(&["groups", "list", "--json"]).json();
    assert_eq!(list[0]["name"], "Pros");
    assert_eq!(list[0]["customers"], 1);
    // In use: refused until told where its customers go.
    let refused = env.run_with(&["groups", "delete", "Pros"], None, &pin());
    assert_eq!(refused.code, 1);
    assert!(refused.stderr.contains("1 customers"), "{}", refused.stderr);
    let moved = env.run_with(
        &["groups", "delete", "Pros", "--move-to", "VIP", "--json"],
        None,
        &pin(),
    );
    assert_eq!(moved.code, 0, "{}", moved.stderr);
    assert_eq!(moved.json()["customers_moved"], 1);
    let shown = env.run(&["customers", "show", &id, "--json"]).json();
    assert_eq!(shown["group"], "VIP");
    // A rename follows the customer, and the search finds it under the new name.
    let renamed = env.run_with(
        &[
            "groups",
            "edit",
            "VIP",
            "--name",
            "Fidèles",
            "--discount",
            "12",
        ],
        None,
        &pin(),
    );
    assert_eq!(renamed.code, 0, "{}", renamed.stderr);
    let shown = env.run(&["customers", "show", &id, "--json"]).json();
    assert_eq!(shown["group"], "Fidèles");
    let audit = env.query("SELECT action FROM audit_log WHERE entity = 'group' ORDER BY id");
    assert_eq!(
        audit,
        ["group.create", "group.create", "group.delete", "group.edit"]
    );
}

#[test]
fn a_groups_special_price_is_set_listed_sold_at_before_its_discount_and_removed() {
    let env = Env::with_manager_pin(PIN);
    let ok = |args: &[&str], stdin: Option<&str>| {
        let r = env.run_with(args, stdin, &pin());
        assert_eq!(r.code, 0, "{:?}: {} {}", args, r.stdout, r.stderr);
        r
    };
    ok(&["products", "add", "--json"], Some(COFFEE));
    ok(&["groups", "add", "VIP", "--discount", "10"], None);
    // Without the PIN: refused, nothing stored.
    let refused = env.run(&["groups", "price", "VIP", "3017620422003", "4.00", "--json"]);
    assert_eq!(refused.code, 1, "{}", refused.stdout);
    assert_eq!(refused.json()["error"]["kind"], "manager");
    assert_eq!(env.count("group_price"), 0);
    let bad = env.run_with(
        &["groups", "price", "VIP", "3017620422003", "-1"],
        None,
        &pin(),
    );
    assert_eq!(bad.code, 1);
    let set = ok(
        &["groups", "price", "VIP", "3017620422003", "4,00", "--json"],
        None,
    )
    .json();
    assert_eq!(
        (set["before"].clone(), set["price"].clone()),
        (serde_json::Value::Null, "4.00".into())
    );
    let list = ok(&["groups", "prices", "VIP", "--json"], None).json();
    assert_eq!(list["group"], "VIP");
    assert_eq!(list["prices"][0]["code"], "3017620422003");
    assert_eq!(list["prices"][0]["price"], "4.00");
    assert_eq!(list["prices"][0]["shelf_price"], "4.50");
    // A member's sale: 2 x 4.00, then the group's 10 %: 7.20; the cashier may sell it.
    let c = ok(
        &["customers", "add", "--json"],
        Some(r#"{"last_name": "Roux", "group": "VIP"}"#),
    )
    .json();
    let id = c["id"].as_str().unwrap();
    let sale =
        format!(r#"{{"customer": "{id}", "lines": [{{"code": "3017620422003", "qty": "2"}}]}}"#);
    let r = env.run_with(&["sales", "add", "--json"], Some(&sale), &[]);
    assert_eq!(r.code, 0, "{} {}", r.stdout, r.stderr);
    assert_eq!(r.json()["total"], "7.20");
    let why = env.query("SELECT price_group || ' ' || list_price_cents FROM sale_line");
    assert_eq!(why, ["VIP 450"]);
    // Removed: the shelf price again.
    ok(
        &["groups", "price", "VIP", "3017620422003", "--remove"],
        None,
    );
    let list = ok(&["groups", "prices", "VIP", "--json"], None).json();
    assert_eq!(list["prices"], serde_json::json!([]));
    let r = env.run_with(&["sales", "add", "--json"], Some(&sale), &[]);
    assert_eq!(r.json()["total"], "8.10");
    let audit = env.query("SELECT action FROM audit_log WHERE action = 'group.price'");
    assert_eq!(audit.len(), 2);
    let unknown = env.run(&["groups", "prices", "Nobody"]);
    assert_eq!(unknown.code, 1);
}
