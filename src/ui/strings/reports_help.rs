//! The help overlay's sentences for the reports screen, one per key that works there, in
//! the four languages.
//!
//! Invariants: as in `help.rs`: each row a tuple of four, a sentence says what the key
//! does on that screen, never which key it is; `help.rs`'s test walks this scope too.

use super::labels::Words;
use crate::keys::Command;

/// What `command` does on the reports screen.
pub(super) fn sentence(command: Command) -> Option<Words> {
    use Command as C;
    Some(match command {
        C::NextTab => (
            "Shows the next report (days, groups, top customers, payments, VAT, the Z) and computes it",
            "Affiche le rapport suivant (jours, groupes, meilleurs clients, paiements, TVA, le Z) et le calcule",
            "Toont het volgende rapport (dagen, groepen, topklanten, betalingen, btw, de Z) en berekent het",
            "Zeigt den nächsten Bericht (Tage, Gruppen, Top-Kunden, Zahlungen, MwSt., der Z) und berechnet ihn",
        ),
        C::PrevTab => (
            "Shows the previous report and computes it",
            "Affiche le rapport précédent et le calcule",
            "Toont het vorige rapport en berekent het",
            "Zeigt den vorigen Bericht und berechnet ihn",
        ),
        C::Confirm => (
            "Computes the report for the days typed (the language's way or 2026-12-07)",
            "Calcule le rapport pour les dates tapées (07/12/2026 ou 2026-12-07)",
            "Berekent het rapport voor de getypte data (07-12-2026 of 2026-12-07)",
            "Berechnet den Bericht für die eingetippten Daten (07.12.2026 oder 2026-12-07)",
        ),
        C::Today => (
            "Sets the period (or the Z's day) to today and computes the report",
            "Met la période (ou le jour du Z) à aujourd'hui et calcule le rapport",
            "Zet de periode (of de dag van de Z) op vandaag en berekent het rapport",
            "Setzt den Zeitraum (oder den Tag des Z) auf heute und berechnet den Bericht",
        ),
        C::ThisMonth => (
            "Sets the period to this month so far and computes the report (not on the Z)",
            "Met la période sur le mois en cours jusqu'à aujourd'hui et calcule le rapport (pas sur le Z)",
            "Zet de periode op deze maand tot vandaag en berekent het rapport (niet bij de Z)",
            "Setzt den Zeitraum auf diesen Monat bis heute und berechnet den Bericht (nicht beim Z)",
        ),
        C::LastMonth => (
            "Sets the period to last month, whole, and computes the report (not on the Z)",
            "Met la période sur le mois dernier entier et calcule le rapport (pas sur le Z)",
            "Zet de periode op de hele vorige maand en berekent het rapport (niet bij de Z)",
            "Setzt den Zeitraum auf den ganzen Vormonat und berechnet den Bericht (nicht beim Z)",
        ),
        C::CloseDay => (
            "Z: closes the day with the cash counted, after a question (manager, once per day, audited)",
            "Z : clôture la journée avec les espèces comptées, après confirmation (gérant, une fois par jour, journalisé)",
            "Z: sluit de dag af met het getelde contant geld, na een vraag (beheerder, één keer per dag, in het auditlog)",
            "Z: schließt den Tag mit dem gezählten Bargeld ab, nach einer Rückfrage (Chef, einmal pro Tag, protokolliert)",
        ),
        C::Up | C::Down => (
            "Moves between the two fields (From and To; on the Z, the day and the cash counted)",
            "Passe d'un champ à l'autre (Du et Au ; sur le Z, le jour et les espèces comptées)",
            "Wisselt tussen de twee velden (Van en Tot en met; bij de Z de dag en het getelde contant)",
            "Wechselt zwischen den zwei Feldern (Von und Bis; beim Z Tag und gezähltes Bargeld)",
        ),
        C::PageUp => (
            "Scrolls the table up",
            "Fait défiler le tableau vers le haut",
            "Scrolt de tabel omhoog",
            "Blättert die Tabelle nach oben",
        ),
        C::PageDown => (
            "Scrolls the table down",
            "Fait défiler le tableau vers le bas",
            "Scrolt de tabel omlaag",
            "Blättert die Tabelle nach unten",
        ),
        C::Back => (
            "Goes back to the customers list",
            "Revient à la liste des clients",
            "Gaat terug naar de klantenlijst",
            "Geht zur Kundenliste zurück",
        ),
        C::Left | C::Right | C::Home | C::End | C::Backspace | C::Delete => {
            return super::help::text_keys(command)
        }
        _ => return None,
    })
}
