//! Keys on the managers' reports screen: the tabs (one per report), the period typed in
//! its two day fields (or the Z's day and the cash counted), the quick periods (today,
//! this month so far, last month), the report asked for in the background, and the
//! daily closing (Z) with the cash counted; and the answers to those.
//!
//! Invariants: the screen opens, and the closing is done, through the manager rule
//! (`manager::request`: the PIN when the role is locked, the write as
//! `Effect::Manager`); nothing is asked with a field refused (the refusal is shown
//! beside its field until it is typed in again); a report is asked with a sequence
//! number and an answer to an older one is dropped; a closing is asked once (a yes/no
//! question first, never while one is being stored, never for a day the screen shows
//! closed) and its answer, or its refusal, is shown.

use chrono::NaiveDate;

use super::super::action::{Action, Effect};
use super::super::state::{
    ConfirmKind, ManagerOp, Msg, Popup, ReportField, ReportsOp, ReportsScreen, Screen, ShownReport,
    State, TOP_CUSTOMERS,
};
use super::popup;
use crate::keys::Command;
use crate::store::reports::{Closing, Period, Report, ReportKind, Request};

/// The register's local day now.
fn today(s: &State) -> NaiveDate {
    Period::local_day(s.now, s.settings.utc_offset_secs)
}

/// Opens the reports screen on this month so far (the caller checked the manager role).
pub(super) fn open(s: &mut State, fx: &mut Vec<Effect>) {
    s.reports = ReportsScreen::open(today(s), s.settings.lang);
    s.go(Screen::Reports);
    ask(s, fx);
}

pub(super) fn input(s: &mut State, a: Action, fx: &mut Vec<Effect>) {
    let r = &mut s.reports;
    let focus = r.focus;
    // A field typed in again loses its refusal; moving the cursor keeps it.
    let changes = matches!(
        a,
        Action::Char(_) | Action::Paste(_) | Action::Cmd(Command::Backspace | Command::Delete)
    );
    if popup::edit(r.input_mut(focus), &a) {
        if changes {
            r.refusals.retain(|(f, _)| *f != focus);
        }
        return;
    }
    let Action::Cmd(cmd) = a else {
        return;
    };
    let kind = r.kind;
    let [first, second] = ReportField::of(kind);
    match cmd {
        Command::NextTab => switch(s, 1, fx),
        Command::PrevTab => switch(s, -1, fx),
        Command::Up | Command::Down => {
            r.focus = if r.focus == first { second } else { first };
        }
        Command::PageUp => r.scroll = r.scroll.saturating_sub(PAGE),
        Command::PageDown => r.scroll = (r.scroll + PAGE).min(rows(r).saturating_sub(1)),
        Command::Confirm => ask(s, fx),
        Command::Today => {
            let day = today(s);
            let lang = s.settings.lang;
            let r = &mut s.reports;
            if r.kind == ReportKind::Z {
                r.day.set(&lang.day(day));
                r.refusals.retain(|(f, _)| *f != ReportField::Day);
            } else {
                r.set_period(day, day, lang);
            }
            ask(s, fx);
        }
        Command::ThisMonth | Command::LastMonth if kind != ReportKind::Z => {
            let day = today(s);
            let month = Period::month_of(day, 0);
            let (from, to) = if cmd == Command::ThisMonth {
                (month.from, day)
            } else {
                let last = Period::month_of(month.from.pred_opt().unwrap_or(month.from), 0);
                (last.from, last.to)
            };
            s.reports.set_period(from, to, s.settings.lang);
            ask(s, fx);
        }
        Command::CloseDay if kind == ReportKind::Z => close(s),
        Command::Back => s.go_back(),
        _ => {}
    }
}

/// Rows PgUp / PgDn move the table by.
const PAGE: usize = 5;

/// The rows of the table shown (what PgDn may scroll to).
fn rows(r: &ReportsScreen) -> usize {
    match r.result.as_ref().map(|x| &x.report) {
        Some(Report::Days(v)) => v.len(),
        Some(Report::Groups(v)) => v.len(),
        Some(Report::Customers(v)) => v.len(),
        Some(Report::Methods(v)) => v.len(),
        Some(Report::Vat(v)) => v.len(),
        Some(Report::Z(f, _)) => f.by_method.len() + f.by_rate.len(),
        None => 0,
    }
}

/// The next (`delta` 1) or previous (-1) report, asked for at once; the focus keeps its
/// place (the first or the second field).
fn switch(s: &mut State, delta: isize, fx: &mut Vec<Effect>) {
    let r = &mut s.reports;
    let all = ReportKind::ALL;
    let at = all.iter().position(|k| *k == r.kind).unwrap_or(0) as isize;
    let next = (at + delta).rem_euclid(all.len() as isize) as usize;
    let second = ReportField::of(r.kind)[1] == r.focus;
    r.kind = all.get(next).copied().unwrap_or(ReportKind::Days);
    r.focus = ReportField::of(r.kind)[usize::from(second)];
    ask(s, fx);
}

