//! The interface languages: the config parses a locale into a [`Lang`] once (or, when it
//! names none, reads it from the environment's `LC_ALL`, `LC_MESSAGES`, `LANG` through
//! [`Lang::from_env`]); the screens and the receipts read it, and format money, quantities
//! and dates through it the local way, so a screen and a printed receipt never disagree on
//! how an amount looks.
//!
//! Invariants: uses nothing of the crate but `domain` (money); formatting and the
//! environment's parsing are pure (the caller reads the variables); every per-language
//! choice is a `match` without wildcard or a [`Lang::pick`], so a new language does not
//! compile until it has its words.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Serialize, Serializer};

use crate::domain::money::Money;

/// Interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Fr,
    Nl,
    De,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::En, Lang::Fr, Lang::Nl, Lang::De];

    /// The config's locale code (`en`, `fr`, `nl`, `de`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::Nl => "nl",
            Lang::De => "de",
        }
    }

    /// The language of a locale code, any case; `None` for one not available.
    pub fn parse(code: &str) -> Option<Lang> {
        let code = code.trim();
        Lang::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(code))
    }

    /// One of four values, the one of this language: the compiler counts the arguments,
    /// so a text cannot be left out for one language.
    pub fn pick<T>(self, en: T, fr: T, nl: T, de: T) -> T {
        match self {
            Lang::En => en,
            Lang::Fr => fr,
            Lang::Nl => nl,
            Lang::De => de,
        }
    }

    /// The language of a POSIX locale (`de_DE.UTF-8`, `nl_BE`, `fr`, `de_CH@euro`):
    /// its language part; `None` for `C`, `POSIX` or a language not available.
    pub fn from_locale(locale: &str) -> Option<Lang> {
        let lang = locale
            .trim()
            .split(['_', '.', '@', '-'])
            .next()
            .unwrap_or("");
        Lang::parse(lang)
    }

    /// The language the environment asks for, given the values of `LC_ALL`,
    /// `LC_MESSAGES` and `LANG` in that order: the first one set and not empty decides, as
    /// POSIX has it (a `LC_ALL=C` means English even with `LANG=fr_FR`); English when it
    /// names no language available, or when none is set.
    pub fn from_env(lc_all: Option<&str>, lc_messages: Option<&str>, lang: Option<&str>) -> Lang {
        [lc_all, lc_messages, lang]
            .into_iter()
            .flatten()
            .find(|v| !v.trim().is_empty())
            .and_then(Lang::from_locale)
            .unwrap_or(Lang::En)
    }

    /// Writes with a decimal comma.
    fn comma(self) -> bool {
        self.pick(false, true, true, true)
    }
}

impl Lang {
    /// An amount the local way, without currency (`12.50`, `12,50`): columns, and what an
    /// amount field is prefilled with.
    pub fn money(self, m: Money) -> String {
        let s = m.to_string();
        if self.comma() {
            s.replace('.', ",")
        } else {
            s
        }
    }

    /// An amount with its currency the local way: `€17.30` in English, `17,30 €` in
    /// French and German, `€ 17,30` in Dutch; a currency without a sign of its own is
    /// written with its code (`CHF 17.30`, `17,30 CHF`).
    pub fn price(self, m: Money, currency: &str) -> String {
        let amount = self.money(m);
        let sign = match currency {
            "EUR" => "€",
            "GBP" => "£",
            "USD" => "$",
            other => other,
        };
        let code = sign.chars().count() > 1;
        match self {
            Lang::En if code => format!("{sign} {amount}"),
            // A refund's total: "-€8.90".
            Lang::En => match amount.strip_prefix('-') {
                Some(a) => format!("-{sign}{a}"),
                None => format!("{sign}{amount}"),
            },
            Lang::Fr | Lang::De => format!("{amount} {sign}"),
            Lang::Nl => format!("{sign} {amount}"),
        }
    }

    /// A quantity the local way, without trailing zeros (`2`, `0.5`, `0,5`).
    pub fn quantity(self, q: rust_decimal::Decimal) -> String {
        let s = q.normalize().to_string();
        if self.comma() {
            s.replace('.', ",")
        } else {
            s
        }
    }

