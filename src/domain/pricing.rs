//! Group price lists: the special prices a customer group gets on some products, and the
//! one rule that puts them on a ticket's lines.
//!
//! The order of a line's price is: the unit price (the group's special price when it has
//! one for the product, else the shelf price), then the line's own discount, then the
//! group's automatic discount, rounded once per line ([`SaleLine::price`]); VAT is then
//! extracted per rate from the lines' totals as before ([`super::sale::totals`]).
//!
//! Invariants: a special price only ever replaces a goods line's shelf price on a line
//! sold (not one given back, which keeps what was paid), and only while that line is at
//! its product's shelf price, so a price the manager typed stays the manager's; a line at
//! a special price says so ([`SpecialPrice`]: the group and the shelf price it replaced),
//! so the screen and the receipt can tell why; [`reprice`] run again with another list
//! (or none: the customer detached) puts the shelf price back first, so attaching,
//! changing and detaching customers in any order leaves each line as if priced once for
//! the customer now on the ticket.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::ids::ProductId;
use super::money::Money;
use super::sale::{LineKind, SaleLine};

/// Why a line is not at its shelf price: the customer's group has a price list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecialPrice {
    /// The group whose price list it is ("VIP"), as it was named when sold.
    pub group: String,
    /// The product's shelf price the special price replaced.
    pub list_price: Money,
}

/// One product's special price in a group's list, beside the shelf price it was read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupPrice {
    pub price: Money,
    /// The product's shelf price when the list was read: a line at another price was
    /// repriced by hand and is left alone.
    pub shelf: Money,
}

/// A group's special prices, by product.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PriceList {
    pub group: String,
    pub prices: BTreeMap<ProductId, GroupPrice>,
}

