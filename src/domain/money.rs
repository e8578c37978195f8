//! Money and percentages as exact decimals, with the one rounding rule of the crate.
//!
//! Amounts are `rust_decimal::Decimal`, never floats. Every amount that is stored, shown
//! or paid goes through [`round`] exactly once: two decimal places, half away from zero
//! (the commercial rule used on European tills). The store keeps amounts as integer
//! cents ([`Money::cents`]), so sums in SQL stay exact.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, Neg, Sub};
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// Decimal places of every currency comptoir handles (EUR, CHF, GBP, USD).
pub const SCALE: u32 = 2;

/// The one rounding rule: two decimals, half away from zero.
pub fn round(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(SCALE, RoundingStrategy::MidpointAwayFromZero)
}

/// A rounded amount of money in the shop's currency; written (JSON) as text with two
/// decimals ("12.00").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(Decimal);

impl Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// An amount that is not a number, or has more decimals than the currency.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("`{0}` is not an amount (expected e.g. 12.50)")]
    NotANumber(String),
    #[error("`{0}` has more than two decimals")]
    TooPrecise(String),
    #[error("amount {0} is out of range")]
    OutOfRange(String),
}

impl Money {
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// Rounds `value` with the crate's one rule.
    pub fn from_decimal(value: Decimal) -> Self {
        Money(round(value))
    }

    /// An amount given in cents.
    pub fn from_cents(cents: i64) -> Self {
        Money(Decimal::new(cents, SCALE))
    }

    /// The amount in cents (exact, since the amount is rounded to two decimals).
    pub fn cents(&self) -> i64 {
        let mut d = self.0;
        d.rescale(SCALE);
        i64::try_from(d.mantissa()).unwrap_or(if d.is_sign_negative() {
            i64::MIN
        } else {
            i64::MAX
        })
    }

    /// Parses an amount typed by a person or read from JSON, refusing sub-cent precision.
    pub fn parse(text: &str) -> Result<Self, MoneyError> {
        let t = text.trim().replace(',', ".");
        let d = Decimal::from_str(&t).map_err(|_| MoneyError::NotANumber(clip(text)))?;
        if d.normalize().scale() > SCALE {
            return Err(MoneyError::TooPrecise(clip(text)));
        }
        if d.abs() > Decimal::new(i64::MAX / 1000, SCALE) {
            return Err(MoneyError::OutOfRange(clip(text)));
        }
        Ok(Money(round(d)))
    }

    pub fn as_decimal(&self) -> Decimal {
        self.0
    }

    pub fn is_zero(&self) -> bool {
        self.0.is_zero()
    }

    pub fn is_negative(&self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }
}

fn clip(s: &str) -> String {
    s.chars().take(40).collect()
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = self.0;
        d.rescale(SCALE);
        write!(f, "{d}")
    }
}

/// Reads a decimal written as a JSON string ("12.50", exact) or number (12.5).
fn decimal_from<'de, D: serde::Deserializer<'de>>(de: D) -> Result<Decimal, D::Error> {
    struct V;
    impl serde::de::Visitor<'_> for V {
        type Value = Decimal;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a decimal number as a string (\"12.50\") or a number")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Decimal, E> {
            Decimal::from_str(v.trim())
                .map_err(|_| E::custom(format!("`{}` is not a number", clip(v))))
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Decimal, E> {
            Ok(Decimal::from(v))
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Decimal, E> {
            Ok(Decimal::from(v))
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Decimal, E> {
            // The shortest text that reads back as `v` is what the writer meant (12.5).
            Decimal::from_str(&v.to_string()).map_err(|_| E::custom(format!("{v} is out of range")))
        }
    }
    de.deserialize_any(V)
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: serde::Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        let d = decimal_from(de)?;
        Money::parse(&d.to_string()).map_err(serde::de::Error::custom)
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}

impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

/// A percentage (discounts, tax rates), exact, between 0 and 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
#[serde(transparent)]
pub struct Percent(Decimal);

/// A percentage outside 0..=100 or not a number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a percentage between 0 and 100")]
pub struct PercentError(pub String);

impl Percent {
    pub const ZERO: Percent = Percent(Decimal::ZERO);

    pub fn new(value: Decimal) -> Result<Self, PercentError> {
        if value < Decimal::ZERO || value > Decimal::ONE_HUNDRED {
            return Err(PercentError(value.to_string()));
        }
        Ok(Percent(value.normalize()))
    }

    pub fn parse(text: &str) -> Result<Self, PercentError> {
        let t = text.trim().trim_end_matches('%').trim().replace(',', ".");
        let d = Decimal::from_str(&t).map_err(|_| PercentError(clip(text)))?;
        Percent::new(d).map_err(|_| PercentError(clip(text)))
    }

    pub fn as_decimal(&self) -> Decimal {
        self.0
    }

    /// The fraction this percentage represents (20% -> 0.2).
    pub fn fraction(&self) -> Decimal {
        self.0 / Decimal::ONE_HUNDRED
    }

    pub fn is_zero(&self) -> bool {
        self.0.is_zero()
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", self.0.normalize())
    }
}

impl<'de> Deserialize<'de> for Percent {
    fn deserialize<D: serde::Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        let d = decimal_from(de)?;
        Percent::new(d).map_err(serde::de::Error::custom)
    }
}

impl FromStr for Percent {
    type Err = PercentError;
    fn from_str(s: &str) -> Result<Self, PercentError> {
        Percent::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros_free::dec;

    mod rust_decimal_macros_free {
        pub fn dec(s: &str) -> rust_decimal::Decimal {
            s.parse().unwrap()
        }
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(round(dec("2.345")), dec("2.35"));
        assert_eq!(round(dec("2.344")), dec("2.34"));
        assert_eq!(round(dec("-2.345")), dec("-2.35"));
        assert_eq!(round(dec("0.005")), dec("0.01"));
    }

    #[test]
    fn money_parses_and_prints_two_decimals() {
        assert_eq!(Money::parse("12.5").unwrap().to_string(), "12.50");
        assert_eq!(Money::parse("12,50").unwrap().cents(), 1250);
        assert_eq!(Money::from_cents(-5).to_string(), "-0.05");
        assert!(matches!(
            Money::parse("1.005"),
            Err(MoneyError::TooPrecise(_))
        ));
        assert!(matches!(
            Money::parse("abc"),
            Err(MoneyError::NotANumber(_))
        ));
        assert!(Money::parse("1e400").is_err());
    }

    #[test]
    fn money_json_is_a_string() {
        let m = Money::from_cents(1999);
        assert_eq!(serde_json::to_string(&m).unwrap(), "\"19.99\"");
        let back: Money = serde_json::from_str("\"19.99\"").unwrap();
        assert_eq!(back, m);
        let num: Money = serde_json::from_str("19.99").unwrap();
        assert_eq!(num, m);
        assert!(serde_json::from_str::<Money>("\"1.999\"").is_err());
    }

    #[test]
    fn percent_bounds() {
        assert_eq!(Percent::parse("5,5 %").unwrap().to_string(), "5.5%");
        assert!(Percent::parse("101").is_err());
        assert!(Percent::parse("-1").is_err());
        assert_eq!(Percent::parse("20").unwrap().fraction(), dec("0.2"));
    }
}
