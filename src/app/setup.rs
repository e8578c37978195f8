//! The first-run setup screen's data: the shop's fields, their errors, and the stage
//! (filling in, saving, then the choice of what comes next).
//!
//! The register opens it instead of the sale screen when the database is empty and the
//! config has never been through setup (the binary decides: `cmd::register`). Nothing is
//! invented: every value is typed or chosen here, prefilled only with the chosen
//! country's facts ([`crate::domain::region`]: currency, VAT rates; the postal table:
//! the city of a postal code).
//!
//! Invariants: pure (no IO: the postal table is embedded, hashing the PIN and writing
//! the file are the runner's); [`Setup::validate`] gives every broken rule at once, each
//! under its field, and never clears what was typed; the PIN leaves this module only in
//! the save effect, never in the state's rendering (the screen draws one `*` per digit).

use super::text_input::TextInput;
use crate::config::ShopSetup;
use crate::domain::money::Percent;
use crate::domain::{postal, region, validate};
use crate::lang::Lang;

/// A field of the setup screen, in screen order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetupField {
    Name,
    Line1,
    Line2,
    PostalCode,
    City,
    Country,
    Currency,
    Language,
    Register,
    VatNumber,
    VatRates,
    Pin,
    PinAgain,
}

use SetupField as F;

impl SetupField {
    pub const ALL: [SetupField; 13] = [
        F::Name,
        F::Line1,
        F::Line2,
        F::PostalCode,
        F::City,
        F::Country,
        F::Currency,
        F::Language,
        F::Register,
        F::VatNumber,
        F::VatRates,
        F::Pin,
        F::PinAgain,
    ];

    /// Chosen from a list (Space, the Toggle key, Left/Right), not typed.
    pub fn is_choice(self) -> bool {
        matches!(self, F::Country | F::Currency | F::Language)
    }

    /// Drawn as one `*` per character.
    pub fn is_secret(self) -> bool {
        matches!(self, F::Pin | F::PinAgain)
    }

    /// May be left empty.
    pub fn is_optional(self) -> bool {
        matches!(self, F::Line2 | F::VatNumber)
    }

    /// The values of a choice field, in the order Space walks them.
    fn choices(self) -> Vec<&'static str> {
        match self {
            F::Country => region::REGIONS.iter().map(|r| r.code).collect(),
            F::Currency => CURRENCIES.to_vec(),
            F::Language => Lang::ALL.iter().map(|l| l.code()).collect(),
            _ => Vec::new(),
        }
    }
}

/// The currencies the config accepts (`[shop] currency`).
pub const CURRENCIES: [&str; 4] = crate::config::limits::CURRENCIES;

/// Shortest manager PIN the setup accepts (the PIN guards personal data exports).
pub const MIN_PIN_DIGITS: usize = 6;
/// Longest PIN ([`crate::auth`] accepts up to 12 digits).
pub const MAX_PIN_DIGITS: usize = 12;

/// Why a field is refused (the screen words it in the interface language).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetupError {
    Required,
    /// Not a postal code of the chosen country.
    PostalCode,
    /// A register code is 1 to 8 letters or digits.
    Register,
    /// The VAT number's own rule, said by the validator.
    VatNumber(String),
    /// This text is not a rate between 0 and 100.
    VatRate(String),
    /// This rate is written twice.
    RateTwice(String),
    PinShort,
    PinDigits,
    PinMismatch,
}

/// Where the setup is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetupStage {
    Fields,
    /// The PIN is hashed and the file written (keys wait).
    Saving,
    /// Saved: import customers now (0) or start selling (1).
    Choose {
        selected: usize,
    },
}

/// What comes after a saved setup, in the order shown.
pub const NEXT_STEPS: usize = 2;

/// The setup screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Setup {
    pub fields: Vec<(SetupField, TextInput)>,
    pub focus: usize,
    pub errors: Vec<(SetupField, SetupError)>,
    pub stage: SetupStage,
    /// The city was filled from the postal code (and may be refilled).
    pub city_auto: bool,
    /// The VAT rates are the country's, untouched (a new country refills them).
    pub rates_auto: bool,
    /// Where the settings were written, once saved.
    pub saved_to: Option<String>,
    /// Why the last save failed (the file could not be written), shown on the screen.
    pub failure: Option<String>,
}

