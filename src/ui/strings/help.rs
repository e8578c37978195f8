//! The help overlay's words: its title for each scope, and what each key does there, one
//! sentence per (scope, command) in English, French, Dutch and German.
//!
//! Invariants: a command has a sentence in every scope where one of its keys works (the
//! test below walks every scope's keys in every language, so a new command or binding
//! without a sentence fails); each row is a tuple of four (the compiler counts them); a
//! sentence says what the key does on that screen, never which key it is (the keys are
//! the keymap's, overrides included); Quit and Help mean the same everywhere.

use super::labels::Words;
use super::Tr;
use crate::keys::{Command, Scope};

impl Tr {
    /// The help overlay's title: "Keys: Sale screen".
    pub fn help_title(&self, scope: Scope) -> String {
        let name = self.say4(scope_name(scope));
        self.lang.pick(
            format!("Keys: {name}"),
            format!("Touches : {name}"),
            format!("Toetsen: {name}"),
            format!("Tasten: {name}"),
        )
    }

    /// What `command` does in `scope`, in a sentence ("" when none is written).
    pub fn help(&self, scope: Scope, command: Command) -> &'static str {
        self.say4(sentence(scope, command).unwrap_or(("", "", "", "")))
    }
}

fn scope_name(scope: Scope) -> Words {
    match scope {
        Scope::Sale => (
            "Sale screen",
            "écran de vente",
            "verkoopscherm",
            "Verkaufsmaske",
        ),
        Scope::Picker => (
            "Customer search",
            "recherche de client",
            "klant zoeken",
            "Kundensuche",
        ),
        Scope::Card => ("Customer card", "fiche client", "klantkaart", "Kundenkarte"),
        Scope::Form => ("Form", "formulaire", "formulier", "Formular"),
        Scope::Catalog => ("Products", "articles", "artikelen", "Artikel"),
        Scope::Groups => (
            "Customer groups",
            "groupes de clients",
            "klantgroepen",
            "Kundengruppen",
        ),
        Scope::Reports => ("Reports", "rapports", "rapporten", "Berichte"),
        Scope::List => (
            "Customers list",
            "liste des clients",
            "klantenlijst",
            "Kundenliste",
        ),
        Scope::Import => (
            "Import screen",
            "écran d'import",
            "importscherm",
            "Importmaske",
        ),
        Scope::Setup => (
            "Shop setup",
            "installation de la boutique",
            "winkel instellen",
            "Einrichtung des Geschäfts",
        ),
        Scope::Settings => ("Settings", "réglages", "instellingen", "Einstellungen"),
        Scope::Outbox => super::outbox::scope_name(),
        Scope::Popup => ("Window", "fenêtre", "venster", "Fenster"),
        Scope::Question => ("Question", "question", "vraag", "Frage"),
        Scope::Checklist => (
            "Search fields",
            "champs de recherche",
            "zoekvelden",
            "Suchfelder",
        ),
        Scope::Any | Scope::Help => ("Help", "aide", "help", "Hilfe"),
    }
}

/// One arm per meaning: the screens' own actions, then the shared keys screen by screen.
fn sentence(scope: Scope, command: Command) -> Option<Words> {
    use Command as C;
    use Scope as S;
    Some(match (scope, command) {
        (_, C::Quit) => (
            "Quits the register; a ticket not yet paid is lost",
            "Quitte la caisse ; un ticket non encaissé est perdu",
            "Sluit de kassa af; een bon die nog niet betaald is, gaat verloren",
            "Beendet die Kasse; ein noch nicht bezahlter Bon geht verloren",
        ),
        (_, C::Help) => (
            "Shows this list of keys; press it again to close it",
            "Affiche cette liste de touches ; appuyer de nouveau pour la fermer",
            "Toont deze lijst met toetsen; nog eens drukken sluit hem",
            "Zeigt diese Tastenliste; erneut drücken schließt sie",
        ),
        (S::Sale, c) => return sale(c),
        (S::Picker, c) => return picker(c),
        (S::Card, c) => return card(c),
        (S::Form, c) => return form(c),
        (S::List, c) => return list(c),
        (S::Import, c) => return import(c),
        (S::Catalog | S::Groups, c) => return super::catalog_help::sentence(scope, c),
        (S::Reports, c) => return super::reports_help::sentence(c),
        (S::Setup, c) => return setup(c),
        (S::Settings, c) => return super::settings_help::sentence(c),
        (S::Outbox, c) => return super::outbox::sentence(c),
        (S::Popup, c) => return popup(c),
        (S::Question, C::Confirm) => (
            "Answers yes: does what is asked",
            "Répond oui : fait ce qui est demandé",
            "Antwoordt ja: doet wat gevraagd wordt",
            "Antwortet ja: tut, was gefragt ist",
        ),
        (S::Question, C::Back) => (
            "Answers no: nothing is done",
            "Répond non : rien n'est fait",
            "Antwoordt nee: er gebeurt niets",
            "Antwortet nein: nichts geschieht",
        ),
        (S::Checklist, c) => return checklist(c),
        _ => return None,
    })
}

/// Moving in and erasing typed text: the same in every field.
pub(super) fn text_keys(command: Command) -> Option<Words> {
    use Command as C;
    Some(match command {
        C::Left => (
            "Moves the cursor one character left",
            "Déplace le curseur d'un caractère à gauche",
            "Zet de cursor één teken naar links",
            "Setzt den Cursor ein Zeichen nach links",
        ),
        C::Right => (
            "Moves the cursor one character right",
            "Déplace le curseur d'un caractère à droite",
            "Zet de cursor één teken naar rechts",
            "Setzt den Cursor ein Zeichen nach rechts",
        ),
        C::Home => (
            "Moves the cursor to the start of the text",
            "Place le curseur au début du texte",
            "Zet de cursor aan het begin van de tekst",
            "Setzt den Cursor an den Anfang des Textes",
        ),
        C::End => (
            "Moves the cursor to the end of the text",
            "Place le curseur à la fin du texte",
            "Zet de cursor aan het eind van de tekst",
            "Setzt den Cursor an das Ende des Textes",
        ),
        C::Backspace => (
            "Erases the character before the cursor",
            "Efface le caractère avant le curseur",
            "Wist het teken voor de cursor",
            "Löscht das Zeichen vor dem Cursor",
        ),
        C::Delete => (
            "Erases the character under the cursor",
            "Efface le caractère sous le curseur",
            "Wist het teken onder de cursor",
            "Löscht das Zeichen unter dem Cursor",
        ),
        _ => return None,
    })
}

