//! The config file as written: every key optional, unknown keys refused by name.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    #[serde(default)]
    pub shop: RawShop,
    #[serde(default)]
    pub store: RawStore,
    #[serde(default)]
    pub search: RawSearch,
    #[serde(default)]
    pub manager: RawManager,
    #[serde(default, rename = "scanner")]
    pub scanners: Vec<RawScanner>,
    #[serde(default)]
    pub burst: RawBurst,
    #[serde(default)]
    pub contact: RawContact,
    #[serde(default)]
    pub receipt: RawReceipt,
    /// Preparation stations, `[[prep]]`.
    #[serde(default)]
    pub prep: Vec<RawPrep>,
    #[serde(default)]
    pub log: RawLog,
    #[serde(default)]
    pub loyalty: RawLoyalty,
    #[serde(default)]
    pub sync: RawSync,
    #[serde(default)]
    pub email: RawEmail,
    #[serde(default)]
    pub sms: RawSms,
    /// Action name -> key spec (`pay_cash = "F12"`); checked when resolved.
    #[serde(default)]
    pub keys: BTreeMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawShop {
    pub name: Option<String>,
    pub address: Option<Vec<String>>,
    pub vat_number: Option<String>,
    pub country: Option<String>,
    pub currency: Option<String>,
    pub locale: Option<String>,
    pub register: Option<String>,
    /// VAT rates as decimal text (`"5.5"`), standard first.
    pub vat_rates: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStore {
    pub database: Option<PathBuf>,
    pub index: Option<PathBuf>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSearch {
    pub default_fields: Option<Vec<String>>,
    pub advanced_default: Option<bool>,
    pub limit: Option<usize>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLoyalty {
    pub enabled: Option<bool>,
    /// Decimal text: points per currency unit paid with money.
    pub points_per_unit: Option<String>,
    /// Decimal text: what one point pays.
    pub point_value: Option<String>,
    pub min_redeem: Option<i64>,
    pub expiry_months: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawManager {
    pub pin_hash: Option<String>,
    pub session_idle_minutes: Option<u32>,
    pub lock_after_sale: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScanner {
    pub name: String,
    pub device: String,
    pub kind: Option<String>,
    pub layout: Option<String>,
    pub nfc_byte_order: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBurst {
    pub enabled: Option<bool>,
    pub min_chars: Option<usize>,
    pub max_gap_ms: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawContact {
    pub whatsapp_message: Option<String>,
    pub email_subject: Option<String>,
}

/// One `[[prep]]` station.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPrep {
    pub name: String,
    pub printer: String,
    #[serde(default)]
    pub categories: Vec<String>,
    pub format: Option<String>,
    pub paper: Option<String>,
    pub width: Option<usize>,
    pub code_page: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReceipt {
    /// The older name of a file (or device) receipts are appended to as text: the same
    /// as `printer = "file:PATH"`.
    pub output: Option<PathBuf>,
    /// One string naming the printer (`tcp://HOST:PORT`, `/dev/usb/lp0`,
    /// `serial:/dev/ttyS0:19200`, `file:PATH`).
    pub printer: Option<String>,
    /// `escpos` or `text`.
    pub format: Option<String>,
    /// `58` or `80` (mm).
    pub paper: Option<String>,
    pub width: Option<usize>,
    /// `cp858` or `cp1252`.
    pub code_page: Option<String>,
    /// Open the cash drawer wired to the printer on a cash payment.
    pub drawer: Option<bool>,
    /// Lines printed under the shop's name, address and VAT number (`\n` between lines).
    pub header: Option<String>,
    /// Lines printed at the bottom (`\n` between lines).
    pub footer: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLog {
    pub level: Option<String>,
    pub file: Option<PathBuf>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSync {
    /// `postgres://USER@HOST:PORT/DB`: the hub this register shares customers through.
    pub url: Option<String>,
    /// A file (0600) holding the register role's password; else COMPTOIR_SYNC_PASSWORD.
    pub password_file: Option<PathBuf>,
    /// PEM certificate authorities to check the hub's certificate with (TLS URLs).
    pub ca_file: Option<PathBuf>,
    /// Seconds between the register's background passes (a local change is sent at once).
    pub interval_secs: Option<u64>,
    /// What a customer may spend per balance (wallet, store credit, on account) while the
    /// hub cannot be reached ("50.00"; "0": nothing).
    pub offline_allowance: Option<String>,
    /// The same for loyalty points.
    pub offline_points: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEmail {
    /// `smtp://HOST:PORT`: the server receipts are e-mailed through.
    pub smtp: Option<String>,
    /// `none`, `starttls` (the default) or `tls`.
    pub tls: Option<String>,
    /// The sender's address.
    pub from: Option<String>,
    /// The SMTP login; its password is in the secrets file.
    pub user: Option<String>,
    /// A file (0600) holding `[email] password`; default `secrets.toml` beside the config.
    pub secrets_file: Option<PathBuf>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSms {
    /// `https://HOST[:PORT]/PATH[?QUERY]`: the gateway's API; placeholders in the query.
    pub url: Option<String>,
    /// `POST` (the default) or `GET`.
    pub method: Option<String>,
    /// The body's type (POST): `application/json` or `application/x-www-form-urlencoded`.
    pub content_type: Option<String>,
    /// The body (POST), with `{to}`, `{text}` and `{from}`.
    pub body: Option<String>,
    /// The sender's name or number (`{from}`).
    pub from: Option<String>,
    /// The header the secrets file's `[sms] auth` is sent in (`Authorization`).
    pub auth_header: Option<String>,
    /// Never here: read only to refuse it with where it goes.
    pub auth: Option<toml::Value>,
    /// A file (0600) holding `[sms] auth`; default: `[email] secrets_file`, else
    /// `secrets.toml` beside the config.
    pub secrets_file: Option<PathBuf>,
}
