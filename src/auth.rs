//! The manager PIN: stored only as an Argon2id hash (PHC string, its parameters written
//! in it, so a hash made today still verifies after the defaults change) in the config,
//! checked in constant time by the argon2 crate. Manager actions (delete, merge, export,
//! price edits, products, refunds, moving a past sale) are refused without a matching PIN.
//!
//! Invariants: a new hash needs a PIN of [`MIN_NEW_PIN`] to 12 digits; a hash made
//! earlier from a shorter PIN still verifies. The delay after wrong PINs is computed here
//! ([`lockout_delay`], pure); counting the failures in the database is the service's.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

/// Why a manager action was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    #[error("this action needs the manager PIN, and none is configured: run `comptoir hash-pin` and put the hash in [manager] pin_hash")]
    NoPinConfigured,
    #[error("this action needs the manager PIN (set COMPTOIR_MANAGER_PIN or pass --pin-stdin)")]
    PinMissing,
    #[error("wrong manager PIN")]
    WrongPin,
    #[error("a new PIN is 6 to 12 digits")]
    BadPinFormat,
    /// A wrong PIN, the last one allowed for now: no PIN is checked before `until`.
    #[error("wrong manager PIN; too many: try again in {wait_secs} s")]
    WrongPinWait {
        until: chrono::DateTime<chrono::Utc>,
        wait_secs: i64,
    },
    /// Too many wrong PINs: no PIN is checked before `until`.
    #[error("too many wrong PINs: try again in {wait_secs} s")]
    LockedOut {
        until: chrono::DateTime<chrono::Utc>,
        wait_secs: i64,
    },
    #[error("cannot hash the PIN: {0}")]
    Hash(String),
}

/// The fewest digits of a PIN that a new hash is made from.
pub const MIN_NEW_PIN: usize = 6;

/// Wrong PINs in a row that are allowed before a delay.
pub const FREE_FAILURES: u32 = 3;

/// The longest delay between two PIN checks after wrong PINs.
pub const MAX_DELAY_SECS: i64 = 300;

/// The wait imposed after `failures` wrong PINs in a row: none for the first
/// [`FREE_FAILURES`], then 1 s, 2 s, 4 s... capped at [`MAX_DELAY_SECS`].
pub fn lockout_delay(failures: u32) -> Option<chrono::Duration> {
    let over = failures.checked_sub(FREE_FAILURES)?;
    let secs = 1i64
        .checked_shl(over.min(20))
        .unwrap_or(MAX_DELAY_SECS)
        .min(MAX_DELAY_SECS);
    Some(chrono::Duration::seconds(secs))
}

/// Checks the shape of a new PIN: [`MIN_NEW_PIN`] to 12 ASCII digits.
pub fn check_pin_format(pin: &str) -> Result<(), AuthError> {
    if (MIN_NEW_PIN..=12).contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(AuthError::BadPinFormat)
    }
}

/// Hashes a PIN with Argon2id and a random salt.
pub fn hash_pin(pin: &str) -> Result<String, AuthError> {
    check_pin_format(pin)?;
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AuthError::Hash(e.to_string()))
}

/// Verifies `pin` against the configured hash.
pub fn verify_pin(hash: Option<&str>, pin: Option<&str>) -> Result<(), AuthError> {
    let hash = hash.ok_or(AuthError::NoPinConfigured)?;
    let pin = pin.ok_or(AuthError::PinMissing)?;
    let parsed = PasswordHash::new(hash).map_err(|e| AuthError::Hash(e.to_string()))?;
    Argon2::default()
        .verify_password(pin.trim().as_bytes(), &parsed)
        .map_err(|_| AuthError::WrongPin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_then_verify() {
        let h = hash_pin("654321").unwrap();
        // Argon2id, with its version, memory, time and parallelism in the PHC string.
        assert!(h.starts_with("$argon2id$v=19$m="), "{h}");
        let parsed = PasswordHash::new(&h).unwrap();
        for p in ["m", "t", "p"] {
            assert!(parsed.params.get(p).is_some(), "{p} in {h}");
        }
        assert_eq!(verify_pin(Some(&h), Some("654321")), Ok(()));
        assert_eq!(verify_pin(Some(&h), Some("1234")), Err(AuthError::WrongPin));
        assert_eq!(verify_pin(Some(&h), None), Err(AuthError::PinMissing));
        assert_eq!(
            verify_pin(None, Some("1234")),
            Err(AuthError::NoPinConfigured)
        );
    }

    #[test]
    fn pin_format() {
        assert!(hash_pin("12").is_err());
        assert!(hash_pin("12ab").is_err());
        assert!(check_pin_format("123456").is_ok());
        // Failed before: a new hash was made from 4 digits.
        assert_eq!(hash_pin("4321"), Err(AuthError::BadPinFormat));
        assert_eq!(check_pin_format("12345"), Err(AuthError::BadPinFormat));
    }

    #[test]
    fn a_hash_made_from_a_shorter_pin_still_verifies() {
        let salt = SaltString::generate(&mut OsRng);
        let old = Argon2::default()
            .hash_password(b"2468", &salt)
            .unwrap()
            .to_string();
        assert_eq!(verify_pin(Some(&old), Some("2468")), Ok(()));
    }

    #[test]
    fn the_delay_doubles_after_three_failures_up_to_five_minutes() {
        let secs = |n| lockout_delay(n).map(|d| d.num_seconds());
        assert_eq!((secs(0), secs(2), secs(3)), (None, None, Some(1)));
        assert_eq!((secs(4), secs(5), secs(6)), (Some(2), Some(4), Some(8)));
        assert_eq!(secs(11), Some(256));
        assert_eq!(secs(12), Some(300));
        assert_eq!(secs(u32::MAX), Some(300));
    }
}
