//! The setup screen's words, English and French side by side: its title and lead, each
//! field's label and hint, each refusal, and the choice of what comes next.
//!
//! Invariants: every field and every error has both languages (one `match` arm each, no
//! wildcard, so a new field or error does not compile without its words); nothing here
//! names a key (the footer and the help say which keys do what).

use super::Tr;
use crate::app::setup::{SetupError, SetupField};
use crate::app::state::Lang;

/// (English, French).
type Words = (&'static str, &'static str);

impl Tr {
    fn pick(&self, (en, fr): Words) -> &'static str {
        match self.lang {
            Lang::En => en,
            Lang::Fr => fr,
        }
    }

    /// The screen's title.
    pub fn setup_title(&self) -> &'static str {
        self.pick(("Set up the shop", "Installation de la boutique"))
    }

    /// The line above the fields.
    pub fn setup_lead(&self) -> &'static str {
        self.pick((
            "First start on an empty database: nothing is invented. Describe your shop; \
             it is saved in the config file.",
            "Premier démarrage, base vide : rien n'est inventé. Décrivez votre boutique ; \
             c'est enregistré dans le fichier de configuration.",
        ))
    }

    /// A field's label.
    pub fn setup_field(&self, f: SetupField) -> &'static str {
        use SetupField as F;
        self.pick(match f {
            F::Name => ("Shop name", "Nom du magasin"),
            F::Line1 => ("Address", "Adresse"),
            F::Line2 => ("Address (more)", "Adresse (suite)"),
            F::PostalCode => ("Postal code", "Code postal"),
            F::City => ("City", "Ville"),
            F::Country => ("Country", "Pays"),
            F::Currency => ("Currency", "Devise"),
            F::Language => ("Language", "Langue"),
            F::Register => ("Register code", "Code de caisse"),
            F::VatNumber => ("VAT number", "N° de TVA"),
            F::VatRates => ("VAT rates %", "Taux de TVA %"),
            F::Pin => ("Manager PIN", "PIN gérant"),
            F::PinAgain => ("PIN again", "PIN (bis)"),
        })
    }

    /// The hint after a field's value ("" for none).
    pub fn setup_hint(&self, f: SetupField) -> &'static str {
        use SetupField as F;
        self.pick(match f {
            F::Line2 | F::VatNumber => ("optional", "facultatif"),
            F::VatRates => ("separated by /", "séparés par /"),
            F::Register => ("on tickets: R1-000042", "sur les tickets : R1-000042"),
            F::Pin => ("6 to 12 digits", "6 à 12 chiffres"),
            F::Name
            | F::Line1
            | F::PostalCode
            | F::City
            | F::Country
            | F::Currency
            | F::Language
            | F::PinAgain => ("", ""),
        })
    }

    /// Why a field is refused, in a sentence.
    pub fn setup_error(&self, e: &SetupError, country: &str) -> String {
        let fr = self.lang == Lang::Fr;
        let pick = |en: String, fr_: String| if fr { fr_ } else { en };
        match e {
            SetupError::Required => self.pick(("Required.", "Obligatoire.")).into(),
            SetupError::PostalCode => pick(
                format!("Not a postal code of {country}."),
                format!("Ce n'est pas un code postal de {country}."),
            ),
            SetupError::Register => self
                .pick(("1 to 8 letters or digits.", "1 à 8 lettres ou chiffres."))
                .into(),
            SetupError::VatNumber(detail) => detail.clone(),
            SetupError::VatRate(t) => pick(
                format!("`{t}` is not a rate between 0 and 100."),
                format!("« {t} » n'est pas un taux entre 0 et 100."),
            ),
            SetupError::RateTwice(t) => pick(
                format!("{t} is written twice."),
                format!("{t} est écrit deux fois."),
            ),
            SetupError::PinShort => self
                .pick(("At least 6 digits.", "Au moins 6 chiffres."))
                .into(),
            SetupError::PinDigits => self
                .pick(("Digits only, 6 to 12.", "Des chiffres seulement, 6 à 12."))
                .into(),
            SetupError::PinMismatch => self
                .pick((
                    "The two PINs differ: type it again.",
                    "Les deux PIN diffèrent : retapez-le.",
                ))
                .into(),
        }
    }

    /// While the file is written.
    pub fn setup_saving(&self) -> &'static str {
        self.pick(("Saving the settings...", "Enregistrement des réglages..."))
    }

    /// The file could not be written.
    pub fn setup_failed(&self, why: &str) -> String {
        match self.lang {
            Lang::En => format!("Not saved: {why}"),
            Lang::Fr => format!("Non enregistré : {why}"),
        }
    }

    /// Where the settings were written.
    pub fn setup_saved(&self, path: &str) -> String {
        match self.lang {
            Lang::En => format!("Settings saved to {path}."),
            Lang::Fr => format!("Réglages enregistrés dans {path}."),
        }
    }

    /// The question after saving, and its answers in order.
    pub fn setup_next(&self) -> (&'static str, [&'static str; 2]) {
        match self.lang {
            Lang::En => (
                "What next?",
                [
                    "Import customers now (a CSV or vCard file)",
                    "Start selling",
                ],
            ),
            Lang::Fr => (
                "Et maintenant ?",
                [
                    "Importer des clients (fichier CSV ou vCard)",
                    "Commencer à vendre",
                ],
            ),
        }
    }

    /// Said under the answers.
    pub fn setup_later(&self) -> &'static str {
        self.pick((
            "Customers can also be imported later, from the customers list.",
            "Les clients peuvent aussi être importés plus tard, depuis la liste des clients.",
        ))
    }
}
