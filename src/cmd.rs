//! The subcommands behind the CLI (binary side: anyhow errors, printing, exit codes).
//!
//! Invariants:
//! - standard output is written only through [`outln!`] (text) and [`dataln!`] (JSON),
//!   or streams that write the same way ([`text_line`] per line of text; exports, which
//!   are files), and these return [`StdoutFailed`] instead of panicking as `println!`
//!   does; `main` turns a closed pipe into a quiet exit with [`CLOSED_PIPE`] and any
//!   other failure (a full disk) into a message naming standard output and status 1;
//! - text a person reads (stdout and stderr: [`outln!`], [`errln!`], [`err!`]) goes
//!   through one sanitiser, [`text_line`]: text quoted from a file, the database or a
//!   device (column names, cells, notes, device names) never brings an escape sequence
//!   to the terminal, and one call writes exactly one line. A value that may hold line
//!   breaks is split by its caller when its lines should show (a note);
//! - JSON is data and is written as is: serde_json escapes every control character, and
//!   a program reading it must get the values unchanged.

mod check;
mod customers;
mod devices;
pub mod export;
pub mod import;
mod misc;
mod money;
mod outbox;
mod print;
mod products;
mod reports;
pub mod search;
mod statement;
mod sync;

pub use check::check_store;
pub use customers::customers;
pub use devices::devices;
pub use export::export;
pub use import::import;
pub use misc::{
    check_config, demo, demo_dir, hash_pin, init_logging, postal, register, validate,
    write_man_pages,
};
pub use money::{account, gift_card, journal, sales, wallet};
pub use outbox::outbox;
pub use print::print;
pub use products::{groups, products};
pub use reports::reports;
pub use search::{reindex, search, sync_index};
pub use sync::{hub, sync};

use std::process::ExitCode;

/// Writes one line of human-readable text to standard output, sanitised ([`text_line`]);
/// `Err(StdoutFailed)` when it cannot.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::cmd::text_line(&mut std::io::stdout().lock(), &format!($($arg)*))
            .map_err($crate::cmd::StdoutFailed)
    };
}

/// Writes one line of data (JSON) to standard output as it is; `Err(StdoutFailed)` when
/// it cannot. Never for text a person reads: that is [`outln!`].
macro_rules! dataln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*).map_err($crate::cmd::StdoutFailed)
    }};
}

/// Writes one line of human-readable text to standard error, sanitised ([`text_line`]).
/// A failure to write there is ignored: there is nowhere left to report it.
macro_rules! errln {
    ($($arg:tt)*) => {{
        let _ = $crate::cmd::text_line(&mut std::io::stderr().lock(), &format!($($arg)*));
    }};
}

/// Writes human-readable text to standard error without a line break (a prompt),
/// sanitised as [`errln!`] does.
macro_rules! err {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let mut e = std::io::stderr().lock();
        let _ = e
            .write_all(comptoir::sanitize::clean(&format!($($arg)*)).as_bytes())
            .and_then(|()| e.flush());
    }};
}
pub(crate) use {dataln, err, errln, outln};

/// Writes `text` as one line of a terminal: every control or invisible character in it
/// (ESC, BEL, CR, tab and line breaks included) becomes `?` ([`comptoir::sanitize::clean`]),
/// then one line break ends it. So an escape sequence in a file, the database or a device
/// name never reaches the terminal, and a value cannot start a row of its own.
pub fn text_line(out: &mut dyn std::io::Write, text: &str) -> std::io::Result<()> {
    out.write_all(comptoir::sanitize::clean(text).as_bytes())?;
    out.write_all(b"\n")
}

/// Writes multi-line text (a report whose values were cleaned where they were put in)
/// line by line through [`text_line`].
pub fn text_lines(text: &str) -> Result<(), StdoutFailed> {
    let mut out = std::io::stdout().lock();
    for line in text.lines() {
        text_line(&mut out, line).map_err(StdoutFailed)?;
    }
    Ok(())
}

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
