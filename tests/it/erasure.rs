//! Anonymise and delete leave no copy behind: after `customers delete`, the customer's
//! name is in none of the bytes of the database or its write-ahead log (secure_delete
//! zeroes freed cells, the WAL is checkpointed and truncated), nor in any term of the
//! search index. The index cannot be checked by bytes (its term dictionary is an FST
//! that packs letters into state bytes): its terms are read back through tantivy.

use std::path::PathBuf;

use crate::helpers::Env;

const PIN: &str = "246813";

/// The files among `paths` whose bytes hold `word`, ignoring ASCII case.
fn holding(paths: &[PathBuf], word: &str) -> Vec<PathBuf> {
    let word = word.to_ascii_lowercase().into_bytes();
    paths
        .iter()
        .filter(|f| {
            let bytes = std::fs::read(f).unwrap_or_default().to_ascii_lowercase();
            bytes.windows(word.len()).any(|w| w == word)
        })
        .cloned()
        .collect()
}

/// Every term of every field of every segment of the index at `path`.
fn index_terms(path: &std::path::Path) -> Vec<String> {
    let index = tantivy::Index::open_in_dir(path).unwrap();
    let searcher = index.reader().unwrap().searcher();
    let mut terms = Vec::new();
    for seg in searcher.segment_readers() {
        for (field, _) in index.schema().fields() {
            let Ok(inverted) = seg.inverted_index(field) else {
                continue;
            };
            let mut stream = inverted.terms().stream().unwrap();
            while stream.advance() {
                terms.push(String::from_utf8_lossy(stream.key()).into_owned());
            }
        }
    }
    terms
}

fn run_ok(env: &Env, args: &[&str], stdin: Option<&str>) -> String {
    let r = env.run_with(args, stdin, &[("COMPTOIR_MANAGER_PIN", PIN)]);
    assert_eq!(r.code, 0, "{args:?}: {}{}", r.stdout, r.stderr);
    r.stdout
}

#[test]
fn deleted_and_anonymised_names_leave_neither_the_database_its_wal_nor_the_index() {
    let env = Env::with_manager_pin(PIN);
    run_ok(&env, &["demo", "--customers", "40", "--seed", "4"], None);
    let added = run_ok(
        &env,
        &["customers", "add", "--json"],
        Some(
            r#"{"first_name": "Ottilie", "last_name": "Quixotrampe", "email": "ottilie@quixotrampe.example"}"#,
        ),
    );
    let removed: serde_json::Value = serde_json::from_str(&added).unwrap();
    let removed = removed["id"].as_str().unwrap().to_string();
    let with_sales: Vec<u8> = rusqlite::Connection::open(env.db())
        .unwrap()
        .query_row(
            "SELECT customer_id FROM sale WHERE customer_id IS NOT NULL LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let anonymised = uuid::Uuid::from_slice(&with_sales).unwrap().to_string();
    run_ok(
        &env,
        &["customers", "edit", &anonymised],
        Some(r#"{"last_name": "Zebulondrak", "personal_note": "Zebulondrak likes tea"}"#),
    );
    run_ok(&env, &["reindex"], None);

    let db = env.db();
    let mut wal = db.clone().into_os_string();
    wal.push("-wal");
    let places = [db.clone(), PathBuf::from(wal)];
    let index = db.with_file_name("comptoir.index");
    let terms = index_terms(&index);
    for name in ["Quixotrampe", "Zebulondrak"] {
        assert!(!holding(&places, name).is_empty(), "{name}: stored");
        let folded = name.to_lowercase();
        assert!(terms.iter().any(|t| t.contains(&folded)), "{name}: indexed");
    }

    let out = run_ok(&env, &["customers", "delete", &removed], None);
    assert!(out.contains("Removed"), "{out}");
    let out = run_ok(&env, &["customers", "delete", &anonymised], None);
    assert!(out.contains("Anonymised"), "{out}");
    let terms = index_terms(&index);
    for name in ["Quixotrampe", "Zebulondrak"] {
        assert_eq!(
            holding(&places, name),
            Vec::<PathBuf>::new(),
            "{name} left behind"
        );
        let folded = name.to_lowercase();
        let left: Vec<&String> = terms.iter().filter(|t| t.contains(&folded)).collect();
        assert!(left.is_empty(), "{name} left in the index: {left:?}");
    }
    // The index still answers, without them.
    let found = run_ok(
        &env,
        &["customers", "search", "Quixotrampe", "--json"],
        None,
    );
    assert!(!found.contains("Quixotrampe"), "{found}");
}
