//! Runs against the register (issue 12 §6): identity conflicts, dry runs that write and
//! lock nothing, chunked commits undone as a whole, updates laid over the register's
//! later edits.

use super::*;

fn file_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("shop.db")).unwrap();
    (dir, store)
}

/// Another connection to the same file, one that fails at once on a lock (busy timeout
/// 0) instead of waiting: it writes only when nobody holds the write lock.
fn impatient(dir: &tempfile::TempDir) -> rusqlite::Connection {
    let c = rusqlite::Connection::open(dir.path().join("shop.db")).unwrap();
    c.busy_timeout(std::time::Duration::ZERO).unwrap();
    c
}

fn write_now(c: &rusqlite::Connection) -> rusqlite::Result<()> {
    c.execute_batch(
        "BEGIN IMMEDIATE; INSERT INTO audit_log (at, actor, action, entity) \
         VALUES ('now', 'register', 'sale.add', 'sale'); COMMIT;",
    )
}

fn jean() -> Draft {
    row(&[
        (Field::FirstName, "Jean"),
        (Field::LastName, "Dupont"),
        (Field::Email, "jd@example.fr"),
        (Field::Reference, "CARD-1"),
    ])
}

#[test]
fn a_reference_held_by_someone_else_is_a_conflict_refused_naming_both() {
    let mut store = Store::open_in_memory().unwrap();
    let mut jean_id = None;
    import(&mut store, false, |e| {
        if let Outcome::Created(id) = e.row(2, jean())? {
            jean_id = Some(id);
        }
        Ok(())
    });
    let jean_id = jean_id.unwrap();
    let report = import(&mut store, false, |e| {
        let o = e.row(
            2,
            row(&[
                (Field::FirstName, "Marie"),
                (Field::LastName, "Martin"),
                (Field::Email, "marie@example.fr"),
                (Field::Reference, "CARD-1"),
            ]),
        )?;
        let Outcome::Refused(reason) = o else {
            panic!("{o:?}")
        };
        for part in [
            "identity conflict",
            "barcode:CARD-1",
            &jean_id.to_string(),
            "Jean Dupont",
            "Marie Martin",
            "marie@example.fr",
        ] {
            assert!(reason.contains(part), "{part}: {reason}");
        }
        Ok(())
    });
    assert_eq!((report.refused, report.updated), (1, 0));
    let stored = crate::store::customers::get(store.conn(), jean_id)
        .unwrap()
        .unwrap();
    assert_eq!(
        stored.data.first_name.as_deref(),
        Some("Jean"),
        "not merged"
    );
}

#[test]
fn a_second_row_of_the_file_claiming_a_card_for_someone_else_is_a_conflict() {
    // Within one chunk, and with the first claim committed in an earlier chunk.
    for filler in [0u32, 6_000] {
        for dry_run in [true, false] {
            let mut store = Store::open_in_memory().unwrap();
            let report = import(&mut store, dry_run, |e| {
                e.row(
                    2,
                    row(&[
                        (Field::FirstName, "Bert"),
                        (Field::LastName, "Jacobs"),
                        (Field::Reference, "CARD-9"),
                    ]),
                )?;
                for i in 0..filler {
                    let email = format!("f{i}@x.fr");
                    e.row(
                        u64::from(i) + 3,
                        row(&[(Field::LastName, "Roux"), (Field::Email, &email)]),
                    )?;
                }
                let line = u64::from(filler) + 3;
                let o = e.row(
                    line,
                    row(&[
                        (Field::FirstName, "Carl"),
                        (Field::LastName, "Maes"),
                        (Field::Reference, "CARD-9"),
                    ]),
                )?;
                let Outcome::Refused(reason) = o else {
                    panic!("{o:?}")
                };
                assert!(
                    reason.contains("identity conflict")
                        && reason.contains("Bert Jacobs")
                        && reason.contains("Carl Maes"),
                    "{reason}"
                );
                Ok(())
            });
            assert_eq!(report.refused, 1, "filler {filler}, dry run {dry_run}");
            assert_eq!(report.created, u64::from(filler) + 1);
        }
    }
}

#[test]
fn a_reference_with_a_shared_contact_or_a_partial_name_is_the_same_customer() {
    let mut store = Store::open_in_memory().unwrap();
    import(&mut store, false, |e| e.row(2, jean()).map(drop));
    let report = import(&mut store, false, |e| {
        // The last name alone, and the card: Jean Dupont.
        let o = e.row(
            2,
            row(&[(Field::LastName, "DUPONT"), (Field::Reference, "CARD-1")]),
        )?;
        assert!(
            matches!(
                o,
                Outcome::Matched {
                    key: MatchKey::Reference,
                    ..
                }
            ),
            "{o:?}"
        );
        // Another name but the same e-mail (married since): Jean's, renamed.
        let o = e.row(
            3,
            row(&[
                (Field::FirstName, "Jean"),
                (Field::LastName, "Dupont-Roux"),
                (Field::Email, "jd@example.fr"),
                (Field::Reference, "CARD-1"),
            ]),
        )?;
        assert!(matches!(o, Outcome::Matched { changed: true, .. }), "{o:?}");
        Ok(())
    });
    assert_eq!((report.refused, report.created), (0, 0), "{report:?}");
}

