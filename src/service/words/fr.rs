//! The service's refusals in French.

use crate::domain::catalog::ProductError;
use crate::domain::loyalty::RedeemError;
use crate::domain::sale::SaleError;
use crate::lang::capitalised;
use crate::service::Refusal;

/// The French of the English phrases the service puts inside its refusals.
fn phrase(en: &str) -> &str {
    match en {
        "a merge" => "une fusion",
        "closing the day" => "la clôture de la journée",
        "a refund or an exchange" => "un remboursement ou un échange",
        "adding a product" => "l'ajout d'un article",
        "changing a product" => "la modification d'un article",
        "changing the customer groups" => "la modification des groupes de clients",
        "changing the settings" => "la modification des réglages",
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

pub(super) fn refusal(r: &Refusal) -> String {
    use Refusal as R;
    match r {
        R::MergeWithItself => "un client ne peut pas être fusionné avec lui-même".into(),
        R::NoCustomer(id) => format!("aucun client {id}"),
        R::Anonymised(id) => format!("le client {id} a été anonymisé"),
        R::EmptyNote => "une note ne peut pas être vide".into(),
        R::EmptySale => "une vente a au moins une ligne".into(),
        R::ProductWithout(what) => format!("un article doit avoir un {}", phrase(what)),
        R::Product(p) => product(p),
        R::NeedsManager(what) => format!(
            "{} demande le gérant (code PIN ou session déverrouillée)",
            capitalised(phrase(what))
        ),
        R::NeedsCustomer(what) => format!("{} demande un client sur le ticket", phrase(what)),
        R::NotEnough {
            what,
            available,
            asked,
        } => format!(
            "{} insuffisant : {available} disponible, {asked} demandé",
            capitalised(phrase(what))
        ),
        R::OfflineLimit {
            what,
            allowed,
            spent,
        } => format!(
            "Hors ligne : {allowed} de {} au plus par client ({spent} dépensé ici)",
            phrase(what)
        ),
        R::Redeem(e) => redeem(e),
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
            phrase(m)
        ),
        R::PointsSpent { earned, left } => format!(
            "les {earned} points de la vente sont déjà dépensés ({left} restants) : ils ne \
             peuvent pas être déplacés"
        ),
        R::BalancesLeft(what) => {
            format!("le client détient ou doit encore : {what} ; soldez-le d'abord")
        }
        R::NoGiftCard(c) => format!("aucune carte cadeau « {c} »"),
        R::FutureDay(d) => format!("le {d} n'a pas commencé : une journée se clôture le jour même ou après"),
        R::CountedBelowZero => "le montant compté en espèces ne peut pas être négatif".into(),
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
        R::NoProduct(code) => format!("aucun article de code {code:?}"),
        R::NoGroup(name) => format!("aucun groupe de clients {name:?}"),
        R::GroupInUse { name, customers } => format!(
            "le groupe {name:?} compte {customers} clients : dites où ils vont (un autre groupe, ou aucun)"
        ),
        R::GroupName(max) => format!("le nom d'un groupe a 1 à {max} caractères imprimables"),
        R::NoPrintJob(id) => format!("aucune impression {id}"),
        R::AlreadyPrinted(id) => format!("l'impression {id} est déjà faite"),
        R::PrintJobBusy(id) => format!("l'impression {id} est en cours d'envoi"),
        R::NoMessage(id) => format!("aucun message {id} dans la boîte d'envoi"),
        R::MessageSent(id) => format!("le message {id} est déjà envoyé"),
        R::MessageBusy(id) => format!("le message {id} est en cours d'envoi"),
        R::EmptyMessage => "un message a besoin d'un objet et d'un texte".into(),
        R::MessageTooLong(s, b) => format!(
            "l'objet d'un message tient sur une ligne de {s} caractères au plus, et son texte en fait {b} au plus"
        ),
        R::NoEmail(id) => format!("le client {id} n'a pas d'adresse e-mail"),
        R::NoMarketingConsent(id) => format!(
            "le client {id} n'a pas accepté les e-mails commerciaux : envoyez un message personnel, ou rien"
        ),
        R::EmptySms => "un SMS a besoin d'un texte".into(),
        R::SmsTooLong(max) => format!("le texte d'un SMS fait {max} caractères au plus"),
        R::NoPhone(id) => format!("le client {id} n'a pas de numéro de téléphone où envoyer un SMS"),
        R::NoSmsConsent(id) => format!(
            "le client {id} n'a pas accepté les SMS commerciaux : envoyez un message personnel, ou rien"
        ),
    }
}

fn product(p: &ProductError) -> String {
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
        ProductError::TooLong { field: f, max } => {
            format!(
                "le champ {} d'un article a {max} caractères au plus",
                field(f)
            )
        }
        ProductError::Unprintable(f) => format!(
            "le champ {} d'un article ne peut être vide ni contenir de caractères de contrôle",
            field(f)
        ),
    }
}

fn redeem(e: &RedeemError) -> String {
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

pub(super) fn sale(s: &SaleError) -> String {
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
            phrase(method)
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
            phrase(method)
        ),
        S::MoneyInNotMoney { method } => format!(
            "un rechargement ou un règlement de compte se paie en espèces ou par carte, pas \
             en {}",
            phrase(method)
        ),
        S::BadMoneyIn => "une ligne de rechargement ou de règlement est un montant positif".into(),
        S::BadOrigin { line } => format!(
            "ligne {line} : une ligne rendue désigne sa ligne d'origine, sur un remboursement \
             seulement"
        ),
    }
}

fn field(f: &str) -> &str {
    match f {
        "code" => "code",
        "name" => "nom",
        "category" => "catégorie",
        other => other,
    }
}
