//! Configuration in two stages: the TOML file is parsed into [`raw::RawConfig`] (every key
//! optional, unknown keys refused with their name and line), then resolved into
//! [`Config`]: parsed values (search fields, language, readers and their layouts, the
//! keymap with its overrides), defaults filled in, paths made absolute; `[email]`
//! (email.rs) and `[sms]` (sms.rs, its request templates in sms/template.rs) beside.
//!
//! Invariants: every value is parsed here, once, into the type the code uses; a bad
//! value is refused at load time with its key name (`scanner[0].layout`), never replaced
//! by a default further on.
//!
//! Precedence for paths: `--db` / `--config` on the command line, then the file, then the
//! XDG defaults of [`crate::paths`]. A missing config file at the default place means "all
//! defaults"; a missing file named explicitly is an error.

mod email;
mod raw;
mod secrets;
mod sms;
mod write;

use std::fs;
use std::path::{Path, PathBuf};

use argon2::password_hash::PasswordHash;
use serde::Serialize;

use crate::domain::money::Percent;
use crate::domain::{region, validate};
use crate::hub::HubUrl;
use crate::input::{self, BurstSettings, DeviceSelector, ReaderKind, ReaderSpec};
use crate::keys::{self, Binding, Command, KeyOverride, KeySpec};
use crate::lang::Lang;
use crate::paths;
use crate::printer::{CodePage, Format, Paper, Printer};
use crate::search::SearchField;

pub use email::{smtp_url_ok, EmailSettings, SecretError, Tls};
pub use raw::RawConfig;
pub use secrets::{
    password_is_set, password_text, secret_is_set, secrets_text, write_secrets, SMS_AUTH,
    SMTP_PASSWORD,
};
pub use sms::template::{Escape, Field as SmsField, Template};
pub use sms::{Filled, Method as SmsMethod, SmsSettings};
pub use write::{
    edited_text, prepare_keys, setup_text, write_keys, write_private, write_setup, KeyEdit,
    KeyValue, Prepared, ShopSetup,
};

/// The commented default config, shipped in the binary and in the repository.
pub const EXAMPLE: &str = include_str!("../config.example.toml");

/// The ranges the config accepts for its numbers, each named after its key: the
/// settings screen checks a value against the same range before the file is refused.
pub mod limits {
    use std::ops::RangeInclusive;

    /// `[manager] session_idle_minutes`.
    pub const SESSION_IDLE_MINUTES: RangeInclusive<i64> = 1..=480;
    /// `[receipt] width` (characters per line).
    pub const RECEIPT_WIDTH: RangeInclusive<i64> = 24..=80;
    /// `[loyalty] min_redeem` (points).
    pub const MIN_REDEEM: RangeInclusive<i64> = 1..=1_000_000;
    /// `[loyalty] expiry_months` (0: never).
    pub const EXPIRY_MONTHS: RangeInclusive<i64> = 0..=120;
    /// `[loyalty] points_per_unit` (a decimal).
    pub const POINTS_PER_UNIT: RangeInclusive<i64> = 0..=1000;
    /// The currencies `[shop] currency` accepts.
    pub const CURRENCIES: [&str; 4] = ["EUR", "CHF", "GBP", "USD"];
}

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
    #[error("cannot write config file {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("no home directory: set HOME or XDG_DATA_HOME, or pass --db")]
    NoHome,
}

