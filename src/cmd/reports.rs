//! `comptoir reports days|groups|customers|methods|vat|z`: the managers' reports from the
//! command line, as text, JSON (`--json`) or CSV (`--csv FILE`, `-` for standard output).
//!
//! Invariants: every report needs the manager PIN (COMPTOIR_MANAGER_PIN or --pin-stdin,
//! under the register's PIN rule), like the register's reports screen; the period is
//! whole local days (this machine's UTC offset), this month by default, today for a Z;
//! a CSV file is opened before anything is read (a refused target writes nothing) as an
//! `exchange` private file (0600, temporary file then rename); the top customers report
//! names people, so its output, whatever the format, is audited before the first byte
//! leaves. `z --counted` closes the day through `service::close_day_counted` (one
//! transaction with its journal and audit entries); a day already closed is refused
//! with exit 1 and printed again without `--counted`.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use chrono::{NaiveDate, Utc};
use comptoir::config::Config;
use comptoir::domain::money::Money;
use comptoir::exchange::{export, report_csv, ExchangeError};
use comptoir::service::{self, ServiceError};
use comptoir::store::reports::{self, Closing, DayFigures, Period, Report, ReportKind, Request};
use comptoir::store::StoreError;
use serde_json::{json, Value};

use super::money::{manager, open, refuse};
use super::{dataln, errln, outln};
use crate::cli::ReportsCmd;

/// `comptoir reports ...`
pub fn reports(config: &Config, cmd: ReportsCmd) -> anyhow::Result<ExitCode> {
    let offset = comptoir::app::local_offset_secs();
    let today = Period::local_day(Utc::now(), offset);
    let (kind, args, limit) = match cmd {
        ReportsCmd::Days(a) => (ReportKind::Days, a, 0),
        ReportsCmd::Groups(a) => (ReportKind::Groups, a, 0),
        ReportsCmd::Customers { args, limit } => (ReportKind::Customers, args, usize::from(limit)),
        ReportsCmd::Methods(a) => (ReportKind::Methods, a, 0),
        ReportsCmd::Vat(a) => (ReportKind::Vat, a, 0),
        ReportsCmd::Z {
            day,
            counted,
            csv,
            pin_stdin,
            json,
        } => {
            let out = Output {
                csv: csv.as_deref(),
                json,
            };
            return z(
                config,
                day.unwrap_or(today),
                offset,
                counted.as_deref(),
                pin_stdin,
                out,
            );
        }
    };
    let month = Period::month_of(today, offset);
    let period = Period {
        from: args.from.unwrap_or(month.from),
        to: args.to.unwrap_or(month.to),
        utc_offset_secs: offset,
    };
    if !period.is_valid() {
        return refuse(args.json, "usage", "--from is after --to");
    }
    let req = Request {
        kind,
        period,
        register: config.shop.register.clone(),
        limit,
    };
    let out = Output {
        csv: args.csv.as_deref(),
        json: args.json,
    };
    report(config, &req, args.pin_stdin, out)
}

/// Where a report goes.
#[derive(Clone, Copy)]
struct Output<'a> {
    csv: Option<&'a Path>,
    json: bool,
}

impl Output<'_> {
    fn format(&self) -> &'static str {
        match (self.csv, self.json) {
            (Some(_), _) => "csv",
            (None, true) => "json",
            (None, false) => "text",
        }
    }
}

/// One of the period reports.
fn report(
    config: &Config,
    req: &Request,
    pin_stdin: bool,
    out: Output,
) -> anyhow::Result<ExitCode> {
    let mut store = open(config)?;
    let actor = match manager(config, &mut store, pin_stdin) {
        Ok(a) => a,
        Err(message) => return refuse(out.json, "manager", &message),
    };
    let file = out.csv.filter(|p| *p != Path::new("-"));
    // Opened first: a refused target (a symbolic link) records nothing.
    let opened = file.map(export::open_file).transpose()?;
    if req.kind.is_personal() {
        service::audit_report_export(
            &mut store,
            &actor,
            req.kind.name(),
            &req.period,
            out.format(),
            file.is_some(),
        )?;
    }
    let report = reports::run(store.conn(), req)?;
    let head = json!({
        "report": req.kind.name(),
        "from": req.period.from.to_string(),
        "to": req.period.to.to_string(),
    });
    emit(&report, head, out, opened)
}

