//! The setup screen's words, the four languages side by side: its title and lead, each
//! field's label and hint, each refusal, and the choice of what comes next.
//!
//! Invariants: every field and every error has all four languages (a tuple of four or one
//! [`Lang::pick`](crate::lang::Lang::pick), matches without wildcard, so a new field or
//! error does not compile without its words); nothing here names a key (the footer and
//! the help say which keys do what).

use super::Tr;
use crate::app::setup::{SetupError, SetupField};

impl Tr {
    /// The screen's title.
    pub fn setup_title(&self) -> &'static str {
        self.say4((
            "Set up the shop",
            "Installation de la boutique",
            "Winkel instellen",
            "Geschäft einrichten",
        ))
    }

    /// The line above the fields.
    pub fn setup_lead(&self) -> &'static str {
        self.say4((
            "First start on an empty database: nothing is invented. Describe your shop; \
             it is saved in the config file.",
            "Premier démarrage, base vide : rien n'est inventé. Décrivez votre boutique ; \
             c'est enregistré dans le fichier de configuration.",
            "Eerste start met een lege database: er wordt niets verzonnen. Beschrijf uw \
             winkel; dat komt in het configuratiebestand.",
            "Erster Start mit leerer Datenbank: nichts wird erfunden. Beschreiben Sie Ihr \
             Geschäft; es wird in der Konfigurationsdatei gespeichert.",
        ))
    }

    /// A field's label.
    pub fn setup_field(&self, f: SetupField) -> &'static str {
        use SetupField as F;
        self.say4(match f {
            F::Name => ("Shop name", "Nom du magasin", "Winkelnaam", "Geschäftsname"),
            F::Line1 => ("Address", "Adresse", "Adres", "Adresse"),
            F::Line2 => (
                "Address (more)",
                "Adresse (suite)",
                "Adres (vervolg)",
                "Adresszusatz",
            ),
            F::PostalCode => ("Postal code", "Code postal", "Postcode", "PLZ"),
            F::City => ("City", "Ville", "Plaats", "Ort"),
            F::Country => ("Country", "Pays", "Land", "Land"),
            F::Currency => ("Currency", "Devise", "Valuta", "Währung"),
            F::Language => ("Language", "Langue", "Taal", "Sprache"),
            F::Register => ("Register code", "Code de caisse", "Kassacode", "Kassencode"),
            F::VatNumber => ("VAT number", "N° de TVA", "Btw-nummer", "USt-IdNr."),
            F::VatRates => (
                "VAT rates %",
                "Taux de TVA %",
                "Btw-tarieven %",
                "MwSt.-Sätze %",
            ),
            F::Pin => ("Manager PIN", "PIN gérant", "Pincode beheer", "Chef-PIN"),
            F::PinAgain => (
                "PIN again",
                "PIN (bis)",
                "Herhaal pincode",
                "PIN wiederholen",
            ),
        })
    }

    /// The hint after a field's value ("" for none).
    pub fn setup_hint(&self, f: SetupField) -> &'static str {
        use SetupField as F;
        self.say4(match f {
            F::Line2 | F::VatNumber => ("optional", "facultatif", "optioneel", "optional"),
            F::VatRates => (
                "separated by /",
                "séparés par /",
                "gescheiden door /",
                "getrennt durch /",
            ),
            F::Register => (
                "on tickets: R1-000042",
                "sur les tickets : R1-000042",
                "op de bonnen: R1-000042",
                "auf den Bons: R1-000042",
            ),
            F::Pin => (
                "6 to 12 digits",
                "6 à 12 chiffres",
                "6 tot 12 cijfers",
                "6 bis 12 Ziffern",
            ),
            F::Name
            | F::Line1
            | F::PostalCode
            | F::City
            | F::Country
            | F::Currency
            | F::Language
            | F::PinAgain => ("", "", "", ""),
        })
    }

    /// Why a field is refused, in a sentence.
    pub fn setup_error(&self, e: &SetupError, country: &str) -> String {
        let l = self.lang;
        match e {
            SetupError::Required => self
                .say4(("Required.", "Obligatoire.", "Verplicht.", "Pflichtfeld."))
                .into(),
            SetupError::PostalCode => l.pick(
                format!("Not a postal code of {country}."),
                format!("Ce n'est pas un code postal de {country}."),
                format!("Geen postcode van {country}."),
                format!("Keine Postleitzahl von {country}."),
            ),
            SetupError::Register => self
                .say4((
                    "1 to 8 letters or digits.",
                    "1 à 8 lettres ou chiffres.",
                    "1 tot 8 letters of cijfers.",
                    "1 bis 8 Buchstaben oder Ziffern.",
                ))
                .into(),
            SetupError::VatNumber(detail) => detail.clone(),
            SetupError::VatRate(t) => l.pick(
                format!("`{t}` is not a rate between 0 and 100."),
                format!("« {t} » n'est pas un taux entre 0 et 100."),
                format!("'{t}' is geen tarief tussen 0 en 100."),
                format!("„{t}“ ist kein Satz zwischen 0 und 100."),
            ),
            SetupError::RateTwice(t) => l.pick(
                format!("{t} is written twice."),
                format!("{t} est écrit deux fois."),
                format!("{t} staat er twee keer."),
                format!("{t} steht zweimal da."),
            ),
            SetupError::PinShort => self
                .say4((
                    "At least 6 digits.",
                    "Au moins 6 chiffres.",
                    "Minstens 6 cijfers.",
                    "Mindestens 6 Ziffern.",
                ))
                .into(),
            SetupError::PinDigits => self
                .say4((
                    "Digits only, 6 to 12.",
                    "Des chiffres seulement, 6 à 12.",
                    "Alleen cijfers, 6 tot 12.",
                    "Nur Ziffern, 6 bis 12.",
                ))
                .into(),
            SetupError::PinMismatch => self
                .say4((
                    "The two PINs differ: type it again.",
                    "Les deux PIN diffèrent : retapez-le.",
                    "De twee pincodes verschillen: typ hem opnieuw.",
                    "Die beiden PINs sind verschieden: bitte erneut eintippen.",
                ))
                .into(),
        }
    }

    /// While the file is written.
    pub fn setup_saving(&self) -> &'static str {
        self.say4((
            "Saving the settings...",
            "Enregistrement des réglages...",
            "Instellingen opslaan...",
            "Einstellungen werden gespeichert...",
        ))
    }

    /// The file could not be written.
    pub fn setup_failed(&self, why: &str) -> String {
        self.lang.pick(
            format!("Not saved: {why}"),
            format!("Non enregistré : {why}"),
            format!("Niet opgeslagen: {why}"),
            format!("Nicht gespeichert: {why}"),
        )
    }

    /// Where the settings were written.
    pub fn setup_saved(&self, path: &str) -> String {
        self.lang.pick(
            format!("Settings saved to {path}."),
            format!("Réglages enregistrés dans {path}."),
            format!("Instellingen opgeslagen in {path}."),
            format!("Einstellungen gespeichert in {path}."),
        )
    }

    /// The question after saving, and its answers in order.
    pub fn setup_next(&self) -> (&'static str, [&'static str; 2]) {
        self.lang.pick(
            (
                "What next?",
                [
                    "Import customers now (a CSV or vCard file)",
                    "Start selling",
                ],
            ),
            (
                "Et maintenant ?",
                [
                    "Importer des clients (fichier CSV ou vCard)",
                    "Commencer à vendre",
                ],
            ),
            (
                "Wat nu?",
                [
                    "Nu klanten importeren (een CSV- of vCard-bestand)",
                    "Beginnen met verkopen",
                ],
            ),
            (
                "Wie weiter?",
                [
                    "Jetzt Kunden importieren (CSV- oder vCard-Datei)",
                    "Mit dem Verkauf beginnen",
                ],
            ),
        )
    }

    /// Said under the answers.
    pub fn setup_later(&self) -> &'static str {
        self.say4((
            "Customers can also be imported later, from the customers list.",
            "Les clients peuvent aussi être importés plus tard, depuis la liste des clients.",
            "Klanten kunnen ook later geïmporteerd worden, vanuit de klantenlijst.",
            "Kunden lassen sich auch später importieren, aus der Kundenliste.",
        ))
    }
}
