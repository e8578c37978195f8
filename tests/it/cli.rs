//! The command-line machine interface, end to end through the real binary.

use std::os::unix::fs::PermissionsExt;
use std::process::Stdio;

use crate::helpers::Env;

const GOOD: &str = r#"{
    "first_name": "Mélanie", "last_name": "Dupont",
    "email": "melanie.dupont@example.fr", "phone": "06 12 34 56 78",
    "address": {"line1": "12 rue de la Paix", "postal_code": "75002", "country": "FR"},
    "references": [{"kind": "barcode", "code": "4006381333931"}],
    "sepa": {"iban": "fr14 2004 1010 0505 0001 3m02 606", "mandate_ref": "M-2026-001", "signed_on": "2026-03-01"}
}"#;

#[test]
fn demo_then_list_shows_every_customer() {
    let env = Env::new();
    let r = env.run(&["demo", "--customers", "1500", "--seed", "7"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("1500 customers"), "{}", r.stdout);
    let list = env.run(&["customers", "list", "--json"]);
    assert_eq!(list.code, 0, "{}", list.stderr);
    let lines: Vec<&str> = list.stdout.lines().collect();
    assert_eq!(lines.len(), 1500);
    let first: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert!(
        first["id"].is_string() && first["address"]["city"].is_string(),
        "{first}"
    );
    let mode = std::fs::metadata(env.db()).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "database private to its user");
    let again = env.run(&["demo", "--customers", "10"]);
    assert_eq!(again.code, 1);
    assert!(
        again.stderr.contains("already holds 1500 customers"),
        "{}",
        again.stderr
    );
}