/// The shop's identity, printed on receipts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shop {
    pub name: String,
    pub address: Vec<String>,
    pub vat_number: Option<String>,
    pub country: String,
    pub currency: String,
    /// The interface and receipt language (`locale` in the file).
    #[serde(rename = "locale")]
    pub lang: Lang,
    pub register: String,
    /// The VAT rates products may carry, standard first (`[shop] vat_rates`, else the
    /// country's from [`crate::domain::region`], else none).
    pub vat_rates: Vec<Percent>,
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
    #[serde(serialize_with = "lowercase")]
    pub log_level: tracing::Level,
    /// The picker's default fields, groups (`name`, `address`) expanded.
    pub search_fields: Vec<SearchField>,
    pub advanced_default: bool,
    pub search_limit: usize,
    /// Argon2 PHC hash of the manager PIN (printed only as "set": a hash is enough to
    /// try PINs offline).
    #[serde(serialize_with = "redacted")]
    pub manager_pin_hash: Option<String>,
    /// Minutes without a key after which an unlocked manager role locks (1 to 480).
    pub manager_idle_minutes: u32,
    /// A paid sale locks the manager role.
    pub lock_after_sale: bool,
    pub scanners: Vec<ReaderSpec>,
    pub burst: BurstSettings,
    pub whatsapp_message: String,
    pub email_subject: String,
    /// Where receipts go (`[receipt] printer`, or `output` meaning `file:PATH`); `None`:
    /// receipts are only shown on screen.
    pub receipt_printer: Option<Printer>,
    /// How receipts are encoded for it (`[receipt] format`; by default ESC/POS for a
    /// printer, text for a file).
    pub receipt_format: Format,
    /// Characters per line: `[receipt] width`, else the paper's (32 for 58 mm, 48 for
    /// 80 mm), else 42.
    pub receipt_width: usize,
    /// The printer's character table (ESC/POS only).
    pub receipt_code_page: CodePage,
    /// A cash payment opens the drawer wired to the printer (ESC/POS only).
    pub receipt_drawer: bool,
    /// Lines printed under the shop's identity at the top of a receipt (`[receipt]
    /// header`, lines split at `\n`).
    pub receipt_header: Option<String>,
    /// Lines printed at the bottom of a receipt (`[receipt] footer`).
    pub receipt_footer: Option<String>,
    /// Preparation stations (`[[prep]]`): the kitchen, the workshop.
    pub prep: Vec<PrepStation>,
    /// The loyalty program (`[loyalty]`).
    pub loyalty: crate::domain::loyalty::Program,
    /// `[sync]`: the hub this register shares customers through, if any.
    pub sync: Option<SyncSettings>,
    /// `[email]`: the SMTP server receipts are e-mailed through, if any.
    pub email: Option<EmailSettings>,
    /// `[sms]`: the HTTP gateway SMS go through, if any.
    pub sms: Option<SmsSettings>,
    /// The `[keys]` table as written: actions moved to other keys.
    pub keys: Vec<KeyOverride>,
    /// The keymap in use: the defaults with `keys` applied (no key means two things).
    #[serde(skip)]
    pub keymap: Vec<Binding>,
}

/// `[sync]`, resolved: the hub's URL checked (loopback while there is no TLS) and the
/// password file made absolute. The password itself is read when a pass needs it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SyncSettings {
    #[serde(serialize_with = "shown_url")]
    pub url: HubUrl,
    pub password_file: Option<PathBuf>,
    /// Seconds between the register's background passes when nothing changed here
    /// (`[sync] interval_secs`, default [`SYNC_INTERVAL_SECS`]).
    pub interval_secs: u64,
    /// What a customer may spend per balance here while the hub cannot be reached
    /// (`[sync] offline_allowance`, `offline_points`).
    pub offline: crate::domain::ledger::OfflineAllowance,
}

/// The default offline allowance: money per balance, and points.
pub const OFFLINE_ALLOWANCE: &str = "50.00";
pub const OFFLINE_POINTS: i64 = 500;

/// The default time between two background sync passes: a customer created on another
/// register is found here within about that long.
pub const SYNC_INTERVAL_SECS: u64 = 2;
/// The longest allowed.
pub const SYNC_INTERVAL_MAX: u64 = 3600;

/// Command-line overrides, and what the environment says.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub config: Option<PathBuf>,
    pub database: Option<PathBuf>,
    /// The language of the environment's locale ([`env_lang`]), used when the config names
    /// none (`[shop] locale`); `None`: English.
    pub env_lang: Option<Lang>,
}

