//! Command-line interface (clap). Subcommands are also the machine interface other
//! programs use: JSON in (stdin or a file) and out (`--json`).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "comptoir",
    version,
    about = "A keyboard-driven terminal cash register for small shops"
)]
pub struct Cli {
    /// The SQLite database (default: the config's, else ~/.local/share/comptoir/comptoir.db).
    #[arg(long, global = true, env = "COMPTOIR_DB", value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// The config file (default: ~/.config/comptoir/config.toml when it exists).
    #[arg(long, global = true, env = "COMPTOIR_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// More detail in the log file (-v debug, -vv trace).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Run on a throw-away demo database instead of the shop's (removed on exit).
    #[arg(long)]
    pub demo: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start the register (the default when no command is given).
    Run,
    /// Fill an empty database with deterministic demo data.
    Demo(DemoArgs),
    /// Add, show, edit, delete and list customers.
    #[command(subcommand)]
    Customers(CustomersCmd),
    /// The catalogue: list, show, add, change and archive products (JSON in and out;
    /// changes need the manager PIN).
    #[command(subcommand)]
    Products(ProductsCmd),
    /// Customer groups: list, add, change (name, automatic discount), delete (changes
    /// need the manager PIN).
    #[command(subcommand)]
    Groups(GroupsCmd),
    /// Record, show, list, refund and move sales (JSON in and out).
    #[command(subcommand)]
    Sales(SalesCmd),
    /// Pay money into a customer's wallet.
    #[command(subcommand)]
    Wallet(WalletCmd),
    /// Settle what a customer owes on account.
    #[command(subcommand)]
    Account(AccountCmd),
    /// Sell gift cards, read a card's balance, give a card to another customer.
    #[command(subcommand)]
    GiftCard(GiftCardCmd),
    /// The tamper-evident sales journal: verify its chains, record the daily closing (Z).
    #[command(subcommand)]
    Journal(JournalCmd),
    /// The managers' reports (manager PIN): sales by day, by customer group, the top
    /// customers, by payment method, VAT per rate, and the daily closing (Z) with the
    /// cash count. Text, --json, or --csv FILE (`-`: standard output).
    #[command(subcommand)]
    Reports(ReportsCmd),
    /// Receipt printers: a test page, the print queue, a job sent again.
    #[command(subcommand)]
    Print(PrintCmd),
    /// Messages to customers (e-mail and SMS): the message outbox, one sending pass, a
    /// failed message sent again.
    #[command(subcommand)]
    Outbox(OutboxCmd),
    /// Import customers from a CSV spreadsheet or a vCard contacts file.
    #[command(subcommand)]
    Import(ImportCmd),
    /// Export customers as CSV or vCard 4.0 (manager PIN required: personal data).
    #[command(subcommand)]
    Export(ExportCmd),
    /// Check a value against its standard; print the normalised form (exit 0) or the broken rule (exit 1).
    Validate {
        kind: ValidateKind,
        value: String,
        /// Country for phone numbers, VAT numbers without prefix and company numbers.
        #[arg(long, value_name = "CC")]
        country: Option<String>,
    },
    /// Look up the cities of a postal code in the offline table.
    Postal {
        /// ISO country code (FR, BE, NL, DE, CH, LU).
        country: String,
        code: String,
        #[arg(long)]
        json: bool,
    },
    /// Rebuild the customer search index from the database.
    Reindex,
    /// Is the database healthy? Integrity, every sale paid in full, ticket numbers unique
    /// and gap-free, the search index holding the store's customers. Exit 0: healthy.
    CheckStore {
        /// Print the report as one JSON object.
        #[arg(long)]
        json: bool,
        /// Skip the search index (checks the database only).
        #[arg(long)]
        no_index: bool,
    },
    /// The hub: PostgreSQL as the shop's shared store (run by the hub's owner).
    #[command(subcommand)]
    Hub(HubCmd),
    /// Share customers with the other registers through the hub ([sync] in the config):
    /// one pass (upload what waits, download what is new), or `join`, `status`.
    Sync(SyncArgs),
    /// Check a config file (default: the one in use) and print the resolved settings.
    CheckConfig { file: Option<PathBuf> },
    /// Hash a manager PIN read from standard input, for [manager] pin_hash.
    HashPin,
    /// Print a shell completion script.
    Completions { shell: clap_complete::Shell },
    /// Write the manual pages (comptoir.1 and one page per command, such as
    /// comptoir-import-csv.1) into DIR, which is created when missing.
    Man { dir: PathBuf },
    /// List input devices (scanners, NFC readers), or listen to one (--listen).
    Devices(DevicesArgs),
}

