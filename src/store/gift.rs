//! Gift cards in SQLite: a card by its code, who holds it (if anyone), and its ledger,
//! appended in the caller's transaction.
//!
//! Invariants: entries are only inserted (triggers refuse the rest); the card's balance
//! is the sum of its entries, kept by the `gift_ledger_balance` trigger in the same
//! statement, never below zero (a CHECK: an overdraft comes back as
//! [`StoreError::GiftCardShort`] with nothing written); a card is never removed.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, ErrorCode, OptionalExtension, Transaction};
use serde::Serialize;

use super::row::time;
use super::{time_text, Result, StoreError};
use crate::domain::ids::{CustomerId, LedgerId, SaleId};
use crate::domain::money::Money;

/// A gift card as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GiftCard {
    pub code: String,
    pub customer: Option<CustomerId>,
    pub balance: Money,
    pub created_at: DateTime<Utc>,
}

/// One movement of a card's balance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GiftEntry {
    pub amount: Money,
    pub reason: String,
    pub sale: Option<SaleId>,
    pub at: DateTime<Utc>,
}

/// The card with `code`.
pub fn get(conn: &Connection, code: &str) -> Result<Option<GiftCard>> {
    Ok(conn
        .prepare_cached(
            "SELECT code, customer_id, balance, created_at FROM gift_card WHERE code = ?1",
        )?
        .query_row([code], read)
        .optional()?)
}

fn read(r: &rusqlite::Row) -> rusqlite::Result<GiftCard> {
    Ok(GiftCard {
        code: r.get(0)?,
        customer: r.get(1)?,
        balance: Money::from_cents(r.get(2)?),
        created_at: time(r, 3)?,
    })
}

/// The cards a customer holds.
pub fn for_customer(conn: &Connection, customer: CustomerId) -> Result<Vec<GiftCard>> {
    let mut stmt = conn.prepare_cached(
        "SELECT code, customer_id, balance, created_at FROM gift_card WHERE customer_id = ?1
         ORDER BY created_at DESC",
    )?;
    let rows = stmt.query_map([customer], read)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Creates the card when it does not exist yet (a card sold again is topped up); gives
/// it to `customer` when it has no holder.
pub fn ensure(
    tx: &Transaction,
    code: &str,
    customer: Option<CustomerId>,
    at: DateTime<Utc>,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO gift_card (code, customer_id, balance, created_at) VALUES (?1, ?2, 0, ?3)
         ON CONFLICT(code) DO UPDATE SET customer_id = COALESCE(customer_id, excluded.customer_id)",
    )?
    .execute(params![code, customer, time_text(at)])?;
    Ok(())
}

/// A movement of a card's balance.
#[derive(Debug, Clone, Copy)]
pub struct GiftMove<'a> {
    pub code: &'a str,
    /// Cents; positive adds to the balance.
    pub amount: i64,
    /// sale, redemption, refund or correction.
    pub reason: &'static str,
    pub sale: Option<SaleId>,
    pub register: &'a str,
    pub author: &'a str,
}

/// Appends a movement; refused when the card does not exist
/// ([`StoreError::NotFound`]) or would go below zero ([`StoreError::GiftCardShort`]).
pub fn append(tx: &Transaction, m: GiftMove<'_>, at: DateTime<Utc>) -> Result<Money> {
    let Some(card) = get(tx, m.code)? else {
        return Err(StoreError::NotFound {
            what: "gift card",
            id: m.code.chars().take(40).collect(),
        });
    };
    let inserted = tx
        .prepare_cached(
            "INSERT INTO gift_ledger (id, code, amount, reason, sale_id, register, author,
                created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            LedgerId::generate(),
            m.code,
            m.amount,
            m.reason,
            m.sale,
            m.register,
            m.author,
            time_text(at),
        ]);
    match inserted {
        Ok(_) => Ok(Money::from_cents(card.balance.cents() + m.amount)),
        Err(e) if e.sqlite_error_code() == Some(ErrorCode::ConstraintViolation) => {
            Err(StoreError::GiftCardShort {
                code: card.code,
                available: card.balance,
            })
        }
        Err(e) => Err(e.into()),
    }
}

/// Gives the card to `customer` (or to nobody).
pub fn set_holder(tx: &Transaction, code: &str, customer: Option<CustomerId>) -> Result<bool> {
    Ok(tx.execute(
        "UPDATE gift_card SET customer_id = ?2 WHERE code = ?1",
        params![code, customer],
    )? == 1)
}

/// A card's movements, newest first.
pub fn entries(conn: &Connection, code: &str, limit: usize) -> Result<Vec<GiftEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT amount, reason, sale_id, created_at FROM gift_ledger WHERE code = ?1
         ORDER BY created_at DESC, rowid DESC LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![code, limit as i64], |r| {
        Ok(GiftEntry {
            amount: Money::from_cents(r.get(0)?),
            reason: r.get(1)?,
            sale: r.get(2)?,
            at: time(r, 3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Cards whose balance is not the sum of their ledger.
pub fn check_sums(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT g.code, g.balance, COALESCE(SUM(l.amount), 0) AS total FROM gift_card g
         LEFT JOIN gift_ledger l ON l.code = g.code GROUP BY g.code HAVING g.balance <> total",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(format!(
            "gift card {}: balance {}, ledger {}",
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
