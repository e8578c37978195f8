//! The SMS section's and the preparation stations' fields read both ways: from the
//! config into texts, from the texts into the keys to write (`sms.*`, `prep[N].*`), and
//! the config's refusal of a key mapped back to its field.
//!
//! Invariants: the gateway's key is never a config key (the save carries it to the
//! secrets file, named `sms.auth`); a cleared URL removes every `[sms]` key (the feature
//! off, as a cleared SMTP server is for e-mail); a GET writes no content type; a
//! station's row writes its three keys together (`prep[N]` counted from 1 as the file
//! holds them before the save), a station whose name and printer are emptied is
//! removed, and the row to add one is either left empty or filled whole; the config's `prep[N]` after the save is mapped back to the row it
//! came from, the rows removed skipped.

use super::{SettingsError, SettingsField, SettingsForm, JSON};
use crate::app::setup::SetupError;
use crate::config::{Config, KeyEdit, KeyValue, SmsMethod};
use crate::printer::Printer;

use SettingsField as F;

/// Every `[sms]` key the screen knows, removed together when the URL is cleared.
const SMS_KEYS: [&str; 7] = [
    "url",
    "method",
    "content_type",
    "body",
    "from",
    "auth_header",
    "secrets_file",
];

/// The text of an SMS field for `c` (the key never: a secret field is empty).
pub(super) fn sms_text(c: &Config, f: SettingsField) -> String {
    let Some(sms) = c.sms.as_ref() else {
        return match f {
            F::SmsMethod => "POST".into(),
            F::SmsContentType => JSON.into(),
            _ => String::new(),
        };
    };
    match f {
        F::SmsUrl => sms.url.clone(),
        F::SmsMethod => sms.method.as_str().into(),
        F::SmsContentType => sms.content_type.clone().unwrap_or_else(|| JSON.into()),
        F::SmsBody => sms
            .body
            .as_ref()
            .map(|b| b.source().to_string())
            .unwrap_or_default(),
        F::SmsFrom => sms.from.clone().unwrap_or_default(),
        F::SmsAuthHeader => sms.auth_header.clone().unwrap_or_default(),
        _ => String::new(),
    }
}

/// The stations' rows (the config's, then an empty one to add a station).
pub(super) fn prep_texts(c: &Config) -> Vec<(SettingsField, String)> {
    let mut out = Vec::new();
    for (row, p) in c.prep.iter().enumerate() {
        out.push((F::PrepName(row), p.name.clone()));
        out.push((F::PrepPrinter(row), p.printer.to_string()));
        out.push((F::PrepCategories(row), p.categories.join(", ")));
    }
    out.extend(SettingsField::prep_row(c.prep.len()).map(|f| (f, String::new())));
    out
}

