//! Three registers as separate processes, each the real register running in its own
//! tmux with its background sync (a pass every second) behind its own fault proxy, and
//! the scenarios of a shop's day with random timing, several rounds in a row:
//! - a customer created on one register reaches the two others (the time it took is
//!   printed: a figure, not a timed assertion);
//! - a register cut off for a while (its proxy cut) while customers are created on all
//!   three and one customer is edited on two of them, then healed;
//! - during that partition, a merge on a third register while the duplicate is edited
//!   elsewhere (the merge wins);
//! - during that partition, the cut-off register and another one both spend most of one
//!   wallet (8.90 of 10.00 each), and the cut-off one sells to the duplicate being
//!   merged (its points follow the survivor);
//! - a register killed (SIGKILL) right after a sale and a change were made on it, and
//!   started again.
//!
//! After each round the invariant checker waits until every register's outbox is empty
//! and its cursor at the hub's last feed row, then asserts that all three list exactly
//! the hub's live customers with the same fields (`assert_converged`), and the money
//! half (`money::assert_money_converged`): every sale on every register once, the same
//! ledger everywhere, every balance its ledger's sum and none below zero, one to-settle
//! item per round for the overspent wallet. The seed is
//! printed; HUB_SEED replays a run, HUB_ROUNDS runs more rounds (default 3).

use std::time::{Duration, Instant};

use super::money::{assert_money_converged, spend_wallet, with_tea};
use super::proxy::Proxy;
use super::register::background;
use super::{
    add_customer, assert_converged, count, edit_customer, hub, pg_addr, register, rng, seed,
    with_manager_pin,
};
use crate::e2e::{have_tmux, Tmux};
use crate::helpers::Env;

struct Till {
    code: &'static str,
    env: Env,
    proxy: Proxy,
    screen: Option<Tmux>,
}

impl Till {
    fn start(&mut self) {
        self.screen = None;
        let t = Tmux::start(&self.env, &self.env.db());
        t.wait("the register syncing", |s| s.contains("hub: "));
        self.screen = Some(t);
    }

    /// SIGKILL of the register's process (no chance to finish anything).
    fn kill(&mut self) {
        let pattern = format!("--db {}", self.env.db().display());
        let killed = std::process::Command::new("pkill")
            .args(["-9", "-f", "--", &pattern])
            .status()
            .unwrap();
        assert!(killed.success(), "no register process for {}", self.code);
        self.screen = None;
    }

    fn has(&self, id: &str) -> bool {
        self.env.run(&["customers", "show", id, "--json"]).code == 0
    }

    /// Changes waiting here and the feed cursor.
    fn sync_state(&self) -> (i64, i64) {
        let s = self.env.run(&["sync", "status", "--json"]).json();
        (
            s["waiting"].as_i64().unwrap_or(-1),
            s["cursor"].as_i64().unwrap_or(-1),
        )
    }
}