fn sale(command: Command) -> Option<Words> {
    use Command as C;
    Some(match command {
        C::Customer => (
            "Finds a customer to attach to the ticket (their discount applies)",
            "Cherche un client à associer au ticket (sa remise s'applique)",
            "Zoekt een klant om aan de bon te koppelen (zijn korting geldt)",
            "Sucht einen Kunden für den Bon (sein Rabatt gilt)",
        ),
        C::OpenCard => (
            "Opens the card of the customer on the ticket",
            "Ouvre la fiche du client du ticket",
            "Opent de klantkaart van de klant op de bon",
            "Öffnet die Kundenkarte des Kunden auf dem Bon",
        ),
        C::Detach => (
            "Takes the customer off the ticket, and their discount",
            "Retire le client du ticket, et sa remise",
            "Haalt de klant van de bon, en zijn korting",
            "Nimmt den Kunden vom Bon, und seinen Rabatt",
        ),
        C::Products => (
            "Searches the items by name, to add one",
            "Cherche un article par son nom, pour l'ajouter",
            "Zoekt een artikel op naam, om het toe te voegen",
            "Sucht einen Artikel nach Namen, um ihn hinzuzufügen",
        ),
        C::Quantity => (
            "Changes the quantity of the selected line",
            "Change la quantité de la ligne sélectionnée",
            "Wijzigt het aantal van de gekozen regel",
            "Ändert die Menge der gewählten Zeile",
        ),
        C::RemoveLine => (
            "Removes the selected line",
            "Retire la ligne sélectionnée",
            "Wist de gekozen regel",
            "Löscht die gewählte Zeile",
        ),
        C::PayCash => (
            "Pays the ticket: cash, card, wallet, store credit, points or on account, split if need be; cash shows the change",
            "Encaisse le ticket : espèces, carte, cagnotte, avoir, points ou compte, en plusieurs fois si besoin ; les espèces affichent le rendu",
            "Rekent de bon af: contant, pin, spaarpot, tegoed, punten of op rekening, zo nodig gesplitst; contant toont het wisselgeld",
            "Kassiert den Bon: bar, Karte, Guthaben, Gutschrift, Punkte oder auf Rechnung, wenn nötig geteilt; bar zeigt das Rückgeld",
        ),
        C::PayCard => (
            "Pays the ticket by card, once confirmed",
            "Encaisse par carte, après confirmation",
            "Rekent af met de pin, na bevestiging",
            "Kassiert mit Karte, nach Bestätigung",
        ),
        C::CustomersList => (
            "Opens the customers list (manager)",
            "Ouvre la liste des clients (gérant)",
            "Opent de klantenlijst (beheerder)",
            "Öffnet die Kundenliste (Chef)",
        ),
        C::Manager => manager(),
        C::EditPrice => (
            "Changes the unit price of the selected line (manager)",
            "Change le prix unitaire de la ligne sélectionnée (gérant)",
            "Wijzigt de stukprijs van de gekozen regel (beheerder)",
            "Ändert den Stückpreis der gewählten Zeile (Chef)",
        ),
        C::TopUp => (
            "Tops up the customer's wallet, pays towards their account, or sells a gift card, by cash or card",
            "Recharge la cagnotte du client, règle son compte ou vend une carte cadeau, en espèces ou par carte",
            "Waardeert de spaarpot van de klant op, betaalt af op zijn rekening of verkoopt een cadeaukaart, contant of met de pin",
            "Lädt das Guthaben des Kunden auf, zahlt auf seine Rechnung ein oder verkauft eine Geschenkkarte, bar oder mit Karte",
        ),
        C::Park => (
            "Parks the ticket (its lines and customer) to serve someone else; text typed in the code field first becomes its label",
            "Met le ticket en attente (lignes et client) pour servir quelqu'un d'autre ; le texte tapé d'abord dans le champ code devient son libellé",
            "Parkeert de bon (regels en klant) om iemand anders te helpen; tekst die eerst in het codeveld getypt is, wordt zijn naam",
            "Parkt den Bon (Zeilen und Kunde), um jemand anderen zu bedienen; vorher ins Codefeld getippter Text wird seine Bezeichnung",
        ),
        C::Recall => (
            "Lists the tickets parked at this register, to take one back; the ticket must have no line",
            "Liste les tickets en attente sur cette caisse, pour en reprendre un ; le ticket ne doit avoir aucune ligne",
            "Toont de geparkeerde bonnen van deze kassa, om er een op te halen; de bon mag geen regels hebben",
            "Zeigt die geparkten Bons dieser Kasse, um einen zurückzuholen; der Bon darf keine Zeile haben",
        ),
        C::OpenDrawer => (
            "Opens the cash drawer without a sale (manager: asks for the PIN when locked; written in the audit log)",
            "Ouvre le tiroir-caisse sans vente (gérant : demande le code s'il est verrouillé ; noté dans le journal d'audit)",
            "Opent de kassalade zonder verkoop (beheerder: vraagt de pincode als hij vergrendeld is; staat in het auditlog)",
            "Öffnet die Kassenlade ohne Verkauf (Chef: fragt nach der PIN, wenn gesperrt; im Prüfprotokoll vermerkt)",
        ),
        other => return sale_keys(other),
    })
}

