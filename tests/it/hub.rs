//! The hub (PostgreSQL as the shop's shared store): a throw-away cluster per test
//! (`cluster.rs`), a fault proxy between registers and PostgreSQL (`proxy.rs`), and the
//! registers as separate `comptoir` processes, each with its own data folder and config.

mod chain;
mod cluster;
mod money;
mod proxy;
mod register;
mod snapshot;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use crate::helpers::{Env, Run};
use cluster::Cluster;
use proxy::Proxy;

fn pg_addr(pg: &Cluster) -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], pg.port))
}

fn client_through(port: u16) -> Result<postgres::Client, postgres::Error> {
    let cfg = format!(
        "host=127.0.0.1 port={port} user={} password={} dbname=postgres connect_timeout=5",
        cluster::ADMIN,
        cluster::ADMIN_PASSWORD
    );
    postgres::Client::connect(&cfg, postgres::NoTls)
}

#[test]
fn harness_starts_a_private_cluster_on_loopback() {
    let pg = Cluster::start();
    let mut c = pg.admin();
    let row = c
        .query_one("SELECT current_setting('listen_addresses'), 1 + 1", &[])
        .unwrap();
    assert_eq!(row.get::<_, String>(0), "127.0.0.1");
    assert_eq!(row.get::<_, i32>(1), 2);
    let data = pg.data_dir();
    drop(c);
    drop(pg);
    assert!(!data.exists(), "the cluster's folder is removed with it");
}

#[test]
fn proxy_forwards_cuts_heals_and_delays() {
    let pg = Cluster::start();
    let proxy = Proxy::start(pg_addr(&pg));
    let mut c = client_through(proxy.port()).unwrap();
    assert_eq!(c.query_one("SELECT 7", &[]).unwrap().get::<_, i32>(0), 7);

    proxy.cut();
    assert!(
        c.query_one("SELECT 1", &[]).is_err(),
        "a cut closes the connection"
    );
    assert!(
        client_through(proxy.port()).is_err(),
        "and refuses new ones"
    );

    proxy.heal();
    let mut c = client_through(proxy.port()).unwrap();
    proxy.delay(Duration::from_millis(150));
    let t = Instant::now();
    c.query_one("SELECT 1", &[]).unwrap();
    assert!(
        t.elapsed() >= Duration::from_millis(250),
        "{:?}",
        t.elapsed()
    );
}

#[test]
fn proxy_drops_an_answer_after_the_request_went_through() {
    let pg = Cluster::start();
    pg.admin().batch_execute("CREATE TABLE t (n int)").unwrap();
    let proxy = Proxy::start(pg_addr(&pg));
    let mut c = client_through(proxy.port()).unwrap();
    proxy.drop_next_answer();
    let lost = c.execute("INSERT INTO t VALUES (1)", &[]);
    assert!(lost.is_err(), "the client never hears the answer");
    assert_eq!(proxy.dropped(), 1);
    let n: i64 = pg
        .admin()
        .query_one("SELECT count(*) FROM t", &[])
        .unwrap()
        .get(0);
    assert_eq!(n, 1, "but the insert was committed");
}

// ---- registers as separate processes ----

const HUB_PASSWORD_ENV: (&str, &str) = ("COMPTOIR_HUB_PASSWORD", cluster::ADMIN_PASSWORD);

fn register_password(code: &str) -> String {
    format!("pw-{code}-secret")
}

