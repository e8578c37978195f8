//! Hostile files: none panics, each gets a clear report, nothing wrong is stored; and an
//! import killed between two of its chunks leaves the database as it was once the store
//! is opened again.

use std::io::Write;
use std::time::{Duration, Instant};

use super::import;
use crate::helpers::Env;

fn write(env: &Env, name: &str, bytes: &[u8]) -> String {
    let p = env.path(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_str().unwrap().to_string()
}

#[test]
fn a_50_mb_line_stops_the_import_naming_the_line() {
    let env = Env::new();
    let mut f = b"First Name,Last Name,Email\nAnna,Good,anna@example.fr\n".to_vec();
    f.extend(std::iter::repeat_n(b'x', 50 * 1024 * 1024));
    f.extend_from_slice(b"\nBert,Good,bert@example.fr\n");
    let path = write(&env, "big.csv", &f);
    let (r, v) = import(&env, &["csv", &path]);
    assert_eq!(r.code, 1);
    assert_eq!(v["error"]["kind"], "format");
    let msg = v["error"]["message"].as_str().unwrap();
    assert!(
        msg.contains("line 3 is longer than 4 MiB") && msg.contains("nothing was imported"),
        "{msg}"
    );
    assert_eq!(env.count("customer"), 0);
}

#[test]
fn binary_files_are_refused_saying_what_they_are() {
    let env = Env::new();
    let mut noise = Vec::new();
    let mut x: u32 = 12345;
    for _ in 0..100_000 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        noise.push((x >> 16) as u8);
    }
    for (name, bytes, expect) in [
        ("noise.csv", noise.clone(), "binary"),
        (
            "book.csv",
            b"PK\x03\x04\x14\x00\x06\x00rest".to_vec(),
            "xlsx",
        ),
        ("noise.vcf", noise, "binary"),
    ] {
        let path = write(&env, name, &bytes);
        let kind = if name.ends_with("vcf") {
            "vcard"
        } else {
            "csv"
        };
        let (r, v) = import(&env, &[kind, &path]);
        assert_eq!(r.code, 1, "{name}");
        assert!(
            v["error"]["message"].as_str().unwrap().contains(expect),
            "{name}: {v}"
        );
    }
    let path = write(&env, "empty.csv", b"");
    let (r, v) = import(&env, &["csv", &path]);
    assert_eq!(r.code, 1);
    assert!(v["error"]["message"].as_str().unwrap().contains("empty"));
    assert_eq!(env.count("customer"), 0);
}

