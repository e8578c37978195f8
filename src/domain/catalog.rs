//! Customer groups and catalogue products.
//!
//! A group carries an automatic discount applied to every line of a ticket while one of its
//! customers is attached. A product's price is tax-inclusive (shelf price), as shops in the
//! countries comptoir serves display them; its tax rate says how much of it is tax.
//!
//! Invariant: a stored product's price is never negative ([`Product::check`]).

use serde::{Deserialize, Serialize};

use super::ids::{GroupId, ProductId};
use super::money::{Money, Percent};

/// A customer group (VIP, trade, staff...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    pub id: GroupId,
    pub name: String,
    /// Discount applied automatically to the ticket of a member.
    pub discount: Percent,
}

/// Why a product cannot be stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProductError {
    #[error("a product's price cannot be negative ({0})")]
    NegativePrice(Money),
    #[error("a product's cost cannot be negative ({0})")]
    NegativeCost(Money),
}

/// A product of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    pub id: ProductId,
    /// The barcode (EAN-13, EAN-8, UPC-A) or shop code typed at the register; unique.
    pub code: String,
    pub name: String,
    /// Tax-inclusive unit price.
    pub price: Money,
    pub tax_rate: Percent,
    /// What one unit cost the shop, tax included like `price`, when known: selling it
    /// for less is the manager's act.
    pub cost: Option<Money>,
}

impl Product {
    /// A shelf price is never negative (a refund is a sale line, by the manager).
    pub fn check(&self) -> Result<(), ProductError> {
        if self.price < Money::ZERO {
            return Err(ProductError::NegativePrice(self.price));
        }
        if let Some(c) = self.cost.filter(|c| *c < Money::ZERO) {
            return Err(ProductError::NegativeCost(c));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_negative_price_is_refused() {
        let mut p = Product {
            id: ProductId::generate(),
            code: "123".into(),
            name: "x".into(),
            price: Money::from_cents(-5000),
            tax_rate: Percent::ZERO,
            cost: None,
        };
        assert_eq!(
            p.check(),
            Err(ProductError::NegativePrice(Money::from_cents(-5000)))
        );
        p.price = Money::ZERO;
        assert_eq!(p.check(), Ok(()));
    }
}
