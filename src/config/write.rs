//! Writing the setup screen's settings into the config file in use.
//!
//! The file is updated in place with `toml_edit`: only the setup's keys change (`[shop]`
//! name, address, country, currency, locale, register, vat_number, vat_rates and
//! `[manager] pin_hash`); every other key and every comment stays as the owner wrote it.
//! When there is no file yet, the commented example ([`super::EXAMPLE`]) is the start, so
//! the new file explains itself.
//!
//! Invariants: the new text is loaded back ([`super::Config::from_toml`]) before anything
//! is written, so a file the register could not read again is never written; the file is
//! written atomically (a temporary file in the same folder, 0600 from its creation, then a
//! rename over the old one) and its folder is created 0700 when missing, because it holds
//! the manager PIN's hash; a file that is not TOML is refused, never overwritten.

use std::fs;
use std::io::{ErrorKind, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;

use toml_edit::{value, Array, DocumentMut, Item, Table};

use super::{Config, ConfigError, EXAMPLE};
use crate::domain::money::Percent;
use crate::lang::Lang;
use crate::paths;

/// What the setup screen decided about the shop (every value already validated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShopSetup {
    pub name: String,
    /// Address lines as printed on receipts, the "postal code city" line last.
    pub address: Vec<String>,
    pub country: String,
    pub currency: String,
    pub lang: Lang,
    pub register: String,
    /// Normalised (compact, with its country prefix).
    pub vat_number: Option<String>,
    pub vat_rates: Vec<Percent>,
}

/// Writes `setup` and `pin_hash` into the config file at `path` (created when missing)
/// and returns the settings it now holds.
pub fn write_setup(path: &Path, setup: &ShopSetup, pin_hash: &str) -> Result<Config, ConfigError> {
    let existing = match fs::read_to_string(path) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == ErrorKind::NotFound => None,
        Err(source) => {
            return Err(ConfigError::Read {
                path: path.to_path_buf(),
                source,
            })
        }
    };
    let text = setup_text(existing.as_deref(), setup, pin_hash, path)?;
    let config = Config::from_toml(&text, path)?;
    write_private(path, &text).map_err(|source| ConfigError::Write {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(config)
}

/// The config text with the setup's keys set: `existing` with its comments and other
/// keys, or the commented example when there is no file.
pub fn setup_text(
    existing: Option<&str>,
    setup: &ShopSetup,
    pin_hash: &str,
    path: &Path,
) -> Result<String, ConfigError> {
    let start = match existing {
        Some(text) => text.to_string(),
        None => fresh(setup.vat_number.is_some()),
    };
    let mut doc: DocumentMut =
        start
            .parse()
            .map_err(|e: toml_edit::TomlError| ConfigError::Parse {
                path: path.to_path_buf(),
                message: format!(
                    "{} (not changed: fix it or move it away, then set up again)",
                    e.to_string().trim_end()
                ),
            })?;
    let shop = table(&mut doc, "shop", path)?;
    shop["name"] = value(setup.name.as_str());
    shop["address"] = value(Array::from_iter(setup.address.iter().map(String::as_str)));
    shop["country"] = value(setup.country.as_str());
    shop["currency"] = value(setup.currency.as_str());
    shop["locale"] = value(setup.lang.code());
    shop["register"] = value(setup.register.as_str());
    match &setup.vat_number {
        Some(v) => shop["vat_number"] = value(v.as_str()),
        None => {
            shop.remove("vat_number");
        }
    }
    let rates: Vec<String> = setup
        .vat_rates
        .iter()
        .map(|p| p.as_decimal().to_string())
        .collect();
    shop["vat_rates"] = value(Array::from_iter(rates.iter().map(String::as_str)));
    let manager = table(&mut doc, "manager", path)?;
    manager["pin_hash"] = value(pin_hash);
    Ok(doc.to_string())
}

/// The example with the keys setup writes that it shows only as comments (the PIN hash,
/// the VAT number when there is one) made keys, so each value lands under its comment.
fn fresh(with_vat_number: bool) -> String {
    let text = EXAMPLE.replacen("\n# pin_hash = ", "\npin_hash = ", 1);
    if with_vat_number {
        text.replacen("\n# vat_number = ", "\nvat_number = ", 1)
    } else {
        text
    }
}

/// The table `name` of the document, added when missing.
fn table<'a>(
    doc: &'a mut DocumentMut,
    name: &str,
    path: &Path,
) -> Result<&'a mut Table, ConfigError> {
    doc.entry(name)
        .or_insert_with(|| Item::Table(Table::new()))
        .as_table_mut()
        .ok_or_else(|| ConfigError::Invalid {
            origin: path.display().to_string(),
            key: name.to_string(),
            message: "is not a [table]; not changed".into(),
        })
}

