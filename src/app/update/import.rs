//! The Import screen (managers, from the customers list): browse to a CSV or vCard file,
//! choose the preset, read the dry-run report (F2 there: create the groups it names that
//! the shop does not have, with the import), confirm, read the final report.
//!
//! Invariants: nothing is written before the manager confirms the dry run (and gives the
//! PIN when the role is not unlocked); the real import is the library's, all or nothing
//! (it commits in short chunks, so the register keeps selling, and a run that fails is
//! undone; quitting or killing the register half-way leaves it to be undone at the next
//! start); results of a run that is no longer
//! the current one are dropped; after a committed import the index is brought up to date
//! and the list reloaded.

use std::path::PathBuf;

use super::super::action::{Action, Effect};
use super::super::state::{
    report_items, ConfirmKind, ImportResult, ImportStage, ManagerOp, Msg, Popup, State,
};
use super::{picker, step};
use crate::keys::Command;

/// Rows a page key moves.
const PAGE: isize = 15;

/// Opens the screen on the folder shown last (the start folder the first time).
pub(super) fn open(s: &mut State, fx: &mut Vec<Effect>) {
    let im = &mut s.import;
    im.stage = ImportStage::Choose;
    im.filter.clear();
    im.selected = 0;
    im.result = None;
    im.error = None;
    s.go(super::super::state::Screen::Import);
    fx.push(Effect::ListDir(s.import.dir.clone()));
}

pub(super) fn input(s: &mut State, a: Action, fx: &mut Vec<Effect>) {
    match s.import.stage {
        ImportStage::Choose => choose(s, a, fx),
        ImportStage::Checking => {
            if a == Action::Cmd(Command::Back) {
                // The dry run writes nothing; its result will be ignored.
                s.import.run += 1;
                s.import.stage = ImportStage::Choose;
            }
        }
        ImportStage::Review => match a {
            Action::Cmd(Command::Back) => back_to_files(s),
            Action::Cmd(Command::Preset) if !s.import.is_vcard() => {
                next_preset(s);
                if let Some(path) = s.import.file.clone() {
                    start(s, path, true, fx);
                }
            }
            Action::Cmd(Command::Import | Command::Confirm) => ask_confirmation(s),
            Action::Cmd(Command::Toggle) => toggle_groups(s),
            Action::Cmd(c) => scroll(s, c),
            _ => {}
        },
        ImportStage::Importing => {
            if a == Action::Cmd(Command::Back) {
                s.say(Msg::ImportRunning);
            }
        }
        ImportStage::Done => match a {
            Action::Cmd(Command::Back | Command::Confirm) => {
                s.import.stage = ImportStage::Choose;
                s.import.result = None;
                s.go_back();
                picker::open_list(s, fx);
            }
            Action::Cmd(c) => scroll(s, c),
            _ => {}
        },
    }
}

/// From the report back to the folder, the file just checked selected.
fn back_to_files(s: &mut State) {
    let im = &mut s.import;
    im.stage = ImportStage::Choose;
    im.filter.clear();
    let name = im.file.as_ref().and_then(|f| f.file_name());
    im.selected = im
        .entries
        .iter()
        .position(|e| name.is_some_and(|n| n.to_string_lossy() == e.name.as_str()))
        .unwrap_or(0);
}

fn choose(s: &mut State, a: Action, fx: &mut Vec<Effect>) {
    let im = &mut s.import;
    let len = im.visible().len();
    match a {
        Action::Char(c) => {
            im.filter.insert(c);
            im.selected = 0;
        }
        Action::Paste(t) => {
            im.filter.paste(&t);
            im.selected = 0;
        }
        Action::Cmd(cmd) => match cmd {
            Command::Back => s.go_back(),
            Command::Backspace if im.filter.is_empty() => {
                if let Some(parent) = im.dir.as_ref().and_then(|d| d.parent()) {
                    fx.push(Effect::ListDir(Some(parent.to_path_buf())));
                }
            }
            Command::Backspace => {
                im.filter.backspace();
                im.selected = 0;
            }
            Command::Up => im.selected = step(im.selected, len, -1),
            Command::Down => im.selected = step(im.selected, len, 1),
            Command::PageUp => im.selected = step(im.selected, len, -PAGE),
            Command::PageDown => im.selected = step(im.selected, len, PAGE),
            Command::Home => im.selected = 0,
            Command::End => im.selected = len.saturating_sub(1),
            Command::Preset => next_preset(s),
            Command::Confirm | Command::Import => enter(s, fx),
            _ => {}
        },
        _ => {}
    }
}

/// Enter: a typed path is opened (folder or file); else the selected entry.
fn enter(s: &mut State, fx: &mut Vec<Effect>) {
    let im = &s.import;
    let typed = im.filter.text().trim().to_string();
    let dir = im.dir.clone().unwrap_or_default();
    if typed.contains('/') || typed.starts_with('~') {
        let path = PathBuf::from(&typed);
        let path = if path.is_absolute() || typed.starts_with('~') {
            path
        } else {
            dir.join(path)
        };
        fx.push(Effect::Goto(path));
        return;
    }
    let Some(e) = im.visible().get(im.selected).map(|e| (*e).clone()) else {
        return;
    };
    if e.name == ".." {
        if let Some(parent) = dir.parent() {
            fx.push(Effect::ListDir(Some(parent.to_path_buf())));
        }
    } else if e.dir {
        fx.push(Effect::ListDir(Some(dir.join(&e.name))));
    } else {
        start(s, dir.join(&e.name), true, fx);
    }
}

