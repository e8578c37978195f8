//! The settings screen through `update` alone: the manager gate, the fields filled from
//! the config, edits, errors under their fields with nothing written, only the changed
//! keys saved (the password to the secrets file only), and a save applied at once.

use std::path::Path;

use super::super::action::{Action, Effect};
use super::super::fixtures as fx;
use super::super::state::{Lang, ManagerOp, Msg, Popup, Screen, SettingsOp, State};
use super::super::update;
use super::{
    LoadedSettings, Notice, SaveRefused, Section, SettingsError, SettingsField as F, SettingsSave,
    SettingsStage,
};
use crate::app::setup::SetupError;
use crate::config::{Config, KeyEdit, KeyValue};
use crate::keys::Command as C;

fn cmd(s: &mut State, c: C) -> Vec<Effect> {
    update(s, Action::Cmd(c))
}

fn typ(s: &mut State, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| update(s, Action::Char(c)))
        .collect()
}

/// The shop's config file as the tests load it.
pub(crate) const FILE: &str = "[shop]\nname = \"Épicerie du Coin\"\naddress = [\"12 rue des Lilas\", \"75011 Paris\"]\ncountry = \"FR\"\nlocale = \"en\"\nregister = \"R1\"\n\n[receipt]\nfooter = \"Merci !\"\n";

pub(crate) fn config(text: &str) -> Config {
    Config::from_toml(text, Path::new("/etc/comptoir/config.toml")).unwrap()
}

pub(crate) fn loaded(text: &str) -> Action {
    Action::SettingsLoaded(Ok(Box::new(LoadedSettings {
        config: config(text),
        file: "/etc/comptoir/config.toml".into(),
        exists: true,
        password_set: Some(false),
        sms_auth_set: Some(false),
    })))
}

/// The settings screen open (the role unlocked) and filled from [`FILE`], in `lang`.
pub(crate) fn open(lang: Lang) -> State {
    let mut s = State::new(fx::settings(lang), fx::now());
    s.unlock();
    cmd(&mut s, C::CustomersList);
    let effects = cmd(&mut s, C::Settings);
    assert!(effects.contains(&Effect::LoadSettings), "{effects:?}");
    assert_eq!(s.screen, Screen::Settings);
    update(&mut s, loaded(FILE));
    s
}

/// Moves the focus to `field`.
pub(crate) fn go(s: &mut State, field: F) {
    if let Some(f) = s.settings_form.as_mut() {
        f.focus = f.keys().iter().position(|k| *k == field).unwrap();
    }
}

fn value(s: &State, field: F) -> String {
    s.settings_form.as_ref().unwrap().value(field).to_string()
}

fn errors(s: &State, field: F) -> Vec<SettingsError> {
    let f = s.settings_form.as_ref().unwrap();
    f.errors_for(field).cloned().collect()
}

/// Replaces the focused field's text.
fn retype(s: &mut State, field: F, text: &str) {
    go(s, field);
    if let Some(f) = s.settings_form.as_mut() {
        f.set(field, "");
    }
    typ(s, text);
}

/// The save a manager's F10 asks the runner for.
fn saved_effect(effects: &[Effect]) -> Option<SettingsSave> {
    effects.iter().find_map(|e| match e {
        Effect::Manager(inner) => match inner.as_ref() {
            Effect::SaveSettings(save) => Some((**save).clone()),
            _ => None,
        },
        _ => None,
    })
}

#[test]
fn f12_in_the_list_is_the_managers_and_asks_for_the_pin_when_locked() {
    let mut s = fx::state();
    s.unlock();
    cmd(&mut s, C::CustomersList);
    s.lock();
    let effects = cmd(&mut s, C::Settings);
    assert!(effects.is_empty());
    assert!(matches!(
        &s.popup,
        Some(Popup::Pin {
            op: ManagerOp::Settings(SettingsOp::Open),
            ..
        })
    ));
    assert_eq!(s.screen, Screen::List);
    // No PIN configured: refused, nothing opens.
    let mut s = fx::state();
    s.settings.pin_configured = false;
    s.screen = Screen::List;
    cmd(&mut s, C::Settings);
    assert_eq!(s.screen, Screen::List);
    assert!(matches!(s.status.message, Some((Msg::NoPin, _))));
}

