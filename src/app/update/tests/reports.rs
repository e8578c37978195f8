//! The reports screen through `update` alone: the manager rule before the screen, the
//! tabs each asking for their report, a bad day refused beside its field (nothing
//! asked), the quick periods, a stale answer dropped, and the Z: closed once after a
//! question, its difference shown, a second closing refused with a message.

use chrono::NaiveDate;

use super::super::super::action::{Action, Effect};
use super::super::super::fixtures as fx;
use super::super::super::state::{
    FieldRefusal, ManagerOp, Msg, Popup, ReportField, ReportsOp, Screen, State,
};
use super::super::update;
use super::{cmd, typ, unlock_with_pin};
use crate::domain::money::Money;
use crate::keys::Command as C;
use crate::store::reports::{Period, Report, ReportKind, Request};

/// The customers list, the role unlocked.
fn list() -> State {
    let mut s = fx::state();
    s.unlock();
    cmd(&mut s, C::CustomersList);
    assert_eq!(s.screen, Screen::List);
    s
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// The one report asked for in `effects`.
fn asked(effects: &[Effect]) -> (u64, Request) {
    match effects {
        [Effect::RunReport { seq, request }] => (*seq, (**request).clone()),
        other => panic!("not one report asked: {other:?}"),
    }
}

/// Answers the newest request with the fixed report of the tab shown.
fn answer(s: &mut State) {
    let seq = s.reports.asked;
    let kind = s.reports.kind;
    update(
        s,
        Action::ReportDone {
            seq,
            result: Ok(Box::new(fx::report(kind, false))),
        },
    );
}

/// The reports screen open, the days of this month answered.
fn reports() -> State {
    let mut s = list();
    cmd(&mut s, C::Reports);
    answer(&mut s);
    s
}

/// Empties the focused field, then types `text` into it.
fn field(s: &mut State, text: &str) {
    cmd(s, C::End);
    for _ in 0..20 {
        cmd(s, C::Backspace);
    }
    typ(s, text);
}

#[test]
fn the_screen_opens_after_the_pin_on_this_month_so_far() {
    let mut s = list();
    s.lock();
    assert!(cmd(&mut s, C::Reports).is_empty());
    assert_eq!(s.screen, Screen::List, "not opened without the PIN");
    assert!(matches!(
        &s.popup,
        Some(Popup::Pin {
            op: ManagerOp::Reports(ReportsOp::Open),
            ..
        })
    ));
    let effects = unlock_with_pin(&mut s);
    assert_eq!(s.screen, Screen::Reports);
    let (seq, request) = asked(&effects);
    assert_eq!(seq, s.reports.asked);
    assert_eq!(
        request,
        Request {
            kind: ReportKind::Days,
            period: Period {
                from: day("2026-03-01"),
                to: day("2026-03-14"),
                utc_offset_secs: 0,
            },
            register: "R1".into(),
            limit: 20,
        }
    );
    assert!(s.reports.computing, "computing... until the answer");
    assert_eq!(s.reports.from.text(), "2026-03-01");
    assert_eq!(s.reports.day.text(), "2026-03-14");
    answer(&mut s);
    assert!(!s.reports.computing);
    assert!(matches!(
        s.reports.result.as_ref().map(|r| &r.report),
        Some(Report::Days(d)) if d.len() == 13
    ));
    cmd(&mut s, C::Back);
    assert_eq!(s.screen, Screen::List, "Esc: back to the customers list");
}

#[test]
fn each_tab_asks_for_its_report_and_a_stale_answer_is_dropped() {
    let mut s = reports();
    let mut kinds = Vec::new();
    for _ in 0..6 {
        let (_, request) = asked(&cmd(&mut s, C::NextTab));
        kinds.push(request.kind);
    }
    let mut all = ReportKind::ALL.to_vec();
    all.rotate_left(1);
    assert_eq!(kinds, all, "Tab walks the reports in order, round");
    let (_, z) = asked(&cmd(&mut s, C::PrevTab));
    assert_eq!(z.kind, ReportKind::Z);
    assert_eq!(z.period, Period::day(day("2026-03-14"), 0), "a Z is today");
    assert_eq!(
        s.reports.focus,
        ReportField::Day,
        "the focus keeps its place"
    );
    // The groups asked, then the VAT: the groups' late answer is not shown as the VAT.
    cmd(&mut s, C::NextTab);
    let old = s.reports.asked;
    cmd(&mut s, C::NextTab);
    update(
        &mut s,
        Action::ReportDone {
            seq: old,
            result: Ok(Box::new(fx::report(ReportKind::Groups, false))),
        },
    );
    assert!(s.reports.computing);
    assert!(s.reports.result.as_ref().map(|r| r.kind) != Some(ReportKind::Groups));
    answer(&mut s);
    assert_eq!(
        s.reports.result.as_ref().map(|r| r.kind),
        Some(ReportKind::Groups)
    );
}

#[test]
fn a_bad_day_is_refused_beside_its_field_and_nothing_is_asked() {
    let mut s = reports();
    field(&mut s, "2026-02-30");
    assert!(cmd(&mut s, C::Confirm).is_empty());
    assert_eq!(
        s.reports.refusal(ReportField::From),
        Some(&FieldRefusal::NotADay("2026-02-30".into()))
    );
    assert!(matches!(s.status.message, Some((Msg::FixErrors(1), _))));
    // Typing in the field again takes the refusal away; a cursor move does not.
    cmd(&mut s, C::Left);
    assert!(s.reports.refusal(ReportField::From).is_some());
    field(&mut s, "2026-03-10");
    assert!(s.reports.refusal(ReportField::From).is_none());
    // A period running backwards is the To field's refusal.
    cmd(&mut s, C::Down);
    assert_eq!(s.reports.focus, ReportField::To);
    field(&mut s, "2026-03-09");
    assert!(cmd(&mut s, C::Confirm).is_empty());
    assert_eq!(
        s.reports.refusal(ReportField::To),
        Some(&FieldRefusal::FromAfterTo)
    );
    // The language's way is read too: French days first.
    let mut fr = list();
    fr.settings.lang = crate::lang::Lang::Fr;
    cmd(&mut fr, C::Reports);
    assert_eq!(fr.reports.from.text(), "01/03/2026");
    field(&mut fr, "2.3.2026");
    let (_, request) = asked(&cmd(&mut fr, C::Confirm));
    assert_eq!(request.period.from, day("2026-03-02"));
}

#[test]
fn the_quick_keys_set_today_this_month_and_last_month() {
    let mut s = reports();
    let (_, r) = asked(&cmd(&mut s, C::LastMonth));
    assert_eq!(
        (r.period.from, r.period.to),
        (day("2026-02-01"), day("2026-02-28"))
    );
    assert_eq!(s.reports.to.text(), "2026-02-28");
    let (_, r) = asked(&cmd(&mut s, C::Today));
    assert_eq!(
        (r.period.from, r.period.to),
        (day("2026-03-14"), day("2026-03-14"))
    );
    let (_, r) = asked(&cmd(&mut s, C::ThisMonth));
    assert_eq!(
        (r.period.from, r.period.to),
        (day("2026-03-01"), day("2026-03-14"))
    );
    // On the Z, the month keys do nothing and Close day waits for the Z tab.
    assert!(cmd(&mut s, C::CloseDay).is_empty());
    assert!(s.popup.is_none());
    cmd(&mut s, C::PrevTab);
    answer(&mut s);
    let before = s.clone();
    assert!(cmd(&mut s, C::ThisMonth).is_empty());
    assert_eq!(s, before);
}

/// The Z tab, its figures answered (not closed), the cash counted typed.
fn z_with_count(count: &str) -> State {
    let mut s = reports();
    cmd(&mut s, C::PrevTab);
    answer(&mut s);
    cmd(&mut s, C::Down);
    assert_eq!(s.reports.focus, ReportField::Counted);
    typ(&mut s, count);
    s
}

#[test]
fn closing_the_day_asks_first_then_calls_the_service_once_and_shows_the_difference() {
    let mut s = z_with_count("312,30");
    assert!(cmd(&mut s, C::CloseDay).is_empty(), "a question first");
    assert!(matches!(s.popup, Some(Popup::Confirm { .. })));
    let effects = cmd(&mut s, C::Confirm);
    let counted = Money::from_cents(31_230);
    assert_eq!(
        effects,
        vec![Effect::Manager(Box::new(Effect::CloseDay {
            day: day("2026-03-14"),
            counted,
        }))]
    );
    assert!(s.reports.closing);
    // A second key while it is stored asks nothing.
    assert!(cmd(&mut s, C::CloseDay).is_empty());
    assert!(s.popup.is_none());
    update(&mut s, Action::DayClosed(Ok(Box::new(fx::closing()))));
    assert!(!s.reports.closing);
    assert!(matches!(
        s.status.message,
        Some((Msg::DayClosed { difference, .. }, _)) if difference == Money::from_cents(-50)
    ));
    assert!(matches!(
        s.reports.result.as_ref().map(|r| &r.report),
        Some(Report::Z(_, Some(c))) if c.difference == Money::from_cents(-50)
    ));
    // The day is shown closed: F10 says so (the count field emptied), asks nothing.
    assert_eq!(s.reports.counted.text(), "");
    assert!(cmd(&mut s, C::CloseDay).is_empty());
    assert_eq!(s.reports.refusal(ReportField::Counted), None);
    assert!(s.popup.is_none());
    assert!(matches!(
        s.status.message,
        Some((Msg::DayAlreadyClosed(d), _)) if d == day("2026-03-14")
    ));
}

#[test]
fn a_closing_refused_by_the_service_is_said_and_the_z_read_again() {
    let mut s = z_with_count("10");
    cmd(&mut s, C::CloseDay);
    cmd(&mut s, C::Confirm);
    let why = "register R1 has already closed 2026-03-14".to_string();
    let effects = update(&mut s, Action::DayClosed(Err(why.clone())));
    assert!(!s.reports.closing);
    assert!(matches!(&s.status.message, Some((Msg::Error(e), _)) if *e == why));
    let (_, request) = asked(&effects);
    assert_eq!(request.kind, ReportKind::Z);
}

#[test]
fn a_count_that_is_no_amount_is_refused_beside_it_and_nothing_asked() {
    for (typed, why) in [
        ("12,3x", FieldRefusal::NotAnAmount("12,3x".into())),
        ("-5", FieldRefusal::BelowZero),
        ("", FieldRefusal::NotAnAmount(String::new())),
    ] {
        let mut s = z_with_count(typed);
        assert!(cmd(&mut s, C::CloseDay).is_empty());
        assert!(s.popup.is_none());
        assert_eq!(s.reports.refusal(ReportField::Counted), Some(&why));
    }
}

#[test]
fn the_locked_role_asks_the_pin_again_before_the_closing() {
    let mut s = z_with_count("5");
    s.lock();
    cmd(&mut s, C::CloseDay);
    assert!(cmd(&mut s, C::Confirm).is_empty());
    assert!(matches!(
        &s.popup,
        Some(Popup::Pin {
            op: ManagerOp::Reports(ReportsOp::CloseDay { .. }),
            ..
        })
    ));
    let effects = unlock_with_pin(&mut s);
    assert!(matches!(
        effects.as_slice(),
        [Effect::Manager(inner)] if matches!(**inner, Effect::CloseDay { .. })
    ));
}

#[test]
fn a_failed_report_is_said_and_stops_computing() {
    let mut s = reports();
    cmd(&mut s, C::NextTab);
    let seq = s.reports.asked;
    update(
        &mut s,
        Action::ReportDone {
            seq,
            result: Err("database is locked".into()),
        },
    );
    assert!(!s.reports.computing);
    assert!(s.reports.result.is_none());
    assert!(matches!(&s.status.message, Some((Msg::Error(e), _)) if e == "database is locked"));
}