fn next_preset(s: &mut State) {
    s.import.preset = (s.import.preset + 1) % crate::exchange::preset::choice_count();
}

/// Starts a run on `path`: the dry run, or (confirmed) the import.
fn start(s: &mut State, path: PathBuf, dry_run: bool, fx: &mut Vec<Effect>) {
    let im = &mut s.import;
    im.run += 1;
    im.stage = if dry_run {
        ImportStage::Checking
    } else {
        ImportStage::Importing
    };
    im.progress = (0, 0);
    im.error = None;
    im.scroll = 0;
    let groups = if dry_run {
        im.result = None;
        im.create_groups = false;
        Vec::new()
    } else {
        im.groups_to_create()
    };
    im.file = Some(path.clone());
    fx.push(Effect::Import {
        run: im.run,
        path,
        preset: im.preset_name(),
        dry_run,
        groups,
    });
}

/// F2 on a report naming groups the shop does not have: create them with the import, or
/// (again) leave them out.
fn toggle_groups(s: &mut State) {
    let im = &mut s.import;
    if im
        .result
        .as_ref()
        .is_some_and(|r| !r.report.unknown_groups.is_empty())
    {
        im.create_groups = !im.create_groups;
    }
}

fn ask_confirmation(s: &mut State) {
    let Some(r) = s.import.result.as_ref().map(|r| &r.report) else {
        return;
    };
    if r.created + r.updated == 0 {
        s.say(Msg::NothingToImport);
        return;
    }
    let name = |p: &std::path::Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let file = std::path::Path::new(&r.file);
    let ext = if r.format == "vcard" { "vcf" } else { "csv" };
    s.popup = Some(Popup::Confirm {
        kind: ConfirmKind::Import {
            file: name(file),
            create: r.created,
            update: r.updated,
            refused: r.refused,
            rejected: name(&crate::exchange::csv_in::rejected_path(file, ext)),
            groups: s.import.groups_to_create().len(),
        },
        then: Some(Box::new(Action::Manager(ManagerOp::Import))),
    });
}

/// The confirmed import (the manager role was checked).
pub(super) fn run(s: &mut State, fx: &mut Vec<Effect>) {
    if s.import.stage != ImportStage::Review {
        return;
    }
    if let Some(path) = s.import.file.clone() {
        start(s, path, false, fx);
    }
}

fn scroll(s: &mut State, c: Command) {
    let len = s
        .import
        .result
        .as_ref()
        .map_or(0, |r| report_items(&r.report).len());
    let im = &mut s.import;
    im.scroll = match c {
        Command::Up => step(im.scroll, len, -1),
        Command::Down => step(im.scroll, len, 1),
        Command::PageUp => step(im.scroll, len, -PAGE),
        Command::PageDown => step(im.scroll, len, PAGE),
        Command::Home => 0,
        Command::End => len.saturating_sub(1),
        _ => im.scroll,
    };
}

/// A scan on this screen: a burst of keys from the keyboard is a path typed (or pasted)
/// fast, so it is taken as typed text followed by Enter; a reader's scan is ignored.
pub(super) fn scan(s: &mut State, scan: crate::input::Scan, fx: &mut Vec<Effect>) {
    if scan.reader == crate::input::KEYBOARD_READER && s.import.stage == ImportStage::Choose {
        s.import.filter.paste(&scan.code);
        s.import.selected = 0;
        enter(s, fx);
    } else {
        s.say(Msg::ScanIgnored);
    }
}

/// A folder was listed.
pub(super) fn listed(s: &mut State, dir: PathBuf, entries: Vec<super::super::state::FileEntry>) {
    let im = &mut s.import;
    im.dir = Some(dir);
    // The first entry, not the parent: Enter on a fresh listing opens what is in it.
    im.selected = usize::from(entries.len() > 1 && entries.first().is_some_and(|e| e.name == ".."));
    im.entries = entries;
    im.filter.clear();
}

/// A typed path named a file: check it.
pub(super) fn file_chosen(s: &mut State, path: PathBuf, fx: &mut Vec<Effect>) {
    if s.import.stage == ImportStage::Choose {
        if let Some(parent) = path.parent() {
            s.import.dir = Some(parent.to_path_buf());
        }
        start(s, path, true, fx);
    }
}

pub(super) fn progress(s: &mut State, run: u64, done: u64, total: u64) {
    if run == s.import.run {
        s.import.progress = (done, total);
    }
}

pub(super) fn finished(
    s: &mut State,
    run: u64,
    result: Result<Box<ImportResult>, String>,
    fx: &mut Vec<Effect>,
) {
    let im = &mut s.import;
    if run != im.run {
        return;
    }
    im.scroll = 0;
    match (im.stage, result) {
        (ImportStage::Checking, Ok(r)) => {
            im.result = Some(r);
            im.stage = ImportStage::Review;
        }
        (ImportStage::Checking, Err(e)) => {
            im.stage = ImportStage::Choose;
            im.error = Some(e.clone());
            s.say(Msg::Error(e));
        }
        (ImportStage::Importing, Ok(r)) => {
            let (created, updated, committed) =
                (r.report.created, r.report.updated, r.report.committed);
            im.result = Some(r);
            im.stage = ImportStage::Done;
            if committed {
                fx.push(Effect::SyncIndex);
                s.say(Msg::Imported { created, updated });
            }
        }
        (ImportStage::Importing, Err(e)) => {
            im.stage = ImportStage::Done;
            im.result = None;
            im.error = Some(e.clone());
            s.say(Msg::Error(e));
        }
        _ => {}
    }
}
