//! The print queue's rows (migrations 0010, 0012): receipts, preparation tickets and cash
//! drawer kicks waiting for their printer, written in the transaction of the sale they
//! print, then claimed, sent and marked by one sender at a time.
//!
//! Invariants: a job is claimed ([`claim`]: `waiting` -> `sending`) in a transaction of
//! its own before its bytes leave, so two senders (the register's worker and `comptoir
//! print retry`) never send the same job; only the claimant marks it ([`printed`],
//! [`attempt_failed`], [`give_up`]); a claim left by a sender that died is released
//! after a while ([`release_stale`]), so a job is sent at least once and, unless a sender
//! dies between the printer's acceptance and the mark, exactly once. Jobs are read in
//! `id` order, the order they were written. No personal data is stored here.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::Serialize;

use super::row::time;
use super::{time_text, Result};
use crate::domain::ids::SaleId;

/// What a job prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A sale's receipt (rebuilt from the stored sale).
    Receipt,
    /// The cash drawer's kick.
    Drawer,
    /// A sale's lines for a preparation station (the kitchen, the workshop).
    Prep,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Receipt => "receipt",
            Kind::Drawer => "drawer",
            Kind::Prep => "prep",
        }
    }
}

/// Where a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Waiting,
    Sending,
    Printed,
    Failed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Waiting => "waiting",
            Status::Sending => "sending",
            Status::Printed => "printed",
            Status::Failed => "failed",
        }
    }
}

/// How a job's bytes are rebuilt: the printer string, the format, the width and the code
/// page, as the config named them when the job was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Spec {
    pub printer: String,
    pub format: String,
    pub width: usize,
    pub code_page: String,
}

/// One job as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Job {
    pub id: i64,
    pub register: String,
    pub kind: Kind,
    #[serde(skip)]
    pub sale: Option<SaleId>,
    /// The sale's ticket number (receipts, preparation tickets).
    pub ticket: Option<String>,
    /// The preparation station (`[[prep]] name`) of a `prep` job.
    pub station: Option<String>,
    #[serde(flatten)]
    pub spec: Spec,
    pub created_at: DateTime<Utc>,
    pub attempts: i64,
    /// Not sent before this time (the backoff after a failed attempt).
    pub next_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub status: Status,
}

const COLUMNS: &str = "j.id, j.register, j.kind, j.sale_id, s.number, j.printer, j.format, \
                       j.width, j.code_page, j.created_at, j.attempts, j.next_at, \
                       j.last_error, j.status, j.station";

fn read(r: &Row) -> rusqlite::Result<Job> {
    let kind: String = r.get(2)?;
    let status: String = r.get(13)?;
    let bad = |i: usize, v: &str| {
        rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Text,
            format!("print_job: `{v}` is not known").into(),
        )
    };
    let width: i64 = r.get(7)?;
    Ok(Job {
        id: r.get(0)?,
        register: r.get(1)?,
        kind: match kind.as_str() {
            "receipt" => Kind::Receipt,
            "drawer" => Kind::Drawer,
            "prep" => Kind::Prep,
            other => return Err(bad(2, other)),
        },
        sale: r.get(3)?,
        ticket: r.get(4)?,
        station: r.get(14)?,
        spec: Spec {
            printer: r.get(5)?,
            format: r.get(6)?,
            width: usize::try_from(width).map_err(|_| bad(7, &width.to_string()))?,
            code_page: r.get(8)?,
        },
        created_at: time(r, 9)?,
        attempts: r.get(10)?,
        next_at: time(r, 11)?,
        last_error: r.get(12)?,
        status: match status.as_str() {
            "waiting" => Status::Waiting,
            "sending" => Status::Sending,
            "printed" => Status::Printed,
            "failed" => Status::Failed,
            other => return Err(bad(13, other)),
        },
    })
}

/// Writes a job, due at once, in the caller's transaction (the sale's); its id.
pub fn insert(
    tx: &Transaction,
    register: &str,
    kind: Kind,
    sale: Option<SaleId>,
    spec: &Spec,
    now: DateTime<Utc>,
) -> Result<i64> {
    insert_for(tx, register, kind, sale, None, spec, now)
}

/// [`insert`] for a preparation station's job of `sale`.
pub fn insert_prep(
    tx: &Transaction,
    register: &str,
    sale: SaleId,
    station: &str,
    spec: &Spec,
    now: DateTime<Utc>,
) -> Result<i64> {
    insert_for(
        tx,
        register,
        Kind::Prep,
        Some(sale),
        Some(station),
        spec,
        now,
    )
}

