//! The interface languages: the config parses a locale into a [`Lang`] once; the screens
//! and the receipts read it, and format money and dates through it the local way, so a
//! screen and a printed receipt never disagree on how an amount looks.
//!
//! Invariants: uses nothing of the crate but `domain` (money); formatting is pure.

use chrono::{DateTime, Datelike, Utc};
use serde::{Serialize, Serializer};

use crate::domain::money::Money;

/// Interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Fr,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Fr];

    /// The config's locale code (`en`, `fr`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// The language of a locale code, any case; `None` for one not available.
    pub fn parse(code: &str) -> Option<Lang> {
        let code = code.trim();
        Lang::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(code))
    }
}

impl Lang {
    /// An amount the local way (`12.50`, `12,50`).
    pub fn money(self, m: Money) -> String {
        let s = m.to_string();
        match self {
            Lang::En => s,
            Lang::Fr => s.replace('.', ","),
        }
    }

    /// A quantity the local way, without trailing zeros (`2`, `0.5`, `0,5`).
    pub fn quantity(self, q: rust_decimal::Decimal) -> String {
        let s = q.normalize().to_string();
        match self {
            Lang::En => s,
            Lang::Fr => s.replace('.', ","),
        }
    }

    /// A date and time the local way, shifted by `offset` seconds from UTC.
    pub fn datetime(self, t: DateTime<Utc>, offset: i32) -> String {
        let l = t + chrono::Duration::seconds(i64::from(offset));
        match self {
            Lang::En => l.format("%Y-%m-%d %H:%M").to_string(),
            Lang::Fr => l.format("%d/%m/%Y %H:%M").to_string(),
        }
    }

    /// A date the local way, shifted by `offset` seconds from UTC.
    pub fn date(self, t: DateTime<Utc>, offset: i32) -> String {
        let l = t + chrono::Duration::seconds(i64::from(offset));
        match self {
            Lang::En => l.format("%Y-%m-%d").to_string(),
            Lang::Fr => format!("{:02}/{:02}/{}", l.day(), l.month(), l.year()),
        }
    }
}

impl Serialize for Lang {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_parse_back_and_unknown_ones_are_refused() {
        for l in Lang::ALL {
            assert_eq!(Lang::parse(l.code()), Some(l));
        }
        assert_eq!(Lang::parse(" FR "), Some(Lang::Fr));
        assert_eq!(Lang::parse("de"), None);
        assert_eq!(Lang::parse(""), None);
    }
}
