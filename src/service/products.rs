//! The catalogue's manager acts beyond adding a product ([`super::create_product`]):
//! change one (code, name, price, VAT rate, cost, category), archive it or bring it back,
//! and the JSON merge patch that says what changes.
//!
//! Invariants: each act is the manager's ("price and product changes"); the product is
//! checked ([`Product::check`]) before anything is written; the write and its audit entry
//! (action `product.edit`, `product.archive` or `product.restore`, with every changed
//! field's value before and after) are one transaction; a patch that changes nothing
//! writes nothing; archiving keeps the product, so the sales that name it keep it.

use serde_json::{json, Map, Value};

use super::{Actor, Refusal, ServiceError};
use crate::domain::catalog::Product;
use crate::domain::money::{Money, Percent};
use crate::store::{audit, catalog, Store};

/// What a patch changes; `None` leaves a field as it is. `cost` and `category` can be
/// cleared (`Some(None)`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProductPatch {
    pub code: Option<String>,
    pub name: Option<String>,
    pub price: Option<Money>,
    pub tax_rate: Option<Percent>,
    pub cost: Option<Option<Money>>,
    pub category: Option<Option<String>>,
    pub active: Option<bool>,
}

/// The keys a product's JSON has (`comptoir products show --json`); `id` is the store's
/// and ignored on input, like a customer's owned keys.
pub const PRODUCT_KEYS: [&str; 8] = [
    "id", "code", "name", "price", "tax_rate", "cost", "category", "active",
];

impl ProductPatch {
    /// Reads a JSON merge patch (an object; keys given replace, `null` clears `cost` or
    /// `category`). An unknown key, a wrong type or a value that is not an amount or a
    /// rate is refused with the key's name.
    pub fn from_json(value: &Value) -> Result<ProductPatch, String> {
        let Value::Object(map) = value else {
            return Err("a product patch is a JSON object".into());
        };
        let mut patch = ProductPatch::default();
        for (key, v) in map {
            match key.as_str() {
                "id" => {}
                "code" => patch.code = Some(text(key, v)?),
                "name" => patch.name = Some(text(key, v)?),
                "price" => patch.price = Some(amount(key, v)?),
                "tax_rate" => {
                    let t = text(key, v)?;
                    patch.tax_rate =
                        Some(Percent::parse(&t).map_err(|e| format!("tax_rate: {e}"))?);
                }
                "cost" if v.is_null() => patch.cost = Some(None),
                "cost" => patch.cost = Some(Some(amount(key, v)?)),
                "category" if v.is_null() => patch.category = Some(None),
                "category" => patch.category = Some(Some(text(key, v)?)),
                "active" => {
                    patch.active = Some(v.as_bool().ok_or("active: true or false")?);
                }
                other => {
                    return Err(format!(
                        "unknown key {other:?} (a product has {})",
                        PRODUCT_KEYS.join(", ")
                    ))
                }
            }
        }
        Ok(patch)
    }

    /// `p` with the patch laid over it.
    fn apply(&self, p: &Product) -> Product {
        let mut out = p.clone();
        if let Some(c) = &self.code {
            out.code = c.trim().to_string();
        }
        if let Some(n) = &self.name {
            out.name = n.trim().to_string();
        }
        if let Some(v) = self.price {
            out.price = v;
        }
        if let Some(v) = self.tax_rate {
            out.tax_rate = v;
        }
        if let Some(v) = self.cost {
            out.cost = v;
        }
        if let Some(c) = &self.category {
            out.category = c
                .as_ref()
                .map(|c| c.trim().to_string())
                .filter(|c| !c.is_empty());
        }
        out
    }
}

fn text(key: &str, v: &Value) -> Result<String, String> {
    v.as_str()
        .map(str::to_string)
        .ok_or_else(|| format!("{key}: a string"))
}