impl PriceList {
    /// The unit price of `product` (shelf price `shelf`) for a member of this group, and
    /// why when it is not the shelf price.
    pub fn unit_price(&self, product: ProductId, shelf: Money) -> (Money, Option<SpecialPrice>) {
        match self.prices.get(&product) {
            Some(g) if g.price != shelf => (
                g.price,
                Some(SpecialPrice {
                    group: self.group.clone(),
                    list_price: shelf,
                }),
            ),
            _ => (shelf, None),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.prices.is_empty()
    }
}

/// Prices `lines` for the customer whose group has `list` (none: no group, no customer):
/// each goods line sold of a product goes back to its shelf price, then takes the
/// group's special price when it has one and the line is at the shelf price the list
/// was read with. Lines given back (`origin`) and money paid in are left as they are.
pub fn reprice(lines: &mut [SaleLine], list: Option<&PriceList>) {
    for line in lines.iter_mut() {
        let Some(product) = line.product_id else {
            continue;
        };
        if line.kind != LineKind::Goods || line.origin.is_some() {
            continue;
        }
        let shelf = match line.special.take() {
            Some(s) => s.list_price,
            None => line.unit_price,
        };
        line.unit_price = shelf;
        let Some(list) = list else { continue };
        if list.prices.get(&product).is_some_and(|g| g.shelf == shelf) {
            let (price, special) = list.unit_price(product, shelf);
            line.unit_price = price;
            line.special = special;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::customer::TaxPreference;
    use crate::domain::money::Percent;
    use crate::domain::sale::totals;
    use rust_decimal::Decimal;

    fn m(s: &str) -> Money {
        Money::parse(s).unwrap()
    }

    fn pct(s: &str) -> Percent {
        Percent::parse(s).unwrap()
    }

    fn line(product: ProductId, price: &str, qty: &str, rate: &str) -> SaleLine {
        SaleLine {
            product_id: Some(product),
            code: "C".into(),
            name: "x".into(),
            quantity: qty.parse::<Decimal>().unwrap(),
            unit_price: m(price),
            discount: Percent::ZERO,
            tax_rate: pct(rate),
            kind: LineKind::Goods,
            origin: None,
            special: None,
        }
    }

    fn vip(entries: &[(ProductId, &str, &str)]) -> PriceList {
        PriceList {
            group: "VIP".into(),
            prices: entries
                .iter()
                .map(|&(p, price, shelf)| {
                    (
                        p,
                        GroupPrice {
                            price: m(price),
                            shelf: m(shelf),
                        },
                    )
                })
                .collect(),
        }
    }

    #[test]
    fn the_special_price_comes_first_then_the_group_discount_rounded_once_per_line() {
        let (coffee, tea) = (ProductId::generate(), ProductId::generate());
        let mut lines = vec![
            line(coffee, "12.00", "3", "20"),
            line(tea, "3.30", "1", "5.5"),
        ];
        reprice(&mut lines, Some(&vip(&[(coffee, "9.99", "12.00")])));
        assert_eq!(lines[0].unit_price, m("9.99"));
        assert_eq!(
            lines[0].special,
            Some(SpecialPrice {
                group: "VIP".into(),
                list_price: m("12.00")
            })
        );
        assert_eq!(lines[1].unit_price, m("3.30"), "not on the list");
        assert_eq!(lines[1].special, None);
        let t = totals(&lines, pct("10"), TaxPreference::Normal);
        // 3 x 9.99 = 29.97, -10 % = 26.973 -> 26.97; 3.30 -10 % = 2.97.
        assert_eq!(
            lines[0].price(pct("10"), Default::default()).total,
            m("26.97")
        );
        assert_eq!(t.total, m("29.94"));
        // The discount line is the group discount on the special price, as today.
        assert_eq!(t.before_discount, m("33.27"));
        assert_eq!(t.discount, m("3.33"));
    }

    #[test]
    fn vat_is_taken_per_rate_from_the_lines_at_their_special_price() {
        let (coffee, tea) = (ProductId::generate(), ProductId::generate());
        let mut lines = vec![
            line(coffee, "12.00", "1", "20"),
            line(tea, "4.22", "1", "5.5"),
        ];
        let list = vip(&[(coffee, "10.80", "12.00"), (tea, "4.00", "4.22")]);
        reprice(&mut lines, Some(&list));
        let t = totals(&lines, pct("5"), TaxPreference::Normal);
        // 10.80 -5 % = 10.26 (VAT 20 %: net 8.55, tax 1.71); 4.00 -5 % = 3.80 (5.5 %:
        // net 3.60, tax 0.20).
        assert_eq!(t.total, m("14.06"));
        let by_rate: Vec<(String, String, String)> = t
            .taxes
            .iter()
            .map(|x| (x.rate.to_string(), x.net.to_string(), x.tax.to_string()))
            .collect();
        assert_eq!(
            by_rate,
            [
                ("5.5%".into(), "3.60".into(), "0.20".into()),
                ("20%".into(), "8.55".into(), "1.71".into())
            ]
        );
    }

    #[test]
    fn detaching_or_changing_the_customer_puts_the_shelf_price_back_first() {
        let coffee = ProductId::generate();
        let mut lines = vec![line(coffee, "12.00", "1", "20")];
        reprice(&mut lines, Some(&vip(&[(coffee, "10.00", "12.00")])));
        reprice(&mut lines, Some(&vip(&[(coffee, "10.00", "12.00")])));
        assert_eq!(lines[0].unit_price, m("10.00"), "twice is once");
        let mut trade = vip(&[(coffee, "8.50", "12.00")]);
        trade.group = "Trade".into();
        reprice(&mut lines, Some(&trade));
        assert_eq!(lines[0].unit_price, m("8.50"));
        assert_eq!(lines[0].special.as_ref().unwrap().group, "Trade");
        reprice(&mut lines, None);
        assert_eq!(
            (lines[0].unit_price, &lines[0].special),
            (m("12.00"), &None)
        );
    }

    #[test]
    fn a_price_typed_by_hand_a_line_given_back_and_money_paid_in_are_left_alone() {
        let coffee = ProductId::generate();
        let list = vip(&[(coffee, "10.00", "12.00")]);
        let mut by_hand = line(coffee, "11.00", "1", "20");
        let mut back = line(coffee, "12.00", "-1", "20");
        back.origin = Some(1);
        let mut top_up = SaleLine::money_in(LineKind::TopUp, "Top-up", m("20.00"));
        top_up.product_id = Some(coffee);
        let mut lines = vec![by_hand.clone(), back.clone(), top_up.clone()];
        reprice(&mut lines, Some(&list));
        by_hand.special = None;
        assert_eq!(lines, vec![by_hand, back, top_up]);
    }

    #[test]
    fn a_special_price_equal_to_the_shelf_price_says_nothing() {
        let coffee = ProductId::generate();
        let list = vip(&[(coffee, "12.00", "12.00")]);
        assert_eq!(list.unit_price(coffee, m("12.00")), (m("12.00"), None));
        let (price, why) = list.unit_price(coffee, m("13.00"));
        assert_eq!(price, m("12.00"), "the list's price whatever the shelf now");
        assert!(why.is_some());
    }
}
