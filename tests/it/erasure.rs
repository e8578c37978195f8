//! Anonymise and delete leave no copy behind: after `customers delete`, the customer's
//! name is in none of the bytes of the database or its write-ahead log (secure_delete
//! zeroes freed cells, the WAL is checkpointed and truncated). The search index cannot be
//! checked by bytes (its term dictionary is an FST that packs letters into state bytes):
//! `search::sync`'s tests read its terms back through tantivy instead.

use std::path::PathBuf;

use crate::helpers::Env;

const PIN: &str = "2468";

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

fn run_ok(env: &Env, args: &[&str], stdin: Option<&str>) -> String {
    let r = env.run_with(args, stdin, &[("COMPTOIR_MANAGER_PIN", PIN)]);
    assert_eq!(r.code, 0, "{args:?}: {}{}", r.stdout, r.stderr);
    r.stdout
}

#[test]
fn deleted_and_anonymised_names_leave_neither_the_database_nor_its_wal() {
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
    for name in ["Quixotrampe", "Zebulondrak"] {
        assert!(!holding(&places, name).is_empty(), "{name}: stored");
    }

    let out = run_ok(&env, &["customers", "delete", &removed], None);
    assert!(out.contains("Removed"), "{out}");
    let out = run_ok(&env, &["customers", "delete", &anonymised], None);
    assert!(out.contains("Anonymised"), "{out}");
    for name in ["Quixotrampe", "Zebulondrak"] {
        assert_eq!(
            holding(&places, name),
            Vec::<PathBuf>::new(),
            "{name} left behind"
        );
    }
    // The index still answers, without them.
    let found = run_ok(
        &env,
        &["customers", "search", "Quixotrampe", "--json"],
        None,
    );
    assert!(!found.contains("Quixotrampe"), "{found}");
}
