//! A customer group as the hub's feed says it is, written over the register's groups
//! without queueing it back (it comes from there). Groups are known across registers by
//! name (a customer's JSON names its group); each register keeps its own row ids.
//!
//! Invariants: a rename keeps the local row, so its customers follow; a rename onto a
//! name this register already has moves the old group's customers into it; a deletion
//! leaves the group's customers here without a group; every customer whose group changed
//! is rewritten through the change sequence (the search index follows) and never queued
//! for the hub (the authority already did the same to its copy); a change that alters
//! something here leaves an audit entry by `sync` (a discount is a price), one that
//! changes nothing (this register's own change coming back) leaves none.

use chrono::Utc;
use rusqlite::{params, Transaction};
use serde_json::json;

use super::super::catalog::{group_by_name, group_members};
use super::super::row::percent_text;
use super::super::{audit, Result};
use super::{get, rewrite_row};
use crate::domain::catalog::Group;
use crate::domain::ids::GroupId;
use crate::domain::money::Percent;

/// What the feed says of a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RemoteGroup {
    /// Created or changed; `from`: the name it had (a rename).
    Set {
        name: String,
        discount: Percent,
        from: Option<String>,
    },
    Deleted {
        name: String,
    },
}

/// Writes the hub's view of a group here; whether anything changed.
pub fn apply_remote_group(tx: &Transaction, remote: &RemoteGroup) -> Result<bool> {
    let changed = match remote {
        RemoteGroup::Deleted { name } => match group_by_name(tx, name)? {
            Some(g) => {
                move_members(tx, g.id, None)?;
                tx.execute("DELETE FROM customer_group WHERE id = ?1", [g.id])?;
                true
            }
            None => false,
        },
        RemoteGroup::Set {
            name,
            discount,
            from,
        } => set(tx, name, *discount, from.as_deref())?,
    };
    if changed {
        audit::record(
            tx,
            "sync",
            "group.sync",
            "group",
            None,
            match remote {
                RemoteGroup::Deleted { name } => json!({ "name": name, "deleted": true }),
                RemoteGroup::Set {
                    name,
                    discount,
                    from,
                } => json!({ "name": name, "discount": percent_text(*discount), "from": from }),
            },
        )?;
    }
    Ok(changed)
}

fn set(tx: &Transaction, name: &str, discount: Percent, from: Option<&str>) -> Result<bool> {
    let current = group_by_name(tx, name)?;
    let old = match from {
        Some(f) => group_by_name(tx, f)?.filter(|o| Some(o.id) != current.as_ref().map(|c| c.id)),
        None => None,
    };
    match (old, current) {
        // A rename: the row keeps its id, its customers follow.
        (Some(old), None) => {
            write(tx, old.id, name, discount)?;
            move_members(tx, old.id, Some(name))?;
            Ok(true)
        }
        // Renamed onto a group this register has: its customers join that one.
        (Some(old), Some(c)) => {
            move_members(tx, old.id, Some(&c.name))?;
            tx.execute("DELETE FROM customer_group WHERE id = ?1", [old.id])?;
            update(tx, &c, name, discount)?;
            Ok(true)
        }
        (None, Some(c)) => update(tx, &c, name, discount),
        (None, None) => {
            tx.execute(
                "INSERT INTO customer_group (id, name, discount) VALUES (?1, ?2, ?3)",
                params![GroupId::generate(), name, percent_text(discount)],
            )?;
            Ok(true)
        }
    }
}

/// Group `c` as the feed says it is (its name's case may differ); whether it changed.
fn update(tx: &Transaction, c: &Group, name: &str, discount: Percent) -> Result<bool> {
    if c.name == name && c.discount == discount {
        return Ok(false);
    }
    write(tx, c.id, name, discount)?;
    if c.name != name {
        move_members(tx, c.id, Some(name))?;
    }
    Ok(true)
}

fn write(tx: &Transaction, id: GroupId, name: &str, discount: Percent) -> Result<()> {
    tx.prepare_cached("UPDATE customer_group SET name = ?2, discount = ?3 WHERE id = ?1")?
        .execute(params![id, name, percent_text(discount)])?;
    Ok(())
}

/// The customers of group `id` into group `to` (by name; the group's own new name after a
/// rename), or into none: each rewritten, so the change sequence (and the index) sees
/// it.
fn move_members(tx: &Transaction, id: GroupId, to: Option<&str>) -> Result<()> {
    let now = Utc::now();
    for c in group_members(tx, id)? {
        if let Some(mut row) = get(tx, c)? {
            row.data.group = to.map(str::to_string);
            rewrite_row(tx, c, &row.data, now)?;
        }
    }
    Ok(())
}
