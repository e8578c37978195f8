//! Sales: ticket lines, discounts, taxes, totals and payments.
//!
//! Prices are tax-inclusive. A line's total is computed from quantity, unit price (a
//! group's special price when the customer's group has one: [`super::pricing`]), the
//! line's own discount and the attached customer's group discount, then rounded once with
//! [`super::money::round`]; the ticket total is the sum of rounded line totals, so the receipt
//! always adds up. Taxes are extracted per rate from the tax-inclusive totals (one rounding
//! per rate). A customer's tax preference changes the rate of every line: `Exempt` charges
//! the net price with no tax, `Rate(r)` charges the net price plus `r`.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::customer::TaxPreference;
use super::ids::{CustomerId, PaymentId, ProductId, SaleId};
use super::money::{Money, Percent};
use super::pricing::SpecialPrice;

/// What a line sells: goods (taxed, earning points), or money paid into a balance (no
/// tax, no points): a wallet top-up, an account settlement, or a gift card (its code is
/// the line's code).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    #[default]
    Goods,
    TopUp,
    Settlement,
    GiftCard,
}

impl LineKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LineKind::Goods => "goods",
            LineKind::TopUp => "top_up",
            LineKind::Settlement => "settlement",
            LineKind::GiftCard => "gift_card",
        }
    }

    pub fn parse(s: &str) -> Option<LineKind> {
        [
            LineKind::Goods,
            LineKind::TopUp,
            LineKind::Settlement,
            LineKind::GiftCard,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// One line of a ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleLine {
    pub product_id: Option<ProductId>,
    pub code: String,
    pub name: String,
    pub quantity: Decimal,
    /// Tax-inclusive unit price as on the shelf.
    pub unit_price: Money,
    /// The line's own discount.
    pub discount: Percent,
    /// The product's tax rate.
    pub tax_rate: Percent,
    /// Goods, or money paid into the customer's wallet or account.
    #[serde(default)]
    pub kind: LineKind,
    /// On a refund: the number (from 1) of the original sale's line it gives back.
    #[serde(default)]
    pub origin: Option<u32>,
    /// The line is at its customer group's special price (`unit_price`), instead of this
    /// shelf price ([`super::pricing::reprice`] sets it).
    #[serde(default)]
    pub special: Option<SpecialPrice>,
}

impl SaleLine {
    /// A line that pays `amount` into a balance (no tax, no discount).
    pub fn money_in(kind: LineKind, name: &str, amount: Money) -> SaleLine {
        SaleLine {
            product_id: None,
            code: kind.as_str().to_string(),
            name: name.to_string(),
            quantity: Decimal::ONE,
            unit_price: amount,
            discount: Percent::ZERO,
            tax_rate: Percent::ZERO,
            kind,
            origin: None,
            special: None,
        }
    }
}

/// How a payment was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    Cash,
    Card,
    Wallet,
    StoreCredit,
    OnAccount,
    /// Loyalty points at the program's value per point.
    Points,
    /// A gift card, by its code (the payment's `reference`).
    GiftCard,
}

impl PaymentMethod {
    pub const ALL: [PaymentMethod; 7] = [
        PaymentMethod::Cash,
        PaymentMethod::Card,
        PaymentMethod::Wallet,
        PaymentMethod::StoreCredit,
        PaymentMethod::Points,
        PaymentMethod::GiftCard,
        PaymentMethod::OnAccount,
    ];

    /// The methods the register's payment popup offers, in its order.
    pub const REGISTER: [PaymentMethod; 7] = [
        PaymentMethod::Cash,
        PaymentMethod::Card,
        PaymentMethod::Wallet,
        PaymentMethod::StoreCredit,
        PaymentMethod::Points,
        PaymentMethod::OnAccount,
        PaymentMethod::GiftCard,
    ];

    /// Money paid now or later (cash, card, on account): what earns points and what may
    /// pay a top-up or a settlement (cash and card only).
    pub fn is_money(self) -> bool {
        matches!(
            self,
            PaymentMethod::Cash | PaymentMethod::Card | PaymentMethod::OnAccount
        )
    }

