//! What is drawn over or beside the screens: popups, confirmations, manager operations
//! waiting for the PIN, the help overlay, status-bar messages, scanner and index states.

use chrono::{DateTime, Utc};

use super::super::form::Form;
use super::super::text_input::TextInput;
use crate::domain::catalog::Product;
use crate::domain::customer::Reference;
use crate::domain::ids::{CustomerId, SaleId};
use crate::domain::money::Money;
use crate::domain::sale::PaymentMethod;
use crate::keys::Scope;
use crate::service::RefundRequest;
use crate::store::messages::Channel;

use super::catalog::{GroupDelete, MoveTo};
use super::refund::{PastSale, RefundForm};

/// The help overlay, drawn over everything else (a popup under it stays open and gets
/// the keys again when it closes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Help {
    /// What had the focus when it opened: whose keys it lists.
    pub scope: Scope,
    /// The highlighted row (one row per action); the list scrolls to keep it in view.
    pub selected: usize,
}

/// What a confirmation asks.
#[derive(Debug, Clone, PartialEq)]
pub enum ConfirmKind {
    Delete {
        name: String,
    },
    Merge {
        keep: String,
        remove: String,
    },
    PayCard {
        total: Money,
    },
    MoveSale {
        number: String,
        to: String,
    },
    /// Close register `register`'s `day` with the cash `counted` (once, never undone).
    CloseDay {
        register: String,
        day: chrono::NaiveDate,
        counted: Money,
    },
    /// Commit the import whose dry run is shown.
    Import {
        file: String,
        create: u64,
        update: u64,
        refused: u64,
        /// Where refused rows will be written.
        rejected: String,
        /// Groups created first.
        groups: usize,
    },
}

/// An operation that needs the manager role.
#[derive(Debug, Clone, PartialEq)]
pub enum ManagerOp {
    /// Unlock the role for the session.
    Unlock,
    Delete(CustomerId),
    Merge,
    MoveSale {
        sale: SaleId,
        to: CustomerId,
    },
    OpenList,
    /// The Import screen (from the customers list).
    Import,
    /// Change the selected ticket line's unit price.
    EditPrice,
    /// Add a product for this scanned code (its form opens).
    AddProduct(String),
    /// Pay a ticket with a negative line or total (a refund), or with a line the
    /// manager repriced: its payments, in order.
    Pay(Vec<crate::service::PaymentDraft>),
    /// Give back lines of a past sale (the refund window's choice).
    Refund(RefundRequest),
    /// Open the cash drawer without a sale.
    OpenDrawer,
    /// The products screen, or a change of the catalogue from it.
    Catalog(CatalogOp),
    /// The groups screen, or a change of the groups from it.
    Groups(GroupOp),
    /// The reports screen, or the daily closing from it.
    Reports(ReportsOp),
    /// The settings screen, or saving it.
    Settings(SettingsOp),
    /// The outbox screen, or sending messages again from it.
    Outbox(super::OutboxOp),
}

/// What the reports screen asks of the manager.
#[derive(Debug, Clone, PartialEq)]
pub enum ReportsOp {
    Open,
    /// Close this register's local `day` with the cash `counted`.
    CloseDay {
        day: chrono::NaiveDate,
        counted: Money,
    },
}

/// What the settings screen asks of the manager.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingsOp {
    Open,
    /// Write the fields changed (checked again when the role lets it through).
    Save,
}

/// What the products screen asks of the manager.
#[derive(Debug, Clone, PartialEq)]
pub enum CatalogOp {
    Open,
    /// Store the form's product: a new one (`original` is `None`) or the product whose
    /// code was `original` when its form opened.
    Save {
        original: Option<String>,
        product: ProductDraft,
    },
    /// Archive (`active` false) or bring back the product of this code.
    SetActive {
        code: String,
        active: bool,
    },
}

/// A product as its form reads it (the store gives a new one its id).
#[derive(Debug, Clone, PartialEq)]
pub struct ProductDraft {
    pub code: String,
    pub name: String,
    pub price: Money,
    pub tax_rate: crate::domain::money::Percent,
    pub category: Option<String>,
    pub cost: Option<Money>,
}

