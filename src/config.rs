//! Configuration in two stages: the TOML file is parsed into [`raw::RawConfig`] (every key
//! optional, unknown keys refused with their name and line), then resolved into
//! [`Config`]: validated values, defaults filled in, paths made absolute.
//!
//! Precedence for paths: `--db` / `--config` on the command line, then the file, then the
//! XDG defaults of [`crate::paths`]. A missing config file at the default place means "all
//! defaults"; a missing file named explicitly is an error.

mod raw;

use std::fs;
use std::path::{Path, PathBuf};

use argon2::password_hash::PasswordHash;
use serde::Serialize;

use crate::app::keymap::{self, Command, KeyOverride, KeySpec};
use crate::domain::validate;
use crate::paths;

pub use raw::RawConfig;

/// The commented default config, shipped in the binary and in the repository.
pub const EXAMPLE: &str = include_str!("../config.example.toml");

/// A config that cannot be used, said with the file, key and reason.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config file {path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("config {origin}: `{key}`: {message}")]
    Invalid {
        origin: String,
        key: String,
        message: String,
    },
    #[error("no home directory: set HOME or XDG_DATA_HOME, or pass --db")]
    NoHome,
}

/// What kind of code a reader produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReaderKind {
    Barcode,
    Nfc,
}

/// How a configured reader is found among the input devices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "by", content = "value")]
pub enum DeviceSelector {
    /// A device path, normally `/dev/input/by-id/...`.
    Path(PathBuf),
    /// USB vendor and product ids.
    UsbId { vendor: u16, product: u16 },
    /// A substring of the device name.
    Name(String),
}

impl DeviceSelector {
    /// `/...` is a path, `abcd:1234` a vendor:product pair, anything else a name.
    pub fn parse(s: &str) -> Option<DeviceSelector> {
        let s = s.trim();
        if s.is_empty() {
            return None;
        }
        if s.starts_with('/') {
            return Some(DeviceSelector::Path(PathBuf::from(s)));
        }
        if let Some((v, p)) = s.split_once(':') {
            let hex = |x: &str| {
                (x.len() == 4)
                    .then(|| u16::from_str_radix(x, 16).ok())
                    .flatten()
            };
            if let (Some(vendor), Some(product)) = (hex(v), hex(p)) {
                return Some(DeviceSelector::UsbId { vendor, product });
            }
        }
        Some(DeviceSelector::Name(s.to_string()))
    }
}

/// A keyboard-wedge reader to listen to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScannerConfig {
    pub name: String,
    pub device: DeviceSelector,
    pub kind: ReaderKind,
    /// Keyboard layout the reader emits in: us, fr, be, de, ch.
    pub layout: String,
    /// NFC UIDs: `as-read` or `reversed` byte order.
    pub nfc_reversed: bool,
}

/// Scanner bursts recognised in the terminal's own key stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BurstConfig {
    pub enabled: bool,
    pub min_chars: usize,
    pub max_gap_ms: u64,
}

/// The shop's identity, printed on receipts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shop {
    pub name: String,
    pub address: Vec<String>,
    pub vat_number: Option<String>,
    pub country: String,
    pub currency: String,
    pub locale: String,
    pub register: String,
}

/// Validated, resolved settings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Config {
    /// The file these settings came from, if any.
    pub source: Option<PathBuf>,
    pub shop: Shop,
    pub database: PathBuf,
    pub index: PathBuf,
    pub log_file: PathBuf,
    pub log_level: String,
    pub search_fields: Vec<String>,
    pub advanced_default: bool,
    pub search_limit: usize,
    /// Argon2 PHC hash of the manager PIN.
    pub manager_pin_hash: Option<String>,
    pub scanners: Vec<ScannerConfig>,
    pub burst: BurstConfig,
    pub whatsapp_message: String,
    pub email_subject: String,
    pub receipt_output: Option<PathBuf>,
    pub receipt_width: usize,
    pub receipt_footer: Option<String>,
    /// The `[keys]` table: actions moved to other keys (checked against the default
    /// keymap: no key means two things).
    pub keys: Vec<KeyOverride>,
}

/// Command-line overrides.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub config: Option<PathBuf>,
    pub database: Option<PathBuf>,
}

