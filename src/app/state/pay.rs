//! The payment popups as plain data: the ticket's payments added so far (split between
//! methods), what each method can pay now (a gift card: once its code was read), and
//! the wallet top-up / account settlement / gift card sale.
//!
//! Invariants: what remains, the change and what a method may pay are derived from the
//! payments added, the amount typed and the balances loaded with the attached
//! customer, never stored apart; a payment other than cash never pays more than what remains nor more than its
//! method holds (the balance less what earlier payments of the ticket took from it);
//! points pay whole points, at least the program's minimum; only cash gives change, so
//! a cash payment above what remains closes the ticket.

use rust_decimal::Decimal;

use super::super::text_input::TextInput;
use super::Attached;
use crate::domain::ledger::Balances;
use crate::domain::loyalty::{Program, RedeemError};
use crate::domain::money::Money;
use crate::domain::sale::{LineKind, PaymentMethod};
use crate::service::PaymentDraft;

/// One payment added in the popup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paid {
    pub method: PaymentMethod,
    /// What it pays towards the ticket.
    pub amount: Money,
    /// Cash: what was handed over (the change is what it exceeds `amount` by).
    pub given: Option<Money>,
    /// Points: how many it spends.
    pub points: i64,
    /// A gift card: its code.
    pub reference: Option<String>,
}

impl Paid {
    /// The payment as the service takes it.
    pub fn draft(&self) -> PaymentDraft {
        PaymentDraft {
            method: self.method,
            amount: Some(self.amount),
            tendered: self.given,
            reference: self.reference.clone(),
        }
    }
}

/// Why a method cannot pay, or why the amount typed is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// The method draws on a customer's balance and the ticket has none.
    NoCustomer,
    /// Nothing left in that balance (after the payments already added).
    Empty,
    /// The customer may not buy on account (no credit limit).
    NoAccount,
    /// What is owed reached the credit limit.
    LimitReached {
        limit: Money,
    },
    /// Fewer points than the program spends at once.
    BelowMinimum {
        points: i64,
        min: i64,
    },
    LoyaltyOff,
    /// What was typed is not an amount above zero.
    NotAnAmount,
    /// More than this method may pay now (what remains, or what it holds).
    Above {
        most: Money,
    },
    /// Points pay whole points only.
    NotWholePoints {
        value: Money,
    },
    /// A gift card pays once its code is scanned or typed (then Enter).
    ScanCard,
    /// No gift card has the code given.
    UnknownCard,
}

/// What a method can pay now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Can {
    /// Cash or card: any amount (cash above what remains gives change).
    Any,
    /// At most this much (a balance, the account's room).
    UpTo(Money),
    Not(Why),
}

/// The payment popup: the methods (in [`PaymentMethod::REGISTER`]'s order), the payments
/// added, the amount field (prefilled with what the selected method can pay of what
/// remains).
#[derive(Debug, Clone, PartialEq)]
pub struct Pay {
    pub total: Money,
    /// Index in [`PaymentMethod::REGISTER`].
    pub selected: usize,
    pub input: TextInput,
    /// The field still holds the amount it was prefilled with: a typed character
    /// replaces it.
    pub prefilled: bool,
    pub paid: Vec<Paid>,
    /// Why the last Enter added nothing (shown in the popup).
    pub refused: Option<Why>,
    /// The gift card scanned or typed, and what it held when read.
    pub card: Option<(String, Money)>,
    /// The manager's role is unlocked: on account may pass the credit limit (the service
    /// audits it).
    pub manager: bool,
    /// The receipt by e-mail: `None` when it cannot go (no `[email]`, no customer or no
    /// address), else whether it will (the customer's preference, the toggle key).
    pub email: Option<bool>,
    /// The receipt by SMS: `None` when it cannot go (no `[sms]`, no customer or no
    /// phone), else whether it will (the customer's preference, the SMS key).
    pub sms: Option<bool>,
}

impl Pay {
    pub fn new(total: Money) -> Pay {
        Pay {
            total,
            selected: 0,
            input: TextInput::default(),
            prefilled: false,
            paid: Vec::new(),
            refused: None,
            card: None,
            manager: false,
            email: None,
            sms: None,
        }
    }

    /// The selected method.
    pub fn method(&self) -> PaymentMethod {
        PaymentMethod::REGISTER
            .get(self.selected)
            .copied()
            .unwrap_or(PaymentMethod::Cash)
    }

    /// What the payments added cover.
    pub fn covered(&self) -> Money {
        self.paid.iter().map(|p| p.amount).sum()
    }

    /// What is still to pay.
    pub fn remaining(&self) -> Money {
        self.total - self.covered()
    }

    /// The change the amount typed would give back: cash selected, above what remains.
    pub fn change_due(&self) -> Option<Money> {
        if self.method() != PaymentMethod::Cash {
            return None;
        }
        let given = Money::parse(self.input.text()).ok()?;
        Some(given - self.remaining()).filter(|c| *c > Money::ZERO)
    }

