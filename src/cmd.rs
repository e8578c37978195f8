//! The subcommands behind the CLI (binary side: anyhow errors, printing, exit codes).

mod customers;
mod devices;
pub mod export;
pub mod import;
mod misc;
pub mod search;

pub use customers::customers;
pub use devices::devices;
pub use export::export;
pub use import::import;
pub use misc::{check_config, demo, demo_dir, hash_pin, init_logging, postal, register, validate};
pub use search::{reindex, search, sync_index};

use std::process::ExitCode;

/// Exit status of a program whose reader went away: 128 + SIGPIPE, as a shell reports a
/// pipeline member the signal ended.
const CLOSED_PIPE: u8 = 141;

/// How a command ends after a write to standard output failed: a closed pipe (`| head`)
/// ends quietly with [`CLOSED_PIPE`], since the reader has what it wanted; any other
/// failure (a full disk) is an error naming the output.
pub fn stdout_failed(e: std::io::Error) -> anyhow::Result<ExitCode> {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        return Ok(ExitCode::from(CLOSED_PIPE));
    }
    Err(anyhow::Error::new(e).context("cannot write to standard output"))
}
