//! The settings screen through the real runner, a real config file and an in-memory
//! store: read, edited, saved as the manager's audited act (comments and untouched keys
//! kept, the SMTP password only in the private secrets file), applied at once; a value
//! the config refuses writes nothing.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use super::super::runner::Runner;
use super::super::settings::{SettingsError, SettingsField as F};
use super::super::state::{Lang, Screen, Settings, State};
use super::super::{settle, update, Action};
use crate::config::{Config, Overrides};
use crate::keys::Command as C;
use crate::store::{audit, Store};

struct Rig {
    state: State,
    runner: Runner,
    path: PathBuf,
    _dir: tempfile::TempDir,
}

impl Rig {
    /// A config file with comments and a manager PIN, the register on it, the settings
    /// screen open (the role unlocked).
    fn new() -> Rig {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        let hash = crate::auth::hash_pin("246813").unwrap();
        let text = format!(
            "# The shop.\n[shop]\n# Printed on top.\nname = \"Épicerie du Coin\"\ncountry = \"FR\"\nlocale = \"en\"\n\n[manager]\npin_hash = \"{hash}\"\n\n[receipt]\n# Our printer's width.\nwidth = 32 # narrow roll\n\n[store]\ndatabase = \"/nonexistent/x.db\"\n"
        );
        fs::write(&path, text).unwrap();
        let config = Config::load(&Overrides {
            config: Some(path.clone()),
            database: None,
            env_lang: None,
        })
        .unwrap();
        let store = Store::open_in_memory().unwrap();
        let mut state = State::new(Settings::from_config(&config, false, 0), chrono::Utc::now());
        state.unlock();
        let mut rig = Rig {
            state,
            runner: Runner::new(store, &config, None),
            path,
            _dir: dir,
        };
        rig.cmd(C::CustomersList);
        rig.cmd(C::Settings);
        assert_eq!(rig.state.screen, Screen::Settings);
        rig
    }

    fn cmd(&mut self, c: C) {
        let fx = update(&mut self.state, Action::Cmd(c));
        settle(&mut self.state, &mut self.runner, fx);
    }

    fn retype(&mut self, field: F, text: &str) {
        if let Some(f) = self.state.settings_form.as_mut() {
            f.focus = f.keys().iter().position(|k| *k == field).unwrap();
            f.set(field, "");
        }
        for c in text.chars() {
            let fx = update(&mut self.state, Action::Char(c));
            settle(&mut self.state, &mut self.runner, fx);
        }
    }

    fn text(&self) -> String {
        fs::read_to_string(&self.path).unwrap()
    }

    fn audit(&self) -> Vec<audit::Entry> {
        let file = self.path.display().to_string();
        audit::for_entity(self.runner.store().conn(), "settings", &file).unwrap()
    }
}

