//! `comptoir outbox list|send|retry`: the message outbox (receipts and messages by
//! e-mail and SMS) from the command line.
//!
//! `send` is one pass of the same sender the register's message worker runs
//! (`comptoir::mail::pass`: e-mail through `[email]`, SMS through `[sms]`), under the
//! outbox's claim, so the two never send one message twice; `retry` is the manager's
//! (PIN from standard input or COMPTOIR_MANAGER_PIN, audited by the service). Addresses,
//! numbers and errors from the store go out through `outln!` (sanitised); `--json`
//! writes data as it is. The SMTP password and the gateway's auth header are never
//! printed: errors name the secrets file, not its content.

use std::process::ExitCode;

use anyhow::Context;
use comptoir::config::Config;
use comptoir::mail::{self, Pass, Senders, Smtp};
use comptoir::service::{self, ServiceError};
use comptoir::sms;
use comptoir::store::messages::{self, Message};
use serde_json::json;

use super::money::{manager, open, refuse};
use super::{dataln, outln};
use crate::cli::OutboxCmd;

/// The most messages `outbox list` shows (the newest).
const LIST_LIMIT: usize = 1000;

pub fn outbox(config: &Config, cmd: OutboxCmd) -> anyhow::Result<ExitCode> {
    match cmd {
        OutboxCmd::List { json } => list(config, json),
        OutboxCmd::Send { json } => send(config, json),
        OutboxCmd::Retry {
            id,
            all,
            pin_stdin,
            json,
        } => retry(config, id.filter(|_| !all), pin_stdin, json),
    }
}

fn list(config: &Config, json: bool) -> anyhow::Result<ExitCode> {
    let store = open(config)?;
    let rows = messages::list(store.conn(), LIST_LIMIT)?;
    for m in &rows {
        if json {
            dataln!("{}", serde_json::to_string(m)?)?;
        } else {
            outln!("{}", line(m))?;
        }
    }
    if !json && rows.is_empty() {
        outln!("the outbox is empty")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// One message as a line: id, status, channel, what, to whom, when, attempts, the last
/// error.
fn line(m: &Message) -> String {
    let what = match &m.ticket {
        Some(t) => format!("receipt {t}"),
        None => m.kind.as_str().to_string(),
    };
    let when = match m.status {
        messages::Status::Sent => m
            .sent_at
            .map(|t| format!("sent {}", t.format("%Y-%m-%d %H:%M:%S")))
            .unwrap_or_default(),
        messages::Status::Queued => format!("next {}", m.next_at.format("%Y-%m-%d %H:%M:%S")),
        _ => m.created_at.format("%Y-%m-%d %H:%M:%S").to_string(),
    };
    format!(
        "{:>5}  {:<7}  {:<5}  {:<18} {}  {}  {} attempt(s){}",
        m.id,
        m.status.as_str(),
        m.channel.as_str(),
        what,
        m.recipient,
        when,
        m.attempts,
        m.last_error
            .as_deref()
            .map(|e| format!(": {e}"))
            .unwrap_or_default()
    )
}

fn send(config: &Config, json: bool) -> anyhow::Result<ExitCode> {
    if config.email.is_none() && config.sms.is_none() {
        return refuse(
            json,
            "config",
            "nothing to send through: set [email] (smtp, from) or [sms] (url, body) in the config",
        );
    }
    let mut store = open(config)?;
    let p = Pass {
        config,
        now: chrono::Utc::now(),
        utc_offset_secs: comptoir::app::local_offset_secs(),
    };
    let mut senders = Senders {
        email: &mut Smtp::default(),
        sms: &mut sms::Http::default(),
    };
    let r = mail::pass(&mut store, p, &mut senders).context("outbox send")?;
    let ok = r.error.is_none() && r.given_up.is_none();
    if json {
        dataln!(
            "{}",
            json!({
                "sent": r.sent,
                "queued": r.queued,
                "failed": r.failed,
                "error": r.error,
                "given_up": r.given_up,
                "next_due": r.next_due,
            })
        )?;
    } else {
        outln!("{} sent, {} waiting, {} failed", r.sent, r.queued, r.failed)?;
        if let Some(e) = &r.error {
            outln!("not sent: {e}")?;
        }
        if let Some(e) = &r.given_up {
            outln!("failed: {e}")?;
        }
        if let Some(at) = r.next_due {
            outln!("next attempt from {}", at.format("%Y-%m-%d %H:%M:%S UTC"))?;
        }
    }
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn retry(
    config: &Config,
    id: Option<i64>,
    pin_stdin: bool,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let mut store = open(config)?;
    let actor = match manager(config, &mut store, pin_stdin) {
        Ok(a) => a,
        Err(e) => return refuse(json, "manager", &e),
    };
    let ids = match id {
        Some(id) => service::retry_message(&mut store, &actor, id).map(|_| vec![id]),
        None => service::retry_failed_messages(&mut store, &actor),
    };
    let ids = match ids {
        Ok(ids) => ids,
        Err(ServiceError::Refused(r)) => return refuse(json, "refused", &r.to_string()),
        Err(e) => return Err(e).context("outbox retry"),
    };
    if json {
        dataln!("{}", json!({ "queued": ids }))?;
    } else if ids.is_empty() {
        outln!("no failed message to send again")?;
    } else {
        let list: Vec<String> = ids.iter().map(i64::to_string).collect();
        outln!(
            "queued again, due now: {} (the message worker or `comptoir outbox send` sends them)",
            list.join(", ")
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
