//! The managers' reports screen at 80x24: each tab in the four languages and in ASCII
//! mode (the days' and groups' bar charts over their tables, the Z open and closed), a
//! bad day refused beside its field, the screen computing, its help; and the card's
//! Marketing tab with its spending line in ASCII. States are reached through `update`,
//! as a manager would reach them.

use super::{act, cmd, text, typ};
use crate::app::action::Action;
use crate::app::fixtures as fx;
use crate::app::state::{Lang, ManagerOp, ReportsOp, State, Tab};
use crate::keys::Command as C;
use crate::store::reports::ReportKind;

fn manager(lang: Lang, ascii: bool) -> State {
    let mut s = State::new(fx::settings(lang), fx::now());
    s.settings.ascii = ascii;
    s.unlock();
    s
}

/// Answers the newest request with the fixed report of the tab shown.
fn answer(s: &mut State, closed: bool) {
    let seq = s.reports.asked;
    let kind = s.reports.kind;
    act(
        s,
        Action::ReportDone {
            seq,
            result: Ok(Box::new(fx::report(kind, closed))),
        },
    );
}

/// The reports screen on the tab of `kind`, answered.
pub(super) fn tab(lang: Lang, kind: ReportKind, ascii: bool) -> State {
    let mut s = manager(lang, ascii);
    act(&mut s, Action::Manager(ManagerOp::Reports(ReportsOp::Open)));
    while s.reports.kind != kind {
        cmd(&mut s, C::NextTab);
    }
    answer(&mut s, false);
    s
}

/// The Z tab with a count typed (not closed yet).
pub(super) fn z_counting(lang: Lang) -> State {
    let mut s = tab(lang, ReportKind::Z, false);
    cmd(&mut s, C::Down);
    typ(&mut s, "312,30");
    s
}

fn name(kind: ReportKind) -> &'static str {
    kind.name()
}

#[test]
fn every_tab_in_every_language() {
    for lang in Lang::ALL {
        let code = lang.code();
        for kind in ReportKind::ALL {
            let s = tab(lang, kind, false);
            let screen = text(&s, 80, 24);
            insta::assert_snapshot!(format!("reports_{}_{code}_80x24", name(kind)), screen);
            assert!(screen.contains(&format!("[{}]", s.tr().report_tab(kind))));
            assert!(!screen.contains('\u{1b}'), "no escape reaches the screen");
        }
        let z = z_counting(lang);
        insta::assert_snapshot!(format!("reports_z_counting_{code}_80x24"), text(&z, 80, 24));
        let mut closed = tab(lang, ReportKind::Z, false);
        cmd(&mut closed, C::Confirm);
        answer(&mut closed, true);
        insta::assert_snapshot!(
            format!("reports_z_closed_{code}_80x24"),
            text(&closed, 80, 24)
        );
    }
}

#[test]
fn every_tab_in_ascii() {
    for kind in ReportKind::ALL {
        let s = tab(Lang::En, kind, true);
        let screen = text(&s, 80, 24);
        insta::assert_snapshot!(format!("reports_{}_ascii_80x24", name(kind)), screen);
        let drawing = |c: &char| ('\u{2500}'..='\u{259f}').contains(c);
        assert!(
            !screen.chars().any(|c| drawing(&c)),
            "no box or block glyph:\n{screen}"
        );
    }
    let days = text(&tab(Lang::En, ReportKind::Days, true), 80, 24);
    assert!(days.contains('#'), "bars in ASCII:\n{days}");
    let mut closed = tab(Lang::Fr, ReportKind::Z, true);
    cmd(&mut closed, C::Confirm);
    answer(&mut closed, true);
    insta::assert_snapshot!("reports_z_closed_ascii_fr_80x24", text(&closed, 80, 24));
}

#[test]
fn a_bad_day_is_said_beside_its_field_and_a_report_computing_says_so() {
    for lang in [Lang::En, Lang::Fr] {
        let mut s = tab(lang, ReportKind::Days, false);
        for _ in 0..12 {
            cmd(&mut s, C::Backspace);
        }
        typ(&mut s, "31/02/2026");
        cmd(&mut s, C::Confirm);
        let screen = text(&s, 80, 24);
        insta::assert_snapshot!(format!("reports_bad_day_{}_80x24", lang.code()), screen);
        let label = s.tr().report_field(crate::app::state::ReportField::From);
        let line = screen
            .lines()
            .find(|l| l.contains(label) && l.contains("31/02/2026"))
            .unwrap_or_default();
        assert!(line.contains("2026-03-14"), "the refusal beside: {screen}");
    }
    let mut s = tab(Lang::En, ReportKind::Days, false);
    cmd(&mut s, C::NextTab);
    let screen = text(&s, 80, 24);
    assert!(screen.contains("Computing..."), "{screen}");
    insta::assert_snapshot!("reports_computing_80x24", screen);
}

#[test]
fn the_days_chart_shows_the_last_days_that_fit_and_says_so() {
    let mut s = tab(Lang::En, ReportKind::Days, false);
    cmd(&mut s, C::End);
    for _ in 0..12 {
        cmd(&mut s, C::Backspace);
    }
    typ(&mut s, "2025-12-01");
    cmd(&mut s, C::Confirm);
    answer(&mut s, false);
    let screen = text(&s, 80, 24);
    assert!(
        screen.contains("the last 39 of 104 days"),
        "a long period: {screen}"
    );
    // The table scrolls; the status line says which rows.
    cmd(&mut s, C::PageDown);
    let screen = text(&s, 80, 24);
    insta::assert_snapshot!("reports_days_long_scrolled_80x24", screen);
    assert!(screen.contains("6-"), "{screen}");
}

#[test]
fn the_help_lists_the_screens_keys() {
    let mut s = tab(Lang::En, ReportKind::Z, false);
    cmd(&mut s, C::Help);
    let screen = text(&s, 80, 24);
    insta::assert_snapshot!("reports_help_80x24", screen);
    assert!(screen.contains("Keys: Reports"), "{screen}");
}

#[test]
fn the_marketing_tab_draws_the_spending_line_in_ascii_and_in_french() {
    for (lang, ascii) in [(Lang::En, true), (Lang::Fr, false)] {
        let mut s = State::new(fx::settings(lang), fx::now());
        s.settings.ascii = ascii;
        let c = fx::customer(1, "Mélanie", "Dupont");
        act(&mut s, Action::CardLoaded(Box::new(fx::card_data(&c))));
        while s.card.as_ref().map(|c| c.tab) != Some(Tab::Marketing) {
            cmd(&mut s, C::NextTab);
        }
        let screen = text(&s, 80, 24);
        let tag = if ascii { "ascii" } else { lang.code() };
        insta::assert_snapshot!(format!("card_marketing_spending_{tag}_80x24"), screen);
        let (first, last) = match lang {
            Lang::Fr => ("04/2025", "03/2026"),
            _ => ("2025-04", "2026-03"),
        };
        assert!(screen.contains(first) && screen.contains(last), "{screen}");
        if ascii {
            assert!(screen.contains('#'), "{screen}");
        }
    }
}
