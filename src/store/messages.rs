//! The message outbox's rows (migrations 0014 and 0017): e-mails and SMS to customers
//! (their receipts, messages written on the Contact tab) written in the transaction of
//! what they tell, then claimed, sent and marked by one sender at a time. Not the hub's
//! `sync_outbox` (see `outbox.rs`).
//!
//! Invariants: a message is claimed ([`claim`]: `queued` -> `sending`) in a transaction
//! of its own before it leaves, so two senders (the register's mail worker and `comptoir
//! outbox send`) never send the same message; an SMS goes to an E.164 number and has
//! no subject (the schema refuses anything else); only the claimant marks it ([`sent`],
//! [`attempt_failed`], [`give_up`]); a claim left by a sender that died is released after
//! a while ([`release_stale`]), so a message is sent at least once and, unless a sender
//! dies between the server's acceptance and the mark, exactly once. The state is all
//! here, so a restart goes on where the last run stopped. A failed attempt waits
//! [`backoff`] (30 s doubling, at most an hour); after [`MAX_ATTEMPTS`] the message is
//! `failed`, listed and counted, never dropped silently. Erasing a customer removes
//! their messages ([`erase_customer`]); a merge gives the duplicate's to the survivor; a
//! sale moved to another customer drops its receipt's messages not sent yet.

use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::Serialize;

use super::row::time;
use super::{time_text, Result};
use crate::domain::ids::{CustomerId, SaleId};

mod kinds;
mod overview;
pub use kinds::{Channel, Kind, Status};
pub use overview::{overview, Overview};

/// Attempts before a message is `failed` (with [`backoff`]: about 18 hours of a server
/// that cannot be reached).
pub const MAX_ATTEMPTS: i64 = 24;

/// The first wait after a failed attempt; it doubles after each.
pub const BACKOFF_BASE: Duration = Duration::seconds(30);

/// The longest wait between two attempts.
pub const BACKOFF_CAP: Duration = Duration::hours(1);

/// The wait after the `attempts`-th failed attempt: 30 s, 1 min, 2 min ... at most 1 h.
pub fn backoff(attempts: i64) -> Duration {
    let exp = u32::try_from(attempts.clamp(1, 16) - 1).unwrap_or(0);
    let secs = BACKOFF_BASE.num_seconds().saturating_mul(1i64 << exp);
    Duration::seconds(secs.min(BACKOFF_CAP.num_seconds()))
}

/// One message as stored (bodies aside: [`bodies`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Message {
    pub id: i64,
    pub kind: Kind,
    pub channel: Channel,
    pub recipient: String,
    #[serde(skip)]
    pub customer: Option<CustomerId>,
    #[serde(skip)]
    pub sale: Option<SaleId>,
    /// The sale's ticket number (receipts).
    pub ticket: Option<String>,
    /// The subject of a composed message (a receipt's is made when sent).
    pub subject: Option<String>,
    pub created_at: DateTime<Utc>,
    /// Attempts made, the last one included.
    pub attempts: i64,
    /// Not sent before this time (the backoff after a failed attempt).
    pub next_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub status: Status,
    pub sent_at: Option<DateTime<Utc>>,
}

const COLUMNS: &str = "m.id, m.kind, m.channel, m.recipient, m.customer_id, m.sale_id, s.number, \
                       m.subject, m.created_at, m.attempts, m.next_at, m.last_error, \
                       m.status, m.sent_at";

const FROM: &str = "message_outbox m LEFT JOIN sale s ON s.id = m.sale_id";

