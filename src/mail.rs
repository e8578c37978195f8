//! The message outbox's sender: turns a queued message back into an e-mail (a receipt
//! rendered again from its stored sale, see [`compose`]) and hands it to the SMTP server
//! of `[email]` ([`Smtp`], through `lettre`), or into an SMS (`crate::sms::compose`)
//! handed to the HTTP gateway of `[sms]` (`crate::sms::Http`), retrying with a backoff
//! while a server cannot be reached. The register runs [`pass`] in its message worker;
//! `comptoir outbox send` runs one [`pass`] too; both go through the claim of
//! `store::messages`, so a message is sent by one of them only.
//!
//! Invariants: a message leaves only after it is claimed in its own transaction, and is
//! marked sent right after the server accepted it; a server that cannot be reached (no
//! connection, a timeout, TLS, the password not readable; a gateway answering 429 or
//! 502-504) ends the pass for its channel: the message waits its
//! `store::messages::backoff` and the channel's others keep their turn behind it, so a
//! network down for hours costs one attempt per backoff, not one per message, and the
//! other channel goes on; a temporary refusal (SMTP 4xx, HTTP 5xx) makes that message
//! wait; a message that cannot be built (a bad address, its sale gone), a permanent
//! refusal (SMTP 5xx, HTTP 4xx) or the
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
use crate::sms::{self, Gateway, SmsError};
use crate::store::messages::{self, Channel, MAX_ATTEMPTS};
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

/// What the register's sales ask of the outbox by e-mail (`None`: `[email]` is not
/// configured).
pub fn order(config: &Config) -> Option<MailOrder> {
    config.email.as_ref().map(|_| MailOrder::default())
}

/// What the register's sales ask of the outbox by SMS (`None`: `[sms]` is not
/// configured).
pub fn sms_order(config: &Config) -> Option<MailOrder> {
    config.sms.as_ref().map(|_| MailOrder::default())
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
    /// The server refused it for good (SMTP 5xx): it fails.
    #[error("refused by the mail server: {0}")]
    Refused(String),
    /// The server refused it for now (SMTP 4xx): it waits.
    #[error("deferred by the mail server: {0}")]
    Deferred(String),
    /// The server cannot be reached (connection, timeout, TLS) or the login cannot be
    /// read: it waits, and so do the messages behind it.
    #[error("mail server not reached: {0}")]
    Unreachable(String),
    /// The SMS gateway's answer (or its absence), as `crate::sms` classified it.
    #[error(transparent)]
    Sms(#[from] SmsError),
}

impl SendError {
    /// Whether another attempt may succeed.
    pub fn retryable(&self) -> bool {
        matches!(
            self,
            SendError::Deferred(_)
                | SendError::Unreachable(_)
                | SendError::Sms(SmsError::Deferred(_) | SmsError::Unreachable(_))
        )
    }

    /// Whether the server itself is out of reach (its channel stops for this pass).
    pub fn server_down(&self) -> bool {
        matches!(
            self,
            SendError::Unreachable(_) | SendError::Sms(SmsError::Unreachable(_))
        )
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

/// The senders a pass hands messages to, one per channel.
pub struct Senders<'a> {
    pub email: &'a mut dyn Deliver,
    pub sms: &'a mut dyn Gateway,
}

/// One pass's settings: the config, the time it runs at, the local offset of receipts.
#[derive(Clone, Copy)]
pub struct Pass<'a> {
    pub config: &'a Config,
    pub now: DateTime<Utc>,
    pub utc_offset_secs: i32,
}

impl Pass<'_> {
    /// The channels configured (the others' messages wait, untried).
    pub fn channels(&self) -> Vec<Channel> {
        let mut v = Vec::new();
        if self.config.email.is_some() {
            v.push(Channel::Email);
        }
        if self.config.sms.is_some() {
            v.push(Channel::Sms);
        }
        v
    }
}