/// A hub: a cluster with the hub's schema.
fn hub() -> Cluster {
    let pg = Cluster::start();
    let owner = Env::new();
    let r = owner.run_with(
        &["hub", "init", "--pg", &pg.admin_url()],
        None,
        &[HUB_PASSWORD_ENV],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    pg
}

/// Register `code`: its role at the hub, and a data folder whose config points at the
/// hub through `port` (the cluster's, or a proxy's).
fn register(pg: &Cluster, code: &str, port: u16) -> Env {
    let owner = Env::new();
    let pw = format!("{}\n", register_password(code));
    let r = owner.run_with(
        &["hub", "add-register", code, "--pg", &pg.admin_url()],
        Some(&pw),
        &[HUB_PASSWORD_ENV],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    register_folder(code, port)
}

/// A data folder for register `code` (its role already at the hub) whose config points
/// at the hub through `port`.
fn register_folder(code: &str, port: u16) -> Env {
    let env = Env::new();
    let dir = env.dir.path().join("config/comptoir");
    std::fs::create_dir_all(&dir).unwrap();
    let role = format!("register_{}", code.to_ascii_lowercase());
    std::fs::write(
        dir.join("config.toml"),
        format!(
            "[shop]\nregister = \"{code}\"\ncountry = \"FR\"\n\n[sync]\n\
             url = \"postgres://{role}@127.0.0.1:{port}/postgres\"\n"
        ),
    )
    .unwrap();
    env
}

fn sync(env: &Env, code: &str) -> Run {
    let pw = register_password(code);
    env.run_with(
        &["sync", "--json"],
        None,
        &[("COMPTOIR_SYNC_PASSWORD", &pw)],
    )
}

fn synced(env: &Env, code: &str) -> serde_json::Value {
    let r = sync(env, code);
    assert_eq!(r.code, 0, "sync on {code}: {}", r.stderr);
    r.json()
}

fn add_customer(env: &Env, json: &str) -> String {
    let r = env.run_with(&["customers", "add", "--json"], Some(json), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.json()["id"].as_str().unwrap().to_string()
}

fn edit_customer(env: &Env, id: &str, patch: &str) {
    let r = env.run_with(&["customers", "edit", id, "--json"], Some(patch), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

fn show(env: &Env, id: &str) -> serde_json::Value {
    let r = env.run(&["customers", "show", id, "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.json()
}

fn count(pg: &Cluster, sql: &str) -> i64 {
    pg.admin().query_one(sql, &[]).unwrap().get(0)
}

const ANNE: &str = r#"{"first_name": "Anne", "last_name": "Kerbrat", "email": "anne@example.fr",
    "phone": "06 11 22 33 44", "address": {"city": "Brest", "country": "FR"}}"#;

#[test]
fn hub_init_twice_changes_nothing_and_a_newer_schema_is_refused() {
    let pg = Cluster::start();
    let owner = Env::new();
    let init = |pg: &Cluster| {
        owner.run_with(
            &["hub", "init", "--pg", &pg.admin_url(), "--json"],
            None,
            &[HUB_PASSWORD_ENV],
        )
    };
    let first = init(&pg);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert_eq!(first.json()["from"], 0);
    let current = i64::from(comptoir::hub::SCHEMA_VERSION);
    assert_eq!(first.json()["to"], current);
    let tables = "SELECT count(*) FROM pg_tables WHERE schemaname = 'hub'";
    let before = count(&pg, tables);
    let again = init(&pg);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(
        (again.json()["from"].clone(), again.json()["to"].clone()),
        (current.into(), current.into())
    );
    assert_eq!(count(&pg, tables), before);
    assert_eq!(
        count(&pg, "SELECT count(*) FROM hub.schema_migration"),
        current
    );

    let r1 = register(&pg, "R1", pg.port);
    pg.admin()
        .batch_execute("INSERT INTO hub.schema_migration (version) VALUES (99)")
        .unwrap();
    let newer = init(&pg);
    assert_eq!(newer.code, 1);
    assert!(
        newer.stderr.contains("version 99, newer"),
        "{}",
        newer.stderr
    );

    // A register refuses to sync with it too, before it uploads anything.
    add_customer(&r1, ANNE);
    let refused = sync(&r1, "R1");
    assert_eq!(refused.code, 1);
    assert!(
        refused.stderr.contains("version 99, newer"),
        "{}",
        refused.stderr
    );
    assert_eq!(count(&pg, "SELECT count(*) FROM hub.change"), 0);
}

#[test]
fn hub_urls_off_this_machine_are_refused_and_passwords_not_shown() {
    let env = Env::new();
    // Refused while parsing: no connection is tried.
    let r = env.run(&[
        "hub",
        "init",
        "--pg",
        "postgres://owner:hunter2@192.0.2.7/shop",
    ]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("not on this machine"), "{}", r.stderr);
    assert!(!r.stderr.contains("hunter2"), "{}", r.stderr);
}

#[test]
fn a_register_role_may_only_call_the_hub_functions() {
    let pg = hub();
    let _r1 = register(&pg, "R1", pg.port);
    let cfg = format!(
        "host=127.0.0.1 port={} user=register_r1 password={} dbname=postgres",
        pg.port,
        register_password("R1")
    );
    let mut c = postgres::Client::connect(&cfg, postgres::NoTls).unwrap();
    for sql in [
        "SELECT count(*) FROM hub.customer",
        "SELECT count(*) FROM hub.change",
        "INSERT INTO hub.feed VALUES (1, gen_random_uuid(), 'customer', '{}')",
        "SELECT hub.publish(gen_random_uuid(), 'customer', '{}')",
        "SELECT hub.add_register('R9', 'register_r9', 'password9')",
        "SELECT hub.upload_customer(gen_random_uuid(), 'customer.create', '{}')",
        "SELECT hub.upload_group(gen_random_uuid(), 'group.set', '{}')",
        "SELECT hub.upload_note(gen_random_uuid(), 'note.set', '{}')",
        "SELECT * FROM hub.claim_change(gen_random_uuid(), 'note.set', '{}', 10)",
    ] {
        let e = c.batch_execute(sql).unwrap_err();
        let msg = e
            .as_db_error()
            .map(|d| d.message().to_string())
            .unwrap_or_default();
        assert!(msg.contains("permission denied"), "{sql}: {msg}");
    }
    let rows = c.query("SELECT * FROM hub.feed_since(0, 10)", &[]).unwrap();
    assert!(rows.is_empty());
    let version: i32 = c.query_one("SELECT hub.version()", &[]).unwrap().get(0);
    assert_eq!(version, comptoir::hub::SCHEMA_VERSION);
    // What one register uploads, every register reads: a change is capped.
    let big = format!(
        r#"{{"id": "{}", "data": {{"public_note": "{}"}}}}"#,
        uuid::Uuid::now_v7(),
        "x".repeat(70_000)
    );
    let e = c
        .execute(
            "SELECT hub.upload(gen_random_uuid(), 'customer.create', $1::text::jsonb)",
            &[&big],
        )
        .unwrap_err();
    let msg = e
        .as_db_error()
        .map(|d| d.message().to_string())
        .unwrap_or_default();
    assert!(msg.contains("larger than 64 KiB"), "{msg}");
    // A role that is not a register is refused by the function itself.
    let mut admin = pg.admin();
    let e = admin
        .batch_execute("SELECT hub.upload(gen_random_uuid(), 'customer.create', '{}')")
        .unwrap_err();
    let msg = e
        .as_db_error()
        .map(|d| d.message().to_string())
        .unwrap_or_default();
    assert!(msg.contains("not a register"), "{msg}");
}

#[test]
fn a_customer_created_on_r1_is_found_on_r2_after_sync() {
    let pg = hub();
    let r1 = register(&pg, "R1", pg.port);
    let r2 = register(&pg, "R2", pg.port);
    let id = add_customer(&r1, ANNE);
    let up = synced(&r1, "R1");
    assert_eq!(up["uploaded"], 1, "{up}");
    let down = synced(&r2, "R2");
    assert_eq!(down["downloaded"], 1, "{down}");

    let found = r2.run(&["customers", "search", "kerbrat", "--json"]);
    assert_eq!(found.code, 0, "{}", found.stderr);
    assert!(found.stdout.contains(&id), "{}", found.stdout);
    assert_eq!(show(&r2, &id)["phone"], "+33611223344");

    let status = r2.run(&["sync", "status", "--json"]).json();
    assert_eq!(status["waiting"], 0);
    assert_eq!(status["cursor"], down["cursor"]);
    assert!(status["hub"]
        .as_str()
        .unwrap()
        .contains("register_r2@127.0.0.1"));
    assert!(status["last_sync"].is_string());
    // Its own change came back to R1 in the same pass and changed nothing there.
    assert_eq!(up["downloaded"], 1, "{up}");
    assert_eq!(show(&r1, &id)["last_name"], "Kerbrat");
    assert_eq!(synced(&r1, "R1")["downloaded"], 0);
}

#[test]
fn concurrent_edits_of_different_fields_both_survive() {
    let pg = hub();
    let r1 = register(&pg, "R1", pg.port);
    let r2 = register(&pg, "R2", pg.port);
    let id = add_customer(&r1, ANNE);
    synced(&r1, "R1");
    synced(&r2, "R2");

    edit_customer(&r1, &id, r#"{"email": "anne.k@example.fr"}"#);
    edit_customer(&r2, &id, r#"{"public_note": "prefers paper receipts"}"#);
    synced(&r1, "R1");
    synced(&r2, "R2");
    synced(&r1, "R1");
    for env in [&r1, &r2] {
        let c = show(env, &id);
        assert_eq!(c["email"], "anne.k@example.fr", "{c}");
        assert_eq!(c["public_note"], "prefers paper receipts", "{c}");
    }
    assert_eq!(count(&pg, "SELECT count(*) FROM hub.audit"), 0);
}

#[test]
fn the_same_field_edited_on_both_the_later_accepted_wins_and_the_loser_is_audited() {
    let pg = hub();
    let r1 = register(&pg, "R1", pg.port);
    let r2 = register(&pg, "R2", pg.port);
    let id = add_customer(&r1, ANNE);
    synced(&r1, "R1");
    synced(&r2, "R2");

    edit_customer(&r1, &id, r#"{"email": "from-r1@example.fr"}"#);
    edit_customer(&r2, &id, r#"{"email": "from-r2@example.fr"}"#);
    synced(&r1, "R1");
    synced(&r2, "R2"); // accepted second: wins
    synced(&r1, "R1");
    for env in [&r1, &r2] {
        assert_eq!(show(env, &id)["email"], "from-r2@example.fr");
    }
    let row = pg
        .admin()
        .query_one(
            "SELECT field, lost #>> '{}', won #>> '{}', register FROM hub.audit",
            &[],
        )
        .unwrap();
    assert_eq!(row.get::<_, String>(0), "email");
    assert_eq!(row.get::<_, String>(1), "from-r1@example.fr");
    assert_eq!(row.get::<_, String>(2), "from-r2@example.fr");
    assert_eq!(row.get::<_, String>(3), "R2");
}

#[test]
fn a_lost_answer_is_retried_and_the_customer_exists_once_at_the_hub() {
    let pg = hub();
    let proxy = Proxy::start(pg_addr(&pg));
    let r1 = register(&pg, "R1", proxy.port());
    let id = add_customer(&r1, ANNE);
    // The pass reads the hub's version, then uploads: that answer is lost.
    proxy.drop_answer_after(1);
    let lost = sync(&r1, "R1");
    assert_eq!(lost.code, 1, "the pass fails: {}", lost.stdout);
    assert_eq!(proxy.dropped(), 1);
    assert_eq!(
        count(&pg, "SELECT count(*) FROM hub.change"),
        1,
        "it went through"
    );
    let status = r1.run(&["sync", "status", "--json"]).json();
    assert_eq!(status["waiting"], 1, "the change still waits: {status}");

    let again = synced(&r1, "R1");
    assert_eq!(again["uploaded"], 1, "{again}");
    assert_eq!(again["duplicates"], 1, "{again}");
    assert_eq!(count(&pg, "SELECT count(*) FROM hub.change"), 1);
    assert_eq!(count(&pg, "SELECT count(*) FROM hub.customer"), 1);
    assert_eq!(count(&pg, "SELECT count(*) FROM hub.feed"), 1);
    assert_eq!(show(&r1, &id)["last_name"], "Kerbrat");
}

#[test]
fn a_reference_claimed_on_two_registers_offline_is_flagged_not_duplicated() {
    let pg = hub();
    let r1 = register(&pg, "R1", pg.port);
    let r2 = register(&pg, "R2", pg.port);
    synced(&r1, "R1");
    synced(&r2, "R2");
    let card = r#""references": [{"kind": "barcode", "code": "4006381333931"}]"#;
    let a = add_customer(&r1, &format!(r#"{{"last_name": "Abgrall", {card}}}"#));
    let b = add_customer(&r2, &format!(r#"{{"last_name": "Bothorel", {card}}}"#));
    synced(&r1, "R1");
    let flagged = synced(&r2, "R2");
    assert_eq!(flagged["ref_conflicts"], 1, "{flagged}");
    synced(&r1, "R1");

    assert_eq!(count(&pg, "SELECT count(*) FROM hub.customer_ref"), 1);
    let owner: String = pg
        .admin()
        .query_one("SELECT customer_id::text FROM hub.customer_ref", &[])
        .unwrap()
        .get(0);
    assert_eq!(owner, a);
    let conflict = pg
        .admin()
        .query_one(
            "SELECT customer_id::text, owner_id::text, register FROM hub.ref_conflict",
            &[],
        )
        .unwrap();
    assert_eq!(conflict.get::<_, String>(0), b);
    assert_eq!(conflict.get::<_, String>(1), a);
    assert_eq!(conflict.get::<_, String>(2), "R2");
    for env in [&r1, &r2] {
        assert_eq!(show(env, &a)["references"][0]["code"], "4006381333931");
        let lost = show(env, &b);
        assert!(
            lost["references"].as_array().is_none_or(|r| r.is_empty()),
            "{lost}"
        );
        let found = env.run(&["customers", "find-ref", "4006381333931", "--json"]);
        assert!(found.stdout.contains(&a), "{}", found.stdout);
    }

    // The manager sees it from a register (the status bar counts it: `open_conflicts`)
    // and settles it with the PIN.
    assert_eq!(synced(&r2, "R2")["open_conflicts"], 1);
    let pw = register_password("R2");
    let password = [("COMPTOIR_SYNC_PASSWORD", pw.as_str())];
    let listed = r2.run_with(&["sync", "conflicts", "--json"], None, &password);
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    let c = listed.json();
    assert_eq!(
        (&c["code"], &c["customer"], &c["owner"], &c["register"]),
        (
            &"4006381333931".into(),
            &"Bothorel".into(),
            &"Abgrall".into(),
            &"R2".into()
        ),
        "{c}"
    );
    let id = c["id"].to_string();
    let text = r2.run_with(&["sync", "conflicts"], None, &password);
    assert!(
        text.stdout.contains("held by Abgrall") && text.stdout.contains("refused to Bothorel"),
        "{}",
        text.stdout
    );
    let no_pin = r2.run_with(&["sync", "settle", &id], Some("\n"), &password);
    assert_eq!(no_pin.code, 1, "{}", no_pin.stdout);
    with_manager_pin(&r2);
    let settled = r2.run_with(
        &["sync", "settle", &id, "--pin-stdin"],
        Some("432109\n"),
        &password,
    );
    assert_eq!(settled.code, 0, "{}", settled.stderr);
    assert_eq!(
        r2.count_where("audit_log", "action = 'sync.settle_conflict'"),
        1
    );
    assert_eq!(synced(&r1, "R1")["open_conflicts"], 0);
    assert_eq!(
        count(
            &pg,
            "SELECT count(*) FROM hub.audit WHERE reason = 'reference conflict settled'"
        ),
        1
    );
    let again = r2.run_with(
        &["sync", "settle", &id, "--pin-stdin"],
        Some("432109\n"),
        &password,
    );
    assert_eq!(again.code, 1);
    assert!(
        again.stderr.contains("no open reference conflict"),
        "{}",
        again.stderr
    );
}

#[test]
fn a_cut_fails_the_pass_keeps_the_changes_and_healing_sends_them() {
    let pg = hub();
    let proxy = Proxy::start(pg_addr(&pg));
    let r1 = register(&pg, "R1", proxy.port());
    let id = add_customer(&r1, ANNE);
    proxy.cut();
    let t = Instant::now();
    let cut = sync(&r1, "R1");
    assert_eq!(cut.code, 1);
    assert!(
        cut.stderr.contains("cannot reach the hub"),
        "{}",
        cut.stderr
    );
    assert!(
        !cut.stderr.contains(&register_password("R1")),
        "{}",
        cut.stderr
    );
    assert!(t.elapsed() < Duration::from_secs(10), "{:?}", t.elapsed());
    edit_customer(&r1, &id, r#"{"public_note": "edited while cut off"}"#);
    let status = r1.run(&["sync", "status", "--json"]).json();
    assert_eq!(status["waiting"], 2, "{status}");

    proxy.heal();
    proxy.delay(Duration::from_millis(20));
    let healed = synced(&r1, "R1");
    assert_eq!(healed["uploaded"], 2, "{healed}");
    let note: String = pg
        .admin()
        .query_one("SELECT data ->> 'public_note' FROM hub.customer", &[])
        .unwrap()
        .get(0);
    assert_eq!(note, "edited while cut off");
}

/// The feed-ordering invariant, at the hub: uploads from several registers at once,
/// each holding its transaction open a random moment after `hub.upload` (the window in
/// which a plain sequence would let a later id commit first), while a reader follows
/// the feed by cursor. The reader must see every row, once, in id order.
#[test]
fn a_reader_following_the_feed_never_skips_a_row_committed_late() {
    let pg = hub();
    let codes = ["R1", "R2", "R3"];
    for code in codes {
        register(&pg, code, pg.port);
    }
    let per_register = 40;
    let port = pg.port;
    let writers: Vec<_> = codes
        .iter()
        .enumerate()
        .map(|(w, code)| {
            let cfg = format!(
                "host=127.0.0.1 port={port} user=register_{} password={} dbname=postgres",
                code.to_ascii_lowercase(),
                register_password(code)
            );
            std::thread::spawn(move || {
                let mut c = postgres::Client::connect(&cfg, postgres::NoTls).unwrap();
                for i in 0..per_register {
                    let mut tx = c.transaction().unwrap();
                    let payload = format!(
                        r#"{{"id": "{}", "data": {{"last_name": "W{w}-{i}"}}}}"#,
                        uuid::Uuid::now_v7()
                    );
                    tx.execute(
                        "SELECT hub.upload($1::text::uuid, 'customer.create', $2::text::jsonb)",
                        &[&uuid::Uuid::now_v7().to_string(), &payload],
                    )
                    .unwrap();
                    let pause = ((w * 7 + i * 13) % 5) as f64 / 1000.0;
                    tx.execute("SELECT pg_sleep($1::float8)", &[&pause])
                        .unwrap();
                    tx.commit().unwrap();
                }
            })
        })
        .collect();
    let reader_cfg = format!(
        "host=127.0.0.1 port={port} user=register_r1 password={} dbname=postgres",
        register_password("R1")
    );
    let mut reader = postgres::Client::connect(&reader_cfg, postgres::NoTls).unwrap();
    let total = codes.len() * per_register;
    let mut seen: Vec<i64> = Vec::new();
    let mut cursor = 0i64;
    // Follow while the writers run, then read what is left once they are done.
    let mut done = false;
    loop {
        let finished = writers.iter().all(|w| w.is_finished());
        let rows = reader
            .query("SELECT id FROM hub.feed_since($1::int8, 7)", &[&cursor])
            .unwrap();
        for row in &rows {
            let id: i64 = row.get(0);
            seen.push(id);
            cursor = id;
        }
        if done && rows.is_empty() {
            break;
        }
        done = finished;
    }
    for w in writers {
        w.join().unwrap();
    }
    assert_eq!(seen.len(), total, "the reader saw every row");
    let all: Vec<i64> = pg
        .admin()
        .query("SELECT id FROM hub.feed ORDER BY id", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(seen, all, "once each, in id order, none skipped");
}

#[test]
fn a_merge_deletes_the_duplicate_at_the_hub_and_its_card_follows_the_survivor() {
    let pg = hub();
    let r1 = register(&pg, "R1", pg.port);
    let r2 = register(&pg, "R2", pg.port);
    with_manager_pin(&r1);

    let keep = add_customer(&r1, ANNE);
    let dup = add_customer(
        &r1,
        r#"{"last_name": "Kerbrat", "references": [{"kind": "barcode", "code": "4006381333931"}]}"#,
    );
    synced(&r1, "R1");
    synced(&r2, "R2");
    let merged = r1.run_with(
        &["customers", "merge", &keep, &dup, "--pin-stdin", "--json"],
        Some("432109\n"),
        &[],
    );
    assert_eq!(merged.code, 0, "{}", merged.stderr);
    let up = synced(&r1, "R1");
    assert_eq!(up["ref_conflicts"], 0, "{up}");
    synced(&r2, "R2");

    let owner: String = pg
        .admin()
        .query_one("SELECT customer_id::text FROM hub.customer_ref", &[])
        .unwrap()
        .get(0);
    assert_eq!(owner, keep);
    assert_eq!(
        count(&pg, "SELECT count(*) FROM hub.customer WHERE NOT deleted"),
        1
    );
    let gone = r2.run(&["customers", "show", &dup, "--json"]);
    assert_eq!(gone.code, 1, "{}", gone.stdout);
    let found = r2.run(&["customers", "find-ref", "4006381333931", "--json"]);
    assert!(found.stdout.contains(&keep), "{}", found.stdout);
}

#[test]
fn through_tls_the_hub_certificate_is_checked_and_plain_connections_are_refused() {
    let pg = Cluster::start_tls();
    let ca = pg.ca_file();
    let ca = ca.to_str().unwrap();
    let owner = Env::new();
    let tls_url = format!(
        "postgres://{}@localhost:{}/postgres?sslmode=require",
        cluster::ADMIN,
        pg.port
    );
    let init = |args: &[&str]| owner.run_with(args, None, &[HUB_PASSWORD_ENV]);

    let unknown_ca = init(&["hub", "init", "--pg", &tls_url]);
    assert_eq!(unknown_ca.code, 1);
    assert!(
        unknown_ca.stderr.contains("certificate verify failed"),
        "{}",
        unknown_ca.stderr
    );
    let plain = init(&["hub", "init", "--pg", &pg.admin_url()]);
    assert_eq!(plain.code, 1, "the server takes TLS only");
    let ok = init(&["hub", "init", "--pg", &tls_url, "--ca-file", ca]);
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    let role = owner.run_with(
        &[
            "hub",
            "add-register",
            "R1",
            "--pg",
            &tls_url,
            "--ca-file",
            ca,
        ],
        Some(&format!("{}\n", register_password("R1"))),
        &[HUB_PASSWORD_ENV],
    );
    assert_eq!(role.code, 0, "{}", role.stderr);

    let r1 = Env::new();
    let dir = r1.dir.path().join("config/comptoir");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("config.toml"),
        format!(
            "[shop]\ncountry = \"FR\"\n\n[sync]\n\
             url = \"postgres://register_r1@localhost:{}/postgres?sslmode=require\"\n\
             ca_file = \"{ca}\"\n",
            pg.port
        ),
    )
    .unwrap();
    add_customer(&r1, ANNE);
    let up = synced(&r1, "R1");
    assert_eq!(up["uploaded"], 1, "{up}");
    assert_eq!(count(&pg, "SELECT count(*) FROM hub.customer"), 1);
}

/// Every register lists the customers the hub holds, with the same fields.
fn assert_converged(pg: &Cluster, registers: &[&Env], seed: u64) {
    let fields = ["last_name", "email", "public_note", "group"];
    let mut hub: Vec<(String, Vec<String>)> = pg
        .admin()
        .query(
            "SELECT id::text, data::text FROM hub.customer WHERE NOT deleted ORDER BY id",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| {
            let data: serde_json::Value = serde_json::from_str(r.get::<_, &str>(1)).unwrap();
            let values = fields.iter().map(|f| data[f].to_string()).collect();
            (r.get::<_, String>(0), values)
        })
        .collect();
    hub.sort();
    for (i, env) in registers.iter().enumerate() {
        let list = env.run(&["customers", "list", "--json"]);
        assert_eq!(list.code, 0, "{}", list.stderr);
        let mut here: Vec<(String, Vec<String>)> = list
            .stdout
            .lines()
            .map(|l| {
                let c: serde_json::Value = serde_json::from_str(l).unwrap();
                let values = fields.iter().map(|f| c[f].to_string()).collect();
                (c["id"].as_str().unwrap().to_string(), values)
            })
            .collect();
        here.sort();
        assert_eq!(here, hub, "register {} (seed {seed})", i + 1);
    }
}

/// HUB_SEED, else one from the clock (printed by the tests that use it).
fn seed() -> u64 {
    std::env::var("HUB_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        })
}

/// A number below `n` at each call, from `seed` (xorshift64: enough to choose steps and
/// delays).
fn rng(seed: u64) -> impl FnMut(u64) -> u64 {
    let mut state = seed | 1;
    move |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    }
}

/// Random steps on two registers, each behind its own proxy: customers added and
/// edited, passes that succeed, lose their answer or meet a cut. After healing and two
/// rounds of sync, both registers hold exactly the hub's customers. The seed is printed
/// on failure; HUB_SEED replays one.
#[test]
fn random_edits_and_faults_on_two_registers_converge() {
    let seed = seed();
    let mut next = rng(seed);
    let pg = hub();
    let proxies = [Proxy::start(pg_addr(&pg)), Proxy::start(pg_addr(&pg))];
    let regs = [
        register(&pg, "R1", proxies[0].port()),
        register(&pg, "R2", proxies[1].port()),
    ];
    let codes = ["R1", "R2"];
    for step in 0..40 {
        let r = next(2) as usize;
        match next(6) {
            0 | 1 => {
                add_customer(&regs[r], &format!(r#"{{"last_name": "N{step}"}}"#));
            }
            2 => {
                let list = regs[r].run(&["customers", "list", "--json"]);
                let ids: Vec<String> = list
                    .stdout
                    .lines()
                    .map(|l| {
                        serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                            .as_str()
                            .unwrap()
                            .to_string()
                    })
                    .collect();
                if !ids.is_empty() {
                    let id = &ids[next(ids.len() as u64) as usize];
                    let patch = if next(2) == 0 {
                        format!(r#"{{"email": "s{step}@example.fr"}}"#)
                    } else {
                        format!(r#"{{"public_note": "step {step}"}}"#)
                    };
                    edit_customer(&regs[r], id, &patch);
                }
            }
            3 => {
                // The hub's version, the first upload, or a later request.
                proxies[r].drop_answer_after(next(3));
                let _ = sync(&regs[r], codes[r]);
                // A pass with fewer requests than that leaves nothing for later steps.
                proxies[r].keep_answers();
            }
            4 => {
                proxies[r].cut();
                assert_eq!(sync(&regs[r], codes[r]).code, 1, "seed {seed}");
                proxies[r].heal();
            }
            _ => {
                let s = sync(&regs[r], codes[r]);
                assert_eq!(s.code, 0, "seed {seed}: {}", s.stderr);
            }
        }
    }
    for _ in 0..2 {
        for r in 0..2 {
            let s = sync(&regs[r], codes[r]);
            assert_eq!(s.code, 0, "seed {seed}: {}", s.stderr);
        }
    }
    assert_converged(&pg, &[&regs[0], &regs[1]], seed);
    let dup: i64 = count(
        &pg,
        "SELECT count(*) - count(DISTINCT data ->> 'last_name') FROM hub.customer",
    );
    assert_eq!(dup, 0, "every customer once at the hub (seed {seed})");
}

/// Not a test: figures for the README (`cargo test --test it hub::measure -- --ignored
/// --nocapture`; `COMPTOIR_BENCH_ROWS`, default 2,000). A register with that many demo
/// customers joins and uploads them; a second register joins from the snapshot.
#[test]
#[ignore]
fn measure_upload_and_download_throughput() {
    let pg = hub();
    let r1 = register(&pg, "R1", pg.port);
    let r2 = register(&pg, "R2", pg.port);
    let n: u64 = std::env::var("COMPTOIR_BENCH_ROWS")
        .ok()
        .and_then(|s| s.replace('_', "").parse().ok())
        .unwrap_or(2000);
    let demo = r1.run(&["demo", "--customers", &n.to_string(), "--no-sales"]);
    assert_eq!(demo.code, 0, "{}", demo.stderr);
    let t = Instant::now();
    let up = synced(&r1, "R1");
    let up_s = t.elapsed().as_secs_f64();
    // The demo's groups go first.
    let uploaded = up["uploaded"].as_u64().unwrap_or(0);
    assert!(uploaded >= n, "{up}");
    let t = Instant::now();
    let down = synced(&r2, "R2");
    let down_s = t.elapsed().as_secs_f64();
    let downloaded = down["downloaded"].as_u64().unwrap_or(0);
    assert!(downloaded >= n, "{down}");
    eprintln!(
        "upload {uploaded} changes (then the join's snapshot of them back, unchanged): {up_s:.1} s, \
         {:.0} changes/s; a second register joins from the snapshot ({downloaded} rows): \
         {down_s:.1} s, {:.0} rows/s",
        uploaded as f64 / up_s,
        downloaded as f64 / down_s
    );
}

/// Adds the manager PIN 432109 to a register's config.
fn with_manager_pin(env: &Env) {
    let hash = env.run_with(&["hash-pin"], Some("432109\n"), &[]);
    assert_eq!(hash.code, 0, "{}", hash.stderr);
    let config = env.dir.path().join("config/comptoir/config.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(&format!(
        "\n[manager]\npin_hash = \"{}\"\n",
        hash.stdout.trim()
    ));
    std::fs::write(&config, text).unwrap();
}

#[test]
fn a_customer_deleted_on_r1_is_erased_at_the_hub_and_gone_from_r2() {
    let pg = hub();
    let r1 = register(&pg, "R1", pg.port);
    let r2 = register(&pg, "R2", pg.port);
    with_manager_pin(&r1);
    let id = add_customer(&r1, ANNE);
    synced(&r1, "R1");
    synced(&r2, "R2");
    // R2 edits meanwhile: the deletion wins.
    edit_customer(&r2, &id, r#"{"public_note": "edited on R2"}"#);
    let del = r1.run_with(
        &["customers", "delete", &id, "--pin-stdin", "--json"],
        Some("432109\n"),
        &[],
    );
    assert_eq!(del.code, 0, "{}", del.stderr);
    synced(&r1, "R1");
    let r2_pass = synced(&r2, "R2");
    assert_eq!(r2_pass["uploaded"], 1, "{r2_pass}");
    synced(&r1, "R1");

    let row = pg
        .admin()
        .query_one("SELECT deleted, data::text FROM hub.customer", &[])
        .unwrap();
    assert!(row.get::<_, bool>(0));
    assert_eq!(
        row.get::<_, String>(1),
        "{}",
        "personal data erased at the hub"
    );
    for env in [&r1, &r2] {
        assert_eq!(env.run(&["customers", "show", &id, "--json"]).code, 1);
        let found = env.run(&["customers", "search", "kerbrat", "--json"]);
        assert!(!found.stdout.contains(&id), "{}", found.stdout);
    }
}

#[test]
fn a_register_killed_mid_upload_resends_and_the_hub_holds_each_change_once() {
    let pg = hub();
    let proxy = Proxy::start(pg_addr(&pg));
    let r1 = register(&pg, "R1", proxy.port());
    let demo = r1.run(&["demo", "--customers", "60", "--no-sales"]);
    assert_eq!(demo.code, 0, "{}", demo.stderr);
    // Each chunk waits: the pass is killed with some changes accepted by the hub and
    // their outbox rows still there (they leave once per batch).
    proxy.delay(Duration::from_millis(15));
    let mut child = r1
        .command(&["sync"])
        .env("COMPTOIR_SYNC_PASSWORD", register_password("R1"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while count(&pg, "SELECT count(*) FROM hub.change") < 10 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let accepted = count(&pg, "SELECT count(*) FROM hub.change");
    assert!(
        (10..60).contains(&accepted),
        "killed mid-upload: {accepted}"
    );
    let waiting = r1.run(&["sync", "status", "--json"]).json()["waiting"]
        .as_i64()
        .unwrap();
    // The demo's 60 customers and its 3 groups.
    assert!(
        waiting > 63 - accepted,
        "accepted rows still wait: {waiting}"
    );

    proxy.delay(Duration::ZERO);
    let again = synced(&r1, "R1");
    assert_eq!(again["uploaded"], waiting, "{again}");
    assert!(again["duplicates"].as_i64().unwrap() > 0, "{again}");
    assert_eq!(count(&pg, "SELECT count(*) FROM hub.change"), 63);
    assert_eq!(count(&pg, "SELECT count(*) FROM hub.customer"), 60);
    assert_eq!(count(&pg, "SELECT count(*) FROM hub.customer_group"), 3);
    assert_eq!(count(&pg, "SELECT count(*) FROM hub.feed"), 63);
    assert_converged(&pg, &[&r1], 0);
}

fn add_group(env: &Env, name: &str, discount: &str) {
    let r = env.run_with(
        &["groups", "add", name, "--discount", discount, "--pin-stdin"],
        Some("432109\n"),
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
}

fn groups(env: &Env) -> Vec<(String, String)> {
    let r = env.run(&["groups", "list", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.json()
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["name"].as_str().unwrap().to_string(),
                v["discount"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn groups_are_shared_by_name_renamed_and_deleted_with_their_customers() {
    let pg = hub();
    let r1 = manager_register(&pg, "R1");
    let r2 = manager_register(&pg, "R2");
    add_group(&r1, "Club", "10");
    let id = add_customer(&r1, ANNE);
    // A customer's group is the manager's field.
    let r = r1.run_with(
        &["customers", "edit", &id, "--json"],
        Some(r#"{"group": "Club"}"#),
        &[("COMPTOIR_MANAGER_PIN", "432109")],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    synced(&r1, "R1");
    let down = synced(&r2, "R2");
    // R1 joined at its first pass: its group, then Anne as she is (in it).
    assert_eq!(down["downloaded"], 2, "{down}");
    assert_eq!(groups(&r2), [("Club".to_string(), "10".to_string())]);
    assert_eq!(show(&r2, &id)["group"], "Club");

    // Renamed and repriced on R2: R1's customer follows the new name.
    let r = r2.run_with(
        &[
            "groups",
            "edit",
            "Club",
            "--name",
            "Club Or",
            "--discount",
            "15",
            "--pin-stdin",
        ],
        Some("432109\n"),
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    synced(&r2, "R2");
    synced(&r1, "R1");
    assert_eq!(groups(&r1), [("Club Or".to_string(), "15".to_string())]);
    assert_eq!(show(&r1, &id)["group"], "Club Or");
    assert_eq!(
        count(
            &pg,
            "SELECT count(*) FROM hub.customer WHERE data ->> 'group' = 'Club Or'"
        ),
        1
    );

    // Deleted on R1 with its customers moved out: gone on R2 too, Anne without a group.
    let r = r1.run_with(
        &["groups", "delete", "Club Or", "--no-group", "--pin-stdin"],
        Some("432109\n"),
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    synced(&r1, "R1");
    synced(&r2, "R2");
    assert!(groups(&r2).is_empty());
    assert!(show(&r2, &id).get("group").is_none_or(|g| g.is_null()));
    // Every register and the authority agree.
    assert_eq!(
        count(
            &pg,
            "SELECT count(*) FROM hub.customer_group WHERE NOT deleted"
        ),
        0
    );
    assert_eq!(synced(&r1, "R1")["downloaded"], 0);
}

/// A register with a manager PIN (432109) in its config.
fn manager_register(pg: &Cluster, code: &str) -> Env {
    let env = register(pg, code, pg.port);
    with_manager_pin(&env);
    env
}

#[test]
fn a_hub_of_version_1_is_migrated_and_its_registers_upload_groups_and_notes() {
    let pg = Cluster::start();
    let mut admin = pg.admin();
    admin
        .batch_execute(
            "CREATE SCHEMA hub;
             CREATE TABLE hub.schema_migration (
                 version    int PRIMARY KEY,
                 applied_at timestamptz NOT NULL DEFAULT now()
             );",
        )
        .unwrap();
    admin
        .batch_execute(include_str!("../../src/hub/migrations/0001_customers.sql"))
        .unwrap();
    admin
        .batch_execute(&format!(
            "INSERT INTO hub.schema_migration (version) VALUES (1);
             SELECT hub.add_register('R1', 'register_r1', '{}');",
            register_password("R1")
        ))
        .unwrap();
    let r1 = register_folder("R1", pg.port);
    add_customer(&r1, ANNE);
    let refused = sync(&r1, "R1");
    assert_eq!(refused.code, 1);
    assert!(refused.stderr.contains("older"), "{}", refused.stderr);

    let owner = Env::new();
    let init = owner.run_with(
        &["hub", "init", "--pg", &pg.admin_url(), "--json"],
        None,
        &[HUB_PASSWORD_ENV],
    );
    assert_eq!(init.code, 0, "{}", init.stderr);
    assert_eq!(
        (init.json()["from"].clone(), init.json()["to"].clone()),
        (1.into(), comptoir::hub::SCHEMA_VERSION.into())
    );
    with_manager_pin(&r1);
    add_group(&r1, "Club", "10");
    let anne = r1.run(&["customers", "list", "--json"]).stdout;
    let anne: serde_json::Value = serde_json::from_str(anne.lines().next().unwrap()).unwrap();
    add_note(&r1, anne["id"].as_str().unwrap(), "prefers e-mail");
    let up = synced(&r1, "R1");
    assert_eq!(up["uploaded"], 3, "the group, the customer, the note: {up}");
    assert_eq!(count(&pg, "SELECT count(*) FROM hub.customer_note"), 1);
    assert_eq!(count(&pg, "SELECT count(*) FROM hub.customer_group"), 1);
    // The register still may not call the renamed customer function itself.
    let cfg = format!(
        "host=127.0.0.1 port={} user=register_r1 password={} dbname=postgres",
        pg.port,
        register_password("R1")
    );
    let mut c = postgres::Client::connect(&cfg, postgres::NoTls).unwrap();
    let e = c
        .batch_execute("SELECT hub.upload_customer(gen_random_uuid(), 'customer.create', '{}')")
        .unwrap_err();
    let msg = e
        .as_db_error()
        .map(|d| d.message().to_string())
        .unwrap_or_default();
    assert!(msg.contains("permission denied"), "{msg}");
}

fn notes(env: &Env, id: &str) -> Vec<String> {
    let r = env.run(&["customers", "notes", id, "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut out: Vec<String> = r
        .stdout
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["body"].as_str().unwrap().to_string()
        })
        .collect();
    out.sort();
    out
}

fn add_note(env: &Env, id: &str, text: &str) {
    let r = env.run(&["customers", "note", id, text]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn notes_follow_their_customer_through_a_merge_and_leave_with_an_erasure() {
    let pg = hub();
    let r1 = manager_register(&pg, "R1");
    let r2 = register(&pg, "R2", pg.port);
    let anne = add_customer(&r1, ANNE);
    let twin = add_customer(
        &r1,
        r#"{"first_name": "Anne", "last_name": "Kerbrat", "email": "anne.k@example.fr"}"#,
    );
    add_note(&r1, &anne, "likes green tea");
    synced(&r1, "R1");
    // A note written after joining travels as a change of its own.
    add_note(&r1, &twin, "call back about the order");
    synced(&r1, "R1");
    synced(&r2, "R2");
    assert_eq!(notes(&r2, &anne), ["likes green tea"]);
    assert_eq!(notes(&r2, &twin), ["call back about the order"]);

    let merged = r1.run_with(
        &["customers", "merge", &anne, &twin, "--pin-stdin"],
        Some("432109\n"),
        &[],
    );
    assert_eq!(merged.code, 0, "{}", merged.stderr);
    synced(&r1, "R1");
    synced(&r2, "R2");
    assert_eq!(
        notes(&r2, &anne),
        ["call back about the order", "likes green tea"],
        "the duplicate's note moved with the merge, once"
    );
    assert_eq!(
        count(&pg, "SELECT count(*) FROM hub.customer_note"),
        2,
        "moved at the hub, not copied"
    );

    let deleted = r1.run_with(
        &["customers", "delete", &anne, "--pin-stdin"],
        Some("432109\n"),
        &[],
    );
    assert_eq!(deleted.code, 0, "{}", deleted.stderr);
    synced(&r1, "R1");
    synced(&r2, "R2");
    assert_eq!(
        count(&pg, "SELECT count(*) FROM hub.customer_note"),
        0,
        "a customer erased at the hub takes their notes"
    );
    assert!(r2.run(&["customers", "show", &anne]).code != 0);
}

#[test]
fn a_merge_elsewhere_moves_this_registers_sales_and_balances_of_the_duplicate() {
    let pg = hub();
    let r1 = manager_register(&pg, "R1");
    let r2 = manager_register(&pg, "R2");
    let keep = add_customer(&r1, ANNE);
    let dup = add_customer(
        &r1,
        r#"{"first_name": "Anne", "last_name": "Kerbrat", "email": "a.kerbrat@example.fr"}"#,
    );
    synced(&r1, "R1");
    synced(&r2, "R2");
    // R2 sells to the duplicate (points earned there) before it hears of the merge.
    let product = r2.run_with(
        &["products", "add", "--pin-stdin", "-"],
        Some("432109\n{\"code\": \"TEA\", \"name\": \"Tea\", \"price\": \"20.00\", \"tax_rate\": \"20\"}"),
        &[],
    );
    assert_eq!(product.code, 0, "{}", product.stderr);
    let sale = format!(
        r#"{{"customer": "{dup}", "lines": [{{"code": "TEA"}}], "payments": [{{"method": "cash", "tendered": "20"}}]}}"#
    );
    let sold = r2.run_with(&["sales", "add", "--json"], Some(&sale), &[]);
    assert_eq!(sold.code, 0, "{} {}", sold.stdout, sold.stderr);
    let ticket = sold.json()["ticket"].as_str().unwrap().to_string();
    let points = sold.json()["points_earned"].as_i64().unwrap();
    assert!(points > 0);

    let merged = r1.run_with(
        &["customers", "merge", &keep, &dup, "--pin-stdin"],
        Some("432109\n"),
        &[],
    );
    assert_eq!(merged.code, 0, "{}", merged.stderr);
    synced(&r1, "R1");
    synced(&r2, "R2");
    assert_eq!(
        count(
            &pg,
            "SELECT count(*) FROM hub.customer WHERE merged_into IS NOT NULL"
        ),
        1
    );
    // On R2 the duplicate is gone (not kept anonymised for its sale), the sale and the
    // points are the survivor's, the journal holds and says so.
    assert_eq!(r2.run(&["customers", "show", &dup, "--json"]).code, 1);
    let shown = r2.run(&["sales", "show", &ticket, "--json"]);
    assert_eq!(shown.code, 0, "{}", shown.stderr);
    assert_eq!(
        shown.json()["customer_id"],
        keep.as_str(),
        "{}",
        shown.stdout
    );
    let b = r2.run(&["customers", "balance", &keep, "--json"]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    assert_eq!(b.json()["points"], points, "{}", b.stdout);
    let verify = r2.run(&["journal", "verify", "--json"]);
    assert_eq!(verify.code, 0, "{} {}", verify.stdout, verify.stderr);
    assert_converged(&pg, &[&r1, &r2], 0);
}
