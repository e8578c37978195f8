//! The daily closing (Z) of one register: the day's figures from the summary tables, the
//! cash the drawer should hold, the cash counted and the difference, stored once.
//!
//! Invariants: a register's day is closed at most once (the `closing` table's key; a
//! second close is [`StoreError::AlreadyClosed`], nothing written); the closing row, its
//! journal entry (kind `closing`, sealing the chain) and the caller's audit entry are one
//! transaction; a closing is never changed (triggers), and re-printing reads the stored
//! body, so a re-print shows what was closed even if a sale was stored on that day
//! afterwards. Expected cash is the cash payments of the day net of change given and of
//! cash refunds (a payment's amount is what counts towards its ticket): the domain has
//! no opening float nor cash in/out movements yet, so none is counted.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use super::{by_method, by_rate, MethodRow, Period, RateRow};
use crate::domain::money::Money;
use crate::store::journal::{self, EntryKind};
use crate::store::{time_text, Result, StoreError};

/// What a register took on one local day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayFigures {
    pub register: String,
    pub day: NaiveDate,
    pub sales: i64,
    pub refunds: i64,
    /// Goods sold less goods given back, taxes included.
    pub goods: Money,
    pub top_ups: Money,
    pub settlements: Money,
    /// Gift cards sold: money held for their bearers, not revenue.
    pub gift_cards: Money,
    /// Everything taken, net of refunds.
    pub total: Money,
    pub by_method: Vec<MethodRow>,
    pub by_rate: Vec<RateRow>,
    /// Cash payments net of change and of cash given back.
    pub cash_expected: Money,
}

/// A stored closing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closing {
    #[serde(flatten)]
    pub figures: DayFigures,
    pub counted: Money,
    /// Counted less expected: below zero, cash is missing.
    pub difference: Money,
    pub closed_at: DateTime<Utc>,
    pub author: String,
    /// The closing's entry in the register's journal, and the hash of the entry before
    /// it (the chain it seals).
    pub journal_seq: i64,
    pub chain_head: String,
}

/// The figures of `register` on local `day` (cut at `utc_offset_secs`).
pub fn day_figures(
    conn: &Connection,
    register: &str,
    day: NaiveDate,
    utc_offset_secs: i32,
) -> Result<DayFigures> {
    let p = Period::day(day, utc_offset_secs);
    let (start, end) = p.slots();
    let mut f = DayFigures {
        register: register.to_string(),
        day,
        sales: 0,
        refunds: 0,
        goods: Money::ZERO,
        top_ups: Money::ZERO,
        settlements: Money::ZERO,
        gift_cards: Money::ZERO,
        total: Money::ZERO,
        by_method: by_method(conn, &p, Some(register))?,
        by_rate: by_rate(conn, &p, Some(register))?,
        cash_expected: Money::ZERO,
    };
    let mut stmt = conn.prepare_cached(
        "SELECT dim, key, SUM(n), SUM(cents) FROM sale_sum
         WHERE slot >= ?1 AND slot < ?2 AND register = ?3 AND dim IN ('sale', 'refund', 'kind')
         GROUP BY dim, key",
    )?;
    let mut rows = stmt.query(params![start, end, register])?;
    while let Some(r) = rows.next()? {
        let (n, cents): (i64, i64) = (r.get(2)?, r.get(3)?);
        let amount = Money::from_cents(cents);
        let dim = r.get_ref(0)?.as_str().unwrap_or_default();
        let key = r.get_ref(1)?.as_str().unwrap_or_default();
        match (dim, key) {
            ("sale", _) => (f.sales, f.total) = (f.sales + n, f.total + amount),
            ("refund", _) => (f.refunds, f.total) = (f.refunds + n, f.total + amount),
            (_, "top_up") => f.top_ups = f.top_ups + amount,
            (_, "settlement") => f.settlements = f.settlements + amount,
            (_, "gift_card") => f.gift_cards = f.gift_cards + amount,
            _ => {}
        }
    }
    f.goods = f.by_rate.iter().map(|r| r.gross).sum();
    f.cash_expected = f
        .by_method
        .iter()
        .filter(|m| m.method == "cash")
        .map(|m| m.amount)
        .sum();
    Ok(f)
}

/// The stored closing of `register`'s `day`, if it was closed.
pub fn closing(conn: &Connection, register: &str, day: NaiveDate) -> Result<Option<Closing>> {
    let body: Option<String> = conn
        .prepare_cached("SELECT body FROM closing WHERE register = ?1 AND day = ?2")?
        .query_row(params![register, day.to_string()], |r| r.get(0))
        .optional()?;
    body.map(|b| serde_json::from_str(&b).map_err(|e| StoreError::Corrupt(e.to_string())))
        .transpose()
}

/// Closes `register`'s local `day` with the cash `counted`: the figures, the difference,
/// the closing row and its journal entry, in the caller's transaction. A day already
/// closed is refused, nothing written.
pub fn close_day(
    tx: &Transaction,
    register: &str,
    day: NaiveDate,
    utc_offset_secs: i32,
    counted: Money,
    author: &str,
    now: DateTime<Utc>,
) -> Result<Closing> {
    if closing(tx, register, day)?.is_some() {
        return Err(StoreError::AlreadyClosed {
            register: register.to_string(),
            day,
        });
    }
    let figures = day_figures(tx, register, day, utc_offset_secs)?;
    let chain_head: Option<Vec<u8>> = tx
        .prepare_cached("SELECT hash FROM journal WHERE register = ?1 ORDER BY seq DESC LIMIT 1")?
        .query_row([register], |r| r.get(0))
        .optional()?;
    let mut c = Closing {
        difference: counted - figures.cash_expected,
        figures,
        counted,
        closed_at: crate::store::row::as_stored(now),
        author: author.to_string(),
        journal_seq: 0,
        chain_head: journal::hex(&chain_head.unwrap_or_else(|| vec![0; 32])),
    };
    let entry = serde_json::to_string(&c).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    c.journal_seq = journal::append(tx, register, EntryKind::Closing, None, now, &entry)?;
    let body = serde_json::to_string(&c).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    tx.prepare_cached(
        "INSERT INTO closing (register, day, closed_at, author, utc_offset, expected_cents,
            counted_cents, body, journal_seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        register,
        day.to_string(),
        time_text(now),
        author,
        utc_offset_secs,
        c.figures.cash_expected.cents(),
        counted.cents(),
        body,
        c.journal_seq
    ])?;
    Ok(c)
}
