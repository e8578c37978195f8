//! What flows through `update`: [`Action`]s in (commands from the keymap, typed text,
//! scans, ticks, and the results of effects), [`Effect`]s out (work for the runner).
//!
//! Invariants: an `Effect` is plain data describing IO to do; an `Action` is plain data
//! describing something that happened. Neither holds a handle to the store, the index or
//! the terminal, so `update` can be tested with no IO at all.

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};

use super::settings::{LoadedSettings, SaveRefused, SettingsSave};
use super::state::{
    Attached, CardData, FileEntry, GroupPriceRow, GroupRow, ImportResult, MailStatus, ManagerOp,
    MoveTo, ParkedRow, PastSale, PrinterStatus, ProductDraft, ProductRow, RecalledTicket,
    SyncStatus,
};
use crate::config::{Config, ShopSetup};
use crate::domain::catalog::Product;
use crate::domain::customer::{Customer, CustomerData, Reference};
use crate::domain::ids::{CustomerId, ParkedId, SaleId};
use crate::domain::ledger::Balances;
use crate::domain::money::{Money, Percent};
use crate::domain::sale::{LineKind, PaymentMethod};
use crate::input::Scan;
use crate::keys::{Command, Pressed};
use crate::search::SearchField;
use crate::store::customers::DeleteOutcome;
use crate::store::lookup::{CustomerRow, ListQuery};
use crate::store::messages::{Channel, Overview};
use crate::store::notes::Note;
use crate::store::reports::{Closing, Report, Request};

/// A refund asked for (lines of a past sale and where the money goes).
pub use crate::service::RefundRequest;

/// A sale ready to be stored (the service gives it its id, number and time).
pub use crate::service::SaleDraft;

/// A ticket to park (its lines, customer and label).
pub use crate::service::ParkRequest;

/// Search index availability, as the runner reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexEvent {
    Rebuilding,
    /// Catching up in the background; the plain search serves meanwhile.
    Updating,
    Ready,
    Failed(String),
}

/// What a scanned code turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub enum ScanOutcome {
    Customer(Box<Attached>),
    Product(Product),
    /// A receipt's ticket number: that past sale.
    Sale(Box<PastSale>),
    /// A gift card (or credit note card) outside a payment: what it holds.
    GiftCard {
        code: String,
        balance: Money,
    },
    Unknown,
}