    /// A percentage the local way (`5.5%`, `5,5%`).
    pub fn percent(self, p: crate::domain::money::Percent) -> String {
        let s = p.to_string();
        if self.comma() {
            s.replace('.', ",")
        } else {
            s
        }
    }

    /// A date and time the local way, shifted by `offset` seconds from UTC.
    pub fn datetime(self, t: DateTime<Utc>, offset: i32) -> String {
        let l = t + chrono::Duration::seconds(i64::from(offset));
        format!("{} {}", self.date(t, offset), l.format("%H:%M"))
    }

    /// A date the local way, shifted by `offset` seconds from UTC: `2026-12-07`,
    /// `07/12/2026`, `07-12-2026`, `07.12.2026`.
    pub fn date(self, t: DateTime<Utc>, offset: i32) -> String {
        let l = t + chrono::Duration::seconds(i64::from(offset));
        self.day(l.date_naive())
    }

    /// A calendar day the local way: `2026-12-07`, `07/12/2026`, `07-12-2026`,
    /// `07.12.2026`.
    pub fn day(self, day: NaiveDate) -> String {
        let (d, m, y) = (day.day(), day.month(), day.year());
        match self {
            Lang::En => format!("{y:04}-{m:02}-{d:02}"),
            Lang::Fr => format!("{d:02}/{m:02}/{y}"),
            Lang::Nl => format!("{d:02}-{m:02}-{y}"),
            Lang::De => format!("{d:02}.{m:02}.{y}"),
        }
    }

    /// The month of `day` the local way: `2026-12`, `12/2026`, `12-2026`, `12.2026`.
    pub fn month(self, day: NaiveDate) -> String {
        let (m, y) = (day.month(), day.year());
        match self {
            Lang::En => format!("{y:04}-{m:02}"),
            Lang::Fr => format!("{m:02}/{y}"),
            Lang::Nl => format!("{m:02}-{y}"),
            Lang::De => format!("{m:02}.{y}"),
        }
    }

    /// A day typed in a field: ISO `2026-12-07` in every language, and the day-first way
    /// of French, Dutch and German (`7/12/2026`, `07-12-2026`, `7.12.2026`: one or two
    /// digits, any of the three separators, a four-digit year). `None` for anything
    /// else, a day that does not exist (`31/02/2026`) included.
    pub fn parse_day(self, text: &str) -> Option<NaiveDate> {
        let t = text.trim();
        let parts: Vec<&str> = t.split(['-', '/', '.']).collect();
        let [a, b, c] = parts.as_slice() else {
            return None;
        };
        let num = |s: &str, len: std::ops::RangeInclusive<usize>| {
            (len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<u32>().ok())
                .flatten()
        };
        let iso = t.len() == 10 && t.as_bytes().get(4) == Some(&b'-') && !t.contains(['/', '.']);
        if iso {
            let y = i32::try_from(num(a, 4..=4)?).ok()?;
            return NaiveDate::from_ymd_opt(y, num(b, 2..=2)?, num(c, 2..=2)?);
        }
        let day_first = match self {
            Lang::En => false,
            Lang::Fr | Lang::Nl | Lang::De => true,
        };
        if !day_first {
            return None;
        }
        let y = i32::try_from(num(c, 4..=4)?).ok()?;
        NaiveDate::from_ymd_opt(y, num(b, 1..=2)?, num(a, 1..=2)?)
    }
}

