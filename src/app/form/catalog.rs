//! The products and groups screens' forms: a product (code, name, price, VAT rate,
//! category, optional cost) and a group (name, automatic discount), prefilled the local
//! way and read back into values or field errors.
//!
//! Invariants: what the service would refuse is said here first, on its field (a code of
//! barcode shape with a wrong check digit, a blank or overlong text, a negative amount, a
//! VAT rate that is not one of the shop's, a group name the service's rule refuses), so
//! every broken rule shows at once and nothing typed is lost; the service checks again.
//! Errors carry a rule id of the `catalog.` family and the value at fault; the screen
//! words them in its language (`ui::strings`). Amounts and rates are read with a comma or
//! a point, whatever the language.

use super::super::state::ProductDraft;
use super::{FieldKey as F, Form, FormPurpose};
use crate::domain::catalog::{
    check_digit, Group, Product, ProductError, MAX_CATEGORY, MAX_CODE, MAX_NAME,
};
use crate::domain::customer::{CustomerData, FieldError};
use crate::domain::money::{Money, Percent};
use crate::lang::Lang;
use crate::service::groups::MAX_NAME as MAX_GROUP_NAME;

/// The product form's fields, in order.
pub const PRODUCT_FIELDS: [F; 6] = [
    F::ProductCode,
    F::ProductName,
    F::ProductPrice,
    F::ProductTax,
    F::ProductCategory,
    F::ProductCost,
];

/// The group form's fields, in order.
pub const GROUP_FIELDS: [F; 2] = [F::GroupName, F::GroupDiscount];

/// Rule ids of the forms' errors (the screen words them).
pub mod rule {
    pub const REQUIRED: &str = "catalog.required";
    /// Not an amount (the detail is what was typed).
    pub const AMOUNT: &str = "catalog.amount";
    pub const NEGATIVE: &str = "catalog.negative";
    /// Not one of the shop's VAT rates (the detail lists them).
    pub const RATE: &str = "catalog.rate";
    /// Not a percentage from 0 to 100 (the detail is what was typed).
    pub const PERCENT: &str = "catalog.percent";
    pub const CHECK_DIGIT: &str = "catalog.check_digit";
    /// Too long (the detail is the most characters allowed).
    pub const TOO_LONG: &str = "catalog.too_long";
    pub const UNPRINTABLE: &str = "catalog.unprintable";
}

impl Form {
    /// The products screen's form: empty for a new product (the shop's first rate
    /// prefilled), else `p`'s values the local way.
    pub fn catalog_product(p: Option<&Product>, lang: Lang, rates: &[Percent]) -> Form {
        let mut f = Form::new(
            FormPurpose::Catalog(p.map(|p| p.code.clone())),
            &PRODUCT_FIELDS,
            CustomerData::default(),
        );
        let rate = p.map(|p| p.tax_rate).or_else(|| rates.first().copied());
        f.set(
            F::ProductTax,
            &rate
                .map(|r| lang.quantity(r.as_decimal()))
                .unwrap_or_default(),
        );
        if let Some(p) = p {
            f.set(F::ProductCode, &p.code);
            f.set(F::ProductName, &p.name);
            f.set(F::ProductPrice, &lang.money(p.price));
            f.set(
                F::ProductCategory,
                p.category.as_deref().unwrap_or_default(),
            );
            f.set(
                F::ProductCost,
                &p.cost.map(|c| lang.money(c)).unwrap_or_default(),
            );
        }
        f
    }

    /// The groups screen's form: empty for a new group, else `g`'s values.
    pub fn group(g: Option<&Group>, lang: Lang) -> Form {
        let mut f = Form::new(
            FormPurpose::Group(g.map(|g| g.name.clone())),
            &GROUP_FIELDS,
            CustomerData::default(),
        );
        f.set(
            F::GroupDiscount,
            &lang.quantity(g.map_or(Percent::ZERO, |g| g.discount).as_decimal()),
        );
        if let Some(g) = g {
            f.set(F::GroupName, &g.name);
        }
        f
    }

    /// The VAT field shows the next of the shop's rates (after the one typed, the first
    /// when the one typed is none of them).
    pub fn next_rate(&mut self, rates: &[Percent], lang: Lang) {
        if rates.is_empty() || self.focused() != Some(F::ProductTax) {
            return;
        }
        let now = Percent::parse(self.value(F::ProductTax).unwrap_or_default()).ok();
        let at = now.and_then(|r| rates.iter().position(|x| *x == r));
        let next = at.map_or(0, |i| (i + 1) % rates.len());
        if let Some(r) = rates.get(next) {
            self.set(F::ProductTax, &lang.quantity(r.as_decimal()));
        }
    }

