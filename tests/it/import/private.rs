//! Personal data leaves only on purpose: every file the CLI writes it to is created 0600
//! through a temporary file and never written through a symbolic link, and the audit
//! entry of an export exists before the first byte leaves (even when the reader goes
//! away after one line).

use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::Path;

use crate::helpers::Env;

const PIN: &str = "246813";

fn pin() -> [(&'static str, &'static str); 1] {
    [("COMPTOIR_MANAGER_PIN", PIN)]
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

fn demo(env: &Env, n: &str) {
    let r = env.run(&["demo", "--customers", n, "--seed", "5"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

fn first_id(env: &Env) -> String {
    let v = env
        .run(&["customers", "list", "--json", "--limit", "1"])
        .json();
    v["id"].as_str().unwrap().to_string()
}

fn audits(env: &Env, action: &str) -> i64 {
    rusqlite::Connection::open(env.db())
        .unwrap()
        .query_row(
            "SELECT COUNT(*) FROM audit_log WHERE action = ?1",
            [action],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn exported_files_are_created_0600_whatever_the_umask_allows() {
    let env = Env::with_manager_pin(PIN);
    demo(&env, "20");
    let id = first_id(&env);
    for (args, file) in [
        (vec!["export", "csv"], "all.csv"),
        (vec!["export", "vcard"], "all.vcf"),
        (vec!["customers", "export-data", &id], "one.json"),
    ] {
        let path = env.path(file);
        let mut args = args.clone();
        args.push(path.to_str().unwrap());
        let r = env.run_with(&args, None, &pin());
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert_eq!(mode(&path), 0o600, "{args:?}");
    }
    assert_eq!(
        std::fs::read_dir(env.dir.path())
            .unwrap()
            .filter(|e| e
                .as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains(".part"))
            .count(),
        0,
        "no temporary file left behind"
    );
}

#[test]
fn a_symlink_planted_at_an_export_target_is_not_written_through() {
    let env = Env::with_manager_pin(PIN);
    demo(&env, "5");
    let id = first_id(&env);
    let victim = env.path("victim.txt");
    for (args, file) in [
        (vec!["export", "csv"], "all.csv"),
        (vec!["export", "vcard"], "all.vcf"),
        (vec!["customers", "export-data", &id], "one.json"),
    ] {
        std::fs::write(&victim, "the attacker's file").unwrap();
        let path = env.path(file);
        symlink(&victim, &path).unwrap();
        // The temporary name too: a link there must not be followed either.
        let mut part = path.clone().into_os_string();
        part.push(".part");
        symlink(&victim, &part).unwrap();
        let mut args = args.clone();
        args.push(path.to_str().unwrap());
        let r = env.run_with(&args, None, &pin());
        assert_eq!(r.code, 1, "{args:?}: refused");
        assert!(r.stderr.contains("symbolic link"), "{args:?}: {}", r.stderr);
        assert_eq!(
            std::fs::read_to_string(&victim).unwrap(),
            "the attacker's file",
            "{args:?}"
        );
    }
}

#[test]
fn the_rejected_rows_file_is_0600_and_not_written_through_a_link() {
    let env = Env::new();
    let csv = env.path("clients.csv");
    std::fs::write(
        &csv,
        "last_name,email\n,not-an-email\nMartin,m@example.org\n",
    )
    .unwrap();
    let rejected = env.path("clients.rejected.csv");
    let victim = env.path("victim.txt");
    std::fs::write(&victim, "the attacker's file").unwrap();
    let mut part = rejected.clone().into_os_string();
    part.push(".part");
    symlink(&victim, &part).unwrap();
    let r = env.run(&["import", "csv", csv.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert_eq!(
        std::fs::read_to_string(&victim).unwrap(),
        "the attacker's file"
    );
    assert_eq!(mode(&rejected), 0o600);
    assert!(std::fs::read_to_string(&rejected)
        .unwrap()
        .contains("not-an-email"));
}

#[test]
fn an_export_cut_short_by_its_reader_is_audited_all_the_same() {
    let env = Env::with_manager_pin(PIN);
    let r = env.run(&["demo", "--customers", "1500", "--seed", "7", "--no-sales"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for (n, format) in ["csv", "vcard"].into_iter().enumerate() {
        let (code, first, _) = env.run_into_closed_pipe(&["export", format], &pin());
        assert!(!first.is_empty(), "{format}");
        assert_eq!(code, 141, "{format}");
        assert_eq!(audits(&env, "customer.export"), n as i64 + 1, "{format}");
    }
}
