//! Customers in SQLite: iteration that stops and fails, and anonymisation that erases
//! exactly the personal columns.

use std::ops::ControlFlow;

use rusqlite::types::Value;

use super::*;
use crate::domain::customer::sample::every_field;
use crate::store::Store;

fn store_with(names: &[&str]) -> (Store, Vec<CustomerId>) {
    let mut store = Store::open_in_memory().unwrap();
    let ids = names
        .iter()
        .map(|n| {
            let d = CustomerData {
                last_name: Some((*n).into()),
                ..Default::default()
            };
            store.write(|tx| create(tx, &d, "t")).unwrap().id
        })
        .collect();
    (store, ids)
}

/// Damages the stored creation time of `id`, so that reading its row fails.
fn damage(store: &Store, id: CustomerId) {
    store
        .conn()
        .execute(
            "UPDATE customer SET created_at = 'yesterday' WHERE id = ?1",
            [id],
        )
        .unwrap();
}

#[test]
fn iteration_stops_at_the_first_break_without_reading_further_rows() {
    let (store, ids) = store_with(&["A", "B", "C", "D", "E"]);
    // The third row cannot be read: an iteration that reaches it fails.
    damage(&store, ids[2]);
    let mut calls = 0;
    let whole = for_each(store.conn(), false, |_| {
        calls += 1;
        Ok::<_, StoreError>(ControlFlow::Continue(()))
    });
    assert!(matches!(whole, Err(StoreError::Sqlite(_))), "{whole:?}");
    assert_eq!(calls, 2);
    let mut seen = Vec::new();
    for_each(store.conn(), false, |c| {
        seen.push(c.data.last_name.clone().unwrap_or_default());
        Ok::<_, StoreError>(if seen.len() == 2 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        })
    })
    .unwrap();
    assert_eq!(seen, ["A", "B"], "two rows read, the damaged third never");
}

#[derive(Debug, PartialEq)]
enum Caller {
    Full(usize),
    Store(String),
}

impl From<StoreError> for Caller {
    fn from(e: StoreError) -> Self {
        Caller::Store(e.to_string())
    }
}

#[test]
fn a_callback_error_ends_the_iteration_and_comes_back_as_it_is() {
    let (store, _) = store_with(&["A", "B", "C"]);
    let mut calls = 0;
    let result = for_each(store.conn(), true, |_| {
        calls += 1;
        if calls == 2 {
            return Err(Caller::Full(calls));
        }
        Ok(ControlFlow::Continue(()))
    });
    assert_eq!(result, Err(Caller::Full(2)));
    assert_eq!(calls, 2);
    let mut rows = 0;
    for_each_in_rows(store.conn(), 1, 3, |_| {
        rows += 1;
        Ok::<_, Caller>(ControlFlow::Break(()))
    })
    .unwrap();
    assert_eq!(rows, 1, "a row range stops too");
}

/// What anonymisation keeps of a customer's JSON (pointers): what the store owns, and
/// the fields that identify nobody and that the books need. Every other field of a
/// customer is personal data and must be erased.
const KEPT: [&str; 9] = [
    "/id",
    "/created_at",
    "/updated_at",
    "/anonymised",
    "/last_visit",
    "/address/country",
    "/group",
    "/tax/mode",
    "/tax/rate",
];

/// The leaves of a JSON value, as (pointer, value).
fn leaves(v: &serde_json::Value) -> Vec<(String, serde_json::Value)> {
    fn walk(v: &serde_json::Value, at: String, out: &mut Vec<(String, serde_json::Value)>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, v) in m {
                    walk(v, format!("{at}/{k}"), out);
                }
            }
            serde_json::Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    walk(v, format!("{at}/{i}"), out);
                }
            }
            leaf => out.push((at, leaf.clone())),
        }
    }
    let mut out = Vec::new();
    walk(v, String::new(), &mut out);
    out
}