/// Writes `text` to `path` atomically, private to its owner: a 0600 temporary file
/// beside it, synced, then renamed over it; the folder is made (0700) when missing.
pub fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    paths::private_dir(dir)?;
    let name = path.file_name().map_or_else(
        || "config.toml".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let _ = fs::remove_file(&tmp);
    let written = (|| {
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)?;
        f.set_permissions(fs::Permissions::from_mode(0o600))?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> ShopSetup {
        ShopSetup {
            name: "Épicerie Martin".into(),
            address: vec!["12 rue des Lilas".into(), "75011 Paris".into()],
            country: "FR".into(),
            currency: "EUR".into(),
            lang: Lang::Fr,
            register: "R2".into(),
            vat_number: Some("FR40303265045".into()),
            vat_rates: ["20", "10", "5.5"]
                .iter()
                .filter_map(|t| Percent::parse(t).ok())
                .collect(),
        }
    }

    const HASH: &str =
        "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXo";

    #[test]
    fn a_new_file_is_the_commented_example_with_the_setup_values() {
        let path = Path::new("/etc/comptoir/config.toml");
        let text = setup_text(None, &setup(), HASH, path).unwrap();
        assert!(
            text.contains("# Printed at the top of every receipt."),
            "{text}"
        );
        // Each value under its own comment, where the example shows it.
        let after = |comment: &str| -> String {
            let at = text.find(comment).unwrap_or(0);
            let rest = text.get(at..).unwrap_or_default();
            rest.lines()
                .find(|l| !l.starts_with('#'))
                .unwrap_or_default()
                .to_string()
        };
        assert_eq!(after("# Argon2 hash"), format!("pin_hash = \"{HASH}\""));
        assert_eq!(
            after("# The shop's own VAT number"),
            "vat_number = \"FR40303265045\""
        );
        let c = Config::from_toml(&text, path).unwrap();
        assert_eq!(c.shop.name, "Épicerie Martin");
        assert_eq!(c.shop.address, ["12 rue des Lilas", "75011 Paris"]);
        assert_eq!(c.shop.lang, Lang::Fr);
        assert_eq!(c.shop.register, "R2");
        assert_eq!(c.shop.vat_number.as_deref(), Some("FR40303265045"));
        assert_eq!(c.shop.vat_rates, setup().vat_rates);
        assert_eq!(c.manager_pin_hash.as_deref(), Some(HASH));
    }

    #[test]
    fn an_existing_file_keeps_its_comments_and_other_keys() {
        let path = Path::new("/etc/comptoir/config.toml");
        let before = "# my shop\n[shop]\n# the name\nname = \"Old\"\nvat_number = \"FR40303265045\"\n\n[receipt]\n# paper\nwidth = 32\n";
        let mut s = setup();
        s.vat_number = None;
        let text = setup_text(Some(before), &s, HASH, path).unwrap();
        for kept in ["# my shop", "# the name", "# paper", "width = 32"] {
            assert!(text.contains(kept), "{kept}: {text}");
        }
        let c = Config::from_toml(&text, path).unwrap();
        assert_eq!(c.shop.name, "Épicerie Martin");
        assert_eq!(c.shop.vat_number, None);
        assert_eq!(c.receipt_width, 32);
        let err = setup_text(Some("[shop\nname="), &s, HASH, path).unwrap_err();
        assert!(err.to_string().contains("not changed"), "{err}");
        let err = setup_text(Some("shop = 3\n"), &s, HASH, path).unwrap_err();
        assert!(err.to_string().contains("shop"), "{err}");
    }

    #[test]
    fn the_file_is_written_private_in_a_private_folder_and_reloads() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("conf/comptoir/config.toml");
        let c = write_setup(&path, &setup(), HASH).unwrap();
        assert_eq!(c.source.as_deref(), Some(path.as_path()));
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().unwrap()), 0o700);
        let again = Config::load(&super::super::Overrides {
            config: Some(path.clone()),
            database: None,
            env_lang: None,
        })
        .unwrap();
        assert_eq!(again.shop, c.shop);
        // Written again over itself: still one file, still private, nothing left beside.
        let mut s = setup();
        s.name = "Martin & fils".into();
        write_setup(&path, &s, HASH).unwrap();
        assert_eq!(mode(&path), 0o600);
        let names: Vec<_> = fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(names.len(), 1);
        assert!(fs::read_to_string(&path).unwrap().contains("Martin & fils"));
    }
}
