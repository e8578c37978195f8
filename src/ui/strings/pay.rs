//! The payment words, the four languages side by side: the payment methods, what each can
//! pay or why it cannot, the payments added, the top-up / settlement popup, and the
//! customer's balances on the sale screen.
//!
//! Invariants: every method and every refusal has all four languages (a tuple of four or
//! one [`Lang::pick`](crate::lang::Lang::pick), matches without wildcard, so a new one
//! does not compile without its words); amounts are written the local way
//! ([`Tr::money`]); nothing here names a key (the hint line reads the keymap).

use super::Tr;
use crate::app::state::{Can, PayInWhy, Why};
use crate::domain::ledger::Balances;
use crate::domain::loyalty::Program;
use crate::domain::money::Money;
use crate::domain::sale::{LineKind, PaymentMethod};

impl Tr {
    /// A payment method's name.
    pub fn method(&self, m: PaymentMethod) -> &'static str {
        self.say4(match m {
            PaymentMethod::Cash => ("Cash", "Espèces", "Contant", "Bar"),
            PaymentMethod::Card => ("Card", "Carte", "Pin", "Karte"),
            PaymentMethod::Wallet => ("Wallet", "Cagnotte", "Spaarpot", "Guthaben"),
            PaymentMethod::StoreCredit => ("Store credit", "Avoir", "Tegoed", "Gutschrift"),
            PaymentMethod::Points => (
                "Loyalty points",
                "Points fidélité",
                "Spaarpunten",
                "Treuepunkte",
            ),
            PaymentMethod::OnAccount => ("On account", "En compte", "Op rekening", "Auf Rechnung"),
            PaymentMethod::GiftCard => {
                ("Gift card", "Carte cadeau", "Cadeaukaart", "Geschenkkarte")
            }
        })
    }

    /// The line of points a paid sale earned.
    pub fn points_earned(&self) -> &'static str {
        self.say4((
            "Points earned",
            "Points gagnés",
            "Gespaarde punten",
            "Gesammelte Punkte",
        ))
    }

    /// The payment popup's title.
    pub fn pay_title(&self) -> &'static str {
        self.say4(("Payment", "Paiement", "Afrekenen", "Bezahlen"))
    }

    /// "Left to pay".
    pub fn pay_remaining(&self) -> &'static str {
        self.say4((
            "Left to pay",
            "Reste à payer",
            "Nog te betalen",
            "Noch zu zahlen",
        ))
    }

    /// The amount field's label.
    pub fn pay_amount(&self) -> &'static str {
        self.say4(("Amount", "Montant", "Bedrag", "Betrag"))
    }

    /// What the keys of the payment popup do, after each key's label.
    /// The payment popup's line for the receipt by e-mail (its key toggles it).
    pub fn pay_email(&self) -> &'static str {
        self.say4((
            "receipt by e-mail",
            "ticket par e-mail",
            "bon per e-mail",
            "Bon per E-Mail",
        ))
    }

    pub fn pay_sms(&self) -> &'static str {
        self.say4((
            "receipt by SMS",
            "ticket par SMS",
            "bon per sms",
            "Bon per SMS",
        ))
    }

    pub fn pay_keys(&self) -> [&'static str; 3] {
        [
            self.say4(("method", "moyen", "betaalwijze", "Zahlart")),
            self.say4(("add", "ajouter", "toevoegen", "hinzufügen")),
            self.say4((
                "undo last / close",
                "annuler le dernier / fermer",
                "ongedaan / sluiten",
                "zurück / schließen",
            )),
        ]
    }

    /// What a method can pay now, for its row ("" for cash and card).
    pub fn can_pay(&self, m: PaymentMethod, can: Can, b: &Balances, points: i64) -> String {
        let l = self.lang;
        match can {
            Can::Any => String::new(),
            Can::Not(why) => self.why(m, why),
            Can::UpTo(most) => {
                let most = self.money(most);
                match m {
                    PaymentMethod::Points => {
                        let p = l.pick("points", "points", "punten", "Punkte");
                        format!("{points} {p} = {most}")
                    }
                    PaymentMethod::OnAccount => {
                        let limit = self.money(b.credit_limit.unwrap_or(Money::ZERO));
                        l.pick(
                            format!("{most} of {limit} left"),
                            format!("reste {most} sur {limit}"),
                            format!("nog {most} van {limit}"),
                            format!("noch {most} von {limit}"),
                        )
                    }
                    _ => l.pick(
                        format!("{most} available"),
                        format!("{most} disponible"),
                        format!("{most} beschikbaar"),
                        format!("{most} verfügbar"),
                    ),
                }
            }
        }
    }

    /// Why `m` cannot pay, or why the amount typed for it is refused.
    pub fn why(&self, m: PaymentMethod, why: Why) -> String {
        let l = self.lang;
        let money = |x| self.money(x);
        match why {
            Why::NoCustomer => self
                .say4((
                    "no customer on the ticket",
                    "aucun client sur le ticket",
                    "geen klant op de bon",
                    "kein Kunde auf dem Bon",
                ))
                .into(),
            Why::Empty if m == PaymentMethod::Points => self
                .say4(("0 points", "0 point", "0 punten", "0 Punkte"))
                .into(),
            Why::Empty => {
                let z = money(Money::ZERO);
                l.pick(
                    format!("balance {z}"),
                    format!("solde {z}"),
                    format!("saldo {z}"),
                    format!("Saldo {z}"),
                )
            }
            Why::NoAccount => self
                .say4((
                    "no account",
                    "pas de compte",
                    "geen rekening",
                    "kein Rechnungskauf",
                ))
                .into(),
            Why::LimitReached { limit } => {
                let limit = money(limit);
                l.pick(
                    format!("limit {limit} reached"),
                    format!("plafond {limit} atteint"),
                    format!("limiet {limit} bereikt"),
                    format!("Limit {limit} erreicht"),
                )
            }
            Why::BelowMinimum { points, min } => {
                let p = self.points_word(points);
                l.pick(
                    format!("below the {min}-point minimum ({p})"),
                    format!("sous le minimum de {min} points ({p})"),
                    format!("onder het minimum van {min} punten ({p})"),
                    format!("unter dem Minimum von {min} Punkten ({p})"),
                )
            }
            Why::LoyaltyOff => self
                .say4((
                    "loyalty off",
                    "fidélité désactivée",
                    "sparen uit",
                    "Treueprogramm aus",
                ))
                .into(),
            Why::NotAnAmount => self
                .say4((
                    "type an amount such as 20 or 20.50",
                    "tapez un montant comme 20 ou 20,50",
                    "typ een bedrag zoals 20 of 20,50",
                    "Betrag wie 20 oder 20,50 eintippen",
                ))
                .into(),
            Why::Above { most } => {
                let most = money(most);
                l.pick(
                    format!("at most {most} by this method"),
                    format!("{most} au plus par ce moyen"),
                    format!("hoogstens {most} met deze betaalwijze"),
                    format!("höchstens {most} mit dieser Zahlart"),
                )
            }
            Why::NotWholePoints { value } => {
                let v = money(value);
                l.pick(
                    format!("whole points only ({v} each)"),
                    format!("points entiers seulement ({v} l'un)"),
                    format!("alleen hele punten ({v} per punt)"),
                    format!("nur ganze Punkte ({v} je Punkt)"),
                )
            }
            Why::ScanCard => self
                .say4((
                    "scan the card, or type its code and Enter",
                    "scannez la carte, ou tapez son code et Entrée",
                    "scan de kaart, of typ de code en Enter",
                    "Karte scannen, oder Code eintippen und Enter",
                ))
                .into(),
            Why::UnknownCard => self
                .say4((
                    "no gift card with this code",
                    "aucune carte cadeau avec ce code",
                    "geen cadeaukaart met deze code",
                    "keine Geschenkkarte mit diesem Code",
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
            (Some(g), _) if g > amount => {
                // German nouns keep their capital.
                let change = self.lang.pick(
                    self.change_due.to_lowercase(),
                    self.change_due.to_lowercase(),
                    self.change_due.to_lowercase(),
                    self.change_due.to_string(),
                );
                format!(
                    "{head} ({} {}, {change} {})",
                    self.tendered,
                    self.money(g),
                    self.money(g - amount)
                )
            }
            (_, PaymentMethod::Points) => format!("{head} ({})", self.points_word(points)),
            _ => head,
        }
    }

    /// The top-up / settlement / gift card popup's title.
    pub fn pay_in_title(&self) -> &'static str {
        self.say4((
            "Top-up, account payment, gift card",
            "Recharge, règlement, carte cadeau",
            "Opwaarderen, afbetalen, cadeaukaart",
            "Aufladen, Einzahlung, Geschenkkarte",
        ))
    }

    /// The amount field's label when the gift card row waits for a code.
    pub fn card_code(&self) -> &'static str {
        self.say4(("Card code", "Code de la carte", "Kaartcode", "Kartencode"))
    }

    /// The card a gift card sale loads: the scanned one, or a new code.
    pub fn card_sold(&self, code: Option<&str>) -> String {
        match code {
            Some(c) => {
                let c = crate::sanitize::clean(c);
                self.lang.pick(
                    format!("Card: {c}"),
                    format!("Carte : {c}"),
                    format!("Kaart: {c}"),
                    format!("Karte: {c}"),
                )
            }
            None => self
                .say4((
                    "Card: a new code, printed on the receipt (or scan a card)",
                    "Carte : un nouveau code, imprimé sur le ticket (ou scannez une carte)",
                    "Kaart: een nieuwe code, op de kassabon gedrukt (of scan een kaart)",
                    "Karte: ein neuer Code, auf den Kassenbon gedruckt (oder Karte scannen)",
                ))
                .into(),
        }
    }

    /// A gift card sold (the status line).
    pub fn gift_card_sold(&self, code: &str, amount: Money, number: &str) -> String {
        let (a, c) = (self.money(amount), crate::sanitize::clean(code));
        self.lang.pick(
            format!("Gift card {c} sold: {a} (ticket {number})."),
            format!("Carte cadeau {c} vendue : {a} (ticket {number})."),
            format!("Cadeaukaart {c} verkocht: {a} (bon {number})."),
            format!("Geschenkkarte {c} verkauft: {a} (Bon {number})."),
        )
    }

    /// A choice of the top-up popup, with the balance it changes.
    pub fn pay_in_choice(&self, kind: LineKind, b: &Balances) -> String {
        let l = self.lang;
        match kind {
            LineKind::Settlement => {
                let owed = self.money(b.owed);
                l.pick(
                    format!("Pay towards the account (owes {owed})"),
                    format!("Régler le compte (doit {owed})"),
                    format!("Afbetalen op rekening (open {owed})"),
                    format!("Auf Rechnung einzahlen (offen {owed})"),
                )
            }
            LineKind::GiftCard => self
                .say4((
                    "Sell a gift card",
                    "Vendre une carte cadeau",
                    "Cadeaukaart verkopen",
                    "Geschenkkarte verkaufen",
                ))
                .into(),
            LineKind::TopUp | LineKind::Goods => {
                let w = self.money(b.wallet);
                l.pick(
                    format!("Top up the wallet (holds {w})"),
                    format!("Recharger la cagnotte (contient {w})"),
                    format!("Spaarpot opwaarderen (saldo {w})"),
                    format!("Guthaben aufladen (Stand {w})"),
                )
            }
        }
    }

    /// "Paid by" before the method of a top-up.
    pub fn pay_in_by(&self) -> &'static str {
        self.say4(("Paid by", "Payé par", "Betaald met", "Bezahlt mit"))
    }

    /// What Up/Down and the toggle key do in the top-up popup, after their labels.
    pub fn pay_in_keys(&self) -> [&'static str; 2] {
        [
            self.say4(("choose", "choisir", "kiezen", "wählen")),
            self.say4((
                "cash or card",
                "espèces ou carte",
                "contant of pin",
                "bar oder Karte",
            )),
        ]
    }

    /// Why a top-up or settlement was not sent.
    pub fn pay_in_why(&self, why: PayInWhy) -> String {
        match why {
            PayInWhy::NotAnAmount => self.why(PaymentMethod::Cash, Why::NotAnAmount),
            PayInWhy::NothingOwed => self
                .say4((
                    "nothing is owed",
                    "rien n'est dû",
                    "er staat niets open",
                    "nichts offen",
                ))
                .into(),
            PayInWhy::AboveOwed { owed } => {
                let owed = self.money(owed);
                self.lang.pick(
                    format!("only {owed} is owed"),
                    format!("seulement {owed} dû"),
                    format!("er staat maar {owed} open"),
                    format!("nur {owed} offen"),
                )
            }
        }
    }

    /// A top-up or settlement stored (the status line).
    pub fn paid_in(&self, kind: LineKind, amount: Money, number: &str) -> String {
        let a = self.money(amount);
        match kind {
            LineKind::Settlement => self.lang.pick(
                format!("Account payment of {a} stored (ticket {number})."),
                format!("Règlement de {a} enregistré (ticket {number})."),
                format!("Afbetaling van {a} opgeslagen (bon {number})."),
                format!("Einzahlung von {a} gespeichert (Bon {number})."),
            ),
            LineKind::TopUp | LineKind::Goods | LineKind::GiftCard => self.lang.pick(
                format!("Wallet topped up by {a} (ticket {number})."),
                format!("Cagnotte rechargée de {a} (ticket {number})."),
                format!("Spaarpot opgewaardeerd met {a} (bon {number})."),
                format!("Guthaben um {a} aufgeladen (Bon {number})."),
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
                self.say4(("Points", "Points", "Punten", "Punkte")),
                format!("{}{worth}", b.points),
            ));
        }
        if !b.wallet.is_zero() {
            out.push((
                self.say4(("Wallet", "Cagnotte", "Spaarpot", "Guthaben")),
                self.money(b.wallet),
            ));
        }
        if !b.store_credit.is_zero() {
            out.push((
                self.say4(("Credit", "Avoir", "Tegoed", "Gutschrift")),
                self.money(b.store_credit),
            ));
        }
        let limit = b.credit_limit.filter(|l| !l.is_zero());
        if !b.owed.is_zero() || limit.is_some() {
            let owed = self.money(b.owed);
            let value = match limit {
                Some(l) => format!("{owed}/{}", self.money(l)),
                None => owed,
            };
            out.push((self.say4(("Owes", "Doit", "Open", "Offen")), value));
        }
        out
    }

    /// "1 point", "40 points" (the same in French), "40 punten", "40 Punkte".
    fn points_word(&self, n: i64) -> String {
        let w = if n.abs() == 1 {
            self.say4(("point", "point", "punt", "Punkt"))
        } else {
            self.say4(("points", "points", "punten", "Punkte"))
        };
        format!("{n} {w}")
    }
}