#[test]
fn the_fields_show_the_config_and_esc_leaves_without_writing() {
    let mut s = open(Lang::En);
    let f = s.settings_form.as_ref().unwrap();
    assert_eq!(f.stage, SettingsStage::Editing);
    assert_eq!(value(&s, F::Name), "Épicerie du Coin");
    assert_eq!(value(&s, F::Address2), "75011 Paris");
    assert_eq!(value(&s, F::Address3), "");
    assert_eq!(
        value(&s, F::VatRates),
        "20 / 10 / 5.5 / 2.1",
        "the country's"
    );
    assert_eq!(value(&s, F::SearchFields), "name, address, phone");
    assert_eq!(value(&s, F::Footer1), "Merci !");
    assert_eq!(value(&s, F::IdleMinutes), "5");
    assert_eq!(value(&s, F::Tls), "starttls");
    assert_eq!(value(&s, F::Password), "", "never loaded");
    assert!(!s.settings_form.as_ref().unwrap().dirty());
    // Nothing changed: nothing to save.
    let effects = cmd(&mut s, C::Save);
    assert!(effects.is_empty());
    assert!(matches!(s.status.message, Some((Msg::NothingChanged, _))));
    typ(&mut s, "!");
    let effects = cmd(&mut s, C::Back);
    assert!(effects.is_empty());
    assert_eq!(s.screen, Screen::List);
    assert!(s.settings_form.is_none());
}

#[test]
fn an_edit_saves_only_the_keys_changed_as_the_manager() {
    let mut s = open(Lang::En);
    retype(&mut s, F::Name, "Chez Léa");
    go(&mut s, F::Language);
    cmd(&mut s, C::Toggle);
    assert_eq!(value(&s, F::Language), "fr");
    retype(&mut s, F::Footer2, "À bientôt");
    retype(&mut s, F::IdleMinutes, "12");
    go(&mut s, F::LockAfterSale);
    typ(&mut s, " ");
    assert_eq!(value(&s, F::LockAfterSale), "true");
    let effects = cmd(&mut s, C::Save);
    let save = saved_effect(&effects).expect("the manager's save");
    assert_eq!(
        save.keys,
        [
            "shop.name",
            "shop.locale",
            "receipt.footer",
            "manager.session_idle_minutes",
            "manager.lock_after_sale"
        ]
    );
    assert!(save.edits.contains(&KeyEdit::set(
        "receipt.footer",
        KeyValue::Text("Merci !\nÀ bientôt".into())
    )));
    assert!(save.edits.contains(&KeyEdit::set(
        "manager.session_idle_minutes",
        KeyValue::Int(12)
    )));
    assert_eq!(save.password, None);
    let f = s.settings_form.as_ref().unwrap();
    assert_eq!(f.stage, SettingsStage::Saving);
    // Keys wait while it is written.
    assert!(typ(&mut s, "x").is_empty());
    assert!(cmd(&mut s, C::Back).is_empty());
    assert_eq!(s.screen, Screen::Settings);
}

#[test]
fn a_locked_role_asks_the_pin_before_the_save_goes() {
    let mut s = open(Lang::En);
    retype(&mut s, F::Name, "Chez Léa");
    s.lock();
    let effects = cmd(&mut s, C::Save);
    assert!(saved_effect(&effects).is_none());
    assert!(matches!(
        &s.popup,
        Some(Popup::Pin {
            op: ManagerOp::Settings(SettingsOp::Save),
            ..
        })
    ));
    let effects = update(
        &mut s,
        Action::PinChecked {
            ok: true,
            error: None,
            locked_until: None,
        },
    );
    assert!(saved_effect(&effects).is_some());
}