fn read(r: &Row) -> rusqlite::Result<Message> {
    let kind: String = r.get(1)?;
    let channel: String = r.get(2)?;
    let status: String = r.get(12)?;
    let bad = |i: usize, v: &str| {
        rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Text,
            format!("message_outbox: `{v}` is not known").into(),
        )
    };
    let sent_at: Option<String> = r.get(13)?;
    Ok(Message {
        id: r.get(0)?,
        kind: match kind.as_str() {
            "receipt" => Kind::Receipt,
            "contact" => Kind::Contact,
            other => return Err(bad(1, other)),
        },
        channel: Channel::parse(&channel).ok_or_else(|| bad(2, &channel))?,
        recipient: r.get(3)?,
        customer: r.get(4)?,
        sale: r.get(5)?,
        ticket: r.get(6)?,
        subject: r.get(7)?,
        created_at: time(r, 8)?,
        attempts: r.get(9)?,
        next_at: time(r, 10)?,
        last_error: r.get(11)?,
        status: Status::parse(&status).ok_or_else(|| bad(12, &status))?,
        sent_at: match sent_at {
            None => None,
            Some(_) => Some(time(r, 13)?),
        },
    })
}

/// Queues `sale`'s receipt for `recipient` by `channel`, due at once, in the caller's
/// transaction (the sale's); its id.
pub fn insert_receipt(
    tx: &Transaction,
    channel: Channel,
    sale: SaleId,
    customer: Option<CustomerId>,
    recipient: &str,
    now: DateTime<Utc>,
) -> Result<i64> {
    let at = time_text(now);
    tx.prepare_cached(
        "INSERT INTO message_outbox (kind, channel, recipient, customer_id, sale_id,
                                     created_at, next_at)
         VALUES ('receipt', ?5, ?1, ?2, ?3, ?4, ?4)",
    )?
    .execute(params![recipient, customer, sale, at, channel.as_str()])?;
    Ok(tx.last_insert_rowid())
}

/// A composed message: its subject and bodies (an SMS: its text only, the subject empty
/// and no HTML).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Composed {
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
}

/// Queues a composed message for `recipient` by `channel`, due at once; its id. An SMS
/// keeps the text only.
pub fn insert_contact(
    tx: &Transaction,
    channel: Channel,
    customer: Option<CustomerId>,
    recipient: &str,
    m: &Composed,
    now: DateTime<Utc>,
) -> Result<i64> {
    let at = time_text(now);
    let (subject, html) = match channel {
        Channel::Email => (Some(m.subject.as_str()), m.html.as_deref()),
        Channel::Sms => (None, None),
    };
    tx.prepare_cached(
        "INSERT INTO message_outbox (kind, channel, recipient, customer_id, subject,
                                     body_text, body_html, created_at, next_at)
         VALUES ('contact', ?7, ?1, ?2, ?3, ?4, ?5, ?6, ?6)",
    )?
    .execute(params![
        recipient,
        customer,
        subject,
        m.text,
        html,
        at,
        channel.as_str()
    ])?;
    Ok(tx.last_insert_rowid())
}

/// One message by id.
pub fn get(conn: &Connection, id: i64) -> Result<Option<Message>> {
    let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE m.id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], read)
        .optional()?)
}

/// A composed message's subject and bodies (`None`: a receipt, or no such message).
pub fn bodies(conn: &Connection, id: i64) -> Result<Option<Composed>> {
    let row = conn
        .prepare_cached(
            "SELECT COALESCE(subject, ''), body_text, body_html FROM message_outbox
             WHERE id = ?1 AND kind = 'contact'",
        )?
        .query_row([id], |r| {
            Ok(Composed {
                subject: r.get(0)?,
                text: r.get(1)?,
                html: r.get(2)?,
            })
        })
        .optional()?;
    Ok(row)
}

/// The queued messages of `channels` due at `now`, in order, at most `limit` (a
/// channel not configured is left out, so its messages do not fill the batch).
pub fn due(
    conn: &Connection,
    now: DateTime<Utc>,
    channels: &[Channel],
    limit: usize,
) -> Result<Vec<Message>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM {FROM}
         WHERE m.status = 'queued' AND m.next_at <= ?1 AND m.channel IN (?3, ?4)
         ORDER BY m.id LIMIT ?2"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    // Two slots: a channel asked for fills one, the other repeats it (or stays empty).
    let first = channels.first().map(|c| c.as_str());
    let second = channels.get(1).map(|c| c.as_str()).or(first);
    let rows = stmt.query_map(params![time_text(now), limit, first, second], read)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// When the first queued message not due at `now` is.
