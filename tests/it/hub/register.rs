//! The register itself (the real binary in tmux, 80x24) joined to a hub: its background
//! sync worker uploads what changes on it and downloads what the other registers
//! changed, without `comptoir sync`; a customer created on R1 is found in R2's picker a
//! moment after R1's pass; the status bar says synced, what waits, offline; a cut of the
//! network is survived and healed without losing a change.

use std::time::{Duration, Instant};

use super::proxy::Proxy;
use super::{add_customer, hub, pg_addr, register, register_password, synced, with_manager_pin};
use crate::e2e::{have_tmux, Tmux};
use crate::helpers::Env;

/// R2's config: its password in a 0600 file, passes every second.
pub(super) fn background(env: &Env, code: &str) {
    use std::os::unix::fs::PermissionsExt;
    let dir = env.dir.path().join("config/comptoir");
    let pw = dir.join("hub-password");
    std::fs::write(&pw, register_password(code)).unwrap();
    std::fs::set_permissions(&pw, std::fs::Permissions::from_mode(0o600)).unwrap();
    let config = dir.join("config.toml");
    let text = std::fs::read_to_string(&config).unwrap().replace(
        "[sync]\n",
        &format!(
            "[sync]\npassword_file = \"{}\"\ninterval_secs = 1\n",
            pw.display()
        ),
    );
    std::fs::write(&config, text).unwrap();
}

/// Types the last letter of the query again (a new search) until `name` is in the
/// picker's results; how long that took.
fn found_in_picker(t: &Tmux, query: &str, name: &str) -> Duration {
    let start = Instant::now();
    t.keys(&["F2"]);
    t.wait("the picker", |s| s.contains("Search (simple)"));
    t.text(query);
    loop {
        std::thread::sleep(Duration::from_millis(100));
        if t.screen().contains(name) {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "{name} never found; screen:\n{}",
            t.screen()
        );
        t.keys(&["BSpace"]);
        t.text(&query[query.len() - 1..]);
    }
}

#[test]
fn a_running_register_syncs_in_the_background_and_says_so() {
    if !have_tmux() {
        return;
    }
    let pg = hub();
    let proxy = Proxy::start(pg_addr(&pg));
    let r1 = register(&pg, "R1", pg.port);
    let r2 = register(&pg, "R2", proxy.port());
    with_manager_pin(&r2);
    background(&r2, "R2");
    let t = Tmux::start(&r2, &r2.db());
    t.wait("the hub synced in the status bar", |s| {
        s.contains("hub: synced")
    });

    // Down: R1's customer, found in R2's picker after R1's pass, nobody running a sync
    // on R2.
    add_customer(
        &r1,
        r#"{"first_name": "Anne", "last_name": "Kerbrat", "phone": "06 11 22 33 44"}"#,
    );
    synced(&r1, "R1");
    let took = found_in_picker(&t, "kerbrat", "Anne Kerbrat");
    eprintln!("a customer created on R1 was found in R2's picker {took:?} after R1's pass");
    t.keys(&["Escape"]);
    t.wait("the sale screen", |s| s.contains("F2 Customer"));

    // Up: a customer added on R2 (here by its command line, beside the running
    // register) reaches R1 without `comptoir sync` on R2.
    let id = add_customer(
        &r2,
        r#"{"kind": "entity", "company_name": "Atelier Mor", "email": "mor@example.fr"}"#,
    );
    let start = Instant::now();
    while synced(&r1, "R1")["downloaded"] == 0 {
        assert!(start.elapsed() < Duration::from_secs(20), "never uploaded");
        std::thread::sleep(Duration::from_millis(200));
    }
    let show = r1.run(&["customers", "show", &id, "--json"]);
    assert_eq!(show.code, 0, "{}", show.stderr);

    // Cut off: the status bar says so and counts what waits; healed: it goes.
    proxy.cut();
    t.wait("offline in the status bar", |s| s.contains("hub: offline"));
    let id = add_customer(&r2, r#"{"first_name": "Yann", "last_name": "Le Goff"}"#);
    t.wait("the change waiting", |s| s.contains("(1 to send)"));
    proxy.heal();
    t.wait("synced again", |s| s.contains("hub: synced"));
    synced(&r1, "R1");
    let show = r1.run(&["customers", "show", &id, "--json"]);
    assert_eq!(show.code, 0, "{}", show.stderr);
}