#[derive(Debug, Args)]
pub struct DevicesArgs {
    /// Grab a reader and print each decoded scan as one JSON line (reader, kind, code,
    /// valid, raw_keys) until interrupted; the configured readers when DEVICE is not given.
    #[arg(long)]
    pub listen: bool,
    /// With --listen: a device path (/dev/input/by-id/...), vendor:product, or a name substring.
    #[arg(requires = "listen")]
    pub device: Option<String>,
    /// With --listen: the layout the reader types in (us, fr, be, de, ch).
    #[arg(long, value_name = "L")]
    pub layout: Option<String>,
    /// With --listen: what the reader reads (barcode, nfc).
    #[arg(long, value_name = "KIND", requires = "listen")]
    pub kind: Option<String>,
    /// With --listen: NFC UID byte order as the reader prints it (as-read, reversed).
    #[arg(long, value_name = "ORDER", requires = "listen")]
    pub nfc_byte_order: Option<String>,
    /// With --listen: stop after N scans.
    #[arg(long, value_name = "N", requires = "listen")]
    pub count: Option<usize>,
    /// List as JSON lines.
    #[arg(long)]
    pub json: bool,
    /// Test support: create a virtual reader with this name through /dev/uinput and type.
    #[arg(long, hide = true, value_name = "NAME", conflicts_with = "listen")]
    pub emulate: Option<String>,
    /// Test support: a text the virtual reader types, then Enter (repeatable).
    #[arg(long = "type", hide = true, value_name = "TEXT")]
    pub type_text: Vec<String>,
    /// Test support: the virtual reader's vendor:product.
    #[arg(long, hide = true, default_value = "1209:0001")]
    pub id: String,
    #[arg(long, hide = true, default_value_t = 3)]
    pub key_delay_ms: u64,
    #[arg(long, hide = true, default_value_t = 20_000)]
    pub wait_grab_ms: u64,
    #[arg(long, hide = true, default_value_t = 0)]
    pub hold_ms: u64,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How many customers.
    #[arg(long, default_value_t = 2000)]
    pub customers: usize,
    /// Seed of the generator: the same seed gives the same shop.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Skip the sales history.
    #[arg(long)]
    pub no_sales: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum GroupsCmd {
    /// Every group with its discount and how many customers it holds.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Add a group.
    Add {
        name: String,
        /// The automatic discount of its customers' tickets, in percent (default 0).
        #[arg(long, default_value = "0")]
        discount: String,
        /// Read the manager PIN from the first line of standard input (else
        /// COMPTOIR_MANAGER_PIN).
        #[arg(long)]
        pin_stdin: bool,
        #[arg(long)]
        json: bool,
    },
    /// Rename a group or change its discount.
    Edit {
        name: String,
        /// The new name.
        #[arg(long = "name", value_name = "NEW_NAME")]
        new_name: Option<String>,
        /// The new discount, in percent.
        #[arg(long)]
        discount: Option<String>,
        /// Read the manager PIN from the first line of standard input (else
        /// COMPTOIR_MANAGER_PIN).
        #[arg(long)]
        pin_stdin: bool,
        #[arg(long)]
        json: bool,
    },
    /// Set a product's special price for the group's customers (tax included, applied
    /// before the group's discount), or remove it with --remove.
    Price {
        /// The group.
        name: String,
        /// The product's code.
        code: String,
        /// The special price (e.g. 9.50).
        #[arg(
            required_unless_present = "remove",
            conflicts_with = "remove",
            allow_negative_numbers = true
        )]
        price: Option<String>,
        /// Remove the product's special price (it goes back to the shelf price).
        #[arg(long)]
        remove: bool,
        /// Read the manager PIN from the first line of standard input (else
        /// COMPTOIR_MANAGER_PIN).
        #[arg(long)]
        pin_stdin: bool,
        #[arg(long)]
        json: bool,
    },
    /// The group's special prices (its price list), by product name.
    Prices {
        /// The group.
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// Delete a group; one with customers needs --move-to GROUP or --no-group.
    Delete {
        name: String,
        /// Put its customers in this group.
        #[arg(long, value_name = "GROUP", conflicts_with = "no_group")]
        move_to: Option<String>,
        /// Leave its customers without a group.
        #[arg(long)]
        no_group: bool,
        /// Read the manager PIN from the first line of standard input (else
        /// COMPTOIR_MANAGER_PIN).
        #[arg(long)]
        pin_stdin: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ProductsCmd {
    /// The products on sale by name (all of them, archived too, with --all).
    List {
        #[arg(long)]
        all: bool,
        /// Only this category's (exact name).
        #[arg(long)]
        category: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Show one product by its code.
    Show {
        code: String,
        #[arg(long)]
        json: bool,
    },
    /// Add a product from a JSON object: code, name, price, tax_rate, and optionally
    /// cost and category (a file, or standard input when FILE is - or absent).
    Add {
        file: Option<PathBuf>,
        /// Read the manager PIN from the first line of standard input (else
        /// COMPTOIR_MANAGER_PIN); the JSON then comes from FILE.
        #[arg(long)]
        pin_stdin: bool,
        #[arg(long)]
        json: bool,
    },
    /// Change a product with a JSON merge patch (keys given replace; null clears cost or
    /// category; "active": false archives).
    Edit {
        code: String,
        file: Option<PathBuf>,
        /// Read the manager PIN from the first line of standard input (else
        /// COMPTOIR_MANAGER_PIN); the JSON then comes from FILE.
        #[arg(long)]
        pin_stdin: bool,
        #[arg(long)]
        json: bool,
    },
    /// Archive a product: it leaves the register's scans and searches, its sales keep it
    /// (--restore puts it back on sale).
    Archive {
        code: String,
        #[arg(long)]
        restore: bool,
        /// Read the manager PIN from the first line of standard input (else
        /// COMPTOIR_MANAGER_PIN).
        #[arg(long)]
        pin_stdin: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum CustomersCmd {
    /// Add a customer from a JSON object (a file, or standard input when FILE is - or absent).
    Add {
        file: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Show one customer.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Change a customer with a JSON merge patch (keys given replace, null clears).
    Edit {
        id: String,
        file: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Delete a customer (manager PIN required); one with sales is anonymised instead.
    Delete {
        id: String,
        /// Read the manager PIN from the first line of standard input (else COMPTOIR_MANAGER_PIN).
        #[arg(long)]
        pin_stdin: bool,
        #[arg(long)]
        json: bool,
    },
    /// Everything held on one customer as JSON, for a GDPR access request (manager PIN
    /// required; recorded in the audit log).
    ExportData {
        id: String,
        /// Write to this file instead of standard output.
        file: Option<PathBuf>,
        /// Read the manager PIN from the first line of standard input (else COMPTOIR_MANAGER_PIN).
        #[arg(long)]
        pin_stdin: bool,
    },
    /// Search customers as the register's picker does.
    Search {
        /// What the cashier would type (advanced: one comma-separated value per field).
        query: String,
        /// Fields to search, comma-separated (default: the config's search.default_fields):
        /// name, address, first_name, last_name, company, street, postal_code, city,
        /// country, phone, email, vat, reference, group.
        #[arg(long, value_delimiter = ',')]
        fields: Option<Vec<String>>,
        /// One value per field, comma-separated, in the order of --fields.
        #[arg(long)]
        advanced: bool,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// A customer's balances: loyalty points, wallet, store credit, what is owed and the
    /// credit limit.
    Balance {
        /// Customer id, or a loyalty card / NFC code.
        id: String,
        #[arg(long)]
        json: bool,
        /// Also list the last movements of every balance.
        #[arg(long)]
        ledger: bool,
    },
    /// Merge DUPLICATE into SURVIVOR (manager PIN): sales, notes, cards, balances move; the
    /// duplicate is removed. Cannot be undone.
    Merge {
        survivor: String,
        duplicate: String,
        /// A JSON merge patch applied to the survivor's data (the values to keep from the
        /// duplicate); default: the survivor's values.
        #[arg(long, value_name = "FILE")]
        data: Option<PathBuf>,
        #[arg(long)]
        pin_stdin: bool,
        #[arg(long)]
        json: bool,
    },
    /// Add a staff note to a customer's card (never shown to the customer or printed).
    Note {
        id: String,
        /// The note's text.
        text: String,
        #[arg(long)]
        json: bool,
    },
    /// A customer's staff notes, newest first (with --json: one JSON object per line).
    Notes {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Find the customer a scanned loyalty barcode or NFC UID identifies.
    FindRef {
        code: String,
        #[arg(long)]
        json: bool,
    },
    /// List customers (with --json: one JSON object per line).
    List {
        #[arg(long)]
        limit: Option<usize>,
        /// Include anonymised customers.
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ValidateKind {
    Iban,
    Bic,
    Vat,
    ChUid,
    Siren,
    Siret,
    Ean,
    Phone,
    Email,
}

#[derive(Debug, Subcommand)]
pub enum ImportCmd {
    /// Import a CSV file (README "Importing and exporting customers"). Exit 0: done; 2: done,
    /// some rows refused (see the report); 1: nothing imported.
    Csv(ImportCsvArgs),
    /// Import a vCard file (2.1, 3.0, 4.0). Same report and exit codes as csv.
    Vcard(ImportVcardArgs),
    /// Import products from a CSV catalogue (Shopify, WooCommerce, Lightspeed X-Series,
    /// Square or PrestaShop export, or a header of your own). Same exit codes as csv; a
    /// real run needs the manager PIN.
    Products(ImportProductsArgs),
}

#[derive(Debug, Args)]
pub struct ImportProductsArgs {
    pub file: PathBuf,
    /// shopify, woocommerce, lightspeed, square, prestashop or generic (default: from the
    /// header).
    #[arg(long)]
    pub preset: Option<String>,
    /// Field delimiter (default: sniffed among , ; tab |): one character or tab.
    #[arg(long, value_name = "C")]
    pub delimiter: Option<String>,
    /// Text encoding (default: sniffed): utf-8, windows-1252, iso-8859-1, utf-16...
    #[arg(long, value_name = "E")]
    pub encoding: Option<String>,
    /// Report what would happen; write nothing (no PIN needed).
    #[arg(long)]
    pub dry_run: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Read the manager PIN from the first line of standard input (else
    /// COMPTOIR_MANAGER_PIN).
    #[arg(long)]
    pub pin_stdin: bool,
}

#[derive(Debug, Args)]
pub struct ImportCsvArgs {
    pub file: PathBuf,
    /// Column preset: auto, comptoir, shopify, lightspeed, woocommerce, prestashop, square,
    /// odoo, custom (only --map / --mapping).
    #[arg(long, default_value = "auto")]
    pub preset: String,
    /// Map a column to a field, e.g. --map "Tél. portable=phone" (repeatable; wins over
    /// the preset and the mapping file).
    #[arg(long = "map", value_name = "COLUMN=FIELD")]
    pub maps: Vec<String>,
    /// A TOML mapping file ([columns] "Column" = "field"; optional preset, delimiter,
    /// encoding, country).
    #[arg(long, value_name = "FILE.toml")]
    pub mapping: Option<PathBuf>,
    /// Field delimiter (default: sniffed among , ; tab |): one character or tab.
    #[arg(long, value_name = "C")]
    pub delimiter: Option<String>,
    /// Text encoding (default: sniffed): utf-8, windows-1252, iso-8859-1, utf-16...
    #[arg(long, value_name = "E")]
    pub encoding: Option<String>,
    /// Country for phones without a country code when the row has none (default: the shop's).
    #[arg(long, value_name = "CC")]
    pub country: Option<String>,
    /// Report what would happen; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Read the manager PIN from the first line of standard input (else
    /// COMPTOIR_MANAGER_PIN): needed when the file sets a customer's group, tax or credit
    /// limit.
    #[arg(long)]
    pub pin_stdin: bool,
    /// Create the customer groups the file names that the shop does not have (no
    /// discount: set it with `groups edit`), then import: needs the manager PIN; the file
    /// is read twice (a dry run lists the groups). With --dry-run, they are only listed.
    #[arg(long)]
    pub create_groups: bool,
}

#[derive(Debug, Args)]
pub struct ImportVcardArgs {
    pub file: PathBuf,
    /// Country for phones without a country code when the card has none (default: the shop's).
    #[arg(long, value_name = "CC")]
    pub country: Option<String>,
    #[arg(long)]
    pub dry_run: bool,
    #[arg(long)]
    pub json: bool,
    /// Read the manager PIN from the first line of standard input (else
    /// COMPTOIR_MANAGER_PIN): needed when the file sets a customer's group, tax or credit
    /// limit.
    #[arg(long)]
    pub pin_stdin: bool,
    /// Create the customer groups the file names that the shop does not have (no
    /// discount: set it with `groups edit`), then import: needs the manager PIN; the file
    /// is read twice (a dry run lists the groups). With --dry-run, they are only listed.
    #[arg(long)]
    pub create_groups: bool,
}

#[derive(Debug, Subcommand)]
pub enum ExportCmd {
    /// Customers as CSV (to FILE, else standard output).
    Csv {
        file: Option<PathBuf>,
        /// Columns: comptoir (every field, re-importable), shopify, lightspeed, woocommerce,
        /// prestashop, square, odoo.
        #[arg(long, default_value = "comptoir")]
        preset: String,
        #[command(flatten)]
        select: ExportQuery,
        /// Read the manager PIN from the first line of standard input (else COMPTOIR_MANAGER_PIN).
        #[arg(long)]
        pin_stdin: bool,
    },
    /// Customers as vCard 4.0 (to FILE, else standard output).
    Vcard {
        file: Option<PathBuf>,
        #[command(flatten)]
        select: ExportQuery,
        /// Read the manager PIN from the first line of standard input (else COMPTOIR_MANAGER_PIN).
        #[arg(long)]
        pin_stdin: bool,
    },
}

/// Which customers an export writes: all, or those a search finds.
#[derive(Debug, Args)]
pub struct ExportQuery {
    /// Only the customers `customers search` finds for this text: every one of them (no
    /// limit), in stored order.
    #[arg(long)]
    pub query: Option<String>,
    /// Fields the query searches, comma-separated, as for `customers search` (default: the
    /// config's search.default_fields).
    #[arg(long, value_delimiter = ',', requires = "query")]
    pub fields: Option<Vec<String>>,
    /// One value per field, comma-separated, in the order of --fields.
    #[arg(long, requires = "query")]
    pub advanced: bool,
}

#[derive(Debug, Subcommand)]
pub enum SalesCmd {
    /// Record a sale from JSON (a file, or standard input when FILE is - or absent):
    /// {"customer": id or card code, "lines": [{"code", "qty", "price", "discount"}],
    /// "payments": [{"method": "cash|card|wallet|credit|points|account|gift_card",
    /// "amount", "tendered", "code"}]}. A price other than the product's needs the
    /// manager PIN.
    Add {
        file: Option<PathBuf>,
        #[arg(long)]
        pin_stdin: bool,
        #[arg(long)]
        json: bool,
    },
    /// Show one sale by ticket number (R1-000042) or id.
    Show {
        sale: String,
        #[arg(long)]
        json: bool,
    },
    /// List sales, newest first.
    List {
        /// Only this customer's (id or card code).
        #[arg(long)]
        customer: Option<String>,
        /// Only sales on or after this date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        since: Option<chrono::NaiveDate>,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Refund lines of a sale (manager PIN): --line CODE:QTY (repeatable; none: everything
    /// not yet refunded), the money to the original methods, store credit, cash or card.
    Refund {
        sale: String,
        #[arg(long = "line", value_name = "CODE:QTY")]
        lines: Vec<String>,
        #[arg(long, value_name = "TO", default_value = "original")]
        to: String,
        #[arg(long)]
        pin_stdin: bool,
        #[arg(long)]
        json: bool,
    },
    /// Give a past sale to another customer (`none`: to no customer), its points with it
    /// (manager PIN).
    Move {
        sale: String,
        customer: String,
        #[arg(long)]
        pin_stdin: bool,
        #[arg(long)]
        json: bool,
    },
    /// Print a stored sale's receipt again, now (exit 1 when the printer does not take
    /// it): on the configured printer, or --printer.
    Print {
        /// Ticket number (R1-000042) or id.
        sale: String,
        #[command(flatten)]
        to: PrinterArgs,
        #[arg(long)]
        json: bool,
    },
}

/// Where a command prints (default: `[receipt] printer` and its format).
#[derive(Debug, Args)]
pub struct PrinterArgs {
    /// tcp://HOST:PORT, /dev/usb/lp0, serial:/dev/ttyS0:19200 or file:PATH.
    #[arg(long, value_name = "PRINTER")]
    pub printer: Option<String>,
    /// escpos or text (default: the config's for its printer, else escpos for a printer
    /// and text for a file).
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum PrintCmd {
    /// Print a test page now: accented text (Café Crème, Øresund, Straße, 12,50 €), the
    /// code page and width, a Code 128 barcode and a cut (ESC/POS).
    Test {
        #[command(flatten)]
        to: PrinterArgs,
        #[arg(long)]
        json: bool,
    },
    /// The print jobs not printed (waiting, being sent, failed), oldest first.
    Queue {
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
    },
    /// Send a waiting or failed job now (exit 1 when its printer does not take it; it
    /// then waits for the register's print worker).
    Retry {
        id: i64,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum OutboxCmd {
    /// The messages of the outbox (queued, being sent, sent, failed), oldest first: the
    /// channel (email, sms), the recipient, the ticket, the attempts, the next attempt
    /// and the last error.
    List {
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
    },
    /// One pass over the outbox: every message due is sent now (e-mail through [email],
    /// SMS through [sms]), as the register's message worker does (for cron jobs and
    /// scripts). Exit 1 when a message tried did not go.
    Send {
        #[arg(long)]
        json: bool,
    },
    /// Queue a failed or waiting message again, due now, its attempts counted afresh
    /// (manager PIN); `--all`: every failed message.
    Retry {
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        id: Option<i64>,
        #[arg(long)]
        all: bool,
        /// Read the manager PIN from the first line of standard input (else
        /// COMPTOIR_MANAGER_PIN).
        #[arg(long)]
        pin_stdin: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum WalletCmd {
    /// Pay AMOUNT into the customer's wallet by cash or card (a ticket of its own).
    TopUp {
        customer: String,
        amount: String,
        #[arg(long, default_value = "cash")]
        method: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum AccountCmd {
    /// Pay AMOUNT towards what the customer owes, by cash or card.
    Pay {
        customer: String,
        amount: String,
        #[arg(long, default_value = "cash")]
        method: String,
        #[arg(long)]
        json: bool,
    },
    /// The statement of a customer's account: what was owed before --since, each
    /// movement (sales on account, settlements, refunds, merges) oldest first with its
    /// ticket and what was owed after it, what is owed now and the credit limit. --csv
    /// is an export of personal data: manager PIN, recorded in the audit log, a file
    /// written 0600.
    Statement {
        /// Customer id, or a loyalty card / NFC code.
        customer: String,
        /// Only movements on or after this date (YYYY-MM-DD, UTC); what was owed before
        /// it is the opening balance.
        #[arg(long, value_name = "DATE")]
        since: Option<chrono::NaiveDate>,
        /// Write the statement as CSV to FILE (`-`: standard output).
        #[arg(long, value_name = "FILE", conflicts_with = "json")]
        csv: Option<PathBuf>,
        /// Read the manager PIN from the first line of standard input (else
        /// COMPTOIR_MANAGER_PIN); for --csv.
        #[arg(long)]
        pin_stdin: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum JournalCmd {
    /// Walk every register's chain; exit 0 when intact, 1 naming the first entry that
    /// does not match.
    Verify {
        #[arg(long)]
        json: bool,
    },
    /// Record this register's daily closing (Z): totals since the last one, the chain head.
    Close {
        /// The cash counted in the drawer.
        #[arg(long, value_name = "AMOUNT")]
        cash: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

/// The period and output of a report.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// First day (YYYY-MM-DD, local time; default: the first of this month).
    #[arg(long, value_name = "DATE")]
    pub from: Option<chrono::NaiveDate>,
    /// Last day, included (default: the last of this month).
    #[arg(long, value_name = "DATE")]
    pub to: Option<chrono::NaiveDate>,
    /// Write the report as CSV to FILE (`-`: standard output).
    #[arg(long, value_name = "FILE", conflicts_with = "json")]
    pub csv: Option<PathBuf>,
    /// Read the manager PIN from the first line of standard input (else
    /// COMPTOIR_MANAGER_PIN).
    #[arg(long)]
    pub pin_stdin: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum ReportsCmd {
    /// Sales per day: tickets, refunds, goods and everything taken, net of refunds.
    Days(ReportArgs),
    /// Sales per customer group (each customer's group now), then customers without a
    /// group, then sales without a customer.
    Groups(ReportArgs),
    /// The customers who bought the most goods (names: a --csv file is written 0600 and
    /// the export audited).
    Customers {
        #[command(flatten)]
        args: ReportArgs,
        /// How many customers.
        #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u16).range(1..=1000))]
        limit: u16,
    },
    /// Takings per payment method, net of money given back.
    Methods(ReportArgs),
    /// VAT per rate: net, VAT and gross of the goods (each ticket's own VAT summed).
    Vat(ReportArgs),
    /// This register's daily closing (Z): the day's figures and the cash expected;
    /// with --counted, the day is closed (once) with the cash counted and the difference.
    /// A closed day is printed again as it was closed.
    Z {
        /// The day (YYYY-MM-DD, local time; default: today).
        #[arg(long, value_name = "DATE")]
        day: Option<chrono::NaiveDate>,
        /// The cash counted in the drawer: closes the day.
        #[arg(long, value_name = "AMOUNT")]
        counted: Option<String>,
        /// Write the closing as CSV to FILE (`-`: standard output).
        #[arg(long, value_name = "FILE", conflicts_with = "json")]
        csv: Option<PathBuf>,
        /// Read the manager PIN from the first line of standard input (else
        /// COMPTOIR_MANAGER_PIN).
        #[arg(long)]
        pin_stdin: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum GiftCardCmd {
    /// Sell a gift card of AMOUNT by cash or card: the card's scanned --code, or a new
    /// in-store EAN-13; held by --customer when given.
    Sell {
        amount: String,
        #[arg(long)]
        code: Option<String>,
        #[arg(long)]
        customer: Option<String>,
        #[arg(long, default_value = "cash")]
        method: String,
        #[arg(long)]
        json: bool,
    },
    /// What a card holds and its movements.
    Balance {
        code: String,
        #[arg(long)]
        json: bool,
    },
    /// Give a card to another customer (`none`: to nobody); manager PIN.
    Move {
        code: String,
        customer: String,
        #[arg(long)]
        pin_stdin: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum HubCmd {
    /// Create the hub's schema in PostgreSQL, or bring it to this comptoir's version
    /// (running it again changes nothing). The password, when the URL has none, comes
    /// from COMPTOIR_HUB_PASSWORD.
    Init {
        /// postgres://USER@HOST:PORT/DB, a role that may create schemas and roles; add
        /// ?sslmode=require for TLS (required for a host off this machine).
        #[arg(long, value_name = "URL")]
        pg: String,
        /// PEM certificate authorities to check the hub's certificate with (TLS).
        #[arg(long, value_name = "FILE")]
        ca_file: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Create the PostgreSQL login role of register CODE (its password read from the
    /// first line of standard input), allowed only to call the hub's functions.
    AddRegister {
        code: String,
        #[arg(long, value_name = "URL")]
        pg: String,
        /// PEM certificate authorities to check the hub's certificate with (TLS).
        #[arg(long, value_name = "FILE")]
        ca_file: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    #[command(subcommand)]
    pub command: Option<SyncCmd>,
    /// Print the pass's counts as one JSON object.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum SyncCmd {
    /// Join the hub of [sync] url: from now on every customer change is queued for it
    /// (the customers already here are queued as creations).
    Join {
        #[arg(long)]
        json: bool,
    },
    /// The hub joined, changes waiting, the feed cursor, the last successful sync.
    Status {
        #[arg(long)]
        json: bool,
    },
    /// The reference conflicts open at the hub: a loyalty card or NFC tag registered for
    /// two customers, granted to the first, for the manager to settle.
    Conflicts {
        #[arg(long)]
        json: bool,
    },
    /// Mark reference conflict ID settled at the hub (manager PIN), once the card is
    /// with the right customer.
    Settle {
        id: i64,
        /// Read the manager PIN from the first line of standard input (else
        /// COMPTOIR_MANAGER_PIN).
        #[arg(long)]
        pin_stdin: bool,
        #[arg(long)]
        json: bool,
    },
    /// The overspends open at the hub: a debit (wallet, store credit, points, account)
    /// that registers cut off from each other made beyond the customer's balance; the hub
    /// gave the shortfall back and keeps the item for the manager.
    ToSettle {
        #[arg(long)]
        json: bool,
    },
    /// Mark overspend ID settled at the hub (manager PIN), once the customer paid it or
    /// the shop wrote it off.
    SettleMoney {
        id: i64,
        /// Read the manager PIN from the first line of standard input (else
        /// COMPTOIR_MANAGER_PIN).
        #[arg(long)]
        pin_stdin: bool,
        #[arg(long)]
        json: bool,
    },
}
