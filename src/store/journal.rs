//! The sales journal: every sale (refunds and exchanges are sales), every move of a sale
//! to another customer, every merge and every daily closing (Z), chained per register by
//! a hash so that a change to a stored sale or to the journal itself shows.
//!
//! Invariants: entries are appended in the transaction of what they record (a sale and
//! its entry commit together), numbered 1, 2, 3... per register with no gap; an entry's
//! hash is BLAKE2b-256 over the previous entry's hash and this entry's register, number,
//! kind, time and body, each length-prefixed; a sale's body is built from the stored
//! rows by [`sale_body`], the same function [`verify`] uses to compare, so a sale whose
//! lines or payments were edited behind the register's back no longer matches its entry.
//! A sale's customer is not part of its body (a move or merge changes it, and is an entry
//! of its own).

// The columns of a sale's canonical text, in order: its head, each line, each payment.
// One list for the text journalled ([`sale_body`]) and the text `verify` rebuilds
// (`by_key`), so the two cannot drift apart.
macro_rules! head_columns {
    () => {
        "number, created_at, refund_of, group_discount, tax_mode, tax_rate, total_cents,
         discount_cents, points"
    };
}
macro_rules! line_columns {
    () => {
        "line_no, product_id, code, name, quantity, unit_price_cents, discount, tax_rate,
         total_cents, kind, origin"
    };
}
macro_rules! payment_columns {
    () => {
        "id, method, amount_cents, tendered_cents, change_cents, points, reference"
    };
}
/// How many columns each of the lists above has.
const HEAD_COLUMNS: usize = 9;
const LINE_COLUMNS: usize = 11;
const PAYMENT_COLUMNS: usize = 7;

mod by_key;

use blake2::digest::consts::U32;
use blake2::{Blake2b, Digest};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;
use serde_json::Value;

use super::{time_text, Result, StoreError};
use crate::domain::ids::SaleId;
use crate::domain::money::{Money, Percent};

/// What a journal entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Sale,
    Move,
    Merge,
    Closing,
}

impl EntryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Sale => "sale",
            EntryKind::Move => "move",
            EntryKind::Merge => "merge",
            EntryKind::Closing => "closing",
        }
    }
}

type Hash = [u8; 32];
const GENESIS: Hash = [0; 32];

fn hash(prev: &[u8], register: &str, seq: i64, kind: &str, at: &str, body: &str) -> Hash {
    let mut h = Blake2b::<U32>::new();
    for part in [
        prev,
        register.as_bytes(),
        kind.as_bytes(),
        at.as_bytes(),
        body.as_bytes(),
    ] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part);
    }
    h.update(seq.to_le_bytes());
    h.finalize().into()
}

/// Hex text of a hash, as printed.
pub fn hex(h: &[u8]) -> String {
    h.iter().map(|b| format!("{b:02x}")).collect()
}

/// The last entry of `register`: its number and hash (0 and the zero hash when none).
fn head(conn: &Connection, register: &str) -> Result<(i64, Vec<u8>)> {
    Ok(conn
        .prepare_cached(
            "SELECT seq, hash FROM journal WHERE register = ?1 ORDER BY seq DESC LIMIT 1",
        )?
        .query_row([register], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, GENESIS.to_vec())))
}

/// Appends an entry to `register`'s chain; returns its number.
pub fn append(
    tx: &Transaction,
    register: &str,
    kind: EntryKind,
    ref_id: Option<&dyn rusqlite::ToSql>,
    at: DateTime<Utc>,
    body: &str,
) -> Result<i64> {
    let (last, prev) = head(tx, register)?;
    let seq = last + 1;
    let at = time_text(at);
    let h = hash(&prev, register, seq, kind.as_str(), &at, body);
    tx.prepare_cached(
        "INSERT INTO journal (register, seq, kind, ref_id, created_at, body, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        register,
        seq,
        kind.as_str(),
        ref_id,
        at,
        body,
        prev,
        &h[..]
    ])?;
    Ok(seq)
}

/// Journals the stored sale `id` (in the sale's own transaction).
pub fn record_sale(tx: &Transaction, register: &str, id: SaleId, at: DateTime<Utc>) -> Result<i64> {
    let body = sale_body(tx, id)?.ok_or_else(|| StoreError::NotFound {
        what: "sale",
        id: id.to_string(),
    })?;
    append(tx, register, EntryKind::Sale, Some(&id), at, &body)
}

