//! The count of wrong manager PINs and the time before which no PIN is checked: one row
//! of `pin_guard`, read and written in the caller's transaction. The rule that decides
//! the delay is `auth::lockout_delay`; the service applies it (`verify_manager_pin`).

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::row::opt_time;
use super::{time_text, Result};

/// Wrong PINs in a row and the wait they impose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PinGuard {
    pub failures: u32,
    /// No PIN is checked before this time.
    pub locked_until: Option<DateTime<Utc>>,
}

/// The guard as stored (all zero when the row is missing).
pub fn get(conn: &Connection) -> Result<PinGuard> {
    let row = conn
        .prepare_cached("SELECT failures, locked_until FROM pin_guard WHERE id = 1")?
        .query_row([], |r| {
            let failures: i64 = r.get(0)?;
            Ok(PinGuard {
                failures: u32::try_from(failures).unwrap_or(u32::MAX),
                locked_until: opt_time(r, 1)?,
            })
        })
        .optional()?;
    Ok(row.unwrap_or_default())
}

/// Stores `g` (in the caller's transaction: `conn` is a `Transaction` there).
pub fn set(conn: &Connection, g: &PinGuard) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO pin_guard (id, failures, locked_until) VALUES (1, ?1, ?2)
         ON CONFLICT(id) DO UPDATE SET failures = excluded.failures,
            locked_until = excluded.locked_until",
    )?
    .execute(params![
        i64::from(g.failures),
        g.locked_until.map(time_text)
    ])?;
    Ok(())
}
