//! Keys on the managers' settings screen: typing and moving between the fields, a
//! section at a time or field by field, choosing (country, currency, language, TLS,
//! the SMS gateway's method and body type, yes/no), saving; and the runner's answers: the files read, the change written and
//! applied.
//!
//! Invariants: the screen opens, and a change is saved, through the manager rule
//! (`manager::request`): the fields are checked before the PIN is asked and again when
//! the role lets the save through; keys wait while the files are read or written, and
//! nothing is saved before they were read; a saved change is in force at once (the
//! language, search defaults, loyalty, idle time... of `State::settings`), except the
//! register code, the keymap and the scanners, which the register keeps until its next
//! start; Esc leaves without writing.

use super::super::action::{Action, Effect};
use super::super::settings::{
    LoadedSettings, Notice, SaveRefused, SettingsError, SettingsField, SettingsForm, SettingsStage,
};
use super::super::state::{ManagerOp, Msg, Screen, Settings, SettingsOp, State};
use super::manager;
use crate::config::Config;
use crate::keys::Command;

/// Opens the screen (the caller checked the manager role) and asks for the files.
pub(super) fn open(s: &mut State, fx: &mut Vec<Effect>) {
    s.settings_form = Some(SettingsForm::loading(&s.settings.register));
    s.go(Screen::Settings);
    fx.push(Effect::LoadSettings);
}

/// The manager rule let a settings act through.
pub(super) fn perform(s: &mut State, op: SettingsOp, fx: &mut Vec<Effect>) {
    match op {
        SettingsOp::Open => open(s, fx),
        SettingsOp::Save => {
            let Some(f) = s.settings_form.as_mut() else {
                return;
            };
            if f.stage != SettingsStage::Editing {
                return;
            }
            match f.check() {
                Ok(save) => {
                    f.stage = SettingsStage::Saving;
                    f.notice = None;
                    fx.push(Effect::SaveSettings(Box::new(save)).by(true));
                }
                Err(n) => s.say(Msg::FixErrors(n)),
            }
        }
    }
}

pub(super) fn input(s: &mut State, a: Action, fx: &mut Vec<Effect>) {
    let Some(f) = s.settings_form.as_mut() else {
        return;
    };
    if a == Action::Cmd(Command::Back) && f.stage != SettingsStage::Saving {
        s.settings_form = None;
        s.go_back();
        return;
    }
    if f.stage != SettingsStage::Editing {
        return;
    }
    let choice = f.focused().is_some_and(SettingsField::is_choice);
    let last = f.fields.len().saturating_sub(1);
    match a {
        Action::Char(' ') if choice => f.cycle(true),
        Action::Char(_) if choice => {}
        Action::Char(c) => f.input_mut().into_iter().for_each(|i| i.insert(c)),
        Action::Paste(t) if !choice => f.input_mut().into_iter().for_each(|i| i.paste(&t)),
        Action::Paste(_) => {}
        Action::Cmd(cmd) => match cmd {
            Command::Toggle => f.cycle(true),
            Command::Left | Command::Right if choice => f.cycle(cmd == Command::Right),
            Command::Left => f.input_mut().into_iter().for_each(|i| i.left()),
            Command::Right => f.input_mut().into_iter().for_each(|i| i.right()),
            Command::Home => f.input_mut().into_iter().for_each(|i| i.home()),
            Command::End => f.input_mut().into_iter().for_each(|i| i.end()),
            Command::Backspace if !choice => f.input_mut().into_iter().for_each(|i| i.backspace()),
            Command::Delete if !choice => f.input_mut().into_iter().for_each(|i| i.delete()),
            Command::Confirm if f.focus == last => save(s, fx),
            Command::NextField | Command::Down | Command::Confirm => {
                f.focus = (f.focus + 1).min(last)
            }
            Command::PrevField | Command::Up => f.focus = f.focus.saturating_sub(1),
            Command::PageDown => f.jump_section(true),
            Command::PageUp => f.jump_section(false),
            Command::Save => save(s, fx),
            _ => {}
        },
        _ => {}
    }
}

/// Checks the fields, then asks the manager rule to save them.
fn save(s: &mut State, fx: &mut Vec<Effect>) {
    let Some(f) = s.settings_form.as_mut() else {
        return;
    };
    if !f.fresh && !f.dirty() {
        s.say(Msg::NothingChanged);
        return;
    }
    // What the last save said is stale now.
    f.notice = None;
    match f.check() {
        Ok(_) => manager::request(s, ManagerOp::Settings(SettingsOp::Save), fx),
        Err(n) => s.say(Msg::FixErrors(n)),
    }
}

/// The runner's answers: the files read, or a save done.
pub(super) fn answer(s: &mut State, a: Action) {
    match a {
        Action::SettingsLoaded(result) => loaded(s, result),
        Action::SettingsSaved(result) => saved(s, result),
        _ => {}
    }
}

/// The runner read the files: the fields filled (or why they could not be read: the
/// screen stays empty, and cannot be saved).
fn loaded(s: &mut State, result: Result<Box<LoadedSettings>, String>) {
    let lang = s.settings.lang;
    let Some(f) = s.settings_form.as_mut() else {
        return;
    };
    match result {
        Ok(l) => f.load(&l, lang),
        Err(why) => f.notice = Some(Notice::Unreadable(why)),
    }
}

/// The runner's answer to a save: the settings written (in force at once, the fields
/// showing them), or the key the config refused (under its field), or why nothing could
/// be written.
fn saved(s: &mut State, result: Result<Box<Config>, SaveRefused>) {
    let Some(f) = s.settings_form.as_mut() else {
        return;
    };
    f.stage = SettingsStage::Editing;
    match result {
        Ok(config) => {
            let written = |field: SettingsField, before: Option<bool>| {
                if f.value(field).is_empty() {
                    before
                } else {
                    Some(true)
                }
            };
            let restart = config.shop.register != f.running_register;
            let loaded = LoadedSettings {
                config: (*config).clone(),
                file: f.file.clone(),
                exists: true,
                password_set: written(SettingsField::Password, f.password_set),
                sms_auth_set: written(SettingsField::SmsAuth, f.sms_auth_set),
            };
            f.load(&loaded, config.shop.lang);
            f.notice = Some(Notice::Saved { restart });
            apply(s, &config);
            s.say(Msg::SettingsSaved { restart });
        }
        Err(SaveRefused::Key { key, message }) => match f.field_for(&key) {
            Some(field) => {
                f.errors = vec![(field, SettingsError::Config(message))];
                f.focus = f.fields.iter().position(|(k, _)| *k == field).unwrap_or(0);
                s.say(Msg::FixErrors(1));
            }
            None => f.notice = Some(Notice::Failed(format!("{key}: {message}"))),
        },
        Err(SaveRefused::Failed(why)) => f.notice = Some(Notice::Failed(why)),
    }
}

/// The register's settings from `config`, keeping what changes only at the next start
/// (the register code, the keymap) and what is the terminal's (ASCII, the time offset).
fn apply(s: &mut State, config: &Config) {
    let old = &s.settings;
    let mut new = Settings::from_config(config, old.ascii, old.utc_offset_secs);
    new.register.clone_from(&old.register);
    new.keymap.clone_from(&old.keymap);
    if new.advanced_default != old.advanced_default {
        s.picker.advanced = new.advanced_default;
    }
    s.settings = new;
}
