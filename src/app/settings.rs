//! The settings screen's data: the config's editable keys as fields grouped in sections
//! (shop, VAT rates, language, search, contact, loyalty, receipt, session, e-mail, SMS,
//! preparation stations), the values they were loaded with, their errors, and the stage
//! (loading, editing, saving).
//!
//! The fields are filled from the config as the register resolved it (a key the file
//! leaves out shows its default); only the fields changed are written back, so a key
//! the owner left out stays out. When there is no config file yet, every field is
//! written (the example's values would otherwise replace what the screen showed).
//!
//! Invariants: pure (no IO: the runner reads and writes the files); [`SettingsForm::check`]
//! gives every broken rule at once, each under its field, with the config's own ranges
//! ([`crate::config::limits`]) and parsers, and the runner's reload of the new text is
//! the last word (its refusal is shown under the field of the key it names); a secret
//! (the SMTP password, the SMS gateway's key) leaves this module only in the save
//! effect, is drawn as stars, and is never loaded (the screen knows only whether one is
//! set); `loaded` follows `fields`, the stations' rows included; address, header and footer lines
//! beyond the fields' count are kept as they are.

use super::text_input::TextInput;
use crate::config::Config;
use crate::lang::Lang;
use crate::search::SearchField;

mod field;
mod read;
mod save;
mod sms_prep;
pub use field::{Section, SettingsField, FORM, JSON, NO, YES};
pub use save::{SaveRefused, SettingsError, SettingsSave};

/// Where the screen is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingsStage {
    /// The runner reads the files.
    Loading,
    Editing,
    /// The manager's change is being written (keys wait).
    Saving,
}

/// What the runner read for the screen.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedSettings {
    /// The settings as the file holds them now (read again, not the ones of the start).
    pub config: Config,
    /// The file they are in (shown, and named in the audit log).
    pub file: String,
    /// There is a file (else the register runs on defaults and saving makes one).
    pub exists: bool,
    /// Whether the secrets file holds the SMTP password (`None`: it could not be read).
    pub password_set: Option<bool>,
    /// Whether the secrets file holds the SMS gateway's key (`None`: it could not be
    /// read).
    pub sms_auth_set: Option<bool>,
}

/// What the screen says after its last save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// Written and applied; `restart`: the register code changes at the next start.
    Saved { restart: bool },
    /// Why the change could not be written.
    Failed(String),
    /// Why the files could not be read (the screen cannot be saved).
    Unreadable(String),
}

/// Lines kept beyond the fields' count (address, header, footer), written back after
/// what the fields hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Kept {
    pub address: Vec<String>,
    pub header: Vec<String>,
    pub footer: Vec<String>,
}

/// The settings screen.
#[derive(Debug, Clone, PartialEq)]
pub struct SettingsForm {
    pub fields: Vec<(SettingsField, TextInput)>,
    /// Each field's text as loaded (same order): a field that differs is written.
    pub loaded: Vec<String>,
    pub focus: usize,
    pub errors: Vec<(SettingsField, SettingsError)>,
    pub stage: SettingsStage,
    pub file: String,
    /// No file yet: every field is written.
    pub fresh: bool,
    pub password_set: Option<bool>,
    pub sms_auth_set: Option<bool>,
    /// The preparation stations the config held (their rows; one more is empty).
    pub prep_rows: usize,
    pub kept: Kept,
    /// Fields whose value in the file is longer than a field holds (a long SMS body):
    /// shown cut, so not written back unless retyped whole in the file.
    pub cut: Vec<SettingsField>,
    pub notice: Option<Notice>,
    /// The register code the register runs with (a new one takes effect at next start).
    pub running_register: String,
}

impl SettingsForm {
    /// An empty screen waiting for the runner's read.
    pub fn loading(running_register: &str) -> SettingsForm {
        SettingsForm {
            fields: SettingsField::ALL
                .iter()
                .map(|f| (*f, TextInput::default()))
                .collect(),
            loaded: vec![String::new(); SettingsField::ALL.len()],
            focus: 0,
            errors: Vec::new(),
            stage: SettingsStage::Loading,
            file: String::new(),
            fresh: false,
            password_set: None,
            sms_auth_set: None,
            prep_rows: 0,
            kept: Kept::default(),
            cut: Vec::new(),
            notice: None,
            running_register: running_register.to_string(),
        }
    }

