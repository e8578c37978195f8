use chrono::Utc;

use super::*;
use crate::store::{bulk, changes, customers, notes};

fn person(last: &str, email: &str) -> CustomerData {
    CustomerData {
        first_name: Some("Anne".into()),
        last_name: Some(last.into()),
        email: Some(email.into()),
        ..Default::default()
    }
}

/// One chunk of run `run`: creates `data` as a new customer and updates `id` to
/// `update`; returns the new customer's id.
fn chunk(
    store: &mut Store,
    run: &Run,
    data: &CustomerData,
    update: Option<(CustomerId, &CustomerData)>,
) -> CustomerId {
    let new = CustomerId::generate();
    store
        .write(|tx| {
            let seq = bulk::insert_row(tx, new, data, Utc::now())?;
            record_created(tx, run.id, new, seq, Some(2))?;
            if let Some((id, after)) = update {
                let before = customers::get(tx, id)?.unwrap().data;
                let seq = bulk::update_row(tx, id, after, Utc::now())?;
                record_updated(tx, run.id, id, &before, after, seq)?;
            }
            Ok::<_, StoreError>(())
        })
        .unwrap();
    new
}

fn stored(store: &mut Store, data: &CustomerData) -> CustomerId {
    store
        .write(|tx| customers::create(tx, data, "t").map(|c| c.id))
        .unwrap()
}

#[test]
fn a_failed_run_is_undone_and_the_change_log_says_so() {
    let mut store = Store::open_in_memory().unwrap();
    let old = person("Roux", "anne@roux.fr");
    let anne = stored(&mut store, &old);
    let run = begin(&mut store, "t", "c.csv").unwrap();
    let id = run.id;
    let before = changes::last_seq(store.conn()).unwrap();
    let moved = person("Roux", "anne@new.fr");
    let b = chunk(
        &mut store,
        &run,
        &person("Blanc", "b@x.fr"),
        Some((anne, &moved)),
    );
    // The same customer updated again by a later chunk: its first `previous` stays.
    let again = CustomerData {
        public_note: Some("VIP".into()),
        ..moved.clone()
    };
    let c = chunk(
        &mut store,
        &run,
        &person("Noir", "c@x.fr"),
        Some((anne, &again)),
    );
    assert!(touched(store.conn(), id, b).unwrap());
    assert_eq!(created_by_line(store.conn(), id, b).unwrap(), Some(2));
    assert_eq!(created_by_line(store.conn(), id, anne).unwrap(), None);
    let undone = roll_back(&mut store, run).unwrap();
    assert_eq!((undone.deleted, undone.restored), (2, 1), "{undone:?}");
    assert!(undone.kept.is_empty());
    assert_eq!(customers::count(store.conn()).unwrap(), 1);
    assert_eq!(
        customers::get(store.conn(), anne).unwrap().unwrap().data,
        old
    );
    assert_eq!(
        status(store.conn(), id).unwrap().as_deref(),
        Some("rolled back")
    );
    let log = changes::since(store.conn(), before, 100).unwrap();
    for (who, op) in [(b, changes::Op::Delete), (c, changes::Op::Delete)] {
        assert_eq!(
            log.iter()
                .rev()
                .find(|ch| ch.customer_id == who)
                .unwrap()
                .op,
            op
        );
    }
    let last_of_anne = log.iter().rev().find(|ch| ch.customer_id == anne).unwrap();
    assert_eq!(
        last_of_anne.op,
        changes::Op::Upsert,
        "the index re-reads Anne"
    );
    let left: i64 = store
        .conn()
        .query_row("SELECT COUNT(*) FROM import_undo", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 0);
}

