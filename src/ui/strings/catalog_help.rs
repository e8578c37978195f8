//! The help overlay's sentences for the products and groups screens, one per key that
//! works there, in the four languages.
//!
//! Invariants: as in `help.rs`: each row a tuple of four, a sentence says what the key
//! does on that screen, never which key it is; `help.rs`'s test walks these scopes too.

use super::labels::Words;
use crate::keys::{Command, Scope};

/// What `command` does on the products (`Catalog`) or groups screen.
pub(super) fn sentence(scope: Scope, command: Command) -> Option<Words> {
    use Command as C;
    let products = scope == Scope::Catalog;
    Some(match command {
        C::Edit | C::Confirm if products => (
            "Opens the selected product's form to change it",
            "Ouvre la fiche de l'article choisi pour le modifier",
            "Opent het formulier van het gekozen artikel om het te wijzigen",
            "Öffnet das Formular des gewählten Artikels zum Ändern",
        ),
        C::Edit | C::Confirm => (
            "Opens the selected group's form: name and automatic discount",
            "Ouvre la fiche du groupe choisi : nom et remise automatique",
            "Opent het formulier van de gekozen groep: naam en automatische korting",
            "Öffnet das Formular der gewählten Gruppe: Name und automatischer Rabatt",
        ),
        C::Add if products => (
            "Adds a product: code, name, price, VAT rate, category, cost",
            "Ajoute un article : code, libellé, prix, taux de TVA, rayon, coût",
            "Voegt een artikel toe: code, naam, prijs, btw-tarief, categorie, inkoop",
            "Legt einen Artikel an: Code, Name, Preis, MwSt.-Satz, Kategorie, Einkauf",
        ),
        C::Add => (
            "Adds a customer group with its automatic discount",
            "Ajoute un groupe de clients avec sa remise automatique",
            "Voegt een klantgroep toe met zijn automatische korting",
            "Legt eine Kundengruppe mit ihrem automatischen Rabatt an",
        ),
        C::Archive => (
            "Archives the selected product (no longer sold, kept for past sales), or brings it back",
            "Archive l'article choisi (plus vendu, gardé pour les ventes passées), ou le remet en vente",
            "Archiveert het gekozen artikel (niet meer te koop, bewaard voor eerdere verkopen) of haalt het terug",
            "Archiviert den gewählten Artikel (nicht mehr verkauft, für frühere Verkäufe behalten) oder holt ihn zurück",
        ),
        C::Remove => (
            "Deletes the selected group, asking where its customers go",
            "Supprime le groupe choisi en demandant où vont ses clients",
            "Verwijdert de gekozen groep en vraagt waar de klanten heen gaan",
            "Löscht die gewählte Gruppe und fragt, wohin ihre Kunden kommen",
        ),
        C::Prices => (
            "Opens the selected group's special prices: add, change or remove a product's price",
            "Ouvre les prix spéciaux du groupe choisi : ajouter, changer ou retirer le prix d'un article",
            "Opent de speciale prijzen van de gekozen groep: de prijs van een artikel toevoegen, wijzigen of verwijderen",
            "Öffnet die Sonderpreise der gewählten Gruppe: den Preis eines Artikels anlegen, ändern oder entfernen",
        ),
        C::Back => (
            "Goes back to the previous screen",
            "Revient à l'écran précédent",
            "Gaat terug naar het vorige scherm",
            "Geht zur vorigen Maske zurück",
        ),
        C::Up if products => (
            "Selects the product above",
            "Sélectionne l'article du dessus",
            "Kiest het artikel erboven",
            "Wählt den Artikel darüber",
        ),
        C::Down if products => (
            "Selects the product below",
            "Sélectionne l'article du dessous",
            "Kiest het artikel eronder",
            "Wählt den Artikel darunter",
        ),
        C::Up => (
            "Selects the group above",
            "Sélectionne le groupe du dessus",
            "Kiest de groep erboven",
            "Wählt die Gruppe darüber",
        ),
        C::Down => (
            "Selects the group below",
            "Sélectionne le groupe du dessous",
            "Kiest de groep eronder",
            "Wählt die Gruppe darunter",
        ),
        C::PageUp => (
            "Moves 10 rows up",
            "Remonte de 10 lignes",
            "Gaat 10 regels omhoog",
            "Geht 10 Zeilen nach oben",
        ),
        C::PageDown => (
            "Moves 10 rows down",
            "Descend de 10 lignes",
            "Gaat 10 regels omlaag",
            "Geht 10 Zeilen nach unten",
        ),
        C::Backspace if products => (
            "Erases the character before the cursor in the search",
            "Efface le caractère avant le curseur dans la recherche",
            "Wist het teken voor de cursor in de zoekopdracht",
            "Löscht das Zeichen vor dem Cursor in der Suche",
        ),
        C::Delete if products => (
            "Erases the character under the cursor in the search",
            "Efface le caractère sous le curseur dans la recherche",
            "Wist het teken onder de cursor in de zoekopdracht",
            "Löscht das Zeichen unter dem Cursor in der Suche",
        ),
        C::Left | C::Right | C::Home | C::End if products => {
            return super::help::text_keys(command)
        }
        C::Home => (
            "Selects the first group",
            "Sélectionne le premier groupe",
            "Kiest de eerste groep",
            "Wählt die erste Gruppe",
        ),
        C::End => (
            "Selects the last group",
            "Sélectionne le dernier groupe",
            "Kiest de laatste groep",
            "Wählt die letzte Gruppe",
        ),
        _ => return None,
    })
}
