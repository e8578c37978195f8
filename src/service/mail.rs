//! Messages as user acts: a sale's receipt e-mail or SMS queued in the sale's own
//! transaction ([`queue_receipt`], [`queue_sms_receipt`], called by `store_sale_printed`
//! when the register's order carries a [`MailOrder`] for the channel), a message written
//! to a customer on the card's Contact tab ([`queue_letter`], by e-mail or SMS), and the
//! manager asking again for messages that failed.
//!
//! Invariants: a receipt's message is written in the transaction of its sale (the sale
//! first, in the same commit: no message without its sale, no sale whose customer asked
//! for it without its message queued); it goes when the attached customer, read in that
//! transaction, is not anonymised, has an e-mail address (a phone number that is a
//! valid E.164 number, for an SMS), and asked for receipts by that channel (the stored
//! preference) or the cashier asked for this sale. Sending and marking the messages is
//! the outbox's own bookkeeping, done by its sender (`crate::mail`), not a user act;
//! asking again is the manager's, audited. A written message goes to a live customer's
//! stored address or phone only, one transaction with its audit entry (which names the
//! channel, never the text); a marketing one only to a customer whose marketing consent
//! for that channel is stored as given (personal messages, like receipts, are not
//! marketing).

use rusqlite::Transaction;
use serde_json::json;

use super::{live, Actor, Refusal, ServiceError};
use crate::domain::customer::Customer;
use crate::domain::ids::CustomerId;
use crate::domain::sale::Sale;
use crate::domain::validate;
use crate::store::messages::{self, Channel, Composed, Status};
use crate::store::{audit, customers, Store};

/// What the register's sales ask of the outbox: present when e-mail is configured
/// (`[email]`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MailOrder {
    /// The cashier asked for this sale's receipt by e-mail (to the attached customer's
    /// address), whatever the customer's stored preference.
    pub asked: bool,
}

/// Queues `s`'s receipt e-mail in its transaction when its customer wants it (or the
/// cashier asked); the message's id, or `None` when none goes.
pub(super) fn queue_receipt(
    tx: &Transaction,
    s: &Sale,
    order: &MailOrder,
) -> Result<Option<i64>, ServiceError> {
    let Some(id) = s.customer_id else {
        return Ok(None);
    };
    let Some(c) = customers::get(tx, id)?.filter(|c| !c.anonymised) else {
        return Ok(None);
    };
    let wanted = c.data.preferences.receipt_by_email || order.asked;
    match c.data.email.as_deref().map(str::trim) {
        Some(to) if wanted && !to.is_empty() => {
            let m = messages::insert_receipt(tx, Channel::Email, s.id, Some(id), to, s.created_at)?;
            Ok(Some(m))
        }
        _ => Ok(None),
    }
}

/// The number an SMS to `c` goes to: the phone, else the second phone, in E.164
/// (`country`: the shop's, for a number stored without its country code).
fn mobile(c: &Customer, country: &str) -> Option<String> {
    [c.data.phone.as_deref(), c.data.phone2.as_deref()]
        .into_iter()
        .flatten()
        .find_map(|p| validate::phone(p, country).ok())
}

/// Queues `s`'s receipt SMS in its transaction when its customer wants it (or the
/// cashier asked) and has a phone; the message's id, or `None` when none goes.
pub(super) fn queue_sms_receipt(
    tx: &Transaction,
    s: &Sale,
    order: &MailOrder,
    country: &str,
) -> Result<Option<i64>, ServiceError> {
    let Some(id) = s.customer_id else {
        return Ok(None);
    };
    let Some(c) = customers::get(tx, id)?.filter(|c| !c.anonymised) else {
        return Ok(None);
    };
    if !(c.data.preferences.receipt_by_sms || order.asked) {
        return Ok(None);
    }
    match mobile(&c, country) {
        Some(to) => {
            let m = messages::insert_receipt(tx, Channel::Sms, s.id, Some(id), &to, s.created_at)?;
            Ok(Some(m))
        }
        None => {
            tracing::warn!(sale = %s.number, "no SMS receipt: the customer's phone is not a valid number");
            Ok(None)
        }
    }
}

/// A message written to a customer (the card's Contact tab).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    /// By e-mail (subject and text) or SMS (the text only; the subject is not used).
    pub channel: Channel,
    pub subject: String,
    pub body: String,
    /// An offer or a newsletter rather than a personal message: only with consent.
    pub marketing: bool,
}

impl Default for Letter {
    fn default() -> Letter {
        Letter {
            channel: Channel::Email,
            subject: String::new(),
            body: String::new(),
            marketing: false,
        }
    }
}

/// The longest subject (characters, one line) and text of a [`Letter`].
pub const SUBJECT_MAX: usize = 200;
pub const BODY_MAX: usize = 10_000;

/// The longest text of an SMS [`Letter`] (four GSM parts).
pub const SMS_MAX: usize = 612;

