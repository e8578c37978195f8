//! The settings screen's words, the four languages side by side: its title, the
//! sections, each field's label and hint, each refusal, what the screen says while it
//! reads and writes, and its status messages.
//!
//! Invariants: every section, field and error has all four languages (a tuple of four or
//! one [`Lang::pick`](crate::lang::Lang::pick), matches without wildcard, so a new one
//! does not compile without its words); a label is at most [`LABEL_MAX`] characters in
//! every language (a test checks it: the label column never cuts one); nothing here
//! names a key (the footer and the help say which keys do what); values from the files
//! (paths, the config's own refusals) are sanitised here.

use super::labels::Words;
use super::settings_fields::{hint, label};
use super::Tr;
use crate::app::settings::{Notice, Section, SettingsError, SettingsField};
use crate::app::state::Msg;
use crate::sanitize::clean;

/// The longest label, in characters (the screen's label column).
pub const LABEL_MAX: usize = 19;

impl Tr {
    /// The screen's title.
    pub fn settings_title(&self) -> &'static str {
        self.say4(("Settings", "Réglages", "Instellingen", "Einstellungen"))
    }

    /// A section's name.
    pub fn settings_section(&self, s: Section) -> &'static str {
        self.say4(match s {
            Section::Shop => ("Shop", "Boutique", "Winkel", "Geschäft"),
            Section::Vat => ("VAT rates", "Taux de TVA", "Btw-tarieven", "MwSt.-Sätze"),
            Section::Language => ("Language", "Langue", "Taal", "Sprache"),
            Section::Search => ("Search", "Recherche", "Zoeken", "Suche"),
            Section::Contact => ("Contact", "Contact", "Contact", "Kontakt"),
            Section::Loyalty => ("Loyalty", "Fidélité", "Loyaliteit", "Treue"),
            Section::Receipt => ("Receipt", "Ticket", "Kassabon", "Kassenbon"),
            Section::Session => ("Session", "Session", "Sessie", "Sitzung"),
            Section::Email => ("E-mail", "E-mail", "E-mail", "E-Mail"),
            Section::Sms => ("SMS", "SMS", "Sms", "SMS"),
            Section::Prep => ("Preparation", "Préparation", "Bereiding", "Zubereitung"),
        })
    }

    /// A field's label (a station's name with the station's number).
    pub fn settings_field(&self, f: SettingsField) -> String {
        let word = self.say4(label(f));
        match f {
            SettingsField::PrepName(row) => format!("{word} {}", row + 1),
            _ => word.to_string(),
        }
    }

    /// What a field is for, shown under the section for the focused field.
    pub fn settings_hint(&self, f: SettingsField) -> &'static str {
        self.say4(hint(f))
    }

    /// A yes/no field's value.
    pub fn settings_yes_no(&self, yes: bool) -> &'static str {
        if yes {
            self.say4(("yes", "oui", "ja", "ja"))
        } else {
            self.say4(("no", "non", "nee", "nein"))
        }
    }

    /// A secret field (the password, the SMS gateway's key) while nothing is typed:
    /// whether the secrets file holds one.
    pub fn settings_password(&self, set: Option<bool>) -> &'static str {
        self.say4(match set {
            Some(true) => ("set", "défini", "ingesteld", "gesetzt"),
            Some(false) => ("not set", "non défini", "niet ingesteld", "nicht gesetzt"),
            None => (
                "secrets file unreadable",
                "fichier des secrets illisible",
                "geheimenbestand onleesbaar",
                "Geheimnisdatei unlesbar",
            ),
        })
    }

    /// Why a field is refused, in a sentence.
    pub fn settings_error(&self, e: &SettingsError, country: &str) -> String {
        let l = self.lang;
        let say = |w: Words| self.say4(w).to_string();
        match e {
            SettingsError::Setup(e) => self.setup_error(e, country),
            SettingsError::Number { min, max } => l.pick(
                format!("A whole number from {min} to {max}."),
                format!("Un nombre entier de {min} à {max}."),
                format!("Een geheel getal van {min} tot {max}."),
                format!("Eine ganze Zahl von {min} bis {max}."),
            ),
            SettingsError::Decimal { min, max } => l.pick(
                format!("A number from {min} to {max}."),
                format!("Un nombre de {min} à {max}."),
                format!("Een getal van {min} tot {max}."),
                format!("Eine Zahl von {min} bis {max}."),
            ),
            SettingsError::Amount => say((
                "An amount above zero, e.g. 0.01.",
                "Un montant au-dessus de zéro, par ex. 0,01.",
                "Een bedrag boven nul, bv. 0,01.",
                "Ein Betrag über null, z. B. 0,01.",
            )),
            SettingsError::SearchField(name) => {
                let n = clean(name);
                l.pick(
                    format!("`{n}` is not a search field."),
                    format!("« {n} » n'est pas un champ de recherche."),
                    format!("'{n}' is geen zoekveld."),
                    format!("„{n}“ ist kein Suchfeld."),
                )
            }
            SettingsError::Printer => say((
                "Not a printer: tcp://, a device, serial: or file:.",
                "Pas une imprimante : tcp://, un périphérique, serial: ou file:.",
                "Geen printer: tcp://, een apparaat, serial: of file:.",
                "Kein Drucker: tcp://, ein Gerät, serial: oder file:.",
            )),
            SettingsError::Smtp => say((
                "Write smtp://HOST:PORT.",
                "Écrivez smtp://HÔTE:PORT.",
                "Schrijf smtp://HOST:POORT.",
                "Schreiben Sie smtp://HOST:PORT.",
            )),
            SettingsError::Email => say((
                "Not an e-mail address.",
                "Ce n'est pas une adresse e-mail.",
                "Geen e-mailadres.",
                "Keine E-Mail-Adresse.",
            )),
            SettingsError::NeedsSmtp => say((
                "Needs an SMTP server.",
                "Demande un serveur SMTP.",
                "Vraagt een SMTP-server.",
                "Braucht einen SMTP-Server.",
            )),
            SettingsError::NeedsFrom => say((
                "Needed with an SMTP server.",
                "Nécessaire avec un serveur SMTP.",
                "Nodig met een SMTP-server.",
                "Mit einem SMTP-Server nötig.",
            )),
            SettingsError::Url => say((
                "Write https://HOST/PATH.",
                "Écrivez https://HÔTE/CHEMIN.",
                "Schrijf https://HOST/PAD.",
                "Schreiben Sie https://HOST/PFAD.",
            )),
            SettingsError::NeedsGateway => say((
                "Needs a gateway URL.",
                "Demande une URL de passerelle.",
                "Vraagt een gateway-URL.",
                "Braucht eine Gateway-URL.",
            )),
            SettingsError::NeedsAuthHeader => say((
                "Name the header it goes in.",
                "Nommez l'en-tête où elle va.",
                "Noem de header waarin hij gaat.",
                "Nennen Sie den Header dafür.",
            )),
            SettingsError::TooLong => say((
                "Too long for this field: edit it in the config file.",
                "Trop long pour ce champ : modifiez-le dans le fichier de configuration.",
                "Te lang voor dit veld: wijzig het in het configuratiebestand.",
                "Zu lang für dieses Feld: in der Konfigurationsdatei ändern.",
            )),
            SettingsError::Config(message) => clean(message).into_owned(),
        }
    }

    /// While the files are read.
    pub fn settings_loading(&self) -> &'static str {
        self.say4((
            "Reading the settings...",
            "Lecture des réglages...",
            "Instellingen lezen...",
            "Einstellungen werden gelesen...",
        ))
    }

    /// While the change is written.
    pub fn settings_saving(&self) -> &'static str {
        self.say4((
            "Saving the settings...",
            "Enregistrement des réglages...",
            "Instellingen opslaan...",
            "Einstellungen werden gespeichert...",
        ))
    }

    /// What the last read or save came to.
    pub fn settings_notice(&self, n: &Notice, file: &str) -> String {
        let l = self.lang;
        let file = clean(file);
        match n {
            Notice::Saved { restart: false } => l.pick(
                format!("Saved to {file}; in force now."),
                format!("Enregistré dans {file} ; en vigueur dès maintenant."),
                format!("Opgeslagen in {file}; nu van kracht."),
                format!("In {file} gespeichert; gilt ab sofort."),
            ),
            Notice::Saved { restart: true } => l.pick(
                format!("Saved to {file}; in force now, except the register code: it takes effect at the next start."),
                format!("Enregistré dans {file} ; en vigueur, sauf le code de caisse : il vaut au prochain démarrage."),
                format!("Opgeslagen in {file}; van kracht, behalve de kassacode: die geldt vanaf de volgende start."),
                format!("In {file} gespeichert; gilt sofort, außer dem Kassencode: er gilt ab dem nächsten Start."),
            ),
            Notice::Failed(why) => {
                let why = clean(why);
                l.pick(
                    format!("Not saved: {why}"),
                    format!("Non enregistré : {why}"),
                    format!("Niet opgeslagen: {why}"),
                    format!("Nicht gespeichert: {why}"),
                )
            }
            Notice::Unreadable(why) => {
                let why = clean(why);
                l.pick(
                    format!("The settings cannot be read: {why}"),
                    format!("Les réglages ne peuvent être lus : {why}"),
                    format!("De instellingen zijn niet te lezen: {why}"),
                    format!("Die Einstellungen sind nicht lesbar: {why}"),
                )
            }
        }
    }

    /// The settings screen's status messages.
    pub(super) fn settings_msg(&self, m: &Msg) -> String {
        let say = |w: Words| self.say4(w).to_string();
        match m {
            Msg::NothingChanged => say((
                "Nothing changed: nothing to save.",
                "Rien n'a changé : rien à enregistrer.",
                "Niets gewijzigd: niets op te slaan.",
                "Nichts geändert: nichts zu speichern.",
            )),
            Msg::SettingsSaved { restart: false } => say((
                "Settings saved and in force.",
                "Réglages enregistrés et en vigueur.",
                "Instellingen opgeslagen en van kracht.",
                "Einstellungen gespeichert und in Kraft.",
            )),
            Msg::SettingsSaved { restart: true } => say((
                "Settings saved; the register code at the next start.",
                "Réglages enregistrés ; le code de caisse au prochain démarrage.",
                "Instellingen opgeslagen; de kassacode bij de volgende start.",
                "Gespeichert; der Kassencode ab dem nächsten Start.",
            )),
            _ => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tr;
    use super::*;
    use crate::lang::Lang;

    #[test]
    fn every_label_fits_its_column_and_every_section_and_hint_is_worded() {
        for lang in Lang::ALL {
            let t = tr(lang);
            let rows = SettingsField::prep_row(98);
            for f in SettingsField::ALL.into_iter().chain(rows) {
                let label = t.settings_field(f);
                assert!(!label.trim().is_empty(), "{lang:?} {f:?}");
                assert!(label.chars().count() <= LABEL_MAX, "{lang:?} {label}");
                assert!(!t.settings_hint(f).trim().is_empty(), "{lang:?} {f:?}");
            }
            for s in Section::ALL {
                assert!(
                    t.settings_section(s).chars().count() <= 14,
                    "{lang:?} {s:?}"
                );
            }
        }
    }
}