/// The language the environment asks for: `LC_ALL`, else `LC_MESSAGES`, else `LANG`
/// ([`Lang::from_env`] parses them), else English. Read once, by `main`.
pub fn env_lang() -> Lang {
    let var = |name: &str| std::env::var(name).ok();
    Lang::from_env(
        var("LC_ALL").as_deref(),
        var("LC_MESSAGES").as_deref(),
        var("LANG").as_deref(),
    )
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
        let mut cfg = resolve(raw, source, ov.env_lang)?;
        if let Some(db) = &ov.database {
            cfg.index = index_beside(db);
            cfg.database = db.clone();
        }
        Ok(cfg)
    }

    /// Like [`Config::load`], except that a file named with `--config` that does not
    /// exist yet gives the defaults with that file as `source`, and `true`: the
    /// register's setup may create it (and refuses to start without it otherwise).
    pub fn load_or_new(ov: &Overrides) -> Result<(Config, bool), ConfigError> {
        match Config::load(ov) {
            Err(ConfigError::Read { path, source })
                if source.kind() == std::io::ErrorKind::NotFound =>
            {
                let mut cfg = resolve(RawConfig::default(), Some(path), ov.env_lang)?;
                if let Some(db) = &ov.database {
                    cfg.index = index_beside(db);
                    cfg.database = db.clone();
                }
                Ok((cfg, true))
            }
            other => other.map(|c| (c, false)),
        }
    }

    /// Parses and resolves TOML text (`origin` names it in messages).
    pub fn from_toml(text: &str, origin: &Path) -> Result<Config, ConfigError> {
        Config::from_toml_in(text, origin, None)
    }

    /// Like [`Config::from_toml`], with the environment's language for a text that names
    /// none (`[shop] locale`), as [`Config::load`] does.
    pub fn from_toml_in(
        text: &str,
        origin: &Path,
        env_lang: Option<Lang>,
    ) -> Result<Config, ConfigError> {
        resolve(parse(text, origin)?, Some(origin.to_path_buf()), env_lang)
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

/// Builds [`ConfigError::Invalid`] for one key of one origin.
struct Refuse<'a> {
    origin: &'a str,
}

impl Refuse<'_> {
    fn at(&self, key: &str, message: impl Into<String>) -> ConfigError {
        ConfigError::Invalid {
            origin: self.origin.to_string(),
            key: key.to_string(),
            message: message.into(),
        }
    }
}

/// The `[loyalty]` table: rates as decimal text, refused by key when not a number in
/// range.
fn loyalty(
    raw: &raw::RawLoyalty,
    bad: &Refuse<'_>,
) -> Result<crate::domain::loyalty::Program, ConfigError> {
    use crate::domain::money::Money;
    let d = crate::domain::loyalty::Program::default();
    let points_per_unit = match &raw.points_per_unit {
        None => d.points_per_unit,
        Some(t) => match t.trim().parse::<rust_decimal::Decimal>() {
            Ok(v)
                if v >= rust_decimal::Decimal::from(*limits::POINTS_PER_UNIT.start())
                    && v <= rust_decimal::Decimal::from(*limits::POINTS_PER_UNIT.end()) =>
            {
                v
            }
            _ => {
                return Err(bad.at(
                    "loyalty.points_per_unit",
                    format!(
                        "must be a number from {} to {} (e.g. \"1\")",
                        limits::POINTS_PER_UNIT.start(),
                        limits::POINTS_PER_UNIT.end()
                    ),
                ))
            }
        },
    };
    let point_value = match &raw.point_value {
        None => d.point_value,
        Some(t) => match Money::parse(t) {
            Ok(v) if v > Money::ZERO => v,
            _ => {
                return Err(bad.at(
                    "loyalty.point_value",
                    "must be an amount above zero (e.g. \"0.01\")",
                ))
            }
        },
    };
    let min_redeem = raw.min_redeem.unwrap_or(d.min_redeem);
    if !limits::MIN_REDEEM.contains(&min_redeem) {
        return Err(bad.at(
            "loyalty.min_redeem",
            format!(
                "must be between {} and {} points",
                limits::MIN_REDEEM.start(),
                limits::MIN_REDEEM.end()
            ),
        ));
    }
    let expiry_months = raw.expiry_months.unwrap_or(0);
    if !limits::EXPIRY_MONTHS.contains(&i64::from(expiry_months)) {
        return Err(bad.at(
            "loyalty.expiry_months",
            format!(
                "must be between {} (never) and {}",
                limits::EXPIRY_MONTHS.start(),
                limits::EXPIRY_MONTHS.end()
            ),
        ));
    }
    Ok(crate::domain::loyalty::Program {
        enabled: raw.enabled.unwrap_or(d.enabled),
        points_per_unit,
        point_value,
        min_redeem,
        expiry_months,
    })
}

