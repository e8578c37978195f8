//! Where comptoir keeps its files, following the XDG base-directory rules: data (the
//! database, the search index, the log) under `$XDG_DATA_HOME/comptoir` (default
//! `~/.local/share/comptoir`), the config at `$XDG_CONFIG_HOME/comptoir/config.toml`
//! (default `~/.config/comptoir/config.toml`). Relative XDG values are ignored, as the
//! specification asks.

use std::env;
use std::path::PathBuf;

const APP: &str = "comptoir";

fn xdg(var: &str, fallback: &str) -> Option<PathBuf> {
    env::var_os(var)
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| env::var_os("HOME").map(|h| PathBuf::from(h).join(fallback)))
        .map(|p| p.join(APP))
}

/// The data directory (`None` only when neither the XDG variable nor `HOME` is set).
pub fn data_dir() -> Option<PathBuf> {
    xdg("XDG_DATA_HOME", ".local/share")
}

/// The config directory.
pub fn config_dir() -> Option<PathBuf> {
    xdg("XDG_CONFIG_HOME", ".config")
}

/// The default config file.
pub fn default_config_file() -> Option<PathBuf> {
    config_dir().map(|d| d.join("config.toml"))
}