/// The sale screen's code field and the ticket's lines.
fn sale_keys(command: Command) -> Option<Words> {
    use Command as C;
    Some(match command {
        C::Back => (
            "Clears the code being typed",
            "Efface le code en cours de saisie",
            "Wist de code die getypt wordt",
            "Löscht den eingetippten Code",
        ),
        C::Confirm => (
            "Adds the item whose code is typed (a scanned code is added at once); a receipt's ticket number (R1-000042) opens that sale",
            "Ajoute l'article dont le code est tapé (un code scanné est ajouté aussitôt) ; le numéro d'un ticket (R1-000042) ouvre cette vente",
            "Voegt het artikel met de getypte code toe (een gescande code meteen); een bonnummer (R1-000042) opent die verkoop",
            "Fügt den Artikel mit dem getippten Code hinzu (ein gescannter Code sofort); eine Bonnummer (R1-000042) öffnet diesen Verkauf",
        ),
        C::Up => (
            "Selects the line above",
            "Sélectionne la ligne du dessus",
            "Kiest de regel erboven",
            "Wählt die Zeile darüber",
        ),
        C::Down => (
            "Selects the line below",
            "Sélectionne la ligne du dessous",
            "Kiest de regel eronder",
            "Wählt die Zeile darunter",
        ),
        C::PageUp => (
            "Selects 10 lines higher",
            "Remonte la sélection de 10 lignes",
            "Kiest 10 regels hoger",
            "Wählt 10 Zeilen höher",
        ),
        C::PageDown => (
            "Selects 10 lines lower",
            "Descend la sélection de 10 lignes",
            "Kiest 10 regels lager",
            "Wählt 10 Zeilen tiefer",
        ),
        C::Delete => (
            "Erases the character under the cursor; with no code typed, removes the selected line",
            "Efface le caractère sous le curseur ; sans code tapé, retire la ligne sélectionnée",
            "Wist het teken onder de cursor; zonder getypte code wist het de gekozen regel",
            "Löscht das Zeichen unter dem Cursor; ohne getippten Code die gewählte Zeile",
        ),
        other => return text_keys(other),
    })
}

fn manager() -> Words {
    (
        "Unlocks the manager mode with the PIN, or locks it again",
        "Active le mode gérant avec le code PIN, ou le désactive",
        "Opent de beheerdersmodus met de pincode, of sluit hem weer",
        "Öffnet den Chefmodus mit der PIN, oder sperrt ihn wieder",
    )
}

fn open_selected_card() -> Words {
    (
        "Opens the card of the selected customer",
        "Ouvre la fiche du client sélectionné",
        "Opent de klantkaart van de gekozen klant",
        "Öffnet die Kundenkarte des gewählten Kunden",
    )
}

fn picker(command: Command) -> Option<Words> {
    use Command as C;
    Some(match command {
        C::ToggleAdvanced => (
            "Switches between simple and advanced search (one value per field, separated by commas)",
            "Bascule entre recherche simple et avancée (une valeur par champ, séparées par des virgules)",
            "Wisselt tussen eenvoudig en uitgebreid zoeken (één waarde per veld, gescheiden door komma's)",
            "Wechselt zwischen einfacher und erweiterter Suche (ein Wert je Feld, durch Kommas getrennt)",
        ),
        C::ChooseFields => (
            "Chooses the fields of the advanced search and their order",
            "Choisit les champs de la recherche avancée et leur ordre",
            "Kiest de velden van het uitgebreid zoeken en hun volgorde",
            "Wählt die Felder der erweiterten Suche und ihre Reihenfolge",
        ),
        C::NewCustomer => (
            "Creates a customer, starting from the name or phone typed",
            "Crée un client à partir du nom ou du téléphone tapé",
            "Maakt een klant aan, met de getypte naam of telefoon",
            "Legt einen Kunden an, mit dem getippten Namen oder Telefon",
        ),
        C::OpenCard => open_selected_card(),
        C::Back => (
            "Leaves the search without choosing",
            "Quitte la recherche sans choisir",
            "Verlaat het zoeken zonder te kiezen",
            "Verlässt die Suche ohne Auswahl",
        ),
        C::Confirm => (
            "Takes the selected customer: attaches them to the ticket, or does what the search was opened for (move a sale, add a card, merge)",
            "Prend le client sélectionné : l'associe au ticket, ou fait ce pour quoi la recherche a été ouverte (déplacer une vente, ajouter une carte, fusionner)",
            "Neemt de gekozen klant: koppelt hem aan de bon, of doet waarvoor het zoeken geopend werd (verkoop verplaatsen, kaart toevoegen, samenvoegen)",
            "Nimmt den gewählten Kunden: ordnet ihn dem Bon zu, oder tut, wofür die Suche geöffnet wurde (Verkauf umbuchen, Karte hinzufügen, zusammenführen)",
        ),
        C::Up => (
            "Selects the result above",
            "Sélectionne le résultat du dessus",
            "Kiest het resultaat erboven",
            "Wählt den Treffer darüber",
        ),
        C::Down => (
            "Selects the result below",
            "Sélectionne le résultat du dessous",
            "Kiest het resultaat eronder",
            "Wählt den Treffer darunter",
        ),
        C::PageUp => (
            "Moves 10 results up",
            "Remonte de 10 résultats",
            "Gaat 10 resultaten omhoog",
            "Geht 10 Treffer nach oben",
        ),
        C::PageDown => (
            "Moves 10 results down",
            "Descend de 10 résultats",
            "Gaat 10 resultaten omlaag",
            "Geht 10 Treffer nach unten",
        ),
        other => return text_keys(other),
    })
}