fn resolve(
    raw: RawConfig,
    source: Option<PathBuf>,
    env_lang: Option<Lang>,
) -> Result<Config, ConfigError> {
    let origin = source
        .as_ref()
        .map_or_else(|| "defaults".to_string(), |p| p.display().to_string());
    let bad = Refuse { origin: &origin };
    let base = source
        .as_ref()
        .and_then(|p| p.parent())
        .map(Path::to_path_buf);
    let absolute = |p: PathBuf| match &base {
        Some(b) if p.is_relative() => b.join(p),
        _ => p,
    };

    let shop = shop(raw.shop, env_lang, &bad)?;
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
    let (search_fields, search_limit) = search(&raw.search, &bad)?;

    let manager_pin_hash = raw.manager.pin_hash.filter(|h| !h.is_empty());
    if let Some(h) = &manager_pin_hash {
        PasswordHash::new(h).map_err(|e| {
            bad.at(
                "manager.pin_hash",
                format!("not an argon2 hash ({e}); make one with `comptoir hash-pin`"),
            )
        })?;
    }

    let manager_idle_minutes = raw.manager.session_idle_minutes.unwrap_or(5);
    if !limits::SESSION_IDLE_MINUTES.contains(&i64::from(manager_idle_minutes)) {
        return Err(bad.at(
            "manager.session_idle_minutes",
            format!(
                "must be between {} and {} minutes",
                limits::SESSION_IDLE_MINUTES.start(),
                limits::SESSION_IDLE_MINUTES.end()
            ),
        ));
    }

    let scanners = raw
        .scanners
        .into_iter()
        .enumerate()
        .map(|(i, r)| scanner(i, r, &bad))
        .collect::<Result<Vec<_>, _>>()?;
    let defaults = BurstSettings::default();
    let burst = BurstSettings {
        enabled: raw.burst.enabled.unwrap_or(defaults.enabled),
        min_chars: raw.burst.min_chars.unwrap_or(defaults.min_chars),
        max_gap_ms: raw.burst.max_gap_ms.unwrap_or(defaults.max_gap_ms),
    };
    burst.check().map_err(|m| bad.at("burst", m))?;

    let receipt = receipt("receipt", raw.receipt, &bad, base.as_deref())?;
    let prep = prep_stations(raw.prep, &bad, base.as_deref())?;
    let log_level = log_level(raw.log.level.as_deref(), &bad)?;
    let log_file = match raw.log.file {
        Some(p) => absolute(p),
        None => database.with_file_name("comptoir.log"),
    };
    let (keys, keymap) = keymap(&raw.keys, &bad)?;
    let loyalty = loyalty(&raw.loyalty, &bad)?;
    let sync = sync(raw.sync, &bad, &absolute)?;
    let email = email::resolve(raw.email, &bad, base.as_deref())?;
    let shared = email.as_ref().map(|e| e.secrets_file.as_path());
    let sms = sms::resolve(raw.sms, &bad, base.as_deref(), shared)?;

    Ok(Config {
        source,
        shop,
        database,
        index,
        log_file,
        log_level,
        search_fields,
        advanced_default: raw.search.advanced_default.unwrap_or(false),
        search_limit,
        manager_pin_hash,
        manager_idle_minutes,
        lock_after_sale: raw.manager.lock_after_sale.unwrap_or(false),
        scanners,
        burst,
        whatsapp_message: raw
            .contact
            .whatsapp_message
            .unwrap_or_else(|| "Hello {first_name}, this is {shop}.".into()),
        email_subject: raw.contact.email_subject.unwrap_or_else(|| "{shop}".into()),
        receipt_printer: receipt.printer,
        receipt_format: receipt.format,
        receipt_width: receipt.width,
        receipt_code_page: receipt.code_page,
        receipt_drawer: receipt.drawer,
        receipt_header: receipt.header,
        receipt_footer: receipt.footer,
        prep,
        loyalty,
        sync,
        email,
        sms,
        keys,
        keymap,
    })
}

