//! Labels: a form field's name, a key's word in the footer, the titles and refusals of the
//! small popups (unit price, quantity, refund), in the four languages side by side.
//!
//! Invariants: every field and every command has its four words in one row (a tuple the
//! compiler counts), the matches have no wildcard, so a new field or command does not
//! compile without its words; a footer word is one short real word (issue 17: the footer
//! at 80 columns shows whole words, a test renders each screen's in every language).

use super::Tr;
use crate::app::form::FieldKey;
use crate::keys::Command;

/// (English, French, Dutch, German).
pub(super) type Words = (&'static str, &'static str, &'static str, &'static str);

impl Tr {
    /// The word of this language.
    pub(super) fn say4(&self, (en, fr, nl, de): Words) -> &'static str {
        self.lang.pick(en, fr, nl, de)
    }

    /// A form field's label.
    pub fn field(&self, k: FieldKey) -> &'static str {
        use FieldKey as F;
        self.say4(match k {
            F::Kind => ("Kind", "Type", "Soort", "Art"),
            F::Title => ("Title", "Civilité", "Aanhef", "Anrede"),
            F::FirstName => ("First name", "Prénom", "Voornaam", "Vorname"),
            F::LastName => ("Last name", "Nom", "Achternaam", "Nachname"),
            F::Company => ("Company", "Société", "Bedrijf", "Firma"),
            F::Phone => ("Phone", "Téléphone", "Telefoon", "Telefon"),
            F::Email => ("E-mail", "E-mail", "E-mail", "E-Mail"),
            F::Phone2 => ("Phone 2", "Téléphone 2", "Telefoon 2", "Telefon 2"),
            F::Line1 => ("Street", "Adresse", "Straat", "Straße"),
            F::Line2 => ("Address 2", "Complément", "Adres 2", "Adresszusatz"),
            F::PostalCode => ("Postal code", "Code postal", "Postcode", "PLZ"),
            F::City => ("City", "Ville", "Plaats", "Ort"),
            F::Country => ("Country", "Pays", "Land", "Land"),
            F::Position => ("Position", "Position GPS", "GPS-positie", "GPS-Position"),
            F::Vat => ("VAT number", "N° TVA", "Btw-nummer", "USt-IdNr."),
            F::CompanyNumber => ("Company no.", "SIREN/SIRET", "KvK-nummer", "HRB-Nr."),
            F::IdDocument => ("ID document", "Pièce d'identité", "ID-bewijs", "Ausweis"),
            F::Group => ("Group", "Groupe", "Groep", "Gruppe"),
            F::Tax => ("Tax", "Taxe", "Btw", "Steuer"),
            F::CreditLimit => (
                "Credit limit",
                "Plafond compte",
                "Kredietlimiet",
                "Kreditlimit",
            ),
            F::Iban => ("IBAN", "IBAN", "IBAN", "IBAN"),
            F::Bic => ("BIC", "BIC", "BIC", "BIC"),
            F::MandateRef => ("Mandate ref.", "Réf. mandat", "Machtiging", "Mandatsref."),
            F::SignedOn => ("Signed on", "Signé le", "Getekend op", "Unterschr. am"),
            F::MarketingEmail => (
                "Mkt e-mail",
                "Pub e-mail",
                "Reclame e-mail",
                "Werbung E-Mail",
            ),
            F::MarketingSms => ("Mkt SMS", "Pub SMS", "Reclame SMS", "Werbung SMS"),
            F::ReceiptEmail => (
                "Receipt e-mail",
                "Ticket e-mail",
                "Bon per e-mail",
                "Bon per E-Mail",
            ),
            F::ReceiptSms => ("Receipt SMS", "Ticket SMS", "Bon per SMS", "Bon per SMS"),
            F::References => ("Cards", "Cartes", "Kaarten", "Karten"),
            F::PersonalNote => (
                "Internal note",
                "Note interne",
                "Interne notitie",
                "Interne Notiz",
            ),
            F::PublicNote => (
                "Public note",
                "Note publique",
                "Openbare notitie",
                "Öffentl. Notiz",
            ),
            F::ProductName => ("Name", "Libellé", "Naam", "Name"),
            F::ProductPrice => ("Price", "Prix", "Prijs", "Preis"),
            F::ProductTax => ("VAT %", "TVA %", "Btw %", "MwSt. %"),
            F::ProductCost => (
                "Cost (optional)",
                "Coût (facultatif)",
                "Inkoop (optioneel)",
                "Einkauf (optional)",
            ),
            F::ProductCode => ("Code", "Code", "Code", "Code"),
            F::ProductCategory => ("Category", "Rayon", "Categorie", "Kategorie"),
            F::GroupName => ("Name", "Nom", "Naam", "Name"),
            F::GroupDiscount => ("Discount %", "Remise %", "Korting %", "Rabatt %"),
        })
    }

    /// The title of the popup that changes a ticket line's unit price.
    pub fn unit_price_title(&self) -> &'static str {
        self.say4(("Unit price", "Prix unitaire", "Stukprijs", "Stückpreis"))
    }

    /// Shown in the quantity popup when the quantity typed is refused.
    pub fn quantity_bad(&self) -> &'static str {
        self.say4((
            "Not a quantity: type e.g. 2 or 0.5",
            "Quantité invalide : tapez ex. 2 ou 0,5",
            "Geen aantal: typ bv. 2 of 0,5",
            "Keine Menge: z. B. 2 oder 0,5 eintippen",
        ))
    }

    /// Shown in the price popup when the amount typed is refused.
    pub fn unit_price_bad(&self) -> &'static str {
        self.say4((
            "Not a price: type e.g. 4.50",
            "Prix invalide : tapez ex. 4,50",
            "Geen prijs: typ bv. 4,50",
            "Kein Preis: z. B. 4,50 eintippen",
        ))
    }

    /// What the refund window says when it refused a key.
    pub fn refund_note(&self, n: &crate::app::state::RefundNote) -> String {
        use crate::app::state::RefundNote as N;
        match n {
            N::TooMuch { left } => {
                let left = self.lang.quantity(*left);
                self.lang.pick(
                    format!("At most {left} left to give back on this line."),
                    format!("Au plus {left} à rendre sur cette ligne."),
                    format!("Nog hoogstens {left} terug te geven op deze regel."),
                    format!("Höchstens noch {left} auf dieser Zeile zu erstatten."),
                )
            }
            N::NotANumber => self.ledger.not_a_number.into(),
            N::NothingChosen => self.ledger.nothing_chosen.into(),
            N::TicketNotEmpty => self
                .say4((
                    "The ticket holds lines: pay or clear it before an exchange.",
                    "Le ticket a des lignes : encaissez-le ou videz-le avant un échange.",
                    "De bon heeft regels: reken af of maak hem leeg voor een ruil.",
                    "Der Bon hat Zeilen: vor einem Umtausch bezahlen oder leeren.",
                ))
                .into(),
        }
    }

    /// "exchange of R1-000012" (the ticket's title during an exchange).
    /// A ticket line at its customer group's special price (after the item's name).
    pub fn group_price(&self, group: &str) -> String {
        let group = crate::sanitize::clean(group);
        self.lang.pick(
            format!("{group} price"),
            format!("prix {group}"),
            format!("prijs {group}"),
            format!("Preis {group}"),
        )
    }

    pub fn exchange_of(&self, number: &str) -> String {
        let number = crate::sanitize::clean(number);
        self.lang.pick(
            format!("exchange of {number}"),
            format!("échange de {number}"),
            format!("ruil van {number}"),
            format!("Umtausch von {number}"),
        )
    }

    /// After the exchange key in the refund window.
    pub fn exchange_instead(&self) -> &'static str {
        self.say4((
            "Exchange instead",
            "Échanger plutôt",
            "Liever ruilen",
            "Stattdessen tauschen",
        ))
    }

    /// The footer label of a command (what the key does here); "" for the keys that move
    /// or edit, which the footer does not list.
    pub fn command(&self, c: Command) -> &'static str {
        use Command as C;
        self.say4(match c {
            C::Quit => ("Quit", "Quitter", "Stop", "Ende"),
            C::Help => ("Help", "Aide", "Help", "Hilfe"),
            // The help overlay's footer: what its keys do there.
            C::Down => ("Scroll", "Défiler", "Scrollen", "Blättern"),
            C::PageDown => ("Page", "Page", "Pagina", "Seite"),
            C::Back => ("Back", "Retour", "Terug", "Zurück"),
            C::Confirm => ("OK", "OK", "OK", "OK"),
            C::Customer => ("Customer", "Client", "Klant", "Kunde"),
            C::OpenCard => ("Info", "Fiche", "Info", "Info"),
            C::Detach => ("Detach", "Détacher", "Ontkoppel", "Lösen"),
            C::Products => ("Items", "Articles", "Artikel", "Artikel"),
            C::Quantity => ("Qty", "Qté", "Aantal", "Menge"),
            C::RemoveLine => ("Remove", "Retirer", "Wissen", "Löschen"),
            C::PayCash => ("Pay", "Encaisser", "Afrekenen", "Bezahlen"),
            C::PayCard => ("Card", "Carte", "Pin", "Karte"),
            C::CustomersList => ("List", "Liste", "Lijst", "Liste"),
            C::Manager => ("Manager", "Gérant", "Beheer", "Chef"),
            C::EditPrice => ("Price", "Prix", "Prijs", "Preis"),
            C::TopUp => ("Top up", "Recharger", "Opwaarderen", "Aufladen"),
            C::Park => ("Park", "Attente", "Parkeer", "Parken"),
            C::Recall => ("Recall", "Reprendre", "Ophalen", "Holen"),
            C::OpenDrawer => ("Drawer", "Tiroir", "Lade", "Lade"),
            C::ToggleAdvanced => ("Advanced", "Avancé", "Uitgebreid", "Erweitert"),
            C::ChooseFields => ("Fields", "Champs", "Velden", "Felder"),
            C::NewCustomer => ("New", "Nouveau", "Nieuw", "Neu"),
            C::NextTab | C::PrevTab => ("Next tab", "Onglet", "Tabblad", "Reiter"),
            C::Edit => ("Edit", "Modifier", "Wijzig", "Ändern"),
            C::Reprint => ("Reprint", "Réimprimer", "Herdruk", "Nachdruck"),
            C::MoveSale => ("Move", "Déplacer", "Verplaats", "Umbuchen"),
            C::Refund => ("Refund", "Rembourser", "Retour", "Erstatten"),
            C::Exchange => ("Exchange", "Échanger", "Ruilen", "Tauschen"),
            C::Apply => ("Do it", "Exécuter", "Uitvoeren", "Ausführen"),
            C::Sort => ("Sort", "Tri", "Sorteer", "Sortieren"),
            C::Reverse => ("Order", "Ordre", "Volgorde", "Reihenfolge"),
            C::Import => ("Import", "Importer", "Import", "Import"),
            C::Catalogue => ("Products", "Articles", "Artikelen", "Artikel"),
            C::Groups => ("Groups", "Groupes", "Groepen", "Gruppen"),
            C::Reports => ("Reports", "Rapports", "Rapporten", "Berichte"),
            C::Today => ("Today", "Aujourd'hui", "Vandaag", "Heute"),
            C::ThisMonth => ("This month", "Ce mois", "Deze maand", "Dieser Monat"),
            C::LastMonth => ("Last month", "Mois dernier", "Vorige maand", "Vormonat"),
            C::CloseDay => ("Close day", "Clôturer", "Afsluiten", "Abschließen"),
            C::Settings => ("Settings", "Réglages", "Instellingen", "Einstellungen"),
            C::Outbox => ("Outbox", "Envois", "Postvak", "Postausgang"),
            C::Retry => ("Retry", "Renvoyer", "Opnieuw", "Erneut"),
            C::RetryAll => ("Retry all", "Tout renvoyer", "Alle opnieuw", "Alle erneut"),
            C::Filter => ("Filter", "Filtrer", "Filter", "Filter"),
            C::Add => ("Add", "Ajouter", "Nieuw", "Neu"),
            C::Archive => ("Archive", "Archiver", "Archief", "Archiv"),
            C::Remove => ("Delete", "Supprimer", "Wissen", "Löschen"),
            C::Prices => ("Prices", "Prix", "Prijzen", "Preise"),
            C::Preset => ("Preset", "Modèle", "Sjabloon", "Vorlage"),
            C::Save => ("Save", "Enregistrer", "Opslaan", "Speichern"),
            C::Toggle => ("Toggle", "Basculer", "Wissel", "Umschalten"),
            C::Sms => ("SMS", "SMS", "Sms", "SMS"),
            C::NextField => ("Next", "Suivant", "Volgende", "Weiter"),
            C::PrevField => ("Prev", "Précédent", "Vorige", "Vorher"),
            C::Up
            | C::PageUp
            | C::Left
            | C::Right
            | C::Home
            | C::End
            | C::Backspace
            | C::Delete => ("", "", "", ""),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::tr;
    use crate::lang::Lang;

    #[test]
    fn every_field_has_a_label_in_every_language() {
        for lang in Lang::ALL {
            for k in crate::app::form::ALL {
                assert!(!tr(lang).field(k).trim().is_empty(), "{lang:?} {k:?}");
            }
        }
    }
}
