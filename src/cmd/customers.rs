//! `comptoir customers ...`: the machine interface for customers. JSON in (a file or
//! standard input), JSON out with `--json`; a refused action exits 1, names the field and
//! the rule, and stores nothing.

use std::io::{BufWriter, Read, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use comptoir::config::Config;
use comptoir::domain::customer::{Customer, CustomerData};
use comptoir::domain::ids::CustomerId;
use comptoir::domain::validate;
use comptoir::service::{self, Actor, Role, ServiceError};
use comptoir::store::{customers as store_customers, Store, StoreError};
use serde_json::{json, Value};

use super::{dataln, errln, outln};
use crate::cli::CustomersCmd;

pub fn customers(config: &Config, cmd: CustomersCmd) -> anyhow::Result<ExitCode> {
    let mut store = Store::open(&config.database)
        .with_context(|| format!("cannot open the database {}", config.database.display()))?;
    let actor = super::money::cli_actor(config);
    match cmd {
        CustomersCmd::Add { file, json } => {
            let input = read_json(file.as_deref())?;
            let data = match service::customer_from_json(input) {
                Ok(d) => d,
                Err(e) => return refuse(json, "json", &e.to_string(), &[]),
            };
            let actor = match vouched(config, &mut store, &actor, &Default::default(), &data) {
                Ok(a) => a,
                Err(e) => return refuse(json, "manager", &e, &[]),
            };
            let result = service::add_customer(&mut store, &actor, data);
            super::sync_index(config, &store);
            finish(json, result)
        }
        CustomersCmd::Edit { id, file, json } => {
            let id = parse_id(&id)?;
            let old = get(&store, id)?;
            let patch = service::without_owned(read_json(file.as_deref())?);
            let data = match service::patch(&old.data, &patch) {
                Ok(d) => d,
                Err(e) => return refuse(json, "json", &e.to_string(), &[]),
            };
            let actor = match vouched(config, &mut store, &actor, &old.data, &data) {
                Ok(a) => a,
                Err(e) => return refuse(json, "manager", &e, &[]),
            };
            let result = service::edit_customer(&mut store, &actor, id, data);
            super::sync_index(config, &store);
            finish(json, result)
        }
        CustomersCmd::Show { id, json } => {
            let c = get(&store, parse_id(&id)?)?;
            if json {
                dataln!("{}", serde_json::to_string_pretty(&c)?)?;
            } else {
                print_card(&c)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        CustomersCmd::Delete {
            id,
            pin_stdin,
            json,
        } => {
            let id = parse_id(&id)?;
            if let Err(e) = super::export::check_pin(config, &mut store, pin_stdin) {
                return refuse(json, "manager", &e, &[]);
            }
            let actor = Actor {
                role: Role::Manager,
                ..actor
            };
            match service::delete_customer(&mut store, &actor, id) {
                Ok(outcome) => {
                    super::sync_index(config, &store);
                    if json {
                        dataln!("{}", json!({ "id": id, "outcome": outcome }))?;
                    } else {
                        outln!("{id}: {outcome:?}")?;
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => refuse(json, "store", &e.to_string(), &[]),
            }
        }
        CustomersCmd::ExportData {
            id,
            file,
            pin_stdin,
        } => super::export::export_data(config, &mut store, &id, file.as_deref(), pin_stdin),
        CustomersCmd::Search {
            query,
            fields,
            advanced,
            limit,
            json,
        } => {
            let lookup = super::search::Lookup::Text {
                query,
                fields,
                advanced,
                limit,
            };
            super::search(config, &store, lookup, json)
        }
        CustomersCmd::Balance { id, json, ledger } => {
            super::money::balance(config, &id, json, ledger)
        }
        CustomersCmd::Merge {
            survivor,
            duplicate,
            data,
            pin_stdin,
            json,
        } => super::money::merge(
            config,
            &survivor,
            &duplicate,
            data.as_deref(),
            pin_stdin,
            json,
        ),
        CustomersCmd::Note { id, text, json } => note(&mut store, &actor, &id, &text, json),
        CustomersCmd::Notes { id, json } => notes(&store, &id, json),
        CustomersCmd::FindRef { code, json } => {
            super::search(config, &store, super::search::Lookup::Reference(code), json)
        }
        CustomersCmd::List { limit, all, json } => list(&store, all, limit, json),
    }
}

/// Why a listing stopped before its end.
enum ListError {
    /// Standard output failed: a full disk, or a reader that went away.
    Output(std::io::Error),
    Store(StoreError),
}

impl From<StoreError> for ListError {
    fn from(e: StoreError) -> Self {
        ListError::Store(e)
    }
}

/// `customers list`: one line per customer, streamed as the rows are read; reading stops
/// after `limit` customers.
fn list(store: &Store, all: bool, limit: Option<usize>, json: bool) -> anyhow::Result<ExitCode> {
    let mut left = limit.unwrap_or(usize::MAX);
    if left == 0 {
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = BufWriter::new(std::io::stdout().lock());
    let listed = store_customers::for_each(store.conn(), all, |c| {
        let written = if json {
            serde_json::to_writer(&mut out, &c)
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(out))
        } else {
            super::text_line(&mut out, &list_line(&c))
        };
        written.map_err(ListError::Output)?;
        left -= 1;
        Ok(if left == 0 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        })
    })
    .and_then(|()| out.flush().map_err(ListError::Output));
    match listed {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(ListError::Output(e)) => super::stdout_failed(e),
        Err(ListError::Store(e)) => Err(e.into()),
    }
}

fn parse_id(s: &str) -> anyhow::Result<CustomerId> {
    Ok(s.parse()?)
}

fn get(store: &Store, id: CustomerId) -> anyhow::Result<Customer> {
    match store_customers::get(store.conn(), id)? {
        Some(c) => Ok(c),
        None => bail!("no customer with id {id}"),
    }
}

pub(super) fn read_json(file: Option<&Path>) -> anyhow::Result<Value> {
    let (text, origin) = match file {
        Some(p) if p != Path::new("-") => (
            std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))?,
            p.to_path_buf(),
        ),
        _ => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .context("cannot read standard input")?;
            (s, PathBuf::from("standard input"))
        }
    };
    serde_json::from_str(&text).with_context(|| format!("{} is not valid JSON", origin.display()))
}

fn finish(json: bool, result: Result<Customer, ServiceError>) -> anyhow::Result<ExitCode> {
    match result {
        Ok(c) => {
            if json {
                dataln!("{}", serde_json::to_string_pretty(&c)?)?;
            } else {
                print_card(&c)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(ServiceError::Invalid(errors)) => {
            let fields: Vec<Value> = errors
                .0
                .iter()
                .map(|f| json!({ "field": f.field, "rule": f.rule, "detail": f.detail }))
                .collect();
            refuse(
                json,
                "validation",
                "invalid customer, nothing stored",
                &fields,
            )
        }
        Err(e) => refuse(json, "store", &e.to_string(), &[]),
    }
}

/// Reports a refused action (JSON on stdout with --json, text on stderr) and exits 1.
/// `actor` as the manager when `after` changes a manager-only field of `before` (group,
/// tax preference, credit limit) and COMPTOIR_MANAGER_PIN passes the PIN rule; unchanged
/// when no such field changes. `Err`: the message of the PIN refusal.
fn vouched(
    config: &Config,
    store: &mut Store,
    actor: &Actor,
    before: &CustomerData,
    after: &CustomerData,
) -> Result<Actor, String> {
    if service::manager_fields_changed(before, after).is_empty() {
        return Ok(actor.clone());
    }
    super::export::check_pin(config, store, false)?;
    Ok(Actor {
        role: Role::Manager,
        ..actor.clone()
    })
}

fn refuse(json: bool, kind: &str, message: &str, fields: &[Value]) -> anyhow::Result<ExitCode> {
    if json {
        dataln!(
            "{}",
            json!({ "error": { "kind": kind, "message": message, "fields": fields } })
        )?;
    } else {
        errln!("comptoir: {message}");
        for f in fields {
            errln!(
                "  {}: {} ({})",
                f["field"].as_str().unwrap_or_default(),
                f["detail"].as_str().unwrap_or_default(),
                f["rule"].as_str().unwrap_or_default()
            );
        }
    }
    Ok(ExitCode::FAILURE)
}

fn list_line(c: &Customer) -> String {
    let d = &c.data;
    let name = if c.anonymised {
        "(anonymised)".to_string()
    } else {
        d.display_name()
    };
    format!(
        "{}  {:<32} {:<6} {:<24} {}",
        c.id,
        name,
        d.address.postal_code.as_deref().unwrap_or(""),
        d.address.city.as_deref().unwrap_or(""),
        d.phone
            .as_deref()
            .map(validate::phone_national)
            .unwrap_or_default()
    )
}

fn print_card(c: &Customer) -> Result<(), super::StdoutFailed> {
    let d = &c.data;
    let mut rows: Vec<(&str, String)> = vec![("id", c.id.to_string()), ("name", d.display_name())];
    let mut opt = |k: &'static str, v: &Option<String>| {
        if let Some(v) = v {
            rows.push((k, v.clone()));
        }
    };
    opt("company", &d.company_name);
    opt("email", &d.email);
    opt(
        "phone",
        &d.phone.as_deref().map(validate::phone_international),
    );
    opt(
        "phone 2",
        &d.phone2.as_deref().map(validate::phone_international),
    );
    opt("address", &d.address.line1);
    opt("", &d.address.line2);
    let city = [
        d.address.postal_code.as_deref(),
        d.address.city.as_deref(),
        d.address.country.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    opt("city", &(!city.is_empty()).then_some(city));
    opt("VAT", &d.vat_number);
    opt("company no", &d.company_number);
    opt("group", &d.group);
    let refs = d
        .references
        .iter()
        .map(|r| r.code.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    opt("cards", &(!refs.is_empty()).then_some(refs));
    opt(
        "IBAN",
        &d.sepa.as_ref().map(|s| validate::iban_display(&s.iban)),
    );
    // A note may hold line breaks: each of its lines is a row without a key, under the
    // value column, so a note cannot fake a row of its own.
    for (n, line) in d.personal_note.iter().flat_map(|n| n.lines()).enumerate() {
        rows.push((if n == 0 { "note" } else { "" }, line.to_string()));
    }
    rows.push(("created", c.created_at.format("%Y-%m-%d %H:%M").to_string()));
    for (k, v) in rows {
        // outln! neutralises any control character a hand-edited database could hold.
        outln!("{k:>10}  {v}")?;
    }
    Ok(())
}

/// `customers note ID TEXT`: a staff note added through the service.
fn note(
    store: &mut Store,
    actor: &Actor,
    id: &str,
    text: &str,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let id = parse_id(id)?;
    match service::add_note(store, actor, id, text) {
        Ok(note) if json => dataln!("{}", serde_json::to_string(&note)?)?,
        Ok(note) => outln!("note {} added", note.id)?,
        Err(e) => return refuse(json, "note", &e.to_string(), &[]),
    }
    Ok(ExitCode::SUCCESS)
}

/// `customers notes ID`: the staff notes, newest first.
fn notes(store: &Store, id: &str, json: bool) -> anyhow::Result<ExitCode> {
    let id = parse_id(id)?;
    for n in comptoir::store::notes::for_customer(store.conn(), id)? {
        if json {
            dataln!("{}", serde_json::to_string(&n)?)?;
        } else {
            outln!(
                "{}  {}  {}",
                n.created_at.format("%Y-%m-%d %H:%M"),
                n.author,
                n.body
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
