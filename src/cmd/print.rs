//! `comptoir print test|queue|retry` and `comptoir sales print`: receipt printers from the
//! command line.
//!
//! A test page and a reprint are sent at once, not queued: the person at the terminal
//! wants to know now, and a failure exits 1 with the printer's answer (the sale is
//! stored whatever happens; run it again). `print retry` makes a waiting or failed job
//! due and sends it under the queue's claim, so the register's print worker cannot send
//! it at the same time. Text from the store (printer strings, errors) goes out through
//! `outln!` (sanitised); `--json` writes data as it is.

use std::process::ExitCode;

use anyhow::Context;
use comptoir::config::Config;
use comptoir::domain::sale::Sale;
use comptoir::printer::{Format, Printer};
use comptoir::service::{self, ServiceError};
use comptoir::spool::{self, Outcome, Target, Wire};
use comptoir::store::print_queue;
use comptoir::store::Store;
use serde_json::json;

use super::money::{open, refuse};
use super::{dataln, outln};
use crate::cli::{PrintCmd, PrinterArgs};

/// The most jobs `print queue` lists.
const LIST_LIMIT: usize = 1000;

pub fn print(config: &Config, cmd: PrintCmd) -> anyhow::Result<ExitCode> {
    match cmd {
        PrintCmd::Test { to, json } => {
            let target = match target(config, &to) {
                Ok(t) => t,
                Err(e) => return refuse(json, "usage", &e),
            };
            let bytes = spool::test_bytes(config, &target, config.shop.lang);
            send(&target, &bytes, "test page", json)
        }
        PrintCmd::Queue { json } => queue(config, json),
        PrintCmd::Retry { id, json } => retry(config, id, json),
    }
}

/// `sales print TICKET`: the stored sale's receipt, now.
pub(super) fn sale_receipt(
    config: &Config,
    store: &Store,
    sale: &Sale,
    to: &PrinterArgs,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let target = match target(config, to) {
        Ok(t) => t,
        Err(e) => return refuse(json, "usage", &e),
    };
    let offset = comptoir::app::local_offset_secs();
    let bytes = spool::receipt_bytes(store.conn(), config, sale, &target, offset)?;
    send(&target, &bytes, &format!("receipt {}", sale.number), json)
}

/// `--printer` / `--format`, else the config's printer; `Err`: what is wrong.
fn target(config: &Config, to: &PrinterArgs) -> Result<Target, String> {
    let format = to
        .format
        .as_deref()
        .map(|f| Format::parse(f).ok_or_else(|| format!("--format: `{f}` is not escpos or text")))
        .transpose()?;
    match (&to.printer, Target::from_config(config)) {
        (Some(p), _) => {
            let printer = Printer::parse(p).map_err(|e| format!("--printer: {e}"))?;
            Ok(Target::named(config, printer, format))
        }
        (None, Some(mut t)) => {
            if let Some(f) = format {
                t.format = f;
            }
            Ok(t)
        }
        (None, None) => {
            Err("no printer: set [receipt] printer in the config, or pass --printer".into())
        }
    }
}

fn send(target: &Target, bytes: &[u8], what: &str, json: bool) -> anyhow::Result<ExitCode> {
    let ask_status = target.format == Format::EscPos;
    match spool::transport::send(&target.printer, bytes, ask_status) {
        Ok(status) => {
            if json {
                dataln!(
                    "{}",
                    json!({
                        "printed": what,
                        "printer": target.printer.to_string(),
                        "format": target.format.name(),
                        "bytes": bytes.len(),
                        "status": status.map(|s| json!({
                            "paper_low": s.paper_low,
                        })),
                    })
                )?;
            } else {
                outln!(
                    "{what} sent to {} ({}, {} bytes)",
                    target.printer,
                    target.format.name(),
                    bytes.len()
                )?;
                if status.is_some_and(|s| s.paper_low) {
                    outln!("the paper roll is near its end")?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => refuse(json, "printer", &e.to_string()),
    }
}

fn queue(config: &Config, json: bool) -> anyhow::Result<ExitCode> {
    let store = open(config)?;
    let jobs = print_queue::unprinted(store.conn(), LIST_LIMIT)?;
    for j in &jobs {
        if json {
            dataln!("{}", serde_json::to_string(j)?)?;
        } else {
            let what = match (&j.ticket, &j.station) {
                (Some(t), Some(station)) => format!("prep {t} ({station})"),
                (Some(t), None) => format!("receipt {t}"),
                (None, _) => j.kind.as_str().to_string(),
            };
            outln!(
                "{:>5}  {:<8} {:<18} {}  {}  {} attempt(s){}",
                j.id,
                j.status.as_str(),
                what,
                j.spec.printer,
                j.created_at.format("%Y-%m-%d %H:%M:%S"),
                j.attempts,
                j.last_error
                    .as_deref()
                    .map(|e| format!(": {e}"))
                    .unwrap_or_default()
            )?;
        }
    }
    if !json && jobs.is_empty() {
        outln!("nothing waits to be printed")?;
    }
    Ok(ExitCode::SUCCESS)
}

fn retry(config: &Config, id: i64, json: bool) -> anyhow::Result<ExitCode> {
    let mut store = open(config)?;
    match service::retry_print_job(&mut store, id) {
        Ok(_) => {}
        Err(ServiceError::Refused(r)) => return refuse(json, "refused", &r.to_string()),
        Err(e) => return Err(e).context("print retry"),
    }
    let offset = comptoir::app::local_offset_secs();
    let now = chrono::Utc::now();
    let outcome = spool::deliver_one(&mut store, config, id, now, offset, &mut Wire)?;
    let (ok, status, message) = match &outcome {
        Outcome::Printed => (true, "printed", format!("print job {id} printed")),
        Outcome::Busy => (
            true,
            "sending",
            format!("print job {id} is being sent by another process"),
        ),
        Outcome::Waiting { error, next_at } => (
            false,
            "waiting",
            format!(
                "print job {id} not printed: {error}; it waits (next try from {})",
                next_at.format("%H:%M:%S UTC")
            ),
        ),
        Outcome::GivenUp(why) => (false, "failed", format!("print job {id} failed: {why}")),
    };
    if json {
        dataln!(
            "{}",
            json!({ "id": id, "status": status, "message": message })
        )?;
    } else {
        outln!("{message}")?;
    }
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
