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
    /// Check a config file (default: the one in use) and print the resolved settings.
    CheckConfig { file: Option<PathBuf> },
    /// Hash a manager PIN read from standard input, for [manager] pin_hash.
    HashPin,
    /// Print a shell completion script.
    Completions { shell: clap_complete::Shell },
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
