//! Writing settings into the config file in use: the setup screen's keys
//! ([`write_setup`]) and any list of keys the settings screen changed ([`prepare_keys`],
//! [`write_keys`]), a row of an array of tables among them (`prep[2].printer`, in
//! `rows.rs`).
//!
//! The file is updated in place with `toml_edit`: only the keys named change; every
//! other key and every comment stays as the owner wrote it. A key set that the file shows
//! only as a comment (`# footer = "Thank you!"` in its table, as the example writes the
//! keys left at their default) is uncommented there, so its value lands under its
//! explanation; a key removed (back to its default) leaves its comments in place, with
//! its last value as such a commented line. A value replaced keeps the comment at the
//! end of its line. When there is no file yet, the commented example
//! ([`super::EXAMPLE`]) is the start, so the new file explains itself.
//!
//! Invariants: the new text is loaded back ([`super::Config::from_toml`]) before anything
//! is written, so a file the register could not read again is never written (the old one
//! stays as it was); the file is written atomically (a temporary file in the same folder,
//! 0600 from its creation, then a rename over the old one) and its folder is created
//! 0700 when missing, because it holds the manager PIN's hash; a file that is not TOML is
//! refused, never overwritten.

use std::fs;
use std::io::{ErrorKind, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use toml_edit::{value, Array, DocumentMut, Item, Table, Value};

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

/// A value written into one key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyValue {
    Text(String),
    Bool(bool),
    Int(i64),
    /// An array of strings (`address`, `vat_rates`, `default_fields`).
    List(Vec<String>),
}

/// One key to change: `table.key` (`shop.name`) set to a value, or removed (`None`: the
/// key takes its default again).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyEdit {
    pub key: String,
    pub value: Option<KeyValue>,
}

impl KeyEdit {
    pub fn set(key: &str, value: KeyValue) -> KeyEdit {
        KeyEdit {
            key: key.to_string(),
            value: Some(value),
        }
    }

    pub fn remove(key: &str) -> KeyEdit {
        KeyEdit {
            key: key.to_string(),
            value: None,
        }
    }

    /// `(table, key)`, when the name has exactly that shape (a row's key, `prep[2].name`,
    /// is [`rows::parts`]'s).
    fn parts(&self) -> Option<(&str, &str)> {
        let (table, key) = self.key.split_once('.')?;
        let plain = |s: &str| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        };
        (plain(table) && plain(key)).then_some((table, key))
    }
}

/// A new config text, checked and ready to be written over `path`.
#[derive(Debug)]
pub struct Prepared {
    pub path: PathBuf,
    pub text: String,
    /// The settings the text holds (loaded back from it).
    pub config: Config,
}

impl Prepared {
    /// Writes the text (private, atomic); the settings it holds.
    pub fn write(self) -> Result<Config, ConfigError> {
        write_private(&self.path, &self.text).map_err(|source| ConfigError::Write {
            path: self.path.clone(),
            source,
        })?;
        Ok(self.config)
    }
}

/// Writes `setup` and `pin_hash` into the config file at `path` (created when missing)
/// and returns the settings it now holds.
pub fn write_setup(path: &Path, setup: &ShopSetup, pin_hash: &str) -> Result<Config, ConfigError> {
    write_keys(path, &setup_edits(setup, pin_hash))
}

/// Sets (or removes) `edits` in the config file at `path` (created from the example
/// when missing) and returns the settings it now holds; nothing is written when the new
/// text is refused.
pub fn write_keys(path: &Path, edits: &[KeyEdit]) -> Result<Config, ConfigError> {
    prepare_keys(path, edits, None)?.write()
}

/// The file at `path` with `edits` made, loaded back (`env_lang`: the language when the
/// file names none, as at start): the text to write and what it holds, or why it is
/// refused (a bad value named by its key). Nothing is written.
pub fn prepare_keys(
    path: &Path,
    edits: &[KeyEdit],
    env_lang: Option<Lang>,
) -> Result<Prepared, ConfigError> {
    let existing = read_existing(path)?;
    let text = edited_text(existing.as_deref(), edits, path)?;
    let config = Config::from_toml_in(&text, path, env_lang)?;
    Ok(Prepared {
        path: path.to_path_buf(),
        text,
        config,
    })
}

