//! The managers' settings screen at 80x24: each section in the four languages and in
//! ASCII mode, errors under their fields (an error on every field still shows every
//! label whole), the password never shown, and the screen after a save. States are
//! reached through `update`, as a manager would reach them.

use super::{act, cmd, text, typ};
use crate::app::action::Action;
use crate::app::fixtures as fx;
use crate::app::settings::{LoadedSettings, Section, SettingsError, SettingsField as F};
use crate::app::state::{Lang, State};
use crate::config::Config;
use crate::keys::Command as C;

const FILE: &str = "[shop]\nname = \"Épicerie du Coin\"\naddress = [\"12 rue des Lilas\", \"75011 Paris\"]\nvat_number = \"FR40303265045\"\ncountry = \"FR\"\nregister = \"R1\"\n\n[receipt]\nprinter = \"tcp://192.168.1.50:9100\"\nheader = \"Ouvert du lundi au samedi\"\nfooter = \"Merci, à bientôt !\"\n\n[email]\nsmtp = \"smtp://mail.example.com:587\"\nfrom = \"boutique@example.com\"\nuser = \"boutique\"\n\n[sms]\nurl = \"https://api.sms.example.com/v1/messages\"\nbody = '{\"to\": \"{to}\", \"text\": \"{text}\", \"sender\": \"{from}\", \"flash\": false}'\nfrom = \"Epicerie\"\nauth_header = \"Authorization\"\n\n[[prep]]\nname = \"Cuisine\"\nprinter = \"tcp://192.168.1.60:9100\"\ncategories = [\"Snacking et fleurs\", \"Viennoiserie\"]\n";

/// The settings screen open and filled, in `lang`.
pub(super) fn settings(lang: Lang) -> State {
    let mut s = State::new(fx::settings(lang), fx::now());
    s.unlock();
    cmd(&mut s, C::CustomersList);
    cmd(&mut s, C::Settings);
    let text = FILE.replace("[shop]", &format!("[shop]\nlocale = \"{}\"", lang.code()));
    let config = Config::from_toml(&text, std::path::Path::new("/etc/comptoir/config.toml"))
        .expect("the test config");
    act(
        &mut s,
        Action::SettingsLoaded(Ok(Box::new(LoadedSettings {
            config,
            file: "/etc/comptoir/config.toml".into(),
            exists: true,
            password_set: Some(true),
            sms_auth_set: Some(true),
        }))),
    );
    s
}

/// The screen on `section`'s first field.
fn at(lang: Lang, section: Section) -> State {
    let mut s = settings(lang);
    while s.settings_form.as_ref().map(|f| f.section()) != Some(section) {
        cmd(&mut s, C::PageDown);
    }
    s
}

/// An error with a long sentence on every field of every section.
fn every_error(lang: Lang) -> State {
    let mut s = settings(lang);
    if let Some(f) = s.settings_form.as_mut() {
        f.errors = f
            .keys()
            .into_iter()
            .map(|k| {
                let why = "must be something else entirely, as the config file explains at length";
                (k, SettingsError::Config(why.into()))
            })
            .collect();
    }
    s
}

#[test]
fn each_section_in_every_language_and_in_ascii() {
    for lang in Lang::ALL {
        let code = lang.code();
        for section in Section::ALL {
            let name = format!("settings_{section:?}_{code}_80x24").to_lowercase();
            insta::assert_snapshot!(name, text(&at(lang, section), 80, 24));
        }
    }
    for section in Section::ALL {
        let mut s = at(Lang::En, section);
        s.settings.ascii = true;
        let name = format!("settings_{section:?}_ascii_80x24").to_lowercase();
        insta::assert_snapshot!(name, text(&s, 80, 24));
    }
}