fn card(command: Command) -> Option<Words> {
    use Command as C;
    Some(match command {
        C::Edit => (
            "Info: edits the customer. Notes: adds a note. Contact: writes an e-mail or an SMS. Merge: finds another customer to merge",
            "Infos : modifie le client. Notes : ajoute une note. Contact : écrit un e-mail ou un SMS. Fusion : cherche un autre client à fusionner",
            "Info: wijzigt de klant. Notities: voegt een notitie toe. Contact: schrijft een e-mail of een sms. Samenv.: zoekt een andere klant om samen te voegen",
            "Info: ändert den Kunden. Notizen: fügt eine Notiz hinzu. Kontakt: schreibt eine E-Mail oder eine SMS. Zusammenf.: sucht einen anderen Kunden zum Zusammenführen",
        ),
        C::Reprint => (
            "History: prints the selected sale's receipt again",
            "Historique : réimprime le ticket de la vente sélectionnée",
            "Historie: drukt de kassabon van de gekozen verkoop opnieuw af",
            "Verlauf: druckt den Kassenbon des gewählten Verkaufs erneut",
        ),
        C::MoveSale => (
            "History: gives the selected sale to another customer (manager)",
            "Historique : attribue la vente sélectionnée à un autre client (gérant)",
            "Historie: kent de gekozen verkoop toe aan een andere klant (beheerder)",
            "Verlauf: ordnet den gewählten Verkauf einem anderen Kunden zu (Chef)",
        ),
        C::Refund => (
            "History: gives back lines of the selected sale, to the way it was paid, store credit, cash or card (manager)",
            "Historique : rembourse des lignes de la vente sélectionnée, par le mode d'origine, en avoir, en espèces ou sur carte (gérant)",
            "Historie: betaalt regels van de gekozen verkoop terug, zoals betaald, als tegoed, contant of op de pin (beheerder)",
            "Verlauf: erstattet Zeilen des gewählten Verkaufs, wie bezahlt, als Gutschrift, bar oder auf Karte (Chef)",
        ),
        C::Apply => (
            "Merge: merges the duplicate into this customer. Delete: deletes the customer. Both ask first (manager)",
            "Fusion : fusionne le doublon dans ce client. Suppr. : supprime le client. Les deux demandent confirmation (gérant)",
            "Samenv.: voegt de dubbele klant samen met deze klant. Wissen: verwijdert de klant. Beide vragen eerst (beheerder)",
            "Zusammenf.: führt die Dublette mit diesem Kunden zusammen. Löschen: löscht den Kunden. Beide fragen vorher (Chef)",
        ),
        C::Manager => manager(),
        C::Toggle => (
            "Merge: takes the selected field from the duplicate, or leaves it",
            "Fusion : prend le champ sélectionné du doublon, ou le laisse",
            "Samenv.: neemt het gekozen veld van de dubbele klant over, of laat het",
            "Zusammenf.: übernimmt das gewählte Feld der Dublette, oder lässt es",
        ),
        C::NextTab => (
            "Shows the next tab",
            "Affiche l'onglet suivant",
            "Toont het volgende tabblad",
            "Zeigt den nächsten Reiter",
        ),
        C::PrevTab => (
            "Shows the previous tab",
            "Affiche l'onglet précédent",
            "Toont het vorige tabblad",
            "Zeigt den vorigen Reiter",
        ),
        C::Back => (
            "Goes back to the previous screen (on Merge, first leaves the choice of fields)",
            "Revient à l'écran précédent (sur Fusion, quitte d'abord le choix des champs)",
            "Gaat terug naar het vorige scherm (op Samenv. eerst uit de keuze van velden)",
            "Geht zur vorigen Maske zurück (bei Zusammenf. zuerst aus der Feldauswahl)",
        ),
        C::Confirm => (
            "History: shows the selected sale. Merge: compares with the selected duplicate, then takes or leaves the selected field. Delete: asks to delete",
            "Historique : affiche la vente sélectionnée. Fusion : compare au doublon sélectionné, puis prend ou laisse le champ sélectionné. Suppr. : demande la suppression",
            "Historie: toont de gekozen verkoop. Samenv.: vergelijkt met de gekozen dubbele klant, neemt dan het gekozen veld over of laat het. Wissen: vraagt om te verwijderen",
            "Verlauf: zeigt den gewählten Verkauf. Zusammenf.: vergleicht mit der gewählten Dublette, übernimmt dann das gewählte Feld oder lässt es. Löschen: fragt nach dem Löschen",
        ),
        C::Up => (
            "Moves up in the tab's list (sales, movements, notes, duplicates, fields) or scrolls",
            "Remonte dans la liste de l'onglet (ventes, mouvements, notes, doublons, champs) ou fait défiler",
            "Gaat omhoog in de lijst van het tabblad (verkopen, mutaties, notities, dubbelen, velden) of scrolt",
            "Geht in der Liste des Reiters nach oben (Verkäufe, Buchungen, Notizen, Dubletten, Felder) oder blättert",
        ),
        C::Down => (
            "Moves down in the tab's list (sales, movements, notes, duplicates, fields) or scrolls",
            "Descend dans la liste de l'onglet (ventes, mouvements, notes, doublons, champs) ou fait défiler",
            "Gaat omlaag in de lijst van het tabblad (verkopen, mutaties, notities, dubbelen, velden) of scrolt",
            "Geht in der Liste des Reiters nach unten (Verkäufe, Buchungen, Notizen, Dubletten, Felder) oder blättert",
        ),
        C::PageUp => (
            "Moves 10 rows up in the tab",
            "Remonte de 10 lignes dans l'onglet",
            "Gaat 10 regels omhoog in het tabblad",
            "Geht 10 Zeilen im Reiter nach oben",
        ),
        C::PageDown => (
            "Moves 10 rows down in the tab",
            "Descend de 10 lignes dans l'onglet",
            "Gaat 10 regels omlaag in het tabblad",
            "Geht 10 Zeilen im Reiter nach unten",
        ),
        _ => return None,
    })
}

