//! The help overlay's words: its title for each scope, and what each key does there, one
//! sentence per (scope, command) in English and French.
//!
//! Invariants: a command has a sentence in every scope where one of its keys works (the
//! test below walks every scope's keys, so a new command or binding without a sentence
//! fails); a sentence says what the key does on that screen, never which key it is (the
//! keys are the keymap's, overrides included); Quit and Help mean the same everywhere.

use super::Tr;
use crate::app::state::Lang;
use crate::keys::{Command, Scope};

/// (English, French).
type Words = (&'static str, &'static str);

impl Tr {
    /// The help overlay's title: "Keys: Sale screen".
    pub fn help_title(&self, scope: Scope) -> String {
        let (en, fr) = scope_name(scope);
        match self.lang {
            Lang::En => format!("Keys: {en}"),
            Lang::Fr => format!("Touches : {fr}"),
        }
    }

    /// What `command` does in `scope`, in a sentence ("" when none is written).
    pub fn help(&self, scope: Scope, command: Command) -> &'static str {
        let (en, fr) = sentence(scope, command).unwrap_or(("", ""));
        match self.lang {
            Lang::En => en,
            Lang::Fr => fr,
        }
    }
}

fn scope_name(scope: Scope) -> Words {
    match scope {
        Scope::Sale => ("Sale screen", "écran de vente"),
        Scope::Picker => ("Customer search", "recherche de client"),
        Scope::Card => ("Customer card", "fiche client"),
        Scope::Form => ("Customer form", "formulaire client"),
        Scope::List => ("Customers list", "liste des clients"),
        Scope::Import => ("Import screen", "écran d'import"),
        Scope::Setup => ("Shop setup", "installation de la boutique"),
        Scope::Popup => ("Window", "fenêtre"),
        Scope::Question => ("Question", "question"),
        Scope::Checklist => ("Search fields", "champs de recherche"),
        Scope::Any | Scope::Help => ("Help", "aide"),
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
        ),
        (_, C::Help) => (
            "Shows this list of keys; press it again to close it",
            "Affiche cette liste de touches ; appuyer de nouveau pour la fermer",
        ),
        (S::Sale, c) => return sale(c),
        (S::Picker, c) => return picker(c),
        (S::Card, c) => return card(c),
        (S::Form, c) => return form(c),
        (S::List, c) => return list(c),
        (S::Import, c) => return import(c),
        (S::Setup, c) => return setup(c),
        (S::Popup, c) => return popup(c),
        (S::Question, C::Confirm) => (
            "Answers yes: does what is asked",
            "Répond oui : fait ce qui est demandé",
        ),
        (S::Question, C::Back) => (
            "Answers no: nothing is done",
            "Répond non : rien n'est fait",
        ),
        (S::Checklist, c) => return checklist(c),
        _ => return None,
    })
}

