//! Where comptoir keeps its files, following the XDG base-directory rules: data (the
//! database, the search index, the log) under `$XDG_DATA_HOME/comptoir` (default
//! `~/.local/share/comptoir`), the config at `$XDG_CONFIG_HOME/comptoir/config.toml`
//! (default `~/.config/comptoir/config.toml`). Relative XDG values are ignored, as the
//! specification asks.
//!
//! Invariant: the data directory holds personal data (customers, the log, the index) and
//! is private (0700) whoever created it; a directory the owner chose elsewhere is created
//! private and otherwise left as they set it (it may be a shared folder such as /tmp).

use std::env;
use std::fs;
use std::io;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};

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

/// Makes sure `dir` exists, creating it (and missing parents) with mode 0700. The
/// default data and config directories are also made 0700 when they already exist with
/// wider rights (the config's holds the PIN's hash and the secrets file); a folder the
/// owner chose (`--config /etc/...`) keeps its rights.
pub fn private_dir(dir: &Path) -> io::Result<()> {
    if !dir.exists() {
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
    }
    let own = |d: Option<PathBuf>| d.is_some_and(|own| own == dir);
    if own(data_dir()) || own(config_dir()) {
        let mode = fs::metadata(dir)?.permissions().mode();
        if mode & 0o077 != 0 {
            fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
        }
    }
    Ok(())
}