/// Writes `report` as asked: CSV (a file or standard output), JSON, or text.
fn emit(
    report: &Report,
    mut head: Value,
    out: Output,
    opened: Option<comptoir::exchange::private_file::PrivateFile>,
) -> anyhow::Result<ExitCode> {
    match (out.csv, opened) {
        (Some(path), Some(f)) => {
            let n = export::to_file(f, true, |w| report_csv::write(w, report))?;
            errln!("{n} rows written to {}", path.display());
        }
        (Some(_), None) => {
            let mut w = std::io::BufWriter::new(std::io::stdout().lock());
            let written = report_csv::write(&mut w, report)
                .and_then(|_| w.flush().map_err(ExchangeError::Output));
            match written {
                Ok(_) => {}
                Err(ExchangeError::Output(e)) => return super::stdout_failed(e),
                Err(e) => return Err(e.into()),
            }
        }
        (None, _) if out.json => {
            match report {
                Report::Z(f, c) => head = z_json(f, c.as_deref()),
                other => head["rows"] = serde_json::to_value(other)?,
            }
            dataln!("{head}")?;
        }
        (None, _) => print_text(report, &head)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// A Z as one JSON object: the figures, `closed`, and the closing's own fields once
/// closed.
fn z_json(f: &DayFigures, c: Option<&Closing>) -> Value {
    let mut v = serde_json::to_value(f).unwrap_or(Value::Null);
    v["report"] = "z".into();
    v["closed"] = c.is_some().into();
    if let Some(c) = c {
        v["counted"] = c.counted.to_string().into();
        v["difference"] = c.difference.to_string().into();
        v["closed_at"] = c.closed_at.to_rfc3339().into();
        v["author"] = c.author.clone().into();
        v["journal_seq"] = c.journal_seq.into();
        v["chain_head"] = c.chain_head.clone().into();
    }
    v
}

/// `comptoir reports z`: print the day (as closed, when it was), or close it.
fn z(
    config: &Config,
    day: NaiveDate,
    offset: i32,
    counted: Option<&str>,
    pin_stdin: bool,
    out: Output,
) -> anyhow::Result<ExitCode> {
    let counted = match counted.map(Money::parse).transpose() {
        Ok(c) => c,
        Err(e) => return refuse(out.json, "usage", &format!("--counted: {e}")),
    };
    let mut store = open(config)?;
    let actor = match manager(config, &mut store, pin_stdin) {
        Ok(a) => a,
        Err(message) => return refuse(out.json, "manager", &message),
    };
    let file = out.csv.filter(|p| *p != Path::new("-"));
    let opened = file.map(export::open_file).transpose()?;
    let report = match counted {
        Some(counted) => {
            match service::close_day_counted(&mut store, &actor, day, offset, counted, Utc::now()) {
                Ok(c) => Report::Z(Box::new(c.figures.clone()), Some(Box::new(c))),
                Err(ServiceError::Store(e @ StoreError::AlreadyClosed { .. })) => {
                    return refuse(out.json, "closed", &e.to_string())
                }
                Err(ServiceError::Refused(r)) => {
                    return refuse(out.json, "refused", &r.to_string())
                }
                Err(e) => return Err(e.into()),
            }
        }
        None => reports::run(
            store.conn(),
            &Request {
                kind: ReportKind::Z,
                period: Period::day(day, offset),
                register: actor.register.clone(),
                limit: 0,
            },
        )?,
    };
    emit(&report, json!({ "report": "z" }), out, opened)
}

/// The report as a table for a person.
fn print_text(report: &Report, head: &Value) -> anyhow::Result<()> {
    if let (Some(from), Some(to)) = (head["from"].as_str(), head["to"].as_str()) {
        outln!(
            "{} {from} .. {to} (net of refunds)",
            head["report"].as_str().unwrap_or("")
        )?;
    }
    match report {
        Report::Days(rows) => {
            outln!(
                "{:<10} {:>7} {:>7} {:>12} {:>12}",
                "day",
                "sales",
                "refunds",
                "goods",
                "total"
            )?;
            for r in rows {
                outln!(
                    "{:<10} {:>7} {:>7} {:>12} {:>12}",
                    r.day.to_string(),
                    r.sales,
                    r.refunds,
                    r.goods.to_string(),
                    r.total.to_string()
                )?;
            }
        }
        Report::Groups(rows) => {
            outln!(
                "{:<24} {:>9} {:>7} {:>7} {:>12}",
                "group",
                "customers",
                "sales",
                "refunds",
                "goods"
            )?;
            for r in rows {
                let name = match (&r.group, r.walk_in) {
                    (_, true) => "(no customer)".to_string(),
                    (Some(g), false) => g.clone(),
                    (None, false) => "(no group)".to_string(),
                };
                outln!(
                    "{:<24} {:>9} {:>7} {:>7} {:>12}",
                    name,
                    r.customers,
                    r.sales,
                    r.refunds,
                    r.goods.to_string()
                )?;
            }
        }
        Report::Customers(rows) => {
            outln!(
                "{:>4} {:<30} {:>7} {:>7} {:>12}",
                "#",
                "customer",
                "sales",
                "refunds",
                "goods"
            )?;
            for (i, r) in rows.iter().enumerate() {
                outln!(
                    "{:>4} {:<30} {:>7} {:>7} {:>12}",
                    i + 1,
                    r.name,
                    r.sales,
                    r.refunds,
                    r.goods.to_string()
                )?;
            }
        }
        Report::Methods(rows) => {
            outln!("{:<14} {:>9} {:>12}", "method", "payments", "amount")?;
            for r in rows {
                outln!(
                    "{:<14} {:>9} {:>12}",
                    r.method,
                    r.payments,
                    r.amount.to_string()
                )?;
            }
        }
        Report::Vat(rows) => {
            outln!("{:>8} {:>12} {:>12} {:>12}", "rate", "net", "vat", "gross")?;
            for r in rows {
                outln!(
                    "{:>8} {:>12} {:>12} {:>12}",
                    r.rate.to_string(),
                    r.net.to_string(),
                    r.vat.to_string(),
                    r.gross.to_string()
                )?;
            }
        }
        Report::Z(f, c) => print_z(f, c.as_deref())?,
    }
    Ok(())
}

fn print_z(f: &DayFigures, c: Option<&Closing>) -> anyhow::Result<()> {
    outln!(
        "Z {} {}{}",
        f.register,
        f.day,
        if c.is_some() {
            " (closed)"
        } else {
            " (not closed)"
        }
    )?;
    outln!(
        "sales {}  refunds {}  goods {}  total {}",
        f.sales,
        f.refunds,
        f.goods,
        f.total
    )?;
    outln!(
        "top-ups {}  settlements {}  gift cards {}",
        f.top_ups,
        f.settlements,
        f.gift_cards
    )?;
    for m in &f.by_method {
        outln!(
            "  {:<14} {:>5} {:>12}",
            m.method,
            m.payments,
            m.amount.to_string()
        )?;
    }
    for r in &f.by_rate {
        outln!(
            "  VAT {:>6}  net {:>10}  vat {:>10}  gross {:>10}",
            r.rate.to_string(),
            r.net.to_string(),
            r.vat.to_string(),
            r.gross.to_string()
        )?;
    }
    outln!("cash expected {}", f.cash_expected)?;
    if let Some(c) = c {
        outln!("cash counted  {}", c.counted)?;
        outln!("difference    {}", c.difference)?;
        outln!(
            "closed {} by {} (journal entry {})",
            c.closed_at.to_rfc3339(),
            c.author,
            c.journal_seq
        )?;
    }
    Ok(())
}
