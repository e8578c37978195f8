//! Customer groups and catalogue products.
//!
//! A group carries an automatic discount applied to every line of a ticket while one of its
//! customers is attached. A product's price is tax-inclusive (shelf price), as shops in the
//! countries comptoir serves display them; its tax rate says how much of it is tax.
//!
//! Invariants ([`Product::check`], before every write): a stored product's price and cost
//! are never negative; its code is 1 to 32 printable characters, and a code of GTIN shape
//! (8, 12, 13 or 14 digits) has its GS1 check digit right, so a mistyped barcode is not
//! stored; its name (1 to 120 characters) and category (at most 60) hold no control
//! character.

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

/// Longest group name.
pub const MAX_GROUP_NAME: usize = 40;

/// A group's name as stored: trimmed, 1 to [`MAX_GROUP_NAME`] characters, no control
/// character; `None` when it breaks that rule. The one rule for a manager's group and
/// for one that comes from the hub.
pub fn group_name(name: &str) -> Option<String> {
    let name = name.trim();
    let ok = !name.is_empty()
        && name.chars().count() <= MAX_GROUP_NAME
        && !name.chars().any(char::is_control);
    ok.then(|| name.to_string())
}

/// Why a product cannot be stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProductError {
    #[error("a product's price cannot be negative ({0})")]
    NegativePrice(Money),
    #[error("a product's cost cannot be negative ({0})")]
    NegativeCost(Money),
    #[error("the code {0:?} has the shape of a barcode (GTIN) but its check digit is wrong")]
    CheckDigit(String),
    #[error("a product's {field} is {max} characters at most")]
    TooLong { field: &'static str, max: usize },
    #[error("a product's {0} cannot hold control characters or be blank")]
    Unprintable(&'static str),
}

/// Longest code, name and category.
pub const MAX_CODE: usize = 32;
pub const MAX_NAME: usize = 120;
pub const MAX_CATEGORY: usize = 60;

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
    /// The shop's category ("Boissons"), when it files the product under one.
    #[serde(default)]
    pub category: Option<String>,
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
        text("code", &self.code, MAX_CODE)?;
        text("name", &self.name, MAX_NAME)?;
        if let Some(c) = &self.category {
            text("category", c, MAX_CATEGORY)?;
        }
        check_digit(&self.code)
    }
}

/// A code of GTIN shape (8, 12, 13 or 14 digits) has its GS1 check digit right; other
/// codes are the shop's own. (A form says so on the code field before saving.)
pub fn check_digit(code: &str) -> Result<(), ProductError> {
    let gtin = matches!(code.len(), 8 | 12 | 13 | 14) && code.bytes().all(|b| b.is_ascii_digit());
    if gtin && crate::domain::validate::ean(code).is_err() {
        return Err(ProductError::CheckDigit(code.to_string()));
    }
    Ok(())
}

/// `value` is not blank, has no control character and at most `max` characters.
fn text(field: &'static str, value: &str, max: usize) -> Result<(), ProductError> {
    if value.trim().is_empty() || value.chars().any(char::is_control) {
        return Err(ProductError::Unprintable(field));
    }
    if value.chars().count() > max {
        return Err(ProductError::TooLong { field, max });
    }
    Ok(())
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
            category: None,
        };
        assert_eq!(
            p.check(),
            Err(ProductError::NegativePrice(Money::from_cents(-5000)))
        );
        p.price = Money::ZERO;
        assert_eq!(p.check(), Ok(()));
    }

    fn product(code: &str) -> Product {
        Product {
            id: ProductId::generate(),
            code: code.into(),
            name: "Café moulu 250 g".into(),
            price: Money::from_cents(450),
            tax_rate: Percent::ZERO,
            cost: None,
            category: Some("Épicerie".into()),
        }
    }

    #[test]
    fn a_barcode_shaped_code_needs_its_check_digit() {
        // EAN-13 3017620422003 is right; the last digit changed is a typo.
        assert_eq!(product("3017620422003").check(), Ok(()));
        assert_eq!(
            product("3017620422004").check(),
            Err(ProductError::CheckDigit("3017620422004".into()))
        );
        // EAN-8 and UPC-A too; shop codes of other shapes are the shop's own.
        assert_eq!(product("96385074").check(), Ok(()));
        assert!(product("96385075").check().is_err());
        assert_eq!(product("036000291452").check(), Ok(()));
        assert_eq!(product("1234").check(), Ok(()));
        assert_eq!(product("CAFE-01").check(), Ok(()));
        assert_eq!(product("123456789").check(), Ok(()));
    }

    #[test]
    fn code_name_and_category_are_printable_and_bounded() {
        assert_eq!(product("").check(), Err(ProductError::Unprintable("code")));
        assert_eq!(
            product("A\u{1b}[2J").check(),
            Err(ProductError::Unprintable("code"))
        );
        assert_eq!(
            product(&"X".repeat(33)).check(),
            Err(ProductError::TooLong {
                field: "code",
                max: MAX_CODE
            })
        );
        let mut p = product("1234");
        p.name = "Tea\n".into();
        assert_eq!(p.check(), Err(ProductError::Unprintable("name")));
        p.name = "Thé".into();
        p.category = Some("é".repeat(61));
        assert_eq!(
            p.check(),
            Err(ProductError::TooLong {
                field: "category",
                max: MAX_CATEGORY
            })
        );
        p.category = Some("é".repeat(60));
        assert_eq!(p.check(), Ok(()));
    }
}
