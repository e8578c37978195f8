//! The service's refusals in the register's language: the English text is each error's
//! own `Display`; this module gives the other languages, for what the register shows
//! after an action the service refused.
//!
//! Invariants: every [`Refusal`] and [`SaleError`] variant has its sentence here (the
//! matches have no wildcard, so a new variant is a compile error until it is worded);
//! the values inside (ticket numbers, codes, amounts) are shown as the error holds them;
//! an error that is not a refusal (the store's, the PIN's) keeps its own text.

use super::{Refusal, ServiceError};
use crate::domain::catalog::ProductError;
use crate::domain::loyalty::RedeemError;
use crate::domain::sale::SaleError;
use crate::lang::Lang;

/// `e` as the register shows it in `lang`.
pub fn describe(e: &ServiceError, lang: Lang) -> String {
    match (lang, e) {
        (Lang::Fr, ServiceError::Refused(r)) => refusal_fr(r),
        (Lang::Fr, ServiceError::Sale(s)) => sale_fr(s),
        _ => e.to_string(),
    }
}

/// The French of the English phrases the service puts inside its refusals.
fn phrase_fr(en: &str) -> &str {
    match en {
        "a merge" => "une fusion",
        "a refund or an exchange" => "un remboursement ou un échange",
        "adding a product" => "l'ajout d'un article",
        "changing a product" => "la modification d'un article",
        "changing the customer groups" => "la modification des groupes de clients",
        "deleting a customer" => "la suppression d'un client",
        "giving a gift card to another customer" => "donner une carte cadeau à un autre client",
        "moving a past sale" => "déplacer une vente passée",
        "a line at another price than its product's" => "une ligne à un autre prix que l'article",
        "gift card" => "carte cadeau",
        "passing the customer's credit limit" => "dépasser le plafond de crédit du client",
        "selling below cost" => "vendre à perte",
        "opening the cash drawer" => "l'ouverture du tiroir-caisse",
        "points" => "points",
        "wallet" => "porte-monnaie",
        "credit" => "avoir",
        "account" => "compte",
        "code" => "code",
        "name" => "nom",
        "cash" => "espèces",
        "card" => "carte",
        "gift_card" => "carte cadeau",
        other => other,
    }
}

fn refusal_fr(r: &Refusal) -> String {
    use Refusal as R;
    match r {
        R::MergeWithItself => "un client ne peut pas être fusionné avec lui-même".into(),
        R::NoCustomer(id) => format!("aucun client {id}"),
        R::Anonymised(id) => format!("le client {id} a été anonymisé"),
        R::EmptyNote => "une note ne peut pas être vide".into(),
        R::EmptySale => "une vente a au moins une ligne".into(),
        R::ProductWithout(what) => format!("un article doit avoir un {}", phrase_fr(what)),
        R::NoProduct(code) => format!("aucun article de code {code:?}"),
        R::NoGroup(name) => format!("aucun groupe de clients {name:?}"),
        R::GroupInUse { name, customers } => format!(
            "le groupe {name:?} compte {customers} clients : dites où ils vont (un autre groupe, ou aucun)"
        ),
        R::GroupName(max) => format!("le nom d'un groupe a 1 à {max} caractères imprimables"),
        R::Product(p) => product_fr(p),
        R::NeedsManager(what) => format!(
            "{} demande le gérant (code PIN ou session déverrouillée)",
            capitalised(phrase_fr(what))
        ),
        R::NeedsCustomer(what) => format!("{} demande un client sur le ticket", phrase_fr(what)),
        R::NotEnough {
            what,
            available,
            asked,
        } => format!(
            "{} insuffisant : {available} disponible, {asked} demandé",
            capitalised(phrase_fr(what))
        ),
        R::Redeem(e) => redeem_fr(e),
        R::NoSale(n) => format!("aucune vente {n}"),
        R::RefundOfRefund(n) => {
            format!("{n} est déjà un remboursement : remboursez la vente d'origine")
        }
        R::RefundOtherCustomer(n) => {
            format!("{n} appartient à un autre client : un remboursement va au client de la vente")
        }
        R::NoSuchLine { number, line } => {
            format!("la vente {number} n'a pas de ligne {line} à rendre")
        }
        R::RefundTooMuch {
            line,
            sold,
            refunded,
            asked,
        } => format!(
            "ligne {line} : {sold} vendu(s), {refunded} déjà remboursé(s), {asked} demandé(s)"
        ),
        R::NothingToRefund(n) => format!("tout ce qui est sur {n} a déjà été remboursé"),
        R::NotPositive => "le montant doit être supérieur à zéro".into(),
        R::PayInBy(m) => format!(
            "l'argent versé vient en espèces ou par carte, pas en {}",
            phrase_fr(m)
        ),
        R::PointsSpent { earned, left } => format!(
            "les {earned} points de la vente sont déjà dépensés ({left} restants) : ils ne \
             peuvent pas être déplacés"
        ),
        R::BalancesLeft(what) => {
            format!("le client détient ou doit encore : {what} ; soldez-le d'abord")
        }
        R::NoGiftCard(c) => format!("aucune carte cadeau « {c} »"),
        R::BadGiftCode(c) => {
            format!("« {c} » n'est pas un code de carte cadeau (lettres et chiffres, 40 au plus)")
        }
        R::EmptyTicket => "un ticket vide ne peut pas être mis en attente".into(),
        R::TooManyParked { register, max } => {
            format!("la caisse {register} a déjà {max} tickets en attente : reprenez-en un d'abord")
        }
        R::ParkLabel(n) => {
            format!("le libellé d'un ticket en attente est une ligne de {n} caractères au plus")
        }
        R::TicketTooBig(why) => format!("ce ticket ne peut pas être mis en attente : {why}"),
        R::NoParkedTicket(id) => {
            format!("aucun ticket en attente {id} à cette caisse (déjà repris ?)")
        }
        R::NoDrawer => "pas de tiroir-caisse : il s'ouvre par une imprimante de tickets \
                        ESC/POS ([receipt] printer)"
            .into(),
        R::NoPrintJob(id) => format!("aucune impression {id}"),
        R::AlreadyPrinted(id) => format!("l'impression {id} est déjà faite"),
        R::PrintJobBusy(id) => format!("l'impression {id} est en cours d'envoi"),
    }
}