/// The `[receipt]` table, resolved.
struct Receipt {
    printer: Option<Printer>,
    format: Format,
    width: usize,
    code_page: CodePage,
    drawer: bool,
    header: Option<String>,
    footer: Option<String>,
}

/// `[receipt]`: the printer string parsed (`output` is `file:PATH`, kept for older
/// configs; both at once are refused), the format, the width (`width`, else the
/// paper's), the code page and the drawer.
fn receipt(
    table: &str,
    raw: raw::RawReceipt,
    bad: &Refuse,
    base: Option<&Path>,
) -> Result<Receipt, ConfigError> {
    let key = |k: &str| format!("{table}.{k}");
    let printer = match (raw.printer, raw.output) {
        (Some(_), Some(_)) => {
            return Err(bad.at(
                &key("output"),
                "set `printer` or `output`, not both (`output = \"PATH\"` is `printer = \"file:PATH\"`)",
            ))
        }
        (Some(text), None) => Some(
            Printer::parse(&text).map_err(|e| bad.at(&key("printer"), e.to_string()))?,
        ),
        (None, Some(path)) => Some(Printer::File(path)),
        (None, None) => None,
    };
    let printer = printer.map(|p| match base {
        Some(b) => p.relative_to(b),
        None => p,
    });
    let format = match raw.format {
        Some(t) => Format::parse(&t).ok_or_else(|| {
            bad.at(
                &key("format"),
                format!("`{}` is not escpos or text", t.trim()),
            )
        })?,
        None => printer
            .as_ref()
            .map_or(Format::Text, Printer::default_format),
    };
    let paper = raw
        .paper
        .map(|t| {
            Paper::parse(&t).ok_or_else(|| {
                bad.at(
                    &key("paper"),
                    format!("`{}` is not 58 or 80 (mm)", t.trim()),
                )
            })
        })
        .transpose()?;
    let width = raw.width.or(paper.map(Paper::columns)).unwrap_or(42);
    if !i64::try_from(width).is_ok_and(|w| limits::RECEIPT_WIDTH.contains(&w)) {
        return Err(bad.at(
            &key("width"),
            format!(
                "must be between {} and {} characters",
                limits::RECEIPT_WIDTH.start(),
                limits::RECEIPT_WIDTH.end()
            ),
        ));
    }
    let code_page = match raw.code_page {
        Some(t) => CodePage::parse(&t).ok_or_else(|| {
            bad.at(
                &key("code_page"),
                format!("`{}` is not cp858 or cp1252", t.trim()),
            )
        })?,
        None => CodePage::default(),
    };
    Ok(Receipt {
        printer,
        format,
        width,
        code_page,
        drawer: raw.drawer.unwrap_or(true),
        header: raw.header.filter(|h| !h.trim().is_empty()),
        footer: raw.footer,
    })
}

/// A preparation station (`[[prep]]`): a sale's lines of its categories print on its
/// printer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrepStation {
    pub name: String,
    pub printer: Printer,
    pub format: Format,
    pub width: usize,
    pub code_page: CodePage,
    pub categories: Vec<String>,
}

