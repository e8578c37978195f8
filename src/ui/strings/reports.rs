//! The reports screen's words, the four languages side by side: its title and tabs, the
//! period's fields and their refusals, the column headers, the charts' titles, the Z's
//! lines, the closing's question and messages; and the card's spending line.
//!
//! Invariants: every text is a tuple of four or one [`Lang::pick`] (the compiler counts
//! them), the matches have no wildcard; days, months and amounts are written through
//! [`Lang`](crate::lang::Lang) (the local way), never by hand; stored text (a closing's
//! author) is sanitised here, once; nothing here names a key (the footer reads the
//! keymap).

use chrono::{DateTime, NaiveDate, Utc};

use super::Tr;
use crate::app::state::{FieldRefusal, Msg, ReportField};
use crate::app::view::ReportKind;
use crate::domain::money::Money;
use crate::sanitize::clean;

/// A column header of the report tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Day,
    Sales,
    Refunds,
    Goods,
    Total,
    Group,
    Customers,
    Customer,
    Method,
    Payments,
    Amount,
    Rate,
    Net,
    Vat,
    Gross,
}

impl Tr {
    /// The screen's title.
    pub fn reports_title(&self) -> &'static str {
        self.say4(("Reports", "Rapports", "Rapporten", "Berichte"))
    }

    /// A report's tab.
    pub fn report_tab(&self, k: ReportKind) -> &'static str {
        self.say4(match k {
            ReportKind::Days => ("Days", "Jours", "Dagen", "Tage"),
            ReportKind::Groups => ("Groups", "Groupes", "Groepen", "Gruppen"),
            ReportKind::Customers => (
                "Top customers",
                "Meilleurs clients",
                "Topklanten",
                "Top-Kunden",
            ),
            ReportKind::Methods => ("Payments", "Paiements", "Betalingen", "Zahlungen"),
            ReportKind::Vat => ("VAT", "TVA", "Btw", "MwSt."),
            ReportKind::Z => (
                "Z (closing)",
                "Z (clôture)",
                "Z (afsluiting)",
                "Z (Abschluss)",
            ),
        })
    }

    /// A field's label.
    pub fn report_field(&self, f: ReportField) -> &'static str {
        self.say4(match f {
            ReportField::From => ("From", "Du", "Van", "Von"),
            ReportField::To => ("To", "Au", "Tot en met", "Bis"),
            ReportField::Day => ("Day", "Jour", "Dag", "Tag"),
            ReportField::Counted => (
                "Cash counted",
                "Espèces comptées",
                "Geteld contant",
                "Bargeld gezählt",
            ),
        })
    }

    /// Why a field was refused, short enough to stand beside it; `today` is the example
    /// of a day the language's way.
    pub fn report_refusal(&self, r: &FieldRefusal, today: NaiveDate) -> String {
        let l = self.lang;
        let (local, iso) = (l.day(today), today.format("%Y-%m-%d").to_string());
        match r {
            FieldRefusal::NotADay(_) => l.pick(
                format!("not a day: type {iso}"),
                format!("pas une date : {local} ou {iso}"),
                format!("geen datum: {local} of {iso}"),
                format!("kein Datum: {local} oder {iso}"),
            ),
            FieldRefusal::FromAfterTo => {
                let from = self.report_field(ReportField::From);
                l.pick(
                    format!("before {from}: the period runs backwards"),
                    format!("avant « {from} » : la période est à l'envers"),
                    format!("vóór '{from}': de periode loopt achteruit"),
                    format!("vor „{from}“: der Zeitraum läuft rückwärts"),
                )
            }
            FieldRefusal::NotAnAmount(_) => l
                .pick(
                    "not an amount: type e.g. 123.45",
                    "pas un montant : tapez ex. 123,45",
                    "geen bedrag: typ bv. 123,45",
                    "kein Betrag: z. B. 123,45 eintippen",
                )
                .into(),
            FieldRefusal::BelowZero => l
                .pick(
                    "cannot be below zero",
                    "ne peut pas être négatif",
                    "kan niet negatief zijn",
                    "darf nicht negativ sein",
                )
                .into(),
        }
    }

    /// A report is being computed.
    pub fn computing(&self) -> &'static str {
        self.say4((
            "Computing...",
            "Calcul en cours...",
            "Bezig met berekenen...",
            "Wird berechnet...",
        ))
    }

    /// What the figures shown cover: all registers, net of refunds.
    pub fn report_period(&self, from: NaiveDate, to: NaiveDate) -> String {
        let (f, t) = (self.lang.day(from), self.lang.day(to));
        self.lang.pick(
            format!("{f} to {t}, all registers, net of refunds"),
            format!("Du {f} au {t}, toutes caisses, remboursements déduits"),
            format!("{f} t/m {t}, alle kassa's, na aftrek van retouren"),
            format!("{f} bis {t}, alle Kassen, abzüglich Erstattungen"),
        )
    }

    /// The period had no sale.
    pub fn report_empty(&self) -> &'static str {
        self.say4((
            "No sale in this period.",
            "Aucune vente sur cette période.",
            "Geen verkoop in deze periode.",
            "Kein Verkauf in diesem Zeitraum.",
        ))
    }

    /// A column header.
    pub fn column(&self, c: Column) -> &'static str {
        self.say4(match c {
            Column::Day => ("Day", "Jour", "Dag", "Tag"),
            Column::Sales => ("Sales", "Ventes", "Verkopen", "Verkäufe"),
            Column::Refunds => ("Refunds", "Rembours.", "Retouren", "Erstatt."),
            Column::Goods => ("Goods", "Articles", "Goederen", "Waren"),
            Column::Total => ("Total", "Total", "Totaal", "Summe"),
            Column::Group => ("Group", "Groupe", "Groep", "Gruppe"),
            Column::Customers => ("Customers", "Clients", "Klanten", "Kunden"),
            Column::Customer => ("Customer", "Client", "Klant", "Kunde"),
            Column::Method => ("Method", "Moyen", "Middel", "Zahlart"),
            Column::Payments => ("Payments", "Paiements", "Betalingen", "Zahlungen"),
            Column::Amount => ("Amount", "Montant", "Bedrag", "Betrag"),
            Column::Rate => ("Rate", "Taux", "Tarief", "Satz"),
            Column::Net => ("Net", "HT", "Netto", "Netto"),
            Column::Vat => ("VAT", "TVA", "Btw", "MwSt."),
            Column::Gross => ("Gross", "TTC", "Bruto", "Brutto"),
        })
    }

    /// The groups report's rows without a group name.
    pub fn no_group(&self) -> &'static str {
        self.say4((
            "(no group)",
            "(sans groupe)",
            "(geen groep)",
            "(keine Gruppe)",
        ))
    }

    /// The groups report's row of the sales without a customer.
    pub fn walk_in(&self) -> &'static str {
        self.say4((
            "(no customer)",
            "(sans client)",
            "(geen klant)",
            "(ohne Kunde)",
        ))
    }

    /// An anonymised customer among the top customers.
    pub fn no_name(&self) -> &'static str {
        self.say4((
            "(anonymised)",
            "(anonymisé)",
            "(geanonimiseerd)",
            "(anonymisiert)",
        ))
    }

    /// The days chart's title: its highest bar, and the days left out when the period
    /// has more than fit (`shown` of `days`, the last ones).
    pub fn days_chart(&self, highest: Money, shown: usize, days: usize) -> String {
        let h = self.money(highest);
        if shown >= days {
            return self.lang.pick(
                format!("Goods per day (highest {h})"),
                format!("Articles par jour (maximum {h})"),
                format!("Goederen per dag (hoogste {h})"),
                format!("Waren pro Tag (Höchstwert {h})"),
            );
        }
        self.lang.pick(
            format!("Goods per day, the last {shown} of {days} days (highest {h})"),
            format!("Articles par jour, les {shown} derniers des {days} jours (maximum {h})"),
            format!("Goederen per dag, de laatste {shown} van {days} dagen (hoogste {h})"),
            format!("Waren pro Tag, die letzten {shown} von {days} Tagen (Höchstwert {h})"),
        )
    }

    /// The groups chart's title.
    pub fn groups_chart(&self) -> &'static str {
        self.say4((
            "Goods per customer group",
            "Articles par groupe de clients",
            "Goederen per klantgroep",
            "Waren pro Kundengruppe",
        ))
    }

    /// The Z's heading: the register, the day, closed or not.
    pub fn z_heading(&self, register: &str, day: NaiveDate, closed: bool) -> String {
        let (r, d) = (clean(register), self.lang.day(day));
        match closed {
            true => self.lang.pick(
                format!("Register {r}, {d}: closed"),
                format!("Caisse {r}, {d} : clôturée"),
                format!("Kassa {r}, {d}: afgesloten"),
                format!("Kasse {r}, {d}: abgeschlossen"),
            ),
            false => self.lang.pick(
                format!("Register {r}, {d}: not closed"),
                format!("Caisse {r}, {d} : non clôturée"),
                format!("Kassa {r}, {d}: niet afgesloten"),
                format!("Kasse {r}, {d}: nicht abgeschlossen"),
            ),
        }
    }

    /// The Z's words: top-ups, settlements, gift cards, cash expected, counted,
    /// difference.
    pub fn z_word(&self, i: ZWord) -> &'static str {
        self.say4(match i {
            ZWord::TopUps => ("Top-ups", "Recharges", "Opwaarderingen", "Aufladungen"),
            ZWord::Settlements => ("Settlements", "Règlements", "Afbetalingen", "Einzahlungen"),
            ZWord::GiftCards => (
                "Gift cards",
                "Cartes cadeaux",
                "Cadeaukaarten",
                "Geschenkkarten",
            ),
            ZWord::Expected => (
                "Cash expected",
                "Espèces attendues",
                "Verwacht contant",
                "Bargeld erwartet",
            ),
            ZWord::Counted => (
                "Cash counted",
                "Espèces comptées",
                "Geteld contant",
                "Bargeld gezählt",
            ),
            ZWord::Difference => ("Difference", "Écart", "Verschil", "Differenz"),
        })
    }

    /// Who closed the Z and when.
    pub fn z_closed_by(&self, at: DateTime<Utc>, offset: i32, author: &str, entry: i64) -> String {
        let (when, who) = (self.datetime(at, offset), clean(author));
        self.lang.pick(
            format!("Closed {when} by {who} (journal entry {entry})"),
            format!("Clôturée le {when} par {who} (écriture {entry} du journal)"),
            format!("Afgesloten {when} door {who} (journaalregel {entry})"),
            format!("Abgeschlossen {when} von {who} (Journaleintrag {entry})"),
        )
    }

    /// What to do on an open Z.
    pub fn z_hint(&self) -> &'static str {
        self.say4((
            "Count the drawer, type the cash counted, then close the day: once, for good.",
            "Comptez le tiroir, tapez les espèces comptées, puis clôturez : une fois, définitivement.",
            "Tel de lade, typ het getelde contant geld en sluit de dag af: één keer, definitief.",
            "Lade zählen, gezähltes Bargeld eintippen, dann den Tag abschließen: einmal, endgültig.",
        ))
    }

    /// The closing's question.
    pub fn close_day_question(&self, register: &str, day: NaiveDate, counted: Money) -> String {
        let (r, d, c) = (clean(register), self.lang.day(day), self.money(counted));
        self.lang.pick(
            format!("Close register {r} for {d} with {c} counted in cash? A day is closed once; it cannot be undone."),
            format!("Clôturer la caisse {r} du {d} avec {c} comptés en espèces ? Une journée se clôture une fois, sans retour."),
            format!("Kassa {r} afsluiten voor {d} met {c} geteld contant? Een dag wordt één keer afgesloten, onomkeerbaar."),
            format!("Kasse {r} für den {d} mit {c} gezähltem Bargeld abschließen? Ein Tag wird einmal abgeschlossen, endgültig."),
        )
    }

    /// The card's spending line: its first and last month and its highest.
    pub fn spending_title(&self, first: NaiveDate, last: NaiveDate, highest: Money) -> String {
        let (f, t, h) = (
            self.lang.month(first),
            self.lang.month(last),
            self.money(highest),
        );
        self.lang.pick(
            format!("Goods bought per month, {f} to {t} (highest {h})"),
            format!("Achats par mois, de {f} à {t} (maximum {h})"),
            format!("Aankopen per maand, {f} t/m {t} (hoogste {h})"),
            format!("Einkäufe pro Monat, {f} bis {t} (Höchstwert {h})"),
        )
    }

    /// The reports screen's messages ([`Tr::msg`] sends only these here).
    pub(super) fn reports_msg(&self, m: &Msg) -> String {
        let l = self.lang;
        match m {
            Msg::DayClosed { day, difference } => {
                let (d, x) = (l.day(*day), self.money(*difference));
                l.pick(
                    format!("Day {d} closed; difference {x}."),
                    format!("Journée du {d} clôturée ; écart {x}."),
                    format!("Dag {d} afgesloten; verschil {x}."),
                    format!("Tag {d} abgeschlossen; Differenz {x}."),
                )
            }
            Msg::DayAlreadyClosed(day) => {
                let d = l.day(*day);
                l.pick(
                    format!("{d} is closed already: shown as it was closed."),
                    format!("Le {d} est déjà clôturé : affiché tel que clôturé."),
                    format!("{d} is al afgesloten: getoond zoals afgesloten."),
                    format!("Der {d} ist schon abgeschlossen: so gezeigt, wie abgeschlossen."),
                )
            }
            _ => String::new(),
        }
    }
}

/// A word of the Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZWord {
    TopUps,
    Settlements,
    GiftCards,
    Expected,
    Counted,
    Difference,
}
