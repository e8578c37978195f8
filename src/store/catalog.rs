//! Customer groups and catalogue products in SQLite.
//!
//! Invariants: a group write queues its change for the hub in its own transaction
//! (`store::outbox`, once joined); a product's code is unique among all products, archived ones included
//! (`active = 0`: out of the register's scans and searches, kept for the sales that name
//! it); every product write bumps the `catalog` counter, so a reader that caches the
//! catalogue (the F5 item search) knows to read it again.

use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use super::row::{money, opt_money, percent, percent_text};
use super::{audit, outbox, Result, StoreError};
use crate::domain::catalog::{Group, Product};
use crate::domain::ids::{CustomerId, GroupId, ProductId};

/// Creates a group; its name must be new (case-insensitive).
pub fn create_group(tx: &Transaction, group: &Group, actor: &str) -> Result<()> {
    let taken: bool = tx.query_row(
        "SELECT EXISTS(SELECT 1 FROM customer_group WHERE name = ?1)",
        [&group.name],
        |r| r.get(0),
    )?;
    if taken {
        return Err(StoreError::GroupExists(group.name.clone()));
    }
    tx.execute(
        "INSERT INTO customer_group (id, name, discount) VALUES (?1, ?2, ?3)",
        params![group.id, group.name, percent_text(group.discount)],
    )?;
    outbox::group_set(tx, &group.name, group.discount, None)?;
    audit::record(
        tx,
        actor,
        "group.create",
        "group",
        Some(&group.id.to_string()),
        serde_json::json!({ "name": group.name }),
    )?;
    Ok(())
}

fn group_row(r: &Row) -> rusqlite::Result<Group> {
    Ok(Group {
        id: r.get(0)?,
        name: r.get(1)?,
        discount: percent(r, 2)?,
    })
}

/// All groups by name.
pub fn groups(conn: &Connection) -> Result<Vec<Group>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, name, discount FROM customer_group ORDER BY name")?;
    let rows = stmt.query_map([], group_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The group of this name (case-insensitive).
pub fn group_by_name(conn: &Connection, name: &str) -> Result<Option<Group>> {
    Ok(conn
        .prepare_cached("SELECT id, name, discount FROM customer_group WHERE name = ?1")?
        .query_row([name], group_row)
        .optional()?)
}

/// Every group by name with how many live customers it holds.
pub fn groups_with_counts(conn: &Connection) -> Result<Vec<(Group, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT g.id, g.name, g.discount,
            (SELECT COUNT(*) FROM customer c WHERE c.group_id = g.id AND c.anonymised = 0)
         FROM customer_group g ORDER BY g.name",
    )?;
    let rows = stmt.query_map([], |r| Ok((group_row(r)?, r.get(3)?)))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The live customers of group `id`.
pub fn group_members(conn: &Connection, id: GroupId) -> Result<Vec<CustomerId>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM customer WHERE group_id = ?1 AND anonymised = 0 ORDER BY rowid",
    )?;
    let rows = stmt.query_map([id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Writes a group's name and discount; the name must not be another group's
/// (case-insensitive). Audited by the caller.
pub fn update_group(tx: &Transaction, group: &Group) -> Result<()> {
    let taken: bool = tx.query_row(
        "SELECT EXISTS(SELECT 1 FROM customer_group WHERE name = ?1 AND id <> ?2)",
        params![group.name, group.id],
        |r| r.get(0),
    )?;
    if taken {
        return Err(StoreError::GroupExists(group.name.clone()));
    }
    let before: Option<String> = tx
        .prepare_cached("SELECT name FROM customer_group WHERE id = ?1")?
        .query_row([group.id], |r| r.get(0))
        .optional()?;
    tx.prepare_cached("UPDATE customer_group SET name = ?2, discount = ?3 WHERE id = ?1")?
        .execute(params![group.id, group.name, percent_text(group.discount)])?;
    let renamed = before.filter(|b| *b != group.name);
    outbox::group_set(tx, &group.name, group.discount, renamed.as_deref())?;
    Ok(())
}

/// Removes group `id`; its customers (anonymised ones included) are left without one by
/// the foreign key. Moving the live ones first is the caller's.
pub fn delete_group(tx: &Transaction, id: GroupId) -> Result<()> {
    let name: Option<String> = tx
        .prepare_cached("DELETE FROM customer_group WHERE id = ?1 RETURNING name")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    if let Some(name) = name {
        outbox::group_deleted(tx, &name)?;
    }
    Ok(())
}

/// Inserts or replaces a product by id; its code must not belong to another product.
pub fn upsert_product(tx: &Transaction, p: &Product) -> Result<()> {
    let owner: Option<ProductId> = tx
        .prepare_cached("SELECT id FROM product WHERE code = ?1")?
        .query_row([&p.code], |r| r.get(0))
        .optional()?;
    if owner.is_some_and(|o| o != p.id) {
        return Err(StoreError::ProductCodeTaken(p.code.clone()));
    }
    tx.prepare_cached(
        "INSERT INTO product (id, code, name, price_cents, tax_rate, cost_cents, category)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT(id) DO UPDATE SET code = excluded.code, name = excluded.name,
            price_cents = excluded.price_cents, tax_rate = excluded.tax_rate,
            cost_cents = excluded.cost_cents, category = excluded.category",
    )?
    .execute(params![
        p.id,
        p.code,
        p.name,
        p.price.cents(),
        percent_text(p.tax_rate),
        p.cost.map(|c| c.cents()),
        p.category,
    ])?;
    bump_version(tx)
}

/// Archives (`false`) or brings back (`true`) product `id`.
pub fn set_active(tx: &Transaction, id: ProductId, active: bool) -> Result<()> {
    tx.prepare_cached("UPDATE product SET active = ?2 WHERE id = ?1")?
        .execute(params![id, active])?;
    bump_version(tx)
}

fn bump_version(tx: &Transaction) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO counter (name, value) VALUES ('catalog', 1)
         ON CONFLICT(name) DO UPDATE SET value = value + 1",
    )?
    .execute([])?;
    Ok(())
}