/// `[[prep]]`: each station's name (1 to 64 printable characters, unique), printer
/// (required; format, paper, width and code page as in `[receipt]`) and categories (at
/// least one).
fn prep_stations(
    raw: Vec<raw::RawPrep>,
    bad: &Refuse,
    base: Option<&Path>,
) -> Result<Vec<PrepStation>, ConfigError> {
    let mut out: Vec<PrepStation> = Vec::new();
    for (i, p) in raw.into_iter().enumerate() {
        let table = format!("prep[{}]", i + 1);
        let name = p.name.trim().to_string();
        if name.is_empty() || name.chars().count() > 64 || name.chars().any(char::is_control) {
            return Err(bad.at(&format!("{table}.name"), "1 to 64 printable characters"));
        }
        if out.iter().any(|o| o.name.eq_ignore_ascii_case(&name)) {
            return Err(bad.at(&format!("{table}.name"), format!("`{name}` is named twice")));
        }
        let categories: Vec<String> = p
            .categories
            .iter()
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect();
        if categories.is_empty() {
            return Err(bad.at(
                &format!("{table}.categories"),
                "name the product categories this station prepares",
            ));
        }
        let r = receipt(
            &table,
            raw::RawReceipt {
                printer: Some(p.printer),
                format: p.format,
                paper: p.paper,
                width: p.width,
                code_page: p.code_page,
                ..Default::default()
            },
            bad,
            base,
        )?;
        let Some(printer) = r.printer else {
            return Err(bad.at(&format!("{table}.printer"), "a station needs a printer"));
        };
        out.push(PrepStation {
            name,
            printer,
            format: r.format,
            width: r.width,
            code_page: r.code_page,
            categories,
        });
    }
    Ok(out)
}

/// `[log] level`: error, warn, info (the default), debug or trace.
fn log_level(text: Option<&str>, bad: &Refuse) -> Result<tracing::Level, ConfigError> {
    let text = text.unwrap_or("info").trim();
    let names = ["error", "warn", "info", "debug", "trace"];
    names
        .iter()
        .find(|n| n.eq_ignore_ascii_case(text))
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| {
            bad.at(
                "log.level",
                format!("`{text}` is not error, warn, info, debug or trace"),
            )
        })
}

/// "set" for a secret that is there, null otherwise.
fn redacted<S: serde::Serializer>(v: &Option<String>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(_) => s.serialize_str("set"),
        None => s.serialize_none(),
    }
}

/// `[sync]`: the hub's URL checked, its files made absolute.
fn sync(
    raw: raw::RawSync,
    bad: &Refuse,
    absolute: &dyn Fn(PathBuf) -> PathBuf,
) -> Result<Option<SyncSettings>, ConfigError> {
    let Some(url) = raw.url else {
        if raw.password_file.is_some() {
            return Err(bad.at("sync.password_file", "set only with sync.url"));
        }
        if raw.ca_file.is_some() {
            return Err(bad.at("sync.ca_file", "set only with sync.url"));
        }
        if raw.interval_secs.is_some() {
            return Err(bad.at("sync.interval_secs", "set only with sync.url"));
        }
        if raw.offline_allowance.is_some() {
            return Err(bad.at("sync.offline_allowance", "set only with sync.url"));
        }
        if raw.offline_points.is_some() {
            return Err(bad.at("sync.offline_points", "set only with sync.url"));
        }
        return Ok(None);
    };
    let mut url = HubUrl::parse(&url).map_err(|e| bad.at("sync.url", e.to_string()))?;
    if let Some(ca) = raw.ca_file {
        if !url.tls() {
            return Err(bad.at(
                "sync.ca_file",
                "the hub's URL does not ask for TLS (add ?sslmode=require)",
            ));
        }
        url = url.with_ca_file(&absolute(ca));
    }
    let interval_secs = raw.interval_secs.unwrap_or(SYNC_INTERVAL_SECS);
    if !(1..=SYNC_INTERVAL_MAX).contains(&interval_secs) {
        return Err(bad.at(
            "sync.interval_secs",
            format!("must be between 1 and {SYNC_INTERVAL_MAX} seconds"),
        ));
    }
    use crate::domain::money::Money;
    let money = match Money::parse(
        raw.offline_allowance
            .as_deref()
            .unwrap_or(OFFLINE_ALLOWANCE),
    ) {
        Ok(m) if m >= Money::ZERO => m,
        _ => {
            return Err(bad.at(
                "sync.offline_allowance",
                "must be an amount of 0 or more (e.g. \"50.00\")",
            ))
        }
    };
    let points = raw.offline_points.unwrap_or(OFFLINE_POINTS);
    if points < 0 {
        return Err(bad.at("sync.offline_points", "must be 0 or more"));
    }
    Ok(Some(SyncSettings {
        url,
        password_file: raw.password_file.map(absolute),
        interval_secs,
        offline: crate::domain::ledger::OfflineAllowance { money, points },
    }))
}

