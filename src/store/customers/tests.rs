//! Customers in SQLite: iteration that stops and fails, and anonymisation that erases
//! exactly the personal columns.

use std::ops::ControlFlow;

use super::*;
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