/// Something that happened: input, or the result of an effect.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// A key bound in the keymap.
    Cmd(Command),
    /// A printable character typed.
    Char(char),
    /// Text pasted into the terminal.
    Paste(String),
    /// A valid or invalid scan from a reader or a burst in the key stream.
    Scan(Scan),
    ReaderConnected(String),
    ReaderDisconnected(String),
    ReaderInvalid {
        reader: String,
        reason: String,
    },
    /// The clock moved.
    Tick(DateTime<Utc>),
    /// A manager operation to perform (asks for the PIN when the role is locked).
    Manager(ManagerOp),

    // Results of effects.
    Index(IndexEvent),
    ProductFound {
        code: String,
        product: Option<Product>,
    },
    ProductsFound(Vec<Product>),
    SearchDone {
        seq: u64,
        rows: Vec<CustomerRow>,
        fallback: bool,
    },
    /// The search asked for as `seq` could not be done (the text says why).
    SearchFailed {
        seq: u64,
        error: String,
    },
    Attach(Box<Attached>),
    CardLoaded(Box<CardData>),
    Duplicates(Vec<CustomerRow>),
    MergeOther(Box<Customer>),
    ScanResolved {
        code: String,
        references: Vec<Reference>,
        outcome: ScanOutcome,
    },
    SaleStored {
        number: String,
        total: Money,
        paid: Vec<(PaymentMethod, Money)>,
        change: Option<Money>,
        points: i64,
    },
    /// A past sale to show.
    SaleLoaded(Box<PastSale>),
    /// A ticket number typed at the till matched no sale (and no product's code).
    SaleNotFound(String),
    /// A past sale to give lines back from (the refund window opens on it).
    RefundLoaded(Box<PastSale>),
    /// A refund was stored: its ticket number, what went back (positive) and by which
    /// means.
    Refunded {
        number: String,
        amount: Money,
        to: Vec<PaymentMethod>,
    },
    /// A top-up or settlement was stored as ticket `number`; the customer's balances
    /// read after it.
    PaidIn {
        customer: CustomerId,
        kind: LineKind,
        amount: Money,
        number: String,
        balances: Balances,
    },
    /// What gift card `code` holds (`None`: no such card).
    GiftCardFound {
        code: String,
        balance: Option<Money>,
    },
    /// A gift card was sold: its code, amount and ticket.
    GiftCardSold {
        code: String,
        amount: Money,
        number: String,
    },
    /// A customer's balances read again (after a sale was refused).
    Balances {
        customer: CustomerId,
        balances: Balances,
    },
    /// The ticket was parked (it had `lines` lines): the screen's ticket clears.
    Parked {
        lines: usize,
    },
    /// The tickets parked at this register, newest first (the recall window).
    ParkedLoaded(Vec<ParkedRow>),
    /// A parked ticket taken back, its customer read again.
    Recalled(Box<RecalledTicket>),
    CustomerSaved {
        customer: Box<Customer>,
        attach: bool,
        created: bool,
    },
    /// The store refused an action (the text names what and why).
    Failed(String),
    PinChecked {
        ok: bool,
        error: Option<String>,
        /// Wrong PINs made the service wait until then.
        locked_until: Option<DateTime<Utc>>,
    },
    Deleted {
        id: CustomerId,
        outcome: DeleteOutcome,
    },
    Merged {
        survivor: CustomerId,
    },
    NoteAdded(Note),
    /// A message written on the Contact tab was queued in the outbox (by this channel).
    LetterQueued(Channel),
    /// Sale `number` was given to customer `to` (`name`), with `points` loyalty points
    /// (a sale that had no customer: the points it would have earned).
    SaleMoved {
        sale: SaleId,
        number: String,
        to: CustomerId,
        name: String,
        points: i64,
    },
    ListPage {
        offset: usize,
        rows: Vec<CustomerRow>,
    },
    ReferenceAdded(CustomerId),
    ProductCreated(Product),
    /// A receipt went to the print queue (`Ok`), or could not (why). Without a print
    /// worker (tests), `Ok` once the printer took it.
    Receipt(Result<(), String>),
    /// The print worker's news: the printer's state and the jobs waiting or failed.
    Printer(PrinterStatus),
    /// The mail worker's news: the outbox's counts, the server reached or not.
    Mail(MailStatus),
    /// The sync worker's news after a pass; `downloaded` feed rows applied by it (the
    /// search index catches up with them).
    Sync {
        status: SyncStatus,
        downloaded: u64,
    },
    /// The manager's cash drawer kick went to the print queue.
    DrawerQueued,
    /// A folder's listing for the Import screen.
    DirListed {
        dir: PathBuf,
        entries: Vec<FileEntry>,
    },
    /// A typed path named a file: check it for import.
    ImportFile(PathBuf),
    /// An import run has read `done` of `total` (bytes of CSV, cards of vCard).
    ImportProgress {
        run: u64,
        done: u64,
        total: u64,
    },
    /// An import run ended: its report, or why it could not run (nothing written).
    ImportFinished {
        run: u64,
        result: Result<Box<ImportResult>, String>,
    },
    /// The setup was written: the settings now in the config file, or why not.
    SetupSaved(Result<Box<Config>, String>),
    /// The settings screen's files were read, or why not.
    SettingsLoaded(Result<Box<LoadedSettings>, String>),
    /// The settings screen's change was written: the settings now in force, or why not.
    SettingsSaved(Result<Box<Config>, SaveRefused>),
    /// The products screen's rows for search `seq` (archived ones included).
    CatalogLoaded {
        seq: u64,
        rows: Vec<ProductRow>,
    },
    /// A product was stored from the products screen (its code and name as stored);
    /// `new`: it was added.
    ProductSaved {
        code: String,
        name: String,
        new: bool,
    },
    /// A product was archived (`active` false) or brought back.
    ProductArchived {
        name: String,
        active: bool,
    },
    /// The groups screen's rows, by name.
    GroupsLoaded(Vec<GroupRow>),
    /// The outbox screen's messages and counts, or why they could not be read.
    OutboxLoaded(Result<Box<Overview>, String>),
    /// Message `id` of the outbox goes again, due now (the manager's retry).
    MessageRetried(i64),
    /// Every failed message goes again, due now: their ids (none had failed: empty).
    MessagesRetried(Vec<i64>),
    /// A group was stored from the groups screen; `new`: it was added.
    GroupSaved {
        name: String,
        new: bool,
    },
    /// A group was deleted; `moved` customers went where the manager said.
    GroupDeleted {
        name: String,
        moved: usize,
    },
    /// A group's price list was read, or one of its prices stored.
    GroupPrices(PricesDone),
    /// The report asked for as `seq`: its rows, or why it could not be computed.
    ReportDone {
        seq: u64,
        result: Result<Box<Report>, String>,
    },
    /// The Z's day was closed (the closing as stored), or why not (already closed, a day
    /// that has not begun...).
    DayClosed(Result<Box<Closing>, String>),
}

