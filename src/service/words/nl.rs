//! The service's refusals in Dutch.

use crate::domain::catalog::ProductError;
use crate::domain::loyalty::RedeemError;
use crate::domain::sale::SaleError;
use crate::lang::capitalised;
use crate::service::Refusal;

/// The Dutch of the English phrases the service puts inside its refusals.
fn phrase(en: &str) -> &str {
    match en {
        "a merge" => "samenvoegen",
        "closing the day" => "de dagafsluiting",
        "a refund or an exchange" => "een retour of ruil",
        "adding a product" => "een artikel toevoegen",
        "changing a product" => "een artikel wijzigen",
        "changing the customer groups" => "de klantgroepen wijzigen",
        "changing the settings" => "de instellingen wijzigen",
        "deleting a customer" => "een klant verwijderen",
        "giving a gift card to another customer" => "een cadeaukaart aan een andere klant geven",
        "moving a past sale" => "een eerdere verkoop verplaatsen",
        "a line at another price than its product's" => {
            "een regel met een andere prijs dan het artikel"
        }
        "gift card" => "cadeaukaart",
        "passing the customer's credit limit" => "de kredietlimiet van de klant overschrijden",
        "selling below cost" => "onder de inkoopprijs verkopen",
        "opening the cash drawer" => "de kassalade openen",
        "points" => "punten",
        "wallet" => "spaarpot",
        "credit" => "tegoed",
        "account" => "rekening",
        "code" => "code",
        "name" => "naam",
        "cash" => "contant",
        "card" => "pin",
        "gift_card" => "cadeaukaart",
        other => other,
    }
}

pub(super) fn refusal(r: &Refusal) -> String {
    use Refusal as R;
    match r {
        R::MergeWithItself => "een klant kan niet met zichzelf samengevoegd worden".into(),
        R::NoCustomer(id) => format!("geen klant {id}"),
        R::Anonymised(id) => format!("klant {id} is geanonimiseerd"),
        R::EmptyNote => "een notitie kan niet leeg zijn".into(),
        R::EmptySale => "een verkoop heeft minstens één regel".into(),
        R::ProductWithout(what) => format!("een artikel heeft een {} nodig", phrase(what)),
        R::Product(p) => product(p),
        R::NeedsManager(what) => format!(
            "{} vraagt de beheerder (pincode of ontgrendelde sessie)",
            capitalised(phrase(what))
        ),
        R::NeedsCustomer(what) => format!("{} vraagt een klant op de bon", phrase(what)),
        R::NotEnough {
            what,
            available,
            asked,
        } => format!(
            "Te weinig {}: {available} beschikbaar, {asked} gevraagd",
            phrase(what)
        ),
        R::OfflineLimit {
            what,
            allowed,
            spent,
        } => format!(
            "Offline: hoogstens {allowed} van {} per klant ({spent} hier besteed)",
            phrase(what)
        ),
        R::Redeem(e) => redeem(e),
        R::NoSale(n) => format!("geen verkoop {n}"),
        R::RefundOfRefund(n) => {
            format!("{n} is zelf een retour: neem de oorspronkelijke verkoop retour")
        }
        R::RefundOtherCustomer(n) => {
            format!("{n} hoort bij een andere klant: een retour gaat naar de klant van de verkoop")
        }
        R::NoSuchLine { number, line } => {
            format!("verkoop {number} heeft geen regel {line} om terug te geven")
        }
        R::RefundTooMuch {
            line,
            sold,
            refunded,
            asked,
        } => format!("regel {line}: {sold} verkocht, {refunded} al retour, {asked} gevraagd"),
        R::NothingToRefund(n) => format!("alles op {n} is al terugbetaald"),
        R::NotPositive => "het bedrag moet boven nul liggen".into(),
        R::PayInBy(m) => format!(
            "gestort geld komt contant of via pin, niet via {}",
            phrase(m)
        ),
        R::PointsSpent { earned, left } => format!(
            "de {earned} punten van de verkoop zijn al besteed ({left} over): ze kunnen niet \
             verplaatst worden"
        ),
        R::BalancesLeft(what) => {
            format!("de klant heeft nog saldo of schuld: {what}; reken dat eerst af")
        }
        R::NoGiftCard(c) => format!("geen cadeaukaart '{c}'"),
        R::FutureDay(d) => format!("{d} is nog niet begonnen: een dag wordt op de dag zelf of later afgesloten"),
        R::CountedBelowZero => "het getelde contant geld kan niet negatief zijn".into(),
        R::BadGiftCode(c) => {
            format!("'{c}' is geen cadeaukaartcode (letters en cijfers, hoogstens 40)")
        }
        R::EmptyTicket => "een lege bon kan niet geparkeerd worden".into(),
        R::TooManyParked { register, max } => {
            format!("kassa {register} heeft al {max} geparkeerde bonnen: haal er eerst een op")
        }
        R::ParkLabel(n) => {
            format!("de naam van een geparkeerde bon is één regel van hoogstens {n} tekens")
        }
        R::TicketTooBig(why) => format!("deze bon kan niet geparkeerd worden: {why}"),
        R::NoParkedTicket(id) => {
            format!("geen geparkeerde bon {id} op deze kassa (al opgehaald?)")
        }
        R::NoDrawer => "geen kassalade: die gaat open via een ESC/POS-bonprinter \
                        ([receipt] printer)"
            .into(),
        R::NoProduct(code) => format!("geen artikel met code {code:?}"),
        R::NoGroup(name) => format!("geen klantgroep {name:?}"),
        R::GroupInUse { name, customers } => format!(
            "groep {name:?} heeft {customers} klanten: zeg waar ze heen gaan (een andere groep, of geen)"
        ),
        R::GroupName(max) => format!("de naam van een groep is 1 tot {max} afdrukbare tekens"),
        R::NoPrintJob(id) => format!("geen printopdracht {id}"),
        R::AlreadyPrinted(id) => format!("printopdracht {id} is al afgedrukt"),
        R::PrintJobBusy(id) => format!("printopdracht {id} wordt nu verzonden"),
        R::NoMessage(id) => format!("geen bericht {id} in het postvak uit"),
        R::MessageSent(id) => format!("bericht {id} is al verzonden"),
        R::MessageBusy(id) => format!("bericht {id} wordt nu verzonden"),
        R::EmptyMessage => "een bericht heeft een onderwerp en een tekst nodig".into(),
        R::MessageTooLong(s, b) => format!(
            "het onderwerp van een bericht is één regel van hoogstens {s} tekens, de tekst hoogstens {b}"
        ),
        R::NoEmail(id) => format!("klant {id} heeft geen e-mailadres"),
        R::NoMarketingConsent(id) => format!(
            "klant {id} heeft niet ingestemd met commerciële e-mails: stuur een persoonlijk bericht, of niets"
        ),
        R::EmptySms => "een sms heeft een tekst nodig".into(),
        R::SmsTooLong(max) => format!("de tekst van een sms is hoogstens {max} tekens"),
        R::NoPhone(id) => format!("klant {id} heeft geen telefoonnummer waar een sms naartoe kan"),
        R::NoSmsConsent(id) => format!(
            "klant {id} heeft niet ingestemd met commerciële sms'jes: stuur een persoonlijk bericht, of niets"
        ),
    }
}

