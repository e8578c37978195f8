//! Everything the register shows, as plain data: the screen, the ticket, the picker, the
//! open customer card, the customers list, the import screen, the products, groups,
//! reports and outbox screens, the first-run setup, the settings screen, the popup, the
//! help overlay, the status bar, the clock.
//!
//! Invariants: state holds no handle to SQLite, tantivy or the terminal; "now" is a field
//! (set by ticks), so rendering and tests are reproducible; selections are kept within
//! their lists by `update` (renderers still use checked access). The manager role is one
//! rule: unlocked until a time ([`State::manager`]), which input pushes back by the idle
//! time and a tick past it ends; every manager act asks for the PIN exactly when
//! [`State::is_manager`] is false.

use chrono::{DateTime, Utc};

use super::form::Form;
use super::settings::SettingsForm;
use super::setup::Setup;

mod catalog;
mod import;
mod outbox;
mod overlay;
mod park;
mod pay;
mod refund;
mod reports;

use super::text_input::TextInput;
use crate::config::Config;
use crate::domain::customer::{Customer, Reference, TaxPreference};
use crate::domain::ids::{CustomerId, SaleId};
use crate::domain::ledger::Balances;
use crate::domain::loyalty::Program;
use crate::domain::money::{Money, Percent};
use crate::domain::pricing::{self, PriceList};
use crate::domain::sale::{self, PaymentMethod, SaleLine, Totals};
use crate::keys::Binding;
pub use crate::lang::Lang;
use crate::search::SearchField;
use crate::store::ledger::Movement;
use crate::store::lookup::{CustomerRow, ListSort};
use crate::store::notes::Note;
use crate::store::sales::SaleSummary;
use crate::store::stats::{CustomerStats, MonthGoods};
pub use catalog::{
    CatalogScreen, GroupDelete, GroupPriceRow, GroupPrices, GroupRow, GroupsScreen, MoveTo,
    PriceEdit, ProductRow, CATALOG_ROWS,
};
pub use import::{
    importable, report_items, FileEntry, ImportResult, ImportScreen, ImportStage, ReportItem,
    Section,
};
pub use outbox::{OutboxOp, OutboxScreen, OUTBOX_ROWS};
pub use overlay::{
    CatalogOp, Compose, ConfirmKind, GroupOp, Help, IndexState, MailStatus, ManagerOp, Msg, Place,
    Popup, PrinterState, PrinterStatus, ProductDraft, ReaderState, ReportsOp, SettingsOp, Status,
    SyncStatus, UnknownChoice, MESSAGE_SECS,
};
pub use park::{ParkedRow, RecalledTicket};
pub use pay::{Can, Paid, Pay, PayIn, PayInWhy, Why};
pub use refund::{PastSale, RefundForm, RefundLine, RefundNote};
pub use reports::{FieldRefusal, ReportField, ReportsScreen, ShownReport, TOP_CUSTOMERS};

/// Settings the screens need, taken from the config once.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub shop_name: String,
    pub register: String,
    pub country: String,
    pub currency: String,
    pub lang: Lang,
    /// Plain ASCII borders and no block characters (Linux console, `COMPTOIR_ASCII=1`).
    pub ascii: bool,
    pub search_fields: Vec<SearchField>,
    pub advanced_default: bool,
    pub search_limit: usize,
    pub pin_configured: bool,
    pub whatsapp_message: String,
    /// Offset of local time from UTC, in seconds, for displayed times.
    pub utc_offset_secs: i32,
    /// The keymap in use: the defaults with the config's `[keys]` overrides.
    pub keymap: Vec<Binding>,
    /// The shop's VAT rates, standard first (a new product's rate starts at the first).
    pub vat_rates: Vec<Percent>,
    /// How long the manager role stays unlocked without a key (`[manager]
    /// session_idle_minutes`).
    pub manager_idle: chrono::Duration,
    /// A paid sale locks the manager role (`[manager] lock_after_sale`).
    pub lock_after_sale: bool,
    /// The loyalty program (`[loyalty]`): what points are worth at the payment popup and
    /// on the card.
    pub loyalty: Program,
    /// `[email]` is set: receipts can be e-mailed (the payment popup offers it).
    pub email: bool,
    /// `[sms]` is set: receipts and messages can go by SMS.
    pub sms: bool,
}

