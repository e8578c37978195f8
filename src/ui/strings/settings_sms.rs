//! The settings screen's words for the SMS section and the preparation stations, the
//! four languages side by side: each field's label and what it is for.
//!
//! Invariants: each table is a `match` over the SMS and station fields (the other fields
//! are `settings_fields.rs`'s, its outer matches send only these here; the fallback is
//! never taken, and `settings.rs`'s test checks every field's words in every language);
//! a label is at most `settings::LABEL_MAX` characters, a station's number included (its
//! name's label is the word and the number; its printer's and categories' are indented
//! under it); nothing here names a key.

use super::labels::Words;
use crate::app::settings::SettingsField;

/// The label of an SMS or station field (a station's name: the word its number follows).
pub(super) fn label(f: SettingsField) -> Words {
    use SettingsField as F;
    match f {
        F::SmsUrl => (
            "Gateway URL",
            "URL passerelle",
            "Gateway-URL",
            "Gateway-URL",
        ),
        F::SmsMethod => ("Method", "Méthode", "Methode", "Methode"),
        F::SmsContentType => ("Body type", "Type du corps", "Inhoudstype", "Inhaltstyp"),
        F::SmsBody => (
            "Body template",
            "Modèle du corps",
            "Body-sjabloon",
            "Body-Vorlage",
        ),
        F::SmsFrom => (
            "Sender name",
            "Nom d'expéditeur",
            "Afzendernaam",
            "Absendername",
        ),
        F::SmsAuthHeader => (
            "Auth header",
            "En-tête de clé",
            "Auth-header",
            "Auth-Header",
        ),
        F::SmsAuth => (
            "Gateway key",
            "Clé de passerelle",
            "Gateway-sleutel",
            "Gateway-Schlüssel",
        ),
        F::PrepName(_) => ("Station", "Poste", "Post", "Station"),
        F::PrepPrinter(_) => ("  printer", "  imprimante", "  printer", "  Drucker"),
        F::PrepCategories(_) => (
            "  categories",
            "  catégories",
            "  categorieën",
            "  Kategorien",
        ),
        _ => ("", "", "", ""),
    }
}

/// What an SMS or station field is for.
pub(super) fn hint(f: SettingsField) -> Words {
    use SettingsField as F;
    match f {
        F::SmsUrl => (
            "The gateway's API, https://; {to} {text} {from} in its query for a GET; empty: no SMS is sent.",
            "L'API de la passerelle, https:// ; {to} {text} {from} dans sa requête pour un GET ; vide : aucun SMS n'est envoyé.",
            "De API van de gateway, https://; {to} {text} {from} in de query voor een GET; leeg: er gaan geen sms'en.",
            "Die API des Gateways, https://; {to} {text} {from} in der Query bei GET; leer: keine SMS wird gesendet.",
        ),
        F::SmsMethod => (
            "POST: the values in the body; GET: in the URL's query, no body.",
            "POST : les valeurs dans le corps ; GET : dans la requête de l'URL, sans corps.",
            "POST: de waarden in de body; GET: in de query van de URL, zonder body.",
            "POST: die Werte im Body; GET: in der Query der URL, ohne Body.",
        ),
        F::SmsContentType => (
            "How the body's values are escaped (POST only): JSON or a form.",
            "Comment les valeurs du corps sont échappées (POST seulement) : JSON ou formulaire.",
            "Hoe de waarden van de body ge-escapet worden (alleen POST): JSON of formulier.",
            "Wie die Werte im Body maskiert werden (nur POST): JSON oder Formular.",
        ),
        F::SmsBody => (
            "The POST's body with {to}, {text} and {from}; for JSON, each inside a string.",
            "Le corps du POST avec {to}, {text} et {from} ; en JSON, chacun dans une chaîne.",
            "De body van de POST met {to}, {text} en {from}; bij JSON elk in een string.",
            "Der Body des POST mit {to}, {text} und {from}; bei JSON jeweils in einem String.",
        ),
        F::SmsFrom => (
            "{from}: up to 11 letters and digits, or a number the provider gave you.",
            "{from} : jusqu'à 11 lettres et chiffres, ou un numéro donné par le fournisseur.",
            "{from}: tot 11 letters en cijfers, of een nummer van de provider.",
            "{from}: bis zu 11 Buchstaben und Ziffern oder eine Nummer des Anbieters.",
        ),
        F::SmsAuthHeader => (
            "The header the key is sent in (Authorization, X-Api-Key...); empty: none.",
            "L'en-tête où part la clé (Authorization, X-Api-Key...) ; vide : aucun.",
            "De header waarin de sleutel gaat (Authorization, X-Api-Key...); leeg: geen.",
            "Der Header für den Schlüssel (Authorization, X-Api-Key...); leer: keiner.",
        ),
        F::SmsAuth => (
            "The header's value, typed here, written only to the secrets file, never shown.",
            "La valeur de l'en-tête, tapée ici, écrite seulement dans le fichier des secrets, jamais affichée.",
            "De waarde van de header, hier getypt, alleen in het geheimenbestand geschreven, nooit getoond.",
            "Der Wert des Headers, hier getippt, nur in die Geheimnisdatei geschrieben, nie angezeigt.",
        ),
        F::PrepName(_) => (
            "Printed tall on its tickets; name and printer emptied: the station goes.",
            "Imprimé en grand sur ses tickets ; nom et imprimante vidés : le poste disparaît.",
            "Groot op zijn bonnen gedrukt; naam en printer leeg: de post verdwijnt.",
            "Groß auf ihren Bons gedruckt; Name und Drucker geleert: die Station entfällt.",
        ),
        F::PrepPrinter(_) => (
            "tcp://HOST:PORT, /dev/usb/lp0, serial:/dev/ttyS0:19200 or file:PATH.",
            "tcp://HÔTE:PORT, /dev/usb/lp0, serial:/dev/ttyS0:19200 ou file:CHEMIN.",
            "tcp://HOST:POORT, /dev/usb/lp0, serial:/dev/ttyS0:19200 of file:PAD.",
            "tcp://HOST:PORT, /dev/usb/lp0, serial:/dev/ttyS0:19200 oder file:PFAD.",
        ),
        F::PrepCategories(_) => (
            "The product categories prepared there, separated by commas.",
            "Les catégories de produits préparées là, séparées par des virgules.",
            "De productcategorieën die daar bereid worden, gescheiden door komma's.",
            "Die dort zubereiteten Produktkategorien, durch Kommas getrennt.",
        ),
        _ => ("", "", "", ""),
    }
}