/// An amount, as a string ("12.50") or a JSON number.
fn amount(key: &str, v: &Value) -> Result<Money, String> {
    let t = match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return Err(format!("{key}: an amount such as \"12.50\"")),
    };
    Money::parse(&t).map_err(|e| format!("{key}: {e}"))
}

/// A product as JSON, with whether it is on sale (`active`).
pub fn product_json(p: &Product, active: bool) -> Value {
    json!({
        "id": p.id.to_string(),
        "code": p.code,
        "name": p.name,
        "price": p.price.to_string(),
        "tax_rate": p.tax_rate.as_decimal().normalize().to_string(),
        "cost": p.cost.map(|c| c.to_string()),
        "category": p.category,
        "active": active,
    })
}

/// Changes product `code` as `patch` says (manager). Returns it as stored and whether it
/// is active.
pub fn edit_product(
    store: &mut Store,
    actor: &Actor,
    code: &str,
    patch: &ProductPatch,
) -> Result<(Product, bool), ServiceError> {
    actor.require_manager("changing a product")?;
    let (before, was_active) = catalog::product_any_by_code(store.conn(), code)?
        .ok_or_else(|| Refusal::NoProduct(code.trim().to_string()))?;
    let after = patch.apply(&before);
    after.check().map_err(Refusal::from)?;
    let active = patch.active.unwrap_or(was_active);
    let changes = changes(
        &product_json(&before, was_active),
        &product_json(&after, active),
    );
    if changes.is_empty() {
        return Ok((after, active));
    }
    let action = match (was_active, active) {
        (true, false) => "product.archive",
        (false, true) => "product.restore",
        _ => "product.edit",
    };
    store.write(|tx| {
        catalog::upsert_product(tx, &after)?;
        if active != was_active {
            catalog::set_active(tx, after.id, active)?;
        }
        audit::record(
            tx,
            &actor.name,
            action,
            "product",
            Some(&after.id.to_string()),
            json!({ "code": after.code, "changes": changes, "role": "manager" }),
        )
    })?;
    Ok((after, active))
}