impl Settings {
    pub fn from_config(c: &Config, ascii: bool, utc_offset_secs: i32) -> Settings {
        Settings {
            shop_name: c.shop.name.clone(),
            register: c.shop.register.clone(),
            country: c.shop.country.clone(),
            currency: c.shop.currency.clone(),
            lang: c.shop.lang,
            ascii,
            search_fields: c.search_fields.clone(),
            advanced_default: c.advanced_default,
            search_limit: c.search_limit,
            pin_configured: c.manager_pin_hash.is_some(),
            whatsapp_message: c.whatsapp_message.clone(),
            utc_offset_secs,
            keymap: c.keymap.clone(),
            vat_rates: c.shop.vat_rates.clone(),
            manager_idle: chrono::Duration::minutes(i64::from(c.manager_idle_minutes)),
            lock_after_sale: c.lock_after_sale,
            loyalty: c.loyalty.clone(),
            email: c.email.is_some(),
            sms: c.sms.is_some(),
        }
    }
}

/// The main screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Screen {
    #[default]
    Sale,
    Picker,
    Card,
    List,
    /// The managers' import of a customer file (from the list).
    Import,
    /// The first-run setup of the shop (an empty database, a config never set up).
    Setup,
    /// The managers' products (from the customers list).
    Catalog,
    /// The managers' customer groups (from the customers list).
    Groups,
    /// The managers' reports and the daily closing (from the customers list).
    Reports,
    /// The managers' settings: the config file's keys (from the customers list).
    Settings,
    /// The managers' outbox: e-mails and SMS to customers (from the customers list).
    Outbox,
}

/// The customer attached to the ticket, with what the ticket needs of them.
#[derive(Debug, Clone, PartialEq)]
pub struct Attached {
    pub id: CustomerId,
    pub name: String,
    pub group: Option<String>,
    pub discount: Percent,
    pub tax: TaxPreference,
    pub notes: i64,
    pub has_personal_note: bool,
    pub phone: Option<String>,
    /// Address lines as printed on a receipt.
    pub address: Vec<String>,
    /// The e-mail address, and whether the customer asked for receipts by e-mail.
    pub email: Option<String>,
    pub receipt_by_email: bool,
    /// Whether the customer asked for receipts by SMS (to `phone`).
    pub receipt_by_sms: bool,
    /// Points, wallet, store credit, what is owed and the credit limit, as loaded (again
    /// after a top-up or a settlement).
    pub balances: Balances,
    /// Their group's special prices (none: no group, or a group without any).
    pub prices: Option<PriceList>,
}

/// The sale that was just paid, shown until the next line is added.
#[derive(Debug, Clone, PartialEq)]
pub struct LastSale {
    pub number: String,
    pub total: Money,
    /// Each payment's method and what it paid, in order.
    pub paid: Vec<(PaymentMethod, Money)>,
    pub change: Option<Money>,
    /// Loyalty points earned (negative: taken back).
    pub points: i64,
}

/// The ticket being rung up.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ticket {
    pub lines: Vec<SaleLine>,
    pub selected: usize,
    pub input: TextInput,
    pub customer: Option<Attached>,
    pub last: Option<LastSale>,
    /// A payment is being stored (keys that change the ticket wait).
    pub paying: bool,
    /// A line's price was changed by the manager: paying is the manager's act too (the
    /// service refuses a line at another price than its product's to the cashier).
    pub repriced: bool,
    /// An exchange: the past sale (id, ticket number) whose lines given back are on this
    /// ticket (negative, naming their line); paying it is the manager's act.
    pub exchange: Option<(SaleId, String)>,
    /// The ticket is being parked (it clears when the store has it; a second park key
    /// meanwhile does nothing).
    pub parking: bool,
    /// The cashier asked (in the payment popup) for this sale's receipt by e-mail.
    pub email_receipt: bool,
    /// The cashier asked (in the payment popup) for this sale's receipt by SMS.
    pub sms_receipt: bool,
}

impl Ticket {
    /// Puts `customer` on the ticket (`None`: takes the one there off) and prices the
    /// lines for them ([`Ticket::reprice`]).
    pub fn set_customer(&mut self, customer: Option<Attached>) {
        self.customer = customer;
        self.reprice();
    }

    /// Prices the lines for the customer on the ticket: their group's special prices, or
    /// the shelf prices back without one (the domain's one rule, [`pricing::reprice`]).
    pub fn reprice(&mut self) {
        let list = self.customer.as_ref().and_then(|c| c.prices.as_ref());
        pricing::reprice(&mut self.lines, list);
    }

