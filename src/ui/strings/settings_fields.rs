//! The settings screen's field words, the four languages side by side: each field's
//! label and what it is for.
//!
//! Invariants: each table is a `match` over the fields (the outer ones without wildcard,
//! so a new field does not compile until it is placed in a half; the halves' fallback is
//! never taken, and `settings.rs`'s test checks that every field has words in every
//! language); a label is at most `settings::LABEL_MAX` characters; nothing here names a
//! key.

use super::labels::Words;
use crate::app::settings::SettingsField;

/// A field's label (the fields in two halves, each a table).
pub(super) fn label(f: SettingsField) -> Words {
    use SettingsField as F;
    match f {
        F::Name
        | F::Address1
        | F::Address2
        | F::Address3
        | F::VatNumber
        | F::Country
        | F::Currency
        | F::Register
        | F::VatRates
        | F::Language
        | F::SearchFields
        | F::Advanced
        | F::Whatsapp
        | F::EmailSubject
        | F::Loyalty => label_first(f),
        F::PointsPerUnit
        | F::PointValue
        | F::MinRedeem
        | F::ExpiryMonths
        | F::Printer
        | F::Width
        | F::Header1
        | F::Header2
        | F::Footer1
        | F::Footer2
        | F::IdleMinutes
        | F::LockAfterSale
        | F::Smtp
        | F::Tls
        | F::From
        | F::User
        | F::Password => label_second(f),
        F::SmsUrl
        | F::SmsMethod
        | F::SmsContentType
        | F::SmsBody
        | F::SmsFrom
        | F::SmsAuthHeader
        | F::SmsAuth
        | F::PrepName(_)
        | F::PrepPrinter(_)
        | F::PrepCategories(_) => super::settings_sms::label(f),
    }
}

/// The labels of the shop, VAT, language, search and contact fields and the loyalty
/// switch.
fn label_first(f: SettingsField) -> Words {
    use SettingsField as F;
    match f {
        F::Name => ("Shop name", "Nom du magasin", "Winkelnaam", "Geschäftsname"),
        F::Address1 => (
            "Address line 1",
            "Adresse ligne 1",
            "Adresregel 1",
            "Adresszeile 1",
        ),
        F::Address2 => (
            "Address line 2",
            "Adresse ligne 2",
            "Adresregel 2",
            "Adresszeile 2",
        ),
        F::Address3 => (
            "Address line 3",
            "Adresse ligne 3",
            "Adresregel 3",
            "Adresszeile 3",
        ),
        F::VatNumber => ("VAT number", "N° de TVA", "Btw-nummer", "USt-IdNr."),
        F::Country => ("Country", "Pays", "Land", "Land"),
        F::Currency => ("Currency", "Devise", "Valuta", "Währung"),
        F::Register => ("Register code", "Code de caisse", "Kassacode", "Kassencode"),
        F::VatRates => (
            "VAT rates %",
            "Taux de TVA %",
            "Btw-tarieven %",
            "MwSt.-Sätze %",
        ),
        F::Language => ("Language", "Langue", "Taal", "Sprache"),
        F::SearchFields => (
            "Search fields",
            "Champs de recherche",
            "Zoekvelden",
            "Suchfelder",
        ),
        F::Advanced => (
            "Advanced at start",
            "Avancée d'emblée",
            "Uitgebreid starten",
            "Erweitert starten",
        ),
        F::Whatsapp => (
            "WhatsApp message",
            "Message WhatsApp",
            "WhatsApp-bericht",
            "WhatsApp-Nachricht",
        ),
        F::EmailSubject => (
            "E-mail subject",
            "Objet des e-mails",
            "E-mailonderwerp",
            "E-Mail-Betreff",
        ),
        F::Loyalty => (
            "Loyalty program",
            "Programme fidélité",
            "Spaarprogramma",
            "Treueprogramm",
        ),
        _ => ("", "", "", ""),
    }
}