/// A report's counts, its matches (line, key, fields) and its messages.
type Gist = (Vec<u64>, Vec<(u64, MatchKey, Vec<String>)>, Vec<String>);

/// The counts and what each matched line says, without the ids (a dry run's created
/// customers have provisional ids).
fn gist(r: &Report) -> Gist {
    let scrub = |m: &str| {
        m.split_whitespace()
            .filter(|w| uuid::Uuid::parse_str(w.trim_matches(|c| c == '(' || c == ')')).is_err())
            .collect::<Vec<_>>()
            .join(" ")
    };
    (
        vec![
            r.rows_read,
            r.created,
            r.updated,
            r.unchanged,
            r.refused,
            r.warnings_count,
        ],
        r.matches
            .iter()
            .map(|m| (m.line, m.matched_on, m.fields.clone()))
            .collect(),
        r.warnings
            .iter()
            .chain(&r.refusals)
            .map(|i| format!("{}: {}", i.line, scrub(&i.message)))
            .collect(),
    )
}

/// A file whose rows match earlier rows of the same file every way, `filler` rows of
/// other customers after each (so that matches cross chunks and, in a dry run, the
/// scratch database).
fn same_file_rows(e: &mut Engine, filler: u32) -> Result<(), StoreError> {
    let rows: Vec<Vec<(Field, &str)>> = vec![
        vec![
            (Field::FirstName, "Anna"),
            (Field::LastName, "Peeters"),
            (Field::Email, "anna@x.be"),
            (Field::Phone2, "0142685300"),
        ],
        vec![
            (Field::FirstName, "Anna"),
            (Field::LastName, "Peeters"),
            (Field::Email, "anna@x.be"),
            (Field::City, "Gent"),
        ],
        vec![
            (Field::FirstName, "anna"),
            (Field::LastName, "PEETERS"),
            (Field::Phone, "01 42 68 53 00"),
        ],
        vec![
            (Field::FirstName, "Léa"),
            (Field::LastName, "Peeters"),
            (Field::Email, "anna@x.be"),
        ],
        vec![(Field::LastName, "Sans Contact"), (Field::City, "Liège")],
        vec![(Field::LastName, "Sans Contact"), (Field::City, "Namur")],
        vec![
            (Field::FirstName, "Bert"),
            (Field::LastName, "Jacobs"),
            (Field::Reference, "CARD-9"),
        ],
        vec![
            (Field::FirstName, "Carl"),
            (Field::LastName, "Maes"),
            (Field::Reference, "CARD-9"),
        ],
        vec![
            (Field::LastName, "Jacobs"),
            (Field::Reference, "CARD-9"),
            (Field::Phone, "0612345678"),
        ],
        vec![(Field::Email, "anna@x.be")],
    ];
    let mut line = 2;
    for (i, cells) in rows.iter().enumerate() {
        e.row(line, row(cells))?;
        line += 1;
        for f in 0..filler {
            let email = format!("filler{i}-{f}@x.fr");
            e.row(
                line,
                row(&[(Field::LastName, "Filler"), (Field::Email, &email)]),
            )?;
            line += 1;
        }
    }
    Ok(())
}

#[test]
fn a_dry_run_reports_what_the_real_run_does_and_writes_nothing() {
    for filler in [0, 1_200] {
        same_file_dry_and_real(filler);
    }
}

fn same_file_dry_and_real(filler: u32) {
    let (_dir, mut store) = file_store();
    let dry = import(&mut store, true, |e| same_file_rows(e, filler));
    let conn = store.conn();
    let count = |table: &str| -> i64 {
        conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    };
    for table in ["customer", "customer_change", "import_run", "audit_log"] {
        assert_eq!(count(table), 0, "{table}: a dry run writes nothing");
    }
    let real = import(&mut store, false, |e| same_file_rows(e, filler));
    assert_eq!(gist(&dry), gist(&real));
    // Anna (rows 1, 2, 3, 10), Léa (shares her e-mail), one row without contact (6
    // matches 5), Bert (row 9 matches him by card), Carl refused (Bert's card).
    let fillers = u64::from(filler) * 10;
    assert_eq!(real.created, 4 + fillers, "{:?}", gist(&real));
    assert_eq!(real.refused, 1);
    let bert = 2 + 6 * (filler + 1);
    assert!(
        real.refusals[0]
            .message
            .contains(&format!("created by line {bert} of this file")),
        "{:?}",
        real.refusals
    );
    assert_eq!(
        crate::store::customers::count(store.conn()).unwrap(),
        i64::try_from(4 + fillers).unwrap()
    );
}

