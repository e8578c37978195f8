//! The SMS section and the preparation stations through `update` alone: the fields
//! filled from the config, errors under their fields with nothing saved, the gateway's
//! key only in the save (named `sms.auth` in the keys, never its value), a cleared URL
//! turning SMS off, stations changed, added and removed by row, and the config's
//! refusal of `prep[N]` shown under the row it came from.

use super::super::{SaveRefused, Section, SettingsError, SettingsField as F, FORM};
use super::{cmd, errors, go, loaded, open, retype, saved_effect, update, value, FILE};
use crate::app::action::Action;
use crate::app::setup::SetupError;
use crate::app::state::{Lang, State};
use crate::config::{KeyEdit, KeyValue};
use crate::keys::Command as C;

const SMS: &str = "[sms]\nurl = \"https://api.sms.example.com/v1/messages\"\nbody = '{\"to\": \"{to}\", \"text\": \"{text}\", \"sender\": \"{from}\"}'\nfrom = \"MyShop\"\nauth_header = \"Authorization\"\n";

const PREP: &str = "[[prep]]\nname = \"Cuisine\"\nprinter = \"tcp://192.168.1.60:9100\"\ncategories = [\"Plats\", \"Desserts\"]\n\n[[prep]]\nname = \"Bar\"\nprinter = \"/dev/usb/lp1\"\ncategories = [\"Boissons\"]\n";

/// The screen filled from [`FILE`] with `more` after it.
fn with(more: &str) -> State {
    let mut s = open(Lang::En);
    update(&mut s, loaded(&format!("{FILE}\n{more}")));
    s
}

fn list(items: &[&str]) -> Option<KeyValue> {
    Some(KeyValue::List(
        items.iter().map(|s| s.to_string()).collect(),
    ))
}

#[test]
fn the_sms_fields_show_the_config_and_the_key_is_only_set_or_not() {
    let s = with(SMS);
    assert_eq!(
        value(&s, F::SmsUrl),
        "https://api.sms.example.com/v1/messages"
    );
    assert_eq!(value(&s, F::SmsMethod), "POST");
    assert_eq!(value(&s, F::SmsContentType), "application/json");
    assert_eq!(
        value(&s, F::SmsBody),
        "{\"to\": \"{to}\", \"text\": \"{text}\", \"sender\": \"{from}\"}"
    );
    assert_eq!(value(&s, F::SmsFrom), "MyShop");
    assert_eq!(value(&s, F::SmsAuthHeader), "Authorization");
    assert_eq!(value(&s, F::SmsAuth), "", "never loaded");
    let f = s.settings_form.as_ref().unwrap();
    assert_eq!(f.secret_set(F::SmsAuth), Some(false));
    assert!(F::SmsMethod.is_choice() && F::SmsContentType.is_choice());
    assert!(F::SmsAuth.is_secret());
    // Without [sms], the defaults the config would take.
    let s = open(Lang::En);
    assert_eq!(value(&s, F::SmsUrl), "");
    assert_eq!(value(&s, F::SmsMethod), "POST");
}

#[test]
fn sms_changes_save_their_keys_and_the_key_goes_to_the_secrets_file_only() {
    let mut s = with(SMS);
    retype(&mut s, F::SmsFrom, "Epicerie");
    go(&mut s, F::SmsContentType);
    cmd(&mut s, C::Toggle);
    assert_eq!(value(&s, F::SmsContentType), FORM);
    retype(&mut s, F::SmsBody, "to={to}&text={text}&from={from}");
    retype(&mut s, F::SmsAuth, "Bearer s3cret-k3y");
    let save = saved_effect(&cmd(&mut s, C::Save)).expect("saved");
    assert_eq!(save.sms_auth.as_deref(), Some("Bearer s3cret-k3y"));
    assert_eq!(save.password, None);
    assert_eq!(
        save.keys,
        ["sms.content_type", "sms.body", "sms.from", "sms.auth"]
    );
    assert!(save.edits.contains(&KeyEdit::set(
        "sms.content_type",
        KeyValue::Text(FORM.into())
    )));
    assert!(
        !format!("{save:?}").contains("s3cret"),
        "the key is in no config key, and not in what a log could print"
    );
    assert!(!save.edits.iter().any(|e| e.key == "sms.auth"));
    // GET: no content type, whatever the field shows.
    let mut s = with(SMS);
    go(&mut s, F::SmsMethod);
    cmd(&mut s, C::Toggle);
    assert_eq!(value(&s, F::SmsMethod), "GET");
    retype(&mut s, F::SmsBody, "");
    let save = saved_effect(&cmd(&mut s, C::Save)).expect("saved");
    for e in [
        KeyEdit::set("sms.method", KeyValue::Text("GET".into())),
        KeyEdit::remove("sms.content_type"),
        KeyEdit::remove("sms.body"),
    ] {
        assert!(save.edits.contains(&e), "{e:?} in {:?}", save.edits);
    }
}

