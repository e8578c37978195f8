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
    let FeedChange::Customer(got, data) = parse_row(&ok, &ctx()).unwrap() else {
        panic!("a customer row");
    };
    assert_eq!(got, id);
    assert_eq!(data.unwrap().phone.as_deref(), Some("+33611223344"));
    let gone = feed_row(2, json!({ "id": id.to_string(), "deleted": true }));
    assert_eq!(
        parse_row(&gone, &ctx()).unwrap(),
        FeedChange::Customer(id, None)
    );

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
    // The same again writes nothing (no change for the index to catch up).
    let seq = crate::store::changes::last_seq(store.conn()).unwrap();
    let again = store
        .write(|tx| apply_remote(tx, id, Remote::Upsert(&data)))
        .unwrap();
    assert_eq!((first, again), (Applied::Inserted, Applied::Unchanged));
    assert_eq!(crate::store::changes::last_seq(store.conn()).unwrap(), seq);
    assert_eq!(get(store.conn(), id).unwrap().unwrap().data, data);
    let mut moved = data.clone();
    moved.public_note = Some("moved".into());
    let updated = store
        .write(|tx| apply_remote(tx, id, Remote::Upsert(&moved)))
        .unwrap();
    assert_eq!(updated, Applied::Updated);
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

fn group_row(id: i64, payload: Value) -> FeedRow {
    FeedRow {
        kind: "group".into(),
        ..feed_row(id, payload)
    }
}

fn group_set(name: &str, discount: &str, from: Option<&str>) -> RemoteGroup {
    RemoteGroup::Set {
        name: name.into(),
        discount: Percent::parse(discount).unwrap(),
        from: from.map(str::to_string),
    }
}

#[test]
fn group_rows_are_validated_before_they_are_applied() {
    let ok = group_row(
        1,
        json!({ "name": " Club ", "discount": "10", "from": null }),
    );
    assert_eq!(
        parse_row(&ok, &ctx()).unwrap(),
        FeedChange::Group(group_set("Club", "10", None))
    );
    let gone = group_row(2, json!({ "name": "Club", "deleted": true }));
    assert_eq!(
        parse_row(&gone, &ctx()).unwrap(),
        FeedChange::Group(RemoteGroup::Deleted {
            name: "Club".into()
        })
    );
    for bad in [
        json!({ "discount": "10" }),
        json!({ "name": "", "discount": "10" }),
        json!({ "name": "Club\u{1b}[2J", "discount": "10" }),
        json!({ "name": "x".repeat(41), "discount": "10" }),
        json!({ "name": "Club", "discount": "101" }),
        json!({ "name": "Club", "discount": "ten" }),
        json!({ "name": "Club" }),
    ] {
        let e = parse_row(&group_row(3, bad.clone()), &ctx()).unwrap_err();
        assert!(matches!(e, SyncError::Feed { id: 3, .. }), "{bad}: {e}");
    }
}

#[test]
fn group_writes_are_queued_by_name_once_joined_and_groups_join_first() {
    use crate::domain::catalog::Group;
    use crate::domain::ids::GroupId;
    let mut store = Store::open_in_memory().unwrap();
    let club = Group {
        id: GroupId::generate(),
        name: "Club".into(),
        discount: Percent::parse("10").unwrap(),
    };
    store
        .write(|tx| catalog::create_group(tx, &club, "t"))
        .unwrap();
    let mut member = named("Abgrall");
    member.group = Some("Club".into());
    store.write(|tx| create(tx, &member, "t")).unwrap();
    assert!(queued(&store).is_empty(), "not joined: nothing queued");
    assert_eq!(join(&mut store, &url()).unwrap(), 2);
    let renamed = Group {
        name: "Club Or".into(),
        discount: Percent::parse("12.5").unwrap(),
        ..club.clone()
    };
    store
        .write(|tx| catalog::update_group(tx, &renamed))
        .unwrap();
    store
        .write(|tx| catalog::delete_group(tx, club.id))
        .unwrap();
    let q = queued(&store);
    let kinds: Vec<&str> = q.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        kinds,
        [
            outbox::GROUP_SET,
            outbox::CREATE,
            outbox::GROUP_SET,
            outbox::GROUP_DELETE
        ]
    );
    assert_eq!(q[0].1, json!({ "name": "Club", "discount": "10" }));
    assert_eq!(
        q[2].1,
        json!({ "name": "Club Or", "discount": "12.5", "from": "Club" })
    );
    assert_eq!(q[3].1, json!({ "name": "Club Or" }));
}