/// The canonical text of a stored sale (without its customer): head, lines and payments
/// as read from the tables, each row a JSON array of its columns (ids as hex); `None`
/// when the sale is not there. Written straight from SQLite's values: `journal verify`
/// builds one per sale.
pub fn sale_body(conn: &Connection, id: SaleId) -> Result<Option<String>> {
    let mut out = String::with_capacity(512);
    out.push_str("{\"sale\":");
    value(
        &mut out,
        rusqlite::types::ValueRef::Blob(id.as_uuid().as_bytes()),
    );
    out.push_str(",\"head\":");
    let mut stmt = conn.prepare_cached(concat!(
        "SELECT ",
        head_columns!(),
        " FROM sale WHERE id = ?1"
    ))?;
    let mut rows = stmt.query([id])?;
    let Some(r) = rows.next()? else {
        return Ok(None);
    };
    row(&mut out, r, HEAD_COLUMNS)?;
    for (name, sql, n) in [
        (
            "lines",
            concat!(
                "SELECT ",
                line_columns!(),
                " FROM sale_line WHERE sale_id = ?1 ORDER BY line_no"
            ),
            LINE_COLUMNS,
        ),
        (
            "payments",
            concat!(
                "SELECT ",
                payment_columns!(),
                " FROM payment WHERE sale_id = ?1 ORDER BY rowid"
            ),
            PAYMENT_COLUMNS,
        ),
    ] {
        out.push_str(",\"");
        out.push_str(name);
        out.push_str("\":[");
        let mut stmt = conn.prepare_cached(sql)?;
        let mut rows = stmt.query([id])?;
        let mut first = true;
        while let Some(r) = rows.next()? {
            if !first {
                out.push(',');
            }
            first = false;
            row(&mut out, r, n)?;
        }
        out.push(']');
    }
    out.push('}');
    Ok(Some(out))
}

/// The first `n` columns of `r` as a JSON array.
fn row(out: &mut String, r: &rusqlite::Row, n: usize) -> Result<()> {
    row_from(out, r, 0, n)
}

/// `n` columns of `r` from column `start`, as a JSON array.
fn row_from(out: &mut String, r: &rusqlite::Row, start: usize, n: usize) -> Result<()> {
    out.push('[');
    for i in start..start + n {
        if i > start {
            out.push(',');
        }
        value(out, r.get_ref(i)?);
    }
    out.push(']');
    Ok(())
}

/// One SQLite value as JSON: null, a number, a string (escaped), a blob as hex text.
fn value(out: &mut String, v: rusqlite::types::ValueRef<'_>) {
    use rusqlite::types::ValueRef;
    use std::fmt::Write;
    match v {
        ValueRef::Null => out.push_str("null"),
        ValueRef::Integer(n) => {
            let _ = write!(out, "{n}");
        }
        ValueRef::Real(f) => {
            let _ = write!(out, "{f:?}");
        }
        ValueRef::Text(t) => {
            out.push('"');
            for c in String::from_utf8_lossy(t).chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    c if (c as u32) < 0x20 => {
                        let _ = write!(out, "\\u{:04x}", c as u32);
                    }
                    c => out.push(c),
                }
            }
            out.push('"');
        }
        ValueRef::Blob(b) => {
            out.push('"');
            for byte in b {
                let _ = write!(out, "{byte:02x}");
            }
            out.push('"');
        }
    }
}

/// Where a chain stops matching.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Break {
    pub register: String,
    pub seq: i64,
    pub problem: String,
}

/// One register's chain as verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Chain {
    pub register: String,
    pub entries: i64,
    /// The last entry's hash (hex): what a closing records and a copy can be checked by.
    pub head: String,
}

/// What `journal verify` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Verification {
    pub chains: Vec<Chain>,
    pub sales_checked: i64,
    /// Sales in the tables that no journal entry covers (stored since it began).
    pub unjournaled: Vec<String>,
    /// Sales stored before the journal began (an older version): not covered, not a
    /// break.
    pub before_journal: i64,
    /// The first entry of each chain that does not match, if any.
    pub breaks: Vec<Break>,
}

impl Verification {
    pub fn ok(&self) -> bool {
        self.breaks.is_empty() && self.unjournaled.is_empty()
    }
}

/// At most this many unjournaled sales are named (the count is still whole).
const NAMED: usize = 20;

/// Walks every chain (numbering, links, hashes) and checks each sale's entry against the
/// tables; then names the sales no entry covers. Reads only. The sale entries are kept as
/// (sale id, digest of the body) while the journal streams in chain order; the sales,
/// their lines and payments are then read once each in sale-id order and every rebuilt
/// body's digest compared ([`by_key`]): 45 s for ten million sale lines, 170 MB, where a
/// point lookup per sale took 60-70 s.
pub fn verify(conn: &Connection) -> Result<Verification> {
    let mut registers: Vec<String> = Vec::new();
    let mut entries = Vec::new();
    let mut v = walk(conn, &mut |register, seq, id, body| {
        if registers.last().map(String::as_str) != Some(register) {
            registers.push(register.to_string());
        }
        entries.push(by_key::Entry {
            id: *id.as_uuid().as_bytes(),
            digest: by_key::digest(body.as_bytes()),
            chain: registers.len().saturating_sub(1) as u32,
            seq,
        });
    })?;
    v.breaks.extend(by_key::compare(conn, entries, &registers)?);
    finish(conn, v)
}