fn form(command: Command) -> Option<Words> {
    use Command as C;
    Some(match command {
        C::Save => (
            "Checks and saves the form; fields to correct are marked, nothing typed is lost",
            "Vérifie et enregistre le formulaire ; les champs à corriger sont signalés, rien n'est perdu",
            "Controleert en bewaart het formulier; te verbeteren velden worden gemarkeerd, niets getypts gaat verloren",
            "Prüft und speichert das Formular; zu korrigierende Felder werden markiert, nichts Getipptes geht verloren",
        ),
        C::Toggle => (
            "Switches a choice field (person or company, yes or no; a product's VAT rate)",
            "Bascule un champ à choix (personne ou société, oui ou non ; le taux de TVA d'un article)",
            "Wisselt een keuzeveld (particulier of bedrijf, ja of nee; het btw-tarief van een artikel)",
            "Schaltet ein Auswahlfeld um (Privatperson oder Firma, ja oder nein; MwSt.-Satz eines Artikels)",
        ),
        C::Back => (
            "Closes the form without saving",
            "Ferme le formulaire sans enregistrer",
            "Sluit het formulier zonder op te slaan",
            "Schließt das Formular ohne Speichern",
        ),
        C::Confirm => (
            "Goes to the next field; on the last one, saves",
            "Passe au champ suivant ; sur le dernier, enregistre",
            "Gaat naar het volgende veld; op het laatste slaat het op",
            "Geht zum nächsten Feld; auf dem letzten wird gespeichert",
        ),
        C::NextField => (
            "Goes to the next field (a postal code fills in its city)",
            "Passe au champ suivant (un code postal remplit sa ville)",
            "Gaat naar het volgende veld (een postcode vult de plaats in)",
            "Geht zum nächsten Feld (eine PLZ füllt den Ort aus)",
        ),
        C::PrevField => (
            "Goes back to the previous field",
            "Revient au champ précédent",
            "Gaat terug naar het vorige veld",
            "Geht zum vorigen Feld zurück",
        ),
        C::PageUp => (
            "Jumps 8 fields up",
            "Remonte de 8 champs",
            "Springt 8 velden omhoog",
            "Springt 8 Felder nach oben",
        ),
        C::PageDown => (
            "Jumps 8 fields down",
            "Descend de 8 champs",
            "Springt 8 velden omlaag",
            "Springt 8 Felder nach unten",
        ),
        other => return text_keys(other),
    })
}

fn setup(command: Command) -> Option<Words> {
    use Command as C;
    Some(match command {
        C::Save => (
            "Checks every field and writes the settings; fields to correct are marked",
            "Vérifie chaque champ et enregistre les réglages ; les champs à corriger sont signalés",
            "Controleert elk veld en schrijft de instellingen; te verbeteren velden worden gemarkeerd",
            "Prüft jedes Feld und schreibt die Einstellungen; zu korrigierende Felder werden markiert",
        ),
        C::Toggle => (
            "Changes a choice field (country, currency, language)",
            "Change un champ à choix (pays, devise, langue)",
            "Wijzigt een keuzeveld (land, valuta, taal)",
            "Ändert ein Auswahlfeld (Land, Währung, Sprache)",
        ),
        C::Confirm => (
            "Goes to the next field; on the last one, saves; once saved, does the chosen step",
            "Passe au champ suivant ; sur le dernier, enregistre ; ensuite, fait l'étape choisie",
            "Gaat naar het volgende veld; op het laatste slaat het op; daarna doet het de gekozen stap",
            "Geht zum nächsten Feld; auf dem letzten wird gespeichert; danach folgt der gewählte Schritt",
        ),
        C::NextField => (
            "Goes to the next field (a postal code fills in its city); once saved, selects the step below",
            "Passe au champ suivant (un code postal remplit sa ville) ; ensuite, choisit l'étape du dessous",
            "Gaat naar het volgende veld (een postcode vult de plaats in); daarna kiest het de stap eronder",
            "Geht zum nächsten Feld (eine PLZ füllt den Ort aus); danach wählt es den Schritt darunter",
        ),
        C::PrevField => (
            "Goes back to the previous field; once saved, selects the step above",
            "Revient au champ précédent ; ensuite, choisit l'étape du dessus",
            "Gaat terug naar het vorige veld; daarna kiest het de stap erboven",
            "Geht zum vorigen Feld zurück; danach wählt es den Schritt darüber",
        ),
        C::PageUp => (
            "Jumps 4 fields up",
            "Remonte de 4 champs",
            "Springt 4 velden omhoog",
            "Springt 4 Felder nach oben",
        ),
        C::PageDown => (
            "Jumps 4 fields down",
            "Descend de 4 champs",
            "Springt 4 velden omlaag",
            "Springt 4 Felder nach unten",
        ),
        C::Left | C::Right => (
            "Moves the cursor; on a choice field, changes the choice",
            "Déplace le curseur ; sur un champ à choix, change le choix",
            "Verplaatst de cursor; op een keuzeveld wijzigt het de keuze",
            "Bewegt den Cursor; auf einem Auswahlfeld ändert es die Auswahl",
        ),
        other => return text_keys(other),
    })
}

