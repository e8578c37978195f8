use std::path::PathBuf;

use super::*;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/products")
        .join(name)
}

/// France's rates, standard first.
fn opts() -> ProductOptions {
    ProductOptions {
        vat_rates: ["20", "10", "5.5", "2.1"]
            .iter()
            .map(|r| Percent::parse(r).unwrap())
            .collect(),
        ..Default::default()
    }
}

fn run(dry_run: bool) -> RunOptions {
    RunOptions {
        dry_run,
        actor: "cli:manager".into(),
        default_country: "FR".into(),
        today: chrono::NaiveDate::default(),
        manager: true,
    }
}

/// Imports a copy of fixture `name` (so its rejected file lands in a temporary folder)
/// into an in-memory store.
fn import(name: &str, dry_run: bool) -> (Store, ProductReport, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join(name);
    std::fs::copy(fixture(name), &copy).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let report = import_products(&mut store, &copy, &opts(), &run(dry_run)).unwrap();
    (store, report, dir)
}

fn product(store: &Store, code: &str) -> (Product, bool) {
    catalog::product_any_by_code(store.conn(), code)
        .unwrap()
        .unwrap_or_else(|| panic!("no product {code}"))
}

fn money(s: &str) -> Money {
    Money::parse(s).unwrap()
}

fn rate(s: &str) -> Percent {
    Percent::parse(s).unwrap()
}

#[test]
fn shopify_variants_images_taxes_and_status() {
    let (store, r, _dir) = import("shopify.csv", false);
    assert_eq!(r.preset, "shopify");
    assert_eq!(
        (r.rows, r.created, r.skipped, r.refused),
        (6, 4, 1, 1),
        "{r:#?}"
    );
    let (cafe, active) = product(&store, "3017620422003");
    assert_eq!(cafe.name, "Café moulu Éthiopie 250 g");
    assert_eq!((cafe.price, cafe.tax_rate), (money("6.90"), rate("20")));
    assert_eq!(cafe.cost, Some(money("3.10")));
    assert_eq!(cafe.category.as_deref(), Some("Café"));
    assert!(active);
    // The second variant's row has no Title: it comes from the product's first row.
    assert_eq!(product(&store, "TS-S-BLEU").0.name, "T-shirt logo S Bleu");
    assert_eq!(product(&store, "TS-M-BLEU").0.name, "T-shirt logo M Bleu");
    // Untaxed and draft.
    let (book, active) = product(&store, "9782070612758");
    assert_eq!((book.tax_rate, active), (Percent::ZERO, false));
    assert_eq!(r.refusals[0].line, 7);
    assert!(r.refusals[0].reasons[0].contains("Variant Price"), "{r:#?}");
    assert!(
        r.notices.iter().any(|n| n.contains("standard rate")),
        "{r:#?}"
    );
    // The refused row went to the rejected file, with its line and reason.
    let rejected = std::fs::read_to_string(r.rejected_file.as_ref().unwrap()).unwrap();
    assert!(
        rejected.contains("carte-cadeau") && rejected.contains(",7,"),
        "{rejected}"
    );
}

#[test]
fn woocommerce_tax_classes_variations_and_publication() {
    let (store, r, _dir) = import("woocommerce.csv", false);
    assert_eq!(r.preset, "woocommerce");
    assert_eq!((r.created, r.skipped, r.refused), (4, 1, 1), "{r:#?}");
    let (tea, _) = product(&store, "3560070894222");
    assert_eq!((tea.tax_rate, tea.price), (rate("10"), money("8.50")));
    assert_eq!(tea.category.as_deref(), Some("Thés"));
    assert_eq!(product(&store, "MUG-ROUGE").0.name, "Mug émaillé - Rouge");
    assert!(!product(&store, "SAC-TOILE").1, "unpublished: archived");
    assert_eq!(product(&store, "JOURNAL").0.tax_rate, Percent::ZERO);
    assert!(r.refusals[0].reasons[0].contains("super-rate"), "{r:#?}");
}

#[test]
fn lightspeed_prices_without_tax_are_raised_by_the_rows_rate() {
    let (store, r, _dir) = import("lightspeed.csv", false);
    assert_eq!(r.preset, "lightspeed");
    assert_eq!((r.created, r.refused), (3, 1), "{r:#?}");
    let (soap, _) = product(&store, "3760123450010");
    assert_eq!(
        (soap.price, soap.cost),
        (money("5.40"), Some(money("2.16")))
    );
    assert_eq!(product(&store, "BOUGIE-CED").0.name, "Bougie Cèdre");
    let (jam, active) = product(&store, "3760123450027");
    assert_eq!(
        (jam.tax_rate, jam.price, active),
        (rate("5.5"), money("4.00"), false)
    );
    assert!(r.refusals[0].reasons[0].contains("19%"), "{r:#?}");
}

#[test]
fn square_tax_columns_archived_items_and_decimal_commas() {
    let (store, r, _dir) = import("square.csv", false);
    assert_eq!(r.preset, "square");
    assert_eq!((r.created, r.refused), (4, 0), "{r:#?}");
    let (croissant, _) = product(&store, "CROI");
    assert_eq!(croissant.name, "Croissant");
    assert_eq!(croissant.tax_rate, rate("5.5"));
    assert_eq!(croissant.category.as_deref(), Some("Viennoiserie"));
    assert!(!product(&store, "PAC").1);
    assert_eq!(product(&store, "3760123450034").0.name, "Tote bag Grand");
    assert_eq!(product(&store, "CAFE").0.price, money("2.20"));
}