/// Waits until every register has sent everything and read the whole feed.
fn settle(pg: &super::cluster::Cluster, tills: &[Till], seed: u64) -> Duration {
    let start = Instant::now();
    loop {
        let last = count(pg, "SELECT COALESCE(max(id), 0) FROM hub.feed");
        let states: Vec<(i64, i64)> = tills.iter().map(Till::sync_state).collect();
        if states
            .iter()
            .all(|&(waiting, cursor)| waiting == 0 && cursor == last)
        {
            // A pass may have uploaded after `last` was read: read it again.
            if count(pg, "SELECT COALESCE(max(id), 0) FROM hub.feed") == last {
                return start.elapsed();
            }
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "not settled after 60 s (seed {seed}): hub at {last}, registers {states:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn three_running_registers_converge_through_partitions_kills_and_merges() {
    if !have_tmux() {
        return;
    }
    let seed = seed();
    let rounds: u64 = std::env::var("HUB_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    eprintln!("three registers: seed {seed}, {rounds} rounds");
    let mut next = rng(seed);
    let pg = hub();
    let mut tills: Vec<Till> = ["R1", "R2", "R3"]
        .into_iter()
        .map(|code| {
            let proxy = Proxy::start(pg_addr(&pg));
            let env = register(&pg, code, proxy.port());
            with_manager_pin(&env);
            with_tea(&env, "8.90");
            background(&env, code);
            Till {
                code,
                env,
                proxy,
                screen: None,
            }
        })
        .collect();
    for t in &mut tills {
        t.start();
    }
    let mut spread = Vec::new();
    let mut settling = Vec::new();
    for round in 0..rounds {
        // 1. Created on one, on the two others within 2 s.
        let from = next(3) as usize;
        let id = add_customer(
            &tills[from].env,
            &format!(r#"{{"first_name": "Anne", "last_name": "Round{round}"}}"#),
        );
        let start = Instant::now();
        while !tills.iter().all(|t| t.has(&id)) {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "round {round}: never spread (seed {seed})"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        spread.push(start.elapsed());

        // 2. A partition: one register cut off; changes everywhere meanwhile; a merge
        // on another while the duplicate is edited on the third.
        let cut = next(3) as usize;
        let (a, b) = ((cut + 1) % 3, (cut + 2) % 3);
        let twin = add_customer(
            &tills[a].env,
            &format!(
                r#"{{"first_name": "Anne", "last_name": "Round{round}", "email": "twin{round}@example.fr"}}"#
            ),
        );
        let wallet = add_customer(
            &tills[a].env,
            &format!(r#"{{"first_name": "Wallet", "last_name": "Round{round}"}}"#),
        );
        let top = tills[a]
            .env
            .run(&["wallet", "top-up", &wallet, "10", "--json"]);
        assert_eq!(top.code, 0, "{}", top.stderr);
        settle(&pg, &tills, seed);
        tills[cut].proxy.cut();
        for t in [cut, a] {
            let spent = spend_wallet(&tills[t].env, &wallet);
            assert_eq!(
                spent.code, 0,
                "round {round} on {}: {}",
                tills[t].code, spent.stderr
            );
        }
        let sale = format!(
            r#"{{"customer": "{twin}", "lines": [{{"code": "TEA"}}], "payments": [{{"method": "cash", "tendered": "10"}}]}}"#
        );
        let sold = tills[cut]
            .env
            .run_with(&["sales", "add", "--json"], Some(&sale), &[]);
        assert_eq!(sold.code, 0, "{}", sold.stderr);
        for (i, t) in tills.iter().enumerate() {
            add_customer(&t.env, &format!(r#"{{"last_name": "Cut{round}x{i}"}}"#));
        }
        edit_customer(
            &tills[cut].env,
            &id,
            r#"{"public_note": "edited while cut off"}"#,
        );
        edit_customer(&tills[a].env, &id, r#"{"email": "anne@example.fr"}"#);
        edit_customer(
            &tills[cut].env,
            &twin,
            r#"{"public_note": "the duplicate, edited"}"#,
        );
        let merged = tills[b].env.run_with(
            &["customers", "merge", &id, &twin, "--pin-stdin"],
            Some("432109\n"),
            &[],
        );
        assert_eq!(merged.code, 0, "{}", merged.stderr);
        std::thread::sleep(Duration::from_millis(500 + next(1500)));
        tills[cut].proxy.heal();

        // 3. A register killed right after a change made on it, then started again.
        let victim = next(3) as usize;
        let sale = format!(
            r#"{{"customer": "{id}", "lines": [{{"code": "TEA"}}], "payments": [{{"method": "card"}}]}}"#
        );
        let sold = tills[victim]
            .env
            .run_with(&["sales", "add", "--json"], Some(&sale), &[]);
        assert_eq!(sold.code, 0, "{}", sold.stderr);
        add_customer(
            &tills[victim].env,
            &format!(r#"{{"last_name": "Killed{round}"}}"#),
        );
        std::thread::sleep(Duration::from_millis(next(800)));
        tills[victim].kill();
        tills[victim].start();

        settling.push(settle(&pg, &tills, seed));
        let envs: Vec<&Env> = tills.iter().map(|t| &t.env).collect();
        assert_converged(&pg, &envs, seed);
        assert_money_converged(&pg, &envs, seed);
        assert_eq!(
            count(&pg, "SELECT count(*) FROM hub.to_settle"),
            round as i64 + 1,
            "one overspent wallet per round (seed {seed})"
        );
        for t in &tills {
            assert!(
                !t.has(&twin),
                "round {round}: the merged duplicate on {} (seed {seed})",
                t.code
            );
            let note = t.env.run(&["customers", "show", &id, "--json"]).json();
            assert_eq!(
                note["email"], "anne@example.fr",
                "round {round} on {}",
                t.code
            );
        }
    }
    spread.sort();
    eprintln!(
        "three registers, {rounds} rounds (seed {seed}): a new customer on all three after \
         {:?} (median), {:?} (slowest); converged {:?} after the last fault (slowest), \
         failures 0",
        spread[spread.len() / 2],
        spread.last().copied().unwrap_or_default(),
        settling.iter().max().copied().unwrap_or_default()
    );
}