#[test]
fn invalid_values_show_under_their_fields_and_nothing_is_written() {
    let mut s = open(Lang::En);
    retype(&mut s, F::Name, "");
    retype(&mut s, F::Register, "R-1");
    retype(&mut s, F::VatRates, "20 / abc");
    retype(&mut s, F::SearchFields, "name, shoe size");
    retype(&mut s, F::PointValue, "0");
    retype(&mut s, F::IdleMinutes, "600");
    retype(&mut s, F::Width, "12");
    retype(&mut s, F::Printer, "lpt1");
    retype(&mut s, F::Smtp, "mail.example.com");
    retype(&mut s, F::Password, "s3cret");
    let effects = cmd(&mut s, C::Save);
    assert!(effects.is_empty(), "nothing written: {effects:?}");
    assert!(matches!(s.status.message, Some((Msg::FixErrors(_), _))));
    assert_eq!(
        errors(&s, F::Name),
        [SettingsError::Setup(SetupError::Required)]
    );
    assert_eq!(
        errors(&s, F::Register),
        [SettingsError::Setup(SetupError::Register)]
    );
    assert_eq!(
        errors(&s, F::VatRates),
        [SettingsError::Setup(SetupError::VatRate("abc".into()))]
    );
    assert_eq!(
        errors(&s, F::SearchFields),
        [SettingsError::SearchField("shoe".into())]
    );
    assert_eq!(errors(&s, F::PointValue), [SettingsError::Amount]);
    assert_eq!(
        errors(&s, F::IdleMinutes),
        [SettingsError::Number { min: 1, max: 480 }]
    );
    assert_eq!(
        errors(&s, F::Width),
        [SettingsError::Number { min: 24, max: 80 }]
    );
    assert_eq!(errors(&s, F::Printer), [SettingsError::Printer]);
    assert_eq!(errors(&s, F::Smtp), [SettingsError::Smtp]);
    let f = s.settings_form.as_ref().unwrap();
    assert_eq!(f.focused(), Some(F::Name), "the focus on the first");
    assert_eq!(f.stage, SettingsStage::Editing);
    // A password without a server.
    let mut s = open(Lang::En);
    retype(&mut s, F::Password, "s3cret");
    assert!(saved_effect(&cmd(&mut s, C::Save)).is_none());
    assert_eq!(errors(&s, F::Password), [SettingsError::NeedsSmtp]);
    // A server without a sender.
    retype(&mut s, F::Smtp, "smtp://mail.example.com:587");
    assert!(saved_effect(&cmd(&mut s, C::Save)).is_none());
    assert_eq!(errors(&s, F::From), [SettingsError::NeedsFrom]);
}

#[test]
fn the_password_goes_to_the_save_only_and_is_named_not_shown_in_the_keys() {
    let mut s = open(Lang::En);
    retype(&mut s, F::Smtp, "smtp://mail.example.com:587");
    retype(&mut s, F::From, "shop@example.com");
    retype(&mut s, F::User, "shop");
    retype(&mut s, F::Password, "s3cret");
    let save = saved_effect(&cmd(&mut s, C::Save)).expect("saved");
    assert_eq!(save.password.as_deref(), Some("s3cret"));
    assert_eq!(
        save.keys,
        ["email.smtp", "email.from", "email.user", "email.password"]
    );
    assert!(
        !format!("{:?} {:?}", save.edits, save.keys).contains("s3cret"),
        "the password is in no key"
    );
    // Cleared server: e-mail is off, the keys that need one go with it.
    let mut s = open(Lang::En);
    update(
        &mut s,
        loaded(&format!(
            "{FILE}\n[email]\nsmtp = \"smtp://mail.example.com\"\nfrom = \"a@example.com\"\n"
        )),
    );
    assert_eq!(value(&s, F::Smtp), "smtp://mail.example.com:587");
    retype(&mut s, F::Smtp, "");
    let save = saved_effect(&cmd(&mut s, C::Save)).expect("saved");
    for k in ["email.smtp", "email.tls", "email.from", "email.user"] {
        assert!(save.edits.contains(&KeyEdit::remove(k)), "{k}");
    }
}

#[test]
fn a_save_applies_at_once_and_a_new_register_code_waits_for_the_next_start() {
    let mut s = open(Lang::En);
    retype(&mut s, F::Whatsapp, "Bonjour {first_name} !");
    cmd(&mut s, C::Save);
    let new = config(&format!(
        "{}[contact]\nwhatsapp_message = \"Bonjour {{first_name}} !\"\n[manager]\nsession_idle_minutes = 9\n[search]\nadvanced_default = true\n",
        FILE.replace("locale = \"en\"", "locale = \"fr\"")
            .replace("register = \"R1\"", "register = \"R7\"")
    ));
    update(&mut s, Action::SettingsSaved(Ok(Box::new(new))));
    assert_eq!(s.settings.lang, Lang::Fr, "the language changes now");
    assert_eq!(s.settings.whatsapp_message, "Bonjour {first_name} !");
    assert_eq!(s.settings.manager_idle, chrono::Duration::minutes(9));
    assert!(s.settings.advanced_default && s.picker.advanced);
    assert_eq!(s.settings.register, "R1", "at the next start");
    assert!(matches!(
        s.status.message,
        Some((Msg::SettingsSaved { restart: true }, _))
    ));
    let f = s.settings_form.as_ref().unwrap();
    assert_eq!(f.stage, SettingsStage::Editing);
    assert_eq!(f.notice, Some(Notice::Saved { restart: true }));
    assert!(!f.dirty(), "the fields show what is saved");
    assert_eq!(value(&s, F::Register), "R7");
}

