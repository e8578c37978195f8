//! The manager PIN: stored only as an Argon2id hash (PHC string) in the config, checked
//! in constant time by the argon2 crate. Manager actions (delete, merge, export, price
//! edits, moving a past sale) are refused without a matching PIN.

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
    #[error("a PIN is 4 to 12 digits")]
    BadPinFormat,
    #[error("cannot hash the PIN: {0}")]
    Hash(String),
}

/// Checks the shape of a PIN: 4 to 12 ASCII digits.
pub fn check_pin_format(pin: &str) -> Result<(), AuthError> {
    if (4..=12).contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit()) {
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
        let h = hash_pin("4321").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert_eq!(verify_pin(Some(&h), Some("4321")), Ok(()));
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
    }
}