/// The labels of the loyalty numbers and the receipt, session and e-mail fields.
fn label_second(f: SettingsField) -> Words {
    use SettingsField as F;
    match f {
        F::PointsPerUnit => (
            "Points per unit",
            "Points par unité",
            "Punten per eenheid",
            "Punkte je Einheit",
        ),
        F::PointValue => (
            "Value of a point",
            "Valeur d'un point",
            "Waarde van een punt",
            "Wert eines Punktes",
        ),
        F::MinRedeem => (
            "Fewest points used",
            "Minimum de points",
            "Minimum punten",
            "Mindestpunkte",
        ),
        F::ExpiryMonths => (
            "Expiry (months)",
            "Expiration (mois)",
            "Vervallen (mnd)",
            "Verfall (Monate)",
        ),
        F::Printer => (
            "Receipt printer",
            "Imprimante tickets",
            "Bonprinter",
            "Bondrucker",
        ),
        F::Width => (
            "Characters per line",
            "Caractères/ligne",
            "Tekens per regel",
            "Zeichen pro Zeile",
        ),
        F::Header1 => (
            "Header line 1",
            "En-tête ligne 1",
            "Kopregel 1",
            "Kopfzeile 1",
        ),
        F::Header2 => (
            "Header line 2",
            "En-tête ligne 2",
            "Kopregel 2",
            "Kopfzeile 2",
        ),
        F::Footer1 => ("Footer line 1", "Pied ligne 1", "Voetregel 1", "Fußzeile 1"),
        F::Footer2 => ("Footer line 2", "Pied ligne 2", "Voetregel 2", "Fußzeile 2"),
        F::IdleMinutes => (
            "Idle time (min)",
            "Inactivité (min)",
            "Inactief (min)",
            "Leerlauf (Min.)",
        ),
        F::LockAfterSale => (
            "Lock after a sale",
            "Verrou après vente",
            "Sluiten na verkoop",
            "Sperre nach Verkauf",
        ),
        F::Smtp => ("SMTP server", "Serveur SMTP", "SMTP-server", "SMTP-Server"),
        F::Tls => (
            "Encryption",
            "Chiffrement",
            "Versleuteling",
            "Verschlüsselung",
        ),
        F::From => ("Sender address", "Adresse d'envoi", "Afzender", "Absender"),
        F::User => (
            "SMTP login",
            "Identifiant SMTP",
            "SMTP-login",
            "SMTP-Benutzer",
        ),
        F::Password => (
            "SMTP password",
            "Mot de passe SMTP",
            "SMTP-wachtwoord",
            "SMTP-Passwort",
        ),
        _ => ("", "", "", ""),
    }
}

/// A field's hint (the fields in two halves, each a table).
pub(super) fn hint(f: SettingsField) -> Words {
    use SettingsField as F;
    match f {
        F::Name
        | F::Address1
        | F::Address2
        | F::Address3
        | F::VatNumber
        | F::Country
        | F::Currency
        | F::Register
        | F::VatRates
        | F::Language
        | F::SearchFields
        | F::Advanced
        | F::Whatsapp
        | F::EmailSubject
        | F::Loyalty => hint_first(f),
        F::PointsPerUnit
        | F::PointValue
        | F::MinRedeem
        | F::ExpiryMonths
        | F::Printer
        | F::Width
        | F::Header1
        | F::Header2
        | F::Footer1
        | F::Footer2
        | F::IdleMinutes
        | F::LockAfterSale
        | F::Smtp
        | F::Tls
        | F::From
        | F::User
        | F::Password => hint_second(f),
        F::SmsUrl
        | F::SmsMethod
        | F::SmsContentType
        | F::SmsBody
        | F::SmsFrom
        | F::SmsAuthHeader
        | F::SmsAuth
        | F::PrepName(_)
        | F::PrepPrinter(_)
        | F::PrepCategories(_) => super::settings_sms::hint(f),
    }
}