    /// Reads the product form: its values, or every error (kept on the form).
    pub fn catalog_values(&mut self, rates: &[Percent]) -> Option<ProductDraft> {
        let mut errors: Vec<FieldError> = Vec::new();
        let mut fail = |field: &str, rule: &'static str, detail: String| {
            errors.push(FieldError {
                field: field.to_string(),
                rule,
                detail,
            })
        };
        let text = |k: F| self.value(k).unwrap_or_default().trim().to_string();
        let (code, name, category) = (
            text(F::ProductCode),
            text(F::ProductName),
            text(F::ProductCategory),
        );
        for (field, value, max) in [
            ("product.code", &code, MAX_CODE),
            ("product.name", &name, MAX_NAME),
        ] {
            if value.is_empty() {
                fail(field, rule::REQUIRED, String::new());
            }
            text_rules(&mut fail, field, value, max);
        }
        text_rules(&mut fail, "product.category", &category, MAX_CATEGORY);
        let price = amount(&mut fail, "product.price", &text(F::ProductPrice), true);
        let cost = amount(&mut fail, "product.cost", &text(F::ProductCost), false);
        let tax = text(F::ProductTax);
        let tax_rate = match Percent::parse(&tax) {
            Ok(r) if rates.is_empty() || rates.contains(&r) => Some(r),
            Ok(_) => {
                let list: Vec<String> = rates
                    .iter()
                    .map(|r| r.as_decimal().normalize().to_string())
                    .collect();
                fail("product.tax_rate", rule::RATE, list.join(" / "));
                None
            }
            Err(_) if tax.is_empty() => {
                fail("product.tax_rate", rule::REQUIRED, String::new());
                None
            }
            Err(_) => {
                fail("product.tax_rate", rule::PERCENT, tax);
                None
            }
        };
        // The domain's own rule: a barcode-shaped code has its check digit right.
        if let Err(ProductError::CheckDigit(c)) = check_digit(&code) {
            fail("product.code", rule::CHECK_DIGIT, c);
        }
        let draft = match (price, cost, tax_rate) {
            (Some(Some(price)), Some(cost), Some(tax_rate)) => Some(ProductDraft {
                code,
                name,
                price,
                tax_rate,
                category: (!category.is_empty()).then_some(category),
                cost,
            }),
            _ => None,
        };
        self.errors = errors;
        draft.filter(|_| self.errors.is_empty())
    }

    /// Reads the group form: its name and discount, or every error (kept on the form).
    pub fn group_values(&mut self) -> Option<(String, Percent)> {
        let mut errors: Vec<FieldError> = Vec::new();
        let mut fail = |field: &str, rule: &'static str, detail: String| {
            errors.push(FieldError {
                field: field.to_string(),
                rule,
                detail,
            })
        };
        let name = self
            .value(F::GroupName)
            .unwrap_or_default()
            .trim()
            .to_string();
        if name.is_empty() {
            fail("group.name", rule::REQUIRED, String::new());
        }
        text_rules(&mut fail, "group.name", &name, MAX_GROUP_NAME);
        let typed = self
            .value(F::GroupDiscount)
            .unwrap_or_default()
            .trim()
            .to_string();
        let discount = if typed.is_empty() {
            Some(Percent::ZERO)
        } else {
            match Percent::parse(&typed) {
                Ok(p) => Some(p),
                Err(_) => {
                    fail("group.discount", rule::PERCENT, typed);
                    None
                }
            }
        };
        self.errors = errors;
        discount
            .filter(|_| self.errors.is_empty())
            .map(|d| (name, d))
    }
}

/// A text's printable and length rules (a blank one is the caller's).
fn text_rules(fail: &mut impl FnMut(&str, &'static str, String), field: &str, v: &str, max: usize) {
    if v.chars().any(char::is_control) {
        fail(field, rule::UNPRINTABLE, String::new());
    }
    if v.chars().count() > max {
        fail(field, rule::TOO_LONG, max.to_string());
    }
}

/// An amount field: `Some(None)` when empty and optional, `None` when refused.
fn amount(
    fail: &mut impl FnMut(&str, &'static str, String),
    field: &str,
    typed: &str,
    required: bool,
) -> Option<Option<Money>> {
    if typed.is_empty() {
        if required {
            fail(field, rule::REQUIRED, String::new());
            return None;
        }
        return Some(None);
    }
    match Money::parse(typed) {
        Ok(m) if m.is_negative() => {
            fail(field, rule::NEGATIVE, String::new());
            None
        }
        Ok(m) => Some(Some(m)),
        Err(_) => {
            fail(field, rule::AMOUNT, typed.to_string());
            None
        }
    }
}
