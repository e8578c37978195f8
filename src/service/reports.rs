//! The reports' writes: the daily closing (Z) of a register, and the audit entry of a
//! report leaving the shop (an export).
//!
//! Invariants: closing a day is the manager's act ([`Refusal::NeedsManager`] for the
//! cashier), refused for a day that has not begun or with a count below zero; the
//! closing row, its journal entry and its audit entry are one transaction, and a day is
//! closed once ([`StoreError::AlreadyClosed`](crate::store::StoreError::AlreadyClosed),
//! nothing written). Reading a report writes nothing; exporting one is audited first
//! (what and which period, never the figures), as customer exports are.

use chrono::{DateTime, NaiveDate, Utc};

use super::{Actor, Refusal, ServiceError};
use crate::domain::money::Money;
use crate::store::reports::{self, Closing, Period};
use crate::store::{audit, Store};

/// Closes the actor's register's local `day` (cut at `utc_offset_secs`) with the cash
/// `counted`, as of `now`: the manager's act, audited, once per day.
pub fn close_day_counted(
    store: &mut Store,
    actor: &Actor,
    day: NaiveDate,
    utc_offset_secs: i32,
    counted: Money,
    now: DateTime<Utc>,
) -> Result<Closing, ServiceError> {
    actor.require_manager("closing the day")?;
    if day > Period::local_day(now, utc_offset_secs) {
        return Err(Refusal::FutureDay(day).into());
    }
    if counted.is_negative() {
        return Err(Refusal::CountedBelowZero.into());
    }
    store.write(|tx| {
        let c = reports::close_day(
            tx,
            &actor.register,
            day,
            utc_offset_secs,
            counted,
            &actor.name,
            now,
        )?;
        audit::record(
            tx,
            &actor.name,
            "closing.create",
            "closing",
            Some(&format!("{}:{day}", actor.register)),
            serde_json::json!({
                "expected": c.figures.cash_expected.to_string(),
                "counted": c.counted.to_string(),
                "difference": c.difference.to_string(),
                "journal_seq": c.journal_seq,
                "role": "manager",
            }),
        )?;
        Ok(c)
    })
}

/// Records that `report` over `period` leaves the shop (`format`: csv or json, `to_file`:
/// a file rather than standard output), before the first byte is written.
pub fn audit_report_export(
    store: &mut Store,
    actor: &Actor,
    report: &str,
    period: &Period,
    format: &str,
    to_file: bool,
) -> Result<(), ServiceError> {
    let detail = serde_json::json!({
        "report": report,
        "from": period.from.to_string(),
        "to": period.to.to_string(),
        "format": format,
        "to_file": to_file,
    });
    store.write(|tx| {
        audit::record(
            tx,
            &actor.name,
            "report.export",
            "report",
            Some(report),
            detail,
        )
    })?;
    Ok(())
}