/// The rates as the field shows them: "20 / 10 / 5.5 / 2.1".
fn rates_text(country: &str) -> String {
    region::region(country)
        .map(|r| r.vat_rates.join(" / "))
        .unwrap_or_default()
}

impl Setup {
    /// A blank setup for `country` (a known region, else France) in `lang`.
    pub fn new(country: &str, lang: Lang) -> Setup {
        let region = region::region(country)
            .or_else(|| region::region("FR"))
            .copied();
        let (cc, currency) = region.map_or(("FR", "EUR"), |r| (r.code, r.currency));
        let value = |f: SetupField| -> String {
            match f {
                F::Country => cc.into(),
                F::Currency => currency.into(),
                F::Language => lang.code().into(),
                F::Register => "R1".into(),
                F::VatRates => rates_text(cc),
                _ => String::new(),
            }
        };
        Setup {
            fields: SetupField::ALL
                .iter()
                .map(|f| (*f, TextInput::with(&value(*f))))
                .collect(),
            focus: 0,
            errors: Vec::new(),
            stage: SetupStage::Fields,
            city_auto: false,
            rates_auto: true,
            saved_to: None,
            failure: None,
        }
    }

    pub fn value(&self, field: SetupField) -> &str {
        self.fields
            .iter()
            .find(|(k, _)| *k == field)
            .map_or("", |(_, t)| t.text())
    }

    pub fn focused(&self) -> Option<SetupField> {
        self.fields.get(self.focus).map(|(k, _)| *k)
    }

    pub fn input_mut(&mut self) -> Option<&mut TextInput> {
        self.fields.get_mut(self.focus).map(|(_, t)| t)
    }

    pub fn set(&mut self, field: SetupField, text: &str) {
        if let Some((_, t)) = self.fields.iter_mut().find(|(k, _)| *k == field) {
            t.set(text);
        }
    }

    /// The errors under `field`.
    pub fn errors_for(&self, field: SetupField) -> impl Iterator<Item = &SetupError> {
        self.errors
            .iter()
            .filter(move |(f, _)| *f == field)
            .map(|(_, e)| e)
    }

    /// The chosen interface language.
    pub fn lang(&self) -> Option<Lang> {
        Lang::parse(self.value(F::Language))
    }

    /// Moves the focused choice field to its next (or previous) value. A new country
    /// brings its currency and VAT rates (rates the owner edited stay) and refills the
    /// city from the postal code.
    pub fn cycle(&mut self, forward: bool) {
        let Some(field) = self.focused().filter(|f| f.is_choice()) else {
            return;
        };
        let list = field.choices();
        if list.is_empty() {
            return;
        }
        let at = list
            .iter()
            .position(|c| *c == self.value(field))
            .unwrap_or(0);
        let next = if forward {
            (at + 1) % list.len()
        } else {
            (at + list.len() - 1) % list.len()
        };
        let chosen = list.get(next).copied().unwrap_or_default();
        self.set(field, chosen);
        if field == F::Country {
            if let Some(r) = region::region(chosen) {
                self.set(F::Currency, r.currency);
            }
            if self.rates_auto {
                self.set(F::VatRates, &rates_text(chosen));
            }
            self.postal_fill();
        }
    }

    /// After an edit of the focused field: a postal code with one city fills the city
    /// (when it is empty or was filled this way); typing in the city or the rates makes
    /// them the owner's.
    pub fn edited(&mut self) {
        match self.focused() {
            Some(F::PostalCode) => self.postal_fill(),
            Some(F::City) => self.city_auto = false,
            Some(F::VatRates) => self.rates_auto = false,
            _ => {}
        }
    }

    fn postal_fill(&mut self) {
        let city_empty = self.value(F::City).trim().is_empty();
        if !(city_empty || self.city_auto) {
            return;
        }
        let places = postal::lookup(self.value(F::Country), self.value(F::PostalCode));
        let city = match places.as_slice() {
            [one] => one.city,
            // Several cities: the owner types theirs.
            _ => "",
        };
        if city.is_empty() && city_empty {
            return;
        }
        self.set(F::City, city);
        self.city_auto = !city.is_empty();
    }

