//! Small commands: the register entry point, demo data, validation, postal lookup,
//! config check, PIN hashing, and logging set-up.
//!
//! First run: the register never invents data in a shop's database. When the database
//! holds no customer, no product and no sale, and the config in use sets no manager PIN
//! (no config file, or one that never went through setup: setup always writes
//! `[manager] pin_hash`), the register opens on the setup screen, which writes the
//! config. Only `--demo` (a throw-away database, removed on exit) is filled with demo
//! data; `comptoir demo` fills a database on purpose.

use std::fs::OpenOptions;
use std::io::BufRead;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;

use anyhow::Context;
use comptoir::config::Config;
use comptoir::demo::{self, DemoOptions};
use comptoir::domain::{postal, validate as rules};
use comptoir::store::{customers, Store};

use super::{dataln, err, errln, outln};
use crate::cli::{Cli, DemoArgs, ValidateKind};

/// Customers put into the throw-away database of `--demo`.
const SEED_CUSTOMERS: usize = 10_000;

/// Sends diagnostics to the log file only: the register draws on the terminal.
pub fn init_logging(config: &Config, verbose: u8) {
    let level = match verbose {
        0 => config.log_level,
        1 => tracing::Level::DEBUG,
        _ => tracing::Level::TRACE,
    };
    if let Some(dir) = config
        .database
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
    {
        if let Err(e) = comptoir::paths::private_dir(dir) {
            errln!("comptoir: cannot make {} private: {e}", dir.display());
        }
    }
    if let Some(dir) = config
        .log_file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
    {
        let _ = comptoir::paths::private_dir(dir);
    }
    // The log names customers and files: private, like the database.
    let opened = OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(&config.log_file)
        .and_then(|f| {
            f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
            Ok(f)
        });
    match opened {
        Ok(file) => {
            let _ = tracing_subscriber::fmt()
                .with_writer(Mutex::new(file))
                .with_ansi(false)
                .with_max_level(level)
                .try_init();
        }
        Err(e) => errln!(
            "comptoir: cannot open the log file {}: {e} (continuing without a log)",
            config.log_file.display()
        ),
    }
}

/// A private temporary directory for `--demo`, removed (with its database) on drop.
pub struct DemoDir(PathBuf);

impl DemoDir {
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for DemoDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn demo_dir() -> anyhow::Result<DemoDir> {
    let dir = std::env::temp_dir().join(format!("comptoir-demo-{}", std::process::id()));
    std::fs::DirBuilder::new()
        .mode(0o700)
        .create(&dir)
        .with_context(|| format!("cannot create {} for --demo", dir.display()))?;
    Ok(DemoDir(dir))
}

/// Opens the `--demo` store, filling it with demo data when it holds no customer.
fn open_seeded(config: &Config, customers_if_empty: usize) -> anyhow::Result<Store> {
    let mut store = Store::open(&config.database)
        .with_context(|| format!("cannot open the database {}", config.database.display()))?;
    if customers::count(store.conn())? == 0 {
        errln!("comptoir: empty database, adding {customers_if_empty} demo customers...");
        demo::generate(
            &mut store,
            &DemoOptions {
                customers: customers_if_empty,
                seed: 1,
                now: chrono::Utc::now(),
                sales: true,
            },
        )?;
    }
    Ok(store)
}

/// Starts the register: on the setup screen at the first run (see the module's
/// documentation), on demo data with `--demo`, else on the sale screen. `config_missing`:
/// the file named by `--config` does not exist, which only the setup may create.
pub fn register(config: &Config, demo: bool, config_missing: bool) -> anyhow::Result<ExitCode> {
    let store = Store::open(&config.database)
        .with_context(|| format!("cannot open the database {}", config.database.display()))?;
    // Three EXISTS probes: cheap at a million customers, unlike a count.
    let empty = comptoir::store::lookup::is_empty(store.conn())?;
    let store = if demo && empty {
        drop(store);
        open_seeded(config, SEED_CUSTOMERS)?
    } else {
        store
    };
    let setup = !demo && empty && config.manager_pin_hash.is_none();
    if config_missing && !setup {
        let name = config.source.as_deref().unwrap_or(Path::new("?"));
        anyhow::bail!(
            "cannot read config file {}: it does not exist (the setup creates it only on an \
             empty database)",
            name.display()
        );
    }
    if !std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        // Not on a terminal (a script, a pipe): say what the database holds instead.
        let conn = store.conn();
        let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0));
        outln!(
            "comptoir — {} (register {})",
            config.shop.name,
            config.shop.register
        )?;
        outln!(
            "database {}: {} customers, {} products, {} sales",
            config.database.display(),
            customers::count(conn)?,
            count("SELECT COUNT(*) FROM product WHERE active = 1")?,
            count("SELECT COUNT(*) FROM sale")?,
        )?;
        if setup {
            outln!(
                "Nothing set up yet: run `comptoir` in a terminal to set up the shop \
                 (or `comptoir --demo` to try a demo shop)."
            )?;
        }
        outln!("The register's screens need a terminal; run `comptoir` in one.")?;
        return Ok(ExitCode::SUCCESS);
    }
    comptoir::app::run(config, store, comptoir::ui::draw, setup).context("the register stopped")?;
    Ok(ExitCode::SUCCESS)
}

