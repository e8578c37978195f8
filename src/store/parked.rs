//! Tickets parked at a register: written, listed newest first, and taken back (read and
//! removed in the caller's transaction) when recalled.
//!
//! Invariants: a parked ticket is not a sale (no journal, ledger or audit entry); its
//! lines are stored as the JSON of [`SaleLine`]s, at most [`MAX_JSON_BYTES`] and
//! [`MAX_LINES`] lines, and read back under the same bounds whatever the file holds (a
//! longer value is never handed to the JSON reader: SQLite measures it first); a value
//! that does not read back is a [`StoreError::Corrupt`] for [`take`] (nothing removed)
//! and a row marked `damaged` for [`list`], never a panic. Reads are per register.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use super::row::time;
use super::{time_text, Result, StoreError};
use crate::domain::ids::{CustomerId, ParkedId};
use crate::domain::sale::SaleLine;

/// The most bytes of line JSON stored or read back for one parked ticket.
pub const MAX_JSON_BYTES: usize = 256 * 1024;

/// The most lines one parked ticket holds.
pub const MAX_LINES: usize = 500;

/// One parked ticket.
#[derive(Debug, Clone, PartialEq)]
pub struct ParkedTicket {
    pub id: ParkedId,
    /// The register it was parked at (and may be recalled at).
    pub register: String,
    pub parked_at: DateTime<Utc>,
    /// The customer attached when it was parked, if their row is still there.
    pub customer_id: Option<CustomerId>,
    /// A customer was attached when it was parked (their row may be gone since).
    pub had_customer: bool,
    pub lines: Vec<SaleLine>,
    pub label: Option<String>,
    /// A line's price was changed by the manager.
    pub repriced: bool,
    /// The stored lines did not read back (too long, not the JSON of lines): `lines` is
    /// empty. Only [`list`] hands out such a row.
    pub damaged: bool,
}

/// Why a ticket's lines cannot be stored or read back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinesError {
    #[error("{0} lines (at most {MAX_LINES})")]
    TooMany(usize),
    #[error("{0} bytes of lines (at most {MAX_JSON_BYTES})")]
    TooLong(usize),
    #[error("the lines do not read back: {0}")]
    Unreadable(String),
}

/// The JSON of `lines`, refused when over the bounds.
pub fn lines_json(lines: &[SaleLine]) -> std::result::Result<String, LinesError> {
    if lines.len() > MAX_LINES {
        return Err(LinesError::TooMany(lines.len()));
    }
    let json = serde_json::to_string(lines).map_err(|e| LinesError::Unreadable(e.to_string()))?;
    if json.len() > MAX_JSON_BYTES {
        return Err(LinesError::TooLong(json.len()));
    }
    Ok(json)
}

/// Lines read back from stored JSON (`None`: longer than the bound, not read).
fn read_lines(json: Option<&str>, bytes: i64) -> std::result::Result<Vec<SaleLine>, LinesError> {
    let Some(json) = json else {
        return Err(LinesError::TooLong(
            usize::try_from(bytes).unwrap_or(usize::MAX),
        ));
    };
    let lines: Vec<SaleLine> =
        serde_json::from_str(json).map_err(|e| LinesError::Unreadable(e.to_string()))?;
    if lines.len() > MAX_LINES {
        return Err(LinesError::TooMany(lines.len()));
    }
    Ok(lines)
}

/// Stores `t` (its lines within the bounds). The caller checks the customer and the
/// register's count.
pub fn park(tx: &Transaction, t: &ParkedTicket) -> Result<()> {
    let json = lines_json(&t.lines).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    tx.prepare_cached(
        "INSERT INTO parked_ticket (id, register, parked_at, customer_id, had_customer, lines,
            label, repriced) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        t.id,
        t.register,
        time_text(t.parked_at),
        t.customer_id,
        t.had_customer || t.customer_id.is_some(),
        json,
        t.label,
        t.repriced,
    ])?;
    Ok(())
}

/// How many tickets are parked at `register`.
pub fn count(conn: &Connection, register: &str) -> Result<usize> {
    let n: i64 = conn
        .prepare_cached("SELECT COUNT(*) FROM parked_ticket WHERE register = ?1")?
        .query_row([register], |r| r.get(0))?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// The columns every read takes: the lines only when within the bound, and their size.
const COLUMNS: &str = "id, register, parked_at, customer_id, had_customer, label, repriced,
    CASE WHEN length(CAST(lines AS BLOB)) <= ?2 THEN lines END, length(CAST(lines AS BLOB))";

/// A row read, with its lines or why they did not read back.
fn ticket(r: &Row) -> rusqlite::Result<(ParkedTicket, Option<LinesError>)> {
    let json: Option<String> = r.get(7)?;
    let (lines, why) = match read_lines(json.as_deref(), r.get(8)?) {
        Ok(lines) => (lines, None),
        Err(e) => (Vec::new(), Some(e)),
    };
    Ok((
        ParkedTicket {
            id: r.get(0)?,
            register: r.get(1)?,
            parked_at: time(r, 2)?,
            customer_id: r.get(3)?,
            had_customer: r.get(4)?,
            label: r.get(5)?,
            repriced: r.get(6)?,
            damaged: why.is_some(),
            lines,
        },
        why,
    ))
}

/// The tickets parked at `register`, newest first, at most `limit`; one whose lines do
/// not read back is listed `damaged`.
pub fn list(conn: &Connection, register: &str, limit: usize) -> Result<Vec<ParkedTicket>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM parked_ticket WHERE register = ?1
         ORDER BY parked_at DESC, id DESC LIMIT ?3"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(
        params![register, MAX_JSON_BYTES as i64, limit as i64],
        |r| ticket(r).map(|(t, _)| t),
    )?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Takes ticket `id` of `register` back: read, then removed, in the caller's
