//! The loyalty program: points earned on what a customer paid with money, spent as a
//! payment at a fixed value per point.
//!
//! Invariants: points are whole numbers; earning rounds down (a customer never gets a
//! point for a fraction); points are earned on money only (cash, card, on account), never
//! on what was paid with points, the wallet or store credit, nor on top-ups and account
//! settlements; a redemption is a whole number of points at least the program's minimum.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::Serialize;

use super::money::Money;

/// The shop's loyalty settings (`[loyalty]` in the config).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Program {
    /// Off: no points are earned or spent.
    pub enabled: bool,
    /// Points earned per currency unit paid with money (e.g. 1 point per euro).
    pub points_per_unit: Decimal,
    /// What one point is worth when spent (e.g. 0.01: 100 points pay 1.00).
    pub point_value: Money,
    /// The fewest points spent at once.
    pub min_redeem: i64,
    /// Months after which unspent points expire (0: never).
    pub expiry_months: u32,
}

impl Default for Program {
    fn default() -> Self {
        Program {
            enabled: true,
            points_per_unit: Decimal::ONE,
            point_value: Money::from_cents(1),
            min_redeem: 100,
            expiry_months: 0,
        }
    }
}

/// Why points cannot pay an amount.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RedeemError {
    #[error("the loyalty program is off")]
    Disabled,
    #[error("{amount} is not a whole number of points worth {value} each")]
    NotWhole { amount: Money, value: Money },
    #[error("at least {min} points are spent at once ({points} asked)")]
    BelowMinimum { points: i64, min: i64 },
}

impl Program {
    /// The points earned on `money_paid` (cash, card, on account), rounded down.
    pub fn earned(&self, money_paid: Money) -> i64 {
        if !self.enabled || money_paid <= Money::ZERO {
            return 0;
        }
        (money_paid.as_decimal() * self.points_per_unit)
            .floor()
            .to_i64()
            .unwrap_or(0)
    }

    /// The points that pay `amount`: refused when the program is off, when the amount is
    /// not a whole number of points, or below the minimum.
    pub fn points_for(&self, amount: Money) -> Result<i64, RedeemError> {
        if !self.enabled || self.point_value <= Money::ZERO {
            return Err(RedeemError::Disabled);
        }
        let ratio = amount.as_decimal() / self.point_value.as_decimal();
        if ratio.fract() != Decimal::ZERO {
            return Err(RedeemError::NotWhole {
                amount,
                value: self.point_value,
            });
        }
        let points = ratio.to_i64().unwrap_or(i64::MAX);
        if points < self.min_redeem {
            return Err(RedeemError::BelowMinimum {
                points,
                min: self.min_redeem,
            });
        }
        Ok(points)
    }

    /// What `points` are worth when spent.
    pub fn value_of(&self, points: i64) -> Money {
        Money::from_decimal(self.point_value.as_decimal() * Decimal::from(points))
    }

    /// The largest amount `points` can pay (a whole number of points), zero below the
    /// minimum or when the program is off.
    pub fn spendable(&self, points: i64) -> Money {
        if !self.enabled || points < self.min_redeem {
            return Money::ZERO;
        }
        self.value_of(points)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Money {
        Money::parse(s).unwrap()
    }

    #[test]
    fn earns_whole_points_on_money_paid() {
        let p = Program::default();
        assert_eq!(p.earned(m("27.90")), 27);
        assert_eq!(p.earned(m("0.99")), 0);
        assert_eq!(p.earned(m("-5")), 0);
        let off = Program {
            enabled: false,
            ..Program::default()
        };
        assert_eq!(off.earned(m("100")), 0);
    }

    #[test]
    fn redemption_is_whole_points_above_the_minimum() {
        let p = Program::default();
        assert_eq!(p.points_for(m("2.50")), Ok(250));
        assert_eq!(
            p.points_for(m("0.50")),
            Err(RedeemError::BelowMinimum {
                points: 50,
                min: 100
            })
        );
        let coarse = Program {
            point_value: m("0.05"),
            min_redeem: 1,
            ..Program::default()
        };
        assert!(matches!(
            coarse.points_for(m("0.12")),
            Err(RedeemError::NotWhole { .. })
        ));
        assert_eq!(coarse.points_for(m("0.10")), Ok(2));
        assert_eq!(p.spendable(99), Money::ZERO);
        assert_eq!(p.spendable(120), m("1.20"));
    }
}