impl Config {
    /// Loads the config named by `ov.config`, else the default file if it exists, else
    /// the defaults; then applies `ov.database`.
    pub fn load(ov: &Overrides) -> Result<Config, ConfigError> {
        let (raw, source) = match &ov.config {
            Some(p) => (read(p)?, Some(p.clone())),
            None => match paths::default_config_file().filter(|p| p.exists()) {
                Some(p) => (read(&p)?, Some(p)),
                None => (RawConfig::default(), None),
            },
        };
        let mut cfg = resolve(raw, source)?;
        if let Some(db) = &ov.database {
            cfg.index = index_beside(db);
            cfg.database = db.clone();
        }
        Ok(cfg)
    }

    /// Parses and resolves TOML text (`origin` names it in messages).
    pub fn from_toml(text: &str, origin: &Path) -> Result<Config, ConfigError> {
        resolve(parse(text, origin)?, Some(origin.to_path_buf()))
    }
}

fn read(path: &Path) -> Result<RawConfig, ConfigError> {
    let text = fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&text, path)
}

fn parse(text: &str, path: &Path) -> Result<RawConfig, ConfigError> {
    toml::from_str(text).map_err(|e| ConfigError::Parse {
        path: path.to_path_buf(),
        message: e.to_string().trim_end().to_string(),
    })
}

/// The search index directory that goes with a database file.
pub fn index_beside(db: &Path) -> PathBuf {
    let stem = db
        .file_stem()
        .map_or_else(|| "comptoir".into(), |s| s.to_string_lossy().into_owned());
    db.with_file_name(format!("{stem}.index"))
}