/// Moving in and erasing typed text: the same in every field.
fn text(command: Command) -> Option<Words> {
    use Command as C;
    Some(match command {
        C::Left => (
            "Moves the cursor one character left",
            "Déplace le curseur d'un caractère à gauche",
        ),
        C::Right => (
            "Moves the cursor one character right",
            "Déplace le curseur d'un caractère à droite",
        ),
        C::Home => (
            "Moves the cursor to the start of the text",
            "Place le curseur au début du texte",
        ),
        C::End => (
            "Moves the cursor to the end of the text",
            "Place le curseur à la fin du texte",
        ),
        C::Backspace => (
            "Erases the character before the cursor",
            "Efface le caractère avant le curseur",
        ),
        C::Delete => (
            "Erases the character under the cursor",
            "Efface le caractère sous le curseur",
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
        ),
        C::OpenCard => (
            "Opens the card of the customer on the ticket",
            "Ouvre la fiche du client du ticket",
        ),
        C::Detach => (
            "Takes the customer off the ticket, and their discount",
            "Retire le client du ticket, et sa remise",
        ),
        C::Products => (
            "Searches the items by name, to add one",
            "Cherche un article par son nom, pour l'ajouter",
        ),
        C::Quantity => (
            "Changes the quantity of the selected line",
            "Change la quantité de la ligne sélectionnée",
        ),
        C::RemoveLine => ("Removes the selected line", "Retire la ligne sélectionnée"),
        C::PayCash => (
            "Pays the ticket: cash, card, wallet, store credit, points or on account, split if need be; cash shows the change",
            "Encaisse le ticket : espèces, carte, cagnotte, avoir, points ou compte, en plusieurs fois si besoin ; les espèces affichent le rendu",
        ),
        C::PayCard => (
            "Pays the ticket by card, once confirmed",
            "Encaisse par carte, après confirmation",
        ),
        C::CustomersList => (
            "Opens the customers list (manager)",
            "Ouvre la liste des clients (gérant)",
        ),
        C::Manager => manager(),
        C::EditPrice => (
            "Changes the unit price of the selected line (manager)",
            "Change le prix unitaire de la ligne sélectionnée (gérant)",
        ),
        C::TopUp => (
            "Tops up the customer's wallet, pays towards their account, or sells a gift card, by cash or card",
            "Recharge la cagnotte du client, règle son compte ou vend une carte cadeau, en espèces ou par carte",
        ),
        C::Park => (
            "Parks the ticket (its lines and customer) to serve someone else; text typed in the code field first becomes its label",
            "Met le ticket en attente (lignes et client) pour servir quelqu'un d'autre ; le texte tapé d'abord dans le champ code devient son libellé",
        ),
        C::Recall => (
            "Lists the tickets parked at this register, to take one back; the ticket must have no line",
            "Liste les tickets en attente sur cette caisse, pour en reprendre un ; le ticket ne doit avoir aucune ligne",
        ),
        C::OpenDrawer => (
            "Opens the cash drawer without a sale (manager: asks for the PIN when locked; written in the audit log)",
            "Ouvre le tiroir-caisse sans vente (gérant : demande le code s'il est verrouillé ; noté dans le journal d'audit)",
        ),
        C::Back => (
            "Clears the code being typed",
            "Efface le code en cours de saisie",
        ),
        C::Confirm => (
            "Adds the item whose code is typed (a scanned code is added at once); a receipt's ticket number (R1-000042) opens that sale",
            "Ajoute l'article dont le code est tapé (un code scanné est ajouté aussitôt) ; le numéro d'un ticket (R1-000042) ouvre cette vente",
        ),
        C::Up => ("Selects the line above", "Sélectionne la ligne du dessus"),
        C::Down => ("Selects the line below", "Sélectionne la ligne du dessous"),
        C::PageUp => (
            "Selects 10 lines higher",
            "Remonte la sélection de 10 lignes",
        ),
        C::PageDown => (
            "Selects 10 lines lower",
            "Descend la sélection de 10 lignes",
        ),
        C::Delete => (
            "Erases the character under the cursor; with no code typed, removes the selected line",
            "Efface le caractère sous le curseur ; sans code tapé, retire la ligne sélectionnée",
        ),
        other => return text(other),
    })
}

fn manager() -> Words {
    (
        "Unlocks the manager mode with the PIN, or locks it again",
        "Active le mode gérant avec le code PIN, ou le désactive",
    )
}

fn open_selected_card() -> Words {
    (
        "Opens the card of the selected customer",
        "Ouvre la fiche du client sélectionné",
    )
}

fn picker(command: Command) -> Option<Words> {
    use Command as C;
    Some(match command {
        C::ToggleAdvanced => (
            "Switches between simple and advanced search (one value per field, separated by commas)",
            "Bascule entre recherche simple et avancée (une valeur par champ, séparées par des virgules)",
        ),
        C::ChooseFields => (
            "Chooses the fields of the advanced search and their order",
            "Choisit les champs de la recherche avancée et leur ordre",
        ),
        C::NewCustomer => (
            "Creates a customer, starting from the name or phone typed",
            "Crée un client à partir du nom ou du téléphone tapé",
        ),
        C::OpenCard => open_selected_card(),
        C::Back => (
            "Leaves the search without choosing",
            "Quitte la recherche sans choisir",
        ),
        C::Confirm => (
            "Takes the selected customer: attaches them to the ticket, or does what the search was opened for (move a sale, add a card, merge)",
            "Prend le client sélectionné : l'associe au ticket, ou fait ce pour quoi la recherche a été ouverte (déplacer une vente, ajouter une carte, fusionner)",
        ),
        C::Up => ("Selects the result above", "Sélectionne le résultat du dessus"),
        C::Down => ("Selects the result below", "Sélectionne le résultat du dessous"),
        C::PageUp => ("Moves 10 results up", "Remonte de 10 résultats"),
        C::PageDown => ("Moves 10 results down", "Descend de 10 résultats"),
        other => return text(other),
    })
}

