//! Snapshots of the Import screen: the folder listing with its preset, a dry run in
//! progress, the dry-run report with refusals, warnings and matches, the confirmation,
//! and the final report; reached through `update` as a manager would.

use std::path::PathBuf;

use super::{act, cmd, snap, text, typ};
use crate::app::action::Action;
use crate::app::fixtures as fx;
use crate::app::state::{FileEntry, ImportResult, ImportStage, ManagerOp, State};
use crate::app::view::{ColumnUse, Issue, Match, MatchKey, Report};
use crate::keys::Command as C;

fn entry(name: &str, dir: bool, size: u64) -> FileEntry {
    FileEntry {
        name: name.into(),
        dir,
        size,
    }
}

/// The list, then F7, with a folder listed (manager role unlocked).
fn opened() -> State {
    let mut s = fx::state();
    s.unlock();
    act(&mut s, Action::Manager(ManagerOp::OpenList));
    cmd(&mut s, C::Import);
    act(
        &mut s,
        Action::DirListed {
            dir: PathBuf::from("/home/shop/imports"),
            entries: vec![
                entry("..", true, 0),
                entry("archive", true, 0),
                entry("clients-shopify.csv", false, 1_234_567),
                entry("contacts \u{1b}[31mphone.vcf", false, 45_210),
                entry("notes.txt", false, 812),
            ],
        },
    );
    s
}

fn report(dry_run: bool) -> ImportResult {
    let mut r = Report {
        file: "/home/shop/imports/clients-shopify.csv".into(),
        format: "csv".into(),
        dry_run,
        committed: !dry_run,
        encoding: Some("UTF-8".into()),
        delimiter: Some(",".into()),
        preset: Some("shopify".into()),
        preset_reason: Some("(chosen from the header: 18 of 20 columns known)".into()),
        columns: vec![
            ColumnUse {
                column: "First Name".into(),
                field: "first_name".into(),
                from: "preset".into(),
            },
            ColumnUse {
                column: "Email".into(),
                field: "email".into(),
                from: "preset".into(),
            },
        ],
        ignored_columns: vec!["Total Spent".into(), "Total Orders".into()],
        rows_read: 1_204,
        created: 1_180,
        unchanged: 10,
        ..Report::default()
    };
    r.refuse(
        7,
        vec![Issue::new(
            Some("Phone"),
            "`06 12` is not a phone number of FR",
        )],
    );
    r.warn(
        12,
        Issue::new(
            Some("Email"),
            "`jean@@x` is not an e-mail address (a single @ is needed); the e-mail is left out",
        ),
    );
    r.matched(Match {
        line: 3,
        customer: fx::cid(1),
        matched_on: MatchKey::Email,
        fields: vec!["phone".into(), "city".into()],
    });
    r.matched(Match {
        line: 4,
        customer: fx::cid(2),
        matched_on: MatchKey::Reference,
        fields: vec![],
    });
    if !dry_run {
        r.rejected_file = Some("/home/shop/imports/clients-shopify.rejected.csv".into());
    } else {
        r.unknown_group("VIP Or");
        r.unknown_group("vip or");
    }
    ImportResult {
        report: r,
        names: vec![(fx::cid(1), "Mélanie Dupont".into())],
    }
}

#[test]
fn choose_a_file() {
    let mut s = opened();
    assert_eq!(s.import.selected, 1, "the first entry after `..`");
    cmd(&mut s, C::Down);
    cmd(&mut s, C::Preset);
    snap("import_choose", &s);
    typ(&mut s, "VCF");
    assert_eq!(s.import.visible().len(), 1, "the filter keeps one file");
}

#[test]
fn dry_run_review_confirm_and_done() {
    let mut s = opened();
    cmd(&mut s, C::Down);
    cmd(&mut s, C::Confirm);
    assert_eq!(s.import.stage, ImportStage::Checking);
    let run = s.import.run;
    act(
        &mut s,
        Action::ImportProgress {
            run,
            done: 450,
            total: 1_000,
        },
    );
    snap("import_checking", &s);
    act(
        &mut s,
        Action::ImportFinished {
            run,
            result: Ok(Box::new(report(true))),
        },
    );
    assert_eq!(s.import.stage, ImportStage::Review);
    snap("import_review", &s);
    for _ in 0..6 {
        cmd(&mut s, C::Down);
    }
    snap("import_review_long_line", &s);
    cmd(&mut s, C::Import);
    snap("import_confirm", &s);
    // F2: the unknown groups are created with the import; the question says so.
    cmd(&mut s, C::Back);
    cmd(&mut s, C::Toggle);
    assert!(s.import.create_groups);
    cmd(&mut s, C::Home);
    snap("import_review_create_groups", &s);
    cmd(&mut s, C::Import);
    snap("import_confirm_create_groups", &s);
    cmd(&mut s, C::Confirm);
    assert_eq!(s.import.stage, ImportStage::Importing);
    let run = s.import.run;
    act(
        &mut s,
        Action::ImportFinished {
            run,
            result: Ok(Box::new(report(false))),
        },
    );
    cmd(&mut s, C::End);
    snap("import_done", &s);
}

#[test]
fn a_broken_validator_rule_reads_in_the_register_language() {
    let mut s = opened();
    s.settings.lang = crate::app::state::Lang::Fr;
    cmd(&mut s, C::Down);
    cmd(&mut s, C::Confirm);
    let run = s.import.run;
    let mut result = report(true);
    let broken = |column: &str, field: &str| Issue {
        rule: Some(("phone.invalid", field.to_string())),
        ..Issue::new(
            Some(column),
            format!("{field}: This phone number does not exist"),
        )
    };
    result.report.refusals = vec![broken("Téléphone", "phone"), broken("Phone", "phone")];
    act(
        &mut s,
        Action::ImportFinished {
            run,
            result: Ok(Box::new(result)),
        },
    );
    let screen = text(&s, 120, 40);
    assert!(
        screen.contains("Téléphone: phone: ce numéro n'existe pas dans son pays"),
        "{screen}"
    );
    assert!(
        screen.contains("Phone: ce numéro n'existe pas dans son pays"),
        "the column already names the field: {screen}"
    );
    assert!(!screen.contains("does not exist"), "{screen}");
}