/// Claims message `id`, builds it, hands it to its channel's sender and marks it.
pub fn deliver_one(
    store: &mut Store,
    p: Pass,
    id: i64,
    senders: &mut Senders,
) -> Result<Outcome, StoreError> {
    if !store.write(|tx| messages::claim(tx, id, p.now))? {
        return Ok(Outcome::Busy);
    }
    let Some(m) = messages::get(store.conn(), id)? else {
        return Ok(Outcome::Busy);
    };
    let handed = match m.channel {
        Channel::Email => send_email(store, p, &m, senders.email),
        Channel::Sms => send_sms(store, p, &m, senders.sms),
    };
    let what = m.channel.as_str();
    match handed {
        Ok(()) => {
            store.write(|tx| messages::sent(tx, id, Utc::now()))?;
            tracing::info!(message = id, channel = what, "message sent");
            Ok(Outcome::Sent)
        }
        Err(e) if e.retryable() && m.attempts + 1 < MAX_ATTEMPTS => {
            let next_at = Utc::now() + messages::backoff(m.attempts + 1);
            tracing::info!(message = id, channel = what, "message waits: {e}");
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

/// An e-mail built and handed to the SMTP server (`[email]` unset: it waits).
fn send_email(
    store: &Store,
    p: Pass,
    m: &messages::Message,
    sender: &mut dyn Deliver,
) -> Result<(), SendError> {
    let Some(settings) = &p.config.email else {
        return Err(SendError::Unreachable("[email] is not configured".into()));
    };
    let message = compose::content(store.conn(), p.config, m, p.utc_offset_secs)
        .and_then(|c| compose::email(settings, &p.config.shop.name, m.id, &m.recipient, &c))?;
    sender.deliver(settings, &message)
}

/// An SMS's text made and handed to the gateway (`[sms]` unset: it waits).
fn send_sms(
    store: &Store,
    p: Pass,
    m: &messages::Message,
    gateway: &mut dyn Gateway,
) -> Result<(), SendError> {
    let Some(settings) = &p.config.sms else {
        return Err(SendError::Unreachable("[sms] is not configured".into()));
    };
    let text = sms::compose::text(store.conn(), p.config, m, p.utc_offset_secs)?;
    gateway.send(settings, &m.recipient, &text)?;
    Ok(())
}

fn fail(store: &mut Store, id: i64, why: String) -> Result<Outcome, StoreError> {
    tracing::warn!(message = id, "message failed: {why}");
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
    /// Neither `[email]` nor `[sms]` is configured: nothing was tried.
    pub unconfigured: bool,
}

/// One pass over the outbox: when messages wait, stale claims released and old sent
/// messages removed; then every due message of a configured channel sent in order, a
/// channel whose server is found out of reach left for this pass (its messages wait
/// behind the one that found it; the other channel goes on).
pub fn pass(store: &mut Store, p: Pass, senders: &mut Senders) -> Result<Report, StoreError> {
    let mut report = Report::default();
    let (open, _) = messages::counts(store.conn())?;
    let channels = p.channels();
    if channels.is_empty() {
        report.unconfigured = true;
    } else if open > 0 {
        // Bookkeeping only when there is work (an idle register writes nothing).
        store.write(|tx| {
            messages::prune(tx, p.now - KEEP_SENT)?;
            messages::release_stale(tx, p.now - STALE_CLAIM)
        })?;
        send_due(store, p, &channels, senders, &mut report)?;
    }
    let later = messages::next_due(store.conn(), p.now)?;
    report.next_due = match (report.next_due, later) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    (report.queued, report.failed) = messages::counts(store.conn())?;
    Ok(report)
}

fn send_due(
    store: &mut Store,
    p: Pass,
    channels: &[Channel],
    senders: &mut Senders,
    report: &mut Report,
) -> Result<(), StoreError> {
    let mut down: Vec<Channel> = Vec::new();
    for m in messages::due(store.conn(), p.now, channels, BATCH)? {
        if down.contains(&m.channel) {
            continue;
        }
        match deliver_one(store, p, m.id, senders)? {
            Outcome::Sent => report.sent += 1,
            Outcome::Queued { error, next_at } => {
                report.error = Some(error.to_string());
                if error.server_down() {
                    // The channel's others wait behind it, untried: due again at
                    // `next_at`.
                    store.write(|tx| messages::hold_due(tx, m.channel, p.now, next_at))?;
                    report.next_due = Some(report.next_due.map_or(next_at, |t| t.min(next_at)));
                    down.push(m.channel);
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
