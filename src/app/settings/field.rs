//! The settings screen's sections and fields: which section a field is in, how it is
//! edited (typed, chosen from a list, secret), and the values a choice walks.
//!
//! Invariants: [`SettingsField::ALL`] lists the fixed fields in screen order; the
//! preparation stations' fields ([`SettingsField::PrepName`] and its row) follow them,
//! one row per station the config holds plus an empty one, numbered from 0; a secret
//! field (the SMTP password, the SMS gateway's key) is never loaded and never shown.

use crate::domain::region;
use crate::lang::Lang;

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
    Sms,
    /// The preparation stations' printers (`[[prep]]`).
    Prep,
}

impl Section {
    pub const ALL: [Section; 11] = [
        Section::Shop,
        Section::Vat,
        Section::Language,
        Section::Search,
        Section::Contact,
        Section::Loyalty,
        Section::Receipt,
        Section::Session,
        Section::Email,
        Section::Sms,
        Section::Prep,
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
    SmsUrl,
    SmsMethod,
    SmsContentType,
    SmsBody,
    SmsFrom,
    SmsAuthHeader,
    /// The gateway's key (`[sms] auth` in the secrets file).
    SmsAuth,
    /// A preparation station's name (its row, from 0).
    PrepName(usize),
    PrepPrinter(usize),
    /// Its categories, comma-separated.
    PrepCategories(usize),
}

use SettingsField as F;

/// The SMS body's types (the values are escaped for one of them).
pub const JSON: &str = "application/json";
pub const FORM: &str = "application/x-www-form-urlencoded";

/// The value a yes/no field holds (the screen words it).
pub const YES: &str = "true";
pub const NO: &str = "false";

impl SettingsField {
    /// The fixed fields (the stations' rows follow them on the screen).
    pub const ALL: [SettingsField; 39] = [
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
        F::SmsUrl,
        F::SmsMethod,
        F::SmsContentType,
        F::SmsBody,
        F::SmsFrom,
        F::SmsAuthHeader,
        F::SmsAuth,
    ];

    /// A station's row: its name, printer and categories.
    pub fn prep_row(row: usize) -> [SettingsField; 3] {
        [
            F::PrepName(row),
            F::PrepPrinter(row),
            F::PrepCategories(row),
        ]
    }

    /// The station's row of a `[[prep]]` field.
    pub fn prep_at(self) -> Option<usize> {
        match self {
            F::PrepName(r) | F::PrepPrinter(r) | F::PrepCategories(r) => Some(r),
            _ => None,
        }
    }

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
            F::SmsUrl
            | F::SmsMethod
            | F::SmsContentType
            | F::SmsBody
            | F::SmsFrom
            | F::SmsAuthHeader
            | F::SmsAuth => Section::Sms,
            F::PrepName(_) | F::PrepPrinter(_) | F::PrepCategories(_) => Section::Prep,
        }
    }

    /// Yes or no.
    pub fn is_yes_no(self) -> bool {
        matches!(self, F::Advanced | F::Loyalty | F::LockAfterSale)
    }

    /// Chosen from a list (Space, the Toggle key, Left/Right), not typed.
    pub fn is_choice(self) -> bool {
        self.is_yes_no()
            || matches!(
                self,
                F::Country | F::Currency | F::Language | F::Tls | F::SmsMethod | F::SmsContentType
            )
    }

    /// Drawn as one `*` per character, never loaded.
    pub fn is_secret(self) -> bool {
        matches!(self, F::Password | F::SmsAuth)
    }

    /// The values of a choice field, in the order Space walks them (`current` is kept
    /// among them when the list does not have it).
    pub(super) fn choices(self, current: &str) -> Vec<String> {
        let mut list: Vec<String> = match self {
            F::Country => region::REGIONS.iter().map(|r| r.code.to_string()).collect(),
            F::Currency => crate::app::setup::CURRENCIES.map(String::from).to_vec(),
            F::Language => Lang::ALL.iter().map(|l| l.code().to_string()).collect(),
            F::Tls => ["starttls", "tls", "none"].map(String::from).to_vec(),
            F::SmsMethod => ["POST", "GET"].map(String::from).to_vec(),
            F::SmsContentType => [JSON, FORM].map(String::from).to_vec(),
            _ if self.is_yes_no() => vec![YES.into(), NO.into()],
            _ => Vec::new(),
        };
        if !current.is_empty() && !list.iter().any(|c| c == current) {
            list.insert(0, current.to_string());
        }
        list
    }
}