    /// The customer balance this method draws on, if any.
    pub fn ledger(self) -> Option<super::ledger::Kind> {
        use super::ledger::Kind;
        match self {
            PaymentMethod::Cash | PaymentMethod::Card | PaymentMethod::GiftCard => None,
            PaymentMethod::Wallet => Some(Kind::Wallet),
            PaymentMethod::StoreCredit => Some(Kind::Credit),
            PaymentMethod::OnAccount => Some(Kind::Account),
            PaymentMethod::Points => Some(Kind::Points),
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            PaymentMethod::Cash => "cash",
            PaymentMethod::Card => "card",
            PaymentMethod::Wallet => "wallet",
            PaymentMethod::StoreCredit => "store_credit",
            PaymentMethod::OnAccount => "on_account",
            PaymentMethod::Points => "points",
            PaymentMethod::GiftCard => "gift_card",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "cash" => PaymentMethod::Cash,
            "card" => PaymentMethod::Card,
            "wallet" => PaymentMethod::Wallet,
            "store_credit" => PaymentMethod::StoreCredit,
            "on_account" | "account" => PaymentMethod::OnAccount,
            "credit" => PaymentMethod::StoreCredit,
            "points" => PaymentMethod::Points,
            "gift_card" | "gift" => PaymentMethod::GiftCard,
            _ => return None,
        })
    }
}

/// One payment towards a sale. For cash, `tendered` is what the customer handed over and
/// `change` what was given back; `amount` is what counts towards the total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    pub id: PaymentId,
    pub method: PaymentMethod,
    pub amount: Money,
    pub tendered: Option<Money>,
    pub change: Option<Money>,
    /// Loyalty points spent (a `points` payment; 0 otherwise).
    #[serde(default)]
    pub points: i64,
    /// The gift card's code (a `gift_card` payment; `None` otherwise).
    #[serde(default)]
    pub reference: Option<String>,
}

impl Payment {
    /// A cash payment of `due` with `tendered` handed over; refused if not enough was given.
    pub fn cash(due: Money, tendered: Money) -> Result<Payment, SaleError> {
        if tendered < due {
            return Err(SaleError::CashShort {
                tendered,
                total: due,
            });
        }
        Ok(Payment {
            id: PaymentId::generate(),
            method: PaymentMethod::Cash,
            amount: due,
            tendered: Some(tendered),
            change: Some(tendered - due),
            points: 0,
            reference: None,
        })
    }
}

/// The tax of one rate on a ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaxLine {
    pub rate: Percent,
    /// Amount excluding tax.
    pub net: Money,
    pub tax: Money,
    /// Amount including tax.
    pub gross: Money,
}

/// The figures of a ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Sum of lines before any discount.
    pub before_discount: Money,
    /// Line discounts and the group discount together.
    pub discount: Money,
    /// What the customer pays.
    pub total: Money,
    pub taxes: Vec<TaxLine>,
}

/// A line priced under a tax preference: its rate and tax-inclusive total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PricedLine {
    pub rate: Percent,
    pub total: Money,
    pub before_discount: Money,
}

impl SaleLine {
    /// The line's total after its discount and `group_discount`, under `tax`.
    pub fn price(&self, group_discount: Percent, tax: TaxPreference) -> PricedLine {
        let one = Decimal::ONE;
        if self.kind != LineKind::Goods {
            // Money paid into a balance: no discount, no tax.
            let total = Money::from_decimal(self.quantity * self.unit_price.as_decimal());
            return PricedLine {
                rate: Percent::ZERO,
                total,
                before_discount: total,
            };
        }
        let factor = (one - self.discount.fraction()) * (one - group_discount.fraction());
        let gross = self.quantity * self.unit_price.as_decimal();
        let (rate, adjust) = match tax {
            TaxPreference::Normal => (self.tax_rate, one),
            TaxPreference::Exempt => (Percent::ZERO, one / (one + self.tax_rate.fraction())),
            TaxPreference::Rate(r) => (r, (one + r.fraction()) / (one + self.tax_rate.fraction())),
        };
        PricedLine {
            rate,
            total: Money::from_decimal(gross * factor * adjust),
            before_discount: Money::from_decimal(gross * adjust),
        }
    }
}

