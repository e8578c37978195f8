//! The settings screen's IO: the config file read again for it, and a change written
//! (config keys and, for the SMTP password, the secrets file) through the service's
//! audited manager act, then applied to the runner and its workers.
//!
//! Invariants: the new config text is loaded back before the transaction starts, so a
//! refused value writes nothing and names its key; the password is written only to the
//! secrets file, never logged, never in an action; what is applied keeps what cannot
//! change under a running register: the database, index and log files, the keymap and
//! the scanners it started with, and the register code (its ticket numbers, parked
//! tickets and print jobs are this register's: a new code takes effect at the next
//! start, and the screen says so); the print worker takes the new settings from its
//! next pass, the mail worker too (started now when `[email]` was just set).

use std::path::PathBuf;

use super::super::action::Action;
use super::super::settings::{LoadedSettings, SaveRefused, SettingsSave};
use super::Runner;
use crate::config::{
    password_is_set, password_text, prepare_keys, write_secrets, Config, ConfigError, Overrides,
    SecretError,
};
use crate::service::{self, SettingsError};

/// What could not be written, inside the audited transaction.
#[derive(Debug, thiserror::Error)]
enum WriteError {
    #[error(transparent)]
    Secrets(#[from] SecretError),
    #[error(transparent)]
    Config(#[from] ConfigError),
}

impl Runner {
    /// The config file in use: `--config`, else the default file.
    fn config_path(&self) -> Option<PathBuf> {
        self.config
            .source
            .clone()
            .or_else(crate::paths::default_config_file)
    }

    /// The config file read again (another hand may have changed it since the start),
    /// else the settings in use when there is no file yet.
    pub(super) fn load_settings(&self) -> Action {
        let Some(path) = self.config_path() else {
            return Action::SettingsLoaded(Err(
                "no home directory to keep the config in: pass --config FILE".into(),
            ));
        };
        let exists = path.exists();
        let config = if exists {
            let ov = Overrides {
                config: Some(path.clone()),
                database: None,
                env_lang: Some(self.config.shop.lang),
            };
            match Config::load(&ov) {
                Ok(c) => c,
                Err(e) => return Action::SettingsLoaded(Err(e.to_string())),
            }
        } else {
            self.config.clone()
        };
        let secrets = match &config.email {
            Some(e) => e.secrets_file.clone(),
            None => path.with_file_name("secrets.toml"),
        };
        let password_set = match password_is_set(&secrets) {
            Ok(set) => Some(set),
            Err(e) => {
                tracing::warn!("secrets file: {e}");
                None
            }
        };
        Action::SettingsLoaded(Ok(Box::new(LoadedSettings {
            config,
            file: path.display().to_string(),
            exists,
            password_set,
        })))
    }

    /// Writes the screen's changes as the manager's act (the service refuses the
    /// cashier and audits the keys), then applies them.
    pub(super) fn save_settings(&mut self, save: &SettingsSave) -> Action {
        let refused = |r: SaveRefused| Action::SettingsSaved(Err(r));
        let Some(path) = self.config_path() else {
            return refused(SaveRefused::Failed(
                "no home directory to keep the config in: pass --config FILE".into(),
            ));
        };
        let prepared = match prepare_keys(&path, &save.edits, Some(self.config.shop.lang)) {
            Ok(p) => p,
            Err(ConfigError::Invalid { key, message, .. }) => {
                return refused(SaveRefused::Key { key, message })
            }
            Err(e) => return refused(SaveRefused::Failed(e.to_string())),
        };
        let password_key = |message: String| {
            refused(SaveRefused::Key {
                key: "email.password".into(),
                message,
            })
        };
        let secrets = match (&save.password, &prepared.config.email) {
            (None, _) => None,
            (Some(_), None) => return password_key("set only with email.smtp".into()),
            (Some(p), Some(e)) => match password_text(&e.secrets_file, p) {
                Ok(text) => Some((e.secrets_file.clone(), text)),
                Err(e) => return password_key(e.to_string()),
            },
        };
        let file = path.display().to_string();
        let written = service::change_settings(
            &mut self.store,
            &self.actor,
            &file,
            &save.keys,
            || -> Result<Config, WriteError> {
                if let Some((at, text)) = &secrets {
                    write_secrets(at, text)?;
                }
                Ok(prepared.write()?)
            },
        );
        match written {
            Ok(config) => {
                tracing::info!(file = %file, keys = ?save.keys, "settings written");
                self.apply(config.clone());
                Action::SettingsSaved(Ok(Box::new(config)))
            }
            Err(SettingsError::Service(e)) => {
                refused(SaveRefused::Failed(service::words::describe(&e, self.lang)))
            }
            Err(SettingsError::Write(e)) => {
                tracing::warn!("settings not written: {e}");
                refused(SaveRefused::Failed(e.to_string()))
            }
        }
    }

    /// Puts `config` in force here and in the workers, keeping what only a start changes.
    fn apply(&mut self, mut config: Config) {
        let running = &self.config;
        config.database = running.database.clone();
        config.index = running.index.clone();
        config.log_file = running.log_file.clone();
        config.log_level = running.log_level;
        config.shop.register = running.shop.register.clone();
        config.keys = running.keys.clone();
        config.keymap = running.keymap.clone();
        config.scanners = running.scanners.clone();
        config.burst = running.burst;
        config.sync = running.sync.clone();
        self.actor.country = config.shop.country.clone();
        self.actor.loyalty = config.loyalty.clone();
        self.lang = config.shop.lang;
        self.config = config;
        if let Some(p) = &self.printing {
            p.reconfigure(self.config.clone());
        }
        match &self.mailing {
            Some(m) => m.reconfigure(self.config.clone()),
            // `[email]` just set: its sender starts (the print worker runs already).
            None => self.start_print_worker(),
        }
    }
}
