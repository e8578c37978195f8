//! Customer groups and catalogue products.
//!
//! A group carries an automatic discount applied to every line of a ticket while one of its
//! customers is attached. A product's price is tax-inclusive (shelf price), as shops in the
//! countries comptoir serves display them; its tax rate says how much of it is tax.

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
}