/// Totals of `lines` with the customer's group discount and tax preference.
pub fn totals(lines: &[SaleLine], group_discount: Percent, tax: TaxPreference) -> Totals {
    let mut per_rate: BTreeMap<Percent, Money> = BTreeMap::new();
    let mut total = Money::ZERO;
    let mut before = Money::ZERO;
    for line in lines {
        let p = line.price(group_discount, tax);
        total = total + p.total;
        before = before + p.before_discount;
        if line.kind != LineKind::Goods {
            continue;
        }
        let slot = per_rate.entry(p.rate).or_insert(Money::ZERO);
        *slot = *slot + p.total;
    }
    let taxes = per_rate
        .into_iter()
        .map(|(rate, gross)| {
            let net = Money::from_decimal(gross.as_decimal() / (Decimal::ONE + rate.fraction()));
            TaxLine {
                rate,
                net,
                tax: gross - net,
                gross,
            }
        })
        .collect();
    Totals {
        before_discount: before,
        discount: before - total,
        total,
        taxes,
    }
}

/// Whether a ticket gives money back: a line, or the total, below zero (a refund, the
/// manager's act). The register asks for the PIN and the service refuses by this one rule.
pub fn is_refund(lines: &[SaleLine], group_discount: Percent, tax: TaxPreference) -> bool {
    totals(lines, group_discount, tax).total < Money::ZERO
        || lines
            .iter()
            .any(|l| l.price(group_discount, tax).total < Money::ZERO)
}

/// A completed sale as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sale {
    pub id: SaleId,
    /// Human ticket number, unique per register (e.g. "R1-000042").
    pub number: String,
    pub created_at: DateTime<Utc>,
    pub customer_id: Option<CustomerId>,
    pub group_discount: Percent,
    pub tax: TaxPreference,
    pub lines: Vec<SaleLine>,
    pub payments: Vec<Payment>,
    pub totals: Totals,
    /// The sale this one gives lines back from (a refund or an exchange).
    pub refund_of: Option<SaleId>,
    /// Loyalty points earned (negative: taken back by a refund).
    pub points: i64,
}

