//! `comptoir import csv|vcard` end to end through the real binary: the vendor preset
//! fixtures, the vCard fixtures, dry runs, re-imports, the rejected-rows file. Hostile
//! files are in `import/hostile.rs`, exports and round trips in `import/export.rs`.

mod concurrent;
mod export;
mod hostile;
mod private;

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::helpers::{Env, Run};

pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(rel)
}

/// Copies a fixture into the test's directory (the rejected-rows file is written beside
/// the imported file) and returns its path.
pub fn copy(env: &Env, rel: &str) -> String {
    let name = Path::new(rel).file_name().unwrap().to_str().unwrap();
    let to = env.path(name);
    std::fs::copy(fixture(rel), &to).unwrap();
    to.to_str().unwrap().to_string()
}

/// The manager PIN of [`manager_env`].
pub const PIN: &str = "246813";

/// A fresh environment whose config holds the manager PIN: imports that set groups, tax
/// or credit limits need it.
pub fn manager_env() -> Env {
    Env::with_manager_pin(PIN)
}

/// Runs `comptoir import ARGS --json`, with the manager PIN when the environment has
/// one.
pub fn import(env: &Env, args: &[&str]) -> (Run, Value) {
    let mut a = vec!["import"];
    a.extend_from_slice(args);
    a.push("--json");
    let has_pin = std::fs::read_to_string(env.path("config/comptoir/config.toml"))
        .is_ok_and(|c| c.contains("pin_hash"));
    let pin: &[(&str, &str)] = if has_pin {
        &[("COMPTOIR_MANAGER_PIN", PIN)]
    } else {
        &[]
    };
    let r = env.run_with(&a, None, pin);
    assert!(matches!(r.code, 0..=2), "crashed: {} {}", r.code, r.stderr);
    let v: Value =
        serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}{}", r.stdout, r.stderr));
    (r, v)
}

