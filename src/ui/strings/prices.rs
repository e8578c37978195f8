//! A customer group's price list on the groups screen: its title, column headers, the
//! line where a special price is typed, and the message after a price is stored, in the
//! four languages side by side.
//!
//! Invariants: every text is one [`Lang::pick`](crate::lang::Lang::pick) (the compiler
//! counts the languages); names and codes inside come from the caller and are sanitised
//! here, once.

use super::Tr;
use crate::app::state::Msg;
use crate::sanitize::clean;

impl Tr {
    /// The price list's title.
    pub fn prices_title(&self, group: &str) -> String {
        let g = clean(group);
        self.lang.pick(
            format!("Special prices of {g}"),
            format!("Prix spéciaux de {g}"),
            format!("Speciale prijzen van {g}"),
            format!("Sonderpreise von {g}"),
        )
    }

    /// A group without any special price.
    pub fn no_prices(&self) -> &'static str {
        self.lang.pick(
            "No special price yet: F4 adds one (a product's code, then its price).",
            "Aucun prix spécial : F4 en ajoute un (code de l'article, puis son prix).",
            "Nog geen speciale prijs: F4 voegt er een toe (code van het artikel, dan de prijs).",
            "Noch kein Sonderpreis: F4 legt einen an (Code des Artikels, dann der Preis).",
        )
    }

    /// The shelf price's column.
    pub fn shelf_price(&self) -> &'static str {
        self.lang.pick("Shelf", "Prix rayon", "Schap", "Regal")
    }

    /// The special price's column and field.
    pub fn special_price(&self) -> &'static str {
        self.lang.pick("Special", "Spécial", "Speciaal", "Sonder")
    }

    /// Under the line being typed: what Enter and Esc do.
    pub fn price_edit_hint(&self) -> &'static str {
        self.lang.pick(
            "Tab: code/price  Enter: save  Esc: cancel",
            "Tab : code/prix  Entrée : enregistrer  Échap : annuler",
            "Tab: code/prijs  Enter: opslaan  Esc: annuleren",
            "Tab: Code/Preis  Enter: speichern  Esc: abbrechen",
        )
    }

    pub(super) fn prices_msg(&self, m: &Msg) -> String {
        let l = self.lang;
        match m {
            Msg::GroupPriceSaved { group, code, price } => {
                let (g, c) = (clean(group), clean(code));
                match price {
                    Some(p) => {
                        let p = self.money(*p);
                        l.pick(
                            format!("{c} costs {p} for {g} now."),
                            format!("{c} coûte désormais {p} pour {g}."),
                            format!("{c} kost nu {p} voor {g}."),
                            format!("{c} kostet für {g} jetzt {p}."),
                        )
                    }
                    None => l.pick(
                        format!("{c}: {g}'s special price removed, the shelf price applies."),
                        format!("{c} : prix spécial de {g} retiré, le prix du rayon s'applique."),
                        format!("{c}: speciale prijs van {g} verwijderd, de schapprijs geldt."),
                        format!("{c}: Sonderpreis von {g} entfernt, der Regalpreis gilt."),
                    ),
                }
            }
            _ => String::new(),
        }
    }
}