/// The hints of the shop, VAT, language, search and contact fields and the loyalty
/// switch.
fn hint_first(f: SettingsField) -> Words {
    use SettingsField as F;
    match f {
        F::Name => (
            "Printed at the top of every receipt.",
            "Imprimé en haut de chaque ticket.",
            "Bovenaan elke kassabon gedrukt.",
            "Oben auf jedem Kassenbon gedruckt.",
        ),
        F::Address1 | F::Address2 | F::Address3 => (
            "Printed under the name; an empty line is left out.",
            "Imprimée sous le nom ; une ligne vide est omise.",
            "Onder de naam gedrukt; een lege regel valt weg.",
            "Unter dem Namen gedruckt; eine leere Zeile entfällt.",
        ),
        F::VatNumber => (
            "Optional; checked for the country, printed on receipts.",
            "Facultatif ; vérifié pour le pays, imprimé sur les tickets.",
            "Optioneel; gecontroleerd voor het land, op de bonnen gedrukt.",
            "Optional; für das Land geprüft, auf den Bons gedruckt.",
        ),
        F::Country => (
            "The customers' default country (phones, postal codes).",
            "Le pays par défaut des clients (téléphones, codes postaux).",
            "Het standaardland van de klanten (telefoons, postcodes).",
            "Das Standardland der Kunden (Telefone, Postleitzahlen).",
        ),
        F::Currency => (
            "The currency of every amount.",
            "La devise de tous les montants.",
            "De valuta van elk bedrag.",
            "Die Währung aller Beträge.",
        ),
        F::Register => (
            "1 to 8 letters or digits, before each ticket number; a new code takes effect at the next start.",
            "1 à 8 lettres ou chiffres, devant chaque numéro de ticket ; un nouveau code vaut au prochain démarrage.",
            "1 tot 8 letters of cijfers, voor elk bonnummer; een nieuwe code geldt vanaf de volgende start.",
            "1 bis 8 Buchstaben oder Ziffern, vor jeder Bonnummer; ein neuer Code gilt ab dem nächsten Start.",
        ),
        F::VatRates => (
            "The rates products may carry, standard rate first, separated by /.",
            "Les taux que portent les articles, taux normal d'abord, séparés par /.",
            "De tarieven van de artikelen, normaal tarief eerst, gescheiden door /.",
            "Die Sätze der Artikel, Regelsatz zuerst, getrennt durch /.",
        ),
        F::Language => (
            "The screens' and receipts' language, and how amounts and dates are written.",
            "La langue des écrans et des tickets, et l'écriture des montants et des dates.",
            "De taal van schermen en bonnen, en hoe bedragen en datums geschreven worden.",
            "Die Sprache von Masken und Bons, und wie Beträge und Daten geschrieben werden.",
        ),
        F::SearchFields => (
            "Separated by commas: name, company, address, street, postal_code, city, country, phone, email, vat, reference, group.",
            "Séparés par des virgules : name, company, address, street, postal_code, city, country, phone, email, vat, reference, group.",
            "Gescheiden door komma's: name, company, address, street, postal_code, city, country, phone, email, vat, reference, group.",
            "Durch Kommas getrennt: name, company, address, street, postal_code, city, country, phone, email, vat, reference, group.",
        ),
        F::Advanced => (
            "The customer search starts with one value per field.",
            "La recherche de clients commence avec une valeur par champ.",
            "Het klant zoeken begint met één waarde per veld.",
            "Die Kundensuche beginnt mit einem Wert je Feld.",
        ),
        F::Whatsapp | F::EmailSubject => (
            "{first_name}, {last_name} and {shop} are replaced.",
            "{first_name}, {last_name} et {shop} sont remplacés.",
            "{first_name}, {last_name} en {shop} worden vervangen.",
            "{first_name}, {last_name} und {shop} werden ersetzt.",
        ),
        F::Loyalty => (
            "Off: no points are earned or spent.",
            "Désactivé : aucun point n'est gagné ni dépensé.",
            "Uit: er worden geen punten gespaard of besteed.",
            "Aus: keine Punkte werden gesammelt oder eingelöst.",
        ),
        _ => ("", "", "", ""),
    }
}