fn mode(p: &Path) -> u32 {
    fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_change_is_written_in_place_audited_and_in_force_at_once() {
    let mut r = Rig::new();
    let form = r.state.settings_form.as_ref().unwrap();
    assert_eq!(form.value(F::Name), "Épicerie du Coin");
    assert_eq!(form.value(F::Width), "32");
    assert_eq!(form.password_set, Some(false));
    r.retype(F::Name, "Chez Léa");
    r.retype(F::Header1, "Ouvert du lundi au samedi");
    let at = F::ALL.iter().position(|f| *f == F::Language).unwrap();
    if let Some(f) = r.state.settings_form.as_mut() {
        f.focus = at;
    }
    r.cmd(C::Toggle);
    r.retype(F::Smtp, "smtp://127.0.0.1:2525");
    r.retype(F::From, "shop@example.com");
    r.retype(F::User, "shop");
    r.retype(F::Password, "s3cret-pw");
    r.cmd(C::Save);

    let text = r.text();
    for kept in [
        "# The shop.\n[shop]\n# Printed on top.\nname = \"Chez Léa\"\n",
        "# Our printer's width.\nwidth = 32 # narrow roll\n",
        "country = \"FR\"",
        "locale = \"fr\"",
        "header = \"Ouvert du lundi au samedi\"",
        "smtp = \"smtp://127.0.0.1:2525\"",
    ] {
        assert!(text.contains(kept), "{kept:?} in:\n{text}");
    }
    assert!(
        !text.contains("s3cret"),
        "the password is not in the config"
    );
    assert!(
        !text.contains("tls ="),
        "a key left as it was is not written"
    );
    assert_eq!(mode(&r.path), 0o600);
    let secrets = r.path.with_file_name("secrets.toml");
    assert_eq!(mode(&secrets), 0o600);
    assert!(fs::read_to_string(&secrets).unwrap().contains("s3cret-pw"));

    // Audited: the keys by name, no value.
    let log = r.audit();
    assert_eq!(log.len(), 1, "{log:?}");
    let detail = log[0].detail.to_string();
    assert_eq!(log[0].action, "settings.change");
    for k in [
        "shop.name",
        "shop.locale",
        "receipt.header",
        "email.smtp",
        "email.password",
    ] {
        assert!(detail.contains(k), "{k} in {detail}");
    }
    assert!(
        !detail.contains("s3cret") && !detail.contains("Léa"),
        "{detail}"
    );

    // In force: the screen's language, the runner's receipts and e-mail.
    assert_eq!(r.state.settings.lang, Lang::Fr);
    assert_eq!(r.state.settings.shop_name, "Chez Léa");
    assert!(r.state.settings.email);
    let form = r.state.settings_form.as_ref().unwrap();
    assert_eq!(form.password_set, Some(true));
    assert_eq!(form.value(F::Password), "", "not kept on screen");
    // Read again, the screen shows the file.
    r.cmd(C::Back);
    r.cmd(C::Settings);
    let form = r.state.settings_form.as_ref().unwrap();
    assert_eq!(form.value(F::Header1), "Ouvert du lundi au samedi");
    assert_eq!(form.password_set, Some(true));
}

#[test]
fn a_value_the_config_refuses_writes_nothing_and_shows_under_its_field() {
    let mut r = Rig::new();
    let before = r.text();
    // Refused by the config only (the screen's checks pass): no password in clear to
    // another machine.
    r.retype(F::Smtp, "smtp://mail.example.com:25");
    r.retype(F::From, "shop@example.com");
    r.retype(F::User, "shop");
    let at = F::ALL.iter().position(|f| *f == F::Tls).unwrap();
    if let Some(f) = r.state.settings_form.as_mut() {
        f.focus = at;
        f.set(F::Tls, "none");
    }
    r.cmd(C::Save);
    assert_eq!(r.text(), before, "nothing written");
    assert!(r.audit().is_empty(), "nothing audited");
    let form = r.state.settings_form.as_ref().unwrap();
    let errors: Vec<_> = form.errors_for(F::Tls).collect();
    assert!(
        matches!(errors.as_slice(), [SettingsError::Config(m)] if m.contains("clear")),
        "{errors:?}"
    );
    assert_eq!(form.focused(), Some(F::Tls));
    assert_eq!(r.state.settings.lang, Lang::En);
}

#[test]
fn the_service_refuses_the_cashier_even_when_asked_directly() {
    let mut r = Rig::new();
    r.retype(F::Name, "X");
    let save = r.state.settings_form.as_mut().unwrap().check().unwrap();
    let fx = vec![super::super::Effect::SaveSettings(Box::new(save))];
    let before = r.text();
    settle(&mut r.state, &mut r.runner, fx);
    assert_eq!(r.text(), before);
    assert!(r.audit().is_empty());
    let form = r.state.settings_form.as_ref().unwrap();
    assert!(
        matches!(&form.notice, Some(super::super::settings::Notice::Failed(m)) if m.contains("manager")),
        "{:?}",
        form.notice
    );
}

#[test]
fn sms_and_a_station_are_written_audited_by_name_and_in_force_at_once() {
    let mut r = Rig::new();
    r.retype(F::SmsUrl, "https://api.sms.example.com/v1/messages");
    r.retype(
        F::SmsBody,
        "{\"to\": \"{to}\", \"text\": \"{text}\", \"sender\": \"{from}\"}",
    );
    r.retype(F::SmsFrom, "MyShop");
    r.retype(F::SmsAuthHeader, "X-Api-Key");
    r.retype(F::SmsAuth, "k3y-of-the-gateway");
    r.retype(F::PrepName(0), "Cuisine");
    r.retype(F::PrepPrinter(0), "tcp://192.168.1.60:9100");
    r.retype(F::PrepCategories(0), "Plats, Desserts");
    r.cmd(C::Save);

    let text = r.text();
    for kept in [
        "# Our printer's width.\nwidth = 32 # narrow roll\n",
        "url = \"https://api.sms.example.com/v1/messages\"",
        "auth_header = \"X-Api-Key\"",
        "[[prep]]\nname = \"Cuisine\"",
        "categories = [\"Plats\", \"Desserts\"]",
    ] {
        assert!(text.contains(kept), "{kept:?} in:\n{text}");
    }
    assert!(!text.contains("k3y"), "the key is not in the config");
    let secrets = r.path.with_file_name("secrets.toml");
    assert_eq!(mode(&secrets), 0o600);
    let secret_text = fs::read_to_string(&secrets).unwrap();
    assert!(
        secret_text.contains("[sms]\nauth = \"k3y-of-the-gateway\""),
        "{secret_text}"
    );
    // Audited: the keys by name, never the key's value.
    let log = r.audit();
    assert_eq!(log.len(), 1, "{log:?}");
    let detail = log[0].detail.to_string();
    for k in [
        "sms.url",
        "sms.body",
        "sms.auth_header",
        "sms.auth",
        "prep[1].name",
    ] {
        assert!(detail.contains(k), "{k} in {detail}");
    }
    assert!(
        !detail.contains("k3y") && !detail.contains("Cuisine"),
        "{detail}"
    );
    // In force: the register offers SMS, the station is there, the key is set.
    assert!(r.state.settings.sms);
    let form = r.state.settings_form.as_ref().unwrap();
    assert_eq!(form.secret_set(F::SmsAuth), Some(true));
    assert_eq!(form.value(F::SmsAuth), "", "not kept on screen");
    assert_eq!(form.value(F::PrepName(0)), "Cuisine");
    assert_eq!(form.value(F::PrepName(1)), "", "a new empty row");
    // Read again: the key is still only "set", the station there.
    r.cmd(C::Back);
    r.cmd(C::Settings);
    let form = r.state.settings_form.as_ref().unwrap();
    assert_eq!(form.sms_auth_set, Some(true));
    assert_eq!(form.value(F::PrepCategories(0)), "Plats, Desserts");

    // The station removed and SMS off in one save: both gone from the file.
    r.retype(F::PrepName(0), "");
    r.retype(F::PrepPrinter(0), "");
    r.retype(F::SmsUrl, "");
    r.cmd(C::Save);
    let text = r.text();
    assert!(
        !text.contains("[[prep]]") && !text.contains("\nurl ="),
        "{text}"
    );
    assert!(!r.state.settings.sms);
    assert_eq!(r.audit().len(), 2);
}

#[test]
fn an_sms_value_the_config_refuses_writes_nothing_not_even_the_key() {
    let mut r = Rig::new();
    let before = r.text();
    r.retype(F::SmsUrl, "https://api.sms.example.com/v1/messages");
    r.retype(F::SmsBody, "{\"to\": \"{to}\", \"text\": \"{txt}\"}");
    r.retype(F::SmsAuthHeader, "Authorization");
    r.retype(F::SmsAuth, "k3y");
    r.cmd(C::Save);
    assert_eq!(r.text(), before, "nothing written");
    assert!(r.audit().is_empty(), "nothing audited");
    assert!(
        !r.path.with_file_name("secrets.toml").exists(),
        "no secret written"
    );
    let form = r.state.settings_form.as_ref().unwrap();
    let errors: Vec<_> = form.errors_for(F::SmsBody).collect();
    assert!(
        matches!(errors.as_slice(), [SettingsError::Config(m)] if m.contains("txt")),
        "{errors:?}"
    );
    assert_eq!(form.focused(), Some(F::SmsBody));
    // A station's printer the config refuses (a duplicate name) under its row.
    let mut r = Rig::new();
    for (row, name) in [(0, "Bar"), (1, "bar")] {
        r.retype(F::PrepName(row), name);
        r.retype(F::PrepPrinter(row), "/dev/usb/lp1");
        r.retype(F::PrepCategories(row), "Boissons");
        if row == 0 {
            r.cmd(C::Save);
        }
    }
    let before = r.text();
    r.cmd(C::Save);
    assert_eq!(r.text(), before);
    let form = r.state.settings_form.as_ref().unwrap();
    assert_eq!(form.focused(), Some(F::PrepName(1)));
    assert_eq!(form.errors_for(F::PrepName(1)).count(), 1);
}