impl Serialize for Lang {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// `text` with its first letter upper-cased (a phrase that starts a sentence), in any
/// script.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
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
        assert_eq!(Lang::parse("DE"), Some(Lang::De));
        assert_eq!(Lang::parse("nl"), Some(Lang::Nl));
        assert_eq!(Lang::parse("es"), None);
        assert_eq!(Lang::parse(""), None);
    }

    #[test]
    fn the_environment_locale_picks_the_language_lc_all_first() {
        let env = |a, m, l| Lang::from_env(a, m, l);
        assert_eq!(env(None, None, Some("de_DE.UTF-8")), Lang::De);
        assert_eq!(env(None, None, Some("nl_BE.UTF-8")), Lang::Nl);
        assert_eq!(env(None, None, Some("fr_BE")), Lang::Fr);
        assert_eq!(env(None, None, Some("de_CH@euro")), Lang::De);
        assert_eq!(env(None, None, Some("nl")), Lang::Nl);
        assert_eq!(
            env(Some("fr_FR.UTF-8"), Some("de_DE"), Some("nl_NL")),
            Lang::Fr
        );
        assert_eq!(env(None, Some("de_DE"), Some("nl_NL")), Lang::De);
        // An empty variable does not count; a set one decides, even for English.
        assert_eq!(env(Some(""), None, Some("nl_NL")), Lang::Nl);
        assert_eq!(env(Some("C"), None, Some("fr_FR.UTF-8")), Lang::En);
        assert_eq!(env(None, None, Some("es_ES.UTF-8")), Lang::En);
        assert_eq!(env(None, None, Some("POSIX")), Lang::En);
        assert_eq!(env(None, None, None), Lang::En);
    }

    #[test]
    fn money_quantities_and_dates_are_written_the_local_way() {
        let m = Money::from_cents(1730);
        let got: Vec<String> = Lang::ALL.iter().map(|l| l.price(m, "EUR")).collect();
        assert_eq!(got, ["€17.30", "17,30 €", "€ 17,30", "17,30 €"]);
        let got: Vec<String> = Lang::ALL.iter().map(|l| l.money(m)).collect();
        assert_eq!(got, ["17.30", "17,30", "17,30", "17,30"]);
        assert_eq!(Lang::De.price(m, "CHF"), "17,30 CHF");
        assert_eq!(Lang::En.price(m, "CHF"), "CHF 17.30");
        assert_eq!(Lang::En.price(Money::from_cents(-890), "GBP"), "-£8.90");
        assert_eq!(Lang::Fr.price(Money::from_cents(-890), "EUR"), "-8,90 €");
        let q = rust_decimal::Decimal::new(15, 1);
        let got: Vec<String> = Lang::ALL.iter().map(|l| l.quantity(q)).collect();
        assert_eq!(got, ["1.5", "1,5", "1,5", "1,5"]);
        let p = crate::domain::money::Percent::parse("5.5").unwrap();
        assert_eq!(Lang::En.percent(p), "5.5%");
        assert_eq!(Lang::De.percent(p), "5,5%");
        let t = DateTime::parse_from_rfc3339("2026-12-07T13:05:00Z")
            .map(|t| t.with_timezone(&Utc))
            .unwrap();
        let got: Vec<String> = Lang::ALL.iter().map(|l| l.datetime(t, 3600)).collect();
        assert_eq!(
            got,
            [
                "2026-12-07 14:05",
                "07/12/2026 14:05",
                "07-12-2026 14:05",
                "07.12.2026 14:05"
            ]
        );
        let d = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let got: Vec<String> = Lang::ALL.iter().map(|l| l.day(d)).collect();
        assert_eq!(
            got,
            ["2026-12-07", "07/12/2026", "07-12-2026", "07.12.2026"]
        );
        let got: Vec<String> = Lang::ALL.iter().map(|l| l.month(d)).collect();
        assert_eq!(got, ["2026-12", "12/2026", "12-2026", "12.2026"]);
    }

    #[test]
    fn a_typed_day_is_iso_everywhere_or_day_first_where_the_language_writes_it_so() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 7);
        for l in Lang::ALL {
            assert_eq!(l.parse_day(" 2026-12-07 "), d, "{l:?}");
            // What the screen writes reads back.
            assert_eq!(l.parse_day(&l.day(d.unwrap())), d, "{l:?}");
            for bad in [
                "",
                "2026-12",
                "2026-13-01",
                "2026-02-30",
                "26-12-07",
                "2026-1-7x",
                "abc",
            ] {
                assert_eq!(l.parse_day(bad), None, "{l:?} {bad}");
            }
        }
        for l in [Lang::Fr, Lang::Nl, Lang::De] {
            for typed in ["7/12/2026", "07-12-2026", "7.12.2026", "07/12/2026"] {
                assert_eq!(l.parse_day(typed), d, "{l:?} {typed}");
            }
            assert_eq!(l.parse_day("31/02/2026"), None);
            assert_eq!(l.parse_day("7/12/26"), None, "a four-digit year");
        }
        assert_eq!(
            Lang::En.parse_day("07/12/2026"),
            None,
            "English is ISO only"
        );
    }
}