/// What came back of a group's price list.
#[derive(Debug, Clone, PartialEq)]
pub enum PricesDone {
    /// Group `group`'s special prices, by product name.
    Loaded {
        group: String,
        rows: Vec<GroupPriceRow>,
    },
    /// Product `code`'s special price in group `group` is now `price` (`None`: removed).
    Saved {
        group: String,
        code: String,
        price: Option<Money>,
    },
}

/// What is asked of a group's price list.
#[derive(Debug, Clone, PartialEq)]
pub enum PricesAsk {
    /// Read group `0`'s special prices.
    Load(String),
    /// Set (`Some`) or remove product `code`'s special price in `group` (manager).
    Set {
        group: String,
        code: String,
        price: Option<Money>,
    },
}

impl From<Pressed> for Action {
    fn from(p: Pressed) -> Action {
        match p {
            Pressed::Cmd(c) => Action::Cmd(c),
            Pressed::Char(c) => Action::Char(c),
        }
    }
}

/// Work for the runner (IO).
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    LookupProduct(String),
    /// A code with a ticket number's shape typed at the till: the product of that code if
    /// there is one (a shop code may look like a ticket number), else that sale.
    LookupTicket(String),
    SearchProducts(String),
    SearchCustomers {
        seq: u64,
        text: String,
        advanced: bool,
        fields: Vec<SearchField>,
    },
    /// Load a customer to attach to the ticket.
    LoadAttached(CustomerId),
    LoadCard(CustomerId),
    FindDuplicates(CustomerId),
    LoadMergeOther(CustomerId),
    ResolveScan(Scan),
    StoreSale(Box<SaleDraft>),
    /// Pay `amount` into the customer's wallet (`TopUp`) or towards what they owe
    /// (`Settlement`), by cash or card: a ticket of its own.
    PayIn {
        customer: CustomerId,
        kind: LineKind,
        amount: Money,
        method: PaymentMethod,
    },
    /// Read what the gift card `code` holds (the payment popup).
    FindGiftCard(String),
    /// Sell a gift card of `amount` (the scanned card's code, or a new one), held by
    /// `customer` when one is on the ticket.
    SellGiftCard {
        code: Option<String>,
        amount: Money,
        method: PaymentMethod,
        customer: Option<CustomerId>,
    },
    /// Park the ticket at this register (the store keeps it until recalled).
    ParkTicket(Box<ParkRequest>),
    /// List the tickets parked at this register.
    LoadParked,
    /// Take a parked ticket back (removed from the parked ones), its customer read again.
    RecallTicket(ParkedId),
    LoadSale(SaleId),
    /// Load a past sale for the refund window.
    LoadRefund(SaleId),
    /// Give back lines of a past sale (manager: inside `Effect::Manager`).
    Refund(RefundRequest),
    /// Queue the receipt of a past sale again.
    Reprint(SaleId),
    /// Open the cash drawer (manager: inside `Effect::Manager`), through the print queue.
    OpenDrawer,
    SaveCustomer {
        id: Option<CustomerId>,
        data: Box<CustomerData>,
        attach: bool,
    },
    AddNote {
        id: CustomerId,
        body: String,
    },
    /// Queue an e-mail or an SMS to customer `id` (the Contact tab).
    SendLetter {
        id: CustomerId,
        letter: crate::service::Letter,
    },
    VerifyPin(String),
    DeleteCustomer(CustomerId),
    Merge {
        survivor: CustomerId,
        duplicate: CustomerId,
        data: Box<CustomerData>,
        taken: Vec<String>,
    },
    MoveSale {
        sale: SaleId,
        to: CustomerId,
    },
    LoadList(ListQuery),
    AddReference {
        id: CustomerId,
        reference: Reference,
    },
    CreateProduct {
        code: String,
        name: String,
        price: Money,
        tax_rate: Percent,
        cost: Option<Money>,
    },
    /// List a folder for the Import screen (`None`: the folder the register started in).
    ListDir(Option<PathBuf>),
    /// Open a typed path on the Import screen: a folder is listed, a file is chosen.
    Goto(PathBuf),
    /// Import (or, `dry_run`, rehearse importing) a customer file, in the background.
    Import {
        run: u64,
        path: PathBuf,
        preset: &'static str,
        dry_run: bool,
        /// Groups to create (the manager's, in one transaction) before the real run.
        groups: Vec<String>,
    },
    /// Bring the search index up to date after a large write (an import): replay a short
    /// lag, rebuild in the background after a long one.
    SyncIndex,
    /// Hash the manager PIN and write the setup into the config file in use, then apply
    /// the settings it holds.
    SaveSetup {
        shop: Box<ShopSetup>,
        pin: String,
    },
    /// Read the config file in use (and whether the secrets file holds the SMTP
    /// password) for the settings screen.
    LoadSettings,
    /// Write the settings screen's changes (the manager's, audited) and apply them.
    SaveSettings(Box<SettingsSave>),
    /// The products screen's rows: every product (archived ones too) matching `text`
    /// as the F5 item search matches, by name when `text` is empty.
    LoadCatalog {
        seq: u64,
        text: String,
    },
    /// Add a product (`original` is `None`) or change the product whose code was
    /// `original` (manager: inside `Effect::Manager`).
    SaveProduct {
        original: Option<String>,
        product: Box<ProductDraft>,
    },
    /// Archive (`active` false) or bring back product `code` (manager).
    SetProductActive {
        code: String,
        active: bool,
    },
    /// The groups screen's rows.
    LoadGroups,
    /// The outbox screen's messages (the newest [`super::state::OUTBOX_ROWS`]) and
    /// counts, read in the background.
    LoadOutbox,
    /// Send message `id` again, due now (manager), then nudge the message worker.
    RetryMessage(i64),
    /// Send every failed message again, due now (manager), then nudge the worker.
    RetryFailedMessages,
    /// A group's price list read, or one of its prices set (manager).
    GroupPrices(PricesAsk),
    /// Add a group (`original` is `None`) or change group `original` (manager).
    SaveGroup {
        original: Option<String>,
        name: String,
        discount: Percent,
    },
    /// Delete group `name`, its customers going `to` (manager).
    DeleteGroup {
        name: String,
        to: Option<MoveTo>,
    },
    /// Compute a report in the background, answered as [`Action::ReportDone`] `seq`.
    RunReport {
        seq: u64,
        request: Box<Request>,
    },
    /// Close this register's local `day` with the cash `counted` (manager).
    CloseDay {
        day: NaiveDate,
        counted: Money,
    },
    /// The write inside, vouched for by the manager (session unlocked): the service is
    /// told the manager's role for it, and only for it.
    Manager(Box<Effect>),
}

impl Effect {
    /// `self` vouched for by the manager when `manager` (the session is unlocked).
    pub fn by(self, manager: bool) -> Effect {
        if manager {
            Effect::Manager(Box::new(self))
        } else {
            self
        }
    }
}
