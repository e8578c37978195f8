//! The service's refusals in German.

use crate::domain::catalog::ProductError;
use crate::domain::loyalty::RedeemError;
use crate::domain::sale::SaleError;
use crate::lang::capitalised;
use crate::service::Refusal;

/// The German of the English phrases the service puts inside its refusals.
fn phrase(en: &str) -> &str {
    match en {
        "a merge" => "ein Zusammenführen",
        "closing the day" => "der Tagesabschluss",
        "a refund or an exchange" => "eine Erstattung oder ein Umtausch",
        "adding a product" => "das Anlegen eines Artikels",
        "changing a product" => "das Ändern eines Artikels",
        "changing the customer groups" => "das Ändern der Kundengruppen",
        "changing the settings" => "das Ändern der Einstellungen",
        "deleting a customer" => "das Löschen eines Kunden",
        "giving a gift card to another customer" => "eine Geschenkkarte einem anderen Kunden geben",
        "moving a past sale" => "einen früheren Verkauf umbuchen",
        "a line at another price than its product's" => {
            "eine Zeile zu einem anderen Preis als der Artikel"
        }
        "gift card" => "Geschenkkarte",
        "passing the customer's credit limit" => "das Kreditlimit des Kunden überschreiten",
        "selling below cost" => "unter Einkaufspreis verkaufen",
        "opening the cash drawer" => "das Öffnen der Kassenlade",
        "points" => "Punkte",
        "wallet" => "Guthaben",
        "credit" => "Gutschrift",
        "account" => "Rechnung",
        "code" => "Code",
        "name" => "Name",
        "cash" => "bar",
        "card" => "Karte",
        "gift_card" => "Geschenkkarte",
        other => other,
    }
}

pub(super) fn refusal(r: &Refusal) -> String {
    use Refusal as R;
    match r {
        R::MergeWithItself => "ein Kunde kann nicht mit sich selbst zusammengeführt werden".into(),
        R::NoCustomer(id) => format!("kein Kunde {id}"),
        R::Anonymised(id) => format!("Kunde {id} wurde anonymisiert"),
        R::EmptyNote => "eine Notiz kann nicht leer sein".into(),
        R::EmptySale => "ein Verkauf hat mindestens eine Zeile".into(),
        R::ProductWithout(what) => format!("ein Artikel braucht: {}", phrase(what)),
        R::Product(p) => product(p),
        R::NeedsManager(what) => format!(
            "{} braucht den Chef (PIN oder entsperrte Sitzung)",
            capitalised(phrase(what))
        ),
        R::NeedsCustomer(what) => format!(
            "{} braucht einen Kunden auf dem Bon",
            capitalised(phrase(what))
        ),
        R::NotEnough {
            what,
            available,
            asked,
        } => format!(
            "Nicht genug {}: {available} verfügbar, {asked} verlangt",
            phrase(what)
        ),
        R::OfflineLimit {
            what,
            allowed,
            spent,
        } => format!(
            "Offline: höchstens {allowed} {} je Kunde ({spent} hier ausgegeben)",
            phrase(what)
        ),
        R::Redeem(e) => redeem(e),
        R::NoSale(n) => format!("kein Verkauf {n}"),
        R::RefundOfRefund(n) => {
            format!("{n} ist selbst eine Erstattung: den ursprünglichen Verkauf erstatten")
        }
        R::RefundOtherCustomer(n) => {
            format!(
                "{n} gehört einem anderen Kunden: eine Erstattung geht an den Kunden des Verkaufs"
            )
        }
        R::NoSuchLine { number, line } => {
            format!("Verkauf {number} hat keine Zeile {line} zum Erstatten")
        }
        R::RefundTooMuch {
            line,
            sold,
            refunded,
            asked,
        } => format!("Zeile {line}: {sold} verkauft, {refunded} schon erstattet, {asked} verlangt"),
        R::NothingToRefund(n) => format!("alles auf {n} wurde bereits erstattet"),
        R::NotPositive => "der Betrag muss über null liegen".into(),
        R::PayInBy(m) => format!(
            "eingezahltes Geld kommt bar oder per Karte, nicht als {}",
            phrase(m)
        ),
        R::PointsSpent { earned, left } => format!(
            "die {earned} Punkte des Verkaufs sind schon eingelöst ({left} übrig): sie können \
             nicht umgebucht werden"
        ),
        R::BalancesLeft(what) => {
            format!("der Kunde hat noch Guthaben oder Schulden: {what}; zuerst ausgleichen")
        }
        R::NoGiftCard(c) => format!("keine Geschenkkarte „{c}“"),
        R::FutureDay(d) => format!("der {d} hat noch nicht begonnen: ein Tag wird am selben Tag oder danach abgeschlossen"),
        R::CountedBelowZero => "das gezählte Bargeld kann nicht negativ sein".into(),
        R::BadGiftCode(c) => {
            format!("„{c}“ ist kein Geschenkkartencode (Buchstaben und Ziffern, höchstens 40)")
        }
        R::EmptyTicket => "ein leerer Bon kann nicht geparkt werden".into(),
        R::TooManyParked { register, max } => {
            format!("Kasse {register} hat schon {max} geparkte Bons: zuerst einen zurückholen")
        }
        R::ParkLabel(n) => {
            format!("die Bezeichnung eines geparkten Bons ist eine Zeile von höchstens {n} Zeichen")
        }
        R::TicketTooBig(why) => format!("dieser Bon kann nicht geparkt werden: {why}"),
        R::NoParkedTicket(id) => {
            format!("kein geparkter Bon {id} an dieser Kasse (schon zurückgeholt?)")
        }
        R::NoDrawer => "keine Kassenlade: sie öffnet über einen ESC/POS-Bondrucker \
                        ([receipt] printer)"
            .into(),
        R::NoProduct(code) => format!("kein Artikel mit dem Code {code:?}"),
        R::NoGroup(name) => format!("keine Kundengruppe {name:?}"),
        R::GroupInUse { name, customers } => format!(
            "die Gruppe {name:?} hat {customers} Kunden: sagen Sie, wohin sie kommen (eine andere Gruppe oder keine)"
        ),
        R::GroupName(max) => format!("der Name einer Gruppe hat 1 bis {max} druckbare Zeichen"),
        R::NoPrintJob(id) => format!("kein Druckauftrag {id}"),
        R::AlreadyPrinted(id) => format!("Druckauftrag {id} wurde schon gedruckt"),
        R::PrintJobBusy(id) => format!("Druckauftrag {id} wird gerade gesendet"),
        R::NoMessage(id) => format!("keine Nachricht {id} im Postausgang"),
        R::MessageSent(id) => format!("Nachricht {id} wurde schon gesendet"),
        R::MessageBusy(id) => format!("Nachricht {id} wird gerade gesendet"),
        R::EmptyMessage => "eine Nachricht braucht einen Betreff und einen Text".into(),
        R::MessageTooLong(s, b) => format!(
            "der Betreff einer Nachricht ist eine Zeile mit höchstens {s} Zeichen, der Text höchstens {b}"
        ),
        R::NoEmail(id) => format!("Kunde {id} hat keine E-Mail-Adresse"),
        R::NoMarketingConsent(id) => format!(
            "Kunde {id} hat Werbe-E-Mails nicht zugestimmt: senden Sie eine persönliche Nachricht oder nichts"
        ),
        R::EmptySms => "eine SMS braucht einen Text".into(),
        R::SmsTooLong(max) => format!("der Text einer SMS hat höchstens {max} Zeichen"),
        R::NoPhone(id) => format!("Kunde {id} hat keine Telefonnummer, an die eine SMS gehen kann"),
        R::NoSmsConsent(id) => format!(
            "Kunde {id} hat Werbe-SMS nicht zugestimmt: senden Sie eine persönliche Nachricht oder nichts"
        ),
    }
}

