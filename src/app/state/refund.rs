//! A past sale as the screens show it (with what earlier refunds gave back of each line)
//! and the refund window opened on one: the quantity to give back per line, where the
//! money goes.
//!
//! Invariants: a line's quantity to give back stays between zero and what is left of it
//! (sold less what earlier refunds gave back; nothing is left of a line that is not
//! goods, or not sold: a top-up, a line given back); `update` keeps it so, and the
//! service checks it again inside its transaction. Store credit for a sale with no
//! customer is a credit note card (the service makes one). The amount shown is computed
//! the way the service prices the refund ([`crate::domain::sale::totals`] on the lines given
//! back, the sale's discount and tax), so the screen shows what will be stored.

use rust_decimal::Decimal;

use crate::domain::customer::TaxPreference;
use crate::domain::ids::{CustomerId, SaleId};
use crate::domain::money::{Money, Percent};
use crate::domain::sale::{self, LineKind, Sale, SaleLine};
use crate::service::{RefundRequest, RefundTo};

/// A stored sale with what the screens say about it besides its lines.
#[derive(Debug, Clone, PartialEq)]
pub struct PastSale {
    pub sale: Sale,
    /// What earlier refunds gave back of each line (same order as `sale.lines`).
    pub refunded: Vec<Decimal>,
    /// A refund: the ticket number of the sale it gives back.
    pub refund_of: Option<String>,
    /// The name of the sale's customer (`None`: a sale with no customer, or one
    /// anonymised since).
    pub customer: Option<String>,
}

impl PastSale {
    /// What earlier refunds gave back of line `i` (from 0).
    pub fn refunded(&self, i: usize) -> Decimal {
        self.refunded.get(i).copied().unwrap_or(Decimal::ZERO)
    }
}

/// One line of the sale in the refund window.
#[derive(Debug, Clone, PartialEq)]
pub struct RefundLine {
    /// Its number on the sale, from 1 (what the service names lines by).
    pub no: u32,
    /// The line as sold.
    pub line: SaleLine,
    /// Given back by earlier refunds.
    pub refunded: Decimal,
    /// To give back now.
    pub back: Decimal,
}

impl RefundLine {
    /// What may still be given back: sold less refunded; nothing for a line that is not
    /// goods sold (a top-up, a settlement, a line an exchange gave back).
    pub fn left(&self) -> Decimal {
        if self.line.kind != LineKind::Goods || self.line.quantity <= Decimal::ZERO {
            return Decimal::ZERO;
        }
        (self.line.quantity - self.refunded).max(Decimal::ZERO)
    }
}

/// Why the refund window refused what was asked (said inside it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefundNote {
    /// More than is left of the line was asked; `left` is the most.
    TooMuch { left: Decimal },
    /// What was typed is not a quantity.
    NotANumber,
    /// Enter with nothing to give back.
    NothingChosen,
    /// An exchange asked while the ticket holds lines: finish or clear it first.
    TicketNotEmpty,
}

/// The refund window on a past sale.
#[derive(Debug, Clone, PartialEq)]
pub struct RefundForm {
    pub sale: SaleId,
    pub number: String,
    /// The sale's customer (an exchange puts them back on the ticket).
    pub customer: Option<CustomerId>,
    pub group_discount: Percent,
    pub tax: TaxPreference,
    pub lines: Vec<RefundLine>,
    pub selected: usize,
    /// Where the money goes.
    pub to: RefundTo,
    /// The quantity being typed for the selected line (empty: none typed).
    pub typed: String,
    pub note: Option<RefundNote>,
}

impl RefundForm {
    /// The window on `p`, nothing chosen yet, the money going back the way it was paid.
    pub fn new(p: &PastSale) -> RefundForm {
        let lines = p
            .sale
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| RefundLine {
                no: i as u32 + 1,
                line: l.clone(),
                refunded: p.refunded(i),
                back: Decimal::ZERO,
            })
            .collect();
        let mut form = RefundForm {
            sale: p.sale.id,
            number: p.sale.number.clone(),
            customer: p.sale.customer_id,
            group_discount: p.sale.group_discount,
            tax: p.sale.tax,
            lines,
            selected: 0,
            to: RefundTo::Original,
            typed: String::new(),
            note: None,
        };
        // Start on the first line that can be given back.
        form.selected = form
            .lines
            .iter()
            .position(|l| l.left() > Decimal::ZERO)
            .unwrap_or(0);
        form
    }

    /// Whether any line has something left to give back.
    pub fn anything_left(&self) -> bool {
        self.lines.iter().any(|l| l.left() > Decimal::ZERO)
    }

    /// The lines given back, as the refund ticket holds them (negative quantities).
    pub fn back_lines(&self) -> Vec<SaleLine> {
        self.lines
            .iter()
            .filter(|l| l.back > Decimal::ZERO)
            .map(|l| SaleLine {
                quantity: -l.back,
                origin: Some(l.no),
                ..l.line.clone()
            })
            .collect()
    }

    /// What goes back to the customer (zero or more; never "-0.00").
    pub fn total(&self) -> Money {
        let lines = self.back_lines();
        if lines.is_empty() {
            return Money::ZERO;
        }
        -sale::totals(&lines, self.group_discount, self.tax).total
    }

    /// What line `i` gives back (zero or more).
    pub fn amount(&self, i: usize) -> Money {
        let Some(l) = self.lines.get(i) else {
            return Money::ZERO;
        };
        let line = SaleLine {
            quantity: l.back,
            ..l.line.clone()
        };
        line.price(self.group_discount, self.tax).total
    }

    /// The request for the service: the lines with a quantity, and where the money goes.
    pub fn request(&self) -> RefundRequest {
        RefundRequest {
            sale: self.sale,
            lines: self
                .lines
                .iter()
                .filter(|l| l.back > Decimal::ZERO)
                .map(|l| (l.no, l.back))
                .collect(),
            to: self.to,
            new_lines: Vec::new(),
        }
    }
}
