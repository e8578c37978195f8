//! What a save of the settings screen is made of: why a field is refused, what the
//! runner is asked to write, and why it did not.
//!
//! Invariants: a secret (the SMTP password, the SMS gateway's key) is carried only in
//! [`SettingsSave`], for the secrets file; the keys list names it (`email.password`,
//! `sms.auth`), never its value, and the save's `Debug` hides it.

use crate::app::setup::SetupError;
use crate::config::KeyEdit;

/// Why a field is refused (the screen words it in the interface language).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingsError {
    /// As on the setup screen: required, register code, VAT number, a rate.
    Setup(SetupError),
    /// A whole number in this range.
    Number { min: i64, max: i64 },
    /// A decimal number in this range.
    Decimal { min: i64, max: i64 },
    /// An amount above zero.
    Amount,
    /// Not a search field's name.
    SearchField(String),
    /// Not a printer (tcp://, a device, serial:, file:).
    Printer,
    /// Not `smtp://HOST:PORT`.
    Smtp,
    /// Not an e-mail address.
    Email,
    /// Set only with an SMTP server.
    NeedsSmtp,
    /// The server needs the sender's address.
    NeedsFrom,
    /// Not `https://` (or `http://`).
    Url,
    /// Set only with the SMS gateway's URL.
    NeedsGateway,
    /// The key goes in a header: name it.
    NeedsAuthHeader,
    /// The file's value is longer than the field holds: edited in the file only.
    TooLong,
    /// The config's own refusal of the new file, as it says it.
    Config(String),
}

/// What a save asks of the runner (the manager's act). Its `Debug` says whether a
/// secret is there, never what it is.
#[derive(Clone, PartialEq)]
pub struct SettingsSave {
    pub edits: Vec<KeyEdit>,
    /// A new SMTP password for the secrets file.
    pub password: Option<String>,
    /// A new key for the SMS gateway, for the secrets file (`[sms] auth`).
    pub sms_auth: Option<String>,
    /// The keys changed, by name (the audit entry lists them; `email.password` for the
    /// password and `sms.auth` for the gateway's key, never their values).
    pub keys: Vec<String>,
}

impl std::fmt::Debug for SettingsSave {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hidden = |s: &Option<String>| s.as_ref().map(|_| "<secret>");
        f.debug_struct("SettingsSave")
            .field("edits", &self.edits)
            .field("password", &hidden(&self.password))
            .field("sms_auth", &hidden(&self.sms_auth))
            .field("keys", &self.keys)
            .finish()
    }
}

/// Why the runner did not write the new settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveRefused {
    /// The config refused the new text at this key.
    Key { key: String, message: String },
    /// The files could not be read or written (or the change was refused).
    Failed(String),
}