#[test]
fn an_unterminated_quote_refuses_the_swallowed_row_and_says_where() {
    let env = Env::new();
    let csv = "First Name,Last Name,Email\nAnna,Good,anna@example.fr\nBert,\"Never closed,bert@example.fr\nCarl,Lost,carl@example.fr\nDora,Lost,dora@example.fr\n";
    let path = write(&env, "quote.csv", csv.as_bytes());
    let (r, v) = import(&env, &["csv", &path]);
    assert_eq!(r.code, 2, "{v:#}");
    assert_eq!(
        (v["created"].as_u64(), v["refused"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(v["refusals"][0]["line"], 3);
    let notices = v["notices"].to_string();
    assert!(
        notices.contains("quote opened at line 3 is never closed"),
        "{notices}"
    );
    assert_eq!(env.count("customer"), 1);
    // In a big file the swallowed row hits the row-size guard instead.
    let mut big = b"First Name,Last Name\nAnna,\"Open\n".to_vec();
    for i in 0..300_000 {
        big.extend_from_slice(format!("Name{i},Last{i}\n").as_bytes());
    }
    let path = write(&env, "quote-big.csv", &big);
    let (r, v) = import(&env, &["csv", &path]);
    assert_eq!(r.code, 1);
    let msg = v["error"]["message"].as_str().unwrap();
    assert!(
        msg.contains("row starting at line 2") && msg.contains("never closed"),
        "{msg}"
    );
}

#[test]
fn a_thousand_columns() {
    let env = Env::new();
    let mut header: Vec<String> = vec!["First Name".into(), "Last Name".into(), "Email".into()];
    header.extend((3..1000).map(|i| format!("extra {i}")));
    let mut row: Vec<String> = vec!["Anna".into(), "Wide".into(), "anna.wide@example.fr".into()];
    row.extend((3..1000).map(|i| format!("v{i}")));
    let csv = format!("{}\n{}\n", header.join(","), row.join(","));
    let path = write(&env, "wide.csv", csv.as_bytes());
    let (r, v) = import(&env, &["csv", &path]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(v["ignored_columns"].as_array().unwrap().len(), 997);
    assert_eq!(v["created"], 1);
    // Nothing maps: a clear refusal of the file.
    let csv = format!(
        "{}\n{}\n",
        (0..1000)
            .map(|i| format!("c{i}"))
            .collect::<Vec<_>>()
            .join(","),
        "x,".repeat(999)
    );
    let path = write(&env, "nothing.csv", csv.as_bytes());
    let (r, v) = import(&env, &["csv", &path]);
    assert_eq!(r.code, 1);
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("(1000 in all)"),
        "{v}"
    );
}

#[test]
fn wrong_encoding_guesses_refuse_rows_instead_of_storing_mojibake() {
    let env = Env::new();
    // UTF-8 for the first 64 KiB (the sniffed part), Windows-1252 further down.
    let mut f = b"First Name,Last Name,Email\n".to_vec();
    let mut i = 0;
    while f.len() < 70 * 1024 {
        f.extend_from_slice(format!("Zoé{i},Dupont,zoe{i}@example.fr\n").as_bytes());
        i += 1;
    }
    f.extend_from_slice(b"Ren\xe9,Lat\xefn,rene@example.fr\n");
    let path = write(&env, "mixed.csv", &f);
    let (r, v) = import(&env, &["csv", &path, "--dry-run"]);
    assert_eq!(
        (r.code, v["refused"].as_u64(), v["created"].as_u64()),
        (2, Some(1), Some(i))
    );
    let msg = v["refusals"][0]["message"].as_str().unwrap();
    assert!(
        msg.contains("not valid UTF-8") && msg.contains("--encoding windows-1252"),
        "{msg}"
    );
    // A UTF-8 file read with --encoding windows-1252 would store "MÃ©lanie".
    let path = write(
        &env,
        "utf8.csv",
        "First Name,Last Name\nMélanie,Dupont\nPaul,Martin\n".as_bytes(),
    );
    let (r, v) = import(&env, &["csv", &path, "--encoding", "windows-1252"]);
    assert_eq!(
        (r.code, v["created"].as_u64(), v["refused"].as_u64()),
        (2, Some(1), Some(1))
    );
    assert!(v["refusals"][0]["message"]
        .as_str()
        .unwrap()
        .contains("looks like UTF-8"));
    assert!(!super::customers(&env)
        .iter()
        .any(|c| c["first_name"].as_str().unwrap().contains('Ã')));
}

#[test]
fn spreadsheet_oddities_are_read() {
    let env = Env::new();
    // Semicolons, CRLF, a BOM, a quoted field with the delimiter and a line break,
    // trailing delimiters, blank lines, a short row, a row of empty cells.
    let csv = "\u{feff}Prénom;Nom;Téléphone;Note;\r\n\r\nAnne;Dupré;06 12 34 56 78;\"un; deux\r\ntrois\";\r\n;;;;\r\nLéa;Roux\r\n\r\n";
    let path = write(&env, "odd.csv", csv.as_bytes());
    let (r, v) = import(&env, &["csv", &path]);
    assert_eq!(r.code, 0, "{v:#}");
    assert_eq!(
        (
            v["rows_read"].as_u64(),
            v["created"].as_u64(),
            v["delimiter"].as_str()
        ),
        (Some(2), Some(2), Some(";"))
    );
    let all = super::customers(&env);
    assert_eq!(
        super::by_last_name(&all, "Dupré")["personal_note"],
        "un; deux\ntrois"
    );
    let (_, v) = import(&env, &["csv", &path, "--dry-run"]);
    assert_eq!(
        v["matches"][1]["line"], 6,
        "physical line of the row after a multi-line cell"
    );
    assert_eq!(v["matches"][1]["matched_on"], "name");
}

#[test]
fn killed_half_way_leaves_the_database_as_it_was() {
    let env = Env::new();
    let one = "First Name,Last Name,Email\nFirst,Before,first@example.fr\n";
    let path = write(&env, "one.csv", one.as_bytes());
    assert_eq!(import(&env, &["csv", &path]).0.code, 0);
    let big = env.path("big.csv");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&big).unwrap());
    writeln!(f, "First Name,Last Name,Email,Phone").unwrap();
    for i in 0..400_000u32 {
        writeln!(
            f,
            "Name{i},Last{i},user{i}@example.fr,06 {:02} {:02} {:02} {:02}",
            i / 1_000_000 % 100,
            i / 10_000 % 100,
            i / 100 % 100,
            i % 100
        )
        .unwrap();
    }
    drop(f);
    let mut child = env
        .command(&["import", "csv", big.to_str().unwrap()])
        .spawn()
        .unwrap();
    let start = Instant::now();
    // Wait until the import has committed chunks (another connection sees its rows), then
    // kill it between two of them.
    while env.count("customer") < 2_000 {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the import finished before it could be killed"
        );
        assert!(start.elapsed() < Duration::from_secs(120));
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    // Its chunks are there until the next open of the store, which undoes the run.
    assert!(env.count("customer") > 1);
    assert_eq!(env.count_where("import_run", "status = 'running'"), 1);
    let check = env.run(&["check-store", "--json"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    assert_eq!(check.json()["index"]["missing"], 0);
    assert_eq!(check.json()["index"]["extra"], 0);
    assert_eq!(env.count("customer"), 1);
    assert_eq!(env.count("audit_log"), 1);
    assert_eq!(env.count_where("import_run", "status = 'rolled back'"), 1);
    assert_eq!(env.count("import_undo"), 0);
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let locks = std::fs::read_dir(env.db().parent().unwrap())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains("-import-")
        })
        .count();
    assert_eq!(locks, 0, "the dead run's lock file is gone");
    assert!(!env.path("big.rejected.csv").exists());
}