#[test]
fn a_key_the_config_refuses_is_shown_under_its_field() {
    let mut s = open(Lang::En);
    retype(&mut s, F::User, "x");
    retype(&mut s, F::Name, "Chez Léa");
    cmd(&mut s, C::Save);
    assert_eq!(errors(&s, F::User), [SettingsError::NeedsSmtp]);
    retype(&mut s, F::User, "");
    cmd(&mut s, C::Save);
    update(
        &mut s,
        Action::SettingsSaved(Err(SaveRefused::Key {
            key: "email.tls".into(),
            message: "\"none\" would send the password in clear".into(),
        })),
    );
    let f = s.settings_form.as_ref().unwrap();
    assert_eq!(f.stage, SettingsStage::Editing);
    assert_eq!(f.focused(), Some(F::Tls));
    assert_eq!(
        errors(&s, F::Tls),
        [SettingsError::Config(
            "\"none\" would send the password in clear".into()
        )]
    );
    assert_eq!(value(&s, F::Name), "Chez Léa", "what was typed stays");
    update(
        &mut s,
        Action::SettingsSaved(Err(SaveRefused::Failed("disk full".into()))),
    );
    let f = s.settings_form.as_ref().unwrap();
    assert_eq!(f.notice, Some(Notice::Failed("disk full".into())));
}

#[test]
fn sections_are_walked_a_field_or_a_section_at_a_time() {
    let mut s = open(Lang::En);
    let section = |s: &State| s.settings_form.as_ref().unwrap().section();
    assert_eq!(section(&s), Section::Shop);
    cmd(&mut s, C::PageDown);
    assert_eq!(section(&s), Section::Vat);
    cmd(&mut s, C::NextField);
    assert_eq!(section(&s), Section::Language);
    cmd(&mut s, C::PageDown);
    cmd(&mut s, C::PageDown);
    assert_eq!(section(&s), Section::Contact);
    cmd(&mut s, C::PageUp);
    assert_eq!(section(&s), Section::Search);
    for _ in 0..20 {
        cmd(&mut s, C::PageDown);
    }
    assert_eq!(section(&s), Section::Prep);
    assert_eq!(
        s.settings_form.as_ref().unwrap().focused(),
        Some(F::PrepName(0))
    );
    cmd(&mut s, C::PageUp);
    cmd(&mut s, C::PageUp);
    assert_eq!(section(&s), Section::Email);
    assert_eq!(s.settings_form.as_ref().unwrap().focused(), Some(F::Smtp));
    // A choice field is chosen, not typed.
    go(&mut s, F::Country);
    typ(&mut s, "x");
    assert_eq!(value(&s, F::Country), "FR");
    cmd(&mut s, C::Right);
    assert_ne!(value(&s, F::Country), "FR");
    cmd(&mut s, C::Left);
    assert_eq!(value(&s, F::Country), "FR");
}

#[test]
fn a_file_that_cannot_be_read_leaves_nothing_to_save() {
    let mut s = fx::state();
    s.unlock();
    cmd(&mut s, C::CustomersList);
    cmd(&mut s, C::Settings);
    update(
        &mut s,
        Action::SettingsLoaded(Err("config file x: bad".into())),
    );
    let f = s.settings_form.as_ref().unwrap();
    assert_eq!(f.stage, SettingsStage::Loading);
    assert!(matches!(f.notice, Some(Notice::Unreadable(_))));
    assert!(typ(&mut s, "abc").is_empty());
    assert!(cmd(&mut s, C::Save).is_empty());
    cmd(&mut s, C::Back);
    assert_eq!(s.screen, Screen::List);
}

#[test]
fn with_no_file_yet_every_field_is_written() {
    let mut s = open(Lang::En);
    update(
        &mut s,
        Action::SettingsLoaded(Ok(Box::new(LoadedSettings {
            config: config(FILE),
            file: "/home/x/.config/comptoir/config.toml".into(),
            exists: false,
            password_set: None,
            sms_auth_set: None,
        }))),
    );
    let save = saved_effect(&cmd(&mut s, C::Save)).expect("saved as it is");
    for k in [
        "shop.name",
        "shop.locale",
        "loyalty.enabled",
        "receipt.width",
    ] {
        assert!(save.keys.iter().any(|x| x == k), "{k}: {:?}", save.keys);
    }
    assert!(
        !save.keys.iter().any(|k| k.starts_with("email.")),
        "no server"
    );
}

#[test]
fn search_fields_show_their_groups_by_name() {
    use crate::search::SearchField as S;
    assert_eq!(super::fields_shown(&S::ALL[..6]), "name, address");
    assert_eq!(
        super::fields_shown(&[S::Phone, S::FirstName, S::City]),
        "phone, first_name, city"
    );
}

mod sms_prep;