    /// Units of `method` already taken by the payments added (cents, or points); for a
    /// gift card, what the payments added took from the card in hand.
    fn used(&self, method: PaymentMethod) -> (Money, i64) {
        let card = self.card.as_ref().map(|(code, _)| code.as_str());
        self.paid
            .iter()
            .filter(|p| p.method == method)
            .filter(|p| method != PaymentMethod::GiftCard || p.reference.as_deref() == card)
            .fold((Money::ZERO, 0), |(m, n), p| (m + p.amount, n + p.points))
    }

    /// The points `customer` holds less those the payments added spend.
    pub fn points_left(&self, customer: Option<&Attached>) -> i64 {
        customer.map_or(0, |c| {
            c.balances.points - self.used(PaymentMethod::Points).1
        })
    }

    /// What `method` can pay now, for `customer` under `program`.
    pub fn can(
        &self,
        method: PaymentMethod,
        customer: Option<&Attached>,
        program: &Program,
    ) -> Can {
        if method == PaymentMethod::Points && !program.enabled {
            return Can::Not(Why::LoyaltyOff);
        }
        if method == PaymentMethod::GiftCard {
            return match &self.card {
                None => Can::Not(Why::ScanCard),
                Some((_, balance)) => left(*balance - self.used(method).0),
            };
        }
        if method.ledger().is_none() {
            return Can::Any;
        }
        let Some(b) = customer.map(|c| &c.balances) else {
            return Can::Not(Why::NoCustomer);
        };
        let (used, used_points) = self.used(method);
        match method {
            PaymentMethod::Wallet => left(b.wallet - used),
            PaymentMethod::StoreCredit => left(b.store_credit - used),
            PaymentMethod::OnAccount if self.manager => Can::Any,
            PaymentMethod::OnAccount => match b.account_room() {
                None => Can::Not(Why::NoAccount),
                Some(room) if room - used <= Money::ZERO => Can::Not(Why::LimitReached {
                    limit: b.credit_limit.unwrap_or(Money::ZERO),
                }),
                Some(room) => Can::UpTo(room - used),
            },
            PaymentMethod::Points => {
                let points = b.points - used_points;
                if points <= 0 {
                    Can::Not(Why::Empty)
                } else if points < program.min_redeem {
                    Can::Not(Why::BelowMinimum {
                        points,
                        min: program.min_redeem,
                    })
                } else {
                    Can::UpTo(program.value_of(points))
                }
            }
            PaymentMethod::Cash | PaymentMethod::Card | PaymentMethod::GiftCard => Can::Any,
        }
    }

    /// The amount the field is prefilled with for `method`: what remains, capped at
    /// what the method can pay (points: a whole number of them); `None` when it cannot
    /// pay.
    pub fn suggested(
        &self,
        method: PaymentMethod,
        customer: Option<&Attached>,
        program: &Program,
    ) -> Option<Money> {
        let rest = self.remaining();
        match self.can(method, customer, program) {
            Can::Any => Some(rest),
            Can::UpTo(most) if method == PaymentMethod::Points => {
                Some(whole_points(rest.min(most), program))
            }
            Can::UpTo(most) => Some(rest.min(most)),
            Can::Not(_) => None,
        }
    }

    /// The payment `typed` makes by the selected method, or why it is refused. Empty:
    /// the amount suggested.
    pub fn check(
        &self,
        typed: &str,
        customer: Option<&Attached>,
        program: &Program,
    ) -> Result<Paid, Why> {
        let method = self.method();
        let most = match self.can(method, customer, program) {
            Can::Not(why) => return Err(why),
            Can::Any => None,
            Can::UpTo(m) => Some(m),
        };
        let amount = if typed.trim().is_empty() {
            self.suggested(method, customer, program)
                .ok_or(Why::NotAnAmount)?
        } else {
            Money::parse(typed).map_err(|_| Why::NotAnAmount)?
        };
        if amount <= Money::ZERO {
            return Err(Why::NotAnAmount);
        }
        let rest = self.remaining();
        if method == PaymentMethod::Cash {
            return Ok(Paid {
                method,
                amount: amount.min(rest),
                given: Some(amount),
                points: 0,
                reference: None,
            });
        }
        let cap = most.map_or(rest, |m| m.min(rest));
        if amount > cap {
            return Err(Why::Above { most: cap });
        }
        let points = if method == PaymentMethod::Points {
            program.points_for(amount).map_err(|e| match e {
                RedeemError::Disabled => Why::LoyaltyOff,
                RedeemError::NotWhole { value, .. } => Why::NotWholePoints { value },
                RedeemError::BelowMinimum { points, min } => Why::BelowMinimum { points, min },
            })?
        } else {
            0
        };
        let reference = (method == PaymentMethod::GiftCard)
            .then(|| self.card.as_ref().map(|(code, _)| code.clone()))
            .flatten();
        Ok(Paid {
            method,
            amount,
            given: None,
            points,
            reference,
        })
    }
}

/// A balance's money left, or [`Why::Empty`].
fn left(m: Money) -> Can {
    if m > Money::ZERO {
        Can::UpTo(m)
    } else {
        Can::Not(Why::Empty)
    }
}