fn list(command: Command) -> Option<Words> {
    use Command as C;
    Some(match command {
        C::Sort => (
            "Sorts by name, by city or by creation date, in turn",
            "Trie par nom, par ville ou par date de création, tour à tour",
            "Sorteert op naam, op plaats of op aanmaakdatum, om de beurt",
            "Sortiert nach Name, Ort oder Anlagedatum, der Reihe nach",
        ),
        C::Reverse => (
            "Reverses the order",
            "Inverse l'ordre",
            "Keert de volgorde om",
            "Kehrt die Reihenfolge um",
        ),
        C::OpenCard | C::Confirm => open_selected_card(),
        C::Import => (
            "Imports a customer file (CSV or vCard)",
            "Importe un fichier de clients (CSV ou vCard)",
            "Importeert een klantenbestand (CSV of vCard)",
            "Importiert eine Kundendatei (CSV oder vCard)",
        ),
        C::NewCustomer => (
            "Creates a customer (the form of the customer picker), starting from what the filter holds",
            "Crée un client (la fiche de la recherche de clients), à partir du filtre tapé",
            "Maakt een klant aan (het formulier van het klant zoeken), met wat in het filter staat",
            "Legt einen Kunden an (das Formular der Kundensuche), mit dem Inhalt des Filters",
        ),
        C::Catalogue => (
            "Opens the products: search, add, change, archive (manager)",
            "Ouvre les articles : chercher, ajouter, modifier, archiver (gérant)",
            "Opent de artikelen: zoeken, toevoegen, wijzigen, archiveren (beheerder)",
            "Öffnet die Artikel: suchen, anlegen, ändern, archivieren (Chef)",
        ),
        C::Settings => (
            "Opens the settings: shop, VAT rates, language, search, contact, loyalty, receipt, session, e-mail (manager)",
            "Ouvre les réglages : boutique, TVA, langue, recherche, contact, fidélité, ticket, session, e-mail (gérant)",
            "Opent de instellingen: winkel, btw, taal, zoeken, contact, loyaliteit, bon, sessie, e-mail (beheerder)",
            "Öffnet die Einstellungen: Geschäft, MwSt., Sprache, Suche, Kontakt, Treue, Bon, Sitzung, E-Mail (Chef)",
        ),
        C::Outbox => (
            "Opens the outbox: receipts and messages by e-mail and SMS, their status, sending a failed one again (manager)",
            "Ouvre la boîte d'envoi : tickets et messages par e-mail et SMS, leur état, renvoyer un échec (gérant)",
            "Opent het postvak uit: bonnen en berichten per e-mail en sms, hun status, een mislukt opnieuw sturen (beheerder)",
            "Öffnet den Postausgang: Bons und Nachrichten per E-Mail und SMS, ihr Status, erneut senden (Chef)",
        ),
        C::Groups => (
            "Opens the customer groups: add, change, delete (manager)",
            "Ouvre les groupes de clients : ajouter, modifier, supprimer (gérant)",
            "Opent de klantgroepen: toevoegen, wijzigen, verwijderen (beheerder)",
            "Öffnet die Kundengruppen: anlegen, ändern, löschen (Chef)",
        ),
        C::Reports => (
            "Opens the reports: sales by day, by group, top customers, payments, VAT, and the daily closing (manager)",
            "Ouvre les rapports : ventes par jour, par groupe, meilleurs clients, paiements, TVA, et la clôture du jour (gérant)",
            "Opent de rapporten: verkoop per dag, per groep, topklanten, betalingen, btw, en de dagafsluiting (beheerder)",
            "Öffnet die Berichte: Verkäufe pro Tag, pro Gruppe, Top-Kunden, Zahlungen, MwSt. und den Tagesabschluss (Chef)",
        ),
        C::Back => (
            "Goes back to the previous screen",
            "Revient à l'écran précédent",
            "Gaat terug naar het vorige scherm",
            "Geht zur vorigen Maske zurück",
        ),
        C::Up => (
            "Selects the customer above",
            "Sélectionne le client du dessus",
            "Kiest de klant erboven",
            "Wählt den Kunden darüber",
        ),
        C::Down => (
            "Selects the customer below",
            "Sélectionne le client du dessous",
            "Kiest de klant eronder",
            "Wählt den Kunden darunter",
        ),
        C::PageUp => (
            "Moves 20 customers up",
            "Remonte de 20 clients",
            "Gaat 20 klanten omhoog",
            "Geht 20 Kunden nach oben",
        ),
        C::PageDown => (
            "Moves 20 customers down",
            "Descend de 20 clients",
            "Gaat 20 klanten omlaag",
            "Geht 20 Kunden nach unten",
        ),
        C::Backspace => (
            "Erases the last character of the filter",
            "Efface le dernier caractère du filtre",
            "Wist het laatste teken van het filter",
            "Löscht das letzte Zeichen des Filters",
        ),
        _ => return None,
    })
}

fn import(command: Command) -> Option<Words> {
    use Command as C;
    Some(match command {
        C::Toggle => (
            "On a report naming groups the shop does not have: creates them with the import, or leaves them out",
            "Sur un rapport qui nomme des groupes inconnus : les crée avec l'import, ou les ignore",
            "Op een verslag met onbekende groepen: maakt ze aan met de import, of laat ze weg",
            "Bei einem Bericht mit unbekannten Gruppen: legt sie mit dem Import an oder lässt sie weg",
        ),
        C::Preset => (
            "Changes the preset (the program the file comes from) and checks the file again",
            "Change le modèle (le logiciel d'où vient le fichier) et vérifie de nouveau le fichier",
            "Wijzigt het sjabloon (het programma waar het bestand vandaan komt) en controleert het bestand opnieuw",
            "Ändert die Vorlage (das Programm, aus dem die Datei stammt) und prüft die Datei erneut",
        ),
        C::Import => (
            "Checks the selected file; on its report, imports it once confirmed (manager)",
            "Vérifie le fichier sélectionné ; sur son rapport, l'importe après confirmation (gérant)",
            "Controleert het gekozen bestand; op het verslag importeert het na bevestiging (beheerder)",
            "Prüft die gewählte Datei; im Bericht importiert es nach Bestätigung (Chef)",
        ),
        C::Back => (
            "Goes back a step: from a report to the files, from the files to the list",
            "Revient d'une étape : du rapport aux fichiers, des fichiers à la liste",
            "Gaat een stap terug: van het verslag naar de bestanden, van de bestanden naar de lijst",
            "Geht einen Schritt zurück: vom Bericht zu den Dateien, von den Dateien zur Liste",
        ),
        C::Confirm => (
            "Opens the folder, or checks the file (a trial that writes nothing); on the report, asks to import",
            "Ouvre le dossier, ou vérifie le fichier (un essai qui n'écrit rien) ; sur le rapport, demande l'import",
            "Opent de map, of controleert het bestand (een proef die niets schrijft); op het verslag vraagt het om te importeren",
            "Öffnet den Ordner, oder prüft die Datei (ein Probelauf, der nichts schreibt); im Bericht fragt es nach dem Import",
        ),
        C::Up => (
            "Moves one row up",
            "Remonte d'une ligne",
            "Gaat één regel omhoog",
            "Geht eine Zeile nach oben",
        ),
        C::Down => (
            "Moves one row down",
            "Descend d'une ligne",
            "Gaat één regel omlaag",
            "Geht eine Zeile nach unten",
        ),
        C::PageUp => (
            "Moves 15 rows up",
            "Remonte de 15 lignes",
            "Gaat 15 regels omhoog",
            "Geht 15 Zeilen nach oben",
        ),
        C::PageDown => (
            "Moves 15 rows down",
            "Descend de 15 lignes",
            "Gaat 15 regels omlaag",
            "Geht 15 Zeilen nach unten",
        ),
        C::Home => (
            "Goes to the first row",
            "Va à la première ligne",
            "Gaat naar de eerste regel",
            "Geht zur ersten Zeile",
        ),
        C::End => (
            "Goes to the last row",
            "Va à la dernière ligne",
            "Gaat naar de laatste regel",
            "Geht zur letzten Zeile",
        ),
        C::Backspace => (
            "Erases the last character typed; with nothing typed, goes up to the parent folder",
            "Efface le dernier caractère tapé ; sans rien de tapé, remonte au dossier parent",
            "Wist het laatst getypte teken; als er niets getypt is, gaat het naar de bovenliggende map",
            "Löscht das zuletzt getippte Zeichen; ohne Getipptes geht es zum übergeordneten Ordner",
        ),
        _ => return None,
    })
}

