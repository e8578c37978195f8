//! `comptoir account statement CUSTOMER [--since DATE] [--csv FILE|-] [--json]`: the
//! statement of a customer's account (ledger kind `account`), read by
//! `store::ledger::account_statement`: what was owed before `--since`, each movement
//! oldest first with its ticket and what was owed after it, what is owed now, the credit
//! limit.
//!
//! Invariants: text and JSON go to standard output as `customers show` does (text through
//! `outln!`, JSON through `dataln!`); `--csv` is an export of personal data, so it follows
//! `comptoir export`'s rule: the manager PIN first, a file opened before anything is read
//! (a refused target records nothing) as an `exchange` private file (0600, temporary file
//! then rename, never through a symbolic link), the audit entry committed before the
//! first byte leaves. At most [`MAX_LINES`] movements are listed; more is said, never cut
//! silently.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::bail;
use chrono::NaiveDate;
use comptoir::config::Config;
use comptoir::domain::ids::CustomerId;
use comptoir::domain::money::Money;
use comptoir::exchange::{export, ExchangeError};
use comptoir::store::ledger::{self, Statement};
use comptoir::store::{audit, customers};
use serde_json::{json, Value};

use super::money::{cli_actor, customer, open, refuse};
use super::{dataln, errln, outln};

/// The most movements one statement lists (a later --since shows the rest).
pub const MAX_LINES: usize = 10_000;

/// Amounts in cents as money text ("45.50", "-50.00").
fn money(cents: i64) -> String {
    Money::from_cents(cents).to_string()
}

/// `comptoir account statement`
pub fn statement(
    config: &Config,
    customer_text: &str,
    since: Option<NaiveDate>,
    csv: Option<&Path>,
    pin_stdin: bool,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let mut store = open(config)?;
    let id = customer(&store, customer_text)?;
    let Some(c) = customers::get(store.conn(), id)? else {
        bail!("no customer with id {id}");
    };
    let from = since
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc());
    let Some(target) = csv else {
        let st = ledger::account_statement(store.conn(), id, from, MAX_LINES)?;
        let name = c.data.display_name();
        if json {
            dataln!("{}", statement_json(id, &name, since, &st))?;
        } else {
            print_text(id, &name, since, &st)?;
        }
        return Ok(ExitCode::SUCCESS);
    };
    if let Err(message) = super::export::check_pin(config, &mut store, pin_stdin) {
        return refuse(false, "manager", &message);
    }
    let to_file = target != Path::new("-");
    // Opened first: a refused target (a symbolic link) records nothing.
    let opened = to_file.then(|| export::open_file(target)).transpose()?;
    let st = ledger::account_statement(store.conn(), id, from, MAX_LINES)?;
    let detail = json!({
        "format": "csv",
        "since": since.map(|d| d.to_string()),
        "movements": st.lines.len(),
        "to_file": to_file,
    });
    let actor = cli_actor(config).name;
    let entity = id.to_string();
    store.write(|tx| {
        audit::record(
            tx,
            &actor,
            "account.statement.export",
            "customer",
            Some(&entity),
            detail,
        )
    })?;
    let write = |out: &mut dyn Write| write_csv(out, since, &st);
    match opened {
        Some(f) => {
            export::to_file(f, true, write)?;
            errln!(
                "{} movements of customer {id} written to {}",
                st.lines.len(),
                target.display()
            );
        }
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            let written = write(&mut out).and_then(|_| out.flush().map_err(ExchangeError::Output));
            match written {
                Ok(_) => {}
                Err(ExchangeError::Output(e)) => return super::stdout_failed(e),
                Err(e) => return Err(e.into()),
            }
        }
    }
    if st.truncated {
        errln!("comptoir: only the first {MAX_LINES} movements: use --since for later ones");
    }
    Ok(ExitCode::SUCCESS)
}

fn statement_json(id: CustomerId, name: &str, since: Option<NaiveDate>, st: &Statement) -> Value {
    let lines: Vec<Value> = st
        .lines
        .iter()
        .map(|l| {
            json!({
                "at": l.at,
                "ticket": l.number,
                "reason": l.reason.as_str(),
                "amount": money(l.amount),
                "balance": money(l.balance),
            })
        })
        .collect();
    json!({
        "customer": id.to_string(),
        "name": name,
        "since": since.map(|d| d.to_string()),
        "opening": money(st.opening),
        "lines": lines,
        "closing": money(st.closing),
        "credit_limit": st.credit_limit.map(|l| l.to_string()),
        "truncated": st.truncated,
    })
}

fn print_text(
    id: CustomerId,
    name: &str,
    since: Option<NaiveDate>,
    st: &Statement,
) -> anyhow::Result<()> {
    outln!("Statement of account: {name} ({id})")?;
    let limit = st
        .credit_limit
        .map_or("none (no sales on account)".to_string(), |l| l.to_string());
    outln!("credit limit  {limit}")?;
    if let Some(d) = since {
        outln!("owed before {d}: {}", money(st.opening))?;
    }
    outln!(
        "{:<16}  {:<12} {:<11} {:>10} {:>10}",
        "date",
        "ticket",
        "movement",
        "amount",
        "owed"
    )?;
    for l in &st.lines {
        let sign = if l.amount > 0 { "+" } else { "" };
        outln!(
            "{}  {:<12} {:<11} {:>10} {:>10}",
            l.at.format("%Y-%m-%d %H:%M"),
            l.number.as_deref().unwrap_or("-"),
            l.reason.as_str(),
            format!("{sign}{}", money(l.amount)),
            money(l.balance)
        )?;
    }
    if st.lines.is_empty() {
        outln!("no movement")?;
    }
    if st.truncated {
        outln!("... only the first {MAX_LINES} movements: use --since for later ones")?;
    }
    outln!("owed now: {}", money(st.closing))?;
    Ok(())
}

/// The CSV: `date,ticket,movement,amount,balance`, an `opening` row (the balance before
/// --since), one row per movement, a `closing` row (owed now) and a `credit_limit` row
/// (its amount; empty: none). Dates are UTC.
fn write_csv(
    out: &mut dyn Write,
    since: Option<NaiveDate>,
    st: &Statement,
) -> Result<u64, ExchangeError> {
    let mut w = csv::Writer::from_writer(out);
    let err = |e: csv::Error| ExchangeError::Output(std::io::Error::other(e));
    w.write_record(["date", "ticket", "movement", "amount", "balance"])
        .map_err(err)?;
    let since = since.map(|d| d.to_string()).unwrap_or_default();
    w.write_record([since.as_str(), "", "opening", "", &money(st.opening)])
        .map_err(err)?;
    for l in &st.lines {
        let at = l.at.format("%Y-%m-%d %H:%M:%S").to_string();
        let ticket = l.number.as_deref().unwrap_or("");
        w.write_record([
            at.as_str(),
            ticket,
            l.reason.as_str(),
            &money(l.amount),
            &money(l.balance),
        ])
        .map_err(err)?;
    }
    w.write_record(["", "", "closing", "", &money(st.closing)])
        .map_err(err)?;
    let limit = st.credit_limit.map(|l| l.to_string()).unwrap_or_default();
    w.write_record(["", "", "credit_limit", limit.as_str(), ""])
        .map_err(err)?;
    w.flush().map_err(ExchangeError::Output)?;
    Ok(st.lines.len() as u64)
}
