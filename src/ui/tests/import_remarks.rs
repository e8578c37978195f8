//! Snapshots of the Import screen's report in French, Dutch and German (and ASCII): the
//! importer's refusals, warnings, notices, preset reason and columns' origins in the
//! register's language, only the values from the file left as written.

use std::path::PathBuf;

use super::{act, cmd, text};
use crate::app::action::Action;
use crate::app::fixtures as fx;
use crate::app::state::{ImportResult, Lang, ManagerOp, State};
use crate::app::view::{ColumnUse, Issue, Report};
use crate::exchange::remark::{NameSource, Remark};
use crate::keys::Command as C;

fn column(column: &str, field: &str, from: &str) -> ColumnUse {
    ColumnUse {
        column: column.into(),
        field: field.into(),
        from: from.into(),
    }
}

/// A dry run's report whose every text is an importer's remark.
fn report() -> Report {
    let reason = Remark::PresetFromHeader {
        known: 18,
        total: 20,
    };
    let mut r = Report {
        file: "/home/shop/imports/clients.csv".into(),
        format: "csv".into(),
        dry_run: true,
        encoding: Some("windows-1252 (from --encoding)".into()),
        delimiter: Some("tab".into()),
        preset: Some("common names".into()),
        preset_reason: Some(reason.english()),
        preset_remark: Some(reason),
        columns: vec![
            column("Prénom", "first_name", "common name"),
            column("Mobile", "phone", "preset"),
        ],
        rows_read: 40,
        created: 36,
        ..Report::default()
    };
    r.notice(Remark::QuoteNeverClosed { open: 38, line: 38 });
    r.refuse(
        7,
        vec![Issue::of(
            Some("Mobile"),
            Remark::PhoneAsNumber {
                value: "3.36123E+10".into(),
            },
        )],
    );
    r.refuse(
        9,
        vec![Issue::of(
            Some("Pays"),
            Remark::UnknownCountry {
                value: "Narnia".into(),
            },
        )],
    );
    r.warn(
        3,
        Issue::of(
            Some("Mobile"),
            Remark::ReadAsEmpty {
                value: "n/a".into(),
            },
        ),
    );
    r.warn(
        4,
        Issue::of(
            Some("Email"),
            Remark::NameFrom {
                source: NameSource::Email,
                name: "jean.dupont".into(),
            },
        ),
    );
    r.warn(
        5,
        Issue::of(
            Some("Groupe"),
            Remark::UnknownGroup {
                name: "Amis".into(),
            },
        ),
    );
    r.warn(
        6,
        Issue::of(
            None,
            Remark::SameAsEarlierRow {
                key: crate::app::view::MatchKey::Phone,
            },
        ),
    );
    r
}

/// The review of [`report`] in `lang`, reached as a manager would.
fn reviewed(lang: Lang, ascii: bool) -> State {
    let mut s = fx::state();
    s.settings.lang = lang;
    s.settings.ascii = ascii;
    s.unlock();
    act(&mut s, Action::Manager(ManagerOp::OpenList));
    cmd(&mut s, C::Import);
    act(
        &mut s,
        Action::DirListed {
            dir: PathBuf::from("/home/shop/imports"),
            entries: vec![
                crate::app::state::FileEntry {
                    name: "..".into(),
                    dir: true,
                    size: 0,
                },
                crate::app::state::FileEntry {
                    name: "clients.csv".into(),
                    dir: false,
                    size: 2_048,
                },
            ],
        },
    );
    cmd(&mut s, C::Confirm);
    let run = s.import.run;
    act(
        &mut s,
        Action::ImportFinished {
            run,
            result: Ok(Box::new(ImportResult {
                report: report(),
                names: vec![],
            })),
        },
    );
    s
}

#[test]
fn the_report_speaks_the_registers_language() {
    for (lang, name) in [(Lang::Fr, "fr"), (Lang::Nl, "nl"), (Lang::De, "de")] {
        let s = reviewed(lang, false);
        insta::assert_snapshot!(format!("import_remarks_{name}_80x24"), text(&s, 80, 24));
    }
    let s = reviewed(Lang::De, true);
    insta::assert_snapshot!("import_remarks_de_ascii_80x24", text(&s, 80, 24));
}

#[test]
fn no_english_remark_is_left_on_screen() {
    let english = [
        "read as empty",
        "is a phone number",
        "is not a country",
        "no name: the",
        "no customer group",
        "same customer as",
        "a quote opened",
        "chosen from the header",
        "common name",
        "(preset)",
        "from --encoding",
    ];
    let shown = text(&reviewed(Lang::En, false), 200, 40);
    assert!(english.iter().all(|e| shown.contains(e)), "{shown}");
    for lang in [Lang::Fr, Lang::Nl, Lang::De] {
        let screen = text(&reviewed(lang, false), 200, 40);
        for e in english {
            assert!(!screen.contains(e), "{lang:?}: `{e}` in\n{screen}");
        }
    }
}
