//! A register joining a hub that already holds a base reads the authority's state from
//! a snapshot (live groups, customers, notes), not every change ever accepted: a
//! customer edited five times arrives once, a deleted one never; then it follows the
//! feed after the snapshot's mark. A snapshot cut off midway is taken again at the next
//! pass and the register ends with exactly the hub's customers.

use super::proxy::Proxy;
use super::{
    add_customer, add_group, add_note, assert_converged, count, edit_customer, groups, hub,
    manager_register, notes, pg_addr, register, show, synced,
};

#[test]
fn a_new_register_joins_from_a_snapshot_then_follows_the_feed() {
    let pg = hub();
    let r1 = manager_register(&pg, "R1");
    add_group(&r1, "Club", "10");
    // Joined: from now on each change is queued, and the feed keeps them all.
    synced(&r1, "R1");
    let anne = add_customer(&r1, r#"{"first_name": "Anne", "last_name": "Kerbrat"}"#);
    // A customer's group is the manager's field.
    let r = r1.run_with(
        &["customers", "edit", &anne, "--json"],
        Some(r#"{"group": "Club"}"#),
        &[("COMPTOIR_MANAGER_PIN", "432109")],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    for i in 0..5 {
        edit_customer(&r1, &anne, &format!(r#"{{"public_note": "visit {i}"}}"#));
    }
    let bob = add_customer(&r1, r#"{"first_name": "Bob", "last_name": "Morvan"}"#);
    let gone = add_customer(&r1, r#"{"first_name": "Carl", "last_name": "Gone"}"#);
    let r = r1.run_with(
        &["customers", "delete", &gone, "--pin-stdin"],
        Some("432109\n"),
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    add_note(&r1, &anne, "prefers e-mail");
    synced(&r1, "R1");
    let feed = count(&pg, "SELECT count(*) FROM hub.feed");
    assert!(feed >= 10, "{feed} feed rows");

    let r2 = register(&pg, "R2", pg.port);
    let first = synced(&r2, "R2");
    // One group, two live customers, one note: not the feed's history.
    assert_eq!(first["snapshot"], 4, "{first}");
    assert_eq!(first["downloaded"], 4, "{first}");
    assert_eq!(
        first["cursor"],
        count(&pg, "SELECT max(id) FROM hub.feed"),
        "{first}"
    );
    assert_eq!(show(&r2, &anne)["public_note"], "visit 4");
    assert_eq!(show(&r2, &anne)["group"], "Club");
    assert_eq!(groups(&r2), vec![("Club".to_string(), "10".to_string())]);
    assert_eq!(notes(&r2, &anne), vec!["prefers e-mail".to_string()]);
    assert_eq!(r2.run(&["customers", "show", &gone]).code, 1);

    // Then the feed after the mark, and no second snapshot.
    edit_customer(&r1, &bob, r#"{"public_note": "after the snapshot"}"#);
    synced(&r1, "R1");
    let next = synced(&r2, "R2");
    assert_eq!(
        (next["snapshot"].clone(), next["downloaded"].clone()),
        (0.into(), 1.into())
    );
    assert_eq!(show(&r2, &bob)["public_note"], "after the snapshot");
    assert_converged(&pg, &[&r1, &r2], 0);
}

#[test]
fn a_snapshot_cut_off_midway_is_taken_again_and_ends_with_the_hubs_customers() {
    let pg = hub();
    let r1 = register(&pg, "R1", pg.port);
    // A base of 4,500 customers: three snapshot pages.
    let db = r1.db();
    let r = r1.run(&[
        "--db",
        &db.to_string_lossy(),
        "demo",
        "--customers",
        "4500",
        "--no-sales",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    synced(&r1, "R1");

    let proxy = Proxy::start(pg_addr(&pg));
    let r2 = register(&pg, "R2", proxy.port());
    // The version, BEGIN, the mark, the groups, the first page: the second page's answer
    // is lost.
    proxy.drop_answer_after(5);
    let cut = super::sync(&r2, "R2");
    assert_eq!(cut.code, 1, "{}", cut.stdout);
    assert_eq!(proxy.dropped(), 1);
    let status = r2.run(&["sync", "status", "--json"]).json();
    assert_eq!(
        status["cursor"], 0,
        "no feed before the snapshot is whole: {status}"
    );

    let healed = synced(&r2, "R2");
    assert_eq!(
        healed["snapshot"].as_u64().map(|n| n >= 4500),
        Some(true),
        "{healed}"
    );
    assert_eq!(r2.count("customer"), r1.count("customer"));
    assert_converged(&pg, &[&r1, &r2], 0);
}

/// Not a test: the figure for the README (`cargo test --release --test it
/// hub::snapshot::measure -- --ignored --nocapture`; `COMPTOIR_BENCH_ROWS`, default
/// 1,000,000). The hub is filled by SQL with copies of one real customer (names, e-mail
/// and phone made unique, ids time-ordered UUIDv7 as registers make them); a new
/// register then joins with `comptoir sync`, and its search index is built (`reindex`).
/// The anchor, in the same run: the same rows read from the hub by a plain client,
/// nothing applied.
#[test]
#[ignore]
fn measure_joining_from_a_snapshot() {
    use std::time::Instant;
    let n: i64 = std::env::var("COMPTOIR_BENCH_ROWS")
        .ok()
        .and_then(|s| s.replace('_', "").parse().ok())
        .unwrap_or(1_000_000);
    let pg = hub();
    let r1 = register(&pg, "R1", pg.port);
    add_customer(
        &r1,
        r#"{"first_name": "Anne", "last_name": "Kerbrat", "email": "anne@example.fr",
            "phone": "06 11 22 33 44", "address": {"line1": "3 rue de Siam",
            "postal_code": "29200", "city": "Brest", "country": "FR"}}"#,
    );
    synced(&r1, "R1");
    let t = Instant::now();
    pg.admin()
        .execute(
            "INSERT INTO hub.customer (id, data, created_by, last_change)
             SELECT (lpad(to_hex(1765000000000 + i), 12, '0') || '7000' || '8000'
                     || lpad(to_hex(i), 12, '0'))::uuid,
                    t.data || jsonb_build_object(
                        'first_name', 'Anne' || translate(i::text, '0123456789', 'abcdefghij'),
                        'last_name', 'Kerbrat' || translate(i::text, '0123456789', 'klmnoprstu'),
                        'email', 'c' || i || '@example.fr',
                        'phone', '+336' || lpad(i::text, 8, '0')),
                    'R1', gen_random_uuid()
             FROM generate_series(1, $1::int8) i,
                  (SELECT data FROM hub.customer LIMIT 1) t",
            &[&(n - 1)],
        )
        .unwrap();
    eprintln!(
        "hub filled with {n} customers in {:.1} s",
        t.elapsed().as_secs_f64()
    );

    // The anchor: the snapshot's rows read by a plain client.
    let t = Instant::now();
    let mut c = pg.admin();
    let mut read = 0usize;
    for row in c
        .query(
            "SELECT id::text, data::text FROM hub.customer WHERE NOT deleted",
            &[],
        )
        .unwrap()
    {
        read += row.get::<_, &str>(1).len();
    }
    let anchor = t.elapsed().as_secs_f64();

    let r2 = register(&pg, "R2", pg.port);
    let t = Instant::now();
    let joined = synced(&r2, "R2");
    let took = t.elapsed().as_secs_f64();
    assert_eq!(joined["snapshot"], n, "{joined}");
    // The search index a new register builds at its first start (or `reindex`).
    let t = Instant::now();
    let r = r2.run(&["reindex"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let index = t.elapsed().as_secs_f64();
    eprintln!(
        "a new register joined with {n} customers in {took:.1} s, {:.0} customers/s; anchor \
         (the same rows read by a plain client, {} MB) {anchor:.1} s: {:.1}x; then its search \
         index built in {index:.1} s",
        n as f64 / took,
        read / 1_000_000,
        took / anchor
    );
}
