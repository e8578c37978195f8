//! The register's side without a hub: what the store queues, when, and how the feed's
//! rows are read and applied.

use chrono::NaiveDate;
use serde_json::{json, Value};

use super::*;
use crate::store::customers::{create, delete, get, update, Applied};

fn url() -> HubUrl {
    HubUrl::parse("postgres://register_r1@127.0.0.1:5432/shop").unwrap()
}

fn ctx() -> ValidationContext {
    ValidationContext {
        default_country: "FR".into(),
        today: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
    }
}

fn named(last: &str) -> CustomerData {
    CustomerData {
        last_name: Some(last.into()),
        ..Default::default()
    }
}

fn queued(store: &Store) -> Vec<(String, Value)> {
    outbox::pending(store.conn(), 100)
        .unwrap()
        .into_iter()
        .map(|p| (p.kind, serde_json::from_str(&p.payload).unwrap()))
        .collect()
}

#[test]
fn nothing_is_queued_until_the_database_joins_a_hub() {
    let mut store = Store::open_in_memory().unwrap();
    let c = store
        .write(|tx| create(tx, &named("Abgrall"), "t"))
        .unwrap();
    store
        .write(|tx| update(tx, c.id, &named("Abgral"), "t"))
        .unwrap();
    assert!(queued(&store).is_empty());
    assert!(!outbox::joined(store.conn()).unwrap());

    assert_eq!(
        join(&mut store, &url()).unwrap(),
        1,
        "the base is queued once"
    );
    assert_eq!(join(&mut store, &url()).unwrap(), 0);
    let q = queued(&store);
    assert_eq!(q[0].0, outbox::CREATE);
    assert_eq!(q[0].1["data"]["last_name"], "Abgral");
}

#[test]
fn each_write_queues_its_change_in_its_own_transaction() {
    let mut store = Store::open_in_memory().unwrap();
    join(&mut store, &url()).unwrap();
    let c = store
        .write(|tx| create(tx, &named("Abgrall"), "t"))
        .unwrap();
    let mut edited = named("Abgrall");
    edited.email = Some("a@example.fr".into());
    store.write(|tx| update(tx, c.id, &edited, "t")).unwrap();
    // A failed action rolls its outbox row back with it.
    let failed: Result<(), StoreError> = store.write(|tx| {
        update(tx, c.id, &named("Other"), "t")?;
        Err(StoreError::EmptyNote)
    });
    assert!(failed.is_err());
    store.write(|tx| delete(tx, c.id, "t")).unwrap();

    let q = queued(&store);
    let kinds: Vec<&str> = q.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(kinds, [outbox::CREATE, outbox::EDIT, outbox::DELETE]);
    assert_eq!(
        q[1].1["fields"],
        json!({ "email": { "before": null, "after": "a@example.fr" } }),
        "an edit carries the changed fields only, with what was seen before"
    );
    assert_eq!(q[2].1["id"], c.id.to_string());
}

fn feed_row(id: i64, payload: Value) -> FeedRow {
    FeedRow {
        id,
        change_id: "0190b2d4-0000-7000-8000-000000000000".into(),
        kind: "customer".into(),
        payload,
    }
}

#[test]
fn feed_rows_are_validated_before_they_are_applied() {
    let id = CustomerId::generate();
    let ok = feed_row(
        1,
        json!({ "id": id.to_string(), "deleted": false,
                "data": { "last_name": "Kerbrat", "phone": "06 11 22 33 44" } }),
    );
    let (got, data) = parse_row(&ok, &ctx()).unwrap();
    assert_eq!(got, id);
    assert_eq!(data.unwrap().phone.as_deref(), Some("+33611223344"));
    let gone = feed_row(2, json!({ "id": id.to_string(), "deleted": true }));
    assert!(parse_row(&gone, &ctx()).unwrap().1.is_none());

    for bad in [
        json!({ "deleted": false, "data": {} }),
        json!({ "id": "nope", "data": {} }),
        json!({ "id": id.to_string(), "data": { "email": "not-an-email" } }),
        json!({ "id": id.to_string(), "data": { "shoe_size": 44 } }),
    ] {
        let e = parse_row(&feed_row(3, bad.clone()), &ctx()).unwrap_err();
        assert!(matches!(e, SyncError::Feed { id: 3, .. }), "{bad}: {e}");
    }
    let mut other = ok.clone();
    other.kind = "sale".into();
    assert!(parse_row(&other, &ctx()).is_err());
}

