use super::*;
use crate::exchange::field::Field;
use crate::store::Store;

fn options(dry_run: bool) -> RunOptions {
    RunOptions {
        dry_run,
        actor: "test".into(),
        default_country: "FR".into(),
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
    }
}

/// Runs `body` as one import (real, or dry) on `store`; its report.
fn import(
    store: &mut Store,
    dry_run: bool,
    body: impl FnOnce(&mut Engine) -> Result<(), StoreError>,
) -> Report {
    let report = Report {
        file: "t.csv".into(),
        ..Report::default()
    };
    super::run(store, &options(dry_run), report, |e| Ok(body(e)?)).unwrap()
}

fn row(cells: &[(Field, &str)]) -> Draft {
    let mut d = Draft::new();
    for (f, v) in cells {
        d.set(*f, f.name(), v);
    }
    d
}

#[test]
fn create_match_update_and_leave_unchanged() {
    let mut store = Store::open_in_memory().unwrap();
    let report = import(&mut store, false, |e| {
        let a = e.row(
            2,
            row(&[
                (Field::FirstName, "Anna"),
                (Field::LastName, "Peeters"),
                (Field::Email, "anna@example.be"),
            ]),
        )?;
        assert!(matches!(a, Outcome::Created(_)));
        let same = e.row(
            3,
            row(&[
                (Field::FirstName, "anna"),
                (Field::LastName, "PEETERS"),
                (Field::Email, "anna@example.be"),
            ]),
        )?;
        assert!(
            matches!(
                same,
                Outcome::Matched {
                    key: MatchKey::Email,
                    changed: true,
                    ..
                }
            ),
            "{same:?}"
        );
        let phone = e.row(
            4,
            row(&[
                (Field::LastName, "Peeters"),
                (Field::FirstName, "anna"),
                (Field::Phone, "0612345678"),
                (Field::Email, "anna@example.be"),
            ]),
        )?;
        assert!(matches!(phone, Outcome::Matched { changed: true, .. }));
        let bad = e.row(5, row(&[(Field::LastName, "Z"), (Field::Phone, "12")]))?;
        assert!(
            matches!(bad, Outcome::Refused(ref r) if r.contains("phone")),
            "{bad:?}"
        );
        Ok(())
    });
    assert_eq!((report.created, report.updated, report.refused), (1, 2, 1));
    assert_eq!(report.refusals[0].column.as_deref(), Some("phone"));
    assert_eq!(crate::store::audit::count(store.conn()).unwrap(), 1);
    // One customer, three rows in one chunk: written once.
    assert_eq!(report.last_change_seq, Some(1));
}

#[test]
fn a_derived_name_never_replaces_a_stored_one_and_references_match_first() {
    let mut store = Store::open_in_memory().unwrap();
    import(&mut store, false, |e| {
        e.row(
            2,
            row(&[
                (Field::FirstName, "Jean"),
                (Field::LastName, "Dupont"),
                (Field::Email, "jd@example.fr"),
                (Field::Reference, "CARD-1"),
            ]),
        )?;
        let m = e.row(
            3,
            row(&[(Field::Email, "jd@example.fr"), (Field::City, "Lyon")]),
        )?;
        assert!(
            matches!(
                m,
                Outcome::Matched {
                    key: MatchKey::Email,
                    ..
                }
            ),
            "{m:?}"
        );
        // The same card with the same e-mail: the customer, whose name the row changes.
        let r = e.row(
            4,
            row(&[
                (Field::LastName, "Autre"),
                (Field::Email, "jd@example.fr"),
                (Field::Reference, "card-1"),
            ]),
        )?;
        assert!(
            matches!(
                r,
                Outcome::Matched {
                    key: MatchKey::Reference,
                    ..
                }
            ),
            "{r:?}"
        );
        Ok(())
    });
    let mut names = Vec::new();
    crate::store::customers::for_each(store.conn(), false, |c| {
        names.push((c.data.first_name, c.data.last_name, c.data.address.city));
        Ok::<_, crate::store::StoreError>(std::ops::ControlFlow::Continue(()))
    })
    .unwrap();
    assert_eq!(
        names,
        vec![(
            Some("Jean".into()),
            Some("Autre".into()),
            Some("Lyon".into())
        )]
    );
}

#[test]
fn overlay_keeps_what_the_row_does_not_give() {
    let old = CustomerData {
        last_name: Some("A".into()),
        email: Some("a@x.fr".into()),
        personal_note: Some("keep".into()),
        ..Default::default()
    };
    let new = CustomerData {
        last_name: Some("B".into()),
        ..Default::default()
    };
    let m = overlay::overlay(&old, new, Provided::default(), false);
    assert_eq!(
        (
            m.last_name.as_deref(),
            m.email.as_deref(),
            m.personal_note.as_deref()
        ),
        (Some("B"), Some("a@x.fr"), Some("keep"))
    );
    assert_eq!(words("DUPONT  Jean"), words("jean dupont"));
}

