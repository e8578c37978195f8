//! The managers' products and groups screens, as plain data: the rows last read from
//! the store, the selection, the search typed, the open form and the group being
//! deleted.
//!
//! Invariants: rows are what the runner read after the last write (the screens never
//! patch them by hand, so what is shown is what is stored); `selected` is kept within
//! the rows by `update`; a form's purpose says which product or group it changes (its
//! code or name when the form opened), so a save names the stored row even when the
//! form changes that code or name; the search sequence (`asked`/`shown`) drops a stale
//! answer, as the customer picker does.

use crate::domain::catalog::{Group, Product};
use crate::domain::money::Money;

use super::super::form::Form;
use super::super::text_input::TextInput;

/// Rows the products screen reads at most (a search narrows them; the title says when
/// there may be more).
pub const CATALOG_ROWS: usize = 500;

/// A product as the products screen lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductRow {
    pub product: Product,
    /// `false`: archived (out of scans and the F5 search, kept for past sales).
    pub active: bool,
}

/// The managers' products screen.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CatalogScreen {
    /// Typed search (the F5 item search's words, prefixes and typos); empty: every
    /// product by name.
    pub search: TextInput,
    pub rows: Vec<ProductRow>,
    pub selected: usize,
    /// Sequence number of the latest search asked for, and of the rows shown.
    pub asked: u64,
    pub shown: u64,
    /// The add or edit form, while open.
    pub form: Option<Form>,
    /// The code of the product just saved: selected when the rows come back.
    pub select: Option<String>,
}

/// A customer group as the groups screen lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRow {
    pub group: Group,
    /// Live customers in the group.
    pub customers: i64,
}

/// The managers' customer groups screen.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GroupsScreen {
    pub rows: Vec<GroupRow>,
    pub selected: usize,
    /// The rows are being read.
    pub loading: bool,
    /// The add or edit form, while open.
    pub form: Option<Form>,
    /// The name of the group just saved: selected when the rows come back.
    pub select: Option<String>,
    /// The selected group's price list, while open (over the groups' rows).
    pub prices: Option<GroupPrices>,
}

/// One special price of a group's list: the product, its shelf price, the group's price.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupPriceRow {
    pub code: String,
    pub name: String,
    pub shelf: Money,
    pub price: Money,
}

/// A group's price list on the groups screen: its rows as last read, and the line being
/// typed (a product's code and its special price).
#[derive(Debug, Clone, PartialEq)]
pub struct GroupPrices {
    pub group: String,
    pub rows: Vec<GroupPriceRow>,
    pub selected: usize,
    pub loading: bool,
    pub edit: Option<PriceEdit>,
}

/// A special price being typed: the product's code (fixed when an existing row is
/// changed) and the price; `on_price` says which of the two has the cursor.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PriceEdit {
    pub code: TextInput,
    pub price: TextInput,
    pub on_price: bool,
    /// The code is the row's (changing a price), not typed.
    pub fixed_code: bool,
}

/// Where a deleted group's customers go, as the delete question offers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoveTo {
    /// Into no group.
    NoGroup,
    /// Into this other group.
    Group(String),
}

/// The question asked before a group is deleted: with customers, where they go.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupDelete {
    pub name: String,
    pub customers: i64,
    /// The choices (no group first, then the other groups by name); empty when the
    /// group has no customer (a plain yes/no).
    pub choices: Vec<MoveTo>,
    pub selected: usize,
}