/// What the groups screen asks of the manager.
#[derive(Debug, Clone, PartialEq)]
pub enum GroupOp {
    Open,
    /// Store the form's group: a new one (`original` is `None`) or the group named
    /// `original` when its form opened.
    Save {
        original: Option<String>,
        name: String,
        discount: crate::domain::money::Percent,
    },
    /// Delete group `name`, its customers going `to` (`None`: it has none).
    Delete {
        name: String,
        to: Option<MoveTo>,
    },
    /// Set (`Some`) or remove product `code`'s special price in group `group`.
    SetPrice {
        group: String,
        code: String,
        price: Option<Money>,
    },
}

/// What the unknown-scan popup offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnknownChoice {
    CreateCustomer,
    AttachToExisting,
    AddProduct,
}

impl UnknownChoice {
    pub const ALL: [UnknownChoice; 3] = [
        UnknownChoice::CreateCustomer,
        UnknownChoice::AttachToExisting,
        UnknownChoice::AddProduct,
    ];
}

/// A small window over the current screen.
#[derive(Debug, Clone, PartialEq)]
pub enum Popup {
    Pin {
        input: TextInput,
        op: ManagerOp,
        wrong: bool,
        checking: bool,
        /// Too many wrong PINs: the service checks none before this time.
        locked_until: Option<DateTime<Utc>>,
    },
    Confirm {
        kind: ConfirmKind,
        /// What confirming does (a card payment is paid directly).
        then: Option<Box<super::super::Action>>,
    },
    /// The selected line's quantity; a value refused stays, marked `bad`.
    Quantity {
        input: TextInput,
        bad: bool,
    },
    /// The selected line's unit price; `bad`: the amount typed was refused.
    Price {
        input: TextInput,
        bad: bool,
    },
    /// Cash handed over for a refund (a total of zero or below).
    Cash {
        input: TextInput,
        total: Money,
        short: bool,
    },
    /// The payment of a ticket, split between methods if need be.
    Pay(Box<super::Pay>),
    /// A wallet top-up or an account settlement for the attached customer.
    PayIn(super::PayIn),
    Products {
        input: TextInput,
        results: Vec<Product>,
        selected: usize,
    },
    Note(TextInput),
    Cities {
        cities: Vec<String>,
        selected: usize,
    },
    Fields {
        selected: usize,
    },
    SaleView {
        sale: Box<PastSale>,
    },
    /// Lines of a past sale to give back, and where the money goes.
    Refund(Box<RefundForm>),
    Unknown {
        code: String,
        references: Vec<Reference>,
        selected: usize,
    },
    NewProduct {
        code: String,
        form: Box<Form>,
    },
    /// The tickets parked at this register, newest first: Enter recalls the selected one.
    Parked {
        rows: Vec<super::ParkedRow>,
        selected: usize,
    },
    /// Delete a group? With customers: where they go.
    DeleteGroup(GroupDelete),
    /// An e-mail or an SMS to the open card's customer (the Contact tab).
    Compose(Box<Compose>),
}

/// A message being written to a customer: by e-mail (subject and text) or SMS (the
/// text), and whether it is marketing (offered only with that channel's consent).
#[derive(Debug, Clone, PartialEq)]
pub struct Compose {
    pub customer: CustomerId,
    /// How it goes (only a channel that can: configured, and an address or a phone).
    pub channel: Channel,
    /// The address an e-mail goes to (as stored), when one can go.
    pub email: Option<String>,
    /// The phone an SMS goes to (as stored), when one can go.
    pub phone: Option<String>,
    pub subject: TextInput,
    pub body: TextInput,
    /// The text has the focus (else the subject; an SMS has only the text).
    pub on_body: bool,
    pub marketing: bool,
    /// The customer's marketing consent by e-mail, with its date, when given.
    pub consent_email: Option<Option<chrono::NaiveDate>>,
    /// The customer's marketing consent by SMS, with its date, when given.
    pub consent_sms: Option<Option<chrono::NaiveDate>>,
    /// Send was asked with the subject or the text empty.
    pub incomplete: bool,
}

impl Compose {
    /// Where it goes by the channel chosen.
    pub fn to(&self) -> &str {
        match self.channel {
            Channel::Email => self.email.as_deref().unwrap_or_default(),
            Channel::Sms => self.phone.as_deref().unwrap_or_default(),
        }
    }