    /// Reads the fields into the settings to write and the PIN to hash; on failure the
    /// errors are kept (each under its field), the focus goes to the first, and their
    /// number is returned.
    pub fn validate(&mut self) -> Result<(ShopSetup, String), usize> {
        let (setup, pin, errors) = self.read();
        self.errors = errors;
        if let Some(first) = self.errors.first().map(|(f, _)| *f) {
            self.focus = SetupField::ALL
                .iter()
                .position(|f| *f == first)
                .unwrap_or(0);
            return Err(self.errors.len());
        }
        Ok((setup, pin))
    }

    fn read(&self) -> (ShopSetup, String, Vec<(SetupField, SetupError)>) {
        let mut errors = Vec::new();
        let text = |f: SetupField| self.value(f).trim().to_string();
        for f in SetupField::ALL {
            if !f.is_optional() && text(f).is_empty() {
                errors.push((f, SetupError::Required));
            }
        }
        let country = text(F::Country).to_ascii_uppercase();
        let postal_code = text(F::PostalCode).to_ascii_uppercase();
        if !postal_code.is_empty() && !postal::plausible(&country, &postal_code) {
            errors.push((F::PostalCode, SetupError::PostalCode));
        }
        let register = text(F::Register).to_ascii_uppercase();
        if !register.is_empty() && !register_ok(&register) {
            errors.push((F::Register, SetupError::Register));
        }
        let vat_number = match text(F::VatNumber) {
            v if v.is_empty() => None,
            v => match validate::vat(&v, Some(&country)) {
                Ok(n) => Some(n),
                Err(e) => {
                    errors.push((F::VatNumber, SetupError::VatNumber(e.detail)));
                    None
                }
            },
        };
        let (vat_rates, rate_errors) = parse_rates(self.value(F::VatRates));
        errors.extend(rate_errors.into_iter().map(|e| (F::VatRates, e)));
        let pin = self.value(F::Pin).to_string();
        if !pin.is_empty() {
            if !pin.bytes().all(|b| b.is_ascii_digit()) || pin.len() > MAX_PIN_DIGITS {
                errors.push((F::Pin, SetupError::PinDigits));
            } else if pin.len() < MIN_PIN_DIGITS {
                errors.push((F::Pin, SetupError::PinShort));
            }
        }
        if !self.value(F::PinAgain).is_empty() && self.value(F::PinAgain) != pin {
            errors.push((F::PinAgain, SetupError::PinMismatch));
        }
        let mut address: Vec<String> = [text(F::Line1), text(F::Line2)]
            .into_iter()
            .filter(|l| !l.is_empty())
            .collect();
        address.push(format!("{postal_code} {}", text(F::City)));
        let setup = ShopSetup {
            name: text(F::Name),
            address,
            country,
            currency: text(F::Currency),
            lang: self.lang().unwrap_or_default(),
            register,
            vat_number,
            vat_rates,
        };
        (setup, pin, errors)
    }
}

/// A register code as the config accepts it: 1 to 8 letters or digits.
pub fn register_ok(code: &str) -> bool {
    (1..=8).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// VAT rates typed, separated by `/`, `;` or spaces (a comma is a decimal comma): the
/// rates read, and what was refused (a text that is no rate, a rate written twice).
pub fn parse_rates(typed: &str) -> (Vec<Percent>, Vec<SetupError>) {
    let mut rates: Vec<Percent> = Vec::new();
    let mut errors = Vec::new();
    for t in typed
        .split(|c: char| c == '/' || c == ';' || c.is_whitespace())
        .filter(|t| !t.is_empty())
    {
        match Percent::parse(t) {
            Ok(p) if rates.contains(&p) => errors.push(SetupError::RateTwice(t.to_string())),
            Ok(p) => rates.push(p),
            Err(_) => errors.push(SetupError::VatRate(t.to_string())),
        }
    }
    (rates, errors)
}

/// The rates as a field shows them, the local way: "20 / 10 / 5.5", "20 / 10 / 5,5".
pub fn rates_shown(rates: &[Percent], lang: Lang) -> String {
    rates
        .iter()
        .map(|p| lang.quantity(p.as_decimal()))
        .collect::<Vec<_>>()
        .join(" / ")
}

#[cfg(test)]
pub(crate) mod tests;