#[test]
fn add_prints_the_stored_normalised_customer() {
    let env = Env::new();
    let r = env.run_with(&["customers", "add", "--json"], Some(GOOD), &[]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let c = r.json();
    assert_eq!(c["phone"], "+33612345678");
    assert_eq!(c["address"]["city"], "Paris");
    assert_eq!(c["sepa"]["iban"], "FR1420041010050500013M02606");
    let id = c["id"].as_str().unwrap();
    let shown = env.run(&["customers", "show", id, "--json"]).json();
    assert_eq!(shown, c);
}

#[test]
fn invalid_iban_vat_or_phone_is_refused_naming_the_field_and_nothing_is_stored() {
    let env = Env::new();
    assert_eq!(env.run_with(&["customers", "add"], Some(GOOD), &[]).code, 0);
    let (customers, audit) = (env.count("customer"), env.count("audit_log"));
    for (patch, field) in [
        (
            r#""sepa": {"iban": "FR1420041010050500013M02607", "mandate_ref": "M1", "signed_on": "2026-01-01"}"#,
            "sepa.iban",
        ),
        (r#""vat_number": "FR00303265045""#, "vat_number"),
        (r#""phone": "06 12""#, "phone"),
    ] {
        let input = format!(r#"{{"first_name": "Jan", "last_name": "Jansen", {patch}}}"#);
        let text = env.run_with(&["customers", "add"], Some(&input), &[]);
        assert_eq!(text.code, 1, "{field}: {}", text.stdout);
        assert!(text.stderr.contains(field), "{field}: {}", text.stderr);
        let json = env.run_with(&["customers", "add", "--json"], Some(&input), &[]);
        assert_eq!(json.code, 1);
        assert_eq!(json.json()["error"]["fields"][0]["field"], field);
    }
    assert_eq!(env.count("customer"), customers);
    assert_eq!(env.count("audit_log"), audit);
}

#[test]
fn unknown_json_key_is_refused() {
    let env = Env::new();
    let r = env.run_with(
        &["customers", "add"],
        Some(r#"{"last_name": "X", "frist_name": "Y"}"#),
        &[],
    );
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("frist_name"), "{}", r.stderr);
}

#[test]
fn edit_applies_a_merge_patch() {
    let env = Env::new();
    let c = env
        .run_with(&["customers", "add", "--json"], Some(GOOD), &[])
        .json();
    let id = c["id"].as_str().unwrap();
    let r = env.run_with(
        &["customers", "edit", id, "--json"],
        Some(r#"{"email": null, "phone2": "+32 470 12 34 56"}"#),
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let e = r.json();
    assert!(e.get("email").is_none_or(|v| v.is_null()), "{e}");
    assert_eq!(e["phone2"], "+32470123456");
    assert_eq!(e["last_name"], "Dupont");
    let bad = env.run_with(
        &["customers", "edit", id],
        Some(r#"{"email": "not-an-email"}"#),
        &[],
    );
    assert_eq!(bad.code, 1);
    assert!(bad.stderr.contains("email"));
    let shown = env.run(&["customers", "show", id, "--json"]).json();
    assert_eq!(
        shown["phone2"], "+32470123456",
        "the failed edit changed nothing"
    );
}

#[test]
fn delete_needs_the_manager_pin() {
    let env = Env::new();
    let c = env
        .run_with(&["customers", "add", "--json"], Some(GOOD), &[])
        .json();
    let id = c["id"].as_str().unwrap();
    let none = env.run(&["customers", "delete", id]);
    assert_eq!(none.code, 1);
    assert!(none.stderr.contains("hash-pin"), "{}", none.stderr);

    let hash = env.run_with(&["hash-pin"], Some("246813\n"), &[]);
    assert_eq!(hash.code, 0, "{}", hash.stderr);
    let config = env.path("config.toml");
    std::fs::write(
        &config,
        format!("[manager]\npin_hash = \"{}\"\n", hash.stdout.trim()),
    )
    .unwrap();
    let cfg = config.to_str().unwrap();
    let wrong = env.run_with(
        &["--config", cfg, "customers", "delete", id, "--pin-stdin"],
        Some("1111\n"),
        &[],
    );
    assert_eq!(wrong.code, 1);
    assert!(wrong.stderr.contains("wrong manager PIN"));
    assert_eq!(env.count("customer"), 1);
    let ok = env.run_with(
        &["--config", cfg, "customers", "delete", id, "--json"],
        None,
        &[("COMPTOIR_MANAGER_PIN", "246813")],
    );
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    assert_eq!(ok.json()["outcome"], "removed");
    assert_eq!(env.count("customer"), 0);
}

#[test]
fn validate_prints_the_normal_form_or_the_rule() {
    let env = Env::new();
    for (args, code, out) in [
        (
            vec!["validate", "iban", "GB82 WEST 1234 5698 7654 32"],
            0,
            "GB82WEST12345698765432",
        ),
        (
            vec!["validate", "iban", "GB82WEST12345698765433"],
            1,
            "invalid",
        ),
        (
            vec!["validate", "vat", "BE 0403.170.701"],
            0,
            "BE0403170701",
        ),
        (vec!["validate", "ean", "4006381333931"], 0, "4006381333931"),
        (vec!["validate", "ean", "4006381333932"], 1, "invalid"),
        (
            vec!["validate", "phone", "079 123 45 67", "--country", "ch"],
            0,
            "+41791234567",
        ),
        (
            vec!["validate", "siret", "73282932000074"],
            0,
            "73282932000074",
        ),
        (vec!["validate", "email", "a@@b"], 1, "invalid"),
    ] {
        let r = env.run(&args);
        assert_eq!(r.code, code, "{args:?}: {}", r.stdout);
        assert!(r.stdout.contains(out), "{args:?}: {}", r.stdout);
    }
}

#[test]
fn check_config_names_a_bad_key() {
    let env = Env::new();
    let file = env.path("bad.toml");
    std::fs::write(&file, "[shop]\nname = \"Chez Nous\"\ncurrancy = \"EUR\"\n").unwrap();
    let r = env.run(&["check-config", file.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("currancy") && r.stderr.contains("bad.toml"),
        "{}",
        r.stderr
    );
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/config.example.toml");
    let ok = env.run(&["check-config", example]);
    assert_eq!(ok.code, 0, "{}", ok.stderr);
}

#[test]
fn the_data_directory_and_the_log_are_private_whoever_made_them() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let data = env.path("data/comptoir");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    let log = data.join("comptoir.log");
    std::fs::write(&log, "").unwrap();
    std::fs::set_permissions(&log, std::fs::Permissions::from_mode(0o644)).unwrap();
    let r = env.run(&["customers", "list"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&log), 0o600);
    assert_eq!(mode(&env.db()), 0o600);
    // A fresh home gets them private from the start.
    let fresh = Env::new();
    assert_eq!(fresh.run(&["customers", "list"]).code, 0);
    assert_eq!(mode(&fresh.path("data/comptoir")), 0o700);
    assert_eq!(mode(&fresh.path("data/comptoir/comptoir.log")), 0o600);
}

#[test]
fn check_config_never_prints_the_pin_hash() {
    let env = Env::new();
    let hash = env.run_with(&["hash-pin"], Some("246813\n"), &[]);
    assert_eq!(hash.code, 0, "{}", hash.stderr);
    let hash = hash.stdout.trim().to_string();
    let config = env.path("config.toml");
    std::fs::write(&config, format!("[manager]\npin_hash = \"{hash}\"\n")).unwrap();
    let r = env.run(&["check-config", config.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let salt_and_hash = hash.rsplit('$').take(2).collect::<Vec<_>>();
    for part in salt_and_hash {
        assert!(!r.stdout.contains(part), "{}", r.stdout);
    }
    assert!(
        r.stdout.contains("\"manager_pin_hash\": \"set\""),
        "{}",
        r.stdout
    );
}

#[test]
fn a_newer_database_is_refused_with_a_clear_message() {
    let env = Env::new();
    assert_eq!(env.run_with(&["customers", "add"], Some(GOOD), &[]).code, 0);
    rusqlite::Connection::open(env.db())
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let r = env.run(&["customers", "list"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("schema version 99") && r.stderr.contains("upgrade comptoir"),
        "{}",
        r.stderr
    );
}

#[test]
fn first_start_invents_nothing_and_logs_to_a_file() {
    let env = Env::new();
    let r = env.run(&[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("0 customers, 0 products, 0 sales"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Nothing set up yet"), "{}", r.stdout);
    assert_eq!(env.count("customer"), 0);
    assert_eq!(env.count("sale"), 0);
    assert!(env.path("data/comptoir/comptoir.log").exists());
    assert!(!env.path("config/comptoir/config.toml").exists());
}

#[test]
fn a_config_named_but_missing_is_for_the_setup_of_an_empty_database_only() {
    let env = Env::new();
    let missing = env.path("shop/config.toml");
    let file = missing.to_string_lossy().into_owned();
    let r = env.run(&["--config", &file]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("Nothing set up yet"), "{}", r.stdout);
    assert!(!missing.exists(), "written only by the setup screen");
    // Other commands, and a register on a database in use, still refuse it.
    assert_eq!(env.run(&["--config", &file, "customers", "list"]).code, 1);
    assert_eq!(env.run(&["demo", "--customers", "5", "--no-sales"]).code, 0);
    let r = env.run(&["--config", &file]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stderr.contains("does not exist"), "{}", r.stderr);
}

#[test]
fn demo_flag_fills_only_a_throw_away_database() {
    let env = Env::new();
    let r = env.run(&["--demo"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("10000 customers"), "{}", r.stdout);
    assert!(
        !env.db().exists() || env.count("customer") == 0,
        "the shop's database is not touched"
    );
}

#[test]
fn postal_lookup_and_completions() {
    let env = Env::new();
    let r = env.run(&["postal", "fr", "75001"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("Paris"));
    assert_eq!(env.run(&["postal", "FR", "00000"]).code, 1);
    let c = env.run(&["completions", "bash"]);
    assert_eq!(c.code, 0);
    assert!(c.stdout.contains("comptoir"));
}

/// A card attached at the counter is found from the command line, and a code the command
/// line finds is found by the register: both ask `store::lookup::customer_by_scan`.
#[test]
fn find_ref_finds_what_the_register_attached_and_the_register_finds_what_find_ref_finds() {
    use comptoir::input::{ReaderKind, Scan, KEYBOARD_READER};
    use comptoir::store::{lookup, Store};

    let env = Env::new();
    // What the register stores for a scan nobody owns: its first reference. The tag was
    // read by a reader set to `nfc_byte_order = "reversed"`; the card by a barcode reader;
    // the in-house code was a burst in the terminal's key stream.
    let attach = |reader: &str, kind, read: &str, reversed| {
        let scan = Scan::build(reader, kind, read.into(), read.len(), reversed, None);
        scan.references().remove(0)
    };
    let tag = attach("desk", ReaderKind::Nfc, "04:A2:3B:1C", true);
    let card = attach("front", ReaderKind::Barcode, "2900000000018", false);
    let house = attach(KEYBOARD_READER, ReaderKind::Barcode, "ab-12/7", false);
    let data = serde_json::json!({"last_name": "Scanpath", "references": [tag, card, house]});
    let added = env.run_with(
        &["customers", "add", "--json"],
        Some(&data.to_string()),
        &[],
    );
    assert_eq!(added.code, 0, "{}", added.stderr);
    let id = added.json()["id"].as_str().unwrap().to_string();
    assert_eq!(added.json()["references"][0]["code"], "1C3BA204");

    // The tag in the other byte order, in decimal, with separators; the card; the code
    // as typed in lower case.
    let prints = [
        "04A23B1C",
        "04:a2:3b:1c",
        "0473670148",
        "0077740828",
        "2900000000018",
        "ab-12/7",
    ];
    for code in prints {
        let r = env.run(&["customers", "find-ref", code, "--json"]);
        assert_eq!(r.code, 0, "find-ref {code}: {}", r.stderr);
        assert_eq!(r.json()["id"], id.as_str(), "find-ref {code}");
    }
    let unknown = env.run(&["customers", "find-ref", "2900000000025"]);
    assert_eq!(unknown.code, 1, "{}", unknown.stdout);
    // A wrong check digit is a misread, for the command line as for the register.
    assert_eq!(env.run(&["customers", "find-ref", "2900000000019"]).code, 1);

    // The register, reading the same codes from its own readers.
    let store = Store::open(&env.db()).unwrap();
    for (reader, kind, read, reversed) in [
        ("door", ReaderKind::Nfc, "04A23B1C", false),
        ("desk", ReaderKind::Nfc, "04A23B1C", true),
        (KEYBOARD_READER, ReaderKind::Barcode, "04a23b1c", false),
        ("front", ReaderKind::Barcode, "2900000000018", false),
        (KEYBOARD_READER, ReaderKind::Barcode, "AB-12/7", false),
    ] {
        let scan = Scan::build(reader, kind, read.into(), read.len(), reversed, None);
        let found = lookup::customer_by_scan(store.conn(), &scan.code, scan.read_as()).unwrap();
        assert_eq!(
            found.map(|f| f.to_string()),
            Some(id.clone()),
            "register: {reader} read {read}"
        );
    }
}

/// Runs the binary with its standard output written to `/dev/full` (every write fails:
/// no space left on device); returns the exit status and standard error.
fn run_into_full_disk(env: &Env, args: &[&str], envs: &[(&str, &str)]) -> (i32, String) {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = env
        .command(args)
        .envs(envs.iter().copied())
        .stdin(Stdio::null())
        .stdout(full)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs the binary with its standard output a pipe whose reader is already closed: the
/// first write fails with EPIPE whatever the output's size. Returns status and stderr.
fn run_into_pipe_closed_first(env: &Env, args: &[&str]) -> (i32, String) {
    use std::os::fd::{FromRawFd, OwnedFd};
    let mut fds = [0; 2];
    // SAFETY: pipe(2) fills both descriptors on success; each is owned exactly once below.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    let (reader, writer) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    drop(reader);
    let out = env
        .command(args)
        .stdin(Stdio::null())
        .stdout(Stdio::from(writer))
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn no_command_panics_on_a_full_disk_or_a_closed_pipe() {
    let env = demo_env(Env::new());
    let first = env
        .run(&["customers", "list", "--json", "--limit", "1"])
        .json();
    let id = first["id"].as_str().unwrap().to_string();
    let commands: [&[&str]; 7] = [
        &["customers", "show", &id],
        &["customers", "show", &id, "--json"],
        &["customers", "search", "mar"],
        &["customers", "search", "mar", "--json"],
        &["validate", "iban", "FR7630006000011234567890189"],
        &["postal", "FR", "75002"],
        &["check-config"],
    ];
    for args in commands {
        let (code, stderr) = run_into_full_disk(&env, args, &[]);
        assert_eq!(code, 1, "{args:?}: {stderr}");
        assert!(
            stderr.contains("cannot write to standard output") && !stderr.contains("panicked"),
            "{args:?}: {stderr}"
        );
        let (code, stderr) = run_into_pipe_closed_first(&env, args);
        assert_eq!((code, stderr.as_str()), (141, ""), "{args:?}");
    }
}

/// 1,500 demo customers without sales: about a megabyte of JSON, far more than a pipe
/// holds, so a closed pipe is met while writing.
fn demo_env(env: Env) -> Env {
    let r = env.run(&["demo", "--customers", "1500", "--seed", "7", "--no-sales"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    env
}

#[test]
fn list_to_a_full_disk_fails_naming_standard_output() {
    let env = demo_env(Env::new());
    for args in [
        &["customers", "list", "--json"][..],
        &["customers", "list"],
        &["customers", "list", "--limit", "1"],
    ] {
        let (code, stderr) = run_into_full_disk(&env, args, &[]);
        assert_ne!(code, 0, "{args:?}");
        assert!(
            stderr.contains("cannot write to standard output")
                && stderr.contains("No space left on device"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn list_into_a_pipe_closed_after_one_line_ends_quietly_with_141() {
    let env = demo_env(Env::new());
    let (code, first, stderr) = env.run_into_closed_pipe(&["customers", "list", "--json"], &[]);
    assert!(
        serde_json::from_str::<serde_json::Value>(&first).is_ok(),
        "{first}"
    );
    assert_eq!(stderr, "", "nothing said about the closed pipe");
    assert_eq!(code, 141, "128 + SIGPIPE, as `| head` expects");
}

#[test]
fn export_to_stdout_fails_on_a_full_disk_and_ends_quietly_on_a_closed_pipe() {
    let env = demo_env(Env::with_manager_pin("246813"));
    let pin = [("COMPTOIR_MANAGER_PIN", "246813")];
    for format in ["csv", "vcard"] {
        let (code, stderr) = run_into_full_disk(&env, &["export", format], &pin);
        assert_ne!(code, 0, "{format}");
        assert!(
            stderr.contains("cannot write to standard output")
                && stderr.contains("No space left on device"),
            "{format}: {stderr}"
        );
        let (code, first, stderr) = env.run_into_closed_pipe(&["export", format], &pin);
        assert!(!first.is_empty(), "{format}");
        assert_eq!(stderr, "", "{format}");
        assert_eq!(code, 141, "{format}");
    }
}

#[test]
fn list_limit_stops_reading_before_a_damaged_row() {
    let env = Env::new();
    for name in ["Aa", "Bb", "Cc"] {
        let json = format!(r#"{{"last_name": "{name}"}}"#);
        assert_eq!(
            env.run_with(&["customers", "add"], Some(&json), &[]).code,
            0
        );
    }
    // The last row in list order (ids sort by creation) cannot be read any more.
    rusqlite::Connection::open(env.db())
        .unwrap()
        .execute(
            "UPDATE customer SET created_at = 'yesterday' WHERE id = (SELECT MAX(id) FROM customer)",
            [],
        )
        .unwrap();
    let all = env.run(&["customers", "list", "--json"]);
    assert_eq!(all.code, 1, "reading every row meets the damaged one");
    let two = env.run(&["customers", "list", "--json", "--limit", "2"]);
    assert_eq!(two.code, 0, "{}", two.stderr);
    let names: Vec<String> = two
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["last_name"].to_string())
        .collect();
    assert_eq!(names, [r#""Aa""#, r#""Bb""#]);
}

#[test]
fn hash_pin_refuses_a_pin_under_six_digits() {
    let env = Env::new();
    let short = env.run_with(&["hash-pin"], Some("2468\n"), &[]);
    assert_eq!(short.code, 1, "{}", short.stdout);
    assert!(short.stderr.contains("6 to 12 digits"), "{}", short.stderr);
    assert!(short.stdout.is_empty());
}

#[test]
fn wrong_pins_make_every_cli_check_wait_and_a_new_run_does_not_reset_it() {
    let env = Env::with_manager_pin("246813");
    let c = env
        .run_with(&["customers", "add", "--json"], Some(GOOD), &[])
        .json();
    let id = c["id"].as_str().unwrap().to_string();
    for _ in 0..3 {
        let wrong = env.run_with(&["export", "csv", "--pin-stdin"], Some("111111\n"), &[]);
        assert_eq!(wrong.code, 1);
        assert!(
            wrong.stderr.contains("wrong manager PIN"),
            "{}",
            wrong.stderr
        );
    }
    // Each run is a new process: the count is in the database. The right PIN waits too,
    // in every command that checks it.
    let ok_pin = [("COMPTOIR_MANAGER_PIN", "246813")];
    let delete = env.run_with(&["customers", "delete", &id], None, &ok_pin);
    assert_eq!(delete.code, 1);
    assert!(delete.stderr.contains("try again in"), "{}", delete.stderr);
    assert_eq!(env.count("customer"), 1);
    let data = env.run_with(&["customers", "export-data", &id], None, &ok_pin);
    assert!(data.stderr.contains("try again in"), "{}", data.stderr);
    let audit = env.count_where("audit_log", "action LIKE 'manager.pin_%'");
    assert_eq!(audit, 3 + 1 + 2, "failures, the lockout, the refusals");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let delete = env.run_with(&["customers", "delete", &id], None, &ok_pin);
    assert_eq!(delete.code, 0, "{}", delete.stderr);
}

#[test]
fn a_customers_tax_exemption_or_credit_limit_needs_the_manager_pin_from_the_cli() {
    let env = Env::with_manager_pin("246813");
    let c = env
        .run_with(&["customers", "add", "--json"], Some(GOOD), &[])
        .json();
    let id = c["id"].as_str().unwrap().to_string();
    let audit = env.count("audit_log");
    let patch = r#"{"tax": {"mode": "exempt"}, "account": {"credit_limit": "500.00"}}"#;
    let refused = env.run_with(&["customers", "edit", &id, "--json"], Some(patch), &[]);
    assert_eq!(refused.code, 1, "{}", refused.stdout);
    assert_eq!(
        refused.json()["error"]["kind"],
        "manager",
        "{}",
        refused.stdout
    );
    assert_eq!(env.count("audit_log"), audit, "nothing written");
    let pin = [("COMPTOIR_MANAGER_PIN", "246813")];
    let ok = env.run_with(&["customers", "edit", &id, "--json"], Some(patch), &pin);
    assert_eq!(ok.code, 0, "{} {}", ok.stdout, ok.stderr);
    let n = env.count_where("audit_log", "action = 'customer.manager_fields'");
    assert_eq!(n, 1);
    // A plain edit still needs no PIN.
    let plain = env.run_with(
        &["customers", "edit", &id],
        Some(r#"{"first_name": "Léa"}"#),
        &[],
    );
    assert_eq!(plain.code, 0, "{}", plain.stderr);
}

#[test]
fn check_store_says_healthy_then_names_a_sale_not_paid_in_full() {
    let env = Env::new();
    assert_eq!(
        env.run(&["demo", "--customers", "30", "--seed", "3"]).code,
        0
    );
    let r = env.run(&["check-store", "--json"]);
    assert_eq!(r.code, 0, "{} {}", r.stdout, r.stderr);
    let v = r.json();
    assert_eq!(v["ok"], true, "{v}");
    assert_eq!(v["index"]["documents"], 30, "{v}");
    // Damage the books behind comptoir's back: a payment short of its sale. The schema
    // refuses the change; dropping its guard is what it takes.
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let refused = conn
        .execute("UPDATE payment SET amount_cents = 0 WHERE rowid = 1", [])
        .unwrap_err();
    assert!(refused.to_string().contains("never changed"), "{refused}");
    conn.execute_batch("DROP TRIGGER payment_no_update")
        .unwrap();
    conn.execute(
        "UPDATE payment SET amount_cents = amount_cents - 1 WHERE rowid = 1",
        [],
    )
    .unwrap();
    drop(conn);
    let r = env.run(&["check-store", "--json"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let v = r.json();
    assert_eq!(v["ok"], false);
    assert_eq!(
        v["store"]["unpaid_sales"].as_array().unwrap().len(),
        1,
        "{v}"
    );
    let text = env.run(&["check-store", "--no-index"]);
    assert!(text.stdout.contains("NOT healthy"), "{}", text.stdout);
}

#[test]
fn reindex_while_a_register_holds_the_index_is_refused_and_the_index_stays_whole() {
    use comptoir::search::SearchIndex;
    use comptoir::store::Store;
    let env = Env::new();
    assert_eq!(
        env.run(&["demo", "--customers", "20", "--seed", "3"]).code,
        0
    );
    let index = comptoir::config::index_beside(&env.db());
    // This process plays the register: it has written, so it holds the writer lock.
    let store = Store::open(&env.db()).unwrap();
    let mut idx = SearchIndex::open_or_rebuild(&index, store.conn(), &mut |_, _| {}).unwrap();
    let add = env.run_with(
        &["customers", "add"],
        Some(r#"{"first_name": "Zoé", "last_name": "Quintal"}"#),
        &[],
    );
    assert_eq!(add.code, 0, "{}", add.stderr);
    assert_eq!(idx.catch_up(store.conn()).unwrap(), 1);
    let r = env.run(&["reindex"]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("in use"), "{}", r.stderr);
    assert_eq!(idx.len(), 21);
    drop(idx);
    assert_eq!(SearchIndex::open(&index).unwrap().len(), 21);
    assert_eq!(
        env.run(&["reindex"]).code,
        0,
        "free once the register is gone"
    );
}

#[test]
fn man_writes_a_page_per_command_from_the_cli_definition() {
    let env = Env::new();
    let dir = env.path("man");
    let r = env.run(&["man", dir.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let main = std::fs::read_to_string(dir.join("comptoir.1")).unwrap();
    assert!(
        main.starts_with(".ie") || main.contains(".TH comptoir 1"),
        "{main}"
    );
    assert!(main.contains("cash register"), "{main}");
    // The import page says what `comptoir import csv --help` says.
    let import = std::fs::read_to_string(dir.join("comptoir-import-csv.1")).unwrap();
    let help = env.run(&["import", "csv", "--help"]);
    assert!(help.stdout.contains("--dry-run"), "{}", help.stdout);
    assert!(import.contains("dry\\-run"), "{import}");
    let pages = std::fs::read_dir(&dir).unwrap().count();
    assert!(
        r.stdout.contains(&format!("{pages} manual pages")),
        "{}",
        r.stdout
    );
    assert!(pages > 40, "{pages} pages");
}

#[test]
fn a_config_without_locale_follows_lc_all_then_lc_messages_then_lang() {
    let env = Env::new();
    let config = env.path("config.toml");
    std::fs::write(&config, "[shop]\nname = \"Bäckerei\"\n").unwrap();
    let path = config.to_str().unwrap();
    let locale = |envs: &[(&str, &str)]| {
        let r = env.run_with(&["check-config", path], None, envs);
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stdout
    };
    assert!(locale(&[("LANG", "de_DE.UTF-8")]).contains("\"locale\": \"de\""));
    assert!(locale(&[("LANG", "nl_BE.UTF-8")]).contains("\"locale\": \"nl\""));
    let both = [("LANG", "de_DE.UTF-8"), ("LC_MESSAGES", "fr_BE")];
    assert!(locale(&both).contains("\"locale\": \"fr\""));
    let all = [("LANG", "de_DE.UTF-8"), ("LC_ALL", "nl_NL.UTF-8")];
    assert!(locale(&all).contains("\"locale\": \"nl\""));
    assert!(locale(&[]).contains("\"locale\": \"en\""));
    // Written in the file, the language wins over the environment.
    std::fs::write(&config, "[shop]\nlocale = \"de\"\n").unwrap();
    assert!(locale(&[("LANG", "nl_NL.UTF-8")]).contains("\"locale\": \"de\""));
}