fn resolve(raw: RawConfig, source: Option<PathBuf>) -> Result<Config, ConfigError> {
    let origin = source
        .as_ref()
        .map_or_else(|| "defaults".to_string(), |p| p.display().to_string());
    let bad = |key: &str, message: String| ConfigError::Invalid {
        origin: origin.clone(),
        key: key.to_string(),
        message,
    };
    let base = source
        .as_ref()
        .and_then(|p| p.parent())
        .map(Path::to_path_buf);
    let absolute = |p: PathBuf| match &base {
        Some(b) if p.is_relative() => b.join(p),
        _ => p,
    };

    let s = raw.shop;
    let country = s
        .country
        .unwrap_or_else(|| "FR".into())
        .trim()
        .to_ascii_uppercase();
    if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(bad(
            "shop.country",
            format!("`{country}` is not a two-letter ISO country code"),
        ));
    }
    let currency = s
        .currency
        .unwrap_or_else(|| "EUR".into())
        .trim()
        .to_ascii_uppercase();
    if !["EUR", "CHF", "GBP", "USD"].contains(&currency.as_str()) {
        return Err(bad(
            "shop.currency",
            format!("`{currency}` is not supported (EUR, CHF, GBP, USD)"),
        ));
    }
    let locale = s
        .locale
        .unwrap_or_else(|| "en".into())
        .trim()
        .to_ascii_lowercase();
    if !["en", "fr"].contains(&locale.as_str()) {
        return Err(bad(
            "shop.locale",
            format!("`{locale}` is not available (en, fr)"),
        ));
    }
    let vat_number = s
        .vat_number
        .filter(|v| !v.trim().is_empty())
        .map(|v| {
            validate::vat(&v, Some(&country)).map_err(|e| bad("shop.vat_number", e.to_string()))
        })
        .transpose()?;
    let register = s.register.unwrap_or_else(|| "R1".into());
    if register.is_empty()
        || register.len() > 8
        || !register.bytes().all(|b| b.is_ascii_alphanumeric())
    {
        return Err(bad(
            "shop.register",
            "must be 1 to 8 letters or digits".into(),
        ));
    }

    let database = match raw.store.database {
        Some(p) => absolute(p),
        None => paths::data_dir()
            .ok_or(ConfigError::NoHome)?
            .join("comptoir.db"),
    };
    let index = raw
        .store
        .index
        .map(absolute)
        .unwrap_or_else(|| index_beside(&database));

    let search_fields = raw
        .search
        .default_fields
        .unwrap_or_else(|| vec!["name".into(), "address".into(), "phone".into()]);
    if search_fields.is_empty() {
        return Err(bad(
            "search.default_fields",
            "needs at least one field".into(),
        ));
    }
    crate::search::parse_fields(&search_fields).map_err(|m| bad("search.default_fields", m))?;
    let search_limit = raw.search.limit.unwrap_or(50);
    let max = crate::search::MAX_HITS;
    if !(1..=max).contains(&search_limit) {
        return Err(bad("search.limit", format!("must be between 1 and {max}")));
    }

    let manager_pin_hash = raw.manager.pin_hash.filter(|h| !h.is_empty());
    if let Some(h) = &manager_pin_hash {
        PasswordHash::new(h).map_err(|e| {
            bad(
                "manager.pin_hash",
                format!("not an argon2 hash ({e}); make one with `comptoir hash-pin`"),
            )
        })?;
    }

    let mut scanners = Vec::new();
    for (i, r) in raw.scanners.into_iter().enumerate() {
        let key = |k: &str| format!("scanner[{i}].{k}");
        let device = DeviceSelector::parse(&r.device)
            .ok_or_else(|| bad(&key("device"), "is empty".into()))?;
        let kind = match r.kind.as_deref().unwrap_or("barcode") {
            "barcode" => ReaderKind::Barcode,
            "nfc" => ReaderKind::Nfc,
            k => return Err(bad(&key("kind"), format!("`{k}` is not barcode or nfc"))),
        };
        let layout = r.layout.unwrap_or_else(|| "us".into());
        if !["us", "fr", "be", "de", "ch"].contains(&layout.as_str()) {
            return Err(bad(
                &key("layout"),
                format!("`{layout}` is not one of us, fr, be, de, ch"),
            ));
        }
        let nfc_reversed = match r.nfc_byte_order.as_deref().unwrap_or("as-read") {
            "as-read" => false,
            "reversed" => true,
            o => {
                return Err(bad(
                    &key("nfc_byte_order"),
                    format!("`{o}` is not as-read or reversed"),
                ))
            }
        };
        scanners.push(ScannerConfig {
            name: r.name,
            device,
            kind,
            layout,
            nfc_reversed,
        });
    }

    let burst = BurstConfig {
        enabled: raw.burst.enabled.unwrap_or(true),
        min_chars: raw.burst.min_chars.unwrap_or(6),
        max_gap_ms: raw.burst.max_gap_ms.unwrap_or(30),
    };
    if burst.min_chars < 3 || burst.max_gap_ms == 0 || burst.max_gap_ms > 200 {
        return Err(bad(
            "burst",
            "min_chars must be at least 3 and max_gap_ms within 1..=200".into(),
        ));
    }

    let receipt_width = raw.receipt.width.unwrap_or(42);
    if !(24..=80).contains(&receipt_width) {
        return Err(bad(
            "receipt.width",
            "must be between 24 and 80 characters".into(),
        ));
    }
    let log_level = raw
        .log
        .level
        .unwrap_or_else(|| "info".into())
        .to_ascii_lowercase();
    if !["error", "warn", "info", "debug", "trace"].contains(&log_level.as_str()) {
        return Err(bad(
            "log.level",
            format!("`{log_level}` is not error, warn, info, debug or trace"),
        ));
    }
    let log_file = match raw.log.file {
        Some(p) => absolute(p),
        None => database.with_file_name("comptoir.log"),
    };

    let mut keys = Vec::new();
    for (name, spec) in &raw.keys {
        let key = format!("keys.{name}");
        let action = Command::overridable(name).ok_or_else(|| {
            let names: Vec<&str> = Command::OVERRIDABLE.iter().map(|c| c.name()).collect();
            bad(
                &key,
                format!(
                    "`{name}` is not an action with a key of its own ({})",
                    names.join(", ")
                ),
            )
        })?;
        let spec = KeySpec::parse(spec).map_err(|m| bad(&key, m))?;
        keys.push(KeyOverride { action, key: spec });
    }
    keymap::with_overrides(keymap::DEFAULT, &keys)
        .map_err(|(action, m)| bad(&format!("keys.{}", action.name()), m))?;

    Ok(Config {
        source,
        shop: Shop {
            name: s.name.unwrap_or_else(|| "Comptoir".into()),
            address: s.address.unwrap_or_default(),
            vat_number,
            country,
            currency,
            locale,
            register,
        },
        database,
        index,
        log_file,
        log_level,
        search_fields,
        advanced_default: raw.search.advanced_default.unwrap_or(false),
        search_limit,
        manager_pin_hash,
        scanners,
        burst,
        whatsapp_message: raw
            .contact
            .whatsapp_message
            .unwrap_or_else(|| "Hello {first_name}, this is {shop}.".into()),
        email_subject: raw.contact.email_subject.unwrap_or_else(|| "{shop}".into()),
        receipt_output: raw.receipt.output.map(absolute),
        receipt_width,
        receipt_footer: raw.receipt.footer,
        keys,
    })
}

#[cfg(test)]
mod tests;