/// The catalogue's version: it moves with every product write.
pub fn version(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT value FROM counter WHERE name = 'catalog'")?
        .query_row([], |r| r.get(0))
        .optional()?
        .unwrap_or(0))
}

fn product_row(r: &Row) -> rusqlite::Result<Product> {
    Ok(Product {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        price: money(r, 3)?,
        tax_rate: percent(r, 4)?,
        cost: opt_money(r, 5)?,
        category: r.get(6)?,
    })
}

const COLUMNS: &str = "id, code, name, price_cents, tax_rate, cost_cents, category";

/// The product `id` (inactive ones too: a ticket line keeps its product).
pub fn product(conn: &Connection, id: ProductId) -> Result<Option<Product>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM product WHERE id = ?1"))?
        .query_row([id], product_row)
        .optional()?)
}

/// The active product with this code.
pub fn product_by_code(conn: &Connection, code: &str) -> Result<Option<Product>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM product WHERE code = ?1 AND active = 1"
        ))?
        .query_row([code.trim()], product_row)
        .optional()?)
}

/// Active products by name.
pub fn products(conn: &Connection) -> Result<Vec<Product>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM product WHERE active = 1 ORDER BY name"
    ))?;
    let rows = stmt.query_map([], product_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The product with this code, archived or not, and whether it is active.
pub fn product_any_by_code(conn: &Connection, code: &str) -> Result<Option<(Product, bool)>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS}, active FROM product WHERE code = ?1"
        ))?
        .query_row([code.trim()], |r| Ok((product_row(r)?, r.get(7)?)))
        .optional()?)
}

/// Products by name with whether each is active: the active ones, or all with
/// `archived`; only those of `category` when given (exact, case-insensitive).
pub fn list(
    conn: &Connection,
    archived: bool,
    category: Option<&str>,
) -> Result<Vec<(Product, bool)>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS}, active FROM product
         WHERE (?1 OR active = 1) AND (?2 IS NULL OR category = ?2 COLLATE NOCASE)
         ORDER BY name, code"
    ))?;
    let rows = stmt.query_map(params![archived, category], |r| {
        Ok((product_row(r)?, r.get(7)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
