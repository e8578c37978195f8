//! The message outbox's sender: turns a queued message back into an e-mail (a receipt
//! rendered again from its stored sale, see [`compose`]) and hands it to the SMTP server
//! of `[email]` ([`Smtp`], through `lettre`), retrying with a backoff while the server
//! cannot be reached. The register runs [`pass`] in its mail worker; `comptoir outbox
//! send` runs one [`pass`] too; both go through the claim of `store::messages`, so a
//! message is sent by one of them only.
//!
//! Invariants: a message leaves only after it is claimed in its own transaction, and is
//! marked sent right after the server accepted it; a server that cannot be reached (no
//! connection, a timeout, TLS, the password not readable) ends the pass: the message
//! waits its `store::messages::backoff` and the others keep their turn behind it, so a
//! network down for hours costs one attempt per backoff, not one per message; a
//! temporary refusal (4xx) makes that message wait; a message that cannot be built (a
//! bad address, its sale gone), a permanent refusal (5xx) or the
//! `store::messages::MAX_ATTEMPTS`-th failed attempt makes it `failed`: kept, counted,
//! listed by `comptoir outbox list`, sent again only when the manager asks (`outbox
//! retry`). This module writes only the outbox's bookkeeping, never a sale, and never
//! runs on the register's loop thread.

pub mod compose;

use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls as LettreTls, TlsParameters};
use lettre::{Message, SmtpTransport, Transport};

use crate::config::{Config, EmailSettings, Tls};
use crate::service::MailOrder;
use crate::store::messages::{self, MAX_ATTEMPTS};
use crate::store::{Store, StoreError};

/// How old a claim may get before its sender is taken for dead and the message is
/// queued again (longer than one SMTP exchange may last).
pub const STALE_CLAIM: Duration = Duration::minutes(5);

/// How long sent messages are kept (their status is shown in History meanwhile).
pub const KEEP_SENT: Duration = Duration::days(30);

/// The most messages one pass tries.
pub const BATCH: usize = 200;

/// The longest an SMTP connection or answer is waited for.
pub const TIMEOUT: StdDuration = StdDuration::from_secs(20);

/// What the register's sales ask of the outbox (`None`: `[email]` is not configured).
pub fn order(config: &Config) -> Option<MailOrder> {
    config.email.as_ref().map(|_| MailOrder::default())
}

/// Why a message did not go.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// The recipient's or the sender's address does not parse: the message fails.
    #[error("invalid address: {0}")]
    Address(String),
    /// The message cannot be made (its sale is gone...): it fails.
    #[error("cannot build the message: {0}")]
    Build(String),
    /// The server refused it for good (5xx): it fails.
    #[error("refused by the mail server: {0}")]
    Refused(String),
    /// The server refused it for now (4xx): it waits.
    #[error("deferred by the mail server: {0}")]
    Deferred(String),
    /// The server cannot be reached (connection, timeout, TLS) or the login cannot be
    /// read: it waits, and so do the messages behind it.
    #[error("mail server not reached: {0}")]
    Unreachable(String),
}

impl SendError {
    /// Whether another attempt may succeed.
    pub fn retryable(&self) -> bool {
        matches!(self, SendError::Deferred(_) | SendError::Unreachable(_))
    }

    /// Whether the server itself is out of reach (the pass stops).
    pub fn server_down(&self) -> bool {
        matches!(self, SendError::Unreachable(_))
    }

    fn of(e: &lettre::transport::smtp::Error) -> SendError {
        let mut text = e.to_string();
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            text.push_str(": ");
            text.push_str(&s.to_string());
            source = s.source();
        }
        if e.is_permanent() {
            SendError::Refused(text)
        } else if e.is_transient() {
            SendError::Deferred(text)
        } else {
            SendError::Unreachable(text)
        }
    }
}

/// Hands e-mails over: the SMTP server in production, a stand-in in tests.
pub trait Deliver {
    fn deliver(&mut self, settings: &EmailSettings, message: &Message) -> Result<(), SendError>;
}

/// The SMTP server of `[email]`, connected once per pass (the first message), one
/// connection per message.
#[derive(Default)]
pub struct Smtp {
    transport: Option<SmtpTransport>,
}

impl Smtp {
    fn transport(&mut self, s: &EmailSettings) -> Result<&SmtpTransport, SendError> {
        if self.transport.is_none() {
            let params = || {
                TlsParameters::new(s.host.clone())
                    .map_err(|e| SendError::Unreachable(format!("TLS set-up: {e}")))
            };
            let tls = match s.tls {
                Tls::None => LettreTls::None,
                Tls::Starttls => LettreTls::Required(params()?),
                Tls::Tls => LettreTls::Wrapper(params()?),
            };
            let mut b = SmtpTransport::builder_dangerous(s.host.clone())
                .port(s.port)
                .tls(tls)
                .timeout(Some(TIMEOUT));
            let password = s
                .password()
                .map_err(|e| SendError::Unreachable(e.to_string()))?;
            if let (Some(user), Some(pw)) = (&s.user, password) {
                b = b.credentials(Credentials::new(user.clone(), pw));
            }
            self.transport = Some(b.build());
        }
        self.transport
            .as_ref()
            .ok_or_else(|| SendError::Unreachable("no transport".into()))
    }
}