fn insert_for(
    tx: &Transaction,
    register: &str,
    kind: Kind,
    sale: Option<SaleId>,
    station: Option<&str>,
    spec: &Spec,
    now: DateTime<Utc>,
) -> Result<i64> {
    let at = time_text(now);
    tx.prepare_cached(
        "INSERT INTO print_job (register, kind, sale_id, station, printer, format, width,
                                code_page, created_at, next_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
    )?
    .execute(params![
        register,
        kind.as_str(),
        sale,
        station,
        spec.printer,
        spec.format,
        i64::try_from(spec.width).unwrap_or(i64::MAX),
        spec.code_page,
        at
    ])?;
    Ok(tx.last_insert_rowid())
}

/// One job by id.
pub fn get(conn: &Connection, id: i64) -> Result<Option<Job>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM print_job j LEFT JOIN sale s ON s.id = j.sale_id WHERE j.id = ?1"
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], read)
        .optional()?)
}

/// The jobs still to send at `register` (waiting or being sent), in order.
pub fn open(conn: &Connection, register: &str) -> Result<Vec<Job>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM print_job j LEFT JOIN sale s ON s.id = j.sale_id
         WHERE j.register = ?1 AND j.status IN ('waiting', 'sending') ORDER BY j.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([register], read)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every register's jobs not printed (waiting, being sent, failed), in order, at most
/// `limit`.
pub fn unprinted(conn: &Connection, limit: usize) -> Result<Vec<Job>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM print_job j LEFT JOIN sale s ON s.id = j.sale_id
         WHERE j.status <> 'printed' ORDER BY j.id LIMIT ?1"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([i64::try_from(limit).unwrap_or(i64::MAX)], read)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many jobs of `register` wait (or are being sent), and how many receipts written