fn product(p: &ProductError) -> String {
    match p {
        ProductError::NegativePrice(v) => {
            format!("de prijs van een artikel kan niet negatief zijn ({v})")
        }
        ProductError::NegativeCost(v) => {
            format!("de inkoopprijs van een artikel kan niet negatief zijn ({v})")
        }
        ProductError::CheckDigit(code) => {
            format!("de code {code:?} heeft de vorm van een barcode (GTIN) maar het controlecijfer klopt niet")
        }
        ProductError::TooLong { field: f, max } => {
            format!(
                "het veld {} van een artikel is hoogstens {max} tekens",
                field(f)
            )
        }
        ProductError::Unprintable(f) => format!(
            "het veld {} van een artikel mag niet leeg zijn of stuurtekens bevatten",
            field(f)
        ),
    }
}

fn redeem(e: &RedeemError) -> String {
    match e {
        RedeemError::Disabled => "het spaarprogramma staat uit".into(),
        RedeemError::NotWhole { amount, value } => {
            format!("{amount} is geen heel aantal punten van {value} per punt")
        }
        RedeemError::BelowMinimum { min, points } => {
            format!("minstens {min} punten worden in één keer besteed ({points} gevraagd)")
        }
    }
}

pub(super) fn sale(s: &SaleError) -> String {
    use SaleError as S;
    match s {
        S::Empty => "de bon heeft geen regels".into(),
        S::Unbalanced { paid, total } => {
            format!("de betalingen komen op {paid} maar het totaal is {total}")
        }
        S::CashShort { tendered, total } => {
            format!("{tendered} dekt het totaal {total} niet")
        }
        S::ChangeNotCash { method } => format!(
            "een betaling via {} krijgt geen contant geld en geeft geen wisselgeld",
            phrase(method)
        ),
        S::BadChange {
            amount,
            tendered,
            change,
        } => format!("contant: {tendered} ontvangen voor {amount} kan geen {change} teruggeven"),
        S::CashWithoutTender => {
            "een contante betaling noemt het ontvangen bedrag en het wisselgeld".into()
        }
        S::GiftCardReference => {
            "een betaling met een cadeaukaart noemt de code van de kaart, en alleen die".into()
        }
        S::PaymentSign {
            method,
            amount,
            total,
        } => format!(
            "een betaling via {} van {amount} gaat tegen het totaal {total} in",
            phrase(method)
        ),
        S::MoneyInNotMoney { method } => format!(
            "opwaarderen of afbetalen op rekening gaat contant of via pin, niet via {}",
            phrase(method)
        ),
        S::BadMoneyIn => "een regel opwaarderen of afbetalen is één positief bedrag".into(),
        S::BadOrigin { line } => format!(
            "regel {line}: een teruggegeven regel noemt zijn oorspronkelijke regel, alleen bij \
             een retour"
        ),
    }
}

fn field(f: &str) -> &str {
    match f {
        "code" => "code",
        "name" => "naam",
        "category" => "categorie",
        other => other,
    }
}