/// Why a sale cannot be completed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SaleError {
    #[error("the ticket has no lines")]
    Empty,
    #[error("payments add up to {paid} but the total is {total}")]
    Unbalanced { paid: Money, total: Money },
    /// Less cash handed over than the total: the sale waits for more.
    #[error("{tendered} does not cover the total {total}")]
    CashShort { tendered: Money, total: Money },
    /// Only cash is handed over and given change.
    #[error("a {method} payment cannot have cash handed over or change")]
    ChangeNotCash { method: &'static str },
    /// A cash payment's change must be what was handed over less what it pays, never
    /// below zero.
    #[error("cash: {tendered} handed over for {amount} cannot give {change} back")]
    BadChange {
        amount: Money,
        tendered: Money,
        change: Money,
    },
    #[error("a cash payment needs the amount handed over and the change")]
    CashWithoutTender,
    /// A gift card payment names its card; no other payment does.
    #[error("a gift card payment names its card's code, and only it")]
    GiftCardReference,
    /// Every payment goes the way of the total: paid in for a sale, paid out for a refund.
    #[error("a {method} payment of {amount} goes against the total {total}")]
    PaymentSign {
        method: &'static str,
        amount: Money,
        total: Money,
    },
    /// Money paid into a balance comes from cash or card only.
    #[error("a top-up or an account settlement is paid by cash or card, not {method}")]
    MoneyInNotMoney { method: &'static str },
    /// A top-up or settlement line is one positive amount with no discount.
    #[error("a top-up or settlement line is one positive amount")]
    BadMoneyIn,
    /// A line given back must name the original line, and only a refund has such lines.
    #[error("line {line}: a line given back names its original line, on a refund only")]
    BadOrigin { line: usize },
}

impl Payment {
    /// Change only on cash, and there exactly what was handed over less the amount; a
    /// gift card payment names its card.
    pub fn check(&self) -> Result<(), SaleError> {
        let names_card = self
            .reference
            .as_deref()
            .is_some_and(|r| !r.trim().is_empty());
        if (self.method == PaymentMethod::GiftCard) != names_card {
            return Err(SaleError::GiftCardReference);
        }
        match (self.method, self.tendered, self.change) {
            (PaymentMethod::Cash, Some(tendered), Some(change)) => {
                if change < Money::ZERO
                    || tendered < Money::ZERO
                    || tendered - self.amount != change
                {
                    return Err(SaleError::BadChange {
                        amount: self.amount,
                        tendered,
                        change,
                    });
                }
                Ok(())
            }
            (PaymentMethod::Cash, _, _) => Err(SaleError::CashWithoutTender),
            (_, None, None) => Ok(()),
            (method, _, _) => Err(SaleError::ChangeNotCash {
                method: method.as_str(),
            }),
        }
    }
}

impl Sale {
    /// Checks that the sale has lines, each payment is well formed ([`Payment::check`])
    /// and the payments cover exactly its total.
    pub fn check(&self) -> Result<(), SaleError> {
        if self.lines.is_empty() {
            return Err(SaleError::Empty);
        }
        let money_in = self.lines.iter().any(|l| l.kind != LineKind::Goods);
        for (i, l) in self.lines.iter().enumerate() {
            if l.kind != LineKind::Goods
                && (l.quantity != Decimal::ONE
                    || l.unit_price <= Money::ZERO
                    || !l.discount.is_zero()
                    || !l.tax_rate.is_zero()
                    || l.origin.is_some())
            {
                return Err(SaleError::BadMoneyIn);
            }
            if l.origin.is_some() != (self.refund_of.is_some() && l.quantity < Decimal::ZERO) {
                return Err(SaleError::BadOrigin { line: i + 1 });
            }
        }
        for p in &self.payments {
            p.check()?;
            let wrong_way = (p.amount.is_negative() && self.totals.total > Money::ZERO)
                || (p.amount > Money::ZERO && self.totals.total.is_negative())
                || (p.amount.is_zero() && p.method != PaymentMethod::Cash);
            if wrong_way {
                return Err(SaleError::PaymentSign {
                    method: p.method.as_str(),
                    amount: p.amount,
                    total: self.totals.total,
                });
            }
            if money_in && !matches!(p.method, PaymentMethod::Cash | PaymentMethod::Card) {
                return Err(SaleError::MoneyInNotMoney {
                    method: p.method.as_str(),
                });
            }
        }
        let paid: Money = self.payments.iter().map(|p| p.amount).sum();
        if paid != self.totals.total {
            return Err(SaleError::Unbalanced {
                paid,
                total: self.totals.total,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn line(price: &str, qty: &str, rate: &str) -> SaleLine {
        SaleLine {
            product_id: None,
            code: "1".into(),
            name: "x".into(),
            quantity: d(qty),
            unit_price: Money::parse(price).unwrap(),
            discount: Percent::ZERO,
            tax_rate: Percent::parse(rate).unwrap(),
            kind: Default::default(),
            origin: None,
            special: None,
        }
    }

    #[test]
    fn totals_and_tax_breakdown() {
        let lines = [line("12.00", "2", "20"), line("3.30", "1", "5.5")];
        let t = totals(&lines, Percent::ZERO, TaxPreference::Normal);
        assert_eq!(t.total.to_string(), "27.30");
        assert_eq!(t.taxes.len(), 2);
        let vat20 = t
            .taxes
            .iter()
            .find(|x| x.rate.to_string() == "20%")
            .unwrap();
        assert_eq!(vat20.net.to_string(), "20.00");
        assert_eq!(vat20.tax.to_string(), "4.00");
        let vat55 = t
            .taxes
            .iter()
            .find(|x| x.rate.to_string() == "5.5%")
            .unwrap();
        assert_eq!(vat55.net.to_string(), "3.13");
        assert_eq!(vat55.tax.to_string(), "0.17");
    }

    #[test]
    fn group_discount_applies_to_every_line_and_rounds_once_per_line() {
        let lines = [line("9.99", "3", "20"), line("0.99", "1", "20")];
        let t = totals(&lines, Percent::parse("10").unwrap(), TaxPreference::Normal);
        // 29.97 * 0.9 = 26.973 -> 26.97; 0.99 * 0.9 = 0.891 -> 0.89
        assert_eq!(t.total.to_string(), "27.86");
        assert_eq!(t.before_discount.to_string(), "30.96");
        assert_eq!(t.discount.to_string(), "3.10");
    }

    #[test]
    fn exempt_customer_pays_net() {
        let t = totals(
            &[line("12.00", "1", "20")],
            Percent::ZERO,
            TaxPreference::Exempt,
        );
        assert_eq!(t.total.to_string(), "10.00");
        assert_eq!(t.taxes[0].tax, Money::ZERO);
    }

    fn sale(lines: Vec<SaleLine>, payments: Vec<Payment>) -> Sale {
        let totals = totals(&lines, Percent::ZERO, TaxPreference::Normal);
        Sale {
            id: SaleId::generate(),
            number: "R1-000001".into(),
            created_at: Utc::now(),
            customer_id: None,
            group_discount: Percent::ZERO,
            tax: TaxPreference::Normal,
            lines,
            payments,
            totals,
            refund_of: None,
            points: 0,
        }
    }

    fn card(amount: &str) -> Payment {
        Payment {
            id: PaymentId::generate(),
            method: PaymentMethod::Card,
            amount: Money::parse(amount).unwrap(),
            tendered: None,
            change: None,
            points: 0,
            reference: None,
        }
    }

    #[test]
    fn payments_must_add_up_and_only_cash_gives_change() {
        let lines = || vec![line("12.00", "1", "20")];
        assert_eq!(sale(lines(), vec![card("12.00")]).check(), Ok(()));
        let cash = Payment::cash(Money::parse("12").unwrap(), Money::parse("20").unwrap()).unwrap();
        assert_eq!(sale(lines(), vec![cash.clone()]).check(), Ok(()));
        assert!(matches!(
            sale(lines(), vec![card("10.00")]).check(),
            Err(SaleError::Unbalanced { .. })
        ));
        // Failed before: a card payment could carry change, cash any made-up change.
        let mut change_on_card = card("12.00");
        change_on_card.tendered = Some(Money::parse("20").unwrap());
        change_on_card.change = Some(Money::parse("8").unwrap());
        assert_eq!(
            sale(lines(), vec![change_on_card]).check(),
            Err(SaleError::ChangeNotCash { method: "card" })
        );
        let mut wrong_change = cash.clone();
        wrong_change.change = Some(Money::parse("9").unwrap());
        assert!(matches!(
            sale(lines(), vec![wrong_change]).check(),
            Err(SaleError::BadChange { .. })
        ));
        let mut no_tender = cash;
        no_tender.tendered = None;
        assert_eq!(
            sale(lines(), vec![no_tender]).check(),
            Err(SaleError::CashWithoutTender)
        );
    }

    #[test]
    fn cash_payment_gives_change() {
        let p = Payment::cash(Money::parse("27.30").unwrap(), Money::parse("50").unwrap()).unwrap();
        assert_eq!(p.change.unwrap().to_string(), "22.70");
        let short = Payment::cash(Money::parse("27.30").unwrap(), Money::parse("20").unwrap());
        assert_eq!(
            short.unwrap_err().to_string(),
            "20.00 does not cover the total 27.30"
        );
    }
}
