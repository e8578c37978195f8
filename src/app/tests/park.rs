//! Parking survives a restart: a ticket with a customer parked through the keymap,
//! `update` and the real runner on a database file; the runner dropped (the register
//! closed); a new one opened on the same file recalls it: the lines and the customer
//! come back, the customer read as picking them reads them.

use std::path::Path;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::super::runner::Runner;
use super::super::state::{Msg, Popup, Settings, State};
use super::super::{settle, update, Action, Effect};
use super::Rig;
use crate::config::Config;
use crate::demo::{self, DemoOptions};
use crate::domain::ids::CustomerId;
use crate::keys;
use crate::store::Store;

/// A register on the database file `db` (no event channel: effects answer at once).
fn register(db: &Path) -> Rig {
    let toml = format!("[store]\ndatabase = \"{}\"\n", db.display());
    let config = Config::from_toml(&toml, &db.with_file_name("config.toml")).unwrap();
    let state = State::new(Settings::from_config(&config, false, 0), chrono::Utc::now());
    Rig {
        state,
        runner: Runner::new(Store::open(db).unwrap(), &config, None),
    }
}

fn ctrl(r: &mut Rig, c: char) {
    let k = KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
    let scope = super::super::update::scope(&r.state);
    if let Some(a) = keys::resolve(&r.state.settings.keymap, scope, &k).map(Action::from) {
        let fx = update(&mut r.state, a);
        settle(&mut r.state, &mut r.runner, fx);
    }
}

#[test]
fn a_parked_ticket_with_its_customer_comes_back_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    {
        let mut store = Store::open(&db).unwrap();
        demo::generate(
            &mut store,
            &DemoOptions {
                customers: 40,
                seed: 3,
                now: chrono::Utc::now(),
                sales: false,
            },
        )
        .unwrap();
    }
    let mut r = register(&db);
    let conn = r.runner.store().conn();
    let id: CustomerId = conn
        .query_row(
            "SELECT id FROM customer WHERE group_id IS NOT NULL LIMIT 1",
            [],
            |x| x.get(0),
        )
        .unwrap();
    let codes: Vec<String> = conn
        .prepare("SELECT code FROM product ORDER BY code LIMIT 3")
        .unwrap()
        .query_map([], |x| x.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    // The customer as the picker attaches them, then three items and a label.
    let fx = vec![Effect::LoadAttached(id)];
    settle(&mut r.state, &mut r.runner, fx);
    for code in &codes {
        r.typ(code);
        r.key(KeyCode::Enter);
    }
    let lines = r.state.ticket.lines.clone();
    let attached = r.state.ticket.customer.clone().expect("attached");
    assert_eq!(lines.len(), 3);
    r.typ("blue coat");
    ctrl(&mut r, 'p');
    assert!(r.state.ticket.lines.is_empty() && r.state.ticket.customer.is_none());
    assert_eq!(
        r.state.status.message.as_ref().map(|(m, _)| m),
        Some(&Msg::Parked {
            lines: 3,
            customer: Some(attached.name.clone()),
        })
    );
    drop(r);

    // The register opened again on the same file.
    let mut r = register(&db);
    ctrl(&mut r, 'r');
    let Some(Popup::Parked { rows, .. }) = &r.state.popup else {
        panic!("no recall window: {:?}", r.state.status.message);
    };
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].customer.as_deref(), Some(attached.name.as_str()));
    assert_eq!(rows[0].label.as_deref(), Some("blue coat"));
    assert_eq!(rows[0].lines, 3);
    let listed = rows[0].total;
    r.key(KeyCode::Enter);
    assert_eq!(r.state.popup, None);
    assert_eq!(r.state.ticket.lines, lines);
    assert_eq!(
        r.state.ticket.customer,
        Some(r.runner.attached(id).unwrap()),
        "read as picking them reads them: group discount, tax, balances"
    );
    assert!(r.state.ticket.totals().discount > crate::domain::money::Money::ZERO);
    let total = r.state.ticket.totals().total;
    assert_eq!(
        total, listed,
        "the window showed the total with the discount"
    );
    ctrl(&mut r, 'r');
    assert_eq!(
        r.state.status.message.as_ref().map(|(m, _)| m),
        Some(&Msg::ParkFirst)
    );
    let left: i64 = r
        .runner
        .store()
        .conn()
        .query_row("SELECT COUNT(*) FROM parked_ticket", [], |x| x.get(0))
        .unwrap();
    assert_eq!(left, 0, "recalled once: the store holds it no more");
    // Paid like any ticket.
    r.key(KeyCode::F(8));
    r.key(KeyCode::Enter);
    assert!(
        matches!(r.state.status.message, Some((Msg::SaleStored { .. }, _))),
        "{:?} ({total})",
        r.state.status.message
    );
}
