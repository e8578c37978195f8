//! End to end, a new shop's first day (issue 14's "Done when"), in tmux at 80x24: the first
//! run sets the shop up without demo data; the manager creates two groups and ten products
//! from the screens, gives one group a special price, imports a Shopify product export;
//! a customer created from the customers list is put in the group on her card; a sale to
//! her takes the special price and the group discount; the groups report shows the sale
//! in the group's row, on the reports screen and from the CLI. Screens are read with `tmux capture-pane`; every wait polls.

use super::e2e::{fill_setup, have_tmux, Tmux};
use super::helpers::Env;

/// The setup screen filled in (postal code 69001: the city comes from it), saved, and
/// "Start selling" chosen: the sale screen of a shop named `name`.
fn set_up(t: &Tmux, name: &str) {
    fill_setup(t, name);
    t.text("246813");
    t.keys(&["Tab"]);
    t.text("246813");
    t.wait("the second PIN", |s| s.contains("PIN again       ******"));
    t.keys(&["F10"]);
    t.wait("the next steps", |s| s.contains("What next?"));
    t.keys(&["Down", "Enter"]);
    t.wait("the sale screen", |s| {
        s.contains("F2 Customer") && s.contains(name)
    });
}

/// On the groups screen: a new group with its discount.
fn add_group(t: &Tmux, name: &str, discount: &str) {
    t.keys(&["F4"]);
    t.wait("the group form", |s| s.contains("New group"));
    t.text(name);
    t.keys(&["Tab", "BSpace"]);
    t.text(discount);
    t.keys(&["F10"]);
    t.wait("the group added", |s| {
        s.contains(&format!("Group {name} added"))
    });
}

/// On the products screen: a new product (code typed by hand: a fast burst is a scan).
fn add_product(t: &Tmux, code: &str, name: &str, price: &str) {
    t.keys(&["F4"]);
    t.wait("the product form", |s| s.contains("New product"));
    t.text_by_hand(code);
    t.keys(&["Tab"]);
    t.text(name);
    t.keys(&["Tab"]);
    t.text(price);
    t.keys(&["F10"]);
    t.wait("the product added", |s| {
        s.contains(&format!("Product {name} added"))
    });
}

