use std::os::unix::fs::PermissionsExt;

use super::*;
use crate::domain::customer::{CustomerData, Reference, ReferenceKind};
use crate::domain::ids::CustomerId;

fn person(first: &str, last: &str) -> CustomerData {
    CustomerData {
        first_name: Some(first.into()),
        last_name: Some(last.into()),
        ..Default::default()
    }
}

fn tmp() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/shop.db");
    (dir, path)
}

fn version(path: &Path) -> i64 {
    Connection::open(path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn fresh_database_is_private_wal_and_current() {
    let (_d, path) = tmp();
    let store = Store::open(&path).unwrap();
    let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let dir_mode = fs::metadata(path.parent().unwrap())
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(dir_mode, 0o700);
    let jm: String = store
        .conn()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(jm, "wal");
    let fk: i64 = store
        .conn()
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    drop(store);
    assert_eq!(version(&path), SCHEMA_VERSION);
}

#[test]
fn the_log_is_cut_back_under_its_limit_after_a_big_write_and_a_checkpoint() {
    let (_d, path) = tmp();
    let mut store = Store::open(&path).unwrap();
    let wal = path.with_file_name("shop.db-wal");
    store
        .conn()
        .execute_batch("CREATE TABLE scratch (b BLOB)")
        .unwrap();
    // A big import's worth of log: half as much again as the limit, in one transaction.
    store
        .write(|tx| {
            for _ in 0..(WAL_LIMIT_BYTES * 3 / 2) >> 20 {
                tx.execute("INSERT INTO scratch VALUES (zeroblob(1048576))", [])?;
            }
            Ok::<_, StoreError>(())
        })
        .unwrap();
    assert!(fs::metadata(&wal).unwrap().len() > WAL_LIMIT_BYTES as u64);
    store
        .conn()
        .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
        .unwrap();
    // The next write (a sale) restarts the log from its start and cuts the file back.
    store
        .write(|tx| {
            tx.execute("DELETE FROM scratch WHERE rowid = 1", [])?;
            Ok::<_, StoreError>(())
        })
        .unwrap();
    let size = fs::metadata(&wal).unwrap().len();
    assert!(size <= WAL_LIMIT_BYTES as u64, "log still {size} bytes");
}

#[test]
fn every_commit_is_synced_to_disk_before_write_returns() {
    let (_d, path) = tmp();
    let store = Store::open(&path).unwrap();
    let sync: i64 = store
        .conn()
        .query_row("PRAGMA synchronous", [], |r| r.get(0))
        .unwrap();
    assert_eq!(sync, 2, "synchronous = FULL");
}

#[test]
fn a_world_readable_database_is_tightened() {
    let (_d, path) = tmp();
    drop(Store::open(&path).unwrap());
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    drop(Store::open(&path).unwrap());
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[test]
fn sales_from_before_the_journal_are_counted_apart_and_later_ones_must_be_in_it() {
    let (_d, path) = tmp();
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    {
        let mut conn = Connection::open(&path).unwrap();
        migrate::migrate_to(&mut conn, &path, 6).unwrap();
        conn.execute_batch(
            "INSERT INTO sale (id, number, created_at, total_cents)
               VALUES (x'0192f0c17d3e7a108c415b2f3e9a0d11', 'R1-000001', '2025-01-01T00:00:00.000Z', 250);
             INSERT INTO sale_line (sale_id, line_no, code, name, quantity, unit_price_cents,
               tax_rate, total_cents)
               VALUES (x'0192f0c17d3e7a108c415b2f3e9a0d11', 1, 'C', 'Coffee', '1', 250, '0', 250);
             INSERT INTO payment (id, sale_id, method, amount_cents, tendered_cents, change_cents)
               VALUES (x'0192f0c17d3e7a108c415b2f3e9a0d12', x'0192f0c17d3e7a108c415b2f3e9a0d11',
                 'cash', 250, 250, 0);",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let v = super::journal::verify(store.conn()).unwrap();
    assert!(v.ok(), "{v:?}");
    assert_eq!(v.before_journal, 1);
    // A sale slipped in since (no journal entry, the guards dropped) is named.
    store
        .conn()
        .execute_batch(
            "INSERT INTO sale (id, number, created_at, total_cents)
               VALUES (x'0192f0c17d3e7a108c415b2f3e9a0d21', 'R1-000002', '2025-01-02T00:00:00.000Z', 0);",
        )
        .unwrap();
    let v = super::journal::verify(store.conn()).unwrap();
    assert_eq!(v.unjournaled, vec!["R1-000002".to_string()]);
    assert!(!v.ok());
}

#[test]
fn upgrade_from_version_1_keeps_the_data() {
    let (_d, path) = tmp();
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    {
        let mut conn = Connection::open(&path).unwrap();
        migrate::migrate_to(&mut conn, &path, 1).unwrap();
        conn.execute(
            "INSERT INTO customer (id, kind, last_name, created_at, updated_at)
             VALUES ('0192f0c1-7d3e-7a10-8c41-5b2f3e9a0d11', 'person', 'Ancien', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')",
            [],
        )
        .unwrap();
    }
    assert_eq!(version(&path), 1);
    let store = Store::open(&path).unwrap();
    assert_eq!(customers::count(store.conn()).unwrap(), 1);
    let products: i64 = store
        .conn()
        .query_row("SELECT COUNT(*) FROM product", [], |r| r.get(0))
        .unwrap();
    assert_eq!(products, 0, "version 2 tables exist");
    let name_index: i64 = store
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'customer_name_order'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(name_index, 1, "version 3 index exists");
    let phone2_index: i64 = store
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'customer_phone2'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(phone2_index, 1, "version 4 index exists");
    drop(store);
    assert_eq!(version(&path), SCHEMA_VERSION);
}

#[test]
fn a_newer_database_is_refused_untouched() {
    let (_d, path) = tmp();
    drop(Store::open(&path).unwrap());
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", SCHEMA_VERSION + 5)
        .unwrap();
    let before = fs::read(&path).unwrap();
    let err = Store::open(&path).err().unwrap();
    let msg = err.to_string();
    assert!(matches!(err, StoreError::TooNew { .. }), "{msg}");
    assert!(
        msg.contains("upgrade comptoir") && msg.contains("shop.db"),
        "{msg}"
    );
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn a_file_that_is_not_a_database_is_named() {
    let (_d, path) = tmp();
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(
        &path,
        b"this is a shopping list, not a database, and it is long enough",
    )
    .unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
    let err = Store::open(&path).err().unwrap();
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err}");
}

#[test]
fn a_failing_action_writes_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let before_seq = changes::last_seq(store.conn()).unwrap();
    let result: Result<()> = store.write(|tx| {
        let jan = customers::create(tx, &person("Jan", "Jansen"), "test")?;
        customers::create(tx, &person("Piet", "Peters"), "test")?;
        // Half-way through, the action fails.
        notes::add(tx, jan.id, "test", "   ")?;
        Ok(())
    });
    assert!(matches!(result, Err(StoreError::EmptyNote)), "{result:?}");
    assert_eq!(customers::count(store.conn()).unwrap(), 0);
    assert_eq!(audit::count(store.conn()).unwrap(), 0);
    assert_eq!(changes::last_seq(store.conn()).unwrap(), before_seq);
}

#[test]
fn a_taken_reference_fails_the_whole_action() {
    let mut store = Store::open_in_memory().unwrap();
    let card = Reference {
        kind: ReferenceKind::Barcode,
        code: "2900000000019".into(),
    };
    let first = store
        .write(|tx| {
            customers::create(
                tx,
                &CustomerData {
                    references: vec![card.clone()],
                    ..person("A", "B")
                },
                "t",
            )
        })
        .unwrap();
    let err = store
        .write(|tx| {
            customers::create(
                tx,
                &CustomerData {
                    references: vec![card.clone()],
                    ..person("C", "D")
                },
                "t",
            )
        })
        .unwrap_err();
    assert!(err.to_string().contains(&first.id.to_string()), "{err}");
    assert_eq!(customers::count(store.conn()).unwrap(), 1);
    let found =
        customers::find_by_reference(store.conn(), ReferenceKind::Barcode, &card.code).unwrap();
    assert_eq!(found, Some(first.id));
}

#[test]
fn create_update_round_trip_and_change_sequence() {
    let mut store = Store::open_in_memory().unwrap();
    let c = store
        .write(|tx| customers::create(tx, &person("Mélanie", "Dupont"), "t"))
        .unwrap();
    let s1 = changes::last_seq(store.conn()).unwrap();
    let mut data = c.data.clone();
    data.email = Some("m@example.fr".into());
    data.references = vec![Reference {
        kind: ReferenceKind::Nfc,
        code: "04A23B1C".into(),
    }];
    let u = store
        .write(|tx| customers::update(tx, c.id, &data, "t"))
        .unwrap();
    assert_eq!(u.created_at, c.created_at);
    let back = customers::get(store.conn(), c.id).unwrap().unwrap();
    assert_eq!(back.data, data);
    let s2 = changes::last_seq(store.conn()).unwrap();
    assert!(s2 > s1);
    let log = changes::since(store.conn(), s1, 10).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].customer_id, c.id);
    let entries = audit::for_entity(store.conn(), "customer", &c.id.to_string()).unwrap();
    assert_eq!(
        entries
            .iter()
            .map(|e| e.action.as_str())
            .collect::<Vec<_>>(),
        ["customer.create", "customer.update"]
    );
    assert_eq!(
        entries[1].detail["fields"],
        serde_json::json!(["email", "references"])
    );
}

#[test]
fn unknown_group_is_refused() {
    let mut store = Store::open_in_memory().unwrap();
    let err = store
        .write(|tx| {
            customers::create(
                tx,
                &CustomerData {
                    group: Some("Gold".into()),
                    ..person("A", "B")
                },
                "t",
            )
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::UnknownGroup(ref g) if g == "Gold"));
}

#[test]
fn delete_removes_or_anonymises() {
    use crate::domain::money::{Money, Percent};
    use crate::domain::sale::{totals, Payment, Sale, SaleLine};
    let mut store = Store::open_in_memory().unwrap();
    let plain = store
        .write(|tx| customers::create(tx, &person("No", "Sales"), "t"))
        .unwrap();
    let buyer = store
        .write(|tx| {
            customers::create(
                tx,
                &CustomerData {
                    email: Some("b@example.be".into()),
                    ..person("Has", "Sales")
                },
                "t",
            )
        })
        .unwrap();
    let lines = vec![SaleLine {
        product_id: None,
        code: "X".into(),
        name: "Thing".into(),
        quantity: 1.into(),
        unit_price: Money::from_cents(500),
        discount: Percent::ZERO,
        tax_rate: Percent::ZERO,
        kind: Default::default(),
        origin: None,
        special: None,
    }];
    let t = totals(&lines, Percent::ZERO, Default::default());
    let sale = Sale {
        id: crate::domain::ids::SaleId::generate(),
        number: String::new(),
        created_at: chrono::Utc::now(),
        customer_id: Some(buyer.id),
        group_discount: Percent::ZERO,
        tax: Default::default(),
        payments: vec![Payment::cash(t.total, Money::from_cents(1000)).unwrap()],
        lines,
        totals: t,
        refund_of: None,
        points: 0,
    };
    store
        .write(|tx| {
            let number = sales::next_number(tx, "R1")?;
            sales::insert(
                tx,
                &Sale {
                    number,
                    ..sale.clone()
                },
                "t",
            )
        })
        .unwrap();
    let o1 = store
        .write(|tx| customers::delete(tx, plain.id, "t"))
        .unwrap();
    let o2 = store
        .write(|tx| customers::delete(tx, buyer.id, "t"))
        .unwrap();
    assert_eq!(o1, customers::DeleteOutcome::Removed);
    assert_eq!(o2, customers::DeleteOutcome::Anonymised);
    assert!(customers::get(store.conn(), plain.id).unwrap().is_none());
    let anon = customers::get(store.conn(), buyer.id).unwrap().unwrap();
    assert!(anon.anonymised);
    assert_eq!(anon.data.email, None);
    assert_eq!(anon.data.last_name, None);
    let kept = sales::for_customer(store.conn(), buyer.id, 10).unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].number, "R1-000001");
    let back = sales::get(store.conn(), sale.id).unwrap().unwrap();
    assert_eq!(back.totals.total, Money::from_cents(500));
    assert_eq!(back.payments[0].change, Some(Money::from_cents(500)));
    assert!(store
        .write(|tx| customers::delete(tx, CustomerId::generate(), "t"))
        .is_err());
}

#[test]
fn ticket_numbers_count_per_register() {
    let mut store = Store::open_in_memory().unwrap();
    let n = store
        .write(|tx| {
            Ok::<_, StoreError>((
                sales::next_number(tx, "R1")?,
                sales::next_number(tx, "R1")?,
                sales::next_number(tx, "R2")?,
            ))
        })
        .unwrap();
    assert_eq!(
        n,
        ("R1-000001".into(), "R1-000002".into(), "R2-000001".into())
    );
}

#[test]
fn locked_database_says_so() {
    let (_d, path) = tmp();
    let mut a = Store::open(&path).unwrap();
    let other = Connection::open(&path).unwrap();
    other
        .busy_timeout(std::time::Duration::from_millis(10))
        .unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    a.conn
        .busy_timeout(std::time::Duration::from_millis(50))
        .unwrap();
    let err = a
        .write(|tx| customers::create(tx, &person("A", "B"), "t"))
        .unwrap_err();
    assert!(matches!(err, StoreError::Locked), "{err}");
    assert!(err.to_string().contains("locked"));
}

#[test]
fn two_first_starts_at_once_both_open_and_migrate_once() {
    for _ in 0..10 {
        let (_d, path) = tmp();
        let start = std::sync::Barrier::new(2);
        let opened: Vec<Result<Store>> = std::thread::scope(|s| {
            let open = || {
                start.wait();
                Store::open(&path)
            };
            let a = s.spawn(open);
            let b = s.spawn(open);
            [a, b].map(|h| h.join().unwrap()).into()
        });
        for o in &opened {
            assert!(o.is_ok(), "{:?}", o.as_ref().err());
        }
        assert_eq!(version(&path), SCHEMA_VERSION);
        let tables: i64 = Connection::open(&path)
            .unwrap()
            .query_row(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'customer'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(tables, 1);
    }
}

#[test]
fn refusals_are_typed_and_say_what_happened() {
    use crate::domain::catalog::{Group, Product};
    use crate::domain::ids::{GroupId, ProductId};
    use crate::domain::money::{Money, Percent};
    let mut store = Store::open_in_memory().unwrap();
    let [a, b] = [person("Jan", "Jansen"), person("Piet", "Peters")]
        .map(|d| store.write(|tx| customers::create(tx, &d, "t")).unwrap().id);
    let refusal = |store: &mut Store, f: &dyn Fn(&Transaction) -> Result<()>| {
        let e = store.write(|tx| f(tx)).unwrap_err();
        (e.to_string(), e)
    };
    let group = |name: &str| Group {
        id: GroupId::generate(),
        name: name.into(),
        discount: Percent::ZERO,
    };
    store
        .write(|tx| catalog::create_group(tx, &group("VIP"), "t"))
        .unwrap();
    let (text, e) = refusal(&mut store, &|tx| {
        catalog::create_group(tx, &group("vip"), "t")
    });
    assert!(matches!(e, StoreError::GroupExists(_)), "{text}");
    assert_eq!(text, "a group named `vip` already exists");
    let product = |code: &str| Product {
        id: ProductId::generate(),
        code: code.into(),
        name: "Thing".into(),
        price: Money::from_cents(100),
        tax_rate: Percent::ZERO,
        cost: None,
        category: None,
    };
    store
        .write(|tx| catalog::upsert_product(tx, &product("123")))
        .unwrap();
    let (text, e) = refusal(&mut store, &|tx| {
        catalog::upsert_product(tx, &product("123"))
    });
    assert!(matches!(e, StoreError::ProductCodeTaken(_)), "{text}");
    let (text, e) = refusal(&mut store, &|tx| notes::add(tx, a, "t", " ").map(|_| ()));
    assert!(matches!(e, StoreError::EmptyNote), "{text}");
    let (text, e) = refusal(&mut store, &|tx| {
        merge::merge(tx, a, a, &person("Jan", "Jansen"), &[], "t").map(|_| ())
    });
    assert!(matches!(e, StoreError::MergeWithItself), "{text}");
    store
        .conn()
        .execute("UPDATE customer SET anonymised = 1 WHERE id = ?1", [b])
        .unwrap();
    let (text, e) = refusal(&mut store, &|tx| {
        customers::update(tx, b, &person("P", "P"), "t").map(|_| ())
    });
    assert!(
        matches!(
            e,
            StoreError::Anonymised {
                action: "edited",
                ..
            }
        ),
        "{text}"
    );
    assert_eq!(
        text,
        format!("customer {b} was anonymised and cannot be edited")
    );
    let (text, e) = refusal(&mut store, &|tx| {
        merge::merge(tx, a, b, &person("Jan", "Jansen"), &[], "t").map(|_| ())
    });
    assert!(
        matches!(
            e,
            StoreError::Anonymised {
                action: "merged",
                ..
            }
        ),
        "{text}"
    );
    let empty = crate::domain::sale::Sale {
        id: crate::domain::ids::SaleId::generate(),
        number: "R1-000001".into(),
        created_at: chrono::Utc::now(),
        customer_id: Some(a),
        group_discount: Percent::ZERO,
        tax: Default::default(),
        lines: Vec::new(),
        payments: Vec::new(),
        totals: crate::domain::sale::totals(&[], Percent::ZERO, Default::default()),
        refund_of: None,
        points: 0,
    };
    let (text, e) = refusal(&mut store, &|tx| sales::insert(tx, &empty, "t"));
    assert!(
        matches!(
            e,
            StoreError::InvalidSale(crate::domain::sale::SaleError::Empty)
        ),
        "{text}"
    );
    assert_eq!(text, "the ticket has no lines");
}