/// `comptoir demo`.
pub fn demo(config: &Config, args: &DemoArgs) -> anyhow::Result<ExitCode> {
    let mut store = Store::open(&config.database)
        .with_context(|| format!("cannot open the database {}", config.database.display()))?;
    let started = std::time::Instant::now();
    let report = demo::generate(
        &mut store,
        &DemoOptions {
            customers: args.customers,
            seed: args.seed,
            now: chrono::Utc::now(),
            sales: !args.no_sales,
        },
    )?;
    let secs = started.elapsed().as_secs_f64();
    if args.json {
        outln!(
            "{}",
            serde_json::json!({ "report": report, "seconds": secs })
        )?;
    } else {
        outln!(
            "{} customers ({} companies), {} groups, {} products, {} sales in {secs:.1} s -> {}",
            report.customers,
            report.companies,
            report.groups,
            report.products,
            report.sales,
            config.database.display()
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `comptoir validate KIND VALUE`.
pub fn validate(
    kind: ValidateKind,
    value: &str,
    country: Option<&str>,
) -> anyhow::Result<ExitCode> {
    let cc = country.map(str::to_ascii_uppercase);
    let result = match kind {
        ValidateKind::Iban => rules::iban(value),
        ValidateKind::Bic => rules::bic(value),
        ValidateKind::Vat => rules::vat(value, cc.as_deref()),
        ValidateKind::ChUid => rules::ch_uid(value),
        ValidateKind::Siren => rules::siren(value),
        ValidateKind::Siret => rules::siret(value),
        ValidateKind::Ean => rules::ean(value),
        ValidateKind::Phone => rules::phone(value, cc.as_deref().unwrap_or("FR")),
        ValidateKind::Email => rules::email(value),
    };
    match result {
        Ok(v) => {
            outln!("{v}")?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            outln!("invalid: {e}")?;
            Ok(ExitCode::FAILURE)
        }
    }
}

/// `comptoir postal CC CODE`.
pub fn postal(country: &str, code: &str, json: bool) -> anyhow::Result<ExitCode> {
    let places = postal::lookup(country, code);
    if json {
        let list: Vec<_> = places
            .iter()
            .map(|p| serde_json::json!({ "country": p.country, "postal_code": p.postal_code, "city": p.city,
                "lat": p.position.map(|x| x.0), "lon": p.position.map(|x| x.1) }))
            .collect();
        dataln!("{}", serde_json::Value::Array(list))?;
    } else {
        for p in &places {
            outln!("{} {} {}", p.country, p.postal_code, p.city)?;
        }
    }
    if places.is_empty() {
        errln!(
            "no city known for {code} in {} (covered: {})",
            country.to_ascii_uppercase(),
            postal::countries().join(", ")
        );
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// `comptoir check-config [FILE]`.
pub fn check_config(file: Option<&Path>, cli: &Cli) -> anyhow::Result<ExitCode> {
    let overrides = comptoir::config::Overrides {
        config: file.map(Path::to_path_buf).or_else(|| cli.config.clone()),
        database: cli.db.clone(),
        env_lang: Some(comptoir::config::env_lang()),
    };
    let config = Config::load(&overrides)?;
    let origin = config.source.as_ref().map_or_else(
        || "built-in defaults (no config file)".to_string(),
        |p| p.display().to_string(),
    );
    outln!("ok: {origin}")?;
    dataln!("{}", serde_json::to_string_pretty(&config)?)?;
    // The SMTP password is checked (readable, 0600, present), never shown.
    if let Some(email) = &config.email {
        match email.password() {
            Ok(Some(_)) => errln!(
                "email: the password is read from {} (owner only)",
                email.secrets_file.display()
            ),
            Ok(None) => errln!("email: no login ([email] user unset)"),
            Err(e) => {
                errln!("email: {e}");
                return Ok(ExitCode::FAILURE);
            }
        }
    }
    // The gateway's auth header likewise: checked, never shown.
    if let Some(sms) = &config.sms {
        match sms.auth() {
            Ok(Some((header, _))) => errln!(
                "sms: the {header} header is read from {} (owner only)",
                sms.secrets_file.display()
            ),
            Ok(None) => errln!("sms: no auth header ([sms] auth_header unset)"),
            Err(e) => {
                errln!("sms: {e}");
                return Ok(ExitCode::FAILURE);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `comptoir hash-pin`: reads a PIN from stdin, prints its Argon2id hash.
pub fn hash_pin() -> anyhow::Result<ExitCode> {
    err!("manager PIN (6 to 12 digits): ");
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let hash = comptoir::auth::hash_pin(line.trim())?;
    outln!("{hash}")?;
    errln!("put it in the config: [manager] pin_hash = \"{hash}\"");
    Ok(ExitCode::SUCCESS)
}

/// `comptoir man DIR`: the manual pages, rendered from the CLI's own definition (so they
/// never disagree with `--help`): `comptoir.1` and one page per command.
pub fn write_man_pages(dir: &Path) -> anyhow::Result<ExitCode> {
    use clap::CommandFactory;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    clap_mangen::generate_to(Cli::command(), dir)
        .with_context(|| format!("cannot write the manual pages into {}", dir.display()))?;
    let pages = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "1"))
        .count();
    outln!("{pages} manual pages in {}", dir.display())?;
    Ok(ExitCode::SUCCESS)
}