#[test]
fn a_cleared_url_turns_sms_off_and_its_keys_go() {
    let mut s = with(SMS);
    retype(&mut s, F::SmsUrl, "");
    let save = saved_effect(&cmd(&mut s, C::Save)).expect("saved");
    for k in [
        "url",
        "method",
        "content_type",
        "body",
        "from",
        "auth_header",
        "secrets_file",
    ] {
        assert!(
            save.edits.contains(&KeyEdit::remove(&format!("sms.{k}"))),
            "{k}"
        );
    }
    assert_eq!(save.edits.len(), 7, "{:?}", save.edits);
}

#[test]
fn sms_errors_show_under_their_fields_and_nothing_is_saved() {
    let mut s = open(Lang::En);
    retype(&mut s, F::SmsAuth, "k3y");
    retype(&mut s, F::SmsFrom, "MyShop");
    let effects = cmd(&mut s, C::Save);
    assert_eq!(saved_effect(&effects), None);
    assert_eq!(errors(&s, F::SmsAuth), [SettingsError::NeedsGateway]);
    assert_eq!(errors(&s, F::SmsFrom), [SettingsError::NeedsGateway]);
    retype(&mut s, F::SmsUrl, "ftp://sms.example.com");
    cmd(&mut s, C::Save);
    assert_eq!(errors(&s, F::SmsUrl), [SettingsError::Url]);
    assert_eq!(errors(&s, F::SmsAuth), [SettingsError::NeedsAuthHeader]);
    let f = s.settings_form.as_ref().unwrap();
    assert_eq!(
        f.focused(),
        Some(F::SmsUrl),
        "the first error has the focus"
    );
    assert_eq!(f.section(), Section::Sms);
    // The config's own refusal (an unknown placeholder), under the body.
    let mut s = with(SMS);
    retype(
        &mut s,
        F::SmsBody,
        "{\"to\": \"{to}\", \"text\": \"{txt}\"}",
    );
    let save = saved_effect(&cmd(&mut s, C::Save)).expect("the screen lets it go");
    assert_eq!(save.keys, ["sms.body"]);
    update(
        &mut s,
        Action::SettingsSaved(Err(SaveRefused::Key {
            key: "sms.body".into(),
            message: "unknown placeholder {txt}".into(),
        })),
    );
    assert_eq!(
        errors(&s, F::SmsBody),
        [SettingsError::Config("unknown placeholder {txt}".into())]
    );
    let f = s.settings_form.as_ref().unwrap();
    assert_eq!(f.focused(), Some(F::SmsBody));
    for (key, field) in [
        ("sms.url", F::SmsUrl),
        ("sms.method", F::SmsMethod),
        ("sms.content_type", F::SmsContentType),
        ("sms.from", F::SmsFrom),
        ("sms.auth_header", F::SmsAuthHeader),
        ("sms.auth", F::SmsAuth),
        ("sms.secrets_file", F::SmsAuth),
    ] {
        assert_eq!(f.field_for(key), Some(field), "{key}");
    }
}

#[test]
fn stations_show_one_row_each_and_an_empty_one() {
    let s = with(PREP);
    assert_eq!(value(&s, F::PrepName(0)), "Cuisine");
    assert_eq!(value(&s, F::PrepPrinter(0)), "tcp://192.168.1.60:9100");
    assert_eq!(value(&s, F::PrepCategories(0)), "Plats, Desserts");
    assert_eq!(value(&s, F::PrepName(1)), "Bar");
    assert_eq!(value(&s, F::PrepPrinter(1)), "/dev/usb/lp1");
    assert_eq!(value(&s, F::PrepName(2)), "");
    let f = s.settings_form.as_ref().unwrap();
    assert_eq!(f.prep_rows, 2);
    let rows: Vec<F> = f.in_section(Section::Prep).map(|(_, (k, _))| *k).collect();
    assert_eq!(rows.len(), 9, "{rows:?}");
    assert_eq!(f.keys().last(), Some(&F::PrepCategories(2)));
    // Nothing changed: nothing to save.
    let mut s = s;
    assert_eq!(saved_effect(&cmd(&mut s, C::Save)), None);
}