/// Categories typed with commas between them (a category may hold spaces).
fn categories(text: &str) -> Vec<String> {
    text.split([',', ';'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

impl SettingsForm {
    fn trimmed(&self, f: SettingsField) -> String {
        self.value(f).trim().to_string()
    }

    /// No station in this row: one of the config's with its name and printer emptied
    /// (removed), or the row to add one left empty.
    fn row_empty(&self, row: usize) -> bool {
        let empty = |f: SettingsField| self.trimmed(f).is_empty();
        empty(F::PrepName(row))
            && empty(F::PrepPrinter(row))
            && (row < self.prep_rows || empty(F::PrepCategories(row)))
    }

    fn get(&self) -> bool {
        self.trimmed(F::SmsMethod).eq_ignore_ascii_case("GET")
    }

    /// Why an SMS or station field is refused before the config's own reading.
    pub(super) fn sms_prep_refusal(&self, f: SettingsField) -> Option<SettingsError> {
        let text = self.trimmed(f);
        let gateway = !self.trimmed(F::SmsUrl).is_empty();
        let required = Some(SettingsError::Setup(SetupError::Required));
        match f {
            F::SmsUrl if text.is_empty() => None,
            F::SmsUrl if text.starts_with("https://") || text.starts_with("http://") => None,
            F::SmsUrl => Some(SettingsError::Url),
            F::SmsAuth if self.value(f).is_empty() => None,
            F::SmsAuth if !gateway => Some(SettingsError::NeedsGateway),
            F::SmsAuth if self.trimmed(F::SmsAuthHeader).is_empty() => {
                Some(SettingsError::NeedsAuthHeader)
            }
            F::SmsAuth if text.is_empty() => required,
            F::SmsBody | F::SmsFrom | F::SmsAuthHeader
                if !gateway && !text.is_empty() && self.changed(f) =>
            {
                Some(SettingsError::NeedsGateway)
            }
            F::PrepName(r) | F::PrepPrinter(r) | F::PrepCategories(r) if self.row_empty(r) => None,
            F::PrepName(_) if text.is_empty() => required,
            F::PrepPrinter(_) if text.is_empty() => required,
            F::PrepPrinter(_) if Printer::parse(&text).is_err() => Some(SettingsError::Printer),
            F::PrepCategories(_) if categories(&text).is_empty() => required,
            _ => None,
        }
    }

    /// The keys an SMS or station field writes, with what it holds now.
    pub(super) fn sms_prep_edits(&self, f: SettingsField) -> Vec<KeyEdit> {
        let text = self.trimmed(f);
        let gateway = !self.trimmed(F::SmsUrl).is_empty();
        let set = |key: &str, value: KeyValue| vec![KeyEdit::set(key, value)];
        let optional = |key: &str| match text.is_empty() {
            true => vec![KeyEdit::remove(key)],
            false => set(key, KeyValue::Text(text.clone())),
        };
        match f {
            // Cleared: SMS is off, and every key that needs a gateway goes too.
            F::SmsUrl if !gateway && self.changed(f) => SMS_KEYS
                .iter()
                .map(|k| KeyEdit::remove(&format!("sms.{k}")))
                .collect(),
            F::SmsUrl if !gateway => Vec::new(),
            F::SmsUrl => set("sms.url", KeyValue::Text(text.clone())),
            _ if f.section() == super::Section::Sms && !gateway => Vec::new(),
            F::SmsMethod | F::SmsContentType if self.get() => [
                set("sms.method", KeyValue::Text(SmsMethod::Get.as_str().into())),
                vec![KeyEdit::remove("sms.content_type")],
            ]
            .concat(),
            F::SmsMethod => set("sms.method", KeyValue::Text(text)),
            F::SmsContentType => set("sms.content_type", KeyValue::Text(text)),
            F::SmsBody => optional("sms.body"),
            F::SmsFrom => optional("sms.from"),
            F::SmsAuthHeader => optional("sms.auth_header"),
            F::PrepName(r) | F::PrepPrinter(r) | F::PrepCategories(r) => self.row_edits(r),
            _ => Vec::new(),
        }
    }

    /// A station's keys: all three set, or the station removed (nothing for the empty
    /// row left empty).
    fn row_edits(&self, row: usize) -> Vec<KeyEdit> {
        let at = format!("prep[{}]", row + 1);
        if self.row_empty(row) {
            return match row < self.prep_rows {
                true => vec![KeyEdit::remove(&at)],
                false => Vec::new(),
            };
        }
        vec![
            KeyEdit::set(
                &format!("{at}.name"),
                KeyValue::Text(self.trimmed(F::PrepName(row))),
            ),
            KeyEdit::set(
                &format!("{at}.printer"),
                KeyValue::Text(self.trimmed(F::PrepPrinter(row))),
            ),
            KeyEdit::set(
                &format!("{at}.categories"),
                KeyValue::List(categories(self.value(F::PrepCategories(row)))),
            ),
        ]
    }

    /// The SMS or station field that writes `key`, for the config's refusal of the new
    /// text: `prep[N]` counts the stations as the new file holds them.
    pub(super) fn sms_prep_field(&self, key: &str) -> Option<SettingsField> {
        if let Some(rest) = key.strip_prefix("prep[") {
            let (n, tail) = rest.split_once(']')?;
            let n = n.parse::<usize>().ok().filter(|n| *n > 0)?;
            let rows = self
                .keys()
                .into_iter()
                .filter_map(|f| match f {
                    F::PrepName(r) if !self.row_empty(r) => Some(r),
                    _ => None,
                })
                .collect::<Vec<_>>();
            let row = *rows.get(n - 1)?;
            return Some(match tail.trim_start_matches('.') {
                "name" => F::PrepName(row),
                "categories" => F::PrepCategories(row),
                _ => F::PrepPrinter(row),
            });
        }
        Some(match key {
            "sms.url" => F::SmsUrl,
            "sms.method" => F::SmsMethod,
            "sms.content_type" => F::SmsContentType,
            "sms.body" => F::SmsBody,
            "sms.from" => F::SmsFrom,
            "sms.auth_header" => F::SmsAuthHeader,
            "sms.auth" | "sms.secrets_file" => F::SmsAuth,
            _ => return None,
        })
    }
}
