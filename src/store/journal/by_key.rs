//! The sale bodies checked in the tables' own key order: the journal's sale entries are
//! read once in chain order and kept as (sale id, digest of the body); the sales, their
//! lines and payments are then read once each in sale-id order (a sequential pass over
//! the lines, the largest table) and each rebuilt body's digest is compared with its
//! entry's. A point lookup per sale (five B-tree descents into a file larger than memory
//! maps) is what made the check slow at millions of lines.
//!
//! Invariant: the body rebuilt here is byte for byte what [`super::sale_body`] builds
//! (the same column lists, `head_columns!` and its siblings, and the same writer): every money test and the property test end with an
//! intact `verify` over sales of every shape (split payments, refunds, exchanges, gift
//! cards, top-ups), and the tampering tests with the entry that was changed.

use blake2::digest::consts::U16;
use blake2::{Blake2b, Digest};
use rusqlite::Connection;

use super::{row_from, value, Break, Result, HEAD_COLUMNS, LINE_COLUMNS, PAYMENT_COLUMNS};

/// One sale entry of a chain: the sale's id (16 bytes), its body's digest, the chain's
/// register and the entry's number.
pub(super) struct Entry {
    pub id: [u8; 16],
    pub digest: [u8; 16],
    pub chain: u32,
    pub seq: i64,
}

pub(super) fn digest(body: &[u8]) -> [u8; 16] {
    Blake2b::<U16>::digest(body).into()
}

/// Rebuilds every sale's body in id order and compares it with `entries` (sorted here);
/// the problems found, named by chain (`registers[chain]`) and entry number.
pub(super) fn compare(
    conn: &Connection,
    mut entries: Vec<Entry>,
    registers: &[String],
) -> Result<Vec<Break>> {
    entries.sort_unstable_by_key(|e| e.id);
    let mut heads = conn.prepare(concat!(
        "SELECT id, ",
        head_columns!(),
        " FROM sale ORDER BY id"
    ))?;
    let mut lines = conn.prepare(concat!(
        "SELECT sale_id, ",
        line_columns!(),
        " FROM sale_line ORDER BY sale_id, line_no"
    ))?;
    let mut pays = conn.prepare(concat!(
        "SELECT sale_id, ",
        payment_columns!(),
        " FROM payment INDEXED BY payment_sale ORDER BY sale_id, rowid"
    ))?;
    let mut heads = heads.query([])?;
    let mut lines = lines.query([])?;
    let mut pays = pays.query([])?;
    let mut line = part(&mut lines, LINE_COLUMNS)?;
    let mut pay = part(&mut pays, PAYMENT_COLUMNS)?;
    let mut found = Vec::new();
    let mut next_entry = 0usize;
    let mut body = String::with_capacity(1024);
    let problem = |e: &Entry, what: &str| Break {
        register: registers.get(e.chain as usize).cloned().unwrap_or_default(),
        seq: e.seq,
        problem: what.to_string(),
    };
    while let Some(h) = heads.next()? {
        let id = key(h)?;
        body.clear();
        body.push_str("{\"sale\":");
        value(&mut body, rusqlite::types::ValueRef::Blob(&id));
        body.push_str(",\"head\":");
        row_from(&mut body, h, 1, HEAD_COLUMNS)?;
        body.push_str(",\"lines\":[");
        line = take(&mut body, line, &mut lines, LINE_COLUMNS, &id)?;
        body.push_str("],\"payments\":[");
        pay = take(&mut body, pay, &mut pays, PAYMENT_COLUMNS, &id)?;
        body.push_str("]}");
        // Entries for sales before this one have no sale in the tables.
        while let Some(e) = entries.get(next_entry).filter(|e| e.id < id) {
            found.push(problem(e, "its sale is missing from the tables"));
            next_entry += 1;
        }
        let d = digest(body.as_bytes());
        while let Some(e) = entries.get(next_entry).filter(|e| e.id == id) {
            if e.digest != d {
                found.push(problem(e, "its sale was changed in the tables"));
            }
            next_entry += 1;
        }
    }
    for e in entries.get(next_entry..).unwrap_or_default() {
        found.push(problem(e, "its sale is missing from the tables"));
    }
    Ok(found)
}

/// Appends to `body` the rows of sale `id` from a cursor sorted by sale id (`next` is
/// its current row, rendered), comma-separated; rows of sales before `id` (with no head)
/// are passed over. Returns the first row after them.
fn take(
    body: &mut String,
    mut next: Option<([u8; 16], String)>,
    rows: &mut rusqlite::Rows<'_>,
    n: usize,
    id: &[u8; 16],
) -> Result<Option<([u8; 16], String)>> {
    let mut first = true;
    while let Some((k, text)) = next.as_ref() {
        if k > id {
            break;
        }
        if k == id {
            if !first {
                body.push(',');
            }
            first = false;
            body.push_str(text);
        }
        next = part(rows, n)?;
    }
    Ok(next)
}

/// The next row of `rows`: its sale id and columns 1 to `n` as the body writes them.
fn part(rows: &mut rusqlite::Rows<'_>, n: usize) -> Result<Option<([u8; 16], String)>> {
    let Some(r) = rows.next()? else {
        return Ok(None);
    };
    let mut text = String::with_capacity(160);
    row_from(&mut text, r, 1, n)?;
    Ok(Some((key(r)?, text)))
}

/// The sale id in column 0 of a row (16 bytes; anything else sorts first and matches no
/// entry).
fn key(r: &rusqlite::Row) -> Result<[u8; 16]> {
    let v = r.get_ref(0)?;
    Ok(v.as_blob()
        .ok()
        .and_then(|b| <[u8; 16]>::try_from(b).ok())
        .unwrap_or([0; 16]))
}
