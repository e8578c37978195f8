//! The Import screen end to end minus the terminal: keys through the keymap and
//! `update`, the real runner on an in-memory store (runs are synchronous without an
//! event channel), real files in a temporary folder.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use crossterm::event::KeyCode;

use super::super::events::Event;
use super::super::runner::import;
use super::super::state::{ImportStage, Msg, Popup, Screen};
use super::super::{update, Action, Effect};
use super::Rig;
use crate::keys::Command;

const CSV: &str = "First Name,Last Name,Email,Phone,Default Address City,Default Address Zip,Default Address Country Code\n\
Ada,Zyxwvu,ada.zyxwvu@example.fr,+33 6 11 22 33 44,Paris,75002,FR\n\
Bob,Qwertz,bob.qwertz@example.fr,,Lyon,69001,FR\n\
,,,,Nowhere,,FR\n";

fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("clients.csv"), CSV).unwrap();
    std::fs::write(dir.path().join("photo.jpg"), b"\xff\xd8").unwrap();
    std::fs::write(dir.path().join(".hidden.csv"), CSV).unwrap();
    std::fs::create_dir(dir.path().join("old")).unwrap();
    dir
}

fn count(r: &Rig) -> i64 {
    r.runner
        .store()
        .conn()
        .query_row("SELECT COUNT(*) FROM customer", [], |x| x.get(0))
        .unwrap()
}

/// Unlocks the manager role, opens the list, F7, goes to `dir` by typing its path.
fn open_import(r: &mut Rig, dir: &Path) {
    r.key(KeyCode::F(11));
    r.typ("246813");
    r.key(KeyCode::Enter);
    assert!(r.state.is_manager());
    r.key(KeyCode::F(10));
    assert_eq!(r.state.screen, Screen::List);
    r.key(KeyCode::F(7));
    assert_eq!(r.state.screen, Screen::Import);
    assert!(r.state.import.dir.is_some(), "the start folder is listed");
    r.typ(&format!("{}/", dir.display()));
    r.key(KeyCode::Enter);
    assert_eq!(r.state.import.dir.as_deref(), Some(dir));
}

#[test]
fn dry_run_then_confirmed_import_then_reimport_changes_nothing() {
    let mut r = Rig::new();
    let dir = folder();
    let before = count(&r);
    open_import(&mut r, dir.path());
    let names: Vec<&str> = r
        .state
        .import
        .entries
        .iter()
        .map(|e| e.name.as_str())
        .collect();
    assert_eq!(
        names,
        ["..", "old", "clients.csv"],
        "hidden and other files left out"
    );

    r.typ("CLIENTS");
    r.key(KeyCode::Enter);
    assert_eq!(r.state.import.stage, ImportStage::Review);
    let rep = &r.state.import.result.as_ref().unwrap().report;
    assert!(rep.dry_run && !rep.committed);
    assert_eq!((rep.rows_read, rep.created, rep.refused), (3, 2, 1));
    assert_eq!(rep.preset.as_deref(), Some("shopify"));
    assert_eq!(count(&r), before, "a dry run writes nothing");
    // Esc: back to the folder, unfiltered, the file selected; Enter checks it again.
    r.key(KeyCode::Esc);
    assert_eq!(r.state.import.stage, ImportStage::Choose);
    assert!(r.state.import.filter.is_empty());
    assert_eq!(r.state.import.selected, 2);
    r.key(KeyCode::Enter);
    assert_eq!(r.state.import.stage, ImportStage::Review);

    r.key(KeyCode::F(10));
    assert!(matches!(r.state.popup, Some(Popup::Confirm { .. })));
    r.key(KeyCode::Enter);
    assert_eq!(r.state.import.stage, ImportStage::Done);
    let rep = &r.state.import.result.as_ref().unwrap().report;
    assert!(rep.committed);
    assert_eq!(count(&r), before + 2);
    assert!(dir.path().join("clients.rejected.csv").exists());
    assert!(matches!(
        r.state.status.message,
        Some((
            Msg::Imported {
                created: 2,
                updated: 0
            },
            _
        ))
    ));
    r.key(KeyCode::Enter);
    assert_eq!(r.state.screen, Screen::List);

    // The same file again: the dry run finds both customers; nothing to import.
    r.key(KeyCode::F(7));
    r.typ("clients");
    r.key(KeyCode::Enter);
    let rep = &r.state.import.result.as_ref().unwrap().report;
    assert_eq!((rep.created, rep.updated, rep.unchanged), (0, 0, 2));
    assert_eq!(rep.matches.len(), 2);
    assert_eq!(r.state.import.result.as_ref().unwrap().names.len(), 2);
    r.key(KeyCode::F(10));
    assert!(r.state.popup.is_none(), "nothing to confirm");
    assert!(matches!(
        r.state.status.message,
        Some((Msg::NothingToImport, _))
    ));
    assert_eq!(count(&r), before + 2);
}