/// `m` rounded down to a whole number of points' worth.
fn whole_points(m: Money, program: &Program) -> Money {
    let value = program.point_value.as_decimal();
    if value <= Decimal::ZERO {
        return Money::ZERO;
    }
    Money::from_decimal((m.as_decimal() / value).floor() * value)
}

/// The popup that pays money into the attached customer's wallet (a top-up), towards
/// what they owe (a settlement), or onto a gift card sold, by cash or card.
#[derive(Debug, Clone, PartialEq)]
pub struct PayIn {
    /// [`LineKind::TopUp`], [`LineKind::Settlement`] or [`LineKind::GiftCard`] (a gift
    /// card sold; the only choice without a customer).
    pub kind: LineKind,
    /// A gift card sold: the code of the card scanned (`None`: a new code, printed).
    pub code: Option<String>,
    /// Cash or card.
    pub method: PaymentMethod,
    pub input: TextInput,
    /// Why the last Enter sent nothing.
    pub refused: Option<PayInWhy>,
}

/// Why a top-up or settlement is not sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayInWhy {
    NotAnAmount,
    /// A settlement when nothing is owed.
    NothingOwed,
    /// A settlement above what is owed.
    AboveOwed {
        owed: Money,
    },
}

impl PayIn {
    pub fn new() -> PayIn {
        PayIn {
            kind: LineKind::TopUp,
            code: None,
            method: PaymentMethod::Cash,
            input: TextInput::default(),
            refused: None,
        }
    }

    /// The amount typed, checked against what `balances` owe for a settlement.
    pub fn check(&self, balances: &Balances) -> Result<Money, PayInWhy> {
        let settle = self.kind == LineKind::Settlement;
        if settle && balances.owed <= Money::ZERO {
            return Err(PayInWhy::NothingOwed);
        }
        let amount = Money::parse(self.input.text())
            .ok()
            .filter(|m| *m > Money::ZERO)
            .ok_or(PayInWhy::NotAnAmount)?;
        if settle && amount > balances.owed {
            return Err(PayInWhy::AboveOwed {
                owed: balances.owed,
            });
        }
        Ok(amount)
    }
}

impl Default for PayIn {
    fn default() -> Self {
        PayIn::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::fixtures as fx;

    fn m(cents: i64) -> Money {
        Money::from_cents(cents)
    }

    fn customer(b: Balances) -> Attached {
        let mut a = fx::attached(&fx::customer(1, "Mélanie", "Dupont"));
        a.balances = b;
        a
    }

    #[test]
    fn each_method_says_what_it_can_pay_or_why_not() {
        let p = Program::default();
        let pay = Pay::new(m(3000));
        let rich = customer(Balances {
            points: 640,
            wallet: m(1250),
            store_credit: Money::ZERO,
            owed: m(5000),
            credit_limit: Some(m(5000)),
        });
        use PaymentMethod as M;
        assert_eq!(pay.can(M::Cash, None, &p), Can::Any);
        assert_eq!(pay.can(M::Wallet, None, &p), Can::Not(Why::NoCustomer));
        assert_eq!(pay.can(M::Wallet, Some(&rich), &p), Can::UpTo(m(1250)));
        assert_eq!(
            pay.can(M::StoreCredit, Some(&rich), &p),
            Can::Not(Why::Empty)
        );
        assert_eq!(pay.can(M::Points, Some(&rich), &p), Can::UpTo(m(640)));
        assert_eq!(
            pay.can(M::OnAccount, Some(&rich), &p),
            Can::Not(Why::LimitReached { limit: m(5000) })
        );
        let poor = customer(Balances {
            points: 40,
            ..Balances::default()
        });
        assert_eq!(
            pay.can(M::Points, Some(&poor), &p),
            Can::Not(Why::BelowMinimum {
                points: 40,
                min: 100
            })
        );
        assert_eq!(
            pay.can(M::OnAccount, Some(&poor), &p),
            Can::Not(Why::NoAccount)
        );
        let off = Program {
            enabled: false,
            ..Program::default()
        };
        assert_eq!(
            pay.can(M::Points, Some(&rich), &off),
            Can::Not(Why::LoyaltyOff)
        );
    }

    #[test]
    fn points_are_suggested_in_whole_points_and_a_balance_is_spent_once() {
        let coarse = Program {
            point_value: m(5),
            min_redeem: 1,
            ..Program::default()
        };
        let c = customer(Balances {
            points: 1000,
            wallet: m(1000),
            ..Balances::default()
        });
        let mut pay = Pay::new(m(1237));
        assert_eq!(
            pay.suggested(PaymentMethod::Points, Some(&c), &coarse),
            Some(m(1235))
        );
        pay.selected = 2; // wallet
        let first = pay.check("6", Some(&c), &coarse);
        assert_eq!(first.as_ref().map(|p| p.amount), Ok(m(600)));
        pay.paid.push(first.unwrap());
        assert_eq!(
            pay.check("5", Some(&c), &coarse),
            Err(Why::Above { most: m(400) })
        );
        assert_eq!(pay.remaining(), m(637));
    }
}