/// A hub URL as messages show it (never its password).
fn shown_url<S: serde::Serializer>(v: &HubUrl, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(v.shown())
}

/// A value as its lower-case text (the log level as the file writes it).
fn lowercase<T: std::fmt::Display, S: serde::Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&v.to_string().to_ascii_lowercase())
}

/// `[shop]`: country, currency, language (the environment's, `env_lang`, when the file
/// names none), VAT number (validated for the country) and register code.
fn shop(s: raw::RawShop, env_lang: Option<Lang>, bad: &Refuse) -> Result<Shop, ConfigError> {
    let country = s
        .country
        .unwrap_or_else(|| "FR".into())
        .trim()
        .to_ascii_uppercase();
    if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(bad.at(
            "shop.country",
            format!("`{country}` is not a two-letter ISO country code"),
        ));
    }
    let currency = s
        .currency
        .unwrap_or_else(|| "EUR".into())
        .trim()
        .to_ascii_uppercase();
    if !limits::CURRENCIES.contains(&currency.as_str()) {
        return Err(bad.at(
            "shop.currency",
            format!("`{currency}` is not supported (EUR, CHF, GBP, USD)"),
        ));
    }
    let locale = match s.locale {
        Some(l) => l,
        None => env_lang.unwrap_or_default().code().into(),
    };
    let lang = Lang::parse(&locale).ok_or_else(|| {
        let known: Vec<&str> = Lang::ALL.iter().map(|l| l.code()).collect();
        bad.at(
            "shop.locale",
            format!(
                "`{}` is not available ({})",
                locale.trim(),
                known.join(", ")
            ),
        )
    })?;
    let vat_number = s
        .vat_number
        .filter(|v| !v.trim().is_empty())
        .map(|v| {
            validate::vat(&v, Some(&country)).map_err(|e| bad.at("shop.vat_number", e.to_string()))
        })
        .transpose()?;
    let register = s.register.unwrap_or_else(|| "R1".into());
    if register.is_empty()
        || register.len() > 8
        || !register.bytes().all(|b| b.is_ascii_alphanumeric())
    {
        return Err(bad.at("shop.register", "must be 1 to 8 letters or digits"));
    }
    let vat_rates = vat_rates(s.vat_rates, &country, bad)?;
    Ok(Shop {
        name: s.name.unwrap_or_else(|| "Comptoir".into()),
        address: s.address.unwrap_or_default(),
        vat_number,
        country,
        currency,
        lang,
        register,
        vat_rates,
    })
}