/// Every stored customer as JSON, keyed by display name.
pub fn customers(env: &Env) -> Vec<Value> {
    let r = env.run(&["customers", "list", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

pub fn by_last_name<'a>(list: &'a [Value], last: &str) -> &'a Value {
    list.iter()
        .find(|c| c["last_name"] == last || c["company_name"] == last)
        .unwrap_or_else(|| panic!("no {last} in {list:#?}"))
}

#[test]
fn each_vendor_preset_is_recognised_and_imported() {
    let cases = [
        ("csv/shopify.csv", "shopify", 4, 1),
        ("csv/shopify-legacy.csv", "shopify", 2, 0),
        ("csv/lightspeed.csv", "lightspeed", 2, 0),
        ("csv/woocommerce.csv", "woocommerce", 2, 0),
        ("csv/woocommerce-analytics.csv", "woocommerce", 2, 0),
        ("csv/prestashop.csv", "prestashop", 3, 0),
        ("csv/square.csv", "square", 2, 0),
        ("csv/odoo.csv", "odoo", 3, 0),
    ];
    for (file, preset, created, refused) in cases {
        let env = manager_env();
        let path = copy(&env, file);
        let (r, v) = import(&env, &["csv", &path]);
        assert_eq!(v["preset"], preset, "{file}");
        assert_eq!(
            (v["created"].as_u64(), v["refused"].as_u64()),
            (Some(created), Some(refused)),
            "{file}: {v:#}"
        );
        assert_eq!(r.code, if refused > 0 { 2 } else { 0 }, "{file}");
        assert_eq!(env.count("customer"), created as i64, "{file}");
        assert_eq!(
            env.count_where("audit_log", "action = 'customer.import'"),
            1,
            "{file}: one audit entry per run"
        );
    }
}

#[test]
fn preset_columns_land_in_the_right_fields() {
    let env = manager_env();
    for f in [
        "csv/shopify.csv",
        "csv/prestashop.csv",
        "csv/odoo.csv",
        "csv/square.csv",
        "csv/lightspeed.csv",
    ] {
        import(&env, &["csv", &copy(&env, f)]);
    }
    let all = customers(&env);
    let m = by_last_name(&all, "Dupont");
    assert_eq!(m["first_name"], "Mélanie");
    assert_eq!(m["phone"], "+33612345678", "mobile column first");
    assert_eq!(m["phone2"], "+33142685300");
    assert_eq!(m["address"]["postal_code"], "75002");
    assert_eq!(m["preferences"]["marketing_email"]["granted"], true);
    assert!(
        m["personal_note"]
            .as_str()
            .unwrap()
            .contains("Tags: VIP, newsletter"),
        "{m}"
    );
    let jan = by_last_name(&all, "Jansen");
    assert_eq!(
        jan["phone"], "+31612345678",
        "the ' a spreadsheet export put before + is removed"
    );
    assert_eq!(jan["tax"]["mode"], "exempt");
    assert_eq!(jan["preferences"]["marketing_sms"]["granted"], true);
    let nameless = all
        .iter()
        .find(|c| c["email"] == "sans.nom@example.fr")
        .unwrap();
    assert_eq!(nameless["last_name"], "sans.nom");
    let h = by_last_name(&all, "Garçon");
    assert_eq!(h["first_name"], "Hélène", "Windows-1252 decoded");
    assert_eq!(h["title"], "Mme");
    let zon = by_last_name(&all, "Bakkerij De Zon");
    assert_eq!(zon["kind"], "entity");
    assert_eq!(zon["vat_number"], "NL004495445B01");
    assert_eq!(zon["references"][0]["code"], "ODOO-7");
    let sanne = by_last_name(&all, "Visser");
    assert_eq!(
        (sanne["kind"].as_str(), sanne["company_name"].as_str()),
        (Some("person"), Some("Bakkerij De Zon"))
    );
    let chloe = by_last_name(&all, "Bernard");
    assert_eq!(chloe["references"][0]["code"], "CARD-0042");
    assert_eq!(chloe["personal_note"], "Allergie aux noix");
    let marie = by_last_name(&all, "Curie");
    assert_eq!(marie["references"][0]["code"], "LS-1001");
}

#[test]
fn dry_run_reports_and_writes_nothing() {
    let env = manager_env();
    let path = copy(&env, "csv/shopify.csv");
    let (r, v) = import(&env, &["csv", &path, "--dry-run"]);
    assert_eq!(r.code, 2);
    assert_eq!(v["dry_run"], true);
    assert_eq!(v["committed"], false);
    assert_eq!(v["rows_read"], 5);
    assert_eq!(v["created"], 4);
    let refusal = &v["refusals"][0];
    assert_eq!(
        (refusal["line"].as_u64(), refusal["column"].as_str()),
        (Some(6), Some("Email")),
        "{v:#}"
    );
    assert_eq!(v["warnings"][0]["line"], 4);
    assert!(v["ignored_columns"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c == "Total Spent"));
    assert_eq!(env.count("customer"), 0);
    assert_eq!(
        env.count_where("audit_log", "action = 'customer.import'"),
        0
    );
    assert!(!env.path("shopify.rejected.csv").exists());
    let text = env.run(&["import", "csv", &path, "--dry-run"]);
    assert!(
        text.stdout.contains("line 6, Email: refused"),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains("to create: 4"), "{}", text.stdout);
}

#[test]
fn reimport_creates_nothing_new_and_says_which_key_matched() {
    let env = manager_env();
    let path = copy(&env, "csv/square.csv");
    import(&env, &["csv", &path]);
    let before = env.count("customer");
    let (_, v) = import(&env, &["csv", &path]);
    assert_eq!(
        (
            v["created"].as_u64(),
            v["updated"].as_u64(),
            v["unchanged"].as_u64()
        ),
        (Some(0), Some(0), Some(2))
    );
    assert_eq!(v["matches"][0]["matched_on"], "reference");
    assert_eq!(v["matches"][1]["matched_on"], "email");
    assert_eq!(env.count("customer"), before);
    // The same people with a changed address: updated, not duplicated.
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("3 rue Nationale", "5 rue Nationale");
    std::fs::write(&path, text).unwrap();
    let (_, v) = import(&env, &["csv", &path]);
    assert_eq!(
        (v["created"].as_u64(), v["updated"].as_u64()),
        (Some(0), Some(1))
    );
    assert_eq!(v["matches"][0]["fields"][0], "address");
    // Matched on the phone when the e-mail changed.
    let csv = "First Name,Last Name,Email Address,Phone Number,Email Subscription Status\nTom,Peeters,tom.new@example.be,+32 475 98 76 54,Unknown\n";
    std::fs::write(env.path("phone.csv"), csv).unwrap();
    let (_, v) = import(&env, &["csv", env.path("phone.csv").to_str().unwrap()]);
    assert_eq!(v["matches"][0]["matched_on"], "phone", "{v:#}");
    assert_eq!(env.count("customer"), before);
}

#[test]
fn a_reimported_phone_in_the_other_column_matches_and_creates_nothing() {
    let env = manager_env();
    let add = r#"{"first_name": "Anna", "last_name": "Peeters",
                  "phone": "+33612345678", "phone2": "+33142685300"}"#;
    assert_eq!(env.run_with(&["customers", "add"], Some(add), &[]).code, 0);
    // A file listing the landline (stored as the second phone) as the phone, and one with
    // the mobile (stored as the main phone) in a second phone column.
    let file = env.path("again.csv");
    let file = file.to_str().unwrap();
    for (csv, args) in [
        (
            "First Name,Last Name,Phone\nAnna,Peeters,+33 1 42 68 53 00\n",
            &["csv", file][..],
        ),
        (
            "First Name,Last Name,Tel 2\nAnna,Peeters,+33 6 12 34 56 78\n",
            &["csv", file, "--map", "Tel 2=phone2"][..],
        ),
    ] {
        std::fs::write(file, csv).unwrap();
        let (_, v) = import(&env, args);
        assert_eq!(
            (v["created"].as_u64(), v["unchanged"].as_u64()),
            (Some(0), Some(1)),
            "{v:#}"
        );
        assert_eq!(v["matches"][0]["matched_on"], "phone", "{v:#}");
    }
    let all = customers(&env);
    assert_eq!(all.len(), 1);
    assert_eq!(
        (all[0]["phone"].as_str(), all[0]["phone2"].as_str()),
        (Some("+33612345678"), Some("+33142685300"))
    );
}

