//! The settings fields read both ways: from the config into texts (what the screen
//! shows), and from the texts into the keys to write, each field checked first.
//!
//! Invariants: a field maps to one key (the address, header and footer lines to one
//! list or text each; the password and the SMS gateway's key to the secrets file, never
//! to a key; a station's row to its `[[prep]]` table, in `sms_prep.rs`); the checks
//! use the config's own ranges and parsers, so the screen refuses what the file would;
//! a field left as loaded is not written (unless there is no file yet).

use super::{Kept, SettingsError, SettingsField, SettingsForm, SettingsSave, NO, YES};
use crate::app::setup::{parse_rates, rates_shown, register_ok, SetupError};
use crate::config::{limits, smtp_url_ok, Config, KeyEdit, KeyValue};
use crate::domain::money::Money;
use crate::domain::validate;
use crate::lang::Lang;
use crate::printer::Printer;
use crate::search::SearchField;

use SettingsField as F;

/// Each field with its text for `c` (in [`SettingsField::ALL`]'s order, then the
/// stations' rows), and the lines kept beyond the fields.
/// Numbers are written the `lang` way (`0,01`); the keys get them with a dot.
pub(super) fn texts(c: &Config, lang: Lang) -> (Vec<(SettingsField, String)>, Kept) {
    let line = |lines: &[String], i: usize| lines.get(i).cloned().unwrap_or_default();
    let split = |t: &Option<String>| -> Vec<String> {
        t.as_deref()
            .map(|t| t.lines().map(str::to_string).collect())
            .unwrap_or_default()
    };
    let yes_no = |b: bool| if b { YES } else { NO }.to_string();
    let address = &c.shop.address;
    let header = split(&c.receipt_header);
    let footer = split(&c.receipt_footer);
    let email = c.email.as_ref();
    let mut texts: Vec<(SettingsField, String)> = SettingsField::ALL
        .iter()
        .map(|f| {
            (
                *f,
                match f {
                    F::Name => c.shop.name.clone(),
                    F::Address1 => line(address, 0),
                    F::Address2 => line(address, 1),
                    F::Address3 => line(address, 2),
                    F::VatNumber => c.shop.vat_number.clone().unwrap_or_default(),
                    F::Country => c.shop.country.clone(),
                    F::Currency => c.shop.currency.clone(),
                    F::Register => c.shop.register.clone(),
                    F::VatRates => rates_shown(&c.shop.vat_rates, lang),
                    F::Language => c.shop.lang.code().to_string(),
                    F::SearchFields => super::fields_shown(&c.search_fields),
                    F::Advanced => yes_no(c.advanced_default),
                    F::Whatsapp => c.whatsapp_message.clone(),
                    F::EmailSubject => c.email_subject.clone(),
                    F::Loyalty => yes_no(c.loyalty.enabled),
                    F::PointsPerUnit => lang.quantity(c.loyalty.points_per_unit),
                    F::PointValue => lang.money(c.loyalty.point_value),
                    F::MinRedeem => c.loyalty.min_redeem.to_string(),
                    F::ExpiryMonths => c.loyalty.expiry_months.to_string(),
                    F::Printer => c
                        .receipt_printer
                        .as_ref()
                        .map(Printer::to_string)
                        .unwrap_or_default(),
                    F::Width => c.receipt_width.to_string(),
                    F::Header1 => line(&header, 0),
                    F::Header2 => line(&header, 1),
                    F::Footer1 => line(&footer, 0),
                    F::Footer2 => line(&footer, 1),
                    F::IdleMinutes => c.manager_idle_minutes.to_string(),
                    F::LockAfterSale => yes_no(c.lock_after_sale),
                    F::Smtp => email
                        .map(|e| match e.host.contains(':') {
                            true => format!("smtp://[{}]:{}", e.host, e.port),
                            false => e.server(),
                        })
                        .unwrap_or_default(),
                    F::Tls => email.map_or("starttls", |e| e.tls.name()).to_string(),
                    F::From => email.map(|e| e.from.clone()).unwrap_or_default(),
                    F::User => email.and_then(|e| e.user.clone()).unwrap_or_default(),
                    F::Password => String::new(),
                    F::SmsUrl
                    | F::SmsMethod
                    | F::SmsContentType
                    | F::SmsBody
                    | F::SmsFrom
                    | F::SmsAuthHeader
                    | F::SmsAuth => super::sms_prep::sms_text(c, *f),
                    F::PrepName(_) | F::PrepPrinter(_) | F::PrepCategories(_) => String::new(),
                },
            )
        })
        .collect();
    texts.extend(super::sms_prep::prep_texts(c));
    let kept = Kept {
        address: address.iter().skip(3).cloned().collect(),
        header: header.iter().skip(2).cloned().collect(),
        footer: footer.iter().skip(2).cloned().collect(),
    };
    (texts, kept)
}