    /// The ticket's figures with the attached customer's discount and tax preference.
    pub fn totals(&self) -> Totals {
        let (discount, tax) = self
            .customer
            .as_ref()
            .map_or((Percent::ZERO, TaxPreference::Normal), |c| {
                (c.discount, c.tax)
            });
        sale::totals(&self.lines, discount, tax)
    }
}

/// Why the picker is open: what Enter does with the chosen customer.
#[derive(Debug, Clone, PartialEq)]
pub enum PickPurpose {
    /// Attach to the ticket.
    Attach,
    /// Give this past sale (its ticket number, for the question and the message) to the
    /// chosen customer (manager); it may have had no customer.
    MoveSale { sale: SaleId, number: String },
    /// Add this scanned reference to the chosen customer.
    AddReference(Reference),
    /// Choose the duplicate to merge into the open card's customer.
    MergeWith(CustomerId),
}

/// The customer picker.
#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    pub input: TextInput,
    pub advanced: bool,
    /// Fields of advanced mode, in the order values are typed.
    pub fields: Vec<SearchField>,
    pub rows: Vec<CustomerRow>,
    pub selected: usize,
    /// Sequence number of the latest search asked for, and of the rows shown.
    pub asked: u64,
    pub shown: u64,
    /// The rows came from the plain SQL search (index not ready).
    pub fallback: bool,
    pub purpose: PickPurpose,
}

impl Picker {
    pub fn new(advanced: bool) -> Picker {
        Picker {
            input: TextInput::default(),
            advanced,
            fields: vec![SearchField::LastName, SearchField::Street],
            rows: Vec::new(),
            selected: 0,
            asked: 0,
            shown: 0,
            fallback: false,
            purpose: PickPurpose::Attach,
        }
    }
}

/// Tabs of the customer card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Info,
    History,
    Marketing,
    /// Points, wallet, store credit, account, and their movements.
    Loyalty,
    Notes,
    Contact,
    Merge,
    Delete,
}

impl Tab {
    pub const ALL: [Tab; 8] = [
        Tab::Info,
        Tab::History,
        Tab::Marketing,
        Tab::Loyalty,
        Tab::Notes,
        Tab::Contact,
        Tab::Merge,
        Tab::Delete,
    ];

    pub fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }
}

/// What the card loads from the store in one go.
#[derive(Debug, Clone, PartialEq)]
pub struct CardData {
    pub customer: Customer,
    pub history: Vec<SaleSummary>,
    pub stats: CustomerStats,
    pub notes: Vec<Note>,
    /// Points, wallet, store credit, what is owed and the credit limit.
    pub balances: Balances,
    /// The ledgers' movements, newest first (bounded, like the history).
    pub movements: Vec<Movement>,
    /// Goods bought in each of the last 12 months, oldest first (the spending line).
    pub monthly: Vec<MonthGoods>,
}

/// A field the merge screen lets the manager choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MergeField {
    Kind,
    Title,
    FirstName,
    LastName,
    Company,
    Email,
    Phone,
    Phone2,
    Vat,
    CompanyNumber,
    Address,
    Group,
    PersonalNote,
    PublicNote,
}

impl MergeField {
    pub const ALL: [MergeField; 14] = [
        MergeField::Kind,
        MergeField::Title,
        MergeField::FirstName,
        MergeField::LastName,
        MergeField::Company,
        MergeField::Email,
        MergeField::Phone,
        MergeField::Phone2,
        MergeField::Vat,
        MergeField::CompanyNumber,
        MergeField::Address,
        MergeField::Group,
        MergeField::PersonalNote,
        MergeField::PublicNote,
    ];
}

/// The field-by-field choice between the card's customer and a duplicate.
#[derive(Debug, Clone, PartialEq)]
pub struct MergePlan {
    pub other: Customer,
    /// For each field that differs: take the duplicate's value?
    pub choices: Vec<(MergeField, bool)>,
    pub focus: usize,
}

/// The Merge tab.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MergeTab {
    /// Suggested duplicates (`None` until loaded).
    pub candidates: Option<Vec<CustomerRow>>,
    pub selected: usize,
    pub plan: Option<MergePlan>,
}

/// The open customer card.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    pub data: CardData,
    pub tab: Tab,
    pub history_sel: usize,
    pub notes_sel: usize,
    pub scroll: usize,
    pub form: Option<Form>,
    pub merge: MergeTab,
}

