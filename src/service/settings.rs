//! A change of the register's settings (the config file, the secrets file), as the
//! settings screen makes it: the manager's act, audited.
//!
//! The service does not know the files (the config layer sits above it): the caller
//! hands it the names of the keys that change and the write itself, already checked.
//!
//! Invariants: refused to the cashier ([`Refusal::NeedsManager`]) before anything is
//! written; the audit entry (`settings.change`, the changed keys by name, never a value:
//! not a password, not the PIN's hash) and the write happen in one SQLite transaction,
//! the write last: when the write fails, the entry is rolled back, so the log holds an
//! entry for each change that was written (a failure of the commit itself, after the
//! files were renamed into place, is the one case the log would miss).

use serde_json::json;

use super::{Actor, ServiceError};
use crate::store::{audit, Store, StoreError};

/// Why a settings change did not happen.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError<E: std::error::Error + 'static> {
    /// Refused (not the manager), or the audit entry could not be written.
    #[error(transparent)]
    Service(#[from] ServiceError),
    /// The write itself failed (nothing is in the log).
    #[error(transparent)]
    Write(E),
}

/// Inside the transaction: the store's failure, or the write's.
enum Inner<E> {
    Store(StoreError),
    Write(E),
}

impl<E> From<StoreError> for Inner<E> {
    fn from(e: StoreError) -> Self {
        Inner::Store(e)
    }
}

/// Records that the manager changed `keys` of the settings held at `file` and runs
/// `write`, in one transaction.
pub fn change_settings<T, E: std::error::Error + 'static>(
    store: &mut Store,
    actor: &Actor,
    file: &str,
    keys: &[String],
    write: impl FnOnce() -> Result<T, E>,
) -> Result<T, SettingsError<E>> {
    actor
        .require_manager("changing the settings")
        .map_err(ServiceError::from)?;
    let done = store.write(|tx| {
        audit::record(
            tx,
            &actor.name,
            "settings.change",
            "settings",
            Some(file),
            json!({ "keys": keys, "role": "manager" }),
        )?;
        write().map_err(Inner::Write)
    });
    done.map_err(|e| match e {
        Inner::Store(s) => SettingsError::Service(s.into()),
        Inner::Write(w) => SettingsError::Write(w),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::{Refusal, Role};

    fn actor(role: Role) -> Actor {
        Actor {
            name: "register:R1".into(),
            country: "FR".into(),
            role,
            register: "R1".into(),
            loyalty: Default::default(),
            offline: None,
        }
    }

    #[derive(Debug, thiserror::Error)]
    #[error("disk full")]
    struct Full;

    #[test]
    fn a_settings_change_is_the_managers_and_audited_only_when_written() {
        let mut store = Store::open_in_memory().unwrap();
        let keys = vec!["shop.name".to_string(), "email.password".to_string()];
        let mut ran = false;
        let refused = change_settings(&mut store, &actor(Role::Cashier), "/c.toml", &keys, || {
            ran = true;
            Ok::<_, Full>(())
        });
        assert!(matches!(
            refused,
            Err(SettingsError::Service(ServiceError::Refused(
                Refusal::NeedsManager(_)
            )))
        ));
        assert!(!ran, "nothing written for the cashier");
        let failed = change_settings(&mut store, &actor(Role::Manager), "/c.toml", &keys, || {
            Err::<(), _>(Full)
        });
        assert!(matches!(failed, Err(SettingsError::Write(Full))));
        assert_eq!(audit::count(store.conn()).unwrap(), 0, "rolled back");
        change_settings(&mut store, &actor(Role::Manager), "/c.toml", &keys, || {
            Ok::<_, Full>(())
        })
        .unwrap();
        let log = audit::for_entity(store.conn(), "settings", "/c.toml").unwrap();
        assert_eq!(log.len(), 1);
        let e = &log[0];
        assert_eq!(e.action, "settings.change");
        assert_eq!(e.actor, "register:R1");
        assert_eq!(
            e.detail,
            json!({ "keys": ["shop.name", "email.password"], "role": "manager" })
        );
    }
}