/// Keeps the first problem of each chain and names the sales no entry covers.
fn finish(conn: &Connection, mut v: Verification) -> Result<Verification> {
    // The first problem of each chain.
    v.breaks
        .sort_by(|a, b| (&a.register, a.seq).cmp(&(&b.register, b.seq)));
    v.breaks.dedup_by(|b, a| a.register == b.register);
    let first: i64 = conn
        .query_row(
            "SELECT value FROM counter WHERE name = 'journal:first_sale_row'",
            [],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(1);
    v.before_journal =
        conn.query_row("SELECT COUNT(*) FROM sale WHERE rowid < ?1", [first], |r| {
            r.get(0)
        })?;
    let mut stmt = conn.prepare(
        "SELECT number FROM sale s WHERE s.rowid >= ?1 AND NOT s.remote AND NOT EXISTS
           (SELECT 1 FROM journal j WHERE j.ref_id = s.id AND j.kind = 'sale')
         ORDER BY number",
    )?;
    let mut rows = stmt.query([first])?;
    while let Some(r) = rows.next()? {
        if v.unjournaled.len() < NAMED {
            v.unjournaled.push(r.get(0)?);
        } else {
            v.unjournaled.push("...".into());
            break;
        }
    }
    Ok(v)
}

/// Walks the chains in order: numbering, links and hashes; each sale entry that holds
/// goes to `sale` (register, number, sale, body) to be compared with the tables later.
fn walk(conn: &Connection, sale: &mut dyn FnMut(&str, i64, SaleId, &str)) -> Result<Verification> {
    let mut v = Verification::default();
    let mut stmt = conn.prepare(
        "SELECT register, seq, kind, ref_id, created_at, body, prev_hash, hash
         FROM journal ORDER BY register, seq",
    )?;
    let mut rows = stmt.query([])?;
    let mut current: Option<(String, i64, Vec<u8>)> = None;
    while let Some(r) = rows.next()? {
        let register: String = r.get(0)?;
        let seq: i64 = r.get(1)?;
        let kind = r.get_ref(2)?.as_str().unwrap_or_default();
        let body = r.get_ref(5)?.as_str().unwrap_or_default();
        let prev: Vec<u8> = r.get(6)?;
        let stored: Vec<u8> = r.get(7)?;
        if current.as_ref().is_none_or(|c| c.0 != register) {
            if let Some((reg, n, h)) = current.take() {
                v.chains.push(Chain {
                    register: reg,
                    entries: n,
                    head: hex(&h),
                });
            }
            current = Some((register.clone(), 0, GENESIS.to_vec()));
        }
        let Some(c) = current.as_mut() else { continue };
        let at = r.get_ref(4)?.as_str().unwrap_or_default();
        let problem = if seq != c.1 + 1 {
            Some(format!("entry {} is missing", c.1 + 1))
        } else if prev != c.2 {
            Some("does not follow the entry before it".to_string())
        } else if hash(&prev, &register, seq, kind, at, body)[..] != stored[..] {
            Some("its content does not match its hash".to_string())
        } else {
            None
        };
        match problem {
            Some(problem) => v.breaks.push(Break {
                register: register.clone(),
                seq,
                problem,
            }),
            None if kind == "sale" => {
                v.sales_checked += 1;
                match r.get::<_, Option<SaleId>>(3)? {
                    Some(id) => sale(&register, seq, id, body),
                    None => v.breaks.push(Break {
                        register: register.clone(),
                        seq,
                        problem: "it names no sale".to_string(),
                    }),
                }
            }
            None => {}
        }
        c.1 = seq;
        c.2 = stored;
    }
    if let Some((reg, n, h)) = current {
        v.chains.push(Chain {
            register: reg,
            entries: n,
            head: hex(&h),
        });
    }
    Ok(v)
}

/// The totals of one payment method or tax rate in a closing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Total {
    pub name: String,
    pub amount: Money,
}

