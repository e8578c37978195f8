//! The manager PIN policy, the one place that applies it (register and CLI alike): after
//! [`auth::FREE_FAILURES`] wrong PINs in a row, no PIN is checked before a delay of
//! 1 s, 2 s, 4 s... capped at 5 min ([`auth::lockout_delay`]).
//!
//! Invariants: the count and the end of the wait live in the database (`pin_guard`), so a
//! restart does not reset them; the read, the check and the write happen in one
//! `BEGIN IMMEDIATE` transaction, so two registers cannot both use the same free try;
//! every right PIN, every failure, every lockout and every PIN refused during one is an
//! audit entry of that same transaction; "now" is a parameter (tests move the clock).

use chrono::{DateTime, Utc};

use super::{Actor, ServiceError};
use crate::auth::{self, AuthError};
use crate::store::pin_guard::{self, PinGuard};
use crate::store::{audit, Store};

/// Checks `pin` against `hash` under the delay rule; a wrong PIN is counted, a right one
/// clears the count. `Err(ServiceError::Auth(LockedOut))` says until when to wait.
pub fn verify_manager_pin(
    store: &mut Store,
    actor: &Actor,
    hash: Option<&str>,
    pin: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let hash = hash.ok_or(AuthError::NoPinConfigured)?;
    let pin = pin.ok_or(AuthError::PinMissing)?;
    // The audit entries of a refusal are committed: the closure answers Ok(refusal).
    let outcome = store.write(|tx| -> Result<Result<(), AuthError>, ServiceError> {
        let mut g = pin_guard::get(tx)?;
        if let Some(until) = g.locked_until.filter(|u| *u > now) {
            let wait_secs = wait_secs(until, now);
            audit::record(
                tx,
                &actor.name,
                "manager.pin_refused",
                "manager",
                None,
                serde_json::json!({ "reason": "locked", "until": until, "wait_secs": wait_secs }),
            )?;
            return Ok(Err(AuthError::LockedOut { until, wait_secs }));
        }
        match auth::verify_pin(Some(hash), Some(pin)) {
            Ok(()) => {
                if g != PinGuard::default() {
                    pin_guard::set(tx, &PinGuard::default())?;
                }
                // Who had the manager's role, and when (the register's unlock, a CLI act).
                audit::record(
                    tx,
                    &actor.name,
                    "manager.pin_accepted",
                    "manager",
                    None,
                    serde_json::json!({ "after_failures": g.failures }),
                )?;
                Ok(Ok(()))
            }
            Err(AuthError::WrongPin) => {
                failed(tx, actor, &mut g, now)?;
                Ok(Err(match g.locked_until {
                    Some(until) => AuthError::WrongPinWait {
                        until,
                        wait_secs: wait_secs(until, now),
                    },
                    None => AuthError::WrongPin,
                }))
            }
            Err(e) => Ok(Err(e)),
        }
    })?;
    outcome.map_err(ServiceError::from)
}

/// Whole seconds left before `until`, at least 1.
fn wait_secs(until: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    let ms = (until - now).num_milliseconds().max(0);
    ((ms + 999) / 1000).max(1)
}

/// Counts one wrong PIN, starts the wait it imposes, and audits both.
fn failed(
    tx: &rusqlite::Transaction,
    actor: &Actor,
    g: &mut PinGuard,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    g.failures = g.failures.saturating_add(1);
    audit::record(
        tx,
        &actor.name,
        "manager.pin_failure",
        "manager",
        None,
        serde_json::json!({ "failures": g.failures }),
    )?;
    if let Some(delay) = auth::lockout_delay(g.failures) {
        let until = now + delay;
        g.locked_until = Some(until);
        audit::record(
            tx,
            &actor.name,
            "manager.pin_lockout",
            "manager",
            None,
            serde_json::json!({ "failures": g.failures, "seconds": delay.num_seconds(), "until": until }),
        )?;
    }
    pin_guard::set(tx, g)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn actor() -> Actor {
        Actor {
            name: "t".into(),
            country: "FR".into(),
            role: super::super::Role::Cashier,
            register: "R1".into(),
            loyalty: Default::default(),
            offline: None,
        }
    }

    fn t0() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-03-14T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn actions(s: &Store) -> Vec<String> {
        let mut stmt = s
            .conn()
            .prepare("SELECT action FROM audit_log WHERE entity = 'manager' ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    fn locked(r: Result<(), ServiceError>) -> i64 {
        match r {
            Err(ServiceError::Auth(AuthError::LockedOut { wait_secs, .. })) => wait_secs,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn three_wrong_pins_then_a_doubling_wait_kept_in_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.db");
        let hash = auth::hash_pin("246813").unwrap();
        let h = Some(hash.as_str());
        let mut s = Store::open(&path).unwrap();
        let a = actor();
        for _ in 0..2 {
            let r = verify_manager_pin(&mut s, &a, h, Some("111111"), t0());
            assert!(matches!(r, Err(ServiceError::Auth(AuthError::WrongPin))));
        }
        // The third failure starts a 1 s wait: even the right PIN waits.
        let r = verify_manager_pin(&mut s, &a, h, Some("111111"), t0());
        assert!(matches!(
            r,
            Err(ServiceError::Auth(AuthError::WrongPinWait {
                wait_secs: 1,
                ..
            }))
        ));
        assert_eq!(
            locked(verify_manager_pin(&mut s, &a, h, Some("246813"), t0())),
            1
        );
        // A restart (a new connection, as the CLI makes) keeps the count and the wait.
        drop(s);
        let mut s = Store::open(&path).unwrap();
        assert_eq!(
            locked(verify_manager_pin(&mut s, &a, h, Some("246813"), t0())),
            1
        );
        let t1 = t0() + Duration::seconds(1);
        let r = verify_manager_pin(&mut s, &a, h, Some("111111"), t1);
        assert!(matches!(
            r,
            Err(ServiceError::Auth(AuthError::WrongPinWait {
                wait_secs: 2,
                ..
            }))
        ));
        assert_eq!(
            locked(verify_manager_pin(&mut s, &a, h, Some("246813"), t1)),
            2
        );
        // After the wait, the right PIN passes and clears the count.
        let t2 = t1 + Duration::seconds(2);
        verify_manager_pin(&mut s, &a, h, Some("246813"), t2).unwrap();
        assert_eq!(pin_guard::get(s.conn()).unwrap(), PinGuard::default());
        assert_eq!(
            actions(&s),
            [
                "manager.pin_failure",
                "manager.pin_failure",
                "manager.pin_failure",
                "manager.pin_lockout",
                "manager.pin_refused",
                "manager.pin_refused",
                "manager.pin_failure",
                "manager.pin_lockout",
                "manager.pin_refused",
                "manager.pin_accepted",
            ]
        );
    }

    #[test]
    fn the_wait_is_capped_at_five_minutes() {
        let mut s = Store::open_in_memory().unwrap();
        let hash = auth::hash_pin("246813").unwrap();
        let (mut now, mut last) = (t0(), Duration::zero());
        for _ in 0..15 {
            let _ = verify_manager_pin(&mut s, &actor(), Some(&hash), Some("1"), now);
            let until = pin_guard::get(s.conn())
                .unwrap()
                .locked_until
                .unwrap_or(now);
            last = until - now;
            now = until;
        }
        assert_eq!(pin_guard::get(s.conn()).unwrap().failures, 15);
        assert_eq!(last, Duration::seconds(300));
    }
}