fn card(command: Command) -> Option<Words> {
    use Command as C;
    Some(match command {
        C::Edit => (
            "Info: edits the customer. Notes: adds a note. Merge: finds another customer to merge",
            "Infos : modifie le client. Notes : ajoute une note. Fusion : cherche un autre client à fusionner",
        ),
        C::Reprint => (
            "History: prints the selected sale's receipt again",
            "Historique : réimprime le ticket de la vente sélectionnée",
        ),
        C::MoveSale => (
            "History: gives the selected sale to another customer (manager)",
            "Historique : attribue la vente sélectionnée à un autre client (gérant)",
        ),
        C::Refund => (
            "History: gives back lines of the selected sale, to the way it was paid, store credit, cash or card (manager)",
            "Historique : rembourse des lignes de la vente sélectionnée, par le mode d'origine, en avoir, en espèces ou sur carte (gérant)",
        ),
        C::Apply => (
            "Merge: merges the duplicate into this customer. Delete: deletes the customer. Both ask first (manager)",
            "Fusion : fusionne le doublon dans ce client. Suppr. : supprime le client. Les deux demandent confirmation (gérant)",
        ),
        C::Manager => manager(),
        C::Toggle => (
            "Merge: takes the selected field from the duplicate, or leaves it",
            "Fusion : prend le champ sélectionné du doublon, ou le laisse",
        ),
        C::NextTab => ("Shows the next tab", "Affiche l'onglet suivant"),
        C::PrevTab => ("Shows the previous tab", "Affiche l'onglet précédent"),
        C::Back => (
            "Goes back to the previous screen (on Merge, first leaves the choice of fields)",
            "Revient à l'écran précédent (sur Fusion, quitte d'abord le choix des champs)",
        ),
        C::Confirm => (
            "History: shows the selected sale. Merge: compares with the selected duplicate, then takes or leaves the selected field. Delete: asks to delete",
            "Historique : affiche la vente sélectionnée. Fusion : compare au doublon sélectionné, puis prend ou laisse le champ sélectionné. Suppr. : demande la suppression",
        ),
        C::Up => (
            "Moves up in the tab's list (sales, movements, notes, duplicates, fields) or scrolls",
            "Remonte dans la liste de l'onglet (ventes, mouvements, notes, doublons, champs) ou fait défiler",
        ),
        C::Down => (
            "Moves down in the tab's list (sales, movements, notes, duplicates, fields) or scrolls",
            "Descend dans la liste de l'onglet (ventes, mouvements, notes, doublons, champs) ou fait défiler",
        ),
        C::PageUp => ("Moves 10 rows up in the tab", "Remonte de 10 lignes dans l'onglet"),
        C::PageDown => ("Moves 10 rows down in the tab", "Descend de 10 lignes dans l'onglet"),
        _ => return None,
    })
}

fn form(command: Command) -> Option<Words> {
    use Command as C;
    Some(match command {
        C::Save => (
            "Checks and saves the customer; fields to correct are marked, nothing typed is lost",
            "Vérifie et enregistre le client ; les champs à corriger sont signalés, rien n'est perdu",
        ),
        C::Toggle => (
            "Switches a choice field (person or company, yes or no)",
            "Bascule un champ à choix (personne ou société, oui ou non)",
        ),
        C::Back => (
            "Closes the form without saving",
            "Ferme le formulaire sans enregistrer",
        ),
        C::Confirm => (
            "Goes to the next field; on the last one, saves",
            "Passe au champ suivant ; sur le dernier, enregistre",
        ),
        C::NextField => (
            "Goes to the next field (a postal code fills in its city)",
            "Passe au champ suivant (un code postal remplit sa ville)",
        ),
        C::PrevField => (
            "Goes back to the previous field",
            "Revient au champ précédent",
        ),
        C::PageUp => ("Jumps 8 fields up", "Remonte de 8 champs"),
        C::PageDown => ("Jumps 8 fields down", "Descend de 8 champs"),
        other => return text(other),
    })
}

