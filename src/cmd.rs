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