#[test]
fn the_import_asks_for_the_pin_again_once_the_role_locked_itself() {
    let mut r = Rig::new();
    let dir = folder();
    let before = count(&r);
    // The PIN asked by the list unlocks the role: the import's first steps need no other.
    r.key(KeyCode::F(10));
    assert!(matches!(r.state.popup, Some(Popup::Pin { .. })));
    r.typ("246813");
    r.key(KeyCode::Enter);
    assert_eq!(r.state.screen, Screen::List);
    assert!(r.state.is_manager());
    r.key(KeyCode::F(7));
    r.typ(&format!("{}/clients.csv", dir.path().display()));
    r.key(KeyCode::Enter);
    assert_eq!(r.state.import.stage, ImportStage::Review);
    // No key for longer than the idle time: the role locks itself.
    let later = r.state.now + chrono::Duration::minutes(6);
    assert!(update(&mut r.state, Action::Tick(later)).is_empty());
    assert!(!r.state.is_manager());
    r.key(KeyCode::Enter);
    r.key(KeyCode::Enter); // confirmed: now the PIN
    assert!(matches!(r.state.popup, Some(Popup::Pin { .. })));
    r.typ("000000");
    r.key(KeyCode::Enter);
    assert_eq!(count(&r), before, "wrong PIN: nothing imported");
    r.typ("246813");
    r.key(KeyCode::Enter);
    assert_eq!(r.state.import.stage, ImportStage::Done);
    assert_eq!(count(&r), before + 2);
}

#[test]
fn a_file_that_cannot_be_imported_is_said_and_nothing_changes() {
    let mut r = Rig::new();
    let dir = folder();
    std::fs::write(
        dir.path().join("broken.csv"),
        b"\x00\x01\x02PK\x03\x04\x00\x00binary",
    )
    .unwrap();
    let before = count(&r);
    open_import(&mut r, dir.path());
    r.typ("broken");
    r.key(KeyCode::Enter);
    assert_eq!(r.state.import.stage, ImportStage::Choose);
    let err = r.state.import.error.clone().unwrap();
    assert!(err.contains("broken.csv"), "{err}");
    // A path that does not exist.
    r.typ(&format!("{}/missing.csv", dir.path().display()));
    r.key(KeyCode::Enter);
    assert!(
        matches!(&r.state.status.message, Some((Msg::Error(e), _)) if e.contains("missing.csv"))
    );
    assert_eq!(r.state.import.stage, ImportStage::Choose);
    // A path typed as fast as a scanner types (a burst) is still a path.
    r.state.import.filter.clear();
    let path = format!("{}/", dir.path().display());
    let fx = super::super::update(
        &mut r.state,
        super::super::Action::Scan(crate::input::Scan {
            reader: crate::input::KEYBOARD_READER.into(),
            kind: crate::input::ReaderKind::Barcode,
            raw_keys: path.chars().count(),
            code: path,
            valid: true,
            reason: None,
        }),
    );
    super::super::settle(&mut r.state, &mut r.runner, fx);
    assert!(r.state.popup.is_none(), "no unknown-scan popup here");
    assert_eq!(r.state.import.dir.as_deref(), Some(dir.path()));
    // Backspace on an empty filter goes up a folder.
    r.state.import.filter.clear();
    r.key(KeyCode::Backspace);
    assert_eq!(r.state.import.dir.as_deref(), dir.path().parent());
    assert_eq!(count(&r), before);
}

#[test]
fn a_vcard_file_is_read_as_vcard_and_imports() {
    let mut r = Rig::new();
    let dir = folder();
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/vcard/google-3.0.vcf");
    std::fs::copy(&fixture, dir.path().join("contacts.vcf")).unwrap();
    let before = count(&r);
    open_import(&mut r, dir.path());
    r.typ("contacts");
    r.key(KeyCode::Enter);
    assert_eq!(r.state.import.stage, ImportStage::Review);
    assert!(r.state.import.is_vcard());
    let preset = r.state.import.preset;
    r.key(KeyCode::F(3));
    assert_eq!(r.state.import.preset, preset, "no preset for vCard");
    let created = r.state.import.result.as_ref().unwrap().report.created;
    assert!(created >= 1);
    r.key(KeyCode::F(10));
    r.key(KeyCode::Enter);
    assert_eq!(r.state.import.stage, ImportStage::Done);
    assert_eq!(count(&r), before + created as i64);
}

