//! The settings screen's IO: the config file read again for it, and a change written
//! (config keys and, for the SMTP password and the SMS gateway's key, the secrets file)
//! through the service's audited manager act, then applied to the runner and its
//! workers.
//!
//! Invariants: the new config text is loaded back before the transaction starts, so a
//! refused value writes nothing and names its key; a secret (the password, the SMS key)
//! is written only to the secrets file, never logged, never in an action; what is
//! applied keeps what cannot change under a running register: the database, index
//! and log files, the keymap and the scanners it started with, and the register code
//! (its ticket numbers, parked tickets and print jobs are this register's: a new code
//! takes effect at the next start, and the screen says so); the print worker takes the
//! new settings from its next pass (the preparation stations with it: a sale's jobs are
//! ordered from the settings in force), the mail worker too (started now when `[email]`
//! or `[sms]` was just set; the SMS gateway read from the new settings at its next
//! pass).

use std::path::PathBuf;

use super::super::action::Action;
use super::super::settings::{LoadedSettings, SaveRefused, SettingsSave};
use super::Runner;
use crate::config::{
    prepare_keys, secret_is_set, secrets_text, write_secrets, Config, ConfigError, Overrides,
    SecretError, SMS_AUTH, SMTP_PASSWORD,
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
        let beside = path.with_file_name("secrets.toml");
        let email_secrets = config.email.as_ref().map(|e| e.secrets_file.clone());
        let sms_secrets = config.sms.as_ref().map(|s| s.secrets_file.clone());
        let is_set = |file: Option<PathBuf>, which: (&str, &str)| match secret_is_set(
            &file.unwrap_or_else(|| beside.clone()),
            which,
        ) {
            Ok(set) => Some(set),
            Err(e) => {
                tracing::warn!("secrets file: {e}");
                None
            }
        };
        let password_set = is_set(email_secrets.clone(), SMTP_PASSWORD);
        let sms_auth_set = is_set(sms_secrets.or(email_secrets), SMS_AUTH);
        Action::SettingsLoaded(Ok(Box::new(LoadedSettings {
            config,
            file: path.display().to_string(),
            exists,
            password_set,
            sms_auth_set,
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
        let secrets = match secrets(save, &prepared.config) {
            Ok(s) => s,
            Err((key, message)) => {
                return refused(SaveRefused::Key {
                    key: key.into(),
                    message,
                })
            }
        };
        let file = path.display().to_string();
        let written = service::change_settings(
            &mut self.store,
            &self.actor,
            &file,
            &save.keys,
            || -> Result<Config, WriteError> {
                for (at, text) in &secrets {
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
            // `[email]` or `[sms]` just set: its sender starts (the print worker runs
            // already).
            None => self.start_workers(),
        }
    }
}

/// The secrets files' new texts for the save's secrets (the SMTP password, the SMS
/// gateway's key; one text when both go into the same file), or the key of the one that
/// cannot be written and why.
fn secrets(
    save: &SettingsSave,
    config: &Config,
) -> Result<Vec<(PathBuf, String)>, (&'static str, String)> {
    let mut sets: Vec<(PathBuf, (&str, &str), &str, &'static str)> = Vec::new();
    if let Some(p) = &save.password {
        let Some(e) = &config.email else {
            return Err(("email.password", "set only with email.smtp".into()));
        };
        sets.push((e.secrets_file.clone(), SMTP_PASSWORD, p, "email.password"));
    }
    if let Some(a) = &save.sms_auth {
        let Some(s) = &config.sms else {
            return Err(("sms.auth", "set only with sms.url".into()));
        };
        sets.push((s.secrets_file.clone(), SMS_AUTH, a, "sms.auth"));
    }
    let mut out: Vec<(PathBuf, String)> = Vec::new();
    let mut files: Vec<PathBuf> = sets.iter().map(|s| s.0.clone()).collect();
    files.dedup();
    for file in files {
        let here: Vec<((&str, &str), &str)> = sets
            .iter()
            .filter(|s| s.0 == file)
            .map(|s| (s.1, s.2))
            .collect();
        let key = sets
            .iter()
            .find(|s| s.0 == file)
            .map_or("email.password", |s| s.3);
        let text = secrets_text(&file, &here).map_err(|e| (key, e.to_string()))?;
        out.push((file, text));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::mpsc;
    use std::time::{Duration, Instant};

    use super::super::super::events::Event;
    use super::*;
    use crate::store::Store;

    /// New settings with `[sms]` and a station, applied to a running register: the
    /// message worker starts (its first pass reads the gateway from them), and the next
    /// sale's order names the station.
    #[test]
    fn new_sms_and_stations_are_in_force_without_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("shop.db").display().to_string();
        let base = format!("[store]\ndatabase = {db:?}\n");
        let path = Path::new("/nonexistent/config.toml");
        let config = Config::from_toml(&base, path).unwrap();
        let store = Store::open(&config.database).unwrap();
        let (tx, rx) = mpsc::channel();
        let mut runner = Runner::new(store, &config, Some(tx));
        runner.start_workers();
        assert!(runner.mailing.is_none(), "no [email], no [sms]: no sender");
        assert!(runner.print_order().is_none());

        let more = "[sms]\nurl = \"http://127.0.0.1:9/send?to={to}&text={text}\"\nmethod = \"GET\"\n\n[[prep]]\nname = \"Cuisine\"\nprinter = \"file:/nonexistent/cuisine.txt\"\ncategories = [\"Plats\"]\n";
        let new = Config::from_toml(&format!("{base}{more}"), path).unwrap();
        runner.apply(new);
        assert!(runner.mailing.is_some(), "the outbox's sender started");
        let order = runner.print_order().expect("an order");
        assert!(order.sms.is_some(), "a sale's SMS receipt is offered");
        let stations: Vec<&str> = order.prep.iter().map(|p| p.station.as_str()).collect();
        assert_eq!(stations, ["Cuisine"]);
        assert_eq!(order.prep[0].categories, ["Plats"]);
        // The sender's first pass, with the new settings, says what the outbox holds.
        let started = Instant::now();
        let mut told = false;
        while !told && started.elapsed() < Duration::from_secs(20) {
            if let Ok(Event::Action(Action::Mail(_))) = rx.recv_timeout(Duration::from_secs(1)) {
                told = true;
            }
        }
        assert!(told, "the message worker ran a pass");
    }
}