fn setup(command: Command) -> Option<Words> {
    use Command as C;
    Some(match command {
        C::Save => (
            "Checks every field and writes the settings; fields to correct are marked",
            "Vérifie chaque champ et enregistre les réglages ; les champs à corriger sont signalés",
        ),
        C::Toggle => (
            "Changes a choice field (country, currency, language)",
            "Change un champ à choix (pays, devise, langue)",
        ),
        C::Confirm => (
            "Goes to the next field; on the last one, saves; once saved, does the chosen step",
            "Passe au champ suivant ; sur le dernier, enregistre ; ensuite, fait l'étape choisie",
        ),
        C::NextField => (
            "Goes to the next field (a postal code fills in its city); once saved, selects the step below",
            "Passe au champ suivant (un code postal remplit sa ville) ; ensuite, choisit l'étape du dessous",
        ),
        C::PrevField => (
            "Goes back to the previous field; once saved, selects the step above",
            "Revient au champ précédent ; ensuite, choisit l'étape du dessus",
        ),
        C::PageUp => ("Jumps 4 fields up", "Remonte de 4 champs"),
        C::PageDown => ("Jumps 4 fields down", "Descend de 4 champs"),
        C::Left | C::Right => (
            "Moves the cursor; on a choice field, changes the choice",
            "Déplace le curseur ; sur un champ à choix, change le choix",
        ),
        other => return text(other),
    })
}

fn list(command: Command) -> Option<Words> {
    use Command as C;
    Some(match command {
        C::Sort => (
            "Sorts by name, by city or by creation date, in turn",
            "Trie par nom, par ville ou par date de création, tour à tour",
        ),
        C::Reverse => ("Reverses the order", "Inverse l'ordre"),
        C::OpenCard | C::Confirm => open_selected_card(),
        C::Import => (
            "Imports a customer file (CSV or vCard)",
            "Importe un fichier de clients (CSV ou vCard)",
        ),
        C::Back => (
            "Goes back to the previous screen",
            "Revient à l'écran précédent",
        ),
        C::Up => (
            "Selects the customer above",
            "Sélectionne le client du dessus",
        ),
        C::Down => (
            "Selects the customer below",
            "Sélectionne le client du dessous",
        ),
        C::PageUp => ("Moves 20 customers up", "Remonte de 20 clients"),
        C::PageDown => ("Moves 20 customers down", "Descend de 20 clients"),
        C::Backspace => (
            "Erases the last character of the filter",
            "Efface le dernier caractère du filtre",
        ),
        _ => return None,
    })
}

fn import(command: Command) -> Option<Words> {
    use Command as C;
    Some(match command {
        C::Preset => (
            "Changes the preset (the program the file comes from) and checks the file again",
            "Change le modèle (le logiciel d'où vient le fichier) et vérifie de nouveau le fichier",
        ),
        C::Import => (
            "Checks the selected file; on its report, imports it once confirmed (manager)",
            "Vérifie le fichier sélectionné ; sur son rapport, l'importe après confirmation (gérant)",
        ),
        C::Back => (
            "Goes back a step: from a report to the files, from the files to the list",
            "Revient d'une étape : du rapport aux fichiers, des fichiers à la liste",
        ),
        C::Confirm => (
            "Opens the folder, or checks the file (a trial that writes nothing); on the report, asks to import",
            "Ouvre le dossier, ou vérifie le fichier (un essai qui n'écrit rien) ; sur le rapport, demande l'import",
        ),
        C::Up => ("Moves one row up", "Remonte d'une ligne"),
        C::Down => ("Moves one row down", "Descend d'une ligne"),
        C::PageUp => ("Moves 15 rows up", "Remonte de 15 lignes"),
        C::PageDown => ("Moves 15 rows down", "Descend de 15 lignes"),
        C::Home => ("Goes to the first row", "Va à la première ligne"),
        C::End => ("Goes to the last row", "Va à la dernière ligne"),
        C::Backspace => (
            "Erases the last character typed; with nothing typed, goes up to the parent folder",
            "Efface le dernier caractère tapé ; sans rien de tapé, remonte au dossier parent",
        ),
        _ => return None,
    })
}

