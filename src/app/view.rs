//! What the screens may read of the register besides [`super::state::State`]: the view
//! types the state holds (rows, sorts, fields, import reports) and the facts derived from
//! it (which keymap scope has the focus, the rows of the help overlay, a merge field's
//! value).
//!
//! Invariant: this is the renderer's whole window on the layers below. `ui` takes its
//! types from here and from `domain`, never from `store`, `search` or `exchange` directly,
//! so a change below shows up here, where the app decides what the screens see.

use super::state::{MergeField, Popup, Screen, State};
use crate::domain::customer::CustomerData;
pub use crate::exchange::csv_in::BEYOND_HEADER;
pub use crate::exchange::remark::{CardFault, NameSource, Remark, ValueNote};
pub use crate::exchange::report::{ColumnUse, Issue, Match, MatchKey, Report};
use crate::keys::Scope;
pub use crate::search::SearchField;
pub use crate::service::{RefundTo, SMS_MAX};
pub use crate::store::ledger::Movement;
pub use crate::store::lookup::{CustomerRow, ListSort};
pub use crate::store::messages::{
    Channel, Kind as MessageKind, Message as OutboxMessage, Overview as OutboxOverview,
    Status as MailState,
};
pub use crate::store::reports::{
    Closing, CustomerRow as TopCustomer, DayFigures, DayRow, GroupRow as GroupSales, MethodRow,
    Period, RateRow, Report as ReportRows, ReportKind,
};
pub use crate::store::stats::MonthGoods;

mod help;
pub use help::{help_rows, idle, HelpRow};

/// Where keys go now (the keymap's scope): the help overlay when it is open, else
/// [`focus`].
pub fn scope(s: &State) -> Scope {
    if s.help.is_some() {
        return Scope::Help;
    }
    focus(s)
}

/// What has the focus under the help overlay: the popup, else the screen (its form when
/// one is open).
pub fn focus(s: &State) -> Scope {
    match &s.popup {
        Some(Popup::Confirm { .. }) => return Scope::Question,
        Some(Popup::Fields { .. }) => return Scope::Checklist,
        Some(_) => return Scope::Popup,
        None => {}
    }
    match s.screen {
        Screen::Sale => Scope::Sale,
        Screen::Picker if s.picker_form().is_some() => Scope::Form,
        Screen::Picker => Scope::Picker,
        Screen::Card if s.card.as_ref().is_some_and(|c| c.form.is_some()) => Scope::Form,
        Screen::Card => Scope::Card,
        Screen::List => Scope::List,
        Screen::Import => Scope::Import,
        Screen::Setup => Scope::Setup,
        Screen::Catalog if s.catalog.form.is_some() => Scope::Form,
        Screen::Catalog => Scope::Catalog,
        Screen::Groups if s.groups.form.is_some() => Scope::Form,
        Screen::Groups => Scope::Groups,
        Screen::Reports => Scope::Reports,
        Screen::Settings => Scope::Settings,
        Screen::Outbox => Scope::Outbox,
    }
}

/// The value of one merge field, as text (for display and comparison).
pub fn merge_value(d: &CustomerData, f: MergeField) -> String {
    let o = |s: &Option<String>| s.clone().unwrap_or_default();
    match f {
        MergeField::Kind => format!("{:?}", d.kind).to_lowercase(),
        MergeField::Title => o(&d.title),
        MergeField::FirstName => o(&d.first_name),
        MergeField::LastName => o(&d.last_name),
        MergeField::Company => o(&d.company_name),
        MergeField::Email => o(&d.email),
        MergeField::Phone => o(&d.phone),
        MergeField::Phone2 => o(&d.phone2),
        MergeField::Vat => o(&d.vat_number),
        MergeField::CompanyNumber => o(&d.company_number),
        MergeField::Address => [
            &d.address.line1,
            &d.address.line2,
            &d.address.postal_code,
            &d.address.city,
            &d.address.country,
        ]
        .iter()
        .filter_map(|x| x.as_deref())
        .collect::<Vec<_>>()
        .join(", "),
        MergeField::Group => o(&d.group),
        MergeField::PersonalNote => o(&d.personal_note),
        MergeField::PublicNote => o(&d.public_note),
    }
}