fn product(p: &ProductError) -> String {
    match p {
        ProductError::NegativePrice(v) => {
            format!("der Preis eines Artikels kann nicht negativ sein ({v})")
        }
        ProductError::NegativeCost(v) => {
            format!("der Einkaufspreis eines Artikels kann nicht negativ sein ({v})")
        }
        ProductError::CheckDigit(code) => {
            format!("der Code {code:?} hat die Form eines Barcodes (GTIN), aber seine Prüfziffer ist falsch")
        }
        ProductError::TooLong { field: f, max } => {
            format!(
                "das Feld {} eines Artikels hat höchstens {max} Zeichen",
                field(f)
            )
        }
        ProductError::Unprintable(f) => format!(
            "das Feld {} eines Artikels darf weder leer sein noch Steuerzeichen enthalten",
            field(f)
        ),
    }
}

fn redeem(e: &RedeemError) -> String {
    match e {
        RedeemError::Disabled => "das Treueprogramm ist aus".into(),
        RedeemError::NotWhole { amount, value } => {
            format!("{amount} ist keine ganze Zahl von Punkten zu je {value}")
        }
        RedeemError::BelowMinimum { min, points } => {
            format!("mindestens {min} Punkte werden auf einmal eingelöst ({points} verlangt)")
        }
    }
}

pub(super) fn sale(s: &SaleError) -> String {
    use SaleError as S;
    match s {
        S::Empty => "der Bon hat keine Zeilen".into(),
        S::Unbalanced { paid, total } => {
            format!("die Zahlungen ergeben {paid}, aber die Summe ist {total}")
        }
        S::CashShort { tendered, total } => {
            format!("{tendered} deckt die Summe {total} nicht")
        }
        S::ChangeNotCash { method } => format!(
            "eine Zahlung als {} nimmt kein Bargeld an und gibt kein Rückgeld",
            phrase(method)
        ),
        S::BadChange {
            amount,
            tendered,
            change,
        } => format!("bar: {tendered} gegeben für {amount} kann nicht {change} zurückgeben"),
        S::CashWithoutTender => {
            "eine Barzahlung nennt den gegebenen Betrag und das Rückgeld".into()
        }
        S::GiftCardReference => {
            "eine Zahlung mit Geschenkkarte nennt den Code der Karte, und nur ihn".into()
        }
        S::PaymentSign {
            method,
            amount,
            total,
        } => format!(
            "eine Zahlung als {} über {amount} läuft gegen die Summe {total}",
            phrase(method)
        ),
        S::MoneyInNotMoney { method } => format!(
            "eine Aufladung oder Einzahlung auf Rechnung wird bar oder per Karte bezahlt, \
             nicht als {}",
            phrase(method)
        ),
        S::BadMoneyIn => "eine Zeile Aufladung oder Einzahlung ist ein positiver Betrag".into(),
        S::BadOrigin { line } => format!(
            "Zeile {line}: eine erstattete Zeile nennt ihre ursprüngliche Zeile, nur bei einer \
             Erstattung"
        ),
    }
}

fn field(f: &str) -> &str {
    match f {
        "code" => "Code",
        "name" => "Name",
        "category" => "Kategorie",
        other => other,
    }
}
