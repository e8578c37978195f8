//! Messages as user acts: a sale's receipt e-mail queued in the sale's own transaction
//! ([`queue_receipt`], called by `store_sale_printed` when the register's order carries
//! a [`MailOrder`]), a message written to a customer on the card's Contact tab
//! ([`queue_letter`]), and the manager asking again for messages that failed.
//!
//! Invariants: a receipt's message is written in the transaction of its sale (the sale
//! first, in the same commit: no message without its sale, no sale whose customer asked
//! for e-mail without its message queued); it goes when the attached customer, read in
//! that transaction, is not anonymised, has an e-mail address, and asked for receipts by
//! e-mail (the stored preference) or the cashier asked for this sale. Sending and
//! marking the messages is the outbox's own bookkeeping, done by its sender
//! (`crate::mail`), not a user act; asking again is the manager's, audited. A written
//! message goes to a live customer's stored address only, one transaction with its
//! audit entry; a marketing one only to a customer whose marketing consent is stored as
//! given (personal messages, like receipts, are not marketing).

use rusqlite::Transaction;
use serde_json::json;

use super::{live, Actor, Refusal, ServiceError};
use crate::domain::ids::CustomerId;
use crate::domain::sale::Sale;
use crate::store::messages::{self, Composed, Status};
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
            let m = messages::insert_receipt(tx, s.id, Some(id), to, s.created_at)?;
            Ok(Some(m))
        }
        _ => Ok(None),
    }
}

/// A message written to a customer (the card's Contact tab).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Letter {
    pub subject: String,
    pub body: String,
    /// An offer or a newsletter rather than a personal message: only with consent.
    pub marketing: bool,
}

/// The longest subject (characters, one line) and text of a [`Letter`].
pub const SUBJECT_MAX: usize = 200;
pub const BODY_MAX: usize = 10_000;

/// Queues `letter` for customer `id`'s e-mail address, due at once, with its audit entry
/// (`message.queue`: the message's id and whether it is marketing, not its text); the
/// message's id. Refused: an empty subject or text, a subject that is not one line or
/// too long, a customer anonymised or without an address, marketing without consent.
pub fn queue_letter(
    store: &mut Store,
    actor: &Actor,
    id: CustomerId,
    letter: &Letter,
) -> Result<i64, ServiceError> {
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
        let m = messages::insert_contact(tx, Some(id), to, &composed, now)?;
        let detail = json!({ "message": m, "marketing": letter.marketing });
        audit::record(
            tx,
            &actor.name,
            "message.queue",
            "customer",
            Some(&id.to_string()),
            detail,
        )?;
        Ok(m)
    })
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