/// since `since` failed (a drawer kick given up is moot once the moment has passed).
pub fn counts(conn: &Connection, register: &str, since: DateTime<Utc>) -> Result<(usize, usize)> {
    let (open, failed): (i64, i64) = conn
        .prepare_cached(
            "SELECT COALESCE(SUM(status IN ('waiting', 'sending')), 0),
                    COALESCE(SUM(status = 'failed' AND kind = 'receipt' AND created_at >= ?2), 0)
             FROM print_job WHERE register = ?1 AND status <> 'printed'",
        )?
        .query_row(params![register, time_text(since)], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let n = |v: i64| usize::try_from(v).unwrap_or(0);
    Ok((n(open), n(failed)))
}

/// Claims a waiting job for sending; `false` when it is not waiting (another sender has
/// it, or it was printed meanwhile).
pub fn claim(tx: &Transaction, id: i64, now: DateTime<Utc>) -> Result<bool> {
    let n = tx
        .prepare_cached(
            "UPDATE print_job SET status = 'sending', claimed_at = ?2
             WHERE id = ?1 AND status = 'waiting'",
        )?
        .execute(params![id, time_text(now)])?;
    Ok(n == 1)
}

/// The claimed job was accepted by its printer.
pub fn printed(tx: &Transaction, id: i64, now: DateTime<Utc>) -> Result<()> {
    mark(
        tx,
        "UPDATE print_job SET status = 'printed', printed_at = ?2, claimed_at = NULL,
                attempts = attempts + 1, last_error = NULL
         WHERE id = ?1 AND status = 'sending'",
        params![id, time_text(now)],
        id,
    )
}

/// The claimed job's printer did not take it: waiting again until `next_at`.
pub fn attempt_failed(
    tx: &Transaction,
    id: i64,
    error: &str,
    next_at: DateTime<Utc>,
) -> Result<()> {
    mark(
        tx,
        "UPDATE print_job SET status = 'waiting', claimed_at = NULL, attempts = attempts + 1,
                last_error = ?2, next_at = ?3
         WHERE id = ?1 AND status = 'sending'",
        params![id, super::error_line(error), time_text(next_at)],
        id,
    )
}

/// The claimed job will not be retried unless asked (`comptoir print retry`).
pub fn give_up(tx: &Transaction, id: i64, error: &str) -> Result<()> {
    mark(
        tx,
        "UPDATE print_job SET status = 'failed', claimed_at = NULL, last_error = ?2
         WHERE id = ?1 AND status = 'sending'",
        params![id, super::error_line(error)],
        id,
    )
}

fn mark(tx: &Transaction, sql: &str, p: impl rusqlite::Params, id: i64) -> Result<()> {
    super::update_claimed(tx, sql, p, "print job being sent", id)
}

/// A waiting or failed job made due now (`comptoir print retry`); its status before, or
/// `None` when there is no such job. A job printed or being sent is left as it is.
pub fn retry(tx: &Transaction, id: i64, now: DateTime<Utc>) -> Result<Option<Status>> {
    let before = tx
        .prepare_cached("SELECT status FROM print_job WHERE id = ?1")?
        .query_row([id], |r| r.get::<_, String>(0))
        .optional()?;
    let Some(before) = before else {
        return Ok(None);
    };
    tx.prepare_cached(
        "UPDATE print_job SET status = 'waiting', next_at = ?2
         WHERE id = ?1 AND status IN ('waiting', 'failed')",
    )?
    .execute(params![id, time_text(now)])?;
    Ok(Some(match before.as_str() {
        "sending" => Status::Sending,
        "printed" => Status::Printed,
        "failed" => Status::Failed,
        _ => Status::Waiting,
    }))
}

/// Claims older than `before` (their sender died): waiting again. How many.
pub fn release_stale(tx: &Transaction, before: DateTime<Utc>) -> Result<usize> {
    Ok(tx
        .prepare_cached(
            "UPDATE print_job SET status = 'waiting', claimed_at = NULL
             WHERE status = 'sending' AND claimed_at < ?1",
        )?
        .execute([time_text(before)])?)
}

/// Jobs printed, or given up, before `before` removed (the queue is not an archive).
/// How many.
pub fn prune(tx: &Transaction, before: DateTime<Utc>) -> Result<usize> {
    Ok(tx
        .prepare_cached(
            "DELETE FROM print_job
             WHERE (status = 'printed' AND printed_at < ?1)
                OR (status = 'failed' AND created_at < ?1)",
        )?
        .execute([time_text(before)])?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use crate::store::StoreError;

    fn spec() -> Spec {
        Spec {
            printer: "tcp://127.0.0.1:9100".into(),
            format: "escpos".into(),
            width: 32,
            code_page: "cp858".into(),
        }
    }

    #[test]
    fn a_job_is_claimed_once_marked_by_its_claimant_and_listed_in_order() {
        let mut store = Store::open_in_memory().unwrap();
        let now = Utc::now();
        let (a, b) = store
            .write(|tx| {
                let a = insert(tx, "R1", Kind::Drawer, None, &spec(), now)?;
                let b = insert(tx, "R1", Kind::Drawer, None, &spec(), now)?;
                Ok::<_, StoreError>((a, b))
            })
            .unwrap();
        assert!(a < b);
        let open_ids: Vec<i64> = open(store.conn(), "R1")
            .unwrap()
            .iter()
            .map(|j| j.id)
            .collect();
        assert_eq!(open_ids, [a, b]);
        assert!(open(store.conn(), "R2").unwrap().is_empty());
        assert!(store.write(|tx| claim(tx, a, now)).unwrap());
        assert!(
            !store.write(|tx| claim(tx, a, now)).unwrap(),
            "claimed once"
        );
        let later = chrono::SubsecRound::trunc_subsecs(now + chrono::Duration::seconds(1), 3);
        store
            .write(|tx| attempt_failed(tx, a, "refused\nagain", later))
            .unwrap();
        let j = get(store.conn(), a).unwrap().unwrap();
        assert_eq!((j.status, j.attempts), (Status::Waiting, 1));
        assert_eq!(j.last_error.as_deref(), Some("refused again"));
        assert_eq!(j.next_at, later);
        assert!(
            store.write(|tx| printed(tx, a, now)).is_err(),
            "not claimed"
        );
        assert!(store.write(|tx| claim(tx, a, now)).unwrap());
        store.write(|tx| printed(tx, a, now)).unwrap();
        let day = now - chrono::Duration::days(1);
        assert_eq!(counts(store.conn(), "R1", day).unwrap(), (1, 0));
        assert!(store.write(|tx| claim(tx, b, now)).unwrap());
        store.write(|tx| give_up(tx, b, "expired")).unwrap();
        // A drawer kick given up is not counted as a failure to show.
        assert_eq!(counts(store.conn(), "R1", day).unwrap(), (0, 0));
        assert_eq!(unprinted(store.conn(), 10).unwrap().len(), 1);
        assert_eq!(
            store.write(|tx| retry(tx, b, now)).unwrap(),
            Some(Status::Failed)
        );
        assert_eq!(
            store.write(|tx| retry(tx, a, now)).unwrap(),
            Some(Status::Printed)
        );
        assert_eq!(
            get(store.conn(), a).unwrap().unwrap().status,
            Status::Printed
        );
        assert_eq!(store.write(|tx| retry(tx, 99, now)).unwrap(), None);
        // A dead sender's claim is released; printed jobs are pruned.
        assert!(store.write(|tx| claim(tx, b, now)).unwrap());
        let soon = now + chrono::Duration::minutes(5);
        assert_eq!(store.write(|tx| release_stale(tx, soon)).unwrap(), 1);
        assert_eq!(store.write(|tx| prune(tx, soon)).unwrap(), 1);
        assert!(get(store.conn(), a).unwrap().is_none());
    }

    #[test]
    fn the_schema_refuses_a_receipt_without_its_sale_and_a_bad_format() {
        let mut store = Store::open_in_memory().unwrap();
        let now = Utc::now();
        assert!(store
            .write(|tx| insert(tx, "R1", Kind::Receipt, None, &spec(), now))
            .is_err());
        let pdf = Spec {
            format: "pdf".into(),
            ..spec()
        };
        assert!(store
            .write(|tx| insert(tx, "R1", Kind::Drawer, None, &pdf, now))
            .is_err());
    }
}
