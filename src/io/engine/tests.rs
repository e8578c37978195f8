use super::*;
use crate::io::field::Field;
use crate::store::Store;

fn run() -> RunOptions {
    RunOptions {
        dry_run: false,
        actor: "test".into(),
        default_country: "FR".into(),
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
    }
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
    let report = store
        .write(|tx| {
            let mut e = Engine::new(tx, &run(), Report::default())?;
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
            e.finish("test")
        })
        .unwrap();
    assert_eq!((report.created, report.updated, report.refused), (1, 2, 1));
    assert_eq!(report.refusals[0].column.as_deref(), Some("phone"));
    assert_eq!(crate::store::audit::count(store.conn()).unwrap(), 1);
    assert!(report.last_change_seq.unwrap() >= 3);
}

#[test]
fn a_derived_name_never_replaces_a_stored_one_and_references_match_first() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .write(|tx| {
            let mut e = Engine::new(tx, &run(), Report::default())?;
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
            let r = e.row(
                4,
                row(&[(Field::LastName, "Autre"), (Field::Reference, "card-1")]),
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
            e.finish("test")
        })
        .unwrap();
    let mut names = Vec::new();
    crate::store::customers::for_each(store.conn(), false, |c| {
        names.push((c.data.first_name, c.data.last_name, c.data.address.city));
        Ok(())
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
    let m = overlay(&old, new, Provided::default(), false);
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
