//! `comptoir export csv|vcard` and `comptoir customers export-data`: personal data leaving
//! the shop, so each needs the manager PIN (checked as `customers delete` does) and is
//! recorded in the audit log with what was exported, never the values. The entry is
//! committed before the first byte leaves (a reader that stops early has still seen
//! data), and files are [`export::open_file`]'s private files. `--query` selects
//! through the search index, exactly what `customers search` finds but without its limit.

use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use comptoir::config::Config;
use comptoir::domain::ids::CustomerId;
use comptoir::exchange::{export, gdpr, preset, ExchangeError};
use comptoir::search::{Request, MAX_HITS};
use comptoir::store::{audit, Store};
use serde_json::json;

use super::search;
use super::{dataln, errln};
use crate::cli::{ExportCmd, ExportQuery};

/// The manager PIN from standard input's first line or COMPTOIR_MANAGER_PIN, verified
/// under the register's rule (`service::verify_manager_pin`: wrong PINs counted in the
/// database, a wait after three); `Err` holds the message to show.
pub(super) fn check_pin(config: &Config, store: &mut Store, pin_stdin: bool) -> Result<(), String> {
    let pin = if pin_stdin {
        let mut line = String::new();
        // The first line only: anything after it is not read.
        let mut byte = [0u8; 1];
        let mut stdin = std::io::stdin().lock();
        while stdin.read(&mut byte).map_err(|e| e.to_string())? == 1 {
            let [b] = byte;
            if b == b'\n' {
                break;
            }
            line.push(b as char);
        }
        Some(line.trim().to_string())
    } else {
        std::env::var("COMPTOIR_MANAGER_PIN").ok()
    };
    let actor = super::money::cli_actor(config);
    comptoir::service::verify_manager_pin(
        store,
        &actor,
        config.manager_pin_hash.as_deref(),
        pin.as_deref(),
        chrono::Utc::now(),
    )
    .map_err(|e| e.to_string())
}

/// The audit log's name of whoever runs the command ("cli:alice").
pub(super) fn actor() -> String {
    format!(
        "cli:{}",
        std::env::var("USER").unwrap_or_else(|_| "unknown".into())
    )
}

pub fn export(config: &Config, cmd: ExportCmd) -> anyhow::Result<ExitCode> {
    let (pin_stdin, file, select, format) = match cmd {
        ExportCmd::Csv {
            file,
            select,
            pin_stdin,
            preset,
        } => (pin_stdin, file, select, Some(preset)),
        ExportCmd::Vcard {
            file,
            select,
            pin_stdin,
        } => (pin_stdin, file, select, None),
    };
    let chosen = match format {
        Some(name) => match preset::by_name(&name) {
            Some(p) => Some(p),
            None => {
                errln!(
                    "comptoir: unknown preset `{name}`: choose one of {}",
                    preset::PRESETS
                        .iter()
                        .map(|p| p.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                return Ok(ExitCode::FAILURE);
            }
        },
        None => None,
    };
    let ExportQuery {
        query,
        fields,
        advanced,
    } = select;
    let search = match &query {
        Some(_) => Some(search::fields_and_mode(config, fields, advanced)?),
        None => None,
    };
    let mut store = Store::open(&config.database)
        .with_context(|| format!("cannot open the database {}", config.database.display()))?;
    if let Err(message) = check_pin(config, &mut store, pin_stdin) {
        errln!("comptoir: {message}");
        return Ok(ExitCode::FAILURE);
    }
    // A query selects exactly what `customers search` finds, however many: the whole
    // result of the search index, not its first page.
    let only = match (&query, &search) {
        (Some(text), Some((fields, mode))) => {
            let mut index = search::open_index(config, &store)?;
            let req = Request {
                text,
                mode: mode.clone(),
                fields,
                limit: MAX_HITS,
            };
            Some(index.search_all(&req)?)
        }
        _ => None,
    };
    // The audit entry is committed before the first byte leaves: a reader that goes
    // away after one line (`| head -1`) has seen personal data all the same. A file is
    // opened first, so a refused target (a symbolic link) records nothing.
    let opened = file.as_deref().map(export::open_file).transpose()?;
    let n = export::count(store.conn(), only.as_deref())?;
    let detail = json!({
        "format": if chosen.is_some() { "csv" } else { "vcard" },
        "preset": chosen.map(|p| p.name),
        "customers": n,
        "query": query.is_some(),
        "to_file": file.is_some(),
    });
    store.write(|tx| audit::record(tx, &actor(), "customer.export", "customer", None, detail))?;
    let conn = store.conn();
    let write = |out: &mut dyn Write| match chosen {
        Some(p) => export::csv(conn, p, only.as_deref(), out),
        None => export::vcard(conn, only.as_deref(), out),
    };
    let n = match opened {
        Some(f) => export::to_file(f, chosen.is_some(), write)?,
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            let written = write(&mut out)
                .and_then(|n| out.flush().map(|()| n).map_err(ExchangeError::Output));
            match written {
                Ok(n) => n,
                Err(ExchangeError::Output(e)) => return super::stdout_failed(e),
                Err(e) => return Err(e.into()),
            }
        }
    };
    if let Some(path) = &file {
        errln!("{n} customers written to {}", path.display());
    }
    if let (Some(text), 0) = (&query, n) {
        let what = match chosen {
            Some(_) => "only the CSV header was written",
            None => "the vCard output is empty",
        };
        errln!("comptoir: no customer matches the query {text:?}: {what}");
    }
    Ok(ExitCode::SUCCESS)
}

/// `comptoir customers export-data ID [FILE]`.
pub fn export_data(
    config: &Config,
    store: &mut Store,
    id: &str,
    file: Option<&Path>,
    pin_stdin: bool,
) -> anyhow::Result<ExitCode> {
    let id: CustomerId = id.parse()?;
    if let Err(message) = check_pin(config, store, pin_stdin) {
        errln!("comptoir: {message}");
        return Ok(ExitCode::FAILURE);
    }
    // A file is opened before the data is read and the export audited (in one
    // transaction, committed before anything is written), so a refused target records
    // nothing.
    let opened = file.map(export::open_file).transpose()?;
    let data = gdpr::export_data(store, id, &actor())?;
    let text = serde_json::to_string_pretty(&data)?;
    match (file, opened) {
        (Some(path), Some(opened)) => {
            export::to_file(opened, false, |out| {
                out.write_all(text.as_bytes())
                    .and_then(|()| out.write_all(b"\n"))
                    .map(|()| 1)
                    .map_err(|source| ExchangeError::Write {
                        path: path.to_path_buf(),
                        source,
                    })
            })?;
            errln!("data on customer {id} written to {}", path.display());
        }
        _ => dataln!("{text}")?,
    }
    Ok(ExitCode::SUCCESS)
}
