//! The reports screen through the real runner on an in-memory store: every tab's figures
//! are the store's reports for the period typed, the card's spending line is the
//! customer's goods per month, and the Z is closed once (stored, audited, its difference
//! shown), a second closing refused with the service's words and nothing written.

use std::path::Path;

use chrono::{Datelike, Utc};

use super::super::runner::Runner;
use super::super::state::{Msg, Popup, Screen, Settings, State, TOP_CUSTOMERS};
use super::super::{settle, update, Action};
use crate::config::Config;
use crate::demo::{self, DemoOptions};
use crate::domain::money::Money;
use crate::keys::Command as C;
use crate::store::reports::{self, Period, Report, ReportKind, Request};
use crate::store::Store;

struct Rig {
    state: State,
    runner: Runner,
}

impl Rig {
    /// A demo shop with a year of sales, the customers list open, the role unlocked.
    fn new() -> Rig {
        let mut store = Store::open_in_memory().unwrap();
        demo::generate(
            &mut store,
            &DemoOptions {
                customers: 120,
                seed: 7,
                now: Utc::now(),
                sales: true,
            },
        )
        .unwrap();
        let hash = crate::auth::hash_pin("246813").unwrap();
        let toml = format!(
            "[manager]\npin_hash = \"{hash}\"\n[store]\ndatabase = \"/nonexistent/x.db\"\n"
        );
        let config = Config::from_toml(&toml, Path::new("/nonexistent/config.toml")).unwrap();
        let mut state = State::new(Settings::from_config(&config, false, 0), Utc::now());
        state.unlock();
        let mut rig = Rig {
            state,
            runner: Runner::new(store, &config, None),
        };
        rig.cmd(C::CustomersList);
        rig
    }

    fn act(&mut self, a: Action) {
        let fx = update(&mut self.state, a);
        settle(&mut self.state, &mut self.runner, fx);
    }

    fn cmd(&mut self, c: C) {
        self.act(Action::Cmd(c));
    }

    fn typ(&mut self, text: &str) {
        for c in text.chars() {
            self.act(Action::Char(c));
        }
    }

    fn count(&self, sql: &str) -> i64 {
        self.runner
            .store()
            .conn()
            .query_row(sql, [], |r| r.get(0))
            .unwrap()
    }

    /// What the store computes for the tab shown over the period shown.
    fn expected(&self) -> Report {
        let shown = self.state.reports.result.as_ref().unwrap();
        let request = Request {
            kind: shown.kind,
            period: shown.period,
            register: self.state.settings.register.clone(),
            limit: TOP_CUSTOMERS,
        };
        reports::run(self.runner.store().conn(), &request).unwrap()
    }
}

#[test]
fn every_tab_shows_the_stores_report_for_the_period_typed() {
    let mut r = Rig::new();
    r.cmd(C::Reports);
    assert_eq!(r.state.screen, Screen::Reports);
    for _ in ReportKind::ALL {
        let shown = r.state.reports.result.as_ref().expect("answered at once");
        assert_eq!(shown.kind, r.state.reports.kind);
        assert_eq!(shown.report, r.expected(), "{:?}", shown.kind);
        r.cmd(C::NextTab);
    }
    // Last month, whole: the days are that month's and the demo sold on some of them.
    r.cmd(C::LastMonth);
    let shown = r.state.reports.result.as_ref().unwrap();
    let today = Period::local_day(Utc::now(), 0);
    assert!(shown.period.to < today && shown.period.from.day() == 1);
    match &shown.report {
        Report::Days(days) => {
            assert!(!days.is_empty(), "the demo sells every month");
            assert!(days
                .iter()
                .all(|d| d.day >= shown.period.from && d.day <= shown.period.to));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(shown.report, r.expected());
}

#[test]
fn the_z_closes_once_with_its_difference_and_a_second_closing_is_refused() {
    let mut r = Rig::new();
    r.cmd(C::Reports);
    r.cmd(C::PrevTab);
    assert_eq!(r.state.reports.kind, ReportKind::Z);
    let expected = match &r.state.reports.result.as_ref().unwrap().report {
        Report::Z(f, None) => f.cash_expected,
        other => panic!("{other:?}"),
    };
    r.cmd(C::Down);
    r.typ("12.34");
    r.cmd(C::CloseDay);
    assert!(matches!(r.state.popup, Some(Popup::Confirm { .. })));
    r.cmd(C::Confirm);
    let counted = Money::from_cents(1_234);
    match &r.state.reports.result.as_ref().unwrap().report {
        Report::Z(_, Some(c)) => {
            assert_eq!(c.counted, counted);
            assert_eq!(c.difference, counted - expected);
        }
        other => panic!("not closed: {other:?}"),
    }
    assert!(matches!(
        r.state.status.message,
        Some((Msg::DayClosed { difference, .. }, _)) if difference == counted - expected
    ));
    assert_eq!(r.count("SELECT COUNT(*) FROM closing"), 1);
    let audited = "SELECT COUNT(*) FROM audit_log WHERE action = 'closing.create'";
    assert_eq!(r.count(audited), 1);
    // Closed meanwhile from elsewhere (the screen not knowing it): the service refuses,
    // the words say why, the Z is read again and shows the closing.
    r.state.reports.result = None;
    r.typ("5");
    r.cmd(C::CloseDay);
    r.cmd(C::Confirm);
    assert!(
        matches!(&r.state.status.message, Some((Msg::Error(e), _)) if e.contains("already closed")),
        "{:?}",
        r.state.status.message
    );
    assert!(matches!(
        r.state.reports.result.as_ref().map(|x| &x.report),
        Some(Report::Z(_, Some(c))) if c.counted == counted
    ));
    assert_eq!(r.count("SELECT COUNT(*) FROM closing"), 1);
    assert_eq!(r.count(audited), 1);
}

#[test]
fn the_card_loads_the_customers_goods_per_month() {
    let mut r = Rig::new();
    let id: crate::domain::ids::CustomerId = r
        .runner
        .store()
        .conn()
        .query_row(
            "SELECT customer_id FROM sale WHERE customer_id IS NOT NULL
             GROUP BY customer_id ORDER BY COUNT(*) DESC LIMIT 1",
            [],
            |x| x.get(0),
        )
        .unwrap();
    r.act(Action::Manager(super::super::state::ManagerOp::Unlock));
    let fx = vec![super::super::Effect::LoadCard(id)];
    settle(&mut r.state, &mut r.runner, fx);
    let card = r.state.card.as_ref().expect("the card");
    let months = &card.data.monthly;
    assert_eq!(months.len(), 12);
    let today = Period::local_day(Utc::now(), 0);
    assert_eq!(
        months.last().map(|m| (m.month.year(), m.month.month())),
        Some((today.year(), today.month()))
    );
    let goods: Money = months.iter().map(|m| m.goods).sum();
    assert!(
        !goods.is_zero(),
        "the demo's best customer bought in a year"
    );
}