#[test]
fn prestashop_rates_come_from_the_two_prices() {
    let (store, r, _dir) = import("prestashop.csv", false);
    assert_eq!(r.preset, "prestashop");
    assert_eq!((r.created, r.refused), (3, 1), "{r:#?}");
    let (oil, _) = product(&store, "HUILE-50");
    assert_eq!((oil.tax_rate, oil.price), (rate("5.5"), money("9.50")));
    assert_eq!(product(&store, "TABLIER").0.tax_rate, rate("20"));
    assert!(!product(&store, "CAT-2019").1);
    assert!(r.refusals[0].reasons[0].contains("4.76"), "{r:#?}");
}

#[test]
fn a_shops_own_french_spreadsheet() {
    let (store, r, _dir) = import("generic-fr.csv", false);
    assert_eq!((r.preset.as_str(), r.created), ("generic", 2), "{r:#?}");
    let (spread, _) = product(&store, "3017620422003");
    assert_eq!(spread.tax_rate, rate("5.5"));
    assert_eq!(spread.cost, Some(money("2.10")));
    assert_eq!(spread.category.as_deref(), Some("Épicerie"));
}

#[test]
fn a_dry_run_writes_nothing_and_a_second_import_updates_in_place() {
    let (store, r, dir) = import("shopify.csv", true);
    assert_eq!((r.created, r.committed), (4, false));
    assert!(catalog::list(store.conn(), true, None).unwrap().is_empty());
    assert!(r.rejected_file.is_none());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no rejected file"
    );

    let (mut store, _, dir) = import("shopify.csv", false);
    let id = product(&store, "3017620422003").0.id;
    let copy = dir.path().join("shopify.csv");
    let again = import_products(&mut store, &copy, &opts(), &run(false)).unwrap();
    assert_eq!(
        (again.created, again.updated, again.unchanged),
        (0, 0, 4),
        "{again:#?}"
    );
    // A price changed in the file updates the same product (its sales keep pointing at it).
    let text = std::fs::read_to_string(&copy)
        .unwrap()
        .replace(",6.90,", ",7.20,");
    std::fs::write(&copy, text).unwrap();
    let changed = import_products(&mut store, &copy, &opts(), &run(false)).unwrap();
    assert_eq!((changed.updated, changed.unchanged), (1, 3), "{changed:#?}");
    let (cafe, _) = product(&store, "3017620422003");
    assert_eq!((cafe.id, cafe.price), (id, money("7.20")));
    let audits: i64 = store
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'product.import'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audits, 3);
}

#[test]
fn a_code_twice_bad_text_and_an_unknown_preset_are_refused_with_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.csv");
    std::fs::write(
        &file,
        b"code,name,price,tax_rate\nA1,Th\xe9,3.00,20\nA1,Other,4.00,20\nB2,\"   \",1,20\n\
          C3,Ok,1.00,7\n"
            .as_slice(),
    )
    .unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let r = import_products(&mut store, &file, &opts(), &run(true)).unwrap();
    // The file is windows-1252 (\xe9 alone is not UTF-8): read as such.
    assert_eq!(r.created, 1, "{r:#?}");
    let reasons: Vec<String> = r.refusals.iter().map(|f| f.reasons.join("; ")).collect();
    assert!(reasons[0].contains("already on line 2"), "{reasons:?}");
    assert!(reasons[1].contains("no name"), "{reasons:?}");
    assert!(reasons[2].contains("VAT rate 7%"), "{reasons:?}");
    let bad = ProductOptions {
        preset: Some("odoo".into()),
        ..opts()
    };
    let e = import_products(&mut store, &file, &bad, &run(true)).unwrap_err();
    assert!(e.to_string().contains("odoo"), "{e}");
    // A control character anywhere makes it no text file at all (no escape sequence
    // reaches a name).
    std::fs::write(&file, "code,name,price\nB2,Esc\x1b[2J,1\n").unwrap();
    let e = import_products(&mut store, &file, &opts(), &run(true)).unwrap_err();
    assert!(e.to_string().contains("binary"), "{e}");
    std::fs::write(&file, "").unwrap();
    let e = import_products(&mut store, &file, &opts(), &run(true)).unwrap_err();
    assert!(e.to_string().contains("empty"), "{e}");
}

#[test]
fn amounts_as_exports_write_them() {
    for (text, cents) in [
        ("12.50", 1250),
        ("12,50", 1250),
        ("1 234,50", 123450),
        ("1,234.50", 123450),
        ("1.234,50", 123450),
        ("€12.50", 1250),
        ("12.500000", 1250),
        ("12.345", 1235),
    ] {
        assert_eq!(parse_amount(text), Some(Money::from_cents(cents)), "{text}");
    }
    for text in ["", "abc", "€", "--"] {
        assert_eq!(parse_amount(text), None, "{text}");
    }
    assert_eq!(first_number("VAT (20%)"), Some(rate("20")));
    assert_eq!(first_number("TVA 5,5 %"), Some(rate("5.5")));
    assert_eq!(first_number("none"), None);
}
