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
    /// Check a config file (default: the one in use) and print the resolved settings.
    CheckConfig { file: Option<PathBuf> },
    /// Hash a manager PIN read from standard input, for [manager] pin_hash.
    HashPin,
    /// Print a shell completion script.
    Completions { shell: clap_complete::Shell },
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
