//! `comptoir check-store`: is the shop's database healthy? Runs `store::health`'s checks
//! (SQLite's integrity and foreign keys, every sale paid in full, ticket numbers unique
//! and gap-free per register) and, unless `--no-index`, brings the search index up to
//! date and compares its customers with the store's. The checks only read; opening the
//! store, as every command does, first undoes an import whose process died between two
//! of its chunks (`store::import_run`), so what is checked is the database as the next
//! register start will see it. The index may be caught up or rebuilt (it is derived).
//! Exit 0: healthy; 1: a problem found, or the check could not run. The crash campaign
//! (scripts/crash-campaign.sh) runs it after every kill.

use std::collections::HashSet;
use std::process::ExitCode;

use anyhow::Context;
use comptoir::config::Config;
use comptoir::search::SearchIndex;
use comptoir::store::{health, Store};
use serde::Serialize;

use super::{dataln, outln};

/// The search index against the store.
#[derive(Debug, Default, Serialize)]
struct IndexHealth {
    checked: bool,
    /// Why it was not checked (held by a running register, unreadable...).
    error: Option<String>,
    documents: usize,
    /// Live customers the index does not find.
    missing: usize,
    /// Documents of customers gone or anonymised.
    extra: usize,
}

/// `comptoir check-store [--json] [--no-index]`.
pub fn check_store(config: &Config, json: bool, no_index: bool) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(
        config.database.exists(),
        "no database at {}",
        config.database.display()
    );
    let store = Store::open(&config.database)
        .with_context(|| format!("cannot open the database {}", config.database.display()))?;
    let h = health::check(store.conn())?;
    let index = if no_index {
        IndexHealth::default()
    } else {
        index_health(config, &store)?
    };
    let ok = h.ok() && (!index.checked || (index.missing == 0 && index.extra == 0));
    if json {
        let v = serde_json::json!({ "ok": ok, "store": h, "index": index });
        dataln!("{v}")?;
    } else {
        outln!(
            "{}: {} customers, {} sales",
            config.database.display(),
            h.customers,
            h.sales
        )?;
        for (what, list) in [
            ("integrity", &h.integrity),
            ("foreign key", &h.foreign_keys),
            ("sale not paid in full", &h.unpaid_sales),
            ("ticket numbers", &h.numbering),
        ] {
            for p in list {
                outln!("problem: {what}: {p}")?;
            }
        }
        match (&index.error, index.checked) {
            (Some(e), _) => outln!("search index not checked: {e}")?,
            (None, true) => outln!(
                "search index: {} customers, {} missing, {} extra",
                index.documents,
                index.missing,
                index.extra
            )?,
            (None, false) => {}
        }
        outln!("{}", if ok { "healthy" } else { "NOT healthy" })?;
    }
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn index_health(config: &Config, store: &Store) -> anyhow::Result<IndexHealth> {
    let idx = match SearchIndex::open_or_rebuild(&config.index, store.conn(), &mut |_, _| {}) {
        Ok(i) => i,
        Err(e) => {
            return Ok(IndexHealth {
                error: Some(e.to_string()),
                ..IndexHealth::default()
            })
        }
    };
    let indexed: HashSet<_> = idx.ids()?.into_iter().collect();
    let live: HashSet<_> = health::live_customer_ids(store.conn())?
        .into_iter()
        .collect();
    Ok(IndexHealth {
        checked: true,
        error: None,
        documents: indexed.len(),
        missing: live.difference(&indexed).count(),
        extra: indexed.difference(&live).count(),
    })
}