fn product_fr(p: &ProductError) -> String {
    match p {
        ProductError::NegativePrice(v) => {
            format!("le prix d'un article ne peut pas être négatif ({v})")
        }
        ProductError::NegativeCost(v) => {
            format!("le coût d'un article ne peut pas être négatif ({v})")
        }
        ProductError::CheckDigit(code) => {
            format!("le code {code:?} a la forme d'un code-barres (GTIN) mais sa clé est fausse")
        }
        ProductError::TooLong { field, max } => {
            format!(
                "le champ {} d'un article a {max} caractères au plus",
                field_fr(field)
            )
        }
        ProductError::Unprintable(field) => format!(
            "le champ {} d'un article ne peut être vide ni contenir de caractères de contrôle",
            field_fr(field)
        ),
    }
}

fn field_fr(field: &str) -> &str {
    match field {
        "code" => "code",
        "name" => "nom",
        "category" => "catégorie",
        other => other,
    }
}

fn redeem_fr(e: &RedeemError) -> String {
    match e {
        RedeemError::Disabled => "le programme de fidélité est désactivé".into(),
        RedeemError::NotWhole { amount, value } => {
            format!("{amount} n'est pas un nombre entier de points valant {value} chacun")
        }
        RedeemError::BelowMinimum { min, points } => {
            format!("au moins {min} points s'utilisent à la fois ({points} demandés)")
        }
    }
}

fn sale_fr(s: &SaleError) -> String {
    use SaleError as S;
    match s {
        S::Empty => "le ticket n'a aucune ligne".into(),
        S::Unbalanced { paid, total } => {
            format!("les paiements font {paid} mais le total est {total}")
        }
        S::CashShort { tendered, total } => {
            format!("{tendered} ne couvre pas le total {total}")
        }
        S::ChangeNotCash { method } => format!(
            "un paiement en {} ne reçoit pas d'espèces ni ne rend de monnaie",
            phrase_fr(method)
        ),
        S::BadChange {
            amount,
            tendered,
            change,
        } => format!("espèces : {tendered} donnés pour {amount} ne peuvent rendre {change}"),
        S::CashWithoutTender => {
            "un paiement en espèces indique le montant donné et la monnaie".into()
        }
        S::GiftCardReference => {
            "un paiement par carte cadeau porte le code de la carte, et lui seul".into()
        }
        S::PaymentSign {
            method,
            amount,
            total,
        } => format!(
            "un paiement {} de {amount} va contre le total {total}",
            phrase_fr(method)
        ),
        S::MoneyInNotMoney { method } => format!(
            "un rechargement ou un règlement de compte se paie en espèces ou par carte, pas \
             en {}",
            phrase_fr(method)
        ),
        S::BadMoneyIn => "une ligne de rechargement ou de règlement est un montant positif".into(),
        S::BadOrigin { line } => format!(
            "ligne {line} : une ligne rendue désigne sa ligne d'origine, sur un remboursement \
             seulement"
        ),
    }
}

/// The first letter upper-cased (a phrase that starts the sentence).
fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_are_worded_in_french_and_kept_in_english() {
        let e = ServiceError::Refused(Refusal::NeedsManager("a merge"));
        assert_eq!(
            describe(&e, Lang::Fr),
            "Une fusion demande le gérant (code PIN ou session déverrouillée)"
        );
        assert_eq!(
            describe(&e, Lang::En),
            "a merge needs the manager (PIN or an unlocked session)"
        );
        let e = ServiceError::Refused(Refusal::NotEnough {
            what: "wallet",
            available: "5,00 €".into(),
            asked: "8,00 €".into(),
        });
        assert_eq!(
            describe(&e, Lang::Fr),
            "Porte-monnaie insuffisant : 5,00 € disponible, 8,00 € demandé"
        );
        let e = ServiceError::Sale(SaleError::Empty);
        assert_eq!(describe(&e, Lang::Fr), "le ticket n'a aucune ligne");
    }
}