fn popup(command: Command) -> Option<Words> {
    use Command as C;
    Some(match command {
        C::Toggle => (
            "Ticks or unticks the selected choice, where there is one; a top-up: cash or card; a refund: changes where the money goes; paying: the receipt by e-mail or not; an e-mail: marketing or personal",
            "Coche ou décoche le choix sélectionné, s'il y en a un ; une recharge : espèces ou carte ; un remboursement : change le mode de remboursement ; un paiement : le ticket par e-mail ou non ; un e-mail : commercial ou personnel",
            "Vinkt de gekozen keuze aan of uit, als die er is; opwaarderen: contant of pin; een retour: wijzigt waar het geld heen gaat; betalen: de bon per e-mail of niet; een e-mail: reclame of persoonlijk",
            "Hakt die gewählte Auswahl an oder ab, wo es eine gibt; Aufladung: bar oder Karte; Erstattung: ändert, wohin das Geld geht; Zahlung: den Bon per E-Mail oder nicht; eine E-Mail: Werbung oder persönlich",
        ),
        C::Sms => (
            "Paying: the receipt by SMS or not; a message on the Contact tab: sends it by e-mail or by SMS",
            "Un paiement : le ticket par SMS ou non ; un message de l'onglet Contact : l'envoie par e-mail ou par SMS",
            "Betalen: de bon per sms of niet; een bericht op het tabblad Contact: verstuurt het per e-mail of per sms",
            "Zahlung: den Bon per SMS oder nicht; eine Nachricht im Reiter Kontakt: sendet sie per E-Mail oder per SMS",
        ),
        C::Reprint => (
            "A past sale: prints its receipt again",
            "Une vente passée : réimprime son ticket",
            "Een eerdere verkoop: drukt de kassabon opnieuw af",
            "Ein früherer Verkauf: druckt seinen Kassenbon erneut",
        ),
        C::MoveSale => (
            "A past sale: gives it, with its points, to a customer (manager)",
            "Une vente passée : l'attribue, avec ses points, à un client (gérant)",
            "Een eerdere verkoop: kent hem, met zijn punten, toe aan een klant (beheerder)",
            "Ein früherer Verkauf: ordnet ihn, mit seinen Punkten, einem Kunden zu (Chef)",
        ),
        C::Refund => (
            "A past sale: gives back lines of it (manager)",
            "Une vente passée : en rembourse des lignes (gérant)",
            "Een eerdere verkoop: betaalt regels ervan terug (beheerder)",
            "Ein früherer Verkauf: erstattet Zeilen davon (Chef)",
        ),
        C::Exchange => (
            "The refund window: the lines chosen go onto the ticket with the sale's customer; add what is taken instead and pay the difference (manager)",
            "La fenêtre de remboursement : les lignes choisies vont sur le ticket avec le client de la vente ; ajoutez ce qui est pris à la place et encaissez la différence (gérant)",
            "Het retourvenster: de gekozen regels gaan op de bon met de klant van de verkoop; voeg toe wat ervoor in de plaats komt en reken het verschil af (beheerder)",
            "Das Erstattungsfenster: die gewählten Zeilen kommen mit dem Kunden des Verkaufs auf den Bon; hinzufügen, was stattdessen genommen wird, und die Differenz kassieren (Chef)",
        ),
        C::Save => (
            "New product: saves the item",
            "Nouvel article : enregistre l'article",
            "Nieuw artikel: slaat het artikel op",
            "Neuer Artikel: speichert den Artikel",
        ),
        C::Back => (
            "Closes the window; nothing is done. A payment: first takes back the last payment added",
            "Ferme la fenêtre sans rien faire. Un paiement : annule d'abord le dernier paiement ajouté",
            "Sluit het venster; er gebeurt niets. Een betaling: haalt eerst de laatst toegevoegde betaling weg",
            "Schließt das Fenster; nichts geschieht. Eine Zahlung: nimmt zuerst die zuletzt hinzugefügte Zahlung zurück",
        ),
        C::Confirm => (
            "Validates what is typed or selected (PIN, quantity, price, amount, item, city, choice, refund, parked ticket to recall); a payment: adds it, the sale is stored once nothing is left to pay; in a form, goes to the next field",
            "Valide ce qui est tapé ou sélectionné (code, quantité, prix, montant, article, ville, choix, remboursement, ticket en attente à reprendre) ; un paiement : l'ajoute, la vente est enregistrée quand il ne reste rien à payer ; dans un formulaire, passe au champ suivant",
            "Bevestigt wat getypt of gekozen is (pincode, aantal, prijs, bedrag, artikel, plaats, keuze, retour, geparkeerde bon om op te halen); een betaling: voegt hem toe, de verkoop wordt opgeslagen als er niets meer te betalen is; in een formulier, gaat naar het volgende veld",
            "Bestätigt, was getippt oder gewählt ist (PIN, Menge, Preis, Betrag, Artikel, Ort, Auswahl, Erstattung, geparkter Bon zum Zurückholen); eine Zahlung: fügt sie hinzu, der Verkauf wird gespeichert, wenn nichts mehr zu zahlen ist; in einem Formular, geht zum nächsten Feld",
        ),
        C::Up => (
            "Selects the row above in a list (a payment method, top-up or settlement, a parked ticket); in a form, the field above",
            "Sélectionne la ligne du dessus (un moyen de paiement, recharge ou règlement, un ticket en attente) ; dans un formulaire, le champ du dessus",
            "Kiest de regel erboven in een lijst (een betaalmiddel, opwaarderen of afbetalen, een geparkeerde bon); in een formulier, het veld erboven",
            "Wählt die Zeile darüber in einer Liste (eine Zahlungsart, Aufladung oder Einzahlung, ein geparkter Bon); in einem Formular, das Feld darüber",
        ),
        C::Down => (
            "Selects the row below in a list (a payment method, top-up or settlement, a parked ticket); in a form, the field below",
            "Sélectionne la ligne du dessous (un moyen de paiement, recharge ou règlement, un ticket en attente) ; dans un formulaire, le champ du dessous",
            "Kiest de regel eronder in een lijst (een betaalmiddel, opwaarderen of afbetalen, een geparkeerde bon); in een formulier, het veld eronder",
            "Wählt die Zeile darunter in einer Liste (eine Zahlungsart, Aufladung oder Einzahlung, ein geparkter Bon); in einem Formular, das Feld darunter",
        ),
        C::PageUp => (
            "Moves 10 items up in the item search; 8 fields in a form; to the newest parked ticket",
            "Remonte de 10 articles dans la recherche d'articles ; de 8 champs dans un formulaire ; au ticket en attente le plus récent",
            "Gaat 10 artikelen omhoog bij artikel zoeken; 8 velden in een formulier; naar de nieuwste geparkeerde bon",
            "Geht 10 Artikel nach oben in der Artikelsuche; 8 Felder in einem Formular; zum neuesten geparkten Bon",
        ),
        C::PageDown => (
            "Moves 10 items down in the item search; 8 fields in a form; to the oldest parked ticket",
            "Descend de 10 articles dans la recherche d'articles ; de 8 champs dans un formulaire ; au ticket en attente le plus ancien",
            "Gaat 10 artikelen omlaag bij artikel zoeken; 8 velden in een formulier; naar de oudste geparkeerde bon",
            "Geht 10 Artikel nach unten in der Artikelsuche; 8 Felder in einem Formular; zum ältesten geparkten Bon",
        ),
        C::NextField => (
            "In a form: goes to the next field",
            "Dans un formulaire : passe au champ suivant",
            "In een formulier: gaat naar het volgende veld",
            "In einem Formular: geht zum nächsten Feld",
        ),
        C::PrevField => (
            "In a form: goes back to the previous field",
            "Dans un formulaire : revient au champ précédent",
            "In een formulier: gaat terug naar het vorige veld",
            "In einem Formular: geht zum vorigen Feld zurück",
        ),
        other => return text_keys(other),
    })
}