fn popup(command: Command) -> Option<Words> {
    use Command as C;
    Some(match command {
        C::Toggle => (
            "Ticks or unticks the selected choice, where there is one; a top-up: cash or card; a refund: changes where the money goes",
            "Coche ou décoche le choix sélectionné, s'il y en a un ; une recharge : espèces ou carte ; un remboursement : change le mode de remboursement",
        ),
        C::Reprint => (
            "A past sale: prints its receipt again",
            "Une vente passée : réimprime son ticket",
        ),
        C::MoveSale => (
            "A past sale: gives it, with its points, to a customer (manager)",
            "Une vente passée : l'attribue, avec ses points, à un client (gérant)",
        ),
        C::Refund => (
            "A past sale: gives back lines of it (manager)",
            "Une vente passée : en rembourse des lignes (gérant)",
        ),
        C::Exchange => (
            "The refund window: the lines chosen go onto the ticket with the sale's customer; add what is taken instead and pay the difference (manager)",
            "La fenêtre de remboursement : les lignes choisies vont sur le ticket avec le client de la vente ; ajoutez ce qui est pris à la place et encaissez la différence (gérant)",
        ),
        C::Save => (
            "New product: saves the item",
            "Nouvel article : enregistre l'article",
        ),
        C::Back => (
            "Closes the window; nothing is done. A payment: first takes back the last payment added",
            "Ferme la fenêtre sans rien faire. Un paiement : annule d'abord le dernier paiement ajouté",
        ),
        C::Confirm => (
            "Validates what is typed or selected (PIN, quantity, price, amount, item, city, choice, refund, parked ticket to recall); a payment: adds it, the sale is stored once nothing is left to pay; in a form, goes to the next field",
            "Valide ce qui est tapé ou sélectionné (code, quantité, prix, montant, article, ville, choix, remboursement, ticket en attente à reprendre) ; un paiement : l'ajoute, la vente est enregistrée quand il ne reste rien à payer ; dans un formulaire, passe au champ suivant",
        ),
        C::Up => (
            "Selects the row above in a list (a payment method, top-up or settlement, a parked ticket); in a form, the field above",
            "Sélectionne la ligne du dessus (un moyen de paiement, recharge ou règlement, un ticket en attente) ; dans un formulaire, le champ du dessus",
        ),
        C::Down => (
            "Selects the row below in a list (a payment method, top-up or settlement, a parked ticket); in a form, the field below",
            "Sélectionne la ligne du dessous (un moyen de paiement, recharge ou règlement, un ticket en attente) ; dans un formulaire, le champ du dessous",
        ),
        C::PageUp => (
            "Moves 10 items up in the item search; 8 fields in a form; to the newest parked ticket",
            "Remonte de 10 articles dans la recherche d'articles ; de 8 champs dans un formulaire ; au ticket en attente le plus récent",
        ),
        C::PageDown => (
            "Moves 10 items down in the item search; 8 fields in a form; to the oldest parked ticket",
            "Descend de 10 articles dans la recherche d'articles ; de 8 champs dans un formulaire ; au ticket en attente le plus ancien",
        ),
        C::NextField => (
            "In a form: goes to the next field",
            "Dans un formulaire : passe au champ suivant",
        ),
        C::PrevField => (
            "In a form: goes back to the previous field",
            "Dans un formulaire : revient au champ précédent",
        ),
        other => return text(other),
    })
}

fn checklist(command: Command) -> Option<Words> {
    use Command as C;
    Some(match command {
        C::Toggle => (
            "Ticks or unticks the field; the numbers give the order the values are typed in",
            "Coche ou décoche le champ ; les numéros donnent l'ordre de saisie des valeurs",
        ),
        C::Confirm | C::Save => (
            "Searches again with the ticked fields",
            "Relance la recherche avec les champs cochés",
        ),
        C::Back => (
            "Closes the list; the ticks are kept",
            "Ferme la liste ; les cases cochées restent",
        ),
        C::Up => ("Selects the field above", "Sélectionne le champ du dessus"),
        C::Down => ("Selects the field below", "Sélectionne le champ du dessous"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::tr;
    use super::*;
    use crate::app::view::help_rows;
    use crate::keys::DEFAULT;

    #[test]
    fn every_key_of_every_scope_has_a_help_sentence_in_both_languages() {
        let mut missing = Vec::new();
        // `Any` never has the focus, and the help does not list its own keys.
        for scope in Scope::ALL {
            if matches!(scope, Scope::Any | Scope::Help) {
                continue;
            }
            for row in help_rows(DEFAULT, scope) {
                for lang in [Lang::En, Lang::Fr] {
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
        assert_eq!(tr(Lang::En).help_title(Scope::Sale), "Keys: Sale screen");
        assert_eq!(
            tr(Lang::Fr).help_title(Scope::Sale),
            "Touches : écran de vente"
        );
    }
}
