//! The words of parked tickets, English and French side by side: the status messages of
//! parking and recalling, the recall window's title, columns and hints.
//!
//! Invariants: every message has both languages (one `match` arm each); nothing here names
//! a key (the window's hint line reads the keymap); messages stay short enough for the
//! status line at 80 columns beside the scanner's state.

use super::Tr;
use crate::app::state::{Lang, Msg};

impl Tr {
    fn en_fr(&self, en: String, fr: String) -> String {
        match self.lang {
            Lang::En => en,
            Lang::Fr => fr,
        }
    }

    /// "3 lines" / "1 ligne".
    pub fn lines_count(&self, n: usize) -> String {
        let s = if n == 1 { "" } else { "s" };
        self.en_fr(format!("{n} line{s}"), format!("{n} ligne{s}"))
    }

    /// The status messages of parking and recalling.
    pub(super) fn park_msg(&self, m: &Msg) -> String {
        let with = |lines: usize, customer: &Option<String>| match customer {
            Some(c) => format!("{}, {c}", self.lines_count(lines)),
            None => self.lines_count(lines),
        };
        match m {
            Msg::Parked { lines, customer } => {
                let what = with(*lines, customer);
                self.en_fr(
                    format!("Ticket parked ({what})."),
                    format!("Ticket mis en attente ({what})."),
                )
            }
            Msg::Recalled {
                lines,
                customer_gone: true,
                ..
            } => {
                // What matters first: the status line may cut the end.
                let n = self.lines_count(*lines);
                self.en_fr(
                    format!(
                        "Customer gone (anonymised or merged): ticket recalled without them ({n})."
                    ),
                    format!(
                        "Client disparu (anonymisé ou fusionné) : ticket repris sans lui ({n})."
                    ),
                )
            }
            Msg::Recalled {
                lines, customer, ..
            } => {
                let what = with(*lines, customer);
                self.en_fr(
                    format!("Ticket recalled ({what})."),
                    format!("Ticket repris ({what})."),
                )
            }
            Msg::ParkFirst => self.en_fr(
                "Park or pay this ticket before recalling another.".into(),
                "Encaissez ou mettez en attente ce ticket d'abord.".into(),
            ),
            Msg::NothingParked => self.en_fr(
                "No ticket parked at this register.".into(),
                "Aucun ticket en attente sur cette caisse.".into(),
            ),
            Msg::ParkedDamaged => self.en_fr(
                "This parked ticket is damaged: it cannot be recalled.".into(),
                "Ce ticket en attente est endommagé : impossible de le reprendre.".into(),
            ),
            Msg::ParkLabel(n) => self.en_fr(
                format!("A parked ticket's label is at most {n} characters."),
                format!("Le libellé d'un ticket en attente fait au plus {n} caractères."),
            ),
            other => self.msg(other),
        }
    }

    /// The recall window's title.
    pub fn parked_title(&self) -> &'static str {
        match self.lang {
            Lang::En => "Parked tickets",
            Lang::Fr => "Tickets en attente",
        }
    }

    /// A parked ticket's customer column when there is none, when they are gone, and a
    /// ticket whose lines do not read back.
    pub fn parked_words(&self) -> [&'static str; 3] {
        match self.lang {
            Lang::En => ["no customer", "customer gone", "damaged"],
            Lang::Fr => ["sans client", "client disparu", "endommagé"],
        }
    }

    /// What the recall window's keys do, after each key's label: recall, close.
    pub fn parked_keys(&self) -> [&'static str; 2] {
        match self.lang {
            Lang::En => ["recall onto the ticket", "close"],
            Lang::Fr => ["reprendre sur le ticket", "fermer"],
        }
    }
}
