//! Balances a customer holds with the shop, each kept as an append-only ledger: loyalty
//! points, the wallet (prepaid "cagnotte"), store credit (credit notes from refunds) and
//! the account (what the customer owes for sales on account).
//!
//! Invariants: an entry is never changed or removed (a correction is a new entry); a
//! balance is the sum of its kind's entries; no balance is ever below zero (points,
//! wallet and credit cannot be overspent, an account cannot be settled beyond what is
//! owed); what is owed stays within the customer's credit limit unless the manager
//! overrides it. Amounts are integer units: points, or cents for the others.

use serde::Serialize;

use super::money::Money;

/// The four balances a customer can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Points,
    Wallet,
    Credit,
    Account,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Points, Kind::Wallet, Kind::Credit, Kind::Account];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Points => "points",
            Kind::Wallet => "wallet",
            Kind::Credit => "credit",
            Kind::Account => "account",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether amounts of this kind are cents (money) rather than points.
    pub fn is_money(self) -> bool {
        !matches!(self, Kind::Points)
    }
}

/// What one register lets a customer spend from each balance while it cannot reach the
/// hub (`[sync] offline_allowance`, `offline_points`): the authority cannot check those
/// debits, and two registers cut off from each other could each spend the whole balance.
/// Beyond it the register refuses; within it an overspend the hub finds later is covered
/// and becomes a to-settle item for the manager.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct OfflineAllowance {
    /// For the wallet, store credit and what may be charged on account.
    pub money: Money,
    pub points: i64,
}

impl OfflineAllowance {
    /// The allowance in `kind`'s units (cents or points).
    pub fn units(&self, kind: Kind) -> i64 {
        if kind.is_money() {
            self.money.cents()
        } else {
            self.points
        }
    }

    /// Whether a movement of `kind` by `amount` for `reason` spends what the hub
    /// guards: a debit of points, wallet or credit at a sale or redemption, or a sale
    /// charged on account (what the customer owes grows).
    pub fn guards(kind: Kind, amount: i64, reason: Reason) -> bool {
        match kind {
            Kind::Account => amount > 0 && reason == Reason::Sale,
            _ => amount < 0 && matches!(reason, Reason::Sale | Reason::Redemption),
        }
    }
}

/// Why a balance moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Earned by a sale (points), or spent in a sale, or owed for a sale on account.
    Sale,
    /// Given back by a refund (credit note, points taken back, wallet or account restored).
    Refund,
    /// Money paid into the wallet at the register.
    TopUp,
    /// Money paid to settle what is owed on account.
    Settlement,
    /// Points spent as a payment.
    Redemption,
    /// Points that ran out of time.
    Expiry,
    /// Moved from a merged duplicate (or to its survivor).
    Merge,
    /// Moved with a past sale given to another customer.
    Move,
    /// A manager's correction.
    Correction,
}

impl Reason {
    pub const ALL: [Reason; 9] = [
        Reason::Sale,
        Reason::Refund,
        Reason::TopUp,
        Reason::Settlement,
        Reason::Redemption,
        Reason::Expiry,
        Reason::Merge,
        Reason::Move,
        Reason::Correction,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Sale => "sale",
            Reason::Refund => "refund",
            Reason::TopUp => "top_up",
            Reason::Settlement => "settlement",
            Reason::Redemption => "redemption",
            Reason::Expiry => "expiry",
            Reason::Merge => "merge",
            Reason::Move => "move",
            Reason::Correction => "correction",
        }
    }

    pub fn parse(s: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A customer's balances; `owed` is what the customer owes on account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Balances {
    pub points: i64,
    pub wallet: Money,
    pub store_credit: Money,
    pub owed: Money,
    /// The most the customer may owe (`None`: no sales on account).
    pub credit_limit: Option<Money>,
}

impl Balances {
    /// The balance of `kind` in its units (points, or cents).
    pub fn units(&self, kind: Kind) -> i64 {
        match kind {
            Kind::Points => self.points,
            Kind::Wallet => self.wallet.cents(),
            Kind::Credit => self.store_credit.cents(),
            Kind::Account => self.owed.cents(),
        }
    }

    /// Sets the balance of `kind` from its units.
    pub fn set_units(&mut self, kind: Kind, units: i64) {
        match kind {
            Kind::Points => self.points = units,
            Kind::Wallet => self.wallet = Money::from_cents(units),
            Kind::Credit => self.store_credit = Money::from_cents(units),
            Kind::Account => self.owed = Money::from_cents(units),
        }
    }

    /// Whether every balance is zero (a customer may be anonymised only then).
    pub fn all_zero(&self) -> bool {
        Kind::ALL.into_iter().all(|k| self.units(k) == 0)
    }

    /// The kinds whose balance is not zero.
    pub fn non_zero(&self) -> Vec<Kind> {
        Kind::ALL
            .into_iter()
            .filter(|k| self.units(*k) != 0)
            .collect()
    }

    /// What may still be bought on account (`None`: no account).
    pub fn account_room(&self) -> Option<Money> {
        self.credit_limit.map(|l| (l - self.owed).max(Money::ZERO))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
        }
        for r in Reason::ALL {
            assert_eq!(Reason::parse(r.as_str()), Some(r));
        }
        assert_eq!(Kind::parse("cash"), None);
    }

    #[test]
    fn account_room_is_the_limit_less_what_is_owed() {
        let mut b = Balances {
            credit_limit: Some(Money::from_cents(50_000)),
            ..Balances::default()
        };
        b.set_units(Kind::Account, 12_000);
        assert_eq!(b.account_room(), Some(Money::from_cents(38_000)));
        b.credit_limit = None;
        assert_eq!(b.account_room(), None);
        assert!(!b.all_zero());
        assert_eq!(b.non_zero(), vec![Kind::Account]);
    }
}
