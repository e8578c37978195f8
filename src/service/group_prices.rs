//! A customer group's price list as the manager keeps it: a product's special price for
//! the group's customers set, changed or removed, and the list read.
//!
//! Invariants: setting or removing a special price is a price change, the manager's act,
//! refused to the cashier; each change that changes something is one transaction with
//! its audit entry (`group.price`, the group, the product's code and the price before and
//! after); a special price is never negative; the product is named by its code, archived
//! products included (a line may still be sold at its old price from a parked ticket).

use serde_json::json;

use super::{Actor, Refusal, ServiceError};
use crate::domain::catalog::{Group, Product, ProductError};
use crate::domain::money::Money;
use crate::store::{audit, catalog, group_prices, Store};

/// What a price change did: the group, the product, the price before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceChange {
    pub group: Group,
    pub product: Product,
    pub before: Option<Money>,
    pub after: Option<Money>,
}

fn group(store: &Store, name: &str) -> Result<Group, ServiceError> {
    catalog::group_by_name(store.conn(), name.trim())?
        .ok_or_else(|| Refusal::NoGroup(name.trim().to_string()).into())
}

/// Sets (`Some`) or removes (`None`) group `group`'s special price of the product with
/// code `code`. Removing a price the group does not have changes nothing and audits
/// nothing.
pub fn set_price(
    store: &mut Store,
    actor: &Actor,
    group_name: &str,
    code: &str,
    price: Option<Money>,
) -> Result<PriceChange, ServiceError> {
    actor.require_manager("a customer group's special prices")?;
    if let Some(p) = price.filter(|p| p.is_negative()) {
        return Err(Refusal::Product(ProductError::NegativePrice(p)).into());
    }
    let group = group(store, group_name)?;
    let Some((product, _active)) = catalog::product_any_by_code(store.conn(), code)? else {
        return Err(Refusal::NoProduct(code.trim().to_string()).into());
    };
    let change = store.write(|tx| {
        let before = group_prices::get(tx, group.id, product.id)?;
        if before != price {
            group_prices::set(tx, group.id, product.id, price)?;
            audit::record(
                tx,
                &actor.name,
                "group.price",
                "group",
                Some(&group.id.to_string()),
                json!({
                    "group": group.name,
                    "code": product.code,
                    "shelf_price": product.price.to_string(),
                    "price": [before.map(|m| m.to_string()), price.map(|m| m.to_string())],
                    "role": "manager",
                }),
            )?;
        }
        Ok::<_, ServiceError>(PriceChange {
            group: group.clone(),
            product: product.clone(),
            before,
            after: price,
        })
    })?;
    Ok(change)
}

