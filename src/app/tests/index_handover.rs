//! The register and another process's large import: the command line cannot rebuild the
//! index the register holds (its writer lock), so the register, at its next commit, hands
//! the rebuild to the background opener instead of replaying every change on the loop.

use std::sync::mpsc;
use std::time::Duration;

use crate::app::action::{Action, Effect, IndexEvent};
use crate::app::events::Event;
use crate::app::runner::Runner;
use crate::config::Config;
use crate::domain::customer::CustomerData;
use crate::search::SearchIndex;
use crate::store::Store;

#[test]
fn a_register_far_behind_another_processs_import_rebuilds_its_index_in_the_background() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let toml = format!("[store]\ndatabase = \"{}\"\n", db.display());
    let config = Config::from_toml(&toml, &dir.path().join("config.toml")).unwrap();
    let (tx, rx) = mpsc::channel();
    let mut runner = Runner::new(Store::open(&db).unwrap(), &config, Some(tx));
    let data = CustomerData {
        last_name: Some("Quintal".into()),
        ..Default::default()
    };
    let effect = |data: &CustomerData| Effect::SaveCustomer {
        id: None,
        data: Box::new(data.clone()),
        attach: false,
    };
    runner.run(effect(&data));
    let idx =
        SearchIndex::open_or_rebuild(&config.index, runner.store().conn(), &mut |_, _| {}).unwrap();
    runner.set_index(idx);
    // Another process imported: more changes than a catch-up replays.
    let other = Store::open(&db).unwrap();
    other
        .conn()
        .execute_batch(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50001)
             INSERT INTO customer_change (customer_id, op)
             SELECT (SELECT id FROM customer LIMIT 1), 'upsert' FROM n",
        )
        .unwrap();
    runner.run(effect(&data));
    match rx.recv_timeout(Duration::from_secs(1)) {
        Ok(Event::Action(Action::Index(IndexEvent::Rebuilding))) => {}
        _ => panic!("no background rebuild announced"),
    }
    let rebuilt = loop {
        match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(Event::IndexOpened(idx)) => break idx,
            Ok(_) => continue,
            Err(e) => panic!("the rebuild never ended: {e}"),
        }
    };
    assert_eq!(rebuilt.len(), 2);
    assert!(!rebuilt.far_behind(runner.store().conn()).unwrap());
}
