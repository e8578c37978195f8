//! The products and groups screens' words: titles, column headers, the delete question,
//! the forms' errors (by rule id) and the status messages of their acts, in the four
//! languages side by side.
//!
//! Invariants: every text is a tuple of four or one [`Lang::pick`] (the compiler counts
//! them); names and values inside come from the caller and are sanitised here, once; an
//! error of a rule this file does not know keeps its own text.

use super::Tr;
use crate::app::form::catalog_rule as rule;
use crate::app::state::{MoveTo, Msg};
use crate::domain::customer::FieldError;
use crate::domain::money::Percent;
use crate::sanitize::clean;

impl Tr {
    /// The products screen's title.
    pub fn catalog_title(&self) -> &'static str {
        self.say4(("Products", "Articles", "Artikelen", "Artikel"))
    }

    /// The groups screen's title.
    pub fn groups_title(&self) -> &'static str {
        self.say4((
            "Customer groups",
            "Groupes clients",
            "Klantgroepen",
            "Kundengruppen",
        ))
    }

    /// The product form's title: a new product, or the one being changed.
    pub fn product_form_title(&self, editing: Option<&str>) -> String {
        match editing {
            None => self.new_product.to_string(),
            Some(code) => {
                let code = clean(code);
                self.lang.pick(
                    format!("Product {code}"),
                    format!("Article {code}"),
                    format!("Artikel {code}"),
                    format!("Artikel {code}"),
                )
            }
        }
    }

    /// The group form's title: a new group, or the one being changed.
    pub fn group_form_title(&self, editing: Option<&str>) -> String {
        match editing {
            None => self
                .say4(("New group", "Nouveau groupe", "Nieuwe groep", "Neue Gruppe"))
                .into(),
            Some(name) => {
                let name = clean(name);
                self.lang.pick(
                    format!("Group {name}"),
                    format!("Groupe {name}"),
                    format!("Groep {name}"),
                    format!("Gruppe {name}"),
                )
            }
        }
    }

    /// Column headers of the products list: category, VAT, state.
    pub fn category(&self) -> &'static str {
        self.say4(("Category", "Rayon", "Categorie", "Kategorie"))
    }

    /// An archived product's mark in the list.
    pub fn archived(&self) -> &'static str {
        self.say4(("archived", "archivé", "archief", "Archiv"))
    }

    /// The products list's search hint (shown while nothing is typed).
    pub fn catalog_hint(&self) -> &'static str {
        self.say4((
            "Type a name or a code; every product is listed by name meanwhile.",
            "Tapez un libellé ou un code ; en attendant, tous les articles par libellé.",
            "Typ een naam of een code; intussen staan alle artikelen op naam.",
            "Name oder Code tippen; bis dahin alle Artikel nach Name.",
        ))
    }

    /// No product matches (or the catalogue is empty).
    pub fn no_products(&self) -> &'static str {
        self.say4((
            "No product. F4 adds one.",
            "Aucun article. F4 en ajoute un.",
            "Geen artikel. F4 voegt er een toe.",
            "Kein Artikel. F4 legt einen an.",
        ))
    }

    /// The groups list's headers: customers.
    pub fn customers_count(&self) -> &'static str {
        self.say4(("Customers", "Clients", "Klanten", "Kunden"))
    }

    /// The shop has no group yet.
    pub fn no_groups(&self) -> &'static str {
        self.say4((
            "No customer group. F4 adds one.",
            "Aucun groupe de clients. F4 en ajoute un.",
            "Geen klantgroep. F4 voegt er een toe.",
            "Keine Kundengruppe. F4 legt eine an.",
        ))
    }

    /// The delete question's title.
    pub fn delete_group_title(&self) -> &'static str {
        self.say4((
            "Delete a group",
            "Supprimer un groupe",
            "Groep verwijderen",
            "Gruppe löschen",
        ))
    }

    /// The delete question: a group without customers, or where its customers go.
    pub fn delete_group_question(&self, name: &str, customers: i64) -> String {
        let name = clean(name);
        if customers == 0 {
            return self.lang.pick(
                format!("Delete group {name}? It has no customer."),
                format!("Supprimer le groupe {name} ? Il n'a aucun client."),
                format!("Groep {name} verwijderen? Er zit geen klant in."),
                format!("Gruppe {name} löschen? Sie hat keine Kunden."),
            );
        }
        self.lang.pick(
            format!("Group {name} has {customers} customer(s). Where do they go?"),
            format!("Le groupe {name} a {customers} client(s). Où vont-ils ?"),
            format!("Groep {name} heeft {customers} klant(en). Waar gaan ze heen?"),
            format!("Gruppe {name} hat {customers} Kunde(n). Wohin kommen sie?"),
        )
    }

    /// The delete question's keys: with customers, the destination is chosen first.
    pub fn delete_group_keys(&self, choosing: bool) -> &'static str {
        if !choosing {
            return self.yes_no;
        }
        self.say4((
            "Up/Down: where to   Enter: delete   Esc: keep it",
            "Haut/Bas : où   Entrée : supprimer   Échap : garder",
            "Op/Neer: waarheen   Enter: verwijderen   Esc: houden",
            "Auf/Ab: wohin   Enter: löschen   Esc: behalten",
        ))
    }

    /// A destination of the delete question.
    pub fn move_to(&self, to: &MoveTo) -> String {
        match to {
            MoveTo::NoGroup => self
                .say4(("No group", "Aucun groupe", "Geen groep", "Keine Gruppe"))
                .into(),
            MoveTo::Group(g) => {
                let g = clean(g);
                self.lang.pick(
                    format!("Group {g}"),
                    format!("Groupe {g}"),
                    format!("Groep {g}"),
                    format!("Gruppe {g}"),
                )
            }
        }
    }

    /// A form error in words: the products and groups forms' rules in this language,
    /// any other error as it says itself.
    pub fn form_error(&self, e: &FieldError) -> String {
        let d = clean(&e.detail);
        let l = self.lang;
        match e.rule {
            rule::REQUIRED => l
                .pick("Required", "Obligatoire", "Verplicht", "Pflichtfeld")
                .into(),
            rule::AMOUNT => l.pick(
                format!("`{d}` is not an amount: type e.g. 12.50"),
                format!("`{d}` n'est pas un montant : tapez ex. 12,50"),
                format!("`{d}` is geen bedrag: typ bv. 12,50"),
                format!("`{d}` ist kein Betrag: z. B. 12,50 eintippen"),
            ),
            rule::NEGATIVE => l
                .pick(
                    "Cannot be negative",
                    "Ne peut pas être négatif",
                    "Kan niet negatief zijn",
                    "Darf nicht negativ sein",
                )
                .into(),
            rule::RATE => {
                // The shop's rates the local way (5,5 in French).
                let d: Vec<String> = d
                    .split(" / ")
                    .map(|r| {
                        Percent::parse(r)
                            .map_or_else(|_| r.to_string(), |p| l.quantity(p.as_decimal()))
                    })
                    .collect();
                let d = d.join(" / ");
                l.pick(
                    format!("Not one of the shop's VAT rates ({d}); F2 picks one"),
                    format!("Pas un taux de TVA de la boutique ({d}) ; F2 en choisit un"),
                    format!("Geen btw-tarief van de winkel ({d}); F2 kiest er een"),
                    format!("Kein MwSt.-Satz des Geschäfts ({d}); F2 wählt einen"),
                )
            }
            rule::PERCENT => l.pick(
                format!("`{d}` is not a percentage from 0 to 100"),
                format!("`{d}` n'est pas un pourcentage de 0 à 100"),
                format!("`{d}` is geen percentage van 0 tot 100"),
                format!("`{d}` ist kein Prozentsatz von 0 bis 100"),
            ),
            rule::CHECK_DIGIT => l.pick(
                format!("Barcode {d}: the check digit is wrong (mistyped?)"),
                format!("Code-barres {d} : la clé de contrôle est fausse (faute de frappe ?)"),
                format!("Streepjescode {d}: het controlecijfer klopt niet (typfout?)"),
                format!("Strichcode {d}: die Prüfziffer stimmt nicht (vertippt?)"),
            ),
            rule::TOO_LONG => l.pick(
                format!("At most {d} characters"),
                format!("{d} caractères au plus"),
                format!("Hoogstens {d} tekens"),
                format!("Höchstens {d} Zeichen"),
            ),
            rule::UNPRINTABLE => l
                .pick(
                    "Holds a control character",
                    "Contient un caractère de contrôle",
                    "Bevat een stuurteken",
                    "Enthält ein Steuerzeichen",
                )
                .into(),
            "position.format" => l.pick(
                format!("`{d}`: type the latitude, then the longitude (e.g. 48.8566, 2.3522)"),
                format!("`{d}` : tapez la latitude puis la longitude (ex. 48.8566, 2.3522)"),
                format!("`{d}`: typ de breedte- en dan de lengtegraad (bv. 48.8566, 2.3522)"),
                format!("`{d}`: Breiten-, dann Längengrad eintippen (z. B. 48.8566, 2.3522)"),
            ),
            "position.range" => l
                .pick(
                    "Latitude from -90 to 90, longitude from -180 to 180",
                    "Latitude de -90 à 90, longitude de -180 à 180",
                    "Breedtegraad van -90 tot 90, lengtegraad van -180 tot 180",
                    "Breitengrad von -90 bis 90, Längengrad von -180 bis 180",
                )
                .into(),
            // The validators' rules: their words in this language, else their own text.
            r => match self.rule_text(r, &d) {
                // A form's error is a sentence of its own.
                Some(text) => crate::lang::capitalised(&text),
                None => d.into_owned(),
            },
        }
    }

    /// The products and groups screens' messages ([`Tr::msg`] sends only these here).
    pub(super) fn catalog_msg(&self, m: &Msg) -> String {
        let l = self.lang;
        match m {
            Msg::ProductSaved { name, created } => {
                let n = clean(name);
                if *created {
                    l.pick(
                        format!("Product {n} added."),
                        format!("Article {n} ajouté."),
                        format!("Artikel {n} toegevoegd."),
                        format!("Artikel {n} angelegt."),
                    )
                } else {
                    l.pick(
                        format!("Product {n} changed."),
                        format!("Article {n} modifié."),
                        format!("Artikel {n} gewijzigd."),
                        format!("Artikel {n} geändert."),
                    )
                }
            }
            Msg::ProductArchived { name, active } => {
                let n = clean(name);
                if *active {
                    l.pick(
                        format!("Product {n} is on sale again."),
                        format!("Article {n} de nouveau en vente."),
                        format!("Artikel {n} is weer te koop."),
                        format!("Artikel {n} ist wieder im Verkauf."),
                    )
                } else {
                    l.pick(
                        format!("Product {n} archived: no longer sold, kept for past sales."),
                        format!("Article {n} archivé : plus vendu, gardé pour les ventes passées."),
                        format!("Artikel {n} gearchiveerd: niet meer te koop, bewaard voor eerdere verkopen."),
                        format!("Artikel {n} archiviert: nicht mehr verkauft, für frühere Verkäufe behalten."),
                    )
                }
            }
            Msg::GroupSaved { name, created } => {
                let n = clean(name);
                if *created {
                    l.pick(
                        format!("Group {n} added."),
                        format!("Groupe {n} ajouté."),
                        format!("Groep {n} toegevoegd."),
                        format!("Gruppe {n} angelegt."),
                    )
                } else {
                    l.pick(
                        format!("Group {n} changed."),
                        format!("Groupe {n} modifié."),
                        format!("Groep {n} gewijzigd."),
                        format!("Gruppe {n} geändert."),
                    )
                }
            }
            Msg::GroupDeleted { name, moved } => {
                let n = clean(name);
                l.pick(
                    format!("Group {n} deleted; {moved} customer(s) moved."),
                    format!("Groupe {n} supprimé ; {moved} client(s) déplacé(s)."),
                    format!("Groep {n} verwijderd; {moved} klant(en) verplaatst."),
                    format!("Gruppe {n} gelöscht; {moved} Kunde(n) verschoben."),
                )
            }
            _ => String::new(),
        }
    }
}