/// A daily closing (Z): what the register took since its last closing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Closing {
    pub register: String,
    /// This closing's entry number, and the first entry it covers.
    pub seq: i64,
    pub from_seq: i64,
    pub at: DateTime<Utc>,
    pub sales: i64,
    pub refunds: i64,
    /// Goods sold less goods refunded, taxes included.
    pub goods: Money,
    pub top_ups: Money,
    pub settlements: Money,
    /// Gift cards sold (money held for their bearers, not revenue).
    pub gift_cards: Money,
    pub by_method: Vec<Total>,
    /// Goods per tax rate, taxes included.
    pub by_rate: Vec<Total>,
    pub cash_expected: Money,
    pub cash_counted: Option<Money>,
    /// The hash of the entry before this closing: the chain it seals.
    pub chain_head: String,
}

/// Records the daily closing of `register`: totals of the sales journalled since its
/// last closing, the cash counted if given, and the chain's head.
pub fn close(
    tx: &Transaction,
    register: &str,
    at: DateTime<Utc>,
    cash_counted: Option<Money>,
) -> Result<Closing> {
    let from_seq: i64 = tx.query_row(
        "SELECT COALESCE(MAX(seq), 0) + 1 FROM journal WHERE register = ?1 AND kind = 'closing'",
        [register],
        |r| r.get(0),
    )?;
    let scope = "FROM journal j JOIN sale s ON s.id = j.ref_id
                 WHERE j.register = ?1 AND j.kind = 'sale' AND j.seq >= ?2";
    let (sales, refunds): (i64, i64) = tx.query_row(
        &format!("SELECT COUNT(*), COALESCE(SUM(s.total_cents < 0 OR s.refund_of IS NOT NULL), 0) {scope}"),
        params![register, from_seq],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let mut by_kind = [0i64; 4];
    let mut by_rate = Vec::new();
    let mut stmt =
        tx.prepare(&format!(
        "SELECT l.kind, l.tax_rate, SUM(l.total_cents) {} GROUP BY l.kind, l.tax_rate
         ORDER BY l.kind, l.tax_rate",
        scope.replace("FROM journal j JOIN sale s ON s.id = j.ref_id",
            "FROM journal j JOIN sale s ON s.id = j.ref_id JOIN sale_line l ON l.sale_id = s.id")
    ))?;
    let mut rows = stmt.query(params![register, from_seq])?;
    while let Some(r) = rows.next()? {
        let kind: String = r.get(0)?;
        let cents: i64 = r.get(2)?;
        match kind.as_str() {
            "top_up" => by_kind[1] += cents,
            "settlement" => by_kind[2] += cents,
            "gift_card" => by_kind[3] += cents,
            _ => {
                by_kind[0] += cents;
                let rate: String = r.get(1)?;
                let name = rate.parse::<Percent>().map_or(rate, |p| p.to_string());
                by_rate.push(Total {
                    name,
                    amount: Money::from_cents(cents),
                });
            }
        }
    }
    let mut by_method = Vec::new();
    let mut stmt = tx.prepare(&format!(
        "SELECT p.method, SUM(p.amount_cents) {} GROUP BY p.method ORDER BY p.method",
        scope.replace(
            "FROM journal j JOIN sale s ON s.id = j.ref_id",
            "FROM journal j JOIN sale s ON s.id = j.ref_id JOIN payment p ON p.sale_id = s.id"
        )
    ))?;
    let mut rows = stmt.query(params![register, from_seq])?;
    while let Some(r) = rows.next()? {
        by_method.push(Total {
            name: r.get(0)?,
            amount: Money::from_cents(r.get(1)?),
        });
    }
    let cash_expected = by_method
        .iter()
        .find(|t| t.name == "cash")
        .map_or(Money::ZERO, |t| t.amount);
    let (_, prev) = head(tx, register)?;
    let mut closing = Closing {
        register: register.to_string(),
        seq: 0,
        from_seq,
        at,
        sales,
        refunds,
        goods: Money::from_cents(by_kind[0]),
        top_ups: Money::from_cents(by_kind[1]),
        settlements: Money::from_cents(by_kind[2]),
        gift_cards: Money::from_cents(by_kind[3]),
        by_method,
        by_rate,
        cash_expected,
        cash_counted,
        chain_head: hex(&prev),
    };
    let body: Value =
        serde_json::to_value(&closing).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    closing.seq = append(
        tx,
        register,
        EntryKind::Closing,
        None,
        at,
        &body.to_string(),
    )?;
    Ok(closing)
}

/// The closings of `register`, newest first.
pub fn closings(conn: &Connection, register: &str, limit: usize) -> Result<Vec<Value>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, body FROM journal WHERE register = ?1 AND kind = 'closing'
         ORDER BY seq DESC LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![register, limit as i64], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (seq, body) = row?;
        let mut v: Value =
            serde_json::from_str(&body).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        v["seq"] = seq.into();
        out.push(v);
    }
    Ok(out)
}