/// Queues `letter` for customer `id`'s e-mail address or phone (by its channel), due at
/// once, with its audit entry (`message.queue`: the message's id, its channel and whether
/// it is marketing, not its text); the message's id. Refused: an empty text (or subject,
/// for an e-mail), a subject that is not one line, a text too long, a customer
/// anonymised or without an address or a valid phone, marketing without that channel's
/// consent.
pub fn queue_letter(
    store: &mut Store,
    actor: &Actor,
    id: CustomerId,
    letter: &Letter,
) -> Result<i64, ServiceError> {
    if letter.channel == Channel::Sms {
        return queue_sms_letter(store, actor, id, letter);
    }
    let (subject, body) = (letter.subject.trim(), letter.body.trim());
    if subject.is_empty() || body.is_empty() {
        return Err(Refusal::EmptyMessage.into());
    }
    let too_long = subject.chars().count() > SUBJECT_MAX
        || subject.chars().any(char::is_control)
        || body.chars().count() > BODY_MAX;
    if too_long {
        return Err(Refusal::MessageTooLong(SUBJECT_MAX, BODY_MAX).into());
    }
    let now = chrono::Utc::now();
    store.write(|tx| {
        let c = live(tx, id)?;
        let Some(to) = c
            .data
            .email
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty())
        else {
            return Err(Refusal::NoEmail(id).into());
        };
        if letter.marketing && !c.data.preferences.marketing_email.granted {
            return Err(Refusal::NoMarketingConsent(id).into());
        }
        let composed = Composed {
            subject: subject.to_string(),
            text: format!("{body}\n"),
            html: None,
        };
        let m = messages::insert_contact(tx, Channel::Email, Some(id), to, &composed, now)?;
        audit_letter(tx, actor, id, m, letter)?;
        Ok(m)
    })
}

/// [`queue_letter`] by SMS: the text only, to the customer's phone in E.164.
fn queue_sms_letter(
    store: &mut Store,
    actor: &Actor,
    id: CustomerId,
    letter: &Letter,
) -> Result<i64, ServiceError> {
    let body = letter.body.trim();
    if body.is_empty() {
        return Err(Refusal::EmptySms.into());
    }
    if body.chars().count() > SMS_MAX {
        return Err(Refusal::SmsTooLong(SMS_MAX).into());
    }
    let now = chrono::Utc::now();
    store.write(|tx| {
        let c = live(tx, id)?;
        let Some(to) = mobile(&c, &actor.country) else {
            return Err(Refusal::NoPhone(id).into());
        };
        if letter.marketing && !c.data.preferences.marketing_sms.granted {
            return Err(Refusal::NoSmsConsent(id).into());
        }
        let composed = Composed {
            subject: String::new(),
            text: body.to_string(),
            html: None,
        };
        let m = messages::insert_contact(tx, Channel::Sms, Some(id), &to, &composed, now)?;
        audit_letter(tx, actor, id, m, letter)?;
        Ok(m)
    })
}

/// `message.queue`: which message, by which channel, marketing or not; never its text.
fn audit_letter(
    tx: &Transaction,
    actor: &Actor,
    id: CustomerId,
    message: i64,
    letter: &Letter,
) -> Result<(), ServiceError> {
    let detail = json!({
        "message": message,
        "channel": letter.channel.as_str(),
        "marketing": letter.marketing,
    });
    audit::record(
        tx,
        &actor.name,
        "message.queue",
        "customer",
        Some(&id.to_string()),
        detail,
    )?;
    Ok(())
}

/// Makes a queued or failed message due now, its attempts counted afresh (the manager's
/// act, audited); its status before. Refused for a message that does not exist, was
/// sent or is being sent.
pub fn retry_message(store: &mut Store, actor: &Actor, id: i64) -> Result<Status, ServiceError> {
    actor.require_manager("sending a message again")?;
    store.write(|tx| {
        let before = match messages::retry(tx, id, chrono::Utc::now())? {
            None => return Err(Refusal::NoMessage(id).into()),
            Some(Status::Sent) => return Err(Refusal::MessageSent(id).into()),
            Some(Status::Sending) => return Err(Refusal::MessageBusy(id).into()),
            Some(before) => before,
        };
        let detail = json!({ "before": before.as_str(), "role": "manager" });
        let id = id.to_string();
        audit::record(
            tx,
            &actor.name,
            "message.retry",
            "message",
            Some(&id),
            detail,
        )?;
        Ok(before)
    })
}

/// Every failed message queued again, due now (the manager's act, audited once); their
/// ids.
pub fn retry_failed_messages(store: &mut Store, actor: &Actor) -> Result<Vec<i64>, ServiceError> {
    actor.require_manager("sending messages again")?;
    store.write(|tx| {
        let ids = messages::retry_failed(tx, chrono::Utc::now())?;
        if !ids.is_empty() {
            let detail = json!({ "ids": ids, "role": "manager" });
            audit::record(tx, &actor.name, "message.retry", "message", None, detail)?;
        }
        Ok(ids)
    })
}

#[cfg(test)]
mod tests;