#[test]
fn errors_show_under_their_fields_with_every_label_whole() {
    for lang in Lang::ALL {
        let t = crate::ui::strings::tr(lang);
        let mut s = settings(lang);
        if let Some(f) = s.settings_form.as_mut() {
            f.set(F::Name, "");
            f.set(F::Register, "R-1");
            f.set(F::VatNumber, "FR123");
        }
        cmd(&mut s, C::Save);
        insta::assert_snapshot!(
            format!("settings_shop_errors_{}_80x24", lang.code()),
            text(&s, 80, 24)
        );
        let s = every_error(lang);
        for section in Section::ALL {
            let mut s = s.clone();
            while s.settings_form.as_ref().map(|f| f.section()) != Some(section) {
                cmd(&mut s, C::PageDown);
            }
            let screen = text(&s, 80, 24);
            let f = s.settings_form.as_ref().unwrap();
            for (_, (k, _)) in f.in_section(section) {
                let label = t.settings_field(*k);
                assert!(
                    screen.contains(&label),
                    "{lang:?} {k:?} `{label}`:\n{screen}"
                );
            }
            assert!(
                screen.contains("! must be"),
                "{lang:?} {section:?}:\n{screen}"
            );
            if matches!(section, Section::Shop | Section::Sms | Section::Prep) {
                let name = match section {
                    Section::Shop => String::new(),
                    other => format!("{other:?}_").to_lowercase(),
                };
                insta::assert_snapshot!(
                    format!("settings_every_error_{name}{}_80x24", lang.code()),
                    screen
                );
            }
        }
    }
}

#[test]
fn the_password_is_stars_and_a_long_value_keeps_its_cursor_in_view() {
    let mut s = at(Lang::En, Section::Email);
    let screen = text(&s, 80, 24);
    assert!(screen.contains("(set)"), "{screen}");
    for _ in 0..4 {
        cmd(&mut s, C::NextField);
    }
    typ(&mut s, "s3cret");
    let screen = text(&s, 80, 24);
    assert!(
        screen.contains("******") && !screen.contains("s3cret"),
        "{screen}"
    );
    insta::assert_snapshot!("settings_password_typed_80x24", screen);
    let mut s = at(Lang::En, Section::Contact);
    typ(
        &mut s,
        " We are open every day but Sunday, see you soon at the shop!",
    );
    let screen = text(&s, 80, 24);
    assert!(screen.contains("at the shop!"), "{screen}");
}

#[test]
fn after_a_save_the_screen_says_where_and_what_waits_for_a_restart() {
    let mut s = settings(Lang::En);
    if let Some(f) = s.settings_form.as_mut() {
        f.set(F::Register, "R7");
    }
    cmd(&mut s, C::Save);
    let text_after = FILE.replace("register = \"R1\"", "register = \"R7\"");
    let config = Config::from_toml(
        &text_after,
        std::path::Path::new("/etc/comptoir/config.toml"),
    )
    .expect("the saved config");
    act(&mut s, Action::SettingsSaved(Ok(Box::new(config))));
    let screen = text(&s, 80, 24);
    assert!(screen.contains("next start"), "{screen}");
    insta::assert_snapshot!("settings_saved_restart_80x24", screen);
}

#[test]
fn the_sms_key_is_stars_and_the_long_body_scrolls_with_its_cursor() {
    let mut s = at(Lang::En, Section::Sms);
    let screen = text(&s, 80, 24);
    assert!(screen.contains("Gateway key         (set)"), "{screen}");
    // The body is longer than its column: it scrolls so the cursor shows (at its end,
    // then at its start).
    for _ in 0..3 {
        cmd(&mut s, C::NextField);
    }
    let screen = text(&s, 80, 24);
    assert!(screen.contains("\"flash\": false}"), "{screen}");
    cmd(&mut s, C::Home);
    let screen = text(&s, 80, 24);
    assert!(
        screen.contains(">Body template       {\"to\": \"{to}\""),
        "{screen}"
    );
    insta::assert_snapshot!("settings_sms_body_home_80x24", screen);
    for _ in 0..3 {
        cmd(&mut s, C::NextField);
    }
    typ(&mut s, "Bearer k3y");
    let screen = text(&s, 80, 24);
    assert!(
        screen.contains("**********") && !screen.contains("k3y"),
        "{screen}"
    );
    // The station's rows: the config's, then one to add a station.
    let s = at(Lang::En, Section::Prep);
    let screen = text(&s, 80, 24);
    for shown in [
        "Station 1",
        "Cuisine",
        "Snacking et fleurs, Viennoiserie",
        "Station 2",
    ] {
        assert!(screen.contains(shown), "{shown}:\n{screen}");
    }
}
