//! Customers in and out: CSV imports with vendor presets, vCard imports, CSV and vCard
//! exports, and the GDPR access export of one customer.
//!
//! Shape of an import (CSV or vCard alike):
//! 1. the file is read as a stream of rows (`csv_in`, `vcard`), each turned into a
//!    [`draft::Draft`]: raw values assigned to customer fields, with the column (or vCard
//!    property) each came from;
//! 2. the [`engine::Engine`] builds a `CustomerData` from the draft, runs the domain's
//!    `validate` (for CSV on a small pool of threads), finds an existing customer by
//!    reference (refusing a row that shares nothing with the reference's owner), then
//!    e-mail, then E.164 phone, and creates, updates (fields present in the row replace
//!    stored ones) or leaves it;
//! 3. matching reads the store outside any write transaction, through the run's own
//!    view of what it has not committed (`engine/pending.rs`), for both formats
//!    ([`engine::run`]): a dry run does exactly the same work, writes nothing and takes
//!    no write lock; a real run commits in chunks of a few tens of milliseconds under one
//!    `store::import_run`, so the register keeps selling, with one audit entry in the last
//!    chunk. A failure undoes the committed chunks; a crash or kill half-way is undone at
//!    the next open of the store: the database is as it was;
//! 4. refused rows of a real run go to a rejected file beside the imported one (or in the
//!    data folder when that folder cannot be written), renamed into place once the run
//!    committed ([`rejected::RejectedFile::settle`] ends every run). Both formats decode
//!    UTF-16 through the same reader ([`text::body`], [`text::body_reader`]).
//!
//! Invariants: no row reaches the store without `validate`; a refused row never stops the
//! others; a file-level problem (binary file, a line of megabytes, an unknown mapping)
//! stops the run, leaves nothing written (chunks already committed are undone) and says
//! what and where; the report lists
//! every refusal and warning with its physical line number (capped at
//! [`report::MAX_LISTED`] entries per list, counts stay exact).
//!
//! The search index is not touched here: [`report::Report::last_change_seq`] tells the
//! caller where the store's change sequence stands after the commit, so it can let the
//! index catch up.

pub mod country;
pub mod csv_in;
pub mod draft;
pub mod engine;
pub mod export;
pub mod field;
pub mod gdpr;
pub mod mapping;
pub mod preset;
pub mod private_file;
pub mod products;
pub mod rejected;
pub mod remark;
pub mod report;
pub mod report_csv;
pub mod salvage;
pub mod text;
pub mod vcard;

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::store::StoreError;

/// Why an import or export did not happen. Nothing was written in any of these cases (an
/// import's committed chunks are undone).
#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The writer an export was handed failed (disk full, closed pipe). The export does
    /// not know what that writer is: its caller names it ([`export::to_file`] turns this
    /// into [`ExchangeError::Write`] naming the file).
    #[error("cannot write the export: {0}")]
    Output(std::io::Error),
    /// The file as a whole cannot be imported (binary, huge line, no header...).
    #[error("{path}: {message}; nothing was imported")]
    Format { path: PathBuf, message: String },
    /// A preset, mapping file or `--map` that cannot be used.
    #[error("{0}")]
    Mapping(String),
    /// The run would do a manager's act (set a group, tax or credit limit) without the
    /// manager's PIN.
    #[error("{0}")]
    Manager(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// How an import runs, whatever the format.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Do everything but write: no write lock, nothing committed.
    pub dry_run: bool,
    /// Recorded in the audit log ("cli:alice").
    pub actor: String,
    /// Country for phones and company numbers of rows without one: `--country`, else the
    /// shop's.
    pub default_country: String,
    /// Today, for consents granted without a date.
    pub today: NaiveDate,
    /// The manager's PIN was checked (CLI) or the session is unlocked (register): the run
    /// may set a customer's group, tax and credit limit. Without it, a real run whose
    /// columns set them is refused, and tags never put a customer in a group.
    pub manager: bool,
}

/// Told how far the reading has come, for a progress bar.
pub trait Progress {
    /// The size of what will be read, in bytes.
    fn start(&mut self, _total_bytes: u64) {}
    /// Bytes read so far.
    fn at(&mut self, _bytes: u64) {}
    /// Reading is over (the last chunk's commit may still take a moment).
    fn finish(&mut self) {}
}

/// A [`Progress`] that shows nothing.
pub struct NoProgress;

impl Progress for NoProgress {}

/// The cell text a spreadsheet would run as a formula gets a leading `'` on export (and on
/// the rejected-rows file); the importer removes that `'` again when the next character is
/// one of these, so an exported E.164 phone (`'+33612345678`) or a negative longitude
/// reads back unchanged.
pub const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `value` made safe to open in a spreadsheet: prefixed with `'` when it starts with a
/// formula character.
pub fn neutralise(value: &str) -> std::borrow::Cow<'_, str> {
    match value.chars().next() {
        Some(c) if FORMULA_STARTS.contains(&c) => format!("'{value}").into(),
        _ => value.into(),
    }
}

/// The inverse of [`neutralise`] for imported cells.
pub fn unneutralise(value: &str) -> &str {
    match value.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_round_trip() {
        for v in ["=1+1", "+33612345678", "-4.35", "@SUM(A1)", "\tx", "\rx"] {
            let n = neutralise(v);
            assert!(n.starts_with('\''), "{v}");
            assert_eq!(unneutralise(&n), v);
        }
        assert_eq!(neutralise("Dupont"), "Dupont");
        assert_eq!(unneutralise("'quoted"), "'quoted");
        assert_eq!(unneutralise("O'Brien"), "O'Brien");
    }
}