impl Deliver for Smtp {
    fn deliver(&mut self, settings: &EmailSettings, message: &Message) -> Result<(), SendError> {
        let t = self.transport(settings)?;
        t.send(message).map(|_| ()).map_err(|e| SendError::of(&e))
    }
}

/// What became of one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Sent,
    /// Not sent: it waits until `next_at`.
    Queued {
        error: SendError,
        next_at: DateTime<Utc>,
    },
    /// Not sent and not retried unless asked (why).
    Failed(String),
    /// Another sender has it (or it was sent meanwhile).
    Busy,
}

/// Claims message `id`, builds it, hands it to the server and marks it.
pub fn deliver_one(
    store: &mut Store,
    config: &Config,
    settings: &EmailSettings,
    id: i64,
    now: DateTime<Utc>,
    utc_offset_secs: i32,
    sender: &mut dyn Deliver,
) -> Result<Outcome, StoreError> {
    if !store.write(|tx| messages::claim(tx, id, now))? {
        return Ok(Outcome::Busy);
    }
    let Some(m) = messages::get(store.conn(), id)? else {
        return Ok(Outcome::Busy);
    };
    let built = compose::content(store.conn(), config, &m, utc_offset_secs)
        .and_then(|c| compose::email(settings, &config.shop.name, id, &m.recipient, &c));
    let message = match built {
        Ok(message) => message,
        Err(e) => return fail(store, id, e.to_string()),
    };
    match sender.deliver(settings, &message) {
        Ok(()) => {
            store.write(|tx| messages::sent(tx, id, Utc::now()))?;
            tracing::info!(message = id, "e-mail sent");
            Ok(Outcome::Sent)
        }
        Err(e) if e.retryable() && m.attempts + 1 < MAX_ATTEMPTS => {
            let next_at = Utc::now() + messages::backoff(m.attempts + 1);
            tracing::info!(message = id, "e-mail waits: {e}");
            store.write(|tx| messages::attempt_failed(tx, id, &e.to_string(), next_at))?;
            Ok(Outcome::Queued { error: e, next_at })
        }
        Err(e) if e.retryable() => fail(
            store,
            id,
            format!("{e} (gave up after {MAX_ATTEMPTS} attempts)"),
        ),
        Err(e) => fail(store, id, e.to_string()),
    }
}

fn fail(store: &mut Store, id: i64, why: String) -> Result<Outcome, StoreError> {
    tracing::warn!(message = id, "e-mail failed: {why}");
    store.write(|tx| messages::give_up(tx, id, &why))?;
    Ok(Outcome::Failed(why))
}

/// What one pass over the outbox did and found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    pub sent: usize,
    /// Messages still to send, and messages failed (now or before).
    pub queued: usize,
    pub failed: usize,
    /// Why the last attempt that did not go failed, if one did in this pass.
    pub error: Option<String>,
    /// Why the last message that failed for good in this pass did.
    pub given_up: Option<String>,
    /// When the first message not due yet is (the worker sleeps until then).
    pub next_due: Option<DateTime<Utc>>,
    /// `[email]` is not configured: nothing was tried.
    pub unconfigured: bool,
}

/// One pass over the outbox at `now`: when messages wait, stale claims released and old
/// sent messages removed; then every due message sent in order, stopping at the first
/// that finds the server out of reach.
pub fn pass(
    store: &mut Store,
    config: &Config,
    now: DateTime<Utc>,
    utc_offset_secs: i32,
    sender: &mut dyn Deliver,
) -> Result<Report, StoreError> {
    let mut report = Report::default();
    let (open, _) = messages::counts(store.conn())?;
    match &config.email {
        None => report.unconfigured = true,
        Some(_) if open == 0 => {}
        Some(settings) => {
            // Bookkeeping only when there is work (an idle register writes nothing).
            store.write(|tx| {
                messages::prune(tx, now - KEEP_SENT)?;
                messages::release_stale(tx, now - STALE_CLAIM)
            })?;
            send_due(
                store,
                config,
                settings,
                now,
                utc_offset_secs,
                sender,
                &mut report,
            )?;
        }
    }
    let later = messages::next_due(store.conn(), now)?;
    report.next_due = match (report.next_due, later) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    (report.queued, report.failed) = messages::counts(store.conn())?;
    Ok(report)
}

fn send_due(
    store: &mut Store,
    config: &Config,
    settings: &EmailSettings,
    now: DateTime<Utc>,
    utc_offset_secs: i32,
    sender: &mut dyn Deliver,
    report: &mut Report,
) -> Result<(), StoreError> {
    for m in messages::due(store.conn(), now, BATCH)? {
        match deliver_one(store, config, settings, m.id, now, utc_offset_secs, sender)? {
            Outcome::Sent => report.sent += 1,
            Outcome::Queued { error, next_at } => {
                report.error = Some(error.to_string());
                if error.server_down() {
                    // The others wait behind it, untried: all due again at `next_at`.
                    store.write(|tx| messages::hold_due(tx, now, next_at))?;
                    report.next_due = Some(next_at);
                    break;
                }
            }
            Outcome::Failed(why) => report.given_up = Some(why),
            Outcome::Busy => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