impl SettingsForm {
    /// Checks every field; on failure the errors are kept (each under its field), the
    /// focus goes to the first, and their number is returned; else what to write.
    pub fn check(&mut self) -> Result<SettingsSave, usize> {
        self.errors = self
            .keys()
            .into_iter()
            .filter_map(|f| self.refusal(f).map(|e| (f, e)))
            .collect();
        if let Some(first) = self.errors.first().map(|(f, _)| *f) {
            self.focus = self
                .fields
                .iter()
                .position(|(f, _)| *f == first)
                .unwrap_or(0);
            return Err(self.errors.len());
        }
        Ok(self.save())
    }

    /// Why `f`'s text is refused, if it is.
    fn refusal(&self, f: SettingsField) -> Option<SettingsError> {
        if self.cut.contains(&f) && self.changed(f) {
            return Some(SettingsError::TooLong);
        }
        let text = self.value(f).trim();
        let number = |range: &std::ops::RangeInclusive<i64>| {
            let ok = text.parse::<i64>().is_ok_and(|n| range.contains(&n));
            (!ok).then_some(SettingsError::Number {
                min: *range.start(),
                max: *range.end(),
            })
        };
        let required = || {
            text.is_empty()
                .then_some(SettingsError::Setup(SetupError::Required))
        };
        let smtp = !self.value(F::Smtp).trim().is_empty();
        match f {
            F::Name | F::Whatsapp | F::EmailSubject => required(),
            F::VatNumber if text.is_empty() => None,
            F::VatNumber => validate::vat(text, Some(self.value(F::Country)))
                .err()
                .map(|e| SettingsError::Setup(SetupError::VatNumber(e.detail))),
            F::Register if register_ok(&text.to_ascii_uppercase()) => None,
            F::Register => Some(SettingsError::Setup(SetupError::Register)),
            F::VatRates => {
                let (rates, errors) = parse_rates(text);
                match errors.into_iter().next() {
                    Some(e) => Some(SettingsError::Setup(e)),
                    None if rates.is_empty() => Some(SettingsError::Setup(SetupError::Required)),
                    None => None,
                }
            }
            F::SearchFields => {
                let names = list(text);
                match names.iter().find(|n| SearchField::parse_set(n).is_none()) {
                    Some(bad) => Some(SettingsError::SearchField(bad.clone())),
                    None if names.is_empty() => Some(SettingsError::Setup(SetupError::Required)),
                    None => None,
                }
            }
            F::PointsPerUnit => {
                let range = limits::POINTS_PER_UNIT;
                let ok = text
                    .replace(',', ".")
                    .parse::<rust_decimal::Decimal>()
                    .is_ok_and(|d| {
                        d >= rust_decimal::Decimal::from(*range.start())
                            && d <= rust_decimal::Decimal::from(*range.end())
                    });
                (!ok).then_some(SettingsError::Decimal {
                    min: *range.start(),
                    max: *range.end(),
                })
            }
            F::PointValue => match Money::parse(text) {
                Ok(m) if m > Money::ZERO => None,
                _ => Some(SettingsError::Amount),
            },
            F::MinRedeem => number(&limits::MIN_REDEEM),
            F::ExpiryMonths => number(&limits::EXPIRY_MONTHS),
            F::IdleMinutes => number(&limits::SESSION_IDLE_MINUTES),
            F::Width => number(&limits::RECEIPT_WIDTH),
            F::Printer if text.is_empty() || Printer::parse(text).is_ok() => None,
            F::Printer => Some(SettingsError::Printer),
            F::Smtp if text.is_empty() || smtp_url_ok(text) => None,
            F::Smtp => Some(SettingsError::Smtp),
            F::From if smtp && text.is_empty() => Some(SettingsError::NeedsFrom),
            F::From if text.is_empty() => None,
            F::From if validate::email(text).is_err() => Some(SettingsError::Email),
            F::From | F::User if !smtp && !text.is_empty() && self.changed(f) => {
                Some(SettingsError::NeedsSmtp)
            }
            F::Password if !smtp && !self.value(f).is_empty() => Some(SettingsError::NeedsSmtp),
            _ => self.sms_prep_refusal(f),
        }
    }

