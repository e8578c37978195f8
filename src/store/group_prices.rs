//! Customer groups' price lists in SQLite (migration 0016): a product's special price
//! for a group's customers.
//!
//! Invariants: one price per (group, product), never negative (a CHECK); a group or a
//! product removed takes its prices with it (foreign keys, ON DELETE CASCADE); writers
//! take the caller's transaction (the audit entry is the caller's, in the same one).

use std::collections::BTreeMap;

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::row::money;
use super::{customers, Result};
use crate::domain::catalog::{Group, Product};
use crate::domain::ids::{CustomerId, GroupId, ProductId};
use crate::domain::money::Money;
use crate::domain::pricing::{GroupPrice, PriceList};

/// Group `group`'s special price of `product`, if it has one.
pub fn get(conn: &Connection, group: GroupId, product: ProductId) -> Result<Option<Money>> {
    Ok(conn
        .prepare_cached(
            "SELECT price_cents FROM group_price WHERE group_id = ?1 AND product_id = ?2",
        )?
        .query_row(params![group, product], |r| money(r, 0))
        .optional()?)
}

/// Sets group `group`'s special price of `product` (`None`: removes it).
pub fn set(
    tx: &Transaction,
    group: GroupId,
    product: ProductId,
    price: Option<Money>,
) -> Result<()> {
    match price {
        Some(p) => tx
            .prepare_cached(
                "INSERT INTO group_price (group_id, product_id, price_cents) VALUES (?1, ?2, ?3)
                 ON CONFLICT(group_id, product_id) DO UPDATE SET price_cents = excluded.price_cents",
            )?
            .execute(params![group, product, p.cents()])?,
        None => tx
            .prepare_cached("DELETE FROM group_price WHERE group_id = ?1 AND product_id = ?2")?
            .execute(params![group, product])?,
    };
    Ok(())
}

/// Group `group`'s special prices with their products (archived ones too), by product
/// name.
pub fn of_group(conn: &Connection, group: GroupId) -> Result<Vec<(Product, Money)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.code, p.name, p.price_cents, p.tax_rate, p.cost_cents, p.category,
                g.price_cents
         FROM group_price g JOIN product p ON p.id = g.product_id
         WHERE g.group_id = ?1 ORDER BY p.name, p.code",
    )?;
    let rows = stmt.query_map([group], |r| {
        Ok((
            Product {
                id: r.get(0)?,
                code: r.get(1)?,
                name: r.get(2)?,
                price: money(r, 3)?,
                tax_rate: super::row::percent(r, 4)?,
                cost: super::row::opt_money(r, 5)?,
                category: r.get(6)?,
            },
            money(r, 7)?,
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Group `group`'s price list as a ticket applies it (each price beside the product's
/// shelf price now).
pub fn list(conn: &Connection, group: &Group) -> Result<PriceList> {
    let mut stmt = conn.prepare_cached(
        "SELECT g.product_id, g.price_cents, p.price_cents
         FROM group_price g JOIN product p ON p.id = g.product_id WHERE g.group_id = ?1",
    )?;
    let rows = stmt.query_map([group.id], |r| {
        Ok((
            r.get::<_, ProductId>(0)?,
            GroupPrice {
                price: money(r, 1)?,
                shelf: money(r, 2)?,
            },
        ))
    })?;
    Ok(PriceList {
        group: group.name.clone(),
        prices: rows.collect::<rusqlite::Result<BTreeMap<_, _>>>()?,
    })
}

/// The price list of customer `id`'s group (none: no such customer, no group, or a group
/// without special prices).
pub fn of_customer(conn: &Connection, id: CustomerId) -> Result<Option<PriceList>> {
    let Some(c) = customers::get(conn, id)? else {
        return Ok(None);
    };
    of_group_name(conn, c.data.group.as_deref())
}

/// The price list of the group named `name`, if any and not empty.
pub fn of_group_name(conn: &Connection, name: Option<&str>) -> Result<Option<PriceList>> {
    let Some(group) = name
        .map(|n| super::catalog::group_by_name(conn, n))
        .transpose()?
    else {
        return Ok(None);
    };
    match group {
        Some(g) => Ok(Some(list(conn, &g)?).filter(|l| !l.is_empty())),
        None => Ok(None),
    }
}
