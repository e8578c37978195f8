use super::*;
use chrono::TimeZone;

fn opts(n: usize) -> DemoOptions {
    DemoOptions {
        customers: n,
        seed: 42,
        now: Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap(),
        sales: true,
    }
}

fn dump(store: &Store) -> Vec<Customer> {
    let mut all = Vec::new();
    customers::for_each(store.conn(), true, |c| {
        all.push(c);
        Ok::<_, crate::store::StoreError>(std::ops::ControlFlow::Continue(()))
    })
    .unwrap();
    all
}

use crate::domain::customer::Customer;

#[test]
fn same_seed_same_shop() {
    let mut a = Store::open_in_memory().unwrap();
    let mut b = Store::open_in_memory().unwrap();
    let ra = generate(&mut a, &opts(300)).unwrap();
    let rb = generate(&mut b, &opts(300)).unwrap();
    assert_eq!(ra, rb);
    assert_eq!(dump(&a), dump(&b));
    assert_eq!(ra.customers, 300);
    assert_eq!(ra.products, 200);
    assert!(
        ra.sales > 300,
        "about two sales per customer, got {}",
        ra.sales
    );
}

#[test]
fn demo_customers_pass_validation() {
    let mut s = Store::open_in_memory().unwrap();
    generate(&mut s, &opts(500)).unwrap();
    let ctx = crate::domain::customer::ValidationContext {
        default_country: "FR".into(),
        today: opts(0).now.date_naive(),
    };
    let all = dump(&s);
    let countries: std::collections::BTreeSet<_> = all
        .iter()
        .filter_map(|c| c.data.address.country.clone())
        .collect();
    assert!(countries.len() >= 5, "{countries:?}");
    for c in all {
        let again = c.data.clone().validate(&ctx);
        assert!(again.is_ok(), "{:?}: {}", c.data, again.unwrap_err());
        assert!(c.data.address.city.is_some(), "{:?}", c.data.address);
    }
}

#[test]
fn products_have_valid_ean13() {
    let mut s = Store::open_in_memory().unwrap();
    generate(&mut s, &opts(1)).unwrap();
    let products = catalog::products(s.conn()).unwrap();
    assert_eq!(products.len(), 200);
    for p in products {
        assert_eq!(validate::ean(&p.code).unwrap(), p.code);
    }
}

#[test]
fn demo_refuses_a_database_with_customers() {
    let mut s = Store::open_in_memory().unwrap();
    generate(&mut s, &opts(5)).unwrap();
    assert!(matches!(
        generate(&mut s, &opts(5)),
        Err(DemoError::NotEmpty(5))
    ));
}

#[test]
fn fold_and_luhn() {
    assert_eq!(fold("Mélanie"), "melanie");
    assert_eq!(fold("Groß"), "gross");
    assert_eq!(fold("van der Berg"), "vanderberg");
    assert_eq!(
        validate::siren(&luhn_complete("73282932")).unwrap(),
        "732829320"
    );
}

#[test]
fn every_demo_product_has_a_category_of_its_shelf() {
    use super::names::{category, PRODUCTS};
    assert_eq!(category(0), "Café et thé");
    assert_eq!(category(121), "Presse");
    assert_eq!(category(PRODUCTS.len() - 1), "Maison et cadeaux");
    // The press is what France taxes at 2.1 %: the shelves follow the rates.
    for (i, p) in PRODUCTS.iter().enumerate() {
        if category(i) == "Presse" {
            assert_eq!(p.tax_rate, "2.1", "{}", p.name);
        }
    }
}