/// The file's text, `None` when there is no file.
fn read_existing(path: &Path) -> Result<Option<String>, ConfigError> {
    match fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(source) => Err(ConfigError::Read {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// The config text with the setup's keys set: `existing` with its comments and other
/// keys, or the commented example when there is no file.
pub fn setup_text(
    existing: Option<&str>,
    setup: &ShopSetup,
    pin_hash: &str,
    path: &Path,
) -> Result<String, ConfigError> {
    edited_text(existing, &setup_edits(setup, pin_hash), path)
}

/// The keys the setup writes.
fn setup_edits(setup: &ShopSetup, pin_hash: &str) -> Vec<KeyEdit> {
    let text = |s: &str| KeyValue::Text(s.to_string());
    let rates = setup
        .vat_rates
        .iter()
        .map(|p| p.as_decimal().to_string())
        .collect();
    vec![
        KeyEdit::set("shop.name", text(&setup.name)),
        KeyEdit::set("shop.address", KeyValue::List(setup.address.clone())),
        KeyEdit::set("shop.country", text(&setup.country)),
        KeyEdit::set("shop.currency", text(&setup.currency)),
        KeyEdit::set("shop.locale", text(setup.lang.code())),
        KeyEdit::set("shop.register", text(&setup.register)),
        match &setup.vat_number {
            Some(v) => KeyEdit::set("shop.vat_number", text(v)),
            None => KeyEdit::remove("shop.vat_number"),
        },
        KeyEdit::set("shop.vat_rates", KeyValue::List(rates)),
        KeyEdit::set("manager.pin_hash", text(pin_hash)),
    ]
}

/// `existing` (else the commented example) with `edits` made, comments and other keys
/// kept. Refused: a text that is not TOML, a key name that is not `table.key`, a
/// `table` that is not a table.
pub fn edited_text(
    existing: Option<&str>,
    edits: &[KeyEdit],
    path: &Path,
) -> Result<String, ConfigError> {
    let refuse = |key: &str, message: &str| ConfigError::Invalid {
        origin: path.display().to_string(),
        key: key.to_string(),
        message: message.to_string(),
    };
    let mut text = existing.unwrap_or(EXAMPLE).to_string();
    let mut doc = parse(&text, path)?;
    for e in edits {
        if rows::parts(e).is_some() {
            continue;
        }
        let (table, key) = e
            .parts()
            .ok_or_else(|| refuse(&e.key, "is not a `table.key` name; not changed"))?;
        let present = doc
            .get(table)
            .and_then(Item::as_table)
            .is_some_and(|t| t.contains_key(key));
        if e.value.is_none() || present {
            continue;
        }
        // A key the file shows as a comment in its table comes back there.
        if let Some(candidate) = uncommented(&text, table, key) {
            if let Ok(d) = candidate.parse::<DocumentMut>() {
                let now_there = d
                    .get(table)
                    .and_then(Item::as_table)
                    .is_some_and(|t| t.contains_key(key));
                if now_there {
                    text = candidate;
                    doc = d;
                }
            }
        }
    }
    for e in edits {
        let Some((table_name, key)) = e.parts() else {
            continue;
        };
        match &e.value {
            Some(v) => set(
                table(&mut doc, table_name, path)?,
                key,
                toml_value(v.clone()),
            ),
            None => remove(&mut doc, table_name, key),
        }
    }
    rows::apply(&mut doc, edits, path)?;
    Ok(doc.to_string())
}

fn parse(text: &str, path: &Path) -> Result<DocumentMut, ConfigError> {
    text.parse()
        .map_err(|e: toml_edit::TomlError| ConfigError::Parse {
            path: path.to_path_buf(),
            message: format!(
                "{} (not changed: fix the file or move it away, then save again)",
                e.to_string().trim_end()
            ),
        })
}

fn toml_value(v: KeyValue) -> Value {
    match v {
        KeyValue::Text(s) => Value::from(s),
        KeyValue::Bool(b) => Value::from(b),
        KeyValue::Int(i) => Value::from(i),
        KeyValue::List(l) => Value::Array(Array::from_iter(l)),
    }
}

/// Sets `key` in `t` to `v`; a value it replaces gives it its spacing and end-of-line
/// comment.
fn set(t: &mut Table, key: &str, mut v: Value) {
    if let Some(old) = t.get(key).and_then(Item::as_value) {
        *v.decor_mut() = old.decor().clone();
    }
    t[key] = value(v);
}

/// Removes `key` from `table`; the comments above it stay, now above what follows it
/// (the next key, else the next table, else the end of the file), with the key's last
/// value as a commented line (`# footer = "Thank you!"`), the way the example shows a
/// key left at its default.
fn remove(doc: &mut DocumentMut, table_name: &str, key: &str) {
    let Some(t) = doc.get_mut(table_name).and_then(Item::as_table_mut) else {
        return;
    };
    let position = t.position();
    let keys: Vec<String> = t.iter().map(|(k, _)| k.to_string()).collect();
    let next = keys
        .iter()
        .position(|k| k == key)
        .and_then(|i| keys.get(i + 1))
        .filter(|k| t.get(k).is_some_and(Item::is_value))
        .cloned();
    let Some((k, item)) = t.remove_entry(key) else {
        return;
    };
    let mut kept = raw(k.leaf_decor().prefix());
    if let Some(v) = item.as_value() {
        let shown = v.to_string();
        let shown = shown.trim();
        if !shown.contains('\n') {
            kept.push_str(&format!("# {key} = {shown}\n"));
        }
    }
    if kept.is_empty() {
        return;
    }
    if let Some(mut next) = next.as_deref().and_then(|n| t.key_mut(n)) {
        let d = next.leaf_decor_mut();
        let old = raw(d.prefix());
        d.set_prefix(format!("{kept}{old}"));
        return;
    }
    // The last key of its table: above the next table's header.
    prepend_to_next_table(doc, position, &kept);
}

/// `kept` (comment lines) put above the first table after `position` (its header),
/// else at the end of the file.
fn prepend_to_next_table(doc: &mut DocumentMut, position: Option<isize>, kept: &str) {
    let next_table = doc
        .iter_mut()
        .filter_map(|(_, item)| match item {
            Item::Table(t) => Some(t),
            Item::ArrayOfTables(a) => a.iter_mut().next(),
            _ => None,
        })
        .filter(|t| t.position() > position)
        .min_by_key(|t| t.position());
    match next_table {
        Some(t) => {
            let d = t.decor_mut();
            let old = raw(d.prefix());
            d.set_prefix(format!("{kept}{old}"));
        }
        None => {
            let old = raw(Some(doc.trailing()));
            doc.set_trailing(format!("{kept}{old}"));
        }
    }
}

fn raw(s: Option<&toml_edit::RawString>) -> String {
    s.and_then(|r| r.as_str()).unwrap_or_default().to_string()
}

/// `text` with the line `# key = ...` of table `table` uncommented (the first such line
/// between the table's header and the next header), `None` when there is none.
fn uncommented(text: &str, table: &str, key: &str) -> Option<String> {
    let header = format!("[{table}]");
    let wanted = format!("# {key} = ");
    let mut in_table = false;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            in_table = trimmed == header;
        } else if in_table && line.starts_with(&wanted) {
            let mut out = String::with_capacity(text.len());
            out.push_str(text.get(..at)?);
            out.push_str(line.get(2..)?);
            out.push_str(text.get(at + line.len()..)?);
            return Some(out);
        }
        at += line.len();
    }
    None
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

mod rows;

#[cfg(test)]
mod tests;
