//! Customer groups as the manager keeps them: add, change (name, automatic discount),
//! delete, saying where the group's customers go.
//!
//! Invariants: every act is the manager's (a group's discount is a price; a customer's
//! group is the manager's field) and audited in its own transaction (`group.create`,
//! `group.edit` with each changed value before and after, `group.delete` with how many
//! customers moved and where); a group with customers is deleted only once the manager
//! names where they go (another group, or none), and each of them moves through the
//! store's customer write, so the change log (search index) and every other follower of
//! customer writes see it; a rename re-logs the group's customers for the same reason.

use serde_json::json;

use super::{Actor, Refusal, ServiceError};
use crate::domain::catalog::Group;
use crate::domain::ids::{CustomerId, GroupId};
use crate::domain::money::Percent;
use rusqlite::Transaction;

use crate::store::{audit, catalog, customers, Store, StoreError};

/// Longest group name.
pub const MAX_NAME: usize = crate::domain::catalog::MAX_GROUP_NAME;

/// Where a deleted group's customers go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// Into this group.
    Group(String),
    /// Into no group.
    NoGroup,
}

fn check_name(name: &str) -> Result<String, Refusal> {
    crate::domain::catalog::group_name(name).ok_or(Refusal::GroupName(MAX_NAME))
}

fn find(store: &Store, name: &str) -> Result<Group, ServiceError> {
    catalog::group_by_name(store.conn(), name.trim())?
        .ok_or_else(|| Refusal::NoGroup(name.trim().to_string()).into())
}

/// Adds group `name` with automatic discount `discount`.
pub fn create_group(
    store: &mut Store,
    actor: &Actor,
    name: &str,
    discount: Percent,
) -> Result<Group, ServiceError> {
    actor.require_manager("changing the customer groups")?;
    let group = Group {
        id: GroupId::generate(),
        name: check_name(name)?,
        discount,
    };
    store.write(|tx| catalog::create_group(tx, &group, &actor.name))?;
    Ok(group)
}

/// Creates, in one transaction, each of `names` the shop does not have yet (no discount):
/// an import's "create the groups the file names". A name given twice (any case), or
/// created since the dry run listed it, is skipped. Returns the groups created.
pub fn create_missing_groups(
    store: &mut Store,
    actor: &Actor,
    names: &[String],
) -> Result<Vec<Group>, ServiceError> {
    actor.require_manager("changing the customer groups")?;
    let mut wanted: Vec<String> = Vec::with_capacity(names.len());
    for n in names {
        let name = check_name(n)?;
        if !wanted
            .iter()
            .any(|w| w.to_lowercase() == name.to_lowercase())
        {
            wanted.push(name);
        }
    }
    let made = store.write(|tx| {
        let mut made = Vec::new();
        for name in wanted {
            if catalog::group_by_name(tx, &name)?.is_some() {
                continue;
            }
            let group = Group {
                id: GroupId::generate(),
                name,
                discount: Percent::ZERO,
            };
            catalog::create_group(tx, &group, &actor.name)?;
            made.push(group);
        }
        Ok::<_, StoreError>(made)
    })?;
    Ok(made)
}

/// Renames group `name` and/or changes its discount.
pub fn edit_group(
    store: &mut Store,
    actor: &Actor,
    name: &str,
    new_name: Option<&str>,
    discount: Option<Percent>,
) -> Result<Group, ServiceError> {
    actor.require_manager("changing the customer groups")?;
    let before = find(store, name)?;
    let after = Group {
        id: before.id,
        name: match new_name {
            Some(n) => check_name(n)?,
            None => before.name.clone(),
        },
        discount: discount.unwrap_or(before.discount),
    };
    if after == before {
        return Ok(after);
    }
    let members = catalog::group_members(store.conn(), before.id)?;
    store.write(|tx| {
        catalog::update_group(tx, &after)?;
        if after.name != before.name {
            // Each member's group reads differently now: log it like an edit.
            relog(tx, &members)?;
        }
        audit::record(
            tx,
            &actor.name,
            "group.edit",
            "group",
            Some(&after.id.to_string()),
            json!({
                "name": [before.name, after.name],
                "discount": [before.discount.to_string(), after.discount.to_string()],
                "role": "manager",
            }),
        )
    })?;
    Ok(after)
}

