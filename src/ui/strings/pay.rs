//! The payment words, English and French side by side: the payment methods, what each can
//! pay or why it cannot, the payments added, the top-up / settlement popup, and the
//! customer's balances on the sale screen.
//!
//! Invariants: every method and every refusal has both languages (one `match` arm each,
//! no wildcard, so a new one does not compile without its words); amounts are written the
//! local way ([`Tr::money`]); nothing here names a key (the hint line reads the keymap).

use super::Tr;
use crate::app::state::{Can, Lang, PayInWhy, Why};
use crate::domain::ledger::Balances;
use crate::domain::loyalty::Program;
use crate::domain::money::Money;
use crate::domain::sale::{LineKind, PaymentMethod};

/// (English, French).
type Words = (&'static str, &'static str);

impl Tr {
    fn say(&self, (en, fr): Words) -> &'static str {
        match self.lang {
            Lang::En => en,
            Lang::Fr => fr,
        }
    }

    /// English or French text made with the local formats.
    fn either(&self, en: impl FnOnce() -> String, fr: impl FnOnce() -> String) -> String {
        match self.lang {
            Lang::En => en(),
            Lang::Fr => fr(),
        }
    }

    /// A payment method's name.
    pub fn method(&self, m: PaymentMethod) -> &'static str {
        self.say(match m {
            PaymentMethod::Cash => ("Cash", "Espèces"),
            PaymentMethod::Card => ("Card", "Carte"),
            PaymentMethod::Wallet => ("Wallet", "Cagnotte"),
            PaymentMethod::StoreCredit => ("Store credit", "Avoir"),
            PaymentMethod::Points => ("Loyalty points", "Points fidélité"),
            PaymentMethod::OnAccount => ("On account", "En compte"),
            PaymentMethod::GiftCard => ("Gift card", "Carte cadeau"),
        })
    }

    /// The line of points a paid sale earned.
    pub fn points_earned(&self) -> &'static str {
        self.say(("Points earned", "Points gagnés"))
    }

    /// The payment popup's title.
    pub fn pay_title(&self) -> &'static str {
        self.say(("Payment", "Paiement"))
    }

    /// "Left to pay".
    pub fn pay_remaining(&self) -> &'static str {
        self.say(("Left to pay", "Reste à payer"))
    }

    /// The amount field's label.
    pub fn pay_amount(&self) -> &'static str {
        self.say(("Amount", "Montant"))
    }

    /// What the keys of the payment popup do, after each key's label.
    pub fn pay_keys(&self) -> [&'static str; 3] {
        [
            self.say(("method", "moyen")),
            self.say(("add", "ajouter")),
            self.say(("undo last / close", "annuler le dernier / fermer")),
        ]
    }

    /// What a method can pay now, for its row ("" for cash and card).
    pub fn can_pay(&self, m: PaymentMethod, can: Can, b: &Balances, points: i64) -> String {
        match can {
            Can::Any => String::new(),
            Can::Not(why) => self.why(m, why),
            Can::UpTo(most) => match m {
                PaymentMethod::Points => self.either(
                    || format!("{points} points = {}", self.money(most)),
                    || format!("{points} points = {}", self.money(most)),
                ),
                PaymentMethod::OnAccount => {
                    let limit = self.money(b.credit_limit.unwrap_or(Money::ZERO));
                    self.either(
                        || format!("{} of {limit} left", self.money(most)),
                        || format!("reste {} sur {limit}", self.money(most)),
                    )
                }
                _ => self.either(
                    || format!("{} available", self.money(most)),
                    || format!("{} disponible", self.money(most)),
                ),
            },
        }
    }

    /// Why `m` cannot pay, or why the amount typed for it is refused.
    pub fn why(&self, m: PaymentMethod, why: Why) -> String {
        let money = |x| self.money(x);
        match why {
            Why::NoCustomer => self
                .say(("no customer on the ticket", "aucun client sur le ticket"))
                .into(),
            Why::Empty if m == PaymentMethod::Points => self.say(("0 points", "0 point")).into(),
            Why::Empty => self.either(
                || format!("balance {}", money(Money::ZERO)),
                || format!("solde {}", money(Money::ZERO)),
            ),
            Why::NoAccount => self.say(("no account", "pas de compte")).into(),
            Why::LimitReached { limit } => self.either(
                || format!("limit {} reached", money(limit)),
                || format!("plafond {} atteint", money(limit)),
            ),
            Why::BelowMinimum { points, min } => self.either(
                || format!("below the {min}-point minimum ({})", points_word(points)),
                || format!("sous le minimum de {min} points ({})", points_word(points)),
            ),
            Why::LoyaltyOff => self.say(("loyalty off", "fidélité désactivée")).into(),
            Why::NotAnAmount => self
                .say((
                    "type an amount such as 20 or 20.50",
                    "tapez un montant comme 20 ou 20,50",
                ))
                .into(),
            Why::Above { most } => self.either(
                || format!("at most {} by this method", money(most)),
                || format!("{} au plus par ce moyen", money(most)),
            ),
            Why::NotWholePoints { value } => self.either(
                || format!("whole points only ({} each)", money(value)),
                || format!("points entiers seulement ({} l'un)", money(value)),
            ),
            Why::ScanCard => self
                .say((
                    "scan the card, or type its code and Enter",
                    "scannez la carte, ou tapez son code et Entrée",
                ))
                .into(),
            Why::UnknownCard => self
                .say((
                    "no gift card with this code",
                    "aucune carte cadeau avec ce code",
                ))
                .into(),
        }
    }

    /// A payment added: "Cash 30.00 (given 40.00, change 10.00)", "Points 6.40 (640
    /// points)".
    pub fn paid_line(
        &self,
        m: PaymentMethod,
        amount: Money,
        given: Option<Money>,
        points: i64,
        reference: Option<&str>,
    ) -> String {
        let head = format!("{} {}", self.method(m), self.money(amount));
        if let (PaymentMethod::GiftCard, Some(code)) = (m, reference) {
            return format!("{head} ({})", crate::sanitize::clean(code));
        }
        match (given, m) {
            (Some(g), _) if g > amount => format!(
                "{head} ({} {}, {} {})",
                self.tendered,
                self.money(g),
                self.change_due.to_lowercase(),
                self.money(g - amount)
            ),
            (_, PaymentMethod::Points) => format!("{head} ({})", points_word(points)),
            _ => head,
        }
    }

    /// The top-up / settlement / gift card popup's title.
    pub fn pay_in_title(&self) -> &'static str {
        self.say((
            "Top-up, account payment, gift card",
            "Recharge, règlement, carte cadeau",
        ))
    }

    /// The amount field's label when the gift card row waits for a code.
    pub fn card_code(&self) -> &'static str {
        self.say(("Card code", "Code de la carte"))
    }

    /// The card a gift card sale loads: the scanned one, or a new code.
    pub fn card_sold(&self, code: Option<&str>) -> String {
        match code {
            Some(c) => self.either(
                || format!("Card: {}", crate::sanitize::clean(c)),
                || format!("Carte : {}", crate::sanitize::clean(c)),
            ),
            None => self
                .say((
                    "Card: a new code, printed on the receipt (or scan a card)",
                    "Carte : un nouveau code, imprimé sur le ticket (ou scannez une carte)",
                ))
                .into(),
        }
    }

    /// A gift card sold (the status line).
    pub fn gift_card_sold(&self, code: &str, amount: Money, number: &str) -> String {
        let (a, c) = (self.money(amount), crate::sanitize::clean(code));
        self.either(
            || format!("Gift card {c} sold: {a} (ticket {number})."),
            || format!("Carte cadeau {c} vendue : {a} (ticket {number})."),
        )
    }

    /// A choice of the top-up popup, with the balance it changes.
    pub fn pay_in_choice(&self, kind: LineKind, b: &Balances) -> String {
        match kind {
            LineKind::Settlement => self.either(
                || format!("Pay towards the account (owes {})", self.money(b.owed)),
                || format!("Régler le compte (doit {})", self.money(b.owed)),
            ),
            LineKind::GiftCard => self
                .say(("Sell a gift card", "Vendre une carte cadeau"))
                .into(),
            LineKind::TopUp | LineKind::Goods => self.either(
                || format!("Top up the wallet (holds {})", self.money(b.wallet)),
                || format!("Recharger la cagnotte (contient {})", self.money(b.wallet)),
            ),
        }
    }

    /// "Paid by" before the method of a top-up.
    pub fn pay_in_by(&self) -> &'static str {
        self.say(("Paid by", "Payé par"))
    }

    /// What Up/Down and the toggle key do in the top-up popup, after their labels.
    pub fn pay_in_keys(&self) -> [&'static str; 2] {
        [
            self.say(("choose", "choisir")),
            self.say(("cash or card", "espèces ou carte")),
        ]
    }

    /// Why a top-up or settlement was not sent.
    pub fn pay_in_why(&self, why: PayInWhy) -> String {
        match why {
            PayInWhy::NotAnAmount => self.why(PaymentMethod::Cash, Why::NotAnAmount),
            PayInWhy::NothingOwed => self.say(("nothing is owed", "rien n'est dû")).into(),
            PayInWhy::AboveOwed { owed } => self.either(
                || format!("only {} is owed", self.money(owed)),
                || format!("seulement {} dû", self.money(owed)),
            ),
        }
    }

    /// A top-up or settlement stored (the status line).
    pub fn paid_in(&self, kind: LineKind, amount: Money, number: &str) -> String {
        let a = self.money(amount);
        match kind {
            LineKind::Settlement => self.either(
                || format!("Account payment of {a} stored (ticket {number})."),
                || format!("Règlement de {a} enregistré (ticket {number})."),
            ),
            LineKind::TopUp | LineKind::Goods | LineKind::GiftCard => self.either(
                || format!("Wallet topped up by {a} (ticket {number})."),
                || format!("Cagnotte rechargée de {a} (ticket {number})."),
            ),
        }
    }

    /// The balances that matter on the sale screen, each as (label, value): points (and
    /// what they are worth), wallet and store credit when not zero, what is owed and the
    /// limit when either is set.
    pub fn balances(&self, b: &Balances, program: &Program) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if b.points != 0 {
            let worth = if program.enabled {
                format!(" ({})", self.money(program.value_of(b.points)))
            } else {
                String::new()
            };
            out.push((
                self.say(("Points", "Points")),
                format!("{}{worth}", b.points),
            ));
        }
        if !b.wallet.is_zero() {
            out.push((self.say(("Wallet", "Cagnotte")), self.money(b.wallet)));
        }
        if !b.store_credit.is_zero() {
            out.push((self.say(("Credit", "Avoir")), self.money(b.store_credit)));
        }
        let limit = b.credit_limit.filter(|l| !l.is_zero());
        if !b.owed.is_zero() || limit.is_some() {
            let owed = self.money(b.owed);
            let value = match limit {
                Some(l) => format!("{owed}/{}", self.money(l)),
                None => owed,
            };
            out.push((self.say(("Owes", "Doit")), value));
        }
        out
    }
}

/// "1 point", "40 points" (the same in French).
fn points_word(n: i64) -> String {
    if n.abs() == 1 {
        format!("{n} point")
    } else {
        format!("{n} points")
    }
}
