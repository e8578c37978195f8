//! Parked tickets as the register shows them: the rows of the recall window, and a
//! ticket recalled with its customer read again.
//!
//! Invariants: a row holds what the window draws and the id to recall, never the lines
//! themselves (the store hands them back at the recall); the customer's name is read
//! from their row when listed (nothing personal is kept with a parked ticket); the total
//! is the one the ticket would have with the customer's discount and tax preference of
//! now.

use chrono::{DateTime, Utc};

use super::Attached;
use crate::domain::ids::ParkedId;
use crate::domain::money::Money;
use crate::domain::sale::SaleLine;

/// One parked ticket in the recall window.
#[derive(Debug, Clone, PartialEq)]
pub struct ParkedRow {
    pub id: ParkedId,
    pub parked_at: DateTime<Utc>,
    /// The customer's name, when they are still there.
    pub customer: Option<String>,
    /// It had a customer who was anonymised or merged away since.
    pub customer_gone: bool,
    pub lines: usize,
    pub total: Money,
    pub label: Option<String>,
    /// Its lines do not read back (a damaged file): it cannot be recalled.
    pub damaged: bool,
}

/// A ticket taken back from the parked ones, ready for the sale screen.
#[derive(Debug, Clone, PartialEq)]
pub struct RecalledTicket {
    pub lines: Vec<SaleLine>,
    /// Its customer, read as picking them would (discount, tax preference, balances).
    pub customer: Option<Attached>,
    /// It had a customer who is gone (anonymised, merged away): the lines came alone.
    pub customer_gone: bool,
    /// A line's price was changed by the manager: paying it is the manager's act.
    pub repriced: bool,
}
