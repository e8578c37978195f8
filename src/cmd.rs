//! The subcommands behind the CLI (binary side: anyhow errors, printing, exit codes).

mod customers;
mod misc;

pub use customers::customers;
pub use misc::{check_config, demo, demo_dir, hash_pin, init_logging, postal, register, validate};