    /// Fills the fields from what the runner read (numbers the `lang` way); the focus
    /// stays where it was.
    pub fn load(&mut self, l: &LoadedSettings, lang: Lang) {
        let (texts, kept) = read::texts(&l.config, lang);
        self.cut = texts
            .iter()
            .filter(|(_, t)| TextInput::with(t).text() != t.as_str())
            .map(|(f, _)| *f)
            .collect();
        self.fields = texts
            .into_iter()
            .map(|(f, t)| (f, TextInput::with(&t)))
            .collect();
        // As the inputs hold them: a value longer than an input takes (a long SMS body)
        // is not written back cut unless it is edited.
        self.loaded = self
            .fields
            .iter()
            .map(|(_, t)| t.text().to_string())
            .collect();
        self.prep_rows = l.config.prep.len();
        self.kept = kept;
        self.errors.clear();
        self.stage = SettingsStage::Editing;
        self.file.clone_from(&l.file);
        self.fresh = !l.exists;
        self.password_set = l.password_set;
        self.sms_auth_set = l.sms_auth_set;
        self.focus = self.focus.min(self.fields.len().saturating_sub(1));
    }

    pub fn value(&self, field: SettingsField) -> &str {
        self.fields
            .iter()
            .find(|(k, _)| *k == field)
            .map_or("", |(_, t)| t.text())
    }

    pub fn set(&mut self, field: SettingsField, text: &str) {
        if let Some((_, t)) = self.fields.iter_mut().find(|(k, _)| *k == field) {
            t.set(text);
        }
    }

    pub fn focused(&self) -> Option<SettingsField> {
        self.fields.get(self.focus).map(|(k, _)| *k)
    }

    pub fn input_mut(&mut self) -> Option<&mut TextInput> {
        self.fields.get_mut(self.focus).map(|(_, t)| t)
    }

    /// The section of the focused field.
    pub fn section(&self) -> Section {
        self.focused().map_or(Section::Shop, SettingsField::section)
    }

    /// The fields of `section`, with their index in `fields`.
    pub fn in_section(
        &self,
        section: Section,
    ) -> impl Iterator<Item = (usize, &(SettingsField, TextInput))> {
        self.fields
            .iter()
            .enumerate()
            .filter(move |(_, (f, _))| f.section() == section)
    }

    /// Puts the focus on the first field of the next (or previous) section.
    pub fn jump_section(&mut self, forward: bool) {
        let all = Section::ALL;
        let at = all.iter().position(|s| *s == self.section()).unwrap_or(0);
        let next = if forward {
            (at + 1).min(all.len() - 1)
        } else {
            at.saturating_sub(1)
        };
        let first = all
            .get(next)
            .and_then(|section| self.in_section(*section).next().map(|(i, _)| i));
        if let Some(i) = first {
            self.focus = i;
        }
    }

    /// The errors under `field`.
    pub fn errors_for(&self, field: SettingsField) -> impl Iterator<Item = &SettingsError> {
        self.errors
            .iter()
            .filter(move |(f, _)| *f == field)
            .map(|(_, e)| e)
    }

    /// Whether a field differs from what was loaded.
    pub fn changed(&self, field: SettingsField) -> bool {
        let i = self.fields.iter().position(|(f, _)| *f == field);
        let loaded = i
            .and_then(|i| self.loaded.get(i))
            .map_or("", String::as_str);
        self.value(field) != loaded
    }

    /// Whether anything was typed or chosen since the last load.
    pub fn dirty(&self) -> bool {
        self.fields.iter().any(|(f, _)| self.changed(*f))
    }

    /// The fields in screen order.
    pub fn keys(&self) -> Vec<SettingsField> {
        self.fields.iter().map(|(f, _)| *f).collect()
    }

    /// Whether the secrets file holds the secret field `field` (`None`: unreadable).
    pub fn secret_set(&self, field: SettingsField) -> Option<bool> {
        match field {
            SettingsField::SmsAuth => self.sms_auth_set,
            _ => self.password_set,
        }
    }

    /// The chosen interface language.
    pub fn lang(&self) -> Option<Lang> {
        Lang::parse(self.value(SettingsField::Language))
    }

    /// Moves the focused choice field to its next (or previous) value.
    pub fn cycle(&mut self, forward: bool) {
        let Some(field) = self.focused().filter(|f| f.is_choice()) else {
            return;
        };
        let list = field.choices(self.value(field));
        if list.is_empty() {
            return;
        }
        let at = list
            .iter()
            .position(|c| c == self.value(field))
            .unwrap_or(0);
        let next = if forward {
            (at + 1) % list.len()
        } else {
            (at + list.len() - 1) % list.len()
        };
        if let Some(chosen) = list.get(next).cloned() {
            self.set(field, &chosen);
        }
    }
}

/// The search fields as a field shows them: the `name` and `address` groups by their
/// names when all their fields are there, then the other fields.
pub fn fields_shown(fields: &[SearchField]) -> String {
    let mut out: Vec<&str> = Vec::new();
    let mut rest: Vec<SearchField> = fields.to_vec();
    for group in ["name", "address"] {
        let members = SearchField::parse_set(group).unwrap_or_default();
        if members.iter().all(|m| fields.contains(m)) {
            out.push(group);
            rest.retain(|f| !members.contains(f));
        }
    }
    out.extend(rest.iter().map(|f| f.name()));
    out.join(", ")
}

#[cfg(test)]
pub(crate) mod tests;