/// Deletes group `name`; its customers go to `to` (needed when it has any). Returns how
/// many customers moved.
pub fn delete_group(
    store: &mut Store,
    actor: &Actor,
    name: &str,
    to: Option<&Destination>,
) -> Result<usize, ServiceError> {
    actor.require_manager("changing the customer groups")?;
    let group = find(store, name)?;
    let members = catalog::group_members(store.conn(), group.id)?;
    let target = match to {
        Some(Destination::Group(g)) => {
            let g = find(store, g)?;
            if g.id == group.id {
                return Err(Refusal::GroupInUse {
                    name: group.name,
                    customers: members.len(),
                }
                .into());
            }
            Some(g.name)
        }
        Some(Destination::NoGroup) => None,
        None if members.is_empty() => None,
        None => {
            return Err(Refusal::GroupInUse {
                name: group.name,
                customers: members.len(),
            }
            .into())
        }
    };
    store.write(|tx| {
        for &id in &members {
            let Some(mut c) = customers::get(tx, id)? else {
                continue;
            };
            c.data.group.clone_from(&target);
            customers::update_row(tx, id, &c.data, chrono::Utc::now())?;
        }
        catalog::delete_group(tx, group.id)?;
        audit::record(
            tx,
            &actor.name,
            "group.delete",
            "group",
            Some(&group.id.to_string()),
            json!({
                "name": group.name, "customers_moved": members.len(), "to": target,
                "role": "manager",
            }),
        )
    })?;
    Ok(members.len())
}

/// Logs each of `ids` as changed (same data), for the index and the other followers.
fn relog(tx: &Transaction, ids: &[CustomerId]) -> Result<(), StoreError> {
    for &id in ids {
        if let Some(c) = customers::get(tx, id)? {
            customers::update_row(tx, id, &c.data, chrono::Utc::now())?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::customer::CustomerData;
    use crate::service::{add_customer, Role};
    use crate::store::changes;

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

    fn member(store: &mut Store, name: &str, group: &str) -> CustomerId {
        let data = CustomerData {
            last_name: Some(name.into()),
            group: Some(group.into()),
            ..Default::default()
        };
        add_customer(store, &actor(Role::Manager), data).unwrap().id
    }

    fn pct(s: &str) -> Percent {
        Percent::parse(s).unwrap()
    }

    #[test]
    fn groups_are_the_managers_and_a_rename_relogs_their_customers() {
        let mut store = Store::open_in_memory().unwrap();
        let refused = create_group(&mut store, &actor(Role::Cashier), "VIP", pct("10"));
        assert!(matches!(
            refused,
            Err(ServiceError::Refused(Refusal::NeedsManager(_)))
        ));
        create_group(&mut store, &actor(Role::Manager), "VIP", pct("10")).unwrap();
        let taken = create_group(&mut store, &actor(Role::Manager), "vip", pct("5"));
        assert!(taken.is_err(), "names are unique whatever the case");
        let id = member(&mut store, "Roux", "VIP");
        let seq = changes::last_seq(store.conn()).unwrap();
        let g = edit_group(
            &mut store,
            &actor(Role::Manager),
            "VIP",
            Some("Fidèles"),
            Some(pct("12")),
        )
        .unwrap();
        assert_eq!((g.name.as_str(), g.discount), ("Fidèles", pct("12")));
        assert!(
            changes::last_seq(store.conn()).unwrap() > seq,
            "the member is re-logged"
        );
        let c = customers::get(store.conn(), id).unwrap().unwrap();
        assert_eq!(c.data.group.as_deref(), Some("Fidèles"));
        let counts = catalog::groups_with_counts(store.conn()).unwrap();
        assert_eq!(counts.len(), 1);
        assert_eq!(counts[0].1, 1);
    }

    #[test]
    fn a_group_in_use_is_deleted_only_once_its_customers_have_somewhere_to_go() {
        let mut store = Store::open_in_memory().unwrap();
        let m = actor(Role::Manager);
        create_group(&mut store, &m, "Pros", pct("5")).unwrap();
        create_group(&mut store, &m, "VIP", pct("10")).unwrap();
        let a = member(&mut store, "Roux", "Pros");
        let b = member(&mut store, "Petit", "Pros");
        let e = delete_group(&mut store, &m, "Pros", None).unwrap_err();
        assert!(e.to_string().contains("2 customers"), "{e}");
        let e = delete_group(
            &mut store,
            &m,
            "Pros",
            Some(&Destination::Group("Pros".into())),
        )
        .unwrap_err();
        assert!(e.to_string().contains("Pros"), "{e}");
        let moved = delete_group(
            &mut store,
            &m,
            "Pros",
            Some(&Destination::Group("VIP".into())),
        )
        .unwrap();
        assert_eq!(moved, 2);
        for id in [a, b] {
            let c = customers::get(store.conn(), id).unwrap().unwrap();
            assert_eq!(c.data.group.as_deref(), Some("VIP"));
        }
        let moved = delete_group(&mut store, &m, "VIP", Some(&Destination::NoGroup)).unwrap();
        assert_eq!(moved, 2);
        assert!(catalog::groups(store.conn()).unwrap().is_empty());
        let c = customers::get(store.conn(), a).unwrap().unwrap();
        assert_eq!(c.data.group, None);
        let audits: Vec<String> = store
            .conn()
            .prepare("SELECT action FROM audit_log WHERE entity = 'group' ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(
            audits,
            [
                "group.create",
                "group.create",
                "group.delete",
                "group.delete"
            ]
        );
    }
}