/// The managers' customers list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CustomerList {
    pub filter: TextInput,
    pub sort: ListSort,
    pub descending: bool,
    /// Index of the first row of `rows` in the whole ordered list.
    pub offset: usize,
    pub rows: Vec<CustomerRow>,
    /// Selected row within `rows`.
    pub selected: usize,
    pub loading: bool,
}

/// Rows the list reads per page.
pub const LIST_PAGE: usize = 100;

/// The whole register.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub settings: Settings,
    pub now: DateTime<Utc>,
    pub screen: Screen,
    /// Screens to return to with Esc.
    pub back: Vec<Screen>,
    pub ticket: Ticket,
    pub picker: Picker,
    /// The new-customer form opened from the picker (or from an unknown scan).
    pub picker_form: Option<Form>,
    pub card: Option<Card>,
    pub list: CustomerList,
    pub import: ImportScreen,
    /// The managers' products screen.
    pub catalog: CatalogScreen,
    /// The managers' customer groups screen.
    pub groups: GroupsScreen,
    /// The managers' reports screen.
    pub reports: ReportsScreen,
    /// The managers' outbox screen.
    pub outbox: OutboxScreen,
    /// The first-run setup, while it is open.
    pub setup: Option<Setup>,
    /// The settings screen, while it is open.
    pub settings_form: Option<SettingsForm>,
    pub popup: Option<Popup>,
    /// The help overlay (over the popup, if one is open).
    pub help: Option<Help>,
    pub status: Status,
    /// The manager role is unlocked until this time (pushed back by every input, see
    /// [`State::touch`]); `None`: locked.
    pub manager: Option<DateTime<Utc>>,
    pub quit: bool,
    /// Last search sequence number handed out.
    pub seq: u64,
}

impl State {
    pub fn new(settings: Settings, now: DateTime<Utc>) -> State {
        let picker = Picker::new(settings.advanced_default);
        State {
            settings,
            now,
            screen: Screen::Sale,
            back: Vec::new(),
            ticket: Ticket::default(),
            picker,
            picker_form: None,
            card: None,
            list: CustomerList::default(),
            import: ImportScreen::default(),
            catalog: CatalogScreen::default(),
            groups: GroupsScreen::default(),
            reports: ReportsScreen::default(),
            outbox: OutboxScreen::default(),
            setup: None,
            settings_form: None,
            popup: None,
            help: None,
            status: Status::default(),
            manager: None,
            quit: false,
            seq: 0,
        }
    }

    /// Opens the first-run setup screen (nothing behind it to go back to).
    pub fn start_setup(&mut self) {
        self.setup = Some(Setup::new(&self.settings.country, self.settings.lang));
        self.back.clear();
        self.screen = Screen::Setup;
    }

    /// Shows a message in the status bar.
    pub fn say(&mut self, msg: Msg) {
        self.status.message = Some((msg, self.now));
        self.status.said += 1;
        // Where the act that said it ends, when said through `update`.
        self.status.origin = Some(self.place());
    }

    /// Where the cashier is now.
    pub fn place(&self) -> Place {
        Place {
            screen: self.screen,
            form: self.picker_form.is_some()
                || self.card.as_ref().is_some_and(|c| c.form.is_some()),
            popup: self.popup.as_ref().map(std::mem::discriminant),
        }
    }

    /// Goes to `screen`, remembering where to come back to.
    pub fn go(&mut self, screen: Screen) {
        if self.screen != screen {
            self.back.push(self.screen);
            self.back.truncate(8);
            self.screen = screen;
        }
    }

    /// Returns to the previous screen (the sale screen at the bottom).
    pub fn go_back(&mut self) {
        self.screen = self.back.pop().unwrap_or(Screen::Sale);
    }

    /// Goes straight to the sale screen.
    pub fn home(&mut self) {
        self.back.clear();
        self.screen = Screen::Sale;
    }

    /// Whether the manager role is unlocked now.
    pub fn is_manager(&self) -> bool {
        self.manager.is_some_and(|until| self.now < until)
    }

    /// Unlocks the manager role for the idle time from now.
    pub fn unlock(&mut self) {
        self.manager = Some(self.now + self.settings.manager_idle);
    }

    /// Locks the manager role.
    pub fn lock(&mut self) {
        self.manager = None;
    }

    /// Someone used the register: an unlocked role stays unlocked for the idle time from
    /// now.
    pub fn touch(&mut self) {
        if self.is_manager() {
            self.unlock();
        }
    }
}
