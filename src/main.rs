//! The `comptoir` binary: parses the command line, loads the config, sends diagnostics to
//! the log file, and runs the chosen command. This is the edge where errors become
//! messages and exit codes (anyhow); the library below uses typed errors.

mod cli;
mod cmd;

use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use cli::{Cli, Command};
use comptoir::config::{Config, Overrides};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            let closed = e
                .downcast_ref::<cmd::StdoutFailed>()
                .is_some_and(cmd::StdoutFailed::is_closed_pipe);
            if closed {
                return ExitCode::from(cmd::CLOSED_PIPE);
            }
            cmd::errln!("comptoir: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    // Commands that need no config.
    match &cli.command {
        Some(Command::Completions { shell }) => {
            clap_complete::generate(
                *shell,
                &mut Cli::command(),
                "comptoir",
                &mut std::io::stdout(),
            );
            return Ok(ExitCode::SUCCESS);
        }
        Some(Command::Man { dir }) => return cmd::write_man_pages(dir),
        Some(Command::CheckConfig { file }) => return cmd::check_config(file.as_deref(), &cli),
        Some(Command::Validate {
            kind,
            value,
            country,
        }) => return cmd::validate(*kind, value, country.as_deref()),
        Some(Command::Postal {
            country,
            code,
            json,
        }) => return cmd::postal(country, code, *json),
        Some(Command::HashPin) => return cmd::hash_pin(),
        Some(Command::Hub(c)) => return cmd::hub(c),
        Some(Command::Devices(args)) => return cmd::devices(args, &cli),
        _ => {}
    }
    let overrides = Overrides {
        config: cli.config.clone(),
        database: cli.db.clone(),
        // The locale decides the language when the config names none (first run, --demo).
        env_lang: Some(comptoir::config::env_lang()),
    };
    // The register may create the file named by --config (its first-run setup does).
    let register = matches!(cli.command, None | Some(Command::Run)) && !cli.demo;
    let (mut config, config_missing) = if register {
        Config::load_or_new(&overrides)?
    } else {
        (Config::load(&overrides)?, false)
    };
    let _demo_dir = if cli.demo {
        let dir = cmd::demo_dir()?;
        config.database = dir.path().join("demo.db");
        config.index = comptoir::config::index_beside(&config.database);
        Some(dir)
    } else {
        None
    };
    cmd::init_logging(&config, cli.verbose);
    tracing::info!(db = %config.database.display(), "start");
    match cli.command {
        None | Some(Command::Run) => cmd::register(&config, cli.demo, config_missing),
        Some(Command::Demo(args)) => cmd::demo(&config, &args),
        Some(Command::Customers(c)) => cmd::customers(&config, c),
        Some(Command::Products(c)) => cmd::products(&config, c),
        Some(Command::Groups(c)) => cmd::groups(&config, c),
        Some(Command::Sales(c)) => cmd::sales(&config, c),
        Some(Command::Wallet(c)) => cmd::wallet(&config, c),
        Some(Command::Account(c)) => cmd::account(&config, c),
        Some(Command::GiftCard(c)) => cmd::gift_card(&config, c),
        Some(Command::Journal(c)) => cmd::journal(&config, c),
        Some(Command::Reports(c)) => cmd::reports(&config, c),
        Some(Command::Print(c)) => cmd::print(&config, c),
        Some(Command::Outbox(c)) => cmd::outbox(&config, c),
        Some(Command::Reindex) => cmd::reindex(&config),
        Some(Command::CheckStore { json, no_index }) => cmd::check_store(&config, json, no_index),
        Some(Command::Import(c)) => cmd::import(&config, c),
        Some(Command::Export(c)) => cmd::export(&config, c),
        Some(Command::Sync(c)) => cmd::sync(&config, c),
        Some(_) => Ok(ExitCode::SUCCESS),
    }
}