/// transaction. `None` when there is no such ticket at that register; a ticket whose
/// lines do not read back is refused ([`StoreError::Corrupt`]) and stays.
pub fn take(tx: &Transaction, register: &str, id: ParkedId) -> Result<Option<ParkedTicket>> {
    let sql = format!("SELECT {COLUMNS} FROM parked_ticket WHERE register = ?1 AND id = ?3");
    let found = tx
        .prepare_cached(&sql)?
        .query_row(params![register, MAX_JSON_BYTES as i64, id], ticket)
        .optional()?;
    let Some((t, why)) = found else {
        return Ok(None);
    };
    if let Some(why) = why {
        return Err(StoreError::Corrupt(format!("parked ticket {id}: {why}")));
    }
    tx.prepare_cached("DELETE FROM parked_ticket WHERE id = ?1")?
        .execute([id])?;
    Ok(Some(t))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::{Money, Percent};
    use crate::store::Store;

    fn line(n: i64) -> SaleLine {
        SaleLine {
            product_id: None,
            code: format!("C{n}"),
            name: format!("Item {n}"),
            quantity: rust_decimal::Decimal::ONE,
            unit_price: Money::from_cents(100 * n),
            discount: Percent::ZERO,
            tax_rate: Percent::ZERO,
            kind: Default::default(),
            origin: None,
            special: None,
        }
    }

    fn parked(register: &str, minute: u32, lines: Vec<SaleLine>) -> ParkedTicket {
        ParkedTicket {
            id: ParkedId::generate(),
            register: register.into(),
            parked_at: chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 3, 14, 10, minute, 0)
                .single()
                .unwrap(),
            customer_id: None,
            had_customer: false,
            lines,
            label: Some("blue coat".into()),
            repriced: true,
            damaged: false,
        }
    }

    #[test]
    fn parked_tickets_are_listed_newest_first_per_register_and_taken_once() {
        let mut s = Store::open_in_memory().unwrap();
        let (a, b, other) = (
            parked("R1", 1, vec![line(1)]),
            parked("R1", 2, vec![line(2), line(3)]),
            parked("R2", 3, vec![line(4)]),
        );
        s.write(|tx| {
            for t in [&a, &b, &other] {
                park(tx, t)?;
            }
            Ok::<_, StoreError>(())
        })
        .unwrap();
        assert_eq!(count(s.conn(), "R1").unwrap(), 2);
        let listed = list(s.conn(), "R1", 50).unwrap();
        assert_eq!(listed, vec![b.clone(), a.clone()]);
        assert_eq!(list(s.conn(), "R1", 1).unwrap().len(), 1);
        // Another register's ticket is not this one's to take.
        let none = s.write(|tx| take(tx, "R1", other.id)).unwrap();
        assert_eq!(none, None);
        let got = s.write(|tx| take(tx, "R1", b.id)).unwrap();
        assert_eq!(got, Some(b.clone()));
        assert_eq!(s.write(|tx| take(tx, "R1", b.id)).unwrap(), None);
        assert_eq!(list(s.conn(), "R1", 50).unwrap(), vec![a]);
    }

    #[test]
    fn lines_over_the_bounds_are_refused_when_parked_and_never_read_back() {
        assert_eq!(
            lines_json(&vec![line(1); MAX_LINES + 1]),
            Err(LinesError::TooMany(MAX_LINES + 1))
        );
        let mut s = Store::open_in_memory().unwrap();
        let t = parked("R1", 1, vec![line(1)]);
        s.write(|tx| park(tx, &t)).unwrap();
        // A hostile file: lines far over the bound, then lines that are not lines.
        let huge = format!("[{}]", "1,".repeat(MAX_JSON_BYTES) + "1");
        for bad in [huge.as_str(), "{\"not\": \"lines\"}", "[[[[[[[[[[[[[["] {
            s.conn()
                .execute(
                    "UPDATE parked_ticket SET lines = ?1 WHERE id = ?2",
                    params![bad, t.id],
                )
                .unwrap();
            let listed = list(s.conn(), "R1", 50).unwrap();
            assert_eq!(listed.len(), 1);
            assert!(listed[0].damaged && listed[0].lines.is_empty());
            let err = s.write(|tx| take(tx, "R1", t.id)).unwrap_err();
            assert!(matches!(err, StoreError::Corrupt(_)), "{err}");
            assert_eq!(
                count(s.conn(), "R1").unwrap(),
                1,
                "a refused take removes nothing"
            );
        }
    }
}
