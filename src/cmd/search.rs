//! `comptoir customers search|find-ref` and `comptoir reindex`, plus the index update
//! that follows every committed change made from the command line.

use std::process::ExitCode;
use std::time::Instant;

use super::{dataln, errln, outln};
use anyhow::Context;
use comptoir::config::Config;
use comptoir::domain::customer::Customer;
use comptoir::domain::validate;
use comptoir::search::{parse_fields, Mode, Request, SearchError, SearchField, SearchIndex};
use comptoir::store::lookup::customer_by_scan;
use comptoir::store::{customers, Store};
use indicatif::{ProgressBar, ProgressStyle};

/// Brings the search index up to date after a command committed changes. The change is
/// already safe in the database: a missing index is rebuilt at the next start, and one
/// held by a running register is caught up by that register, so failures are only logged.
pub fn sync_index(config: &Config, store: &Store) {
    match SearchIndex::refresh(&config.index, store.conn()) {
        Ok(n) => tracing::debug!(changes = n, "search index up to date"),
        Err(e) => tracing::warn!("search index not updated now ({e}); it catches up later"),
    }
}

/// Opens the search index, building it (with a progress bar) when missing or stale, and
/// catches it up with the store.
pub fn open_index(config: &Config, store: &Store) -> anyhow::Result<SearchIndex> {
    let bar = progress_bar();
    let idx = SearchIndex::open_or_rebuild(&config.index, store.conn(), &mut |done, total| {
        bar.set_length(total);
        bar.set_position(done);
    })
    .with_context(|| format!("search index {}", config.index.display()))?;
    bar.finish_and_clear();
    Ok(idx)
}

/// A progress bar on a terminal, hidden when stderr is not one.
fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("indexing {bar:40} {pos}/{len} customers ({eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// `comptoir reindex`.
pub fn reindex(config: &Config) -> anyhow::Result<ExitCode> {
    let store = Store::open(&config.database)
        .with_context(|| format!("cannot open the database {}", config.database.display()))?;
    let started = Instant::now();
    let bar = progress_bar();
    let mut idx = SearchIndex::rebuild(&config.index, store.conn(), &mut |done, total| {
        bar.set_length(total);
        bar.set_position(done);
    })?;
    bar.finish_and_clear();
    let built = started.elapsed().as_secs_f64();
    // One segment: the searches that follow read one dictionary per term.
    idx.compact()?;
    outln!(
        "indexed {} customers in {built:.1} s, merged in {:.1} s ({:.1} MB) -> {}",
        idx.len(),
        started.elapsed().as_secs_f64() - built,
        idx.disk_size() as f64 / 1e6,
        config.index.display()
    )?;
    Ok(ExitCode::SUCCESS)
}

/// The fields and mode of a text search from its options (`--fields`, else the config's
/// default fields; `--advanced`), as `customers search` and `export --query` choose them.
pub fn fields_and_mode(
    config: &Config,
    fields: Option<Vec<String>>,
    advanced: bool,
) -> anyhow::Result<(Vec<SearchField>, Mode)> {
    let fields = match fields {
        Some(names) => parse_fields(&names).map_err(anyhow::Error::msg)?,
        None => config.search_fields.clone(),
    };
    // `[search] advanced_default` is the picker's starting mode; a command says its mode.
    let mode = if advanced {
        Mode::Advanced
    } else {
        Mode::Simple
    };
    Ok((fields, mode))
}

/// What `customers search` and `find-ref` are asked.
pub enum Lookup {
    Text {
        query: String,
        fields: Option<Vec<String>>,
        advanced: bool,
        limit: usize,
    },
    Reference(String),
}

/// `comptoir customers search` / `find-ref`. A text search asks the search index; a
/// reference is looked up in the store by the register's own rule
/// (`store::lookup::customer_by_scan`), so a card the register knows is found here too.
pub fn search(
    config: &Config,
    store: &Store,
    lookup: Lookup,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let (ids, started) = match &lookup {
        Lookup::Text {
            query,
            fields,
            advanced,
            limit,
        } => {
            let mut idx = open_index(config, store)?;
            let started = Instant::now();
            let (fields, mode) = fields_and_mode(config, fields.clone(), *advanced)?;
            let req = Request {
                text: query,
                mode,
                fields: &fields,
                limit: *limit,
            };
            let ids = idx
                .search(&req)
                .map_err(|e: SearchError| anyhow::anyhow!(e))?
                .into_iter()
                .map(|h| (h.id, h.score, h.typo))
                .collect::<Vec<_>>();
            (ids, started)
        }
        Lookup::Reference(code) => {
            let started = Instant::now();
            // The code's reader is unknown: tried as a barcode, then as an NFC UID.
            let ids = customer_by_scan(store.conn(), code, None)?
                .map(|id| (id, 0.0, false))
                .into_iter()
                .collect();
            (ids, started)
        }
    };
    let took = started.elapsed();
    tracing::debug!(?took, hits = ids.len(), "search");
    let mut found: Vec<(Customer, f32, bool)> = Vec::new();
    for (id, score, typo) in ids {
        if let Some(c) = customers::get(store.conn(), id)? {
            found.push((c, score, typo));
        }
    }
    if json {
        for (c, score, typo) in &found {
            let mut v = serde_json::to_value(c)?;
            if let serde_json::Value::Object(m) = &mut v {
                m.insert("score".into(), serde_json::json!(score));
                m.insert("typo".into(), serde_json::json!(typo));
            }
            dataln!("{v}")?;
        }
    } else {
        for (c, _, typo) in &found {
            let d = &c.data;
            outln!(
                "{}  {:<30} {:<28} {:<6} {:<18} {}{}",
                c.id,
                d.display_name(),
                d.address.line1.as_deref().unwrap_or(""),
                d.address.postal_code.as_deref().unwrap_or(""),
                d.address.city.as_deref().unwrap_or(""),
                d.phone
                    .as_deref()
                    .map(validate::phone_national)
                    .unwrap_or_default(),
                if *typo { "  (typo)" } else { "" },
            )?;
        }
        errln!(
            "{} found in {:.2} ms",
            found.len(),
            took.as_secs_f64() * 1e3
        );
    }
    if found.is_empty() && matches!(lookup, Lookup::Reference(_)) {
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}