    /// The chosen channel's marketing consent.
    pub fn consent(&self) -> Option<Option<chrono::NaiveDate>> {
        match self.channel {
            Channel::Email => self.consent_email,
            Channel::Sms => self.consent_sms,
        }
    }

    /// Both channels can go (the SMS key switches between them).
    pub fn can_switch(&self) -> bool {
        self.email.is_some() && self.phone.is_some()
    }
}

/// A message for the status bar; the screen words it in the interface language.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Saved,
    /// A message written to a customer waits in the outbox (by this channel).
    LetterQueued(Channel),
    /// The Contact tab cannot write: neither `[email]` nor `[sms]` is set (both false),
    /// or the customer has no address for the channels that are (true).
    CannotWrite {
        email: bool,
        sms: bool,
    },
    SaleStored {
        number: String,
    },
    /// A top-up or settlement was stored as ticket `number`.
    PaidIn {
        kind: crate::domain::sale::LineKind,
        amount: Money,
        number: String,
    },
    /// A gift card scanned outside a payment, and what it holds.
    GiftCardHolds {
        code: String,
        balance: Money,
    },
    /// The lines chosen of sale `0` are on the ticket: an exchange begins.
    Exchange(String),
    /// A gift card `code` was sold for `amount` as ticket `number`.
    GiftCardSold {
        code: String,
        amount: Money,
        number: String,
    },
    ProductUnknown(String),
    ProductAdded(String),
    Attached(String),
    Detached,
    CustomerCreated(String),
    Deleted,
    Anonymised,
    Merged,
    NoteAdded,
    /// Sale `number` was given to customer `to`, `points` moving with it.
    SaleMoved {
        number: String,
        to: String,
        points: i64,
    },
    /// A refund was stored: its ticket, what went back and by which means.
    Refunded {
        number: String,
        amount: Money,
        to: Vec<PaymentMethod>,
    },
    /// This ticket is itself a refund: the original sale is the one to refund.
    RefundOfRefund(String),
    /// Everything on this ticket was already given back.
    NothingToRefund(String),
    /// A ticket number typed or scanned at the till matches no sale (nor a product).
    NoSale(String),
    ReceiptPrinted,
    ReceiptFailed(String),
    /// The manager's drawer kick is on its way to the printer.
    DrawerOpening,
    NotEnough,
    TicketEmpty,
    NoCustomer,
    InvalidQuantity,
    InvalidAmount,
    FixErrors(usize),
    ManagerUnlocked,
    ManagerLocked,
    /// The idle time passed: the manager role locked itself.
    ManagerExpired,
    /// This field or act is the manager's (PIN, or the role unlocked).
    ManagerOnly,
    WrongPin,
    /// Too many wrong PINs: the popup says how long to wait.
    PinWait,
    NoPin,
    ScanInvalid(String),
    ReferenceAdded,
    ScanIgnored,
    ProductCreated(String),
    /// The ticket was parked: its lines and customer's name.
    Parked {
        lines: usize,
        customer: Option<String>,
    },
    /// A parked ticket came back; `customer_gone`: without its customer (anonymised or
    /// merged away since).
    Recalled {
        lines: usize,
        customer: Option<String>,
        customer_gone: bool,
    },
    /// Recall asked with lines on the ticket: park or pay it first.
    ParkFirst,
    /// No ticket is parked at this register.
    NothingParked,
    /// A damaged parked ticket cannot be recalled.
    ParkedDamaged,
    /// The text typed as the parked ticket's label is longer than this.
    ParkLabel(usize),
    /// An import was committed.
    Imported {
        created: u64,
        updated: u64,
    },
    /// The dry run found no row that creates or changes a customer.
    NothingToImport,
    /// Esc while the import runs: it finishes (or rolls back) as a whole.
    ImportRunning,
    /// A product was stored from the products screen (its name); `created`: a new one.
    ProductSaved {
        name: String,
        created: bool,
    },
    /// Save asked with nothing changed.
    NothingChanged,
    /// The settings were written and applied; `restart`: a new register code waits for
    /// the next start.
    SettingsSaved {
        restart: bool,
    },
    /// A product was archived (`active` false) or brought back.
    ProductArchived {
        name: String,
        active: bool,
    },
    /// Message `id` of the outbox goes again, due now.
    MessageRetried(i64),
    /// Every failed message goes again, due now: how many (none: nothing had failed).
    MessagesRetried(usize),
    /// The selected message was sent or is being sent: nothing to send again.
    MessageNotRetried,
    /// A group was stored from the groups screen; `created`: a new one.
    GroupSaved {
        name: String,
        created: bool,
    },
    /// A group was deleted, `moved` customers with it going elsewhere.
    GroupDeleted {
        name: String,
        moved: usize,
    },
    /// Product `code`'s special price in group `group` is now `price` (`None`: removed).
    GroupPriceSaved {
        group: String,
        code: String,
        price: Option<Money>,
    },
    /// The Z of `day` was closed; `difference`: counted less expected.
    DayClosed {
        day: chrono::NaiveDate,
        difference: Money,
    },
    /// The Z of `day` is closed already: it is shown, not closed again.
    DayAlreadyClosed(chrono::NaiveDate),
    Error(String),
}