fn checklist(command: Command) -> Option<Words> {
    use Command as C;
    Some(match command {
        C::Toggle => (
            "Ticks or unticks the field; the numbers give the order the values are typed in",
            "Coche ou décoche le champ ; les numéros donnent l'ordre de saisie des valeurs",
            "Vinkt het veld aan of uit; de nummers geven de volgorde waarin de waarden getypt worden",
            "Hakt das Feld an oder ab; die Nummern geben die Reihenfolge der getippten Werte",
        ),
        C::Confirm | C::Save => (
            "Searches again with the ticked fields",
            "Relance la recherche avec les champs cochés",
            "Zoekt opnieuw met de aangevinkte velden",
            "Sucht erneut mit den angehakten Feldern",
        ),
        C::Back => (
            "Closes the list; the ticks are kept",
            "Ferme la liste ; les cases cochées restent",
            "Sluit de lijst; de vinkjes blijven",
            "Schließt die Liste; die Haken bleiben",
        ),
        C::Up => (
            "Selects the field above",
            "Sélectionne le champ du dessus",
            "Kiest het veld erboven",
            "Wählt das Feld darüber",
        ),
        C::Down => (
            "Selects the field below",
            "Sélectionne le champ du dessous",
            "Kiest het veld eronder",
            "Wählt das Feld darunter",
        ),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::tr;
    use super::*;
    use crate::app::view::help_rows;
    use crate::keys::DEFAULT;
    use crate::lang::Lang;

    #[test]
    fn every_key_of_every_scope_has_a_help_sentence_in_every_language() {
        let mut missing = Vec::new();
        // `Any` never has the focus, and the help does not list its own keys.
        for scope in Scope::ALL {
            if matches!(scope, Scope::Any | Scope::Help) {
                continue;
            }
            for row in help_rows(DEFAULT, scope) {
                for lang in Lang::ALL {
                    if tr(lang).help(scope, row.command).trim().is_empty() {
                        missing.push(format!("{scope:?} {:?} {lang:?}", row.command));
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "no help sentence:\n{}",
            missing.join("\n")
        );
    }

    #[test]
    fn the_help_title_names_the_screen_in_each_language() {
        let titles: Vec<String> = Lang::ALL
            .iter()
            .map(|l| tr(*l).help_title(Scope::Sale))
            .collect();
        assert_eq!(
            titles,
            [
                "Keys: Sale screen",
                "Touches : écran de vente",
                "Toetsen: verkoopscherm",
                "Tasten: Verkaufsmaske"
            ]
        );
    }
}
