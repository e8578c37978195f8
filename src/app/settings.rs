//! The settings screen's data: the config's editable keys as fields grouped in sections
//! (shop, VAT rates, language, search, contact, loyalty, receipt, session, e-mail), the
//! values they were loaded with, their errors, and the stage (loading, editing, saving).
//!
//! The fields are filled from the config as the register resolved it (a key the file
//! leaves out shows its default); only the fields changed are written back, so a key
//! the owner left out stays out. When there is no config file yet, every field is
//! written (the example's values would otherwise replace what the screen showed).
//!
//! Invariants: pure (no IO: the runner reads and writes the files); [`SettingsForm::check`]
//! gives every broken rule at once, each under its field, with the config's own ranges
//! ([`crate::config::limits`]) and parsers, and the runner's reload of the new text is
//! the last word (its refusal is shown under the field of the key it names); the
//! password leaves this module only in the save effect, is drawn as stars, and is never
//! loaded (the screen knows only whether one is set); address, header and footer lines
//! beyond the fields' count are kept as they are.

use super::text_input::TextInput;
use crate::config::Config;
use crate::domain::region;
use crate::lang::Lang;
use crate::search::SearchField;

mod read;
pub use read::{SaveRefused, SettingsError, SettingsSave};

/// A section of the screen, in the order listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Shop,
    Vat,
    Language,
    Search,
    Contact,
    Loyalty,
    Receipt,
    Session,
    Email,
}

impl Section {
    pub const ALL: [Section; 9] = [
        Section::Shop,
        Section::Vat,
        Section::Language,
        Section::Search,
        Section::Contact,
        Section::Loyalty,
        Section::Receipt,
        Section::Session,
        Section::Email,
    ];
}

/// A field of the settings screen, in screen order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingsField {
    Name,
    Address1,
    Address2,
    Address3,
    VatNumber,
    Country,
    Currency,
    Register,
    VatRates,
    Language,
    SearchFields,
    Advanced,
    Whatsapp,
    EmailSubject,
    Loyalty,
    PointsPerUnit,
    PointValue,
    MinRedeem,
    ExpiryMonths,
    Printer,
    Width,
    Header1,
    Header2,
    Footer1,
    Footer2,
    IdleMinutes,
    LockAfterSale,
    Smtp,
    Tls,
    From,
    User,
    Password,
}

use SettingsField as F;

/// The value a yes/no field holds (the screen words it).
pub const YES: &str = "true";
pub const NO: &str = "false";

impl SettingsField {
    pub const ALL: [SettingsField; 32] = [
        F::Name,
        F::Address1,
        F::Address2,
        F::Address3,
        F::VatNumber,
        F::Country,
        F::Currency,
        F::Register,
        F::VatRates,
        F::Language,
        F::SearchFields,
        F::Advanced,
        F::Whatsapp,
        F::EmailSubject,
        F::Loyalty,
        F::PointsPerUnit,
        F::PointValue,
        F::MinRedeem,
        F::ExpiryMonths,
        F::Printer,
        F::Width,
        F::Header1,
        F::Header2,
        F::Footer1,
        F::Footer2,
        F::IdleMinutes,
        F::LockAfterSale,
        F::Smtp,
        F::Tls,
        F::From,
        F::User,
        F::Password,
    ];

    pub fn section(self) -> Section {
        match self {
            F::Name
            | F::Address1
            | F::Address2
            | F::Address3
            | F::VatNumber
            | F::Country
            | F::Currency
            | F::Register => Section::Shop,
            F::VatRates => Section::Vat,
            F::Language => Section::Language,
            F::SearchFields | F::Advanced => Section::Search,
            F::Whatsapp | F::EmailSubject => Section::Contact,
            F::Loyalty | F::PointsPerUnit | F::PointValue | F::MinRedeem | F::ExpiryMonths => {
                Section::Loyalty
            }
            F::Printer | F::Width | F::Header1 | F::Header2 | F::Footer1 | F::Footer2 => {
                Section::Receipt
            }
            F::IdleMinutes | F::LockAfterSale => Section::Session,
            F::Smtp | F::Tls | F::From | F::User | F::Password => Section::Email,
        }
    }

    /// Yes or no.
    pub fn is_yes_no(self) -> bool {
        matches!(self, F::Advanced | F::Loyalty | F::LockAfterSale)
    }

    /// Chosen from a list (Space, the Toggle key, Left/Right), not typed.
    pub fn is_choice(self) -> bool {
        self.is_yes_no() || matches!(self, F::Country | F::Currency | F::Language | F::Tls)
    }

    /// Drawn as one `*` per character, never loaded.
    pub fn is_secret(self) -> bool {
        self == F::Password
    }

    /// The values of a choice field, in the order Space walks them (`current` is kept
    /// among them when the list does not have it).
    fn choices(self, current: &str) -> Vec<String> {
        let mut list: Vec<String> = match self {
            F::Country => region::REGIONS.iter().map(|r| r.code.to_string()).collect(),
            F::Currency => super::setup::CURRENCIES.map(String::from).to_vec(),
            F::Language => Lang::ALL.iter().map(|l| l.code().to_string()).collect(),
            F::Tls => ["starttls", "tls", "none"].map(String::from).to_vec(),
            _ if self.is_yes_no() => vec![YES.into(), NO.into()],
            _ => Vec::new(),
        };
        if !current.is_empty() && !list.iter().any(|c| c == current) {
            list.insert(0, current.to_string());
        }
        list
    }
}

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
    pub kept: Kept,
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
            kept: Kept::default(),
            notice: None,
            running_register: running_register.to_string(),
        }
    }

    /// Fills the fields from what the runner read (numbers the `lang` way); the focus
    /// stays where it was.
    pub fn load(&mut self, l: &LoadedSettings, lang: Lang) {
        let (texts, kept) = read::texts(&l.config, lang);
        self.loaded.clone_from(&texts);
        self.fields = SettingsField::ALL
            .iter()
            .zip(texts)
            .map(|(f, t)| (*f, TextInput::with(&t)))
            .collect();
        self.kept = kept;
        self.errors.clear();
        self.stage = SettingsStage::Editing;
        self.file.clone_from(&l.file);
        self.fresh = !l.exists;
        self.password_set = l.password_set;
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
        let i = SettingsField::ALL.iter().position(|f| *f == field);
        let loaded = i
            .and_then(|i| self.loaded.get(i))
            .map_or("", String::as_str);
        self.value(field) != loaded
    }

    /// Whether anything was typed or chosen since the last load.
    pub fn dirty(&self) -> bool {
        SettingsField::ALL.iter().any(|f| self.changed(*f))
    }

    /// The chosen interface language.
    pub fn lang(&self) -> Option<Lang> {
        Lang::parse(self.value(F::Language))
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
