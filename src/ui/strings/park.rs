//! The words of parked tickets, the four languages side by side: the status messages of
//! parking and recalling, the recall window's title, columns and hints.
//!
//! Invariants: every message has all four languages (one [`Lang::pick`](crate::lang::Lang::pick)
//! each); nothing here names a key (the window's hint line reads the keymap); messages
//! stay short enough for the status line at 80 columns beside the scanner's state.

use super::Tr;
use crate::app::state::Msg;

impl Tr {
    /// "3 lines" / "1 ligne" / "3 regels" / "1 Zeile".
    pub fn lines_count(&self, n: usize) -> String {
        let one = n == 1;
        self.lang.pick(
            format!("{n} line{}", if one { "" } else { "s" }),
            format!("{n} ligne{}", if one { "" } else { "s" }),
            format!("{n} regel{}", if one { "" } else { "s" }),
            format!("{n} Zeile{}", if one { "" } else { "n" }),
        )
    }

    /// The status messages of parking and recalling.
    pub(super) fn park_msg(&self, m: &Msg) -> String {
        let l = self.lang;
        let with = |lines: usize, customer: &Option<String>| match customer {
            Some(c) => format!("{}, {c}", self.lines_count(lines)),
            None => self.lines_count(lines),
        };
        match m {
            Msg::Parked { lines, customer } => {
                let what = with(*lines, customer);
                l.pick(
                    format!("Ticket parked ({what})."),
                    format!("Ticket mis en attente ({what})."),
                    format!("Bon geparkeerd ({what})."),
                    format!("Bon geparkt ({what})."),
                )
            }
            Msg::Recalled {
                lines,
                customer_gone: true,
                ..
            } => {
                // What matters first: the status line may cut the end.
                let n = self.lines_count(*lines);
                l.pick(
                    format!(
                        "Customer gone (anonymised or merged): ticket recalled without them ({n})."
                    ),
                    format!(
                        "Client disparu (anonymisé ou fusionné) : ticket repris sans lui ({n})."
                    ),
                    format!(
                        "Klant weg (geanonimiseerd of samengevoegd): bon zonder klant opgehaald ({n})."
                    ),
                    format!(
                        "Kunde weg (anonymisiert oder zusammengeführt): Bon ohne ihn geholt ({n})."
                    ),
                )
            }
            Msg::Recalled {
                lines, customer, ..
            } => {
                let what = with(*lines, customer);
                l.pick(
                    format!("Ticket recalled ({what})."),
                    format!("Ticket repris ({what})."),
                    format!("Bon opgehaald ({what})."),
                    format!("Bon zurückgeholt ({what})."),
                )
            }
            Msg::ParkFirst => l
                .pick(
                    "Park or pay this ticket before recalling another.",
                    "Encaissez ou mettez en attente ce ticket d'abord.",
                    "Parkeer of reken deze bon eerst af.",
                    "Diesen Bon zuerst parken oder bezahlen.",
                )
                .into(),
            Msg::NothingParked => l
                .pick(
                    "No ticket parked at this register.",
                    "Aucun ticket en attente sur cette caisse.",
                    "Geen geparkeerde bon op deze kassa.",
                    "Kein geparkter Bon an dieser Kasse.",
                )
                .into(),
            Msg::ParkedDamaged => l
                .pick(
                    "This parked ticket is damaged: it cannot be recalled.",
                    "Ce ticket en attente est endommagé : impossible de le reprendre.",
                    "Deze geparkeerde bon is beschadigd: ophalen kan niet.",
                    "Dieser geparkte Bon ist beschädigt: Zurückholen nicht möglich.",
                )
                .into(),
            Msg::ParkLabel(n) => l.pick(
                format!("A parked ticket's label is at most {n} characters."),
                format!("Le libellé d'un ticket en attente fait au plus {n} caractères."),
                format!("De naam van een geparkeerde bon heeft hoogstens {n} tekens."),
                format!("Die Bezeichnung eines geparkten Bons hat höchstens {n} Zeichen."),
            ),
            // Tr::msg sends only the messages above here.
            _ => String::new(),
        }
    }

    /// The recall window's title.
    pub fn parked_title(&self) -> &'static str {
        self.lang.pick(
            "Parked tickets",
            "Tickets en attente",
            "Geparkeerde bonnen",
            "Geparkte Bons",
        )
    }

    /// A parked ticket's customer column when there is none, when they are gone, and a
    /// ticket whose lines do not read back.
    pub fn parked_words(&self) -> [&'static str; 3] {
        self.lang.pick(
            ["no customer", "customer gone", "damaged"],
            ["sans client", "client disparu", "endommagé"],
            ["geen klant", "klant weg", "beschadigd"],
            ["kein Kunde", "Kunde weg", "beschädigt"],
        )
    }

    /// What the recall window's keys do, after each key's label: recall, close.
    pub fn parked_keys(&self) -> [&'static str; 2] {
        self.lang.pick(
            ["recall onto the ticket", "close"],
            ["reprendre sur le ticket", "fermer"],
            ["ophalen op de bon", "sluiten"],
            ["auf den Bon holen", "schließen"],
        )
    }
}