    /// The keys to write: the fields changed (every field when there is no file yet).
    fn save(&self) -> SettingsSave {
        let mut edits: Vec<KeyEdit> = Vec::new();
        let mut keys: Vec<String> = Vec::new();
        for f in self.keys() {
            if !(self.fresh || self.changed(f)) {
                continue;
            }
            for e in self.edits_of(f) {
                if !keys.contains(&e.key) {
                    keys.push(e.key.clone());
                }
                // Each key once, its last word kept (the address lines make one list).
                edits.retain(|x| x.key != e.key);
                edits.push(e);
            }
        }
        let password = Some(self.value(F::Password).to_string()).filter(|p| !p.is_empty());
        if password.is_some() {
            keys.push("email.password".into());
        }
        let sms_auth = Some(self.value(F::SmsAuth).trim().to_string()).filter(|a| !a.is_empty());
        if sms_auth.is_some() {
            keys.push("sms.auth".into());
        }
        SettingsSave {
            edits,
            password,
            sms_auth,
            keys,
        }
    }

    /// The keys field `f` writes, with what it holds now.
    fn edits_of(&self, f: SettingsField) -> Vec<KeyEdit> {
        let text = |f: SettingsField| self.value(f).trim().to_string();
        let lines = |fs: &[SettingsField], kept: &[String]| -> Vec<String> {
            fs.iter()
                .map(|f| text(*f))
                .filter(|l| !l.is_empty())
                .chain(kept.iter().cloned())
                .collect()
        };
        let joined = |fs: &[SettingsField], kept: &[String]| {
            let l = lines(fs, kept);
            (!l.is_empty()).then(|| KeyValue::Text(l.join("\n")))
        };
        let optional = |t: String| (!t.is_empty()).then_some(KeyValue::Text(t));
        let int = text(f).parse::<i64>().ok().map(KeyValue::Int);
        let plain = Some(KeyValue::Text(text(f)));
        let decimal = Some(KeyValue::Text(text(f).replace(',', ".")));
        let yes_no = Some(KeyValue::Bool(text(f) == YES));
        let no_server = text(F::Smtp).is_empty();
        let one = |key: &str, value: Option<KeyValue>| {
            vec![KeyEdit {
                key: key.to_string(),
                value,
            }]
        };
        match f {
            F::Name => one("shop.name", plain),
            F::Address1 | F::Address2 | F::Address3 => {
                let all = [F::Address1, F::Address2, F::Address3];
                let list = KeyValue::List(lines(&all, &self.kept.address));
                one("shop.address", Some(list))
            }
            F::VatNumber => {
                let t = text(f);
                let normal = validate::vat(&t, Some(self.value(F::Country))).unwrap_or(t);
                one("shop.vat_number", optional(normal))
            }
            F::Country => one("shop.country", plain),
            F::Currency => one("shop.currency", plain),
            F::Register => one(
                "shop.register",
                Some(KeyValue::Text(text(f).to_ascii_uppercase())),
            ),
            F::VatRates => {
                let (rates, _) = parse_rates(&text(f));
                let rates = rates
                    .iter()
                    .map(|p| p.as_decimal().normalize().to_string())
                    .collect();
                one("shop.vat_rates", Some(KeyValue::List(rates)))
            }
            F::Language => one("shop.locale", plain),
            F::SearchFields => one(
                "search.default_fields",
                Some(KeyValue::List(list(&text(f)))),
            ),
            F::Advanced => one("search.advanced_default", yes_no),
            F::Whatsapp => one("contact.whatsapp_message", plain),
            F::EmailSubject => one("contact.email_subject", plain),
            F::Loyalty => one("loyalty.enabled", yes_no),
            F::PointsPerUnit => one("loyalty.points_per_unit", decimal),
            F::PointValue => one("loyalty.point_value", decimal),
            F::MinRedeem => one("loyalty.min_redeem", int),
            F::ExpiryMonths => one("loyalty.expiry_months", int),
            // The older name of a file printer goes: one key says it now.
            F::Printer => [
                one("receipt.output", None),
                one("receipt.printer", optional(text(f))),
            ]
            .concat(),
            F::Width => one("receipt.width", int),
            F::Header1 | F::Header2 => one(
                "receipt.header",
                joined(&[F::Header1, F::Header2], &self.kept.header),
            ),
            F::Footer1 | F::Footer2 => one(
                "receipt.footer",
                joined(&[F::Footer1, F::Footer2], &self.kept.footer),
            ),
            F::IdleMinutes => one("manager.session_idle_minutes", int),
            F::LockAfterSale => one("manager.lock_after_sale", yes_no),
            // Cleared: e-mail is off, and the keys that need a server go too.
            F::Smtp if no_server && self.changed(f) => ["smtp", "tls", "from", "user"]
                .iter()
                .flat_map(|k| one(&format!("email.{k}"), None))
                .collect(),
            F::Smtp if no_server => Vec::new(),
            F::Smtp => one("email.smtp", optional(text(f))),
            F::Tls | F::From | F::User if no_server => Vec::new(),
            F::Tls => one("email.tls", optional(text(f))),
            F::From => one("email.from", optional(text(f))),
            F::User => one("email.user", optional(text(f))),
            F::Password => Vec::new(),
            _ => self.sms_prep_edits(f),
        }
    }

