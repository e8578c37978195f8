//! The hub's administration: its schema created or migrated (`hub init`) and register
//! roles (`hub add-register`), run with a PostgreSQL role that may create schemas and
//! roles (the hub's owner).
//!
//! Invariants: `MIGRATIONS[i]` brings the hub from version `i` to `i + 1`, each applied
//! in its own transaction together with its row in `hub.schema_migration`; the version is
//! read under a transaction-scoped advisory lock, so two `hub init` at once migrate once;
//! a hub newer than this code is refused untouched.

use postgres::Client;

use super::{sql, HubError, Result};

/// The SQL of each hub schema version, in order (append-only).
pub const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_customers.sql"),
    include_str!("migrations/0002_groups.sql"),
    include_str!("migrations/0003_notes.sql"),
    include_str!("migrations/0004_merged_into.sql"),
    include_str!("migrations/0005_snapshot.sql"),
    include_str!("migrations/0006_ref_conflicts.sql"),
    include_str!("migrations/0007_money.sql"),
];

/// The hub schema version this code knows.
pub const SCHEMA_VERSION: i32 = MIGRATIONS.len() as i32;

/// Serialises `hub init` runs (any constant no other lock of ours uses).
const INIT_LOCK: i64 = 7_242_019_015;

/// What `init` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct InitReport {
    /// The version found (0: no hub schema yet).
    pub from: i32,
    /// The version now.
    pub to: i32,
}

/// Creates the hub schema or brings it to [`SCHEMA_VERSION`]; running it again on a
/// current hub changes nothing.
pub fn init(client: &mut Client) -> Result<InitReport> {
    let mut from = None;
    loop {
        let mut tx = client.transaction().map_err(sql("hub init"))?;
        tx.execute("SELECT pg_advisory_xact_lock($1::int8)", &[&INIT_LOCK])
            .map_err(sql("hub init"))?;
        tx.batch_execute(
            "CREATE SCHEMA IF NOT EXISTS hub;
             CREATE TABLE IF NOT EXISTS hub.schema_migration (
                 version    int PRIMARY KEY,
                 applied_at timestamptz NOT NULL DEFAULT now()
             );
             REVOKE ALL ON hub.schema_migration FROM PUBLIC;",
        )
        .map_err(sql("hub init"))?;
        let found: i32 = tx
            .query_one(
                "SELECT COALESCE(max(version), 0) FROM hub.schema_migration",
                &[],
            )
            .and_then(|r| r.try_get(0))
            .map_err(sql("hub init"))?;
        if found > SCHEMA_VERSION {
            return Err(HubError::TooNew {
                found,
                supported: SCHEMA_VERSION,
            });
        }
        let from = *from.get_or_insert(found);
        let Some(migration) = MIGRATIONS.get(found as usize) else {
            tx.commit().map_err(sql("hub init"))?;
            return Ok(InitReport { from, to: found });
        };
        tx.batch_execute(migration)
            .map_err(sql("a hub schema migration"))?;
        tx.execute(
            "INSERT INTO hub.schema_migration (version) VALUES ($1::int4)",
            &[&(found + 1)],
        )
        .map_err(sql("hub init"))?;
        tx.commit().map_err(sql("hub init"))?;
        tracing::info!(version = found + 1, "applied hub migration");
    }
}

/// The PostgreSQL role of register `code` (`register_` and the code in lower case).
pub fn register_role(code: &str) -> Result<String> {
    let valid = !code.is_empty()
        && code.len() <= 32
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid {
        return Err(HubError::BadCode(code.to_string()));
    }
    Ok(format!("register_{}", code.to_ascii_lowercase()))
}

/// Creates (or gives a new password to) the login role of register `code`, allowed to
/// call the hub's register functions only; returns the role's name.
pub fn add_register(client: &mut Client, code: &str, password: &str) -> Result<String> {
    let role = register_role(code)?;
    let current: i32 = client
        .query_opt(
            "SELECT COALESCE(max(version), 0) FROM hub.schema_migration",
            &[],
        )
        .map_err(sql("adding a register (run `comptoir hub init` first)"))?
        .map(|r| r.try_get(0))
        .transpose()
        .map_err(sql("adding a register"))?
        .unwrap_or(0);
    if current > SCHEMA_VERSION {
        return Err(HubError::TooNew {
            found: current,
            supported: SCHEMA_VERSION,
        });
    }
    client
        .execute(
            "SELECT hub.add_register($1::text, $2::text, $3::text)",
            &[&code, &role, &password],
        )
        .map_err(sql("adding a register"))?;
    Ok(role)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn register_roles_are_lower_case_and_codes_are_checked() {
        assert_eq!(register_role("R1").unwrap(), "register_r1");
        assert_eq!(register_role("shop-2_a").unwrap(), "register_shop-2_a");
        for bad in ["", "r 1", "r1;drop", "é", &"x".repeat(33)] {
            assert!(
                matches!(register_role(bad), Err(HubError::BadCode(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn migrations_are_numbered_in_order() {
        assert_eq!(SCHEMA_VERSION as usize, MIGRATIONS.len());
        assert!(MIGRATIONS[0].contains("CREATE TABLE hub.change"));
    }
}