/// Reads the tab's days and asks for its report, or leaves the refusals beside their
/// fields and asks nothing.
pub(super) fn ask(s: &mut State, fx: &mut Vec<Effect>) {
    let lang = s.settings.lang;
    let offset = s.settings.utc_offset_secs;
    let r = &mut s.reports;
    let [first, second] = ReportField::of(r.kind);
    r.refusals.retain(|(f, _)| *f != first && *f != second);
    let period = if r.kind == ReportKind::Z {
        r.read_day(ReportField::Day, lang)
            .map(|day| Period::day(day, offset))
    } else {
        let (from, to) = (
            r.read_day(ReportField::From, lang),
            r.read_day(ReportField::To, lang),
        );
        match (from, to) {
            (Some(from), Some(to)) if from > to => {
                r.refusals.push((
                    ReportField::To,
                    super::super::state::FieldRefusal::FromAfterTo,
                ));
                None
            }
            (Some(from), Some(to)) => Some(Period {
                from,
                to,
                utc_offset_secs: offset,
            }),
            _ => None,
        }
    };
    let Some(period) = period else {
        let n = r.refusals.len();
        s.say(Msg::FixErrors(n));
        return;
    };
    s.seq += 1;
    let r = &mut s.reports;
    r.asked = s.seq;
    r.pending = Some((r.kind, period));
    r.computing = true;
    fx.push(Effect::RunReport {
        seq: s.seq,
        request: Box::new(Request {
            kind: r.kind,
            period,
            register: s.settings.register.clone(),
            limit: TOP_CUSTOMERS,
        }),
    });
}

/// F10 on the Z tab: the day and the cash counted read, then the question (closing is
/// never undone); a day shown closed already is said so, not asked again.
fn close(s: &mut State) {
    let lang = s.settings.lang;
    let r = &mut s.reports;
    if r.closing {
        return;
    }
    r.refusals
        .retain(|(f, _)| !matches!(f, ReportField::Day | ReportField::Counted));
    // A day shown closed is said so first, whatever the count field holds.
    let day = r.read_day(ReportField::Day, lang);
    let closed = day.filter(|d| {
        r.result
            .as_ref()
            .is_some_and(|x| matches!(&x.report, Report::Z(f, Some(_)) if f.day == *d))
    });
    if let Some(d) = closed {
        s.say(Msg::DayAlreadyClosed(d));
        return;
    }
    let counted = r.read_counted();
    let (Some(day), Some(counted)) = (day, counted) else {
        let n = r.refusals.len();
        s.say(Msg::FixErrors(n));
        return;
    };
    let op = ManagerOp::Reports(ReportsOp::CloseDay { day, counted });
    s.popup = Some(Popup::Confirm {
        kind: ConfirmKind::CloseDay {
            register: s.settings.register.clone(),
            day,
            counted,
        },
        then: Some(Box::new(Action::Manager(op))),
    });
}

/// The manager rule let a reports-screen act through.
pub(super) fn perform(s: &mut State, op: ReportsOp, fx: &mut Vec<Effect>) {
    match op {
        ReportsOp::Open => open(s, fx),
        ReportsOp::CloseDay { day, counted } => {
            s.reports.closing = true;
            fx.push(Effect::CloseDay { day, counted }.by(true));
        }
    }
}

/// A report came back: shown when it answers the newest request, dropped otherwise.
pub(super) fn done(s: &mut State, seq: u64, result: Result<Box<Report>, String>) {
    let r = &mut s.reports;
    if seq != r.asked {
        return;
    }
    r.computing = false;
    r.shown = seq;
    r.scroll = 0;
    match (result, r.pending.take()) {
        (Ok(report), Some((kind, period))) => {
            r.result = Some(ShownReport {
                kind,
                period,
                report: *report,
            })
        }
        (Ok(_), None) => {}
        (Err(why), _) => {
            r.result = None;
            s.say(Msg::Error(why));
        }
    }
}

/// The closing came back: shown with its difference; refused (closed meanwhile from
/// elsewhere, a day not begun...): said, and the Z read again.
pub(super) fn closed(s: &mut State, result: Result<Box<Closing>, String>, fx: &mut Vec<Effect>) {
    s.reports.closing = false;
    match result {
        Ok(c) => {
            let c = *c;
            let (day, difference) = (c.figures.day, c.difference);
            let r = &mut s.reports;
            r.result = Some(ShownReport {
                kind: ReportKind::Z,
                period: Period::day(day, s.settings.utc_offset_secs),
                report: Report::Z(Box::new(c.figures.clone()), Some(Box::new(c))),
            });
            r.counted.clear();
            s.say(Msg::DayClosed { day, difference });
        }
        Err(why) => {
            s.say(Msg::Error(why));
            if s.screen == Screen::Reports && s.reports.kind == ReportKind::Z {
                ask(s, fx);
            }
        }
    }
}