#[test]
fn the_feeds_groups_are_applied_by_name_and_their_customers_follow() {
    let mut store = Store::open_in_memory().unwrap();
    join(&mut store, &url()).unwrap();
    let apply =
        |store: &mut Store, g: RemoteGroup| store.write(|tx| apply_remote_group(tx, &g)).unwrap();
    let group_of =
        |store: &Store, id: CustomerId| get(store.conn(), id).unwrap().unwrap().data.group;
    assert!(apply(&mut store, group_set("Club", "10", None)));
    assert!(
        !apply(&mut store, group_set("Club", "10", None)),
        "again: nothing"
    );
    let mut member = named("Kerbrat");
    member.group = Some("club".into());
    let id = CustomerId::generate();
    store
        .write(|tx| apply_remote(tx, id, Remote::Upsert(&member)))
        .unwrap();
    assert_eq!(group_of(&store, id).as_deref(), Some("Club"));
    let seq_before: i64 = store
        .conn()
        .query_row("SELECT change_seq FROM customer WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap();

    // Renamed elsewhere: the member follows, and the index hears of it.
    assert!(apply(&mut store, group_set("Club Or", "15", Some("Club"))));
    assert_eq!(group_of(&store, id).as_deref(), Some("Club Or"));
    let seq_after: i64 = store
        .conn()
        .query_row("SELECT change_seq FROM customer WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(seq_after > seq_before);
    let g = catalog::group_by_name(store.conn(), "Club Or")
        .unwrap()
        .unwrap();
    assert_eq!(g.discount, Percent::parse("15").unwrap());
    assert!(catalog::group_by_name(store.conn(), "Club")
        .unwrap()
        .is_none());

    // Renamed onto a group this register has: the members join it.
    apply(&mut store, group_set("Pro", "5", None));
    assert!(apply(&mut store, group_set("Pro", "5", Some("Club Or"))));
    assert_eq!(group_of(&store, id).as_deref(), Some("Pro"));
    assert_eq!(catalog::groups(store.conn()).unwrap().len(), 1);

    // Deleted elsewhere: the members here are left without a group.
    assert!(apply(
        &mut store,
        RemoteGroup::Deleted { name: "PRO".into() }
    ));
    assert_eq!(group_of(&store, id), None);
    assert!(catalog::groups(store.conn()).unwrap().is_empty());
    assert!(
        queued(&store).is_empty(),
        "the hub's changes are not sent back"
    );
    let audited: i64 = store
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'group.sync' AND actor = 'sync'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 5, "each change that changed something here");
}

#[test]
fn note_rows_are_validated_and_stored_once_by_id_for_a_live_customer_only() {
    let mut store = Store::open_in_memory().unwrap();
    join(&mut store, &url()).unwrap();
    let c = store
        .write(|tx| create(tx, &named("Kerbrat"), "t"))
        .unwrap();
    let note_id = crate::domain::ids::NoteId::generate();
    let row = |customer: String, body: &str| FeedRow {
        kind: "note".into(),
        ..feed_row(
            1,
            json!({ "id": note_id.to_string(), "customer": customer, "author": "R2:ann",
                    "body": body, "created_at": "2026-12-07T10:00:00.000Z" }),
        )
    };
    let FeedChange::Note(note) = parse_row(&row(c.id.to_string(), "likes tea"), &ctx()).unwrap()
    else {
        panic!("a note row");
    };
    for bad in [
        row(c.id.to_string(), "  "),
        row(c.id.to_string(), &"x".repeat(notes::MAX_BODY + 1)),
        row("nope".into(), "likes tea"),
    ] {
        assert!(matches!(
            parse_row(&bad, &ctx()),
            Err(SyncError::Feed { id: 1, .. })
        ));
    }
    let queued_before = queued(&store).len();
    assert!(store.write(|tx| notes::apply_remote(tx, &note)).unwrap());
    assert!(
        !store.write(|tx| notes::apply_remote(tx, &note)).unwrap(),
        "the same note again changes nothing"
    );
    assert_eq!(notes::for_customer(store.conn(), c.id).unwrap().len(), 1);
    assert_eq!(queued(&store).len(), queued_before, "not sent back");
    // A note of a customer this register does not hold is not kept.
    let stranger = Note {
        customer_id: CustomerId::generate(),
        ..note
    };
    assert!(!store
        .write(|tx| notes::apply_remote(tx, &stranger))
        .unwrap());
}

#[test]
fn a_merge_queues_the_duplicates_notes_as_the_survivors() {
    let mut store = Store::open_in_memory().unwrap();
    join(&mut store, &url()).unwrap();
    let keep = store
        .write(|tx| create(tx, &named("Abgrall"), "t"))
        .unwrap();
    let dup = store.write(|tx| create(tx, &named("Abgral"), "t")).unwrap();
    store
        .write(|tx| notes::add(tx, dup.id, "t", "call back"))
        .unwrap();
    store
        .write(|tx| crate::store::merge::merge(tx, keep.id, dup.id, &named("Abgrall"), &[], "t"))
        .unwrap();
    let q = queued(&store);
    let moved: Vec<&Value> = q
        .iter()
        .filter(|(k, _)| k == outbox::NOTE_SET)
        .map(|(_, v)| &v["customer"])
        .collect();
    assert_eq!(
        moved,
        [&json!(dup.id.to_string()), &json!(keep.id.to_string())],
        "written on the duplicate, then moved to the survivor"
    );
}
