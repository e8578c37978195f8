//! The config loader: TOML text parsed into the raw config (unknown keys refused), then
//! resolved into `Config` (every value parsed and checked by key name), through
//! `Config::from_toml`, the path `Config::load` takes after reading the file.

#![no_main]

use std::path::Path;

use comptoir::config::Config;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The loader reads the file with `read_to_string`: text that is not UTF-8 stops there.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = Config::from_toml(text, Path::new("/fuzz/comptoir/config.toml"));
});