#[test]
fn a_station_changed_added_and_removed_by_row() {
    let mut s = with(PREP);
    retype(&mut s, F::PrepCategories(0), "Plats ,Desserts, Glaces,");
    retype(&mut s, F::PrepName(1), "");
    retype(&mut s, F::PrepPrinter(1), "");
    retype(&mut s, F::PrepName(2), "Atelier");
    retype(&mut s, F::PrepPrinter(2), "serial:/dev/ttyS0:19200");
    retype(&mut s, F::PrepCategories(2), "Gravure sur bois");
    let save = saved_effect(&cmd(&mut s, C::Save)).expect("saved");
    let text = |t: &str| Some(KeyValue::Text(t.into()));
    let expected = [
        ("prep[1].name", text("Cuisine")),
        ("prep[1].printer", text("tcp://192.168.1.60:9100")),
        ("prep[1].categories", list(&["Plats", "Desserts", "Glaces"])),
        ("prep[2]", None),
        ("prep[3].name", text("Atelier")),
        ("prep[3].printer", text("serial:/dev/ttyS0:19200")),
        ("prep[3].categories", list(&["Gravure sur bois"])),
    ];
    for (key, v) in expected {
        let e = KeyEdit {
            key: key.into(),
            value: v,
        };
        assert!(save.edits.contains(&e), "{e:?} in {:?}", save.edits);
    }
    assert_eq!(save.edits.len(), 7, "{:?}", save.edits);
    assert!(
        save.keys.contains(&"prep[2]".to_string()),
        "{:?}",
        save.keys
    );
    // The config refuses the new file's second station (the added one, the second
    // having gone): under the added row.
    update(
        &mut s,
        Action::SettingsSaved(Err(SaveRefused::Key {
            key: "prep[2].name".into(),
            message: "`Atelier` is named twice".into(),
        })),
    );
    assert_eq!(
        errors(&s, F::PrepName(2)),
        [SettingsError::Config("`Atelier` is named twice".into())]
    );
    let f = s.settings_form.as_ref().unwrap();
    assert_eq!(f.focused(), Some(F::PrepName(2)));
    assert_eq!(f.field_for("prep[1].width"), Some(F::PrepPrinter(0)));
    assert_eq!(
        f.field_for("prep[2].categories"),
        Some(F::PrepCategories(2))
    );
    assert_eq!(f.field_for("prep[3].name"), None);
}

#[test]
fn station_errors_show_under_their_fields_and_nothing_is_saved() {
    let mut s = with(PREP);
    retype(&mut s, F::PrepPrinter(0), "lpt1");
    retype(&mut s, F::PrepName(1), "");
    retype(&mut s, F::PrepCategories(1), "");
    retype(&mut s, F::PrepPrinter(2), "/dev/usb/lp3");
    let effects = cmd(&mut s, C::Save);
    assert_eq!(saved_effect(&effects), None);
    let required = [SettingsError::Setup(SetupError::Required)];
    assert_eq!(errors(&s, F::PrepPrinter(0)), [SettingsError::Printer]);
    assert_eq!(errors(&s, F::PrepName(1)), required);
    assert_eq!(errors(&s, F::PrepCategories(1)), required);
    assert_eq!(errors(&s, F::PrepName(2)), required);
    assert_eq!(errors(&s, F::PrepCategories(2)), required);
    assert!(errors(&s, F::PrepPrinter(2)).is_empty());
    let f = s.settings_form.as_ref().unwrap();
    assert_eq!(f.focused(), Some(F::PrepPrinter(0)));
    // Only categories on the row to add a station: its name and printer are missing.
    let mut s = with(PREP);
    retype(&mut s, F::PrepCategories(2), "Plats");
    assert_eq!(saved_effect(&cmd(&mut s, C::Save)), None);
    assert_eq!(errors(&s, F::PrepName(2)), required);
    assert_eq!(errors(&s, F::PrepPrinter(2)), required);
}

#[test]
fn a_body_longer_than_its_field_is_not_written_back_cut() {
    let long = format!(
        "{{\"to\": \"{{to}}\", \"text\": \"{{text}}\", \"note\": \"{}\"}}",
        "x".repeat(250)
    );
    let mut s = with(&SMS.replace(
        "body = '{\"to\": \"{to}\", \"text\": \"{text}\", \"sender\": \"{from}\"}'",
        &format!("body = '{long}'"),
    ));
    let f = s.settings_form.as_ref().unwrap();
    assert_eq!(f.cut, [F::SmsBody]);
    assert!(!f.dirty(), "shown cut, not changed");
    // Another field saved: the body is not among the keys.
    retype(&mut s, F::SmsFrom, "Epicerie");
    let save = saved_effect(&cmd(&mut s, C::Save)).expect("saved");
    assert_eq!(save.keys, ["sms.from"]);
    // The body edited: refused, the file is the place.
    let mut s = with(&SMS.replace(
        "\"sender\": \"{from}\"",
        &format!("\"n\": \"{}\"", "y".repeat(250)),
    ));
    go(&mut s, F::SmsBody);
    cmd(&mut s, C::Backspace);
    assert_eq!(saved_effect(&cmd(&mut s, C::Save)), None);
    assert_eq!(errors(&s, F::SmsBody), [SettingsError::TooLong]);
}