/// Search index availability, shown in the status bar.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum IndexState {
    #[default]
    Opening,
    Rebuilding,
    /// Catching up in the background (purging a deleted customer's terms): the plain
    /// search serves meanwhile.
    Updating,
    Ready,
    Failed(String),
}

/// A reader's last known state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReaderState {
    pub name: String,
    pub connected: bool,
}

/// What the last attempt at the receipt printer found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PrinterState {
    #[default]
    Ready,
    /// Not reachable (refused, timed out, unplugged) or stalled.
    Offline,
    PaperOut,
    CoverOpen,
}

/// The print queue as the status bar shows it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PrinterStatus {
    pub state: PrinterState,
    /// The preparation station whose printer `state` is about (`None`: the receipt
    /// printer).
    pub station: Option<String>,
    /// Jobs still to send (receipts, drawer kicks).
    pub waiting: usize,
    /// Jobs given up (`comptoir print queue` lists them).
    pub failed: usize,
}

impl PrinterStatus {
    /// Whether there is anything to say (a printer that is fine and has nothing waiting
    /// takes no room).
    pub fn worth_showing(&self) -> bool {
        self.state != PrinterState::Ready || self.waiting > 0 || self.failed > 0
    }
}

/// The message outbox (e-mailed receipts) as the status bar shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MailStatus {
    /// Messages still to send.
    pub waiting: usize,
    /// Messages failed (`comptoir outbox list` lists them, `outbox retry` sends again).
    pub failed: usize,
    /// The last attempt did not reach the mail server.
    pub offline: bool,
}

impl MailStatus {
    /// Whether there is anything to say.
    pub fn worth_showing(&self) -> bool {
        self.offline || self.waiting > 0 || self.failed > 0
    }
}

/// Where the cashier is, for a status message's life: the screen, a form open on it,
/// the popup's kind (the help overlay is not a place: it shows over one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub screen: super::Screen,
    /// The new-customer form or the card's edit form is open.
    pub form: bool,
    pub popup: Option<std::mem::Discriminant<Popup>>,
}

/// The background sync's news (a register joined to a hub: `[sync]`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncStatus {
    /// The last pass reached the hub.
    pub online: bool,
    /// When the last pass ended without error.
    pub last_sync: Option<DateTime<Utc>>,
    /// Changes made here that the hub has not answered for yet.
    pub waiting: i64,
    /// Reference conflicts open at the hub (for the manager).
    pub conflicts: u64,
    /// Overspends open at the hub (for the manager: `comptoir sync to-settle`).
    pub to_settle: u64,
}

/// The status bar.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Status {
    /// The last message and when it was said. It belongs to the place it was said in
    /// (`origin`): leaving that place clears it (`update::update`), unless the act that
    /// left it said something itself.
    pub message: Option<(Msg, DateTime<Utc>)>,
    /// How many messages have been said: tells whether an action said one.
    pub said: u64,
    /// Where the message was said: where the act that said it ended.
    pub origin: Option<Place>,
    pub readers: Vec<ReaderState>,
    pub index: IndexState,
    pub printer: PrinterStatus,
    pub mail: MailStatus,
    /// `None`: this register shares nothing (no `[sync]`), or its worker has not
    /// reported yet.
    pub sync: Option<SyncStatus>,
}

/// Seconds a status message stays.
pub const MESSAGE_SECS: i64 = 8;