#[test]
fn applying_the_feed_is_idempotent_and_queues_nothing_back() {
    let mut store = Store::open_in_memory().unwrap();
    join(&mut store, &url()).unwrap();
    let id = CustomerId::generate();
    let data = named("Kerbrat");
    let first = store
        .write(|tx| apply_remote(tx, id, Remote::Upsert(&data)))
        .unwrap();
    let again = store
        .write(|tx| apply_remote(tx, id, Remote::Upsert(&data)))
        .unwrap();
    assert_eq!((first, again), (Applied::Inserted, Applied::Updated));
    assert_eq!(get(store.conn(), id).unwrap().unwrap().data, data);
    assert!(
        queued(&store).is_empty(),
        "the hub's own changes are not sent back"
    );

    let gone = store
        .write(|tx| apply_remote(tx, id, Remote::Deleted))
        .unwrap();
    let twice = store
        .write(|tx| apply_remote(tx, id, Remote::Deleted))
        .unwrap();
    assert_eq!((gone, twice), (Applied::Deleted, Applied::Unchanged));
    assert!(queued(&store).is_empty());
}

#[test]
fn a_local_edit_still_waiting_survives_an_older_view_from_the_feed() {
    let mut store = Store::open_in_memory().unwrap();
    join(&mut store, &url()).unwrap();
    let c = store
        .write(|tx| create(tx, &named("Abgrall"), "t"))
        .unwrap();
    let mut mine = named("Abgrall");
    mine.email = Some("mine@example.fr".into());
    store.write(|tx| update(tx, c.id, &mine, "t")).unwrap();

    // The hub's view: another register changed the phone, not yet the e-mail.
    let mut theirs = named("Abgrall");
    theirs.phone = Some("+33611223344".into());
    store
        .write(|tx| apply_remote(tx, c.id, Remote::Upsert(&theirs)))
        .unwrap();
    let now = get(store.conn(), c.id).unwrap().unwrap().data;
    assert_eq!(now.email.as_deref(), Some("mine@example.fr"));
    assert_eq!(now.phone.as_deref(), Some("+33611223344"));
}

#[test]
fn a_database_joined_to_one_hub_refuses_another() {
    let mut store = Store::open_in_memory().unwrap();
    join(&mut store, &url()).unwrap();
    let other = HubUrl::parse("postgres://register_r1@127.0.0.1:5433/shop").unwrap();
    assert!(matches!(
        join(&mut store, &other),
        Err(SyncError::OtherHub { .. })
    ));
}

#[test]
fn a_merge_queues_the_duplicates_deletion_before_the_survivors_edit() {
    use crate::domain::customer::{Reference, ReferenceKind};
    let mut store = Store::open_in_memory().unwrap();
    join(&mut store, &url()).unwrap();
    let keep = store
        .write(|tx| create(tx, &named("Abgrall"), "t"))
        .unwrap();
    let mut card = named("Abgral");
    card.references = vec![Reference {
        kind: ReferenceKind::Barcode,
        code: "4006381333931".into(),
    }];
    let dup = store.write(|tx| create(tx, &card, "t")).unwrap();
    let mut merged = named("Abgrall");
    merged.references = card.references.clone();
    store
        .write(|tx| {
            crate::store::merge::merge(tx, keep.id, dup.id, &merged, &["references".into()], "t")
        })
        .unwrap();
    let q = queued(&store);
    let tail: Vec<(&str, &Value)> = q[2..].iter().map(|(k, v)| (k.as_str(), &v["id"])).collect();
    assert_eq!(
        tail,
        [
            (outbox::DELETE, &json!(dup.id.to_string())),
            (outbox::EDIT, &json!(keep.id.to_string())),
        ]
    );
}

#[test]
fn a_customer_deleted_here_is_not_brought_back_while_its_deletion_waits() {
    let mut store = Store::open_in_memory().unwrap();
    join(&mut store, &url()).unwrap();
    let c = store
        .write(|tx| create(tx, &named("Abgrall"), "t"))
        .unwrap();
    store.write(|tx| delete(tx, c.id, "t")).unwrap();
    let theirs = named("Abgrall (edited elsewhere)");
    let applied = store
        .write(|tx| apply_remote(tx, c.id, Remote::Upsert(&theirs)))
        .unwrap();
    assert_eq!(applied, Applied::Unchanged);
    assert!(get(store.conn(), c.id).unwrap().is_none());
}

#[test]
fn the_outbox_look_up_by_customer_uses_its_index() {
    let store = Store::open_in_memory().unwrap();
    let plan: Vec<String> = store
        .conn()
        .prepare(
            "EXPLAIN QUERY PLAN SELECT 1 FROM sync_outbox \
             WHERE json_extract(payload, '$.id') = 'x' AND kind = 'customer.delete'",
        )
        .unwrap()
        .query_map([], |r| r.get::<_, String>(3))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(
        plan.iter().any(|p| p.contains("sync_outbox_customer")),
        "{plan:?}"
    );
}
