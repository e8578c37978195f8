//! Parking a ticket (a customer who forgot their wallet: serve the next one) and recalling
//! it later, at the same register, also after a restart.
//!
//! Invariants: a parked ticket is not a sale: nothing is owed, no journal, ledger or
//! audit entry (the log notes it); an empty ticket is refused; a register holds at most
//! [`MAX_PARKED`] parked tickets; the customer attached is checked inside the
//! transaction (refused when missing or anonymised) and no personal data of theirs is
//! copied; a recall reads and removes the ticket in one transaction, so it is recalled
//! once; a recalled ticket whose customer was anonymised or merged away since comes back
//! without them, and says so ([`Recalled::customer_gone`]).

use chrono::Utc;

use super::{Actor, Refusal, ServiceError};
use crate::domain::ids::{CustomerId, ParkedId};
use crate::domain::sale::SaleLine;
use crate::store::customers;
use crate::store::parked::{self, ParkedTicket};
use crate::store::Store;

/// The most tickets parked at one register.
pub const MAX_PARKED: usize = 50;

/// The most characters of a parked ticket's label.
pub const MAX_LABEL_CHARS: usize = 40;

/// A ticket to park, as the register has it.
#[derive(Debug, Clone, PartialEq)]
pub struct ParkRequest {
    pub lines: Vec<SaleLine>,
    pub customer: Option<CustomerId>,
    /// A line's price was changed by the manager (paying it is the manager's act).
    pub repriced: bool,
    /// A short label ("blue coat"); blank: none.
    pub label: Option<String>,
}

/// A ticket taken back: its lines, and its customer if they are still there.
#[derive(Debug, Clone, PartialEq)]
pub struct Recalled {
    pub ticket: ParkedTicket,
    /// The customer to attach again (live: neither anonymised nor removed).
    pub customer: Option<CustomerId>,
    /// The ticket had a customer who was anonymised or merged away since: the lines come
    /// back without them.
    pub customer_gone: bool,
}

/// The label trimmed (`None` when blank); refused when longer than [`MAX_LABEL_CHARS`]
/// or holding a control character.
fn label(text: Option<&str>) -> Result<Option<String>, Refusal> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if text.chars().count() > MAX_LABEL_CHARS || text.chars().any(char::is_control) {
        return Err(Refusal::ParkLabel(MAX_LABEL_CHARS));
    }
    Ok(Some(text.to_string()))
}

/// Parks a ticket at the actor's register. Refused when it has no line, is over the
/// stored bounds, its label is not a short line, its customer is missing or anonymised,
/// or the register already holds [`MAX_PARKED`].
pub fn park_ticket(
    store: &mut Store,
    actor: &Actor,
    req: &ParkRequest,
) -> Result<ParkedTicket, ServiceError> {
    if req.lines.is_empty() {
        return Err(Refusal::EmptyTicket.into());
    }
    parked::lines_json(&req.lines).map_err(|e| Refusal::TicketTooBig(e.to_string()))?;
    let ticket = ParkedTicket {
        id: ParkedId::generate(),
        register: actor.register.clone(),
        parked_at: Utc::now(),
        customer_id: req.customer,
        had_customer: req.customer.is_some(),
        lines: req.lines.clone(),
        label: label(req.label.as_deref())?,
        repriced: req.repriced,
        damaged: false,
    };
    store.write(|tx| {
        if let Some(id) = req.customer {
            super::live(tx, id)?;
        }
        if parked::count(tx, &actor.register)? >= MAX_PARKED {
            return Err(Refusal::TooManyParked {
                register: actor.register.clone(),
                max: MAX_PARKED,
            }
            .into());
        }
        parked::park(tx, &ticket)?;
        Ok::<_, ServiceError>(())
    })?;
    tracing::info!(
        register = %actor.register,
        lines = ticket.lines.len(),
        customer = ticket.customer_id.is_some(),
        "ticket parked"
    );
    Ok(ticket)
}

/// Takes ticket `id` back at the actor's register (it is removed): refused when it is not
/// parked there (recalled already). Its customer comes with it unless anonymised or
/// merged away since ([`Recalled::customer_gone`]).
pub fn recall_ticket(
    store: &mut Store,
    actor: &Actor,
    id: ParkedId,
) -> Result<Recalled, ServiceError> {
    let recalled = store.write(|tx| {
        let Some(ticket) = parked::take(tx, &actor.register, id)? else {
            return Err(Refusal::NoParkedTicket(id.to_string()).into());
        };
        let customer = match ticket.customer_id {
            Some(c) => customers::get(tx, c)?
                .filter(|found| !found.anonymised)
                .map(|_| c),
            None => None,
        };
        Ok::<_, ServiceError>(Recalled {
            customer_gone: ticket.had_customer && customer.is_none(),
            customer,
            ticket,
        })
    })?;
    tracing::info!(
        register = %actor.register,
        lines = recalled.ticket.lines.len(),
        customer_gone = recalled.customer_gone,
        "parked ticket recalled"
    );
    Ok(recalled)
}

#[cfg(test)]
mod tests;
