//! Money through the hub: sales and ledger entries uploaded by each register, checked by
//! the authority, fed to every register; an overspend while cut off becomes a to-settle
//! item, never a negative balance. `assert_money_converged` is the money half of the
//! chain's invariant checker.

use super::*;

/// A product `TEA` at `price` on a register (products are each register's own).
pub(super) fn with_tea(env: &Env, price: &str) {
    let r = env.run_with(
        &["products", "add", "--pin-stdin", "-"],
        Some(&format!(
            "432109\n{{\"code\": \"TEA\", \"name\": \"Tea\", \"price\": \"{price}\", \"tax_rate\": \"20\"}}"
        )),
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// Sells one TEA to `customer` paid from the wallet.
pub(super) fn spend_wallet(env: &Env, customer: &str) -> Run {
    let sale = format!(
        r#"{{"customer": "{customer}", "lines": [{{"code": "TEA"}}], "payments": [{{"method": "wallet"}}]}}"#
    );
    env.run_with(&["sales", "add", "--json"], Some(&sale), &[])
}

fn wallet(env: &Env, customer: &str) -> String {
    let b = env.run(&["customers", "balance", customer, "--json"]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    b.json()["wallet"].as_str().unwrap().to_string()
}

/// The money invariants after every register synced: every sale the hub holds is on
/// every register, once, and no other; every register holds exactly the hub's ledger
/// entries; every balance equals its ledger at the hub and on every register, and none
/// is below zero (the hub covered each overspend and holds a to-settle item for it).
pub(super) fn assert_money_converged(pg: &Cluster, registers: &[&Env], seed: u64) {
    let mut admin = pg.admin();
    let texts = |rows: Vec<postgres::Row>| -> Vec<String> {
        rows.iter().map(|r| r.get::<_, String>(0)).collect()
    };
    let hub_sales = texts(
        admin
            .query(
                "SELECT replace(id::text, '-', '') FROM hub.sale ORDER BY 1",
                &[],
            )
            .unwrap(),
    );
    let hub_ledger = texts(
        admin
            .query(
                "SELECT replace(id::text, '-', '') || ' ' || replace(customer_id::text, '-', '')
                        || ' ' || kind || ' ' || amount
                 FROM hub.ledger ORDER BY 1",
                &[],
            )
            .unwrap(),
    );
    let wrong: i64 = admin
        .query_one(
            "SELECT count(*) FROM hub.balance b
             WHERE b.amount < 0 OR b.amount <> (SELECT COALESCE(sum(l.amount), 0)
                 FROM hub.ledger l WHERE l.customer_id = b.customer_id AND l.kind = b.kind)",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(wrong, 0, "hub balances against their ledgers (seed {seed})");
    for (i, env) in registers.iter().enumerate() {
        let here = env.query("SELECT lower(hex(id)) FROM sale ORDER BY 1");
        assert_eq!(here, hub_sales, "register {}'s sales (seed {seed})", i + 1);
        let here = env.query(
            "SELECT lower(hex(id)) || ' ' || lower(hex(customer_id)) || ' ' || kind || ' ' || amount
             FROM ledger ORDER BY 1",
        );
        assert_eq!(
            here,
            hub_ledger,
            "register {}'s ledger (seed {seed})",
            i + 1
        );
        let wrong = env.count_where(
            "balance b",
            "b.amount < 0 OR b.amount <> (SELECT COALESCE(sum(l.amount), 0) FROM ledger l
                 WHERE l.customer_id = b.customer_id AND l.kind = b.kind)",
        );
        assert_eq!(wrong, 0, "register {}'s balances (seed {seed})", i + 1);
        let check = env.run(&["check-store", "--json", "--no-index"]);
        assert_eq!(check.code, 0, "register {}: {}", i + 1, check.stdout);
        let verify = env.run(&["journal", "verify"]);
        assert_eq!(verify.code, 0, "register {}: {}", i + 1, verify.stdout);
    }
}

#[test]
fn two_registers_spending_one_wallet_while_cut_off_leave_one_item_to_settle() {
    let pg = hub();
    let r1 = manager_register(&pg, "R1");
    let r2 = manager_register(&pg, "R2");
    with_tea(&r1, "8.90");
    with_tea(&r2, "8.90");
    let anne = add_customer(&r1, ANNE);
    let top = r1.run(&[
        "wallet", "top-up", &anne, "10", "--method", "card", "--json",
    ]);
    assert_eq!(top.code, 0, "{}", top.stderr);
    synced(&r1, "R1");
    synced(&r2, "R2");
    // R2 holds R1's top-up: the sale and its wallet entry.
    assert_eq!(wallet(&r2, &anne), "10.00");
    assert_eq!(r2.count("sale"), 1);

    // Cut off from each other (neither syncs), both spend 8.90 of the 10.00.
    let s1 = spend_wallet(&r1, &anne);
    assert_eq!(s1.code, 0, "{} {}", s1.stdout, s1.stderr);
    let s2 = spend_wallet(&r2, &anne);
    assert_eq!(s2.code, 0, "{} {}", s2.stdout, s2.stderr);
    // A third spend on R2 is refused there: its own balance does not cover it.
    assert_eq!(spend_wallet(&r2, &anne).code, 1);

    let first = synced(&r1, "R1");
    assert_eq!(first["to_settle"], 0, "{first}");
    let second = synced(&r2, "R2");
    assert_eq!(second["to_settle"], 1, "{second}");
    assert_eq!(second["open_to_settle"], 1, "{second}");
    synced(&r1, "R1");

    // The authority covered the 7.80 R2 spent beyond what was left: nobody's wallet is
    // below zero, and the manager sees who, what and where.
    assert_eq!(
        count(&pg, "SELECT amount FROM hub.balance WHERE kind = 'wallet'"),
        0
    );
    assert_eq!(wallet(&r1, &anne), "0.00");
    assert_eq!(wallet(&r2, &anne), "0.00");
    let pw = register_password("R1");
    let listed = r1.run_with(
        &["sync", "to-settle", "--json"],
        None,
        &[("COMPTOIR_SYNC_PASSWORD", &pw)],
    );
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    let item: serde_json::Value = serde_json::from_str(listed.stdout.trim()).unwrap();
    assert_eq!(item["shortfall"], 780, "{item}");
    assert_eq!(item["kind"], "wallet");
    assert_eq!(item["register"], "R2");
    assert_eq!(item["customer"], "Anne Kerbrat");
    assert_money_converged(&pg, &[&r1, &r2], 0);

    // Settling needs the manager's PIN, once.
    let id = item["id"].as_i64().unwrap().to_string();
    let refused = r1.run_with(
        &["sync", "settle-money", &id, "--pin-stdin"],
        Some("000000\n"),
        &[("COMPTOIR_SYNC_PASSWORD", &pw)],
    );
    assert_eq!(refused.code, 1, "{}", refused.stdout);
    let settled = r1.run_with(
        &["sync", "settle-money", &id, "--pin-stdin"],
        Some("432109\n"),
        &[("COMPTOIR_SYNC_PASSWORD", &pw)],
    );
    assert_eq!(settled.code, 0, "{}", settled.stderr);
    let again = r1.run_with(
        &["sync", "settle-money", &id, "--pin-stdin"],
        Some("432109\n"),
        &[("COMPTOIR_SYNC_PASSWORD", &pw)],
    );
    assert_eq!(again.code, 1, "{}", again.stdout);
    assert_eq!(synced(&r2, "R2")["open_to_settle"], 0);
    assert_eq!(
        count(
            &pg,
            "SELECT count(*) FROM hub.audit WHERE reason = 'overspend settled'"
        ),
        1
    );
    assert_eq!(
        r1.count_where("audit_log", "action = 'sync.settle_money'"),
        1
    );
}

#[test]
fn a_register_joining_later_holds_the_sales_and_balances_from_the_snapshot() {
    let pg = hub();
    let r1 = manager_register(&pg, "R1");
    with_tea(&r1, "4.00");
    let anne = add_customer(&r1, ANNE);
    let top = r1.run(&["wallet", "top-up", &anne, "10", "--json"]);
    assert_eq!(top.code, 0, "{}", top.stderr);
    assert_eq!(spend_wallet(&r1, &anne).code, 0);
    synced(&r1, "R1");
    let r3 = manager_register(&pg, "R3");
    let joined = synced(&r3, "R3");
    assert!(joined["snapshot"].as_u64().unwrap() >= 5, "{joined}");
    assert_eq!(wallet(&r3, &anne), "6.00");
    assert_money_converged(&pg, &[&r1, &r3], 0);
}
