//! The subcommands behind the CLI (binary side: anyhow errors, printing, exit codes).
//!
//! Invariant: standard output is written only through [`outln!`] / [`out!`], which
//! return [`StdoutFailed`] instead of panicking as `println!` does; `main` turns a
//! closed pipe into a quiet exit with [`CLOSED_PIPE`] and any other failure (a full
//! disk) into a message naming standard output and status 1.

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

/// Writes a line to standard output; `Err(StdoutFailed)` when it cannot.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*).map_err($crate::cmd::StdoutFailed)
    }};
}

/// Writes to standard output without a newline; `Err(StdoutFailed)` when it cannot.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        write!(std::io::stdout().lock(), $($arg)*).map_err($crate::cmd::StdoutFailed)
    }};
}
pub(crate) use {out, outln};

/// A write to standard output failed.
#[derive(Debug, thiserror::Error)]
#[error("cannot write to standard output: {0}")]
pub struct StdoutFailed(pub std::io::Error);

impl StdoutFailed {
    /// The reader went away (`| head`): it has what it wanted.
    pub fn is_closed_pipe(&self) -> bool {
        self.0.kind() == std::io::ErrorKind::BrokenPipe
    }
}

/// Exit status of a program whose reader went away: 128 + SIGPIPE, as a shell reports a
/// pipeline member the signal ended.
pub const CLOSED_PIPE: u8 = 141;

/// How a command ends after a write to standard output failed (see [`StdoutFailed`]).
pub fn stdout_failed(e: std::io::Error) -> anyhow::Result<ExitCode> {
    Err(StdoutFailed(e).into())
}
