//! Every word the register shows or prints, in English, French, Dutch and German, chosen
//! by the config's locale; money and dates formatted the local way ([`Lang`]).
//!
//! Invariants: screens and receipts never hold literal user-visible text, only fields of
//! [`Tr`] and the functions here and in the submodules; every language fills every field
//! (the compiler checks it: `Tr` has no defaults), and every sentence made by a function
//! is a [`Lang::pick`] or a `match` with no wildcard, so a language cannot be left out.
//! To add a language, add a `Tr` constant and let the compiler list the rest.

mod catalog;
mod catalog_help;
mod de;
mod en;
mod fr;
mod help;
mod labels;
mod msg;
mod nl;
mod outbox;
mod park;
mod pay;
mod prices;
mod remarks;
mod reports;
mod reports_help;
mod rules;
mod settings;
pub use settings::LABEL_MAX as SETTINGS_LABEL_MAX;
mod settings_fields;
mod settings_help;
mod settings_sms;
mod setup;

pub use reports::{Column, ZWord};

use chrono::{DateTime, Utc};

use crate::app::state::{IndexState, Lang, Tab};
use crate::domain::money::Money;

/// The texts of one language.
pub struct Tr {
    pub lang: Lang,
    pub sale: &'static str,
    pub picker: &'static str,
    pub card: &'static str,
    pub list: &'static str,
    pub new_customer: &'static str,
    pub manager: &'static str,
    pub code: &'static str,
    pub item: &'static str,
    pub qty: &'static str,
    pub price: &'static str,
    pub disc: &'static str,
    pub total: &'static str,
    pub empty_ticket: &'static str,
    pub subtotal: &'static str,
    pub discount: &'static str,
    pub to_pay: &'static str,
    pub vat: &'static str,
    pub net: &'static str,
    pub customer: &'static str,
    pub no_customer: &'static str,
    pub group: &'static str,
    pub notes: &'static str,
    pub internal_note: &'static str,
    pub paid: &'static str,
    pub change_due: &'static str,
    pub cash: &'static str,
    pub card_payment: &'static str,
    pub search: &'static str,
    pub simple: &'static str,
    pub advanced: &'static str,
    pub fields: &'static str,
    pub search_hint: &'static str,
    pub no_results: &'static str,
    pub fallback: &'static str,
    /// A search asked for and not answered yet (the plain search runs in the background).
    pub searching: &'static str,
    pub name: &'static str,
    pub address: &'static str,
    pub city: &'static str,
    pub phone: &'static str,
    pub results: &'static str,
    pub tabs: [&'static str; 8],
    pub date: &'static str,
    pub number: &'static str,
    pub lines: &'static str,
    pub no_sales: &'static str,
    pub payments: &'static str,
    pub tendered: &'static str,
    pub total_all: &'static str,
    pub total_12m: &'static str,
    pub visits: &'static str,
    pub average_basket: &'static str,
    pub preferred_day: &'static str,
    pub top_items: &'static str,
    pub first_visit: &'static str,
    pub last_visit: &'static str,
    pub since: &'static str,
    pub never: &'static str,
    pub weekdays: [&'static str; 7],
    pub no_notes: &'static str,
    pub email: &'static str,
    pub sms: &'static str,
    pub whatsapp: &'static str,
    pub marketing_ok: &'static str,
    pub marketing_no: &'static str,
    pub no_phone: &'static str,
    pub qr_too_small: &'static str,
    pub duplicates: &'static str,
    pub no_duplicates: &'static str,
    pub merge_hint: &'static str,
    pub keep: &'static str,
    pub duplicate: &'static str,
    pub merge_warning: &'static str,
    pub delete_text: &'static str,
    pub anonymised: &'static str,
    pub filter: &'static str,
    pub sort_by: &'static str,
    pub sorts: [&'static str; 3],
    pub descending: &'static str,
    pub loading: &'static str,
    pub pin_title: &'static str,
    pub pin_wrong: &'static str,
    pub checking: &'static str,
    pub yes_no: &'static str,
    pub quantity: &'static str,
    pub amount_given: &'static str,
    pub enter_exact: &'static str,
    pub products: &'static str,
    pub add_note: &'static str,
    pub choose_city: &'static str,
    pub choose_fields: &'static str,
    pub unknown_code: &'static str,
    pub unknown_choices: [&'static str; 3],
    pub new_product: &'static str,
    pub scanner: &'static str,
    pub no_scanner: &'static str,
    pub disconnected: &'static str,
    pub index_opening: &'static str,
    pub index_rebuilding: &'static str,
    pub index_updating: &'static str,
    pub index_failed: &'static str,
    pub ticket: &'static str,
    pub errors: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub person: &'static str,
    pub entity: &'static str,
    pub import: ImportWords,
    pub ledger: LedgerWords,
}

/// The words of balances, ledger movements, payment methods and refunds.
pub struct LedgerWords {
    pub points: &'static str,
    /// "worth 12.34": what the points pay.
    pub worth: &'static str,
    pub wallet: &'static str,
    pub store_credit: &'static str,
    pub owed: &'static str,
    /// "limit 200.00": the credit limit.
    pub limit: &'static str,
    /// No credit limit: no sales on account.
    pub no_account: &'static str,
    pub program_off: &'static str,
    pub no_movements: &'static str,
    /// Column headers of the movements: balance, why, amount.
    pub kind: &'static str,
    pub reason: &'static str,
    pub amount: &'static str,
    /// Points, wallet, credit, account ([`crate::domain::ledger::Kind::ALL`] order).
    pub kinds: [&'static str; 4],
    /// In [`crate::domain::ledger::Reason::ALL`] order.
    pub reasons: [&'static str; 9],
    /// In [`crate::domain::sale::PaymentMethod::ALL`] order.
    /// "refund of R1-000012" in the history.
    pub refund_of: &'static str,
    /// The refund window: its title, columns, destination, total and hints.
    pub refund: &'static str,
    pub sold: &'static str,
    pub refunded: &'static str,
    pub left: &'static str,
    pub back: &'static str,
    pub refund_to: &'static str,
    /// Back as paid, store credit, cash, card.
    pub destinations: [&'static str; 4],
    pub total_back: &'static str,
    pub quantity_keys: &'static str,
    pub nothing_chosen: &'static str,
    pub not_a_number: &'static str,
    /// Store credit chosen for a sale with no customer.
    /// The past sale's window: its customer, or none.
    pub sale_customer: &'static str,
    pub sale_no_customer: &'static str,
}

/// The words of the Import screen.
pub struct ImportWords {
    pub screen: &'static str,
    pub choose: &'static str,
    pub folder: &'static str,
    pub hint: &'static str,
    pub preset: &'static str,
    pub preset_hint: &'static str,
    pub no_files: &'static str,
    pub dir_mark: &'static str,
    pub checking: &'static str,
    pub importing: &'static str,
    pub review: &'static str,
    pub done: &'static str,
    pub failed: &'static str,
    pub rows: &'static str,
    /// Dry run: "to create", "to update"; done: "created", "updated".
    pub to_create: &'static str,
    pub to_update: &'static str,
    pub created: &'static str,
    pub updated: &'static str,
    pub unchanged: &'static str,
    pub refused: &'static str,
    pub warnings: &'static str,
    pub file: &'static str,
    pub encoding: &'static str,
    pub delimiter: &'static str,
    pub rejected: &'static str,
    pub note: &'static str,
    pub sections: [&'static str; 4],
    pub line: &'static str,
    pub ignored: &'static str,
    pub same: &'static str,
    pub would_update: &'static str,
    pub updates: &'static str,
    /// Matched on: reference, e-mail, phone, name.
    pub keys: [&'static str; 4],
    pub truncated: &'static str,
    pub review_hint: &'static str,
    pub done_hint: &'static str,
}

/// The texts of `lang`.
pub fn tr(lang: Lang) -> &'static Tr {
    match lang {
        Lang::En => &en::EN,
        Lang::Fr => &fr::FR,
        Lang::Nl => &nl::NL,
        Lang::De => &de::DE,
    }
}

impl Tr {
    /// A tab's title.
    pub fn tab(&self, t: Tab) -> &'static str {
        self.tabs.get(t.index()).copied().unwrap_or("")
    }

    /// An amount the local way, without currency ("12.50" / "12,50").
    pub fn money(&self, m: Money) -> String {
        self.lang.money(m)
    }

    /// An amount with its currency the local way ("€12.50", "12,50 €", "€ 12,50").
    pub fn price(&self, m: Money, currency: &str) -> String {
        self.lang.price(m, currency)
    }

    /// A date and time the local way, shifted by `offset` seconds from UTC.
    pub fn datetime(&self, t: DateTime<Utc>, offset: i32) -> String {
        self.lang.datetime(t, offset)
    }

    /// A date the local way, shifted by `offset` seconds from UTC.
    pub fn date(&self, t: DateTime<Utc>, offset: i32) -> String {
        self.lang.date(t, offset)
    }

    pub fn yes_no(&self, b: bool) -> &'static str {
        if b {
            self.yes
        } else {
            self.no
        }
    }

    /// The index part of the status bar (empty when ready).
    pub fn index_state(&self, s: &IndexState) -> String {
        match s {
            IndexState::Ready => String::new(),
            IndexState::Opening => self.index_opening.into(),
            IndexState::Rebuilding => self.index_rebuilding.into(),
            IndexState::Updating => self.index_updating.into(),
            IndexState::Failed(e) => format!("{}: {e}", self.index_failed),
        }
    }

    /// A toggle field's value in words ("person"/"entity", "yes"/"no").
    pub fn toggle_value(&self, raw: &str) -> &'static str {
        match raw {
            "person" => self.person,
            "entity" => self.entity,
            "yes" => self.yes,
            _ => self.no,
        }
    }

    /// A balance's name ("store credit").
    pub fn kind(&self, k: crate::domain::ledger::Kind) -> &'static str {
        let i = crate::domain::ledger::Kind::ALL
            .iter()
            .position(|x| *x == k)
            .unwrap_or(0);
        self.ledger.kinds.get(i).copied().unwrap_or("")
    }

    /// Why a balance moved, in a word or two.
    pub fn reason(&self, r: crate::domain::ledger::Reason) -> &'static str {
        let i = crate::domain::ledger::Reason::ALL
            .iter()
            .position(|x| *x == r)
            .unwrap_or(0);
        self.ledger.reasons.get(i).copied().unwrap_or("")
    }

    /// Where a refund's money goes.
    pub fn destination(&self, to: crate::app::view::RefundTo) -> &'static str {
        use crate::app::view::RefundTo as T;
        let i = match to {
            T::Original => 0,
            T::Credit => 1,
            T::Cash => 2,
            T::Card => 3,
        };
        self.ledger.destinations.get(i).copied().unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::state::Msg;

    #[test]
    fn every_language_formats_money_and_dates_its_way() {
        let t = DateTime::parse_from_rfc3339("2026-03-14T10:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(tr(Lang::En).money(Money::from_cents(1250)), "12.50");
        assert_eq!(tr(Lang::Fr).money(Money::from_cents(1250)), "12,50");
        assert_eq!(tr(Lang::Nl).money(Money::from_cents(1250)), "12,50");
        assert_eq!(tr(Lang::De).money(Money::from_cents(1250)), "12,50");
        assert_eq!(tr(Lang::En).datetime(t, 3600), "2026-03-14 11:30");
        assert_eq!(tr(Lang::Fr).datetime(t, 0), "14/03/2026 10:30");
        assert_eq!(tr(Lang::Nl).date(t, 0), "14-03-2026");
        assert_eq!(tr(Lang::De).date(t, 0), "14.03.2026");
    }

    #[test]
    fn every_language_has_its_own_table_and_its_own_messages() {
        for l in Lang::ALL {
            assert_eq!(tr(l).lang, l);
        }
        let saved: std::collections::BTreeSet<String> =
            Lang::ALL.iter().map(|l| tr(*l).msg(&Msg::Saved)).collect();
        assert_eq!(saved.len(), Lang::ALL.len(), "{saved:?}");
    }
}