#[test]
fn what_the_register_did_meanwhile_survives_a_rollback() {
    let mut store = Store::open_in_memory().unwrap();
    let anne = stored(&mut store, &person("Roux", "anne@roux.fr"));
    let run = begin(&mut store, "t", "c.csv").unwrap();
    let moved = CustomerData {
        public_note: Some("from the file".into()),
        ..person("Roux", "anne@new.fr")
    };
    let used = chunk(
        &mut store,
        &run,
        &person("Blanc", "b@x.fr"),
        Some((anne, &moved)),
    );
    let edited = chunk(&mut store, &run, &person("Noir", "n@x.fr"), None);
    // At the register, between two chunks: a note on the new customer, an edit of the
    // other new one, and Anne's e-mail changed again.
    let by_cashier = CustomerData {
        email: Some("anne@cashier.fr".into()),
        ..moved.clone()
    };
    store
        .write(|tx| {
            notes::add(tx, used, "cashier", "asked for a card")?;
            let noir = CustomerData {
                address: city_note(),
                ..person("Noir", "n@x.fr")
            };
            customers::update(tx, edited, &noir, "cashier")?;
            customers::update(tx, anne, &by_cashier, "cashier")
        })
        .unwrap();
    let undone = roll_back(&mut store, run).unwrap();
    assert_eq!(undone.deleted, 0);
    assert_eq!(undone.kept.len(), 2, "{undone:?}");
    let back = customers::get(store.conn(), anne).unwrap().unwrap().data;
    assert_eq!(
        back.email.as_deref(),
        Some("anne@cashier.fr"),
        "the cashier's"
    );
    assert_eq!(back.public_note, None, "the run's value undone");
}

fn city_note() -> crate::domain::customer::Address {
    crate::domain::customer::Address {
        city: Some("Lyon".into()),
        ..Default::default()
    }
}

#[test]
fn a_run_whose_process_died_is_undone_at_the_next_open_and_a_live_one_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.db");
    let mut store = Store::open(&path).unwrap();
    let live = begin(&mut store, "t", "live.csv").unwrap();
    chunk(&mut store, &live, &person("Vif", "v@x.fr"), None);
    let dead = begin(&mut store, "t", "dead.csv").unwrap();
    chunk(&mut store, &dead, &person("Mort", "m@x.fr"), None);
    let dead_id = dead.id;
    // The process "dies": its lock goes, its file stays, nothing is rolled back.
    drop(dead);
    assert!(dir
        .path()
        .join(format!("shop.db-import-{dead_id}.lock"))
        .exists());
    assert_eq!(customers::count(store.conn()).unwrap(), 2);
    let other = Store::open(&path).unwrap();
    assert_eq!(
        customers::count(other.conn()).unwrap(),
        1,
        "the dead run's customer went"
    );
    assert_eq!(
        status(other.conn(), dead_id).unwrap().as_deref(),
        Some("rolled back")
    );
    assert_eq!(
        status(other.conn(), live.id).unwrap().as_deref(),
        Some("running")
    );
    assert!(!dir
        .path()
        .join(format!("shop.db-import-{dead_id}.lock"))
        .exists());
    // The live run finishes normally.
    store.write(|tx| mark_done(tx, &live)).unwrap();
    let live_id = live.id;
    forget(&mut store, live).unwrap();
    assert_eq!(
        status(store.conn(), live_id).unwrap().as_deref(),
        Some("done")
    );
    let left: i64 = store
        .conn()
        .query_row("SELECT COUNT(*) FROM import_undo", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 0);
    assert_eq!(lock::listed(&path), Vec::<i64>::new());
}

#[test]
fn erasing_a_customer_erases_the_undo_rows_that_hold_its_data() {
    let mut store = Store::open_in_memory().unwrap();
    let anne = stored(&mut store, &person("Roux", "anne@roux.fr"));
    let run = begin(&mut store, "t", "c.csv").unwrap();
    chunk(
        &mut store,
        &run,
        &person("Blanc", "b@x.fr"),
        Some((anne, &person("Roux", "x@y.fr"))),
    );
    store
        .write(|tx| customers::delete(tx, anne, "manager"))
        .unwrap();
    let held: i64 = store
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM import_undo WHERE customer_id = ?1",
            [anne],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(held, 0);
    let undone = roll_back(&mut store, run).unwrap();
    assert_eq!((undone.deleted, undone.restored), (1, 0));
}
