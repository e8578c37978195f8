//! `comptoir import csv|vcard`: runs the library import, shows a progress bar on a
//! terminal, prints the report (text, or JSON with `--json`) and turns the outcome into
//! an exit code: 0 done, 2 done with refused rows, 1 nothing imported. The text report
//! and error messages quote the file (columns, cells, charsets): every piece is cleaned
//! of control characters before it is shown.

use std::io::IsTerminal;
use std::process::ExitCode;

use comptoir::config::Config;
use comptoir::exchange::csv_in::{self, CsvOptions};
use comptoir::exchange::mapping::{self, MappingFile, PresetChoice};
use comptoir::exchange::report::Report;
use comptoir::exchange::text::Charset;
use comptoir::exchange::{vcard, ExchangeError, Progress, RunOptions};
use comptoir::store::Store;
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;

use super::{dataln, errln};
use crate::cli::{ImportCmd, ImportCsvArgs};

/// An indicatif bar over the bytes (CSV) or cards (vCard) read; only on a terminal.
struct Bar(Option<ProgressBar>);

impl Bar {
    fn new(show: bool, unit: &str) -> Bar {
        if !show || !std::io::stderr().is_terminal() {
            return Bar(None);
        }
        let bar = ProgressBar::new(0);
        let template = format!("importing {{bar:40}} {{percent}}% {unit} ({{eta}})");
        bar.set_style(
            ProgressStyle::with_template(&template)
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        Bar(Some(bar))
    }
}

impl Progress for Bar {
    fn start(&mut self, total: u64) {
        if let Some(b) = &self.0 {
            b.set_length(total);
        }
    }
    fn at(&mut self, done: u64) {
        if let Some(b) = &self.0 {
            b.set_position(done);
        }
    }
    fn finish(&mut self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}

pub fn import(config: &Config, cmd: ImportCmd) -> anyhow::Result<ExitCode> {
    let (json, result) = match cmd {
        ImportCmd::Products(args) => return super::products::import_products(config, &args),
        ImportCmd::Csv(args) => (args.json, run_csv(config, &args)),
        ImportCmd::Vcard(args) => {
            let json = args.json;
            let result = (|| {
                let mut run = run_options(config, args.country.as_deref(), args.dry_run)?;
                let mut store = open(config)?;
                run.manager = manager(config, &mut store, args.pin_stdin)?;
                let mut bar = Bar::new(!json, "cards");
                let mut import = |store: &mut Store, run: &RunOptions, bar: &mut dyn Progress| {
                    vcard::import(store, &args.file, run, bar)
                };
                if args.create_groups {
                    create_groups(config, &mut store, &run, &mut import)?;
                }
                import(&mut store, &run, &mut bar)
            })();
            (json, result)
        }
    };
    match result {
        Ok(report) => {
            // The import is committed: bring the search index up to date (a large
            // import rebuilds it rather than replaying every change).
            if let Ok(store) = open(config) {
                super::sync_index(config, &store);
            }
            if json {
                dataln!("{}", serde_json::to_string_pretty(&report)?)?;
            } else {
                // Column names, cells and snippets come from the file: each is made one
                // clean line of text before the report lays them out.
                let shown = report.map_text(|t| comptoir::sanitize::clean(t).into_owned());
                super::text_lines(&shown.to_string())?;
            }
            Ok(if report.refused > 0 {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            })
        }
        Err(e) => failed(json, &e),
    }
}

/// Reports an import that imported nothing; exit 1.
pub(super) fn failed(json: bool, e: &ExchangeError) -> anyhow::Result<ExitCode> {
    if json {
        let kind = match e {
            ExchangeError::Format { .. } => "format",
            ExchangeError::Mapping(_) => "mapping",
            ExchangeError::Manager(_) => "manager",
            ExchangeError::Store(_) => "store",
            ExchangeError::Read { .. } | ExchangeError::Write { .. } | ExchangeError::Output(_) => {
                "io"
            }
        };
        dataln!(
            "{}",
            json!({ "error": { "kind": kind, "message": e.to_string() } })
        )?;
    } else {
        errln!("comptoir: {e}");
    }
    Ok(ExitCode::FAILURE)
}

pub(super) fn open(config: &Config) -> Result<Store, ExchangeError> {
    Ok(Store::open(&config.database)?)
}

/// Whether the manager's PIN was given (and is right): `--pin-stdin` or
/// COMPTOIR_MANAGER_PIN. Not giving it is no error: the import then sets no group, tax or
/// credit limit (and refuses a file whose columns do).
fn manager(config: &Config, store: &mut Store, pin_stdin: bool) -> Result<bool, ExchangeError> {
    if !pin_stdin && std::env::var_os("COMPTOIR_MANAGER_PIN").is_none() {
        return Ok(false);
    }
    super::export::check_pin(config, store, pin_stdin).map_err(ExchangeError::Manager)?;
    Ok(true)
}

pub(super) fn run_options(
    config: &Config,
    country: Option<&str>,
    dry_run: bool,
) -> Result<RunOptions, ExchangeError> {
    let country = match country {
        Some(c) => {
            let up = c.trim().to_ascii_uppercase();
            if up.len() != 2 || !up.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(ExchangeError::Mapping(format!(
                    "--country `{c}`: give an ISO code such as FR or BE"
                )));
            }
            up
        }
        None => config.shop.country.clone(),
    };
    Ok(RunOptions {
        dry_run,
        actor: super::export::actor(),
        default_country: country,
        today: chrono::Local::now().date_naive(),
        manager: false,
    })
}

fn run_csv(config: &Config, a: &ImportCsvArgs) -> Result<Report, ExchangeError> {
    let file = a.mapping.as_deref().map(MappingFile::load).transpose()?;
    let country = a
        .country
        .clone()
        .or_else(|| file.as_ref().and_then(|f| f.country.clone()));
    let mut run = run_options(config, country.as_deref(), a.dry_run)?;
    let encoding = match &a.encoding {
        Some(l) => Some(Charset::from_label(l).ok_or_else(|| {
            ExchangeError::Mapping(format!(
                "unknown encoding `{l}` (try utf-8, windows-1252, iso-8859-1, utf-16)"
            ))
        })?),
        None => None,
    };
    let opts = CsvOptions {
        preset: PresetChoice::parse(&a.preset)?,
        mapping: file,
        maps: a
            .maps
            .iter()
            .map(|m| mapping::parse_map(m))
            .collect::<Result<_, _>>()?,
        delimiter: a
            .delimiter
            .as_deref()
            .map(csv_in::parse_delimiter)
            .transpose()?,
        encoding,
    };
    let mut store = open(config)?;
    run.manager = manager(config, &mut store, a.pin_stdin)?;
    let mut bar = Bar::new(!a.json, "");
    let mut import = |store: &mut Store, run: &RunOptions, bar: &mut dyn Progress| {
        csv_in::import(store, &a.file, &opts, run, bar)
    };
    if a.create_groups {
        create_groups(config, &mut store, &run, &mut import)?;
    }
    import(&mut store, &run, &mut bar)
}

/// One run of the file being imported, with the given options.
type ImportFn<'a> =
    dyn FnMut(&mut Store, &RunOptions, &mut dyn Progress) -> Result<Report, ExchangeError> + 'a;

/// `--create-groups`: a dry run of the same import lists the groups the file names that
/// the shop does not have; each is created (no discount) by the manager, audited, before
/// the real run, which then puts the rows in them. A dry run creates nothing: its report
/// lists them.
fn create_groups(
    config: &Config,
    store: &mut Store,
    run: &RunOptions,
    import: &mut ImportFn,
) -> Result<(), ExchangeError> {
    if !run.manager {
        return Err(ExchangeError::Manager(
            "--create-groups needs the manager PIN (--pin-stdin or COMPTOIR_MANAGER_PIN)".into(),
        ));
    }
    if run.dry_run {
        return Ok(());
    }
    let listing = RunOptions {
        dry_run: true,
        ..run.clone()
    };
    let report = import(store, &listing, &mut comptoir::exchange::NoProgress)?;
    let actor = comptoir::service::Actor {
        role: comptoir::service::Role::Manager,
        ..super::money::cli_actor(config)
    };
    let names: Vec<String> = report
        .unknown_groups
        .iter()
        .map(|g| g.name.clone())
        .collect();
    comptoir::service::groups::create_missing_groups(store, &actor, &names)
        .map_err(|e| ExchangeError::Manager(format!("creating the groups the file names: {e}")))?;
    Ok(())
}
