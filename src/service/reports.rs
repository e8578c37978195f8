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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::Role;
    use crate::store::StoreError;

    fn actor(role: Role) -> Actor {
        Actor {
            name: "test".into(),
            country: "FR".into(),
            role,
            register: "R1".into(),
            loyalty: Default::default(),
            offline: None,
        }
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn closing_is_the_managers_once_a_day_has_begun_and_audited() {
        let mut store = Store::open_in_memory().unwrap();
        let now: DateTime<Utc> = "2025-01-10T18:00:00Z".parse().unwrap();
        let counted = Money::from_cents(1_000);
        let d = day("2025-01-10");
        let refused = close_day_counted(&mut store, &actor(Role::Cashier), d, 0, counted, now);
        assert!(matches!(
            refused,
            Err(ServiceError::Refused(Refusal::NeedsManager(_)))
        ));
        let boss = actor(Role::Manager);
        // At 22:30 UTC the 11th has not begun.
        let late: DateTime<Utc> = "2025-01-10T22:30:00Z".parse().unwrap();
        let tomorrow = close_day_counted(&mut store, &boss, day("2025-01-11"), 0, counted, late);
        assert!(matches!(
            tomorrow,
            Err(ServiceError::Refused(Refusal::FutureDay(_)))
        ));
        let negative = close_day_counted(&mut store, &boss, d, 0, -counted, now);
        assert!(matches!(
            negative,
            Err(ServiceError::Refused(Refusal::CountedBelowZero))
        ));
        assert_eq!(count(&store, "closing"), 0);
        let c = close_day_counted(&mut store, &boss, d, 0, counted, now).unwrap();
        assert_eq!(c.difference, counted);
        assert_eq!(count(&store, "closing"), 1);
        let again = close_day_counted(&mut store, &boss, d, 0, counted, now);
        assert!(matches!(
            again,
            Err(ServiceError::Store(StoreError::AlreadyClosed { .. }))
        ));
        let audited: i64 = store
            .conn()
            .query_row(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'closing.create'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(audited, 1);
    }

    fn count(store: &Store, table: &str) -> i64 {
        store
            .conn()
            .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }
}