    /// The field that writes `key` (for the config's refusal of the new text), the
    /// SMS section's and the stations' among them.
    pub fn field_for(&self, key: &str) -> Option<SettingsField> {
        SettingsForm::field_of(key).or_else(|| self.sms_prep_field(key))
    }

    /// The field that writes `key` (for the config's refusal of the new text).
    pub fn field_of(key: &str) -> Option<SettingsField> {
        Some(match key {
            "shop.name" => F::Name,
            "shop.address" => F::Address1,
            "shop.vat_number" => F::VatNumber,
            "shop.country" => F::Country,
            "shop.currency" => F::Currency,
            "shop.register" => F::Register,
            "shop.vat_rates" => F::VatRates,
            "shop.locale" => F::Language,
            "search.default_fields" => F::SearchFields,
            "search.advanced_default" => F::Advanced,
            "contact.whatsapp_message" => F::Whatsapp,
            "contact.email_subject" => F::EmailSubject,
            "loyalty.enabled" => F::Loyalty,
            "loyalty.points_per_unit" => F::PointsPerUnit,
            "loyalty.point_value" => F::PointValue,
            "loyalty.min_redeem" => F::MinRedeem,
            "loyalty.expiry_months" => F::ExpiryMonths,
            "receipt.printer" | "receipt.output" => F::Printer,
            "receipt.width" => F::Width,
            "receipt.header" => F::Header1,
            "receipt.footer" => F::Footer1,
            "manager.session_idle_minutes" => F::IdleMinutes,
            "manager.lock_after_sale" => F::LockAfterSale,
            "email.smtp" => F::Smtp,
            "email.tls" => F::Tls,
            "email.from" => F::From,
            "email.user" => F::User,
            "email.password" | "email.secrets_file" => F::Password,
            _ => return None,
        })
    }
}

/// Names typed with commas or spaces between them.
fn list(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}