/// The hints of the loyalty numbers and the receipt, session and e-mail fields.
fn hint_second(f: SettingsField) -> Words {
    use SettingsField as F;
    match f {
        F::PointsPerUnit => (
            "Points earned per currency unit paid (0 to 1000).",
            "Points gagnés par unité de devise payée (0 à 1000).",
            "Punten per betaalde munteenheid (0 tot 1000).",
            "Punkte je bezahlter Währungseinheit (0 bis 1000).",
        ),
        F::PointValue => (
            "What one point pays (0.01: 100 points pay 1.00).",
            "Ce que paie un point (0,01 : 100 points paient 1,00).",
            "Wat één punt betaalt (0,01: 100 punten betalen 1,00).",
            "Was ein Punkt bezahlt (0,01: 100 Punkte bezahlen 1,00).",
        ),
        F::MinRedeem => (
            "The fewest points spent at once.",
            "Le moins de points dépensés en une fois.",
            "Het kleinste aantal punten dat in één keer besteed wordt.",
            "Die wenigsten Punkte, die auf einmal eingelöst werden.",
        ),
        F::ExpiryMonths => (
            "Months after which unspent points expire (0: never).",
            "Mois après lesquels les points non dépensés expirent (0 : jamais).",
            "Maanden waarna ongebruikte punten vervallen (0: nooit).",
            "Monate, nach denen nicht eingelöste Punkte verfallen (0: nie).",
        ),
        F::Printer => (
            "tcp://HOST:PORT, /dev/usb/lp0, serial:PATH:SPEED or file:PATH; empty: on screen only.",
            "tcp://HÔTE:PORT, /dev/usb/lp0, serial:CHEMIN:VITESSE ou file:CHEMIN ; vide : à l'écran seulement.",
            "tcp://HOST:POORT, /dev/usb/lp0, serial:PAD:SNELHEID of file:PAD; leeg: alleen op het scherm.",
            "tcp://HOST:PORT, /dev/usb/lp0, serial:PFAD:TEMPO oder file:PFAD; leer: nur am Bildschirm.",
        ),
        F::Width => (
            "24 to 80; 58 mm paper: 32, 80 mm paper: 48.",
            "24 à 80 ; papier de 58 mm : 32, de 80 mm : 48.",
            "24 tot 80; papier van 58 mm: 32, van 80 mm: 48.",
            "24 bis 80; Papier 58 mm: 32, 80 mm: 48.",
        ),
        F::Header1 | F::Header2 => (
            "Optional: under the shop's name and address (opening hours, a website).",
            "Facultatif : sous le nom et l'adresse (horaires, un site web).",
            "Optioneel: onder naam en adres van de winkel (openingsuren, een website).",
            "Optional: unter Name und Adresse (Öffnungszeiten, eine Website).",
        ),
        F::Footer1 | F::Footer2 => (
            "Optional: at the bottom of every receipt.",
            "Facultatif : en bas de chaque ticket.",
            "Optioneel: onderaan elke kassabon.",
            "Optional: unten auf jedem Kassenbon.",
        ),
        F::IdleMinutes => (
            "The manager role locks after this many minutes without a key (1 to 480).",
            "Le rôle gérant se verrouille après ces minutes sans touche (1 à 480).",
            "De beheerdersrol sluit na zoveel minuten zonder toets (1 tot 480).",
            "Die Chefrolle sperrt nach so vielen Minuten ohne Taste (1 bis 480).",
        ),
        F::LockAfterSale => (
            "A paid sale locks the manager role.",
            "Une vente encaissée verrouille le rôle gérant.",
            "Een betaalde verkoop sluit de beheerdersrol.",
            "Ein bezahlter Verkauf sperrt die Chefrolle.",
        ),
        F::Smtp => (
            "smtp://HOST:PORT; empty: nothing is e-mailed.",
            "smtp://HÔTE:PORT ; vide : rien n'est envoyé par e-mail.",
            "smtp://HOST:POORT; leeg: er wordt niets gemaild.",
            "smtp://HOST:PORT; leer: nichts wird gemailt.",
        ),
        F::Tls => (
            "starttls (the usual), tls (port 465) or none (a relay on this machine only).",
            "starttls (l'usage), tls (port 465) ou none (un relais sur cette machine seulement).",
            "starttls (gebruikelijk), tls (poort 465) of none (alleen een relay op deze machine).",
            "starttls (üblich), tls (Port 465) oder none (nur ein Relay auf diesem Rechner).",
        ),
        F::From => (
            "The address receipts are sent from.",
            "L'adresse d'où partent les tickets.",
            "Het adres waarvan de bonnen vertrekken.",
            "Die Adresse, von der die Bons kommen.",
        ),
        F::User => (
            "Optional: the server's login.",
            "Facultatif : l'identifiant sur le serveur.",
            "Optioneel: de login op de server.",
            "Optional: die Anmeldung am Server.",
        ),
        F::Password => (
            "Typed here, written only to the secrets file (its owner alone may read it), never shown.",
            "Tapé ici, écrit seulement dans le fichier des secrets (lisible par son seul propriétaire), jamais affiché.",
            "Hier getypt, alleen in het geheimenbestand geschreven (alleen de eigenaar leest het), nooit getoond.",
            "Hier getippt, nur in die Geheimnisdatei geschrieben (nur ihr Besitzer darf sie lesen), nie angezeigt.",
        ),
        _ => ("", "", "", ""),
    }
}