#[test]
fn a_new_shop_sets_up_sells_to_a_group_at_its_special_price_and_reports_it() {
    if !have_tmux() {
        return;
    }
    let env = Env::new();
    let db = env.path("shop.db");
    let dbs = db.to_string_lossy().into_owned();
    let t = Tmux::start(&env, &db);
    set_up(&t, "Chez Lulu");

    // The manager's screens: F10 asks the PIN, then the customers list.
    t.keys(&["F10"]);
    t.wait("the PIN", |s| s.contains("PIN"));
    t.text_by_hand("246813");
    t.keys(&["Enter"]);
    t.wait("the customers list", |s| s.contains("F9 Groups"));
    t.keys(&["F9"]);
    t.wait("the groups screen", |s| s.contains("F5 Prices"));
    add_group(&t, "Club", "10");
    add_group(&t, "Pro", "5");
    t.keys(&["Escape"]);
    t.wait("the customers list", |s| s.contains("F8 Products"));
    t.keys(&["F8"]);
    t.wait("the products screen", |s| s.contains("F7 Archive"));
    for n in 1..=10 {
        add_product(
            &t,
            &format!("TEA-{n}"),
            &format!("Tea blend {n}"),
            &format!("4,{n:02}"),
        );
    }
    let s = t.wait("ten products", |s| s.contains("Products (10)"));
    assert!(s.contains("TEA-10") || s.contains("Tea blend 10"), "{s}");

    // A vendor's export, through the CLI (the owner's interface), while the register runs.
    let shopify = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/products/shopify.csv"
    );
    let file = env.path("shopify.csv");
    std::fs::copy(shopify, &file).unwrap();
    let fs = file.to_string_lossy().into_owned();
    let imported = env.run_with(
        &[
            "--db",
            &dbs,
            "import",
            "products",
            &fs,
            "--preset",
            "shopify",
            "--pin-stdin",
        ],
        Some("246813\n"),
        &[],
    );
    assert!(
        imported.code == 0 || imported.code == 2,
        "{}",
        imported.stderr
    );
    assert!(imported.stdout.contains("created 4"), "{}", imported.stdout);

    // Club's special price of the T-shirt (the groups screen's F5).
    t.keys(&["Escape"]);
    t.wait("the customers list", |s| s.contains("F9 Groups"));
    t.keys(&["F9"]);
    t.wait("the groups", |s| s.contains(">Club") || s.contains("Club "));
    t.keys(&["Home"]);
    t.wait("Club selected", |s| s.contains(">Club"));
    t.keys(&["F5"]);
    t.wait("Club's price list", |s| {
        s.contains("Special prices of Club")
    });
    t.keys(&["F4"]);
    t.text_by_hand("TS-M-BLEU");
    t.keys(&["Enter"]);
    t.text("15,00");
    t.keys(&["Enter"]);
    t.wait("the special price", |s| {
        s.contains("TS-M-BLEU costs 15.00 for Club")
    });
    // One Esc at a time: two in one burst read as one escape sequence.
    t.keys(&["Escape"]);
    t.wait("the groups again", |s| s.contains("Customer groups (2)"));
    t.keys(&["Escape"]);

    // A customer created from the list, put in Club on her card.
    t.wait("the customers list", |s| s.contains("F4 New"));
    t.keys(&["F4"]);
    t.wait("the customer form", |s| s.contains("New customer"));
    t.text("Lucie");
    t.keys(&["Tab"]);
    t.text("Martin");
    t.keys(&["Tab", "Tab"]);
    t.text("06 12 34 56 78");
    t.keys(&["F10"]);
    t.wait("the customer created", |s| {
        s.contains("Customer Lucie Martin created")
    });
    t.keys(&["F5"]);
    t.wait("her card", |s| s.contains("Customer card - Lucie Martin"));
    t.keys(&["F2"]);
    t.wait("the card's form", |s| s.contains("ID document"));
    t.keys(&["Down"; 15]);
    t.wait("the group field", |s| s.contains(">Group"));
    t.text("Club");
    t.keys(&["F10"]);
    t.wait("the group on her card", |s| {
        s.contains("Group          : Club")
    });

    // The sale: the special price, then the group's discount.
    t.keys(&["Escape"]);
    t.wait("the customers list", |s| s.contains("F4 New"));
    t.keys(&["Escape"]);
    t.wait("the sale screen", |s| s.contains("F2 Customer"));
    t.keys(&["F2"]);
    t.text("luci mar");
    t.wait("Lucie found", |s| s.contains("Lucie Martin"));
    t.keys(&["Enter"]);
    t.wait("Lucie on the ticket", |s| {
        s.contains("Ticket - Lucie Martin")
    });
    t.text_by_hand("TS-M-BLEU");
    t.keys(&["Enter"]);
    let s = t.wait("the special price on the ticket", |s| {
        s.contains("[Club price]")
    });
    assert!(
        s.contains("15.00") && s.contains("-10%") && s.contains("13.50"),
        "{s}"
    );
    t.keys(&["F8"]);
    t.wait("the payment", |s| s.contains("Left to pay: 13.50"));
    t.keys(&["Enter"]);
    t.wait("the sale stored", |s| s.contains("Sale R1-000001 stored"));
    // The reports screen (F6 in the customers list): the sale in Club's row.
    t.keys(&["F10"]);
    t.wait("the customers list", |s| s.contains("F6 Reports"));
    t.keys(&["F6"]);
    t.wait("the reports screen", |s| s.contains("Z (closing)"));
    t.keys(&["Tab"]);
    let s = t.wait("the groups report", |s| {
        s.contains("Goods per customer group")
            && s.lines().any(|l| {
                l.contains("Club") && l.trim_end_matches('│').trim_end().ends_with("13.50")
            })
    });
    assert!(!s.contains("Pro "), "a group without sales has no row: {s}");
    t.keys(&["C-q"]);

    let report = env.run_with(
        &["--db", &dbs, "reports", "groups", "--json"],
        None,
        &[("COMPTOIR_MANAGER_PIN", "246813")],
    );
    assert_eq!(report.code, 0, "{}", report.stderr);
    let rows: serde_json::Value = serde_json::from_str(&report.stdout).unwrap();
    let club = rows["rows"]
        .as_array()
        .and_then(|r| r.iter().find(|g| g["group"] == "Club"))
        .unwrap_or_else(|| panic!("no Club row: {}", report.stdout));
    assert_eq!(club["sales"], 1, "{club}");
    assert_eq!(club["goods"], "13.50", "{club}");
    let catalogue = env.run(&["--db", &dbs, "products", "list", "--json"]);
    let n = catalogue
        .stdout
        .lines()
        .filter(|l| l.contains("\"code\""))
        .count();
    assert!(
        n >= 13,
        "ten products and the import's: {}",
        catalogue.stdout
    );
    let demo_names = env.run(&["--db", &dbs, "customers", "list", "--json"]);
    assert_eq!(
        demo_names.stdout.lines().count(),
        1,
        "only Lucie: {}",
        demo_names.stdout
    );
}