#[test]
fn a_run_holds_no_write_lock_while_it_plans_and_a_dry_run_never_takes_one() {
    let (dir, mut store) = file_store();
    let other = impatient(&dir);
    for dry_run in [true, false] {
        let mut e = Engine::start(&mut store, &options(dry_run), Report::default()).unwrap();
        for i in 0..50u32 {
            let email = format!("p{i}@x.fr");
            e.row(
                u64::from(i) + 2,
                row(&[(Field::LastName, "Roux"), (Field::Email, &email)]),
            )
            .unwrap();
            // A sale at the counter, in the middle of the run: no lock to wait for.
            write_now(&other).unwrap_or_else(|err| panic!("dry run {dry_run}, row {i}: {err}"));
        }
        let report = e.finish().unwrap();
        assert_eq!(report.created, 50);
    }
    assert_eq!(crate::store::customers::count(store.conn()).unwrap(), 50);
}

#[test]
fn a_failure_after_committed_chunks_undoes_them_all() {
    let (dir, mut store) = file_store();
    import(&mut store, false, |e| e.row(2, jean()).map(drop));
    let other = impatient(&dir);
    let visible = |c: &rusqlite::Connection| -> i64 {
        c.query_row("SELECT COUNT(*) FROM customer", [], |r| r.get(0))
            .unwrap()
    };
    let mut seen_meanwhile = 0;
    let report = Report {
        file: "big.csv".into(),
        ..Report::default()
    };
    let result = super::super::run(&mut store, &options(false), report, |e| {
        for i in 0..5_000u32 {
            let email = format!("p{i}@x.fr");
            e.row(
                u64::from(i) + 2,
                row(&[(Field::LastName, "Roux"), (Field::Email, &email)]),
            )?;
        }
        // Chunks are committed as the run goes: another process sees them.
        seen_meanwhile = visible(&other);
        Err(ExchangeError::Mapping("stopped on purpose".into()))
    });
    assert_eq!(result.unwrap_err().to_string(), "stopped on purpose");
    assert!(seen_meanwhile > 1_000, "{seen_meanwhile}");
    assert_eq!(visible(&other), 1, "Jean only: the run is undone");
    let (status, audits): (String, i64) = other
        .query_row(
            "SELECT (SELECT status FROM import_run ORDER BY id DESC LIMIT 1),
                    (SELECT COUNT(*) FROM audit_log WHERE action = 'customer.import')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((status.as_str(), audits), ("rolled back", 1));
    // The index converges: the last change of every customer of the run is a delete.
    let live = crate::store::health::live_customer_ids(store.conn()).unwrap();
    assert_eq!(live.len(), 1);
}

#[test]
fn a_customer_the_register_changed_after_the_plan_gets_the_row_over_its_new_values() {
    let (dir, mut store) = file_store();
    let mut id = None;
    import(&mut store, false, |e| {
        let o = e.row(
            2,
            row(&[
                (Field::LastName, "Roux"),
                (Field::Email, "r@x.fr"),
                (Field::City, "Paris"),
            ]),
        )?;
        id = match o {
            Outcome::Created(id) => Some(id),
            _ => None,
        };
        Ok(())
    });
    let id = id.unwrap();
    let mut register = Store::open(&dir.path().join("shop.db")).unwrap();
    let mut e = Engine::start(&mut store, &options(false), Report::default()).unwrap();
    let o = e
        .row(
            2,
            row(&[
                (Field::LastName, "Roux"),
                (Field::Email, "r@x.fr"),
                (Field::Phone, "0612345678"),
            ]),
        )
        .unwrap();
    assert!(matches!(o, Outcome::Matched { changed: true, .. }), "{o:?}");
    // Planned, not written yet: the cashier moves the customer to Lyon.
    let mut moved = crate::store::customers::get(register.conn(), id)
        .unwrap()
        .unwrap()
        .data;
    moved.address.city = Some("Lyon".into());
    register
        .write(|tx| crate::store::customers::update(tx, id, &moved, "register"))
        .unwrap();
    e.finish().unwrap();
    let now = crate::store::customers::get(register.conn(), id)
        .unwrap()
        .unwrap()
        .data;
    assert_eq!(
        now.address.city.as_deref(),
        Some("Lyon"),
        "the cashier's edit stays"
    );
    assert_eq!(
        now.phone.as_deref(),
        Some("+33612345678"),
        "the row's phone is added"
    );
}
