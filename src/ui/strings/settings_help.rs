//! The help overlay's sentences for the settings screen, one per key that works there,
//! in the four languages.
//!
//! Invariants: as in `help.rs`: each row a tuple of four, a sentence says what the key
//! does on that screen, never which key it is; `help.rs`'s test walks this scope too.

use super::help::text_keys;
use super::labels::Words;
use crate::keys::Command;

/// What `command` does on the settings screen.
pub(super) fn sentence(command: Command) -> Option<Words> {
    use Command as C;
    Some(match command {
        C::Save => (
            "Checks every field, then writes the ones changed into the config file (manager, audited) and puts them in force",
            "Vérifie chaque champ, puis écrit ceux modifiés dans le fichier de configuration (gérant, journalisé) et les applique",
            "Controleert elk veld, schrijft dan de gewijzigde in het configuratiebestand (beheerder, gelogd) en past ze toe",
            "Prüft jedes Feld, schreibt dann die geänderten in die Konfigurationsdatei (Chef, protokolliert) und wendet sie an",
        ),
        C::Toggle => (
            "Changes a choice field (country, currency, language, yes or no, encryption, SMS method and body type)",
            "Change un champ à choix (pays, devise, langue, oui ou non, chiffrement, méthode et type du corps des SMS)",
            "Wijzigt een keuzeveld (land, valuta, taal, ja of nee, versleuteling, sms-methode en inhoudstype)",
            "Ändert ein Auswahlfeld (Land, Währung, Sprache, ja oder nein, Verschlüsselung, SMS-Methode und Inhaltstyp)",
        ),
        C::Confirm => (
            "Goes to the next field; on the last one, saves",
            "Passe au champ suivant ; sur le dernier, enregistre",
            "Gaat naar het volgende veld; op het laatste slaat het op",
            "Geht zum nächsten Feld; auf dem letzten wird gespeichert",
        ),
        C::NextField => (
            "Goes to the next field (into the next section after a section's last)",
            "Passe au champ suivant (dans la section suivante après le dernier d'une section)",
            "Gaat naar het volgende veld (na het laatste van een sectie naar de volgende)",
            "Geht zum nächsten Feld (nach dem letzten eines Abschnitts in den nächsten)",
        ),
        C::PrevField => (
            "Goes back to the previous field",
            "Revient au champ précédent",
            "Gaat terug naar het vorige veld",
            "Geht zum vorigen Feld zurück",
        ),
        C::PageUp => (
            "Goes to the previous section",
            "Va à la section précédente",
            "Gaat naar de vorige sectie",
            "Geht zum vorigen Abschnitt",
        ),
        C::PageDown => (
            "Goes to the next section",
            "Va à la section suivante",
            "Gaat naar de volgende sectie",
            "Geht zum nächsten Abschnitt",
        ),
        C::Left | C::Right => (
            "Moves the cursor; on a choice field, changes the choice",
            "Déplace le curseur ; sur un champ à choix, change le choix",
            "Verplaatst de cursor; op een keuzeveld wijzigt het de keuze",
            "Bewegt den Cursor; auf einem Auswahlfeld ändert es die Auswahl",
        ),
        C::Back => (
            "Leaves the settings without saving what was typed",
            "Quitte les réglages sans enregistrer ce qui a été tapé",
            "Verlaat de instellingen zonder op te slaan wat getypt is",
            "Verlässt die Einstellungen, ohne das Getippte zu speichern",
        ),
        other => return text_keys(other),
    })
}