#[test]
fn a_namesake_sharing_an_email_is_not_overwritten() {
    let env = manager_env();
    let csv = "First Name,Last Name,Email\nAnna,Peeters,family@example.be\nBert,Peeters,family@example.be\nAnna,Peeters,family@example.be\n";
    std::fs::write(env.path("f.csv"), csv).unwrap();
    let (_, v) = import(&env, &["csv", env.path("f.csv").to_str().unwrap()]);
    assert_eq!(
        (v["created"].as_u64(), v["unchanged"].as_u64()),
        (Some(2), Some(1)),
        "{v:#}"
    );
    assert!(
        v["warnings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("shares its e-mail"),
        "{v:#}"
    );
    let (_, v) = import(&env, &["csv", env.path("f.csv").to_str().unwrap()]);
    assert_eq!(
        (v["created"].as_u64(), v["unchanged"].as_u64()),
        (Some(0), Some(3)),
        "{v:#}"
    );
}

#[test]
fn refused_rows_go_to_a_rejected_file_that_imports_once_fixed() {
    let env = manager_env();
    let path = copy(&env, "csv/shopify.csv");
    let (r, v) = import(&env, &["csv", &path]);
    assert_eq!(r.code, 2);
    assert_eq!(v["committed"], true);
    let rejected = env.path("shopify.rejected.csv");
    assert_eq!(v["rejected_file"], rejected.to_str().unwrap());
    let text = std::fs::read_to_string(&rejected).unwrap();
    assert!(text.contains("comptoir_reason"), "{text}");
    assert!(
        text.contains("not-an-email") && text.contains(",6,"),
        "{text}"
    );
    std::fs::write(
        &rejected,
        text.replace("not-an-email", "bad.mail@example.fr"),
    )
    .unwrap();
    let (r, v) = import(&env, &["csv", rejected.to_str().unwrap()]);
    assert_eq!((r.code, v["created"].as_u64()), (0, Some(1)), "{v:#}");
    assert_eq!(env.count("customer"), 5);
}

#[test]
fn refused_rows_of_a_file_in_a_folder_that_cannot_take_them_go_to_the_data_folder() {
    let env = manager_env();
    let path = copy(&env, "csv/shopify.csv");
    // The file is read as /proc/self/fd/0 (the import's standard input): its folder takes
    // no new file, for root neither.
    let r = {
        let mut c = env.command(&["import", "csv", "/proc/self/fd/0", "--json"]);
        c.env("COMPTOIR_MANAGER_PIN", PIN);
        c.stdin(std::fs::File::open(&path).unwrap());
        let out = c.output().unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    };
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    let v = r.json();
    assert_eq!(v["committed"], true);
    let rejected = env.db().with_file_name("0.rejected.csv");
    assert_eq!(v["rejected_file"], rejected.to_str().unwrap(), "{v:#}");
    assert!(std::fs::read_to_string(&rejected)
        .unwrap()
        .contains("not-an-email"));
    let notices = v["notices"].to_string();
    assert!(
        notices.contains("/proc/self/fd") && notices.contains("data folder"),
        "{notices}"
    );
    // The text report says where the rows went, too.
    let mut c = env.command(&["import", "csv", "/proc/self/fd/0", "--dry-run"]);
    c.stdin(std::fs::File::open(&path).unwrap());
    let text = String::from_utf8_lossy(&c.output().unwrap().stdout).into_owned();
    assert!(
        !text.contains("refused rows written"),
        "a dry run writes none: {text}"
    );
    let mut c = env.command(&["import", "csv", "/proc/self/fd/0"]);
    c.env("COMPTOIR_MANAGER_PIN", PIN);
    c.stdin(std::fs::File::open(&path).unwrap());
    let text = String::from_utf8_lossy(&c.output().unwrap().stdout).into_owned();
    assert!(
        text.contains(&format!("refused rows written to {}", rejected.display())),
        "{text}"
    );
}

#[test]
fn mapping_file_and_map_options() {
    let env = manager_env();
    let csv =
        "Nom;Prénom;GSM;N° carte;Remarque;Fax\nDurand;Paul;0612345678;CARTE-9;bon client;0123\n";
    std::fs::write(env.path("maison.csv"), csv).unwrap();
    std::fs::write(
        env.path("maison.toml"),
        "preset = \"custom\"\ncountry = \"FR\"\n[columns]\n\"Nom\" = \"last_name\"\n\"Prénom\" = \"first_name\"\n\"GSM\" = \"phone\"\n\"N° carte\" = \"reference\"\n",
    )
    .unwrap();
    let file = env.path("maison.csv");
    let mapping = env.path("maison.toml");
    let (r, v) = import(
        &env,
        &[
            "csv",
            file.to_str().unwrap(),
            "--mapping",
            mapping.to_str().unwrap(),
            "--map",
            "Remarque=personal_note",
        ],
    );
    assert_eq!(r.code, 0, "{v:#}");
    assert_eq!(v["preset"], "custom");
    assert_eq!(v["delimiter"], ";");
    assert_eq!(v["ignored_columns"], serde_json::json!(["Fax"]));
    let c = &customers(&env)[0];
    assert_eq!(
        (c["phone"].as_str(), c["personal_note"].as_str()),
        (Some("+33612345678"), Some("bon client"))
    );
    let (r, v) = import(&env, &["csv", file.to_str().unwrap(), "--map", "Tel=phone"]);
    assert_eq!(r.code, 1);
    assert_eq!(v["error"]["kind"], "mapping");
    assert!(v["error"]["message"]
        .as_str()
        .unwrap()
        .contains("no column `Tel`"));
    let (r, v) = import(&env, &["csv", file.to_str().unwrap(), "--map", "GSM=fone"]);
    assert_eq!(r.code, 1);
    assert!(v["error"]["message"].as_str().unwrap().contains("fone"));
}

#[test]
fn vcard_fixtures_import_as_phones_export_them() {
    let env = manager_env();
    let mut refused = Vec::new();
    let dir = fixture("vcard");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for f in &files {
        let name = f.file_name().unwrap().to_str().unwrap().to_string();
        let path = copy(&env, &format!("vcard/{name}"));
        let (_, v) = import(&env, &["vcard", &path]);
        assert_eq!(v["format"], "vcard", "{name}: {v:#}");
        for r in v["refusals"].as_array().unwrap() {
            refused.push((
                name.clone(),
                r["line"].as_u64().unwrap(),
                r["message"].as_str().unwrap().to_string(),
            ));
        }
    }
    let all = customers(&env);
    let e = by_last_name(&all, "Lefèvre");
    assert_eq!(e["first_name"], "Élodie", "quoted-printable UTF-8");
    assert_eq!(e["phone"], "+33612345678", "the PREF phone is the main one");
    assert_eq!(e["phone2"], "+33142685300");
    assert_eq!(e["email"], "elodie.lefevre@example.fr");
    assert_eq!(e["address"]["line1"], "12 rue de la République");
    let note = e["personal_note"].as_str().unwrap();
    assert!(
        note.contains("livraisons le samedi") && note.contains("fidèle"),
        "soft line breaks: {note}"
    );
    assert!(
        note.contains("Other phones: +33 1 23 45 67 89") && note.contains("Fax: +33 1 23 45 67 00"),
        "{note}"
    );
    assert!(
        note.contains("Other e-mails: e.lefevre@atelier.example"),
        "{note}"
    );
    assert_eq!(
        by_last_name(&all, "Müller")["first_name"],
        "Jürgen",
        "ISO-8859-1"
    );
    let andre = by_last_name(&all, "Dubois");
    assert_eq!(andre["first_name"], "André", "Windows-1252");
    assert_eq!(
        (
            andre["address"]["line1"].as_str(),
            andre["address"]["line2"].as_str()
        ),
        (Some("Rue Haute 12"), Some("Boîte 3"))
    );
    assert_eq!(andre["address"]["country"], "BE");
    assert_eq!(
        by_last_name(&all, "山田")["first_name"],
        "太郎",
        "Shift_JIS"
    );
    let sanne = by_last_name(&all, "Van den Berg");
    assert_eq!(
        (sanne["email"].as_str(), sanne["phone"].as_str()),
        (Some("sanne@example.nl"), Some("+31612345678")),
        "grouped item1.TEL, type=pref"
    );
    assert_eq!(sanne["address"]["line2"], "achterhuis");
    assert_eq!(
        sanne["personal_note"].as_str().unwrap().lines().next(),
        Some("Bestelt elke vrijdag, twee broden; betaalt contant.")
    );
    let zon = all
        .iter()
        .find(|c| c["company_name"] == "Bakkerij De Zon" && c["kind"] == "entity")
        .unwrap();
    assert_eq!(zon["phone"], "+31207654321");
    let anna = by_last_name(&all, "Schmidt");
    assert_eq!(
        (
            anna["title"].as_str(),
            anna["phone"].as_str(),
            anna["phone2"].as_str()
        ),
        (Some("Dr."), Some("+4915123456789"), Some("+49301234567")),
        "tel: URIs"
    );
    assert!(
        all.iter()
            .any(|c| c["company_name"] == "ACME Inc." && c["kind"] == "entity"),
        "KIND:org"
    );
    assert_eq!(by_last_name(&all, "Coyote")["company_name"], "ACME Inc.");
    assert_eq!(by_last_name(&all, "Rossi")["address"]["country"], "IT");
    let nameless = all.iter().find(|c| c["phone"] == "+33698765432").unwrap();
    assert_eq!(nameless["last_name"], "06 98 76 54 32");
    let malformed: Vec<_> = refused
        .iter()
        .filter(|r| r.0 == "malformed.vcf")
        .map(|r| r.1)
        .collect();
    // Broken quoted-printable and charsets are read leniently: only the card without
    // END:VCARD is refused.
    assert_eq!(malformed, vec![17]);
    assert!(refused
        .iter()
        .any(|r| r.0 == "khard-unparsable.vcf" && r.2.contains("END:VCARD")));
    assert!(
        by_last_name(&all, "Martin")["phone"] == "+33611223344"
            && by_last_name(&all, "Petit")["email"] == "louis.petit@example.fr"
    );
    // Importing them all again creates nothing.
    let n = env.count("customer");
    for f in &files {
        let name = f.file_name().unwrap().to_str().unwrap();
        let (_, v) = import(
            &env,
            &["vcard", env.path(name).to_str().unwrap(), "--dry-run"],
        );
        assert_eq!(v["created"], 0, "{name}: {v:#}");
    }
    assert_eq!(env.count("customer"), n);
}

#[test]
fn malformed_cards_go_to_a_rejected_vcf() {
    let env = manager_env();
    let path = copy(&env, "vcard/malformed.vcf");
    let (r, v) = import(&env, &["vcard", &path]);
    assert_eq!(
        (r.code, v["created"].as_u64(), v["refused"].as_u64()),
        (2, Some(5), Some(1))
    );
    let text = std::fs::read_to_string(env.path("malformed.rejected.vcf")).unwrap();
    assert_eq!(text.lines().filter(|l| *l == "BEGIN:VCARD").count(), 1);
    assert_eq!(text.lines().filter(|l| *l == "END:VCARD").count(), 1);
    assert!(
        text.contains("X-COMPTOIR-REASON:line 17: malformed card skipped: no END:VCARD"),
        "{text}"
    );
    // What had to be guessed is a warning on the card's line.
    let warnings = v["warnings"].to_string();
    for expected in [
        "broken quoted-printable sequence `=ZZ` kept as written (line 9)",
        "not valid UTF-8 (vCard 3.0 and 4.0 are UTF-8): read as windows-1252 (line 14)",
        "unknown charset `X-KLINGON`: read as UTF-8 (line 23)",
    ] {
        assert!(warnings.contains(expected), "{expected}: {warnings}");
    }
    let list = customers(&env);
    assert_eq!(by_last_name(&list, "Worf")["first_name"], Value::Null);
    assert_eq!(by_last_name(&list, "Bad=ZZQP")["first_name"], "Card");
}

/// A UTF-16 file with its byte-order mark, as Excel's "Unicode text" and some phones
/// write them.
fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
    let mut bytes = if little_endian {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for unit in text.encode_utf16() {
        if little_endian {
            bytes.extend(unit.to_le_bytes());
        } else {
            bytes.extend(unit.to_be_bytes());
        }
    }
    bytes
}

#[test]
fn utf16_csv_and_vcard_files_import_alike_dry_run_first_then_with_their_refusals_kept() {
    let env = manager_env();
    let csv = env.path("clients.csv");
    let rows = "Prénom;Nom;E-mail\r\nZoé;Müller;zoe@example.fr\r\n;;not-an-email\r\n";
    std::fs::write(&csv, utf16(rows, true)).unwrap();
    let vcf = env.path("contacts.vcf");
    let cards = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Fàbregas;Anaïs;;;\r\nFN:Anaïs Fàbregas\r\n\
                 EMAIL:anais@example.es\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\n\
                 EMAIL:hugo-at-example\r\nEND:VCARD\r\n";
    std::fs::write(&vcf, utf16(cards, false)).unwrap();
    let (csv, vcf) = (csv.to_str().unwrap(), vcf.to_str().unwrap());

    for (format, file, rejected) in [
        ("csv", csv, "clients.rejected.csv"),
        ("vcard", vcf, "contacts.rejected.vcf"),
    ] {
        let (_, dry) = import(&env, &[format, file, "--dry-run"]);
        assert_eq!(
            (dry["created"].as_u64(), dry["refused"].as_u64()),
            (Some(1), Some(1)),
            "{format}: {dry:#}"
        );
        assert_eq!(dry["committed"], false, "{format}");
        assert!(dry["rejected_file"].is_null(), "{format}: {dry:#}");
        assert!(!env.path(rejected).exists(), "{format}: nothing written");
        assert_eq!(env.count("customer"), 0, "{format}: dry run");
    }
    let (r, v) = import(&env, &["csv", csv]);
    assert_eq!(r.code, 2, "{v:#}");
    assert_eq!(
        v["delimiter"], ";",
        "the delimiter is sniffed from the decoded text"
    );
    assert!(
        v["encoding"].as_str().unwrap().contains("UTF-16LE"),
        "{v:#}"
    );
    let (r, v) = import(&env, &["vcard", vcf]);
    assert_eq!(r.code, 2, "{v:#}");
    assert_eq!(v["committed"], true);
    let list = customers(&env);
    assert_eq!(by_last_name(&list, "Müller")["first_name"], "Zoé");
    assert_eq!(by_last_name(&list, "Fàbregas")["first_name"], "Anaïs");
    assert_eq!(list.len(), 2);
    let rows = std::fs::read_to_string(env.path("clients.rejected.csv")).unwrap();
    assert!(
        rows.starts_with("\u{feff}Prénom;Nom;E-mail;comptoir_line;comptoir_reason"),
        "{rows}"
    );
    assert!(rows.contains(";;not-an-email;3;"), "{rows}");
    let refused = std::fs::read_to_string(env.path("contacts.rejected.vcf")).unwrap();
    assert!(
        refused.contains("EMAIL:hugo-at-example") && refused.contains("X-COMPTOIR-REASON:line 7: "),
        "{refused}"
    );
    assert!(!refused.contains("Anaïs"), "{refused}");
}

#[test]
fn bad_secondary_values_cost_the_value_not_the_customer() {
    let env = manager_env();
    let csv = env.path("phonebook.csv");
    std::fs::write(
        &csv,
        "First Name,Last Name,Email,Mobile,Phone,Postal Code,Country\n\
         Anna,Roux,\"\"\"Anna Roux\"\" <anna.roux@example.org>\",06 12 34 56 78,06 12 34 56,75002,FR\n\
         Jean,Martin,jean@,+33 6 98 76 54 32,,ABCDE,FR\n\
         ,,still-not-an-email,,,,FR\n",
    )
    .unwrap();
    let (r, v) = import(&env, &["csv", csv.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{v:#}");
    assert_eq!(
        (v["created"].as_u64(), v["refused"].as_u64()),
        (Some(2), Some(1)),
        "{v:#}"
    );
    let list = customers(&env);
    let anna = by_last_name(&list, "Roux");
    assert_eq!(anna["email"], "anna.roux@example.org");
    assert_eq!(anna["phone"], "+33612345678");
    assert!(anna["phone2"].is_null(), "{anna:#}");
    assert_eq!(
        anna["personal_note"],
        "imported, not valid: Phone 06 12 34 56"
    );
    let jean = by_last_name(&list, "Martin");
    assert!(jean["email"].is_null(), "{jean:#}");
    assert!(jean["address"]["postal_code"].is_null(), "{jean:#}");
    let note = jean["personal_note"].as_str().unwrap();
    assert!(
        note.contains("Email jean@") && note.contains("Postal Code ABCDE"),
        "{note}"
    );
    // Each kept-aside value is a warning with its line and column.
    let warnings = v["warnings"].as_array().unwrap();
    let at = |line: u64, column: &str| {
        warnings
            .iter()
            .any(|w| w["line"] == line && w["column"] == column)
    };
    assert!(at(2, "Email"), "the display name: {v:#}");
    assert!(
        at(2, "Phone") && at(3, "Email") && at(3, "Postal Code"),
        "{v:#}"
    );
    // The row with nothing valid left is refused and goes to the rejected file.
    assert_eq!(v["refusals"][0]["line"], 4);
}

#[test]
fn setting_groups_tax_or_credit_limits_needs_the_manager_pin() {
    let env = manager_env();
    let csv = env.path("groups.csv");
    std::fs::write(
        &csv,
        "First Name,Last Name,Email,Group,Tags\nAnna,Roux,anna@example.org,VIP,VIP\n",
    )
    .unwrap();
    let file = csv.to_str().unwrap();
    let without = |args: &[&str]| {
        let mut a = vec!["import", "csv", file, "--json"];
        a.extend_from_slice(args);
        env.run(&a)
    };
    // Without the PIN: the real run is refused naming the columns and the way out, the
    // dry run says it in its notices.
    let r = without(&[]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let v = r.json();
    assert_eq!(v["error"]["kind"], "manager");
    let msg = v["error"]["message"].as_str().unwrap();
    assert!(
        msg.starts_with("column(s) Group set a customer's group") && msg.contains("Group=ignore"),
        "{msg}"
    );
    let r = without(&["--dry-run"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.json()["notices"].to_string().contains("a manager's act"));
    assert_eq!(env.count("customer"), 0);
    // Leaving the column out imports; the tags then never set a group.
    let r = without(&["--map", "Group=ignore"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(customers(&env)[0]["group"].is_null());
    // A wrong PIN is refused and counted; the right one imports the group.
    let r = env.run_with(
        &["import", "csv", file, "--json"],
        None,
        &[("COMPTOIR_MANAGER_PIN", "111111")],
    );
    assert_eq!(r.code, 1);
    assert_eq!(r.json()["error"]["kind"], "manager");
}

/// Groups the file names that the shop does not have: listed by the dry run (not by a
/// cashier's run, where no row may set a group), created by `--create-groups` with the
/// manager PIN (audited, no discount) before the rows go into them.
#[test]
fn unknown_groups_are_listed_then_created_on_request() {
    let env = manager_env();
    let path = env.path("groups.csv");
    std::fs::write(
        &path,
        "first_name,last_name,email,group\n\
         Anne,Roux,anne@example.org,Pros\n\
         Paul,Roux,paul@example.org,pros\n\
         Lea,Blanc,lea@example.org,VIP Or\n",
    )
    .unwrap();
    let file = path.to_str().unwrap();
    let (r, v) = import(&env, &["csv", file, "--dry-run"]);
    assert_eq!(r.code, 0, "{v:#}");
    assert_eq!(
        v["unknown_groups"],
        serde_json::json!([{ "name": "Pros", "rows": 2 }, { "name": "VIP Or", "rows": 1 }])
    );
    let text = env.run_with(
        &["import", "csv", file, "--dry-run"],
        None,
        &[("COMPTOIR_MANAGER_PIN", PIN)],
    );
    assert!(
        text.stdout.contains("Pros (2 rows), VIP Or (1 rows)")
            && text.stdout.contains("--create-groups"),
        "{}",
        text.stdout
    );
    // Without the PIN, --create-groups is refused and nothing is written.
    let refused = env.run_with(&["import", "csv", file, "--create-groups"], None, &[]);
    assert_eq!(refused.code, 1, "{}{}", refused.stdout, refused.stderr);
    assert!(refused.stderr.contains("manager PIN"), "{}", refused.stderr);
    assert_eq!(env.count("customer"), 0);
    let (r, v) = import(&env, &["csv", file, "--create-groups"]);
    assert_eq!((r.code, v["created"].as_u64()), (0, Some(3)), "{v:#}");
    assert_eq!(env.count("customer_group"), 2);
    assert_eq!(
        env.count_where("customer", "group_id IS NOT NULL"),
        3,
        "every row in its group"
    );
    assert_eq!(env.count_where("audit_log", "action = 'group.create'"), 2);
}