/// A store holding the group of [`every_field`] and a customer with every field set, who
/// has a sale (so that deleting it anonymises it).
fn store_with_every_field() -> (Store, Customer) {
    let mut store = Store::open_in_memory().unwrap();
    let c = store
        .write(|tx| {
            let vip = crate::domain::catalog::Group {
                id: GroupId::generate(),
                name: "VIP".into(),
                discount: crate::domain::money::Percent::ZERO,
            };
            crate::store::catalog::create_group(tx, &vip, "t")?;
            let c = create(tx, &every_field(), "t")?;
            tx.execute(
                "INSERT INTO sale (id, number, created_at, customer_id, total_cents)
                 VALUES (?1, 'R1-000001', ?2, ?3, 100)",
                params![
                    crate::domain::ids::SaleId::generate(),
                    crate::store::now_text(),
                    c.id
                ],
            )?;
            Ok::<_, StoreError>(c)
        })
        .unwrap();
    (store, c)
}

#[test]
fn anonymising_erases_every_personal_field_and_keeps_the_rest() {
    let default = serde_json::to_value(CustomerData::default()).unwrap();
    for (at, value) in leaves(&serde_json::to_value(every_field()).unwrap()) {
        assert!(
            default.pointer(&at).is_none_or(|d| *d != value),
            "every_field() leaves {at} at its default: give it a value"
        );
    }
    let (mut store, c) = store_with_every_field();
    let stored = get(store.conn(), c.id).unwrap().unwrap();
    assert_eq!(
        stored.data,
        every_field(),
        "every field is stored and read back"
    );
    let outcome = store.write(|tx| delete(tx, c.id, "t")).unwrap();
    assert_eq!(outcome, DeleteOutcome::Anonymised);
    let anon = get(store.conn(), c.id).unwrap().unwrap();
    assert!(anon.anonymised);
    let before = serde_json::to_value(&stored).unwrap();
    let after = serde_json::to_value(&anon).unwrap();
    for (at, value) in leaves(&before) {
        let now = after.pointer(&at).filter(|v| !v.is_null());
        if KEPT.contains(&at.as_str()) {
            if !["/updated_at", "/anonymised"].contains(&at.as_str()) {
                assert_eq!(now, Some(&value), "{at} is kept");
            }
            continue;
        }
        assert!(
            now.is_none() || now == default.pointer(&at),
            "{at} survives anonymisation as {now:?}: erase it (a personal column) or add it to KEPT"
        );
    }
}

#[test]
fn anonymising_writes_over_exactly_the_personal_columns() {
    let (mut store, c) = store_with_every_field();
    let row = |store: &Store| -> Vec<(String, Value)> {
        let mut stmt = store
            .conn()
            .prepare("SELECT * FROM customer WHERE id = ?1")
            .unwrap();
        let names: Vec<String> = stmt.column_names().iter().map(|n| n.to_string()).collect();
        stmt.query_row([c.id], |r| {
            names
                .iter()
                .enumerate()
                .map(|(i, n)| Ok((n.clone(), r.get::<_, Value>(i)?)))
                .collect()
        })
        .unwrap()
    };
    let before = row(&store);
    store.write(|tx| delete(tx, c.id, "t")).unwrap();
    let after = row(&store);
    let owned = ["id", "change_seq", "created_at", "updated_at", "anonymised"];
    for ((name, old), (_, new)) in before.iter().zip(&after) {
        if owned.contains(&name.as_str()) {
            continue;
        }
        let column = columns::COLUMNS
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("column {name} is missing from columns::COLUMNS"));
        match column.erased {
            Some(literal) => {
                let erased: Value = store
                    .conn()
                    .query_row(&format!("SELECT {literal}"), [], |r| r.get(0))
                    .unwrap();
                assert_ne!(old, &erased, "{name}: the fixture fills it");
                assert_eq!(new, &erased, "{name} is personal: erased");
            }
            None => assert_eq!(new, old, "{name} is kept"),
        }
    }
    assert_eq!(
        before.len(),
        columns::COLUMNS.len() + owned.len(),
        "every column of COLUMNS is in the table"
    );
}