/// Group `group`'s special prices with their products, by product name.
pub fn prices(
    store: &Store,
    group_name: &str,
) -> Result<(Group, Vec<(Product, Money)>), ServiceError> {
    let g = group(store, group_name)?;
    let list = group_prices::of_group(store.conn(), g.id)?;
    Ok((g, list))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::ProductId;
    use crate::domain::money::Percent;
    use crate::service::groups::create_group;
    use crate::service::Role;

    fn actor(role: Role) -> Actor {
        Actor {
            name: "cli:tester".into(),
            country: "FR".into(),
            role,
            register: "R1".into(),
            loyalty: Default::default(),
            offline: None,
        }
    }

    fn shop() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        let m = actor(Role::Manager);
        create_group(&mut store, &m, "VIP", Percent::parse("10").unwrap()).unwrap();
        store
            .write(|tx| {
                catalog::upsert_product(
                    tx,
                    &Product {
                        id: ProductId::generate(),
                        code: "CAFE".into(),
                        name: "Café".into(),
                        price: Money::from_cents(1200),
                        tax_rate: Percent::parse("20").unwrap(),
                        cost: None,
                        category: None,
                    },
                )
            })
            .unwrap();
        store
    }

    fn audits(store: &Store) -> Vec<serde_json::Value> {
        store
            .conn()
            .prepare("SELECT detail FROM audit_log WHERE action = 'group.price' ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .map(|d| serde_json::from_str(&d.unwrap()).unwrap())
            .collect()
    }

    #[test]
    fn a_special_price_is_the_managers_and_each_change_is_audited() {
        let mut store = shop();
        let price = Some(Money::from_cents(1000));
        let refused = set_price(&mut store, &actor(Role::Cashier), "VIP", "CAFE", price);
        assert!(matches!(
            refused,
            Err(ServiceError::Refused(Refusal::NeedsManager(_)))
        ));
        assert!(audits(&store).is_empty(), "nothing written for the cashier");
        let m = actor(Role::Manager);
        let c = set_price(&mut store, &m, "vip", "CAFE", price).unwrap();
        assert_eq!((c.before, c.after), (None, price));
        set_price(&mut store, &m, "VIP", "CAFE", Some(Money::from_cents(950))).unwrap();
        let (g, list) = prices(&store, "VIP").unwrap();
        assert_eq!(g.name, "VIP");
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].1, Money::from_cents(950));
        set_price(&mut store, &m, "VIP", "CAFE", None).unwrap();
        let again = set_price(&mut store, &m, "VIP", "CAFE", None).unwrap();
        assert_eq!((again.before, again.after), (None, None));
        let a = audits(&store);
        assert_eq!(a.len(), 3, "removing what is not there audits nothing");
        assert_eq!(a[0]["price"], json!([null, "10.00"]));
        assert_eq!(a[1]["price"], json!(["10.00", "9.50"]));
        assert_eq!(a[2]["price"], json!(["9.50", null]));
        assert_eq!(a[2]["code"], "CAFE");
        assert_eq!(a[2]["role"], "manager");
        assert!(prices(&store, "VIP").unwrap().1.is_empty());
    }

    #[test]
    fn a_negative_price_an_unknown_group_or_product_is_refused() {
        let mut store = shop();
        let m = actor(Role::Manager);
        let neg = set_price(&mut store, &m, "VIP", "CAFE", Some(Money::from_cents(-1)));
        assert!(matches!(
            neg,
            Err(ServiceError::Refused(Refusal::Product(
                ProductError::NegativePrice(_)
            )))
        ));
        let e = set_price(&mut store, &m, "Pros", "CAFE", None).unwrap_err();
        assert!(matches!(e, ServiceError::Refused(Refusal::NoGroup(_))));
        let e = set_price(&mut store, &m, "VIP", "THE", None).unwrap_err();
        assert!(matches!(e, ServiceError::Refused(Refusal::NoProduct(_))));
    }

    #[test]
    fn deleting_the_group_takes_its_prices_with_it() {
        let mut store = shop();
        let m = actor(Role::Manager);
        set_price(&mut store, &m, "VIP", "CAFE", Some(Money::from_cents(1000))).unwrap();
        crate::service::groups::delete_group(&mut store, &m, "VIP", None).unwrap();
        let n: i64 = store
            .conn()
            .query_row("SELECT COUNT(*) FROM group_price", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0);
    }

    #[test]
    fn a_sale_to_a_member_is_at_the_special_price_then_the_discount_and_a_refund_gives_that_back() {
        use crate::domain::customer::CustomerData;
        use crate::domain::pricing;
        use crate::domain::sale::{PaymentMethod, SaleLine};
        use crate::service::{self, PaymentDraft, RefundRequest, RefundTo, SaleDraft};
        use rust_decimal::Decimal;

        let mut store = shop();
        let m = actor(Role::Manager);
        set_price(&mut store, &m, "VIP", "CAFE", Some(Money::from_cents(1000))).unwrap();
        let data = CustomerData {
            last_name: Some("Roux".into()),
            group: Some("VIP".into()),
            ..Default::default()
        };
        let id = service::add_customer(&mut store, &m, data).unwrap().id;
        let p = catalog::product_by_code(store.conn(), "CAFE")
            .unwrap()
            .unwrap();
        let mut lines = vec![SaleLine {
            product_id: Some(p.id),
            code: p.code.clone(),
            name: p.name.clone(),
            quantity: Decimal::from(2),
            unit_price: p.price,
            discount: Percent::ZERO,
            tax_rate: p.tax_rate,
            kind: Default::default(),
            origin: None,
            special: None,
        }];
        let list = group_prices::of_customer(store.conn(), id).unwrap();
        pricing::reprice(&mut lines, list.as_ref());
        let mut draft = SaleDraft::paid(lines, Some(id), PaymentDraft::rest(PaymentMethod::Card));
        draft.group_discount = Percent::parse("10").unwrap();
        // The cashier may sell at the group's price: it is not a price change.
        let sale = service::store_sale(&mut store, &actor(Role::Cashier), &draft).unwrap();
        // 2 x 10.00 = 20.00, -10 % = 18.00.
        assert_eq!(sale.totals.total, Money::from_cents(1800));
        let stored = crate::store::sales::get(store.conn(), sale.id)
            .unwrap()
            .unwrap();
        let why = stored.lines[0].special.clone().unwrap();
        assert_eq!(
            (why.group.as_str(), why.list_price),
            ("VIP", Money::from_cents(1200))
        );
        let overrides: i64 = store
            .conn()
            .query_row(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'sale.price_override'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(overrides, 0);
        // The list changes afterwards; the refund gives back what was paid.
        set_price(&mut store, &m, "VIP", "CAFE", Some(Money::from_cents(500))).unwrap();
        let req = RefundRequest {
            sale: sale.id,
            lines: vec![(1, Decimal::ONE)],
            to: RefundTo::Original,
            new_lines: Vec::new(),
        };
        let back = service::refund(&mut store, &m, &req).unwrap();
        assert_eq!(back.totals.total, Money::from_cents(-900));
        assert!(back.lines[0].special.is_some(), "the refund says why too");
    }

    #[test]
    fn a_member_sold_at_the_shelf_price_of_a_listed_product_is_a_price_change() {
        use crate::domain::customer::CustomerData;
        use crate::domain::sale::{PaymentMethod, SaleLine};
        use crate::service::{self, PaymentDraft, SaleDraft};

        let mut store = shop();
        let m = actor(Role::Manager);
        set_price(&mut store, &m, "VIP", "CAFE", Some(Money::from_cents(1000))).unwrap();
        let data = CustomerData {
            last_name: Some("Roux".into()),
            group: Some("VIP".into()),
            ..Default::default()
        };
        let id = service::add_customer(&mut store, &m, data).unwrap().id;
        let p = catalog::product_by_code(store.conn(), "CAFE")
            .unwrap()
            .unwrap();
        let line = SaleLine {
            product_id: Some(p.id),
            code: p.code.clone(),
            name: p.name.clone(),
            quantity: rust_decimal::Decimal::ONE,
            unit_price: p.price,
            discount: Percent::ZERO,
            tax_rate: p.tax_rate,
            kind: Default::default(),
            origin: None,
            special: None,
        };
        let draft = SaleDraft::paid(
            vec![line],
            Some(id),
            PaymentDraft::rest(PaymentMethod::Card),
        );
        let e = service::store_sale(&mut store, &actor(Role::Cashier), &draft).unwrap_err();
        assert!(
            matches!(e, ServiceError::Refused(Refusal::NeedsManager(_))),
            "{e}"
        );
    }
}
