//! `comptoir hub ...` (the hub's owner: schema and register roles) and `comptoir sync`
//! (a register: join, one pass, status). Passwords never come from the command line: the
//! owner's from COMPTOIR_HUB_PASSWORD (or the URL), a register role's new one from
//! standard input, a register's own from COMPTOIR_SYNC_PASSWORD or `[sync]
//! password_file` (0600); URLs are printed without them.

use std::io::BufRead;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context};
use chrono::Utc;
use comptoir::config::{Config, SyncSettings};
use comptoir::domain::customer::ValidationContext;
use comptoir::hub::{self, HubUrl};
use comptoir::store::Store;
use comptoir::sync;
use serde_json::json;

use super::{dataln, outln};
use crate::cli::{HubCmd, SyncArgs, SyncCmd};

/// `comptoir hub init | add-register`.
pub fn hub(cmd: &HubCmd) -> anyhow::Result<ExitCode> {
    match cmd {
        HubCmd::Init { pg, ca_file, json } => {
            let url = owner_url(pg, ca_file.as_deref())?;
            let mut client = url.connect()?;
            let r = hub::init(&mut client)?;
            if *json {
                dataln!(
                    "{}",
                    json!({ "hub": url.shown(), "from": r.from, "to": r.to })
                )?;
            } else if r.from == r.to {
                outln!("hub {}: schema version {} (current)", url.shown(), r.to)?;
            } else {
                outln!(
                    "hub {}: schema version {} (was {})",
                    url.shown(),
                    r.to,
                    r.from
                )?;
            }
        }
        HubCmd::AddRegister {
            code,
            pg,
            ca_file,
            json,
        } => {
            let url = owner_url(pg, ca_file.as_deref())?;
            let role = hub::register_role(code)?;
            let password = read_password()?;
            let mut client = url.connect()?;
            hub::add_register(&mut client, code, &password)?;
            if *json {
                dataln!("{}", json!({ "register": code, "role": role }))?;
            } else {
                outln!("register {code}: PostgreSQL role {role}")?;
                outln!("in its config: [sync] url = \"postgres://{role}@HOST:PORT/DB\"")?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The owner's URL, with COMPTOIR_HUB_PASSWORD when the URL has no password.
fn owner_url(pg: &str, ca_file: Option<&Path>) -> anyhow::Result<HubUrl> {
    let mut url = HubUrl::parse(pg)?;
    if let Some(ca) = ca_file {
        if !url.tls() {
            bail!("--ca-file: the hub's URL does not ask for TLS (add ?sslmode=require)");
        }
        url = url.with_ca_file(ca);
    }
    Ok(match std::env::var("COMPTOIR_HUB_PASSWORD") {
        Ok(pw) if !url.has_password() => url.with_password(&pw),
        _ => url,
    })
}

/// A new role's password: the first line of standard input.
fn read_password() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("cannot read the password from standard input")?;
    let pw = line.trim_end_matches(['\n', '\r']).to_string();
    if pw.len() < 8 {
        bail!("the register's password (first line of standard input) needs 8 characters or more");
    }
    Ok(pw)
}

/// `comptoir sync [join | status]`.
pub fn sync(config: &Config, args: SyncArgs) -> anyhow::Result<ExitCode> {
    let mut store = Store::open(&config.database)
        .with_context(|| format!("cannot open the database {}", config.database.display()))?;
    match args.command {
        Some(SyncCmd::Status { json }) => return status(&store, json),
        Some(SyncCmd::Conflicts { json }) => return conflicts(config, &store, json),
        Some(SyncCmd::Settle {
            id,
            pin_stdin,
            json,
        }) => return settle(config, &mut store, Settling::Conflict, id, pin_stdin, json),
        Some(SyncCmd::ToSettle { json }) => return to_settle(config, &store, json),
        Some(SyncCmd::SettleMoney {
            id,
            pin_stdin,
            json,
        }) => return settle(config, &mut store, Settling::Overspend, id, pin_stdin, json),
        Some(SyncCmd::Join { json }) => {
            let settings = settings(config)?;
            let queued = sync::join(&mut store, &settings.url)?;
            if json {
                dataln!(
                    "{}",
                    json!({ "hub": settings.url.shown(), "queued": queued })
                )?;
            } else {
                outln!(
                    "joined the hub {}; {queued} changes queued for upload",
                    settings.url.shown()
                )?;
            }
            return Ok(ExitCode::SUCCESS);
        }
        None => {}
    }
    let settings = settings(config)?;
    let queued = sync::join(&mut store, &settings.url)?;
    let url = sync::credentials(&settings)?;
    let ctx = ValidationContext {
        default_country: config.shop.country.clone(),
        today: Utc::now().date_naive(),
    };
    let result = sync::pass(&mut store, &url, &ctx, &config.shop.register);
    // What was applied before a failure is committed: the index catches up either way.
    super::sync_index(config, &store);
    let r = result?;
    if args.json {
        dataln!("{}", serde_json::to_string(&r)?)?;
    } else {
        if queued > 0 {
            outln!("joined the hub {}; {queued} changes queued", url.shown())?;
        }
        outln!(
            "uploaded {} ({} already accepted), downloaded {}, cursor {}",
            r.uploaded,
            r.duplicates,
            r.downloaded,
            r.cursor
        )?;
        if r.to_settle > 0 {
            outln!(
                "{} debit(s) beyond the customer's balance at the hub: to settle (`comptoir sync to-settle`)",
                r.to_settle
            )?;
        }
        if r.ref_conflicts > 0 {
            outln!(
                "{} reference(s) already held by another customer: flagged at the hub for the manager",
                r.ref_conflicts
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn settings(config: &Config) -> anyhow::Result<SyncSettings> {
    config
        .sync
        .clone()
        .context("no hub: set [sync] url = \"postgres://USER@HOST:PORT/DB\" in the config")
}

fn status(store: &Store, json: bool) -> anyhow::Result<ExitCode> {
    let s = sync::status(store)?;
    if json {
        dataln!("{}", serde_json::to_string(&s)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    match &s.hub {
        Some(hub) => outln!("hub: {hub}")?,
        None => outln!("hub: none joined")?,
    }
    outln!("changes waiting: {}", s.waiting)?;
    outln!("feed cursor: {}", s.cursor)?;
    outln!(
        "last successful sync: {}",
        s.last_sync.as_deref().unwrap_or("never")
    )?;
    Ok(ExitCode::SUCCESS)
}

/// The register's connection to its hub, for the manager's commands.
fn connect(config: &Config) -> anyhow::Result<hub::Hub> {
    let url = sync::credentials(&settings(config)?)?;
    Ok(hub::Hub::connect(&url)?)
}

/// A customer as the conflicts show them: the name this register holds, else the id.
fn who(store: &Store, id: &str) -> String {
    id.parse()
        .ok()
        .and_then(|id| {
            comptoir::store::customers::get(store.conn(), id)
                .ok()
                .flatten()
        })
        .map_or_else(|| id.to_string(), |c| c.data.display_name())
}

/// `comptoir sync conflicts`.
fn conflicts(config: &Config, store: &Store, json: bool) -> anyhow::Result<ExitCode> {
    let list = connect(config)?.ref_conflicts()?;
    if json {
        for c in &list {
            let mut v = serde_json::to_value(c)?;
            if let serde_json::Value::Object(m) = &mut v {
                m.insert("customer".into(), json!(who(store, &c.customer_id)));
                m.insert("owner".into(), json!(who(store, &c.owner_id)));
            }
            dataln!("{v}")?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    if list.is_empty() {
        outln!("no reference conflict open at the hub")?;
    }
    for c in &list {
        outln!(
            "#{} {} {}: held by {} ({}); refused to {} ({}), claimed on {} at {}",
            c.id,
            c.kind,
            c.code,
            who(store, &c.owner_id),
            c.owner_id,
            who(store, &c.customer_id),
            c.customer_id,
            c.register,
            c.at
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `comptoir sync to-settle`.
fn to_settle(config: &Config, store: &Store, json: bool) -> anyhow::Result<ExitCode> {
    let list = connect(config)?.to_settle()?;
    if json {
        for t in &list {
            let mut v = serde_json::to_value(t)?;
            if let serde_json::Value::Object(m) = &mut v {
                m.insert("customer".into(), json!(who(store, &t.customer_id)));
            }
            dataln!("{v}")?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    if list.is_empty() {
        outln!("nothing to settle at the hub")?;
    }
    for t in &list {
        // The hub's kinds are the register's (its CHECK); an unknown one reads as money.
        let kind = comptoir::domain::ledger::Kind::parse(&t.kind)
            .unwrap_or(comptoir::domain::ledger::Kind::Wallet);
        let amount = comptoir::service::units_text(kind, t.shortfall);
        outln!(
            "#{} {} ({}): {} {} spent beyond the balance on {} at {}",
            t.id,
            who(store, &t.customer_id),
            t.customer_id,
            amount,
            t.kind,
            t.register,
            t.at
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// What a manager settles at the hub: a card conflict, or an overspend.
#[derive(Clone, Copy)]
enum Settling {
    Conflict,
    Overspend,
}

impl Settling {
    /// (what it is called, the audit action, the audited object, the command that lists
    /// them)
    fn words(self) -> (&'static str, &'static str, &'static str, &'static str) {
        match self {
            Settling::Conflict => (
                "reference conflict",
                "sync.settle_conflict",
                "ref_conflict",
                "sync conflicts",
            ),
            Settling::Overspend => (
                "overspend",
                "sync.settle_money",
                "to_settle",
                "sync to-settle",
            ),
        }
    }
}

/// `comptoir sync settle ID` and `sync settle-money ID`: the manager's, audited here and
/// at the hub.
fn settle(
    config: &Config,
    store: &mut Store,
    what: Settling,
    id: i64,
    pin_stdin: bool,
    json: bool,
) -> anyhow::Result<ExitCode> {
    if let Err(e) = super::export::check_pin(config, store, pin_stdin) {
        bail!("{e}");
    }
    let (name, action, object, list) = what.words();
    let mut hub = connect(config)?;
    let settled = match what {
        Settling::Conflict => hub.settle_ref_conflict(id)?,
        Settling::Overspend => hub.settle_money(id)?,
    };
    if !settled {
        bail!("no open {name} #{id} at the hub (`comptoir {list}` lists them)");
    }
    let actor = super::export::actor();
    store.write(|tx| {
        comptoir::store::audit::record(
            tx,
            &actor,
            action,
            object,
            Some(&id.to_string()),
            json!({ object: id }),
        )
    })?;
    if json {
        dataln!("{}", json!({ "settled": id }))?;
    } else {
        outln!("{name} #{id} settled at the hub")?;
    }
    Ok(ExitCode::SUCCESS)
}