pub fn next_due(conn: &Connection, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>> {
    let next: Option<String> = conn
        .prepare_cached(
            "SELECT MIN(next_at) FROM message_outbox WHERE status = 'queued' AND next_at > ?1",
        )?
        .query_row([time_text(now)], |r| r.get(0))?;
    Ok(next
        .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
        .map(|t| t.with_timezone(&Utc)))
}

/// Every message, oldest first, at most `limit` (the newest when there are more).
pub fn list(conn: &Connection, limit: usize) -> Result<Vec<Message>> {
    let sql = format!(
        "SELECT * FROM (SELECT {COLUMNS} FROM {FROM} ORDER BY m.id DESC LIMIT ?1) ORDER BY 1"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([i64::try_from(limit).unwrap_or(i64::MAX)], read)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The newest message about `sale` by `channel` (its receipt's e-mail or SMS), if any.
pub fn for_sale(conn: &Connection, sale: SaleId, channel: Channel) -> Result<Option<Message>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM {FROM} WHERE m.sale_id = ?1 AND m.channel = ?2
         ORDER BY m.id DESC"
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![sale, channel.as_str()], read)
        .optional()?)
}

/// How many messages wait (queued or being sent) and how many failed.
pub fn counts(conn: &Connection) -> Result<(usize, usize)> {
    let (open, failed): (i64, i64) = conn
        .prepare_cached(
            "SELECT COALESCE(SUM(status IN ('queued', 'sending')), 0),
                    COALESCE(SUM(status = 'failed'), 0)
             FROM message_outbox WHERE status <> 'sent'",
        )?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let n = |v: i64| usize::try_from(v).unwrap_or(0);
    Ok((n(open), n(failed)))
}

/// Claims a queued message for sending; `false` when it is not queued (another sender
/// has it, or it was sent meanwhile).
pub fn claim(tx: &Transaction, id: i64, now: DateTime<Utc>) -> Result<bool> {
    let n = tx
        .prepare_cached(
            "UPDATE message_outbox SET status = 'sending', claimed_at = ?2
             WHERE id = ?1 AND status = 'queued'",
        )?
        .execute(params![id, time_text(now)])?;
    Ok(n == 1)
}

/// The claimed message was accepted by the mail server.
pub fn sent(tx: &Transaction, id: i64, now: DateTime<Utc>) -> Result<()> {
    mark(
        tx,
        "UPDATE message_outbox SET status = 'sent', sent_at = ?2, claimed_at = NULL,
                attempts = attempts + 1, last_error = NULL
         WHERE id = ?1 AND status = 'sending'",
        params![id, time_text(now)],
        id,
    )
}

/// The claimed message did not go: queued again until `next_at`.
pub fn attempt_failed(
    tx: &Transaction,
    id: i64,
    error: &str,
    next_at: DateTime<Utc>,
) -> Result<()> {
    mark(
        tx,
        "UPDATE message_outbox SET status = 'queued', claimed_at = NULL,
                attempts = attempts + 1, last_error = ?2, next_at = ?3
         WHERE id = ?1 AND status = 'sending'",
        params![id, super::error_line(error), time_text(next_at)],
        id,
    )
}

/// The claimed message will not be retried unless asked (`comptoir outbox retry`).
pub fn give_up(tx: &Transaction, id: i64, error: &str) -> Result<()> {
    mark(
        tx,
        "UPDATE message_outbox SET status = 'failed', claimed_at = NULL,
                attempts = attempts + 1, last_error = ?2
         WHERE id = ?1 AND status = 'sending'",
        params![id, super::error_line(error)],
        id,
    )
}

fn mark(tx: &Transaction, sql: &str, p: impl rusqlite::Params, id: i64) -> Result<()> {
    super::update_claimed(tx, sql, p, "message being sent", id)
}

/// A queued or failed message made due now, its attempts counted afresh (`comptoir
/// outbox retry`); its status before, or `None` when there is no such message. A message
/// sent or being sent is left as it is.
pub fn retry(tx: &Transaction, id: i64, now: DateTime<Utc>) -> Result<Option<Status>> {
    let before: Option<String> = tx
        .prepare_cached("SELECT status FROM message_outbox WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    let Some(before) = before else {
        return Ok(None);
    };
    tx.prepare_cached(
        "UPDATE message_outbox SET status = 'queued', next_at = ?2, attempts = 0
         WHERE id = ?1 AND status IN ('queued', 'failed')",
    )?
    .execute(params![id, time_text(now)])?;
    Ok(Status::parse(&before))
}

/// Every failed message queued again, due now, attempts counted afresh; their ids.
pub fn retry_failed(tx: &Transaction, now: DateTime<Utc>) -> Result<Vec<i64>> {
    let ids: Vec<i64> = tx
        .prepare_cached("SELECT id FROM message_outbox WHERE status = 'failed' ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in &ids {
        retry(tx, *id, now)?;
    }
    Ok(ids)
}

/// The queued messages of `channel` due at `now` wait until `until` (its server was
/// found out of reach: they keep their turn behind the one that found it), their
/// attempts unchanged; the other channel's are not held. How many.
pub fn hold_due(
    tx: &Transaction,
    channel: Channel,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<usize> {
    Ok(tx
        .prepare_cached(
            "UPDATE message_outbox SET next_at = ?2
             WHERE status = 'queued' AND next_at <= ?1 AND channel = ?3",
        )?
        .execute(params![time_text(now), time_text(until), channel.as_str()])?)
}

/// Claims older than `before` (their sender died): queued again. How many.
pub fn release_stale(tx: &Transaction, before: DateTime<Utc>) -> Result<usize> {
    Ok(tx
        .prepare_cached(
            "UPDATE message_outbox SET status = 'queued', claimed_at = NULL
             WHERE status = 'sending' AND claimed_at < ?1",
        )?
        .execute([time_text(before)])?)
}

/// Messages sent before `before` removed (the outbox is not an archive). How many.
pub fn prune(tx: &Transaction, before: DateTime<Utc>) -> Result<usize> {
    Ok(tx
        .prepare_cached("DELETE FROM message_outbox WHERE status = 'sent' AND sent_at < ?1")?
        .execute([time_text(before)])?)
}

/// The duplicate's messages are the survivor's (a merge). How many.
pub fn customer_merged(
    tx: &Transaction,
    survivor: CustomerId,
    duplicate: CustomerId,
) -> Result<usize> {
    Ok(tx
        .prepare_cached("UPDATE message_outbox SET customer_id = ?1 WHERE customer_id = ?2")?
        .execute(params![survivor, duplicate])?)
}

/// A sale moved to another customer (or to none): its receipt's messages not sent yet
/// are dropped, since they would go to the person it was wrongly rung up for. How many.
pub fn sale_moved(tx: &Transaction, sale: SaleId) -> Result<usize> {
    Ok(tx
        .prepare_cached(
            "DELETE FROM message_outbox
             WHERE sale_id = ?1 AND status IN ('queued', 'failed')",
        )?
        .execute([sale])?)
}

/// Every message to `customer` removed (the customer is erased). How many.
pub fn erase_customer(tx: &Transaction, customer: CustomerId) -> Result<usize> {
    Ok(tx
        .prepare_cached("DELETE FROM message_outbox WHERE customer_id = ?1")?
        .execute([customer])?)
}

#[cfg(test)]
mod tests;