/// The stored phones of every customer, in creation order.
fn phones(store: &Store) -> Vec<(Option<String>, Option<String>, Option<String>)> {
    let mut out = Vec::new();
    crate::store::customers::for_each(store.conn(), false, |c| {
        out.push((c.data.first_name, c.data.phone, c.data.phone2));
        Ok::<_, crate::store::StoreError>(std::ops::ControlFlow::Continue(()))
    })
    .unwrap();
    out
}

fn matched_on_phone(o: &Outcome, want: CustomerId) -> bool {
    matches!(o, Outcome::Matched { id, key: MatchKey::Phone, changed: false } if *id == want)
}

#[test]
fn a_phone_in_the_other_column_matches_and_changes_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let stored = |first: &str, phone: &str, phone2: &str| {
        let mut cells = vec![(Field::FirstName, first), (Field::LastName, "Peeters")];
        if !phone.is_empty() {
            cells.push((Field::Phone, phone));
        }
        if !phone2.is_empty() {
            cells.push((Field::Phone2, phone2));
        }
        row(&cells)
    };
    // Anna: a mobile and a landline; Bert: a landline as second phone only.
    let mut created = Vec::new();
    import(&mut store, false, |e| {
        created.push(e.row(2, stored("Anna", "0612345678", "0142685300"))?);
        created.push(e.row(3, stored("Bert", "", "0145454545"))?);
        Ok(())
    });
    let (anna, bert) = match created.as_slice() {
        [Outcome::Created(a), Outcome::Created(b)] => (*a, *b),
        other => panic!("{other:?}"),
    };
    let before = phones(&store);
    let report = import(&mut store, false, |e| {
        // The row's main phone is a stored second phone.
        let o = e.row(2, stored("Anna", "01 42 68 53 00", ""))?;
        assert!(matched_on_phone(&o, anna), "{o:?}");
        let o = e.row(3, stored("Bert", "0145454545", ""))?;
        assert!(matched_on_phone(&o, bert), "{o:?}");
        // The row's second phone is a stored main phone.
        let o = e.row(4, stored("Anna", "", "+33612345678"))?;
        assert!(matched_on_phone(&o, anna), "{o:?}");
        // Both swapped.
        let o = e.row(5, stored("Anna", "0142685300", "0612345678"))?;
        assert!(matched_on_phone(&o, anna), "{o:?}");
        Ok(())
    });
    assert_eq!(
        (report.created, report.updated, report.unchanged),
        (0, 0, 4),
        "{report:?}"
    );
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    assert_eq!(phones(&store), before, "no phone moved or lost");
}

#[test]
fn phone_matching_keeps_the_name_rule_and_tries_the_main_phone_first() {
    let mut store = Store::open_in_memory().unwrap();
    let report = import(&mut store, false, |e| {
        let cells = |first: &'static str, phone: &'static str, phone2: &'static str| {
            row(&[
                (Field::FirstName, first),
                (Field::LastName, "Martin"),
                (Field::Phone, phone),
                (Field::Phone2, phone2),
            ])
        };
        let Outcome::Created(home) = e.row(2, cells("Paul", "0611111111", "0143434343"))? else {
            panic!("created")
        };
        let Outcome::Created(work) = e.row(3, cells("Paul", "0622222222", "0155555555"))? else {
            panic!("created")
        };
        // A namesake (same family, shared landline) is not overwritten: a new customer
        // with a warning naming the one it shares the phone with.
        let lea = [
            (Field::FirstName, "Léa"),
            (Field::LastName, "Martin"),
            (Field::Phone, "0143434343"),
        ];
        let Outcome::Created(lea) = e.row(4, row(&lea))? else {
            panic!("created")
        };
        // A name made up from the phone takes the first holder: Léa holds the number as
        // her main phone, Paul (older) as his second.
        let o = e.row(5, row(&[(Field::Phone, "01 43 43 43 43")]))?;
        assert!(
            matches!(o, Outcome::Matched { id, key: MatchKey::Phone, .. } if id == lea),
            "{o:?}"
        );
        // Each of the row's phones is held by a Paul Martin (the main one as a second
        // phone, the second one as a main phone): the row's main phone decides.
        let o = e.row(6, cells("Paul", "0155555555", "0611111111"))?;
        assert!(
            matches!(o, Outcome::Matched { id, key: MatchKey::Phone, .. } if id == work),
            "{o:?}, not {home}"
        );
        Ok(())
    });
    assert_eq!(report.created, 3, "{report:?}");
    assert!(
        report.warnings[0].message.contains("shares its phone"),
        "{:?}",
        report.warnings
    );
}

#[test]
fn a_refusal_names_the_field_only_where_the_column_does_not() {
    use crate::domain::customer::FieldError;
    let e = FieldError {
        field: "email".into(),
        rule: "email.syntax",
        detail: "An e-mail address has a single @.".into(),
    };
    let same = [("email", "email".to_string())].into_iter().collect();
    let issue = field_issue(&e, &same);
    assert_eq!(issue.message, "An e-mail address has a single @");
    let other = [("email", "Courriel".to_string())].into_iter().collect();
    let issue = field_issue(&e, &other);
    assert_eq!(issue.column.as_deref(), Some("Courriel"));
    assert_eq!(issue.message, "email: An e-mail address has a single @");
}

mod chunks;