#[test]
fn an_import_whose_thread_panics_ends_as_a_failure_shown_on_the_import_screen() {
    let mut r = Rig::new();
    let dir = folder();
    let before = count(&r);
    open_import(&mut r, dir.path());
    r.typ("clients");
    r.key(KeyCode::Enter);
    assert_eq!(r.state.import.stage, ImportStage::Review);
    r.key(KeyCode::F(10));
    // Confirmed by hand, so that the run is not done by the rig's synchronous runner.
    let effects = update(&mut r.state, Action::Cmd(Command::Confirm));
    assert_eq!(r.state.import.stage, ImportStage::Importing);
    let Some(Effect::Import { run, .. }) = effects.first() else {
        panic!("the confirmation starts a run: {effects:?}");
    };
    // The run's thread, as the register starts it, with a job that panics.
    let (tx, rx) = mpsc::channel();
    import::spawn_run(tx, *run, |_| panic!("the disk is on fire"));
    let action = loop {
        match rx.recv_timeout(Duration::from_secs(10)) {
            Ok(Event::Action(a @ Action::ImportFinished { .. })) => break a,
            Ok(_) => continue,
            Err(e) => panic!("the failed run never answered: {e}"),
        }
    };
    assert!(
        matches!(&action, Action::ImportFinished { result: Err(m), .. } if m.contains("the disk is on fire"))
    );
    update(&mut r.state, action);
    assert_eq!(
        r.state.import.stage,
        ImportStage::Done,
        "no longer Importing"
    );
    assert!(r
        .state
        .import
        .error
        .as_deref()
        .is_some_and(|e| e.contains("on fire")));
    assert!(matches!(
        &r.state.status.message,
        Some((Msg::Error(m), _)) if m.contains("the disk is on fire")
    ));
    assert_eq!(count(&r), before, "nothing was written");
}

#[test]
fn the_manager_creates_the_files_unknown_groups_with_the_import() {
    let mut r = Rig::new();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("members.csv"),
        "first_name,last_name,email,group\n\
         Ada,Zyxwvu,ada.zyxwvu@example.fr,Club Or\n\
         Bob,Qwertz,bob.qwertz@example.fr,club or\n\
         Cy,Plokij,cy.plokij@example.fr,\n",
    )
    .unwrap();
    let groups = |r: &Rig| {
        r.runner
            .store()
            .conn()
            .query_row(
                "SELECT COUNT(*) FROM customer_group WHERE name = 'Club Or'",
                [],
                |x| x.get::<_, i64>(0),
            )
            .unwrap()
    };
    open_import(&mut r, dir.path());
    r.typ("members");
    r.key(KeyCode::Enter);
    assert_eq!(r.state.import.stage, ImportStage::Review);
    let rep = &r.state.import.result.as_ref().unwrap().report;
    assert_eq!(rep.unknown_groups.len(), 1, "one group, named in two cases");
    assert_eq!(rep.unknown_groups[0].rows, 2);
    assert!(!r.state.import.create_groups, "left out unless asked");
    r.key(KeyCode::F(2));
    assert!(r.state.import.create_groups);
    r.key(KeyCode::F(2));
    assert!(!r.state.import.create_groups, "F2 again leaves them out");
    r.key(KeyCode::F(2));
    assert_eq!(groups(&r), 0, "choosing writes nothing");
    r.key(KeyCode::F(10));
    let Some(Popup::Confirm { kind, .. }) = &r.state.popup else {
        panic!("the import asks for confirmation");
    };
    assert!(matches!(
        kind,
        super::super::state::ConfirmKind::Import { groups: 1, .. }
    ));
    r.key(KeyCode::Enter);
    assert_eq!(r.state.import.stage, ImportStage::Done);
    let rep = &r.state.import.result.as_ref().unwrap().report;
    assert!(rep.committed && rep.unknown_groups.is_empty());
    assert_eq!(groups(&r), 1);
    let conn = r.runner.store().conn();
    let members: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM customer c JOIN customer_group g ON g.id = c.group_id \
             WHERE g.name = 'Club Or'",
            [],
            |x| x.get(0),
        )
        .unwrap();
    assert_eq!(members, 2, "both rows naming it are in it");
    let audited: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'group.create' AND detail LIKE '%Club Or%'",
            [],
            |x| x.get(0),
        )
        .unwrap();
    assert_eq!(audited, 1);

    // A new dry run forgets the choice.
    r.key(KeyCode::Enter);
    r.key(KeyCode::F(7));
    r.typ("members");
    r.key(KeyCode::Enter);
    assert!(!r.state.import.create_groups);
}