/// `[shop] vat_rates`: each a percentage, no rate twice, at least one; when not written,
/// the rates of the country's region (none for a country outside the known regions).
fn vat_rates(
    raw: Option<Vec<String>>,
    country: &str,
    bad: &Refuse,
) -> Result<Vec<Percent>, ConfigError> {
    let key = "shop.vat_rates";
    let texts: Vec<String> = match raw {
        Some(list) if list.is_empty() => return Err(bad.at(key, "needs at least one rate")),
        Some(list) => list,
        None => region::region(country)
            .map(|r| r.vat_rates.iter().map(|t| t.to_string()).collect())
            .unwrap_or_default(),
    };
    let mut rates: Vec<Percent> = Vec::with_capacity(texts.len());
    for t in &texts {
        let p = Percent::parse(t).map_err(|e| bad.at(key, e.to_string()))?;
        if rates.contains(&p) {
            return Err(bad.at(key, format!("{p} is written twice")));
        }
        rates.push(p);
    }
    Ok(rates)
}

/// `[search]`: the default fields (parsed into fields) and the result limit.
fn search(raw: &raw::RawSearch, bad: &Refuse) -> Result<(Vec<SearchField>, usize), ConfigError> {
    let key = "search.default_fields";
    let fields = match &raw.default_fields {
        Some(names) => crate::search::parse_fields(names).map_err(|m| bad.at(key, m))?,
        None => crate::search::parse_fields(&["name", "address", "phone"])
            .map_err(|m| bad.at(key, m))?,
    };
    if fields.is_empty() {
        return Err(bad.at(key, "needs at least one field"));
    }
    let limit = raw.limit.unwrap_or(50);
    let max = crate::search::MAX_HITS;
    if !(1..=max).contains(&limit) {
        return Err(bad.at("search.limit", format!("must be between 1 and {max}")));
    }
    Ok((fields, limit))
}

/// One `[[scanner]]` block, parsed into the reader the listener opens.
fn scanner(i: usize, r: raw::RawScanner, bad: &Refuse) -> Result<ReaderSpec, ConfigError> {
    let key = |k: &str| format!("scanner[{i}].{k}");
    let selector =
        DeviceSelector::parse(&r.device).ok_or_else(|| bad.at(&key("device"), "is empty"))?;
    let kind = ReaderKind::parse(r.kind.as_deref().unwrap_or("barcode"))
        .map_err(|m| bad.at(&key("kind"), m))?;
    let layout_name = r.layout.unwrap_or_else(|| "us".into());
    let layout = layout_name.parse::<input::Layout>().map_err(|_| {
        let names: Vec<&str> = input::Layout::ALL.iter().map(|l| l.name()).collect();
        bad.at(
            &key("layout"),
            format!("`{layout_name}` is not one of {}", names.join(", ")),
        )
    })?;
    let nfc_reversed = input::parse_nfc_reversed(r.nfc_byte_order.as_deref().unwrap_or("as-read"))
        .map_err(|m| bad.at(&key("nfc_byte_order"), m))?;
    Ok(ReaderSpec {
        name: r.name,
        selector,
        settings: input::AssemblerSettings {
            layout,
            kind,
            nfc_reversed,
            ..input::AssemblerSettings::default()
        },
    })
}

/// `[keys]`: each entry parsed, then applied to the default keymap (refused, by the
/// action's key, when a moved key would mean two things).
fn keymap(
    raw: &std::collections::BTreeMap<String, String>,
    bad: &Refuse,
) -> Result<(Vec<KeyOverride>, Vec<Binding>), ConfigError> {
    let mut overrides = Vec::new();
    for (name, spec) in raw {
        let key = format!("keys.{name}");
        let action = Command::overridable(name).ok_or_else(|| {
            let names: Vec<&str> = Command::OVERRIDABLE.iter().map(|c| c.name()).collect();
            bad.at(
                &key,
                format!(
                    "`{name}` is not an action with a key of its own ({})",
                    names.join(", ")
                ),
            )
        })?;
        let spec = KeySpec::parse(spec).map_err(|m| bad.at(&key, m))?;
        overrides.push(KeyOverride { action, key: spec });
    }
    let table = keys::with_overrides(keys::DEFAULT, &overrides)
        .map_err(|(action, m)| bad.at(&format!("keys.{}", action.name()), m))?;
    Ok((overrides, table))
}

#[cfg(test)]
mod tests;
