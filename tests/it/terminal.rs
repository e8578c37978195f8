//! Nothing from a file, a database or a device reaches the terminal raw: the CLI's
//! human-readable output (stdout and stderr) carries no ESC or BEL byte whatever the
//! text it quotes, and a value with line breaks cannot fake rows of its own. JSON output
//! is data: serde_json escapes control characters there.

use crate::helpers::{Env, Run};

/// An OSC title sequence and a clear-screen sequence.
const HOSTILE: &str = "\u{1b}]0;pwned\u{7}\u{1b}[2J";

/// Ordinary rows, so that a few control bytes stay under the binary-file threshold (1 %).
fn padding() -> String {
    (0..40)
        .map(|i| format!("Name{i},name{i}@example.org,\n"))
        .collect()
}

fn assert_clean(what: &str, r: &Run) {
    for (name, text) in [("stdout", &r.stdout), ("stderr", &r.stderr)] {
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{what}: raw control bytes on {name}: {text:?}"
        );
    }
}

#[test]
fn the_import_report_shows_hostile_columns_and_cells_neutralised() {
    let env = Env::new();
    let csv = env.path("hostile.csv");
    let text = format!(
        "last_name,email,\"Notes{HOSTILE}\"\n,\"not an e-mail{HOSTILE}\",x\n\
         Martin,\"m@example.org\",\"line\nbreak\"\n{}",
        padding()
    );
    std::fs::write(&csv, text).unwrap();
    let r = env.run(&["import", "csv", csv.to_str().unwrap(), "--dry-run"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("pwned"),
        "the text is shown: {}",
        r.stdout
    );
    assert_clean("csv dry run", &r);
    // The same as data: JSON escapes the control characters.
    let r = env.run(&[
        "import",
        "csv",
        csv.to_str().unwrap(),
        "--dry-run",
        "--json",
    ]);
    assert_clean("csv dry run --json", &r);
    assert!(r.stdout.contains("\\u001b]0;pwned"), "{}", r.stdout);
}

#[test]
fn the_vcard_report_shows_quoted_printable_and_charset_snippets_neutralised() {
    let env = Env::new();
    let vcf = env.path("hostile.vcf");
    std::fs::write(
        &vcf,
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN;ENCODING=QUOTED-PRINTABLE:Dupont=1B]0;pwned=07=1B[2J;Jean\r\n\
         EMAIL;ENCODING=QUOTED-PRINTABLE:bad=1B[2J@\r\nEND:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:3.0\r\nN:Ok;A\r\nEMAIL;CHARSET=\u{1b}[2J:a@example.org\r\n\
         END:VCARD\r\n",
    )
    .unwrap();
    let r = env.run(&["import", "vcard", vcf.to_str().unwrap(), "--dry-run"]);
    assert!(r.code == 1 || r.code == 2, "{}{}", r.stdout, r.stderr);
    assert_clean("vcard dry run", &r);
}

#[test]
fn a_mapping_error_quoting_the_header_is_neutralised() {
    let env = Env::new();
    let csv = env.path("unknown.csv");
    let rows = padding().replace(",\n", "\n");
    std::fs::write(&csv, format!("\"A{HOSTILE}\",\"B{HOSTILE}\"\n1,2\n{rows}")).unwrap();
    let r = env.run(&["import", "csv", csv.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("no column of the header"), "{}", r.stderr);
    assert_clean("mapping error", &r);
    let r = env.run(&[
        "import",
        "csv",
        csv.to_str().unwrap(),
        "--map",
        &format!("C{HOSTILE}=email"),
    ]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert_clean("--map error", &r);
}

#[test]
fn customers_show_and_list_neutralise_stored_text_and_notes_fake_no_rows() {
    let env = Env::new();
    let added = env.run_with(
        &["customers", "add", "--json"],
        Some(r#"{"last_name": "Dupont", "personal_note": "likes tea\n     email  fake@example.org\tx"}"#),
        &[],
    );
    assert_eq!(added.code, 0, "{}", added.stderr);
    let id = added.json()["id"].as_str().unwrap().to_string();
    // Text the validation would refuse, written behind its back (a hand-edited file).
    rusqlite::Connection::open(env.db())
        .unwrap()
        .execute(
            "UPDATE customer SET first_name = ?1, city = ?1",
            [format!("Jean{HOSTILE}")],
        )
        .unwrap();
    let r = env.run(&["customers", "show", &id]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_clean("customers show", &r);
    assert!(r.stdout.contains("likes tea"), "{}", r.stdout);
    // The card's rows are `{key:>10}  {value}`: a faked row has "email" in the key column.
    let email_rows: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| l.get(..10).map(str::trim) == Some("email"))
        .collect();
    assert!(email_rows.is_empty(), "a note faked a row: {}", r.stdout);
    assert!(!r.stdout.contains('\t'), "{:?}", r.stdout);
    let r = env.run(&["customers", "list"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_clean("customers list", &r);
    let r = env.run(&["customers", "show", &id, "--json"]);
    assert_clean("customers show --json", &r);
}