/// Each key whose value differs: `{key: [before, after]}`.
fn changes(before: &Value, after: &Value) -> Map<String, Value> {
    let mut out = Map::new();
    if let (Value::Object(b), Value::Object(a)) = (before, after) {
        for (k, v) in a {
            let old = b.get(k).cloned().unwrap_or(Value::Null);
            if &old != v {
                out.insert(k.clone(), json!([old, v]));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::{create_product, NewProduct, Role};

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

    fn store_with_coffee() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        create_product(
            &mut store,
            &actor(Role::Manager),
            NewProduct {
                code: "3017620422003".into(),
                name: "Café moulu".into(),
                price: Money::from_cents(450),
                tax_rate: Percent::parse("5.5").unwrap(),
                cost: None,
                category: Some("Épicerie".into()),
            },
        )
        .unwrap();
        store
    }

    fn audit_rows(store: &Store) -> Vec<(String, Value)> {
        let mut stmt = store
            .conn()
            .prepare("SELECT action, detail FROM audit_log WHERE entity = 'product' ORDER BY rowid")
            .unwrap();
        stmt.query_map([], |r| {
            let d: String = r.get(1)?;
            Ok((r.get(0)?, serde_json::from_str(&d).unwrap()))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    }

    #[test]
    fn a_patch_reads_every_key_and_refuses_unknown_ones() {
        let p = ProductPatch::from_json(&json!({
            "id": "ignored", "price": "4,90", "tax_rate": "20", "cost": null,
            "category": "Boissons", "active": false, "name": " Café "
        }))
        .unwrap();
        assert_eq!(p.price, Some(Money::from_cents(490)));
        assert_eq!(p.cost, Some(None));
        assert_eq!(p.category, Some(Some("Boissons".into())));
        assert_eq!(p.active, Some(false));
        let e = ProductPatch::from_json(&json!({ "prix": "4" })).unwrap_err();
        assert!(e.contains("prix") && e.contains("price"), "{e}");
        let e = ProductPatch::from_json(&json!({ "price": "quatre" })).unwrap_err();
        assert!(e.starts_with("price:"), "{e}");
        assert!(ProductPatch::from_json(&json!([1])).is_err());
    }

    #[test]
    fn a_price_change_is_the_managers_and_audited_with_before_and_after() {
        let mut store = store_with_coffee();
        let patch = ProductPatch {
            price: Some(Money::from_cents(490)),
            ..Default::default()
        };
        let refused = edit_product(&mut store, &actor(Role::Cashier), "3017620422003", &patch);
        assert!(matches!(
            refused,
            Err(ServiceError::Refused(Refusal::NeedsManager(_)))
        ));
        let (p, active) =
            edit_product(&mut store, &actor(Role::Manager), "3017620422003", &patch).unwrap();
        assert_eq!((p.price, active), (Money::from_cents(490), true));
        let rows = audit_rows(&store);
        let (action, detail) = rows.last().unwrap();
        assert_eq!(action, "product.edit");
        assert_eq!(detail["changes"], json!({ "price": ["4.50", "4.90"] }));
        // The same patch again changes nothing and writes nothing.
        edit_product(&mut store, &actor(Role::Manager), "3017620422003", &patch).unwrap();
        assert_eq!(audit_rows(&store).len(), rows.len());
    }

    #[test]
    fn an_archived_product_leaves_the_register_and_comes_back() {
        let mut store = store_with_coffee();
        let v0 = catalog::version(store.conn()).unwrap();
        let archive = ProductPatch {
            active: Some(false),
            ..Default::default()
        };
        edit_product(&mut store, &actor(Role::Manager), "3017620422003", &archive).unwrap();
        assert!(catalog::product_by_code(store.conn(), "3017620422003")
            .unwrap()
            .is_none());
        assert!(catalog::version(store.conn()).unwrap() > v0);
        assert_eq!(catalog::list(store.conn(), false, None).unwrap().len(), 0);
        assert_eq!(catalog::list(store.conn(), true, None).unwrap().len(), 1);
        let restore = ProductPatch {
            active: Some(true),
            ..Default::default()
        };
        edit_product(&mut store, &actor(Role::Manager), "3017620422003", &restore).unwrap();
        let actions: Vec<_> = audit_rows(&store).into_iter().map(|(a, _)| a).collect();
        assert_eq!(
            actions,
            ["product.create", "product.archive", "product.restore"]
        );
        let listed = catalog::list(store.conn(), false, Some("épicerie")).unwrap();
        assert_eq!(listed.len(), 0, "NOCASE folds ASCII only: É is not é");
        assert_eq!(
            catalog::list(store.conn(), false, Some("Épicerie"))
                .unwrap()
                .len(),
            1
        );
    }

    #[test]
    fn a_bad_check_digit_or_a_taken_code_changes_nothing() {
        let mut store = store_with_coffee();
        create_product(
            &mut store,
            &actor(Role::Manager),
            NewProduct {
                code: "TEA".into(),
                name: "Thé".into(),
                price: Money::from_cents(300),
                tax_rate: Percent::ZERO,
                cost: None,
                category: None,
            },
        )
        .unwrap();
        let typo = ProductPatch {
            code: Some("3017620422004".into()),
            ..Default::default()
        };
        let e = edit_product(&mut store, &actor(Role::Manager), "TEA", &typo).unwrap_err();
        assert!(e.to_string().contains("check digit"), "{e}");
        let taken = ProductPatch {
            code: Some("3017620422003".into()),
            ..Default::default()
        };
        assert!(edit_product(&mut store, &actor(Role::Manager), "TEA", &taken).is_err());
        assert!(catalog::product_any_by_code(store.conn(), "TEA")
            .unwrap()
            .is_some());
        let e = edit_product(&mut store, &actor(Role::Manager), "NOPE", &taken).unwrap_err();
        assert!(e.to_string().contains("NOPE"), "{e}");
    }
}
