//! Keys on the first-run setup screen: typing and moving between the shop's fields,
//! choosing the country, currency and language, saving (the runner hashes the PIN and
//! writes the config), then choosing what comes next: import customers or sell.
//!
//! Invariants: Esc does nothing here (there is no screen behind the setup; Ctrl+Q
//! leaves without writing anything, and the next start opens the setup again); a
//! choice of language shows at once; keys wait while the settings are being saved.

use super::super::action::{Action, Effect};
use super::super::setup::{SetupField, SetupStage, NEXT_STEPS};
use super::super::state::{Msg, Settings, State};
use crate::config::Config;
use crate::keys::Command;

pub(super) fn input(s: &mut State, a: Action, fx: &mut Vec<Effect>) {
    let Some(stage) = s.setup.as_ref().map(|st| st.stage) else {
        return;
    };
    match stage {
        SetupStage::Fields => fields(s, a, fx),
        SetupStage::Saving => {}
        SetupStage::Choose { selected } => choose(s, a, selected, fx),
    }
}

fn fields(s: &mut State, a: Action, fx: &mut Vec<Effect>) {
    let Some(st) = s.setup.as_mut() else { return };
    let choice = st.focused().is_some_and(SetupField::is_choice);
    let last = st.fields.len().saturating_sub(1);
    match a {
        Action::Char(' ') if choice => st.cycle(true),
        Action::Char(_) if choice => {}
        Action::Char(c) => {
            if let Some(i) = st.input_mut() {
                i.insert(c);
            }
            st.edited();
        }
        Action::Paste(t) if !choice => {
            if let Some(i) = st.input_mut() {
                i.paste(&t);
            }
            st.edited();
        }
        Action::Paste(_) => {}
        Action::Cmd(cmd) => match cmd {
            Command::Toggle => st.cycle(true),
            Command::Left | Command::Right if choice => st.cycle(cmd == Command::Right),
            Command::Left => st.input_mut().into_iter().for_each(|i| i.left()),
            Command::Right => st.input_mut().into_iter().for_each(|i| i.right()),
            Command::Home => st.input_mut().into_iter().for_each(|i| i.home()),
            Command::End => st.input_mut().into_iter().for_each(|i| i.end()),
            Command::Backspace | Command::Delete if !choice => {
                if let Some(i) = st.input_mut() {
                    if cmd == Command::Backspace {
                        i.backspace()
                    } else {
                        i.delete()
                    }
                }
                st.edited();
            }
            Command::Confirm if st.focus == last => return save(s, fx),
            Command::NextField | Command::Down | Command::Confirm => {
                st.focus = (st.focus + 1).min(last)
            }
            Command::PrevField | Command::Up => st.focus = st.focus.saturating_sub(1),
            Command::PageDown => st.focus = (st.focus + 4).min(last),
            Command::PageUp => st.focus = st.focus.saturating_sub(4),
            Command::Save | Command::Apply => return save(s, fx),
            _ => {}
        },
        _ => {}
    }
    // The language chosen is the screen's at once.
    if let Some(lang) = s.setup.as_ref().and_then(|st| st.lang()) {
        s.settings.lang = lang;
    }
}

fn save(s: &mut State, fx: &mut Vec<Effect>) {
    let Some(st) = s.setup.as_mut() else { return };
    match st.validate() {
        Ok((shop, pin)) => {
            st.stage = SetupStage::Saving;
            st.failure = None;
            fx.push(Effect::SaveSetup {
                shop: Box::new(shop),
                pin,
            });
        }
        Err(n) => s.say(Msg::FixErrors(n)),
    }
}

fn choose(s: &mut State, a: Action, selected: usize, fx: &mut Vec<Effect>) {
    let last = NEXT_STEPS - 1;
    let next = match a {
        Action::Cmd(Command::Up | Command::PrevField | Command::PageUp | Command::Home) => 0,
        Action::Cmd(Command::Down | Command::NextField | Command::PageDown | Command::End) => last,
        Action::Cmd(Command::Confirm) => {
            s.setup = None;
            s.home();
            if selected == 0 {
                super::import::open(s, fx);
            }
            return;
        }
        _ => return,
    };
    if let Some(st) = s.setup.as_mut() {
        st.stage = SetupStage::Choose { selected: next };
    }
}

/// The runner's answer: the settings now in the file (applied at once), or why they
/// could not be written (the fields stay as typed, to try again).
pub(super) fn saved(s: &mut State, result: Result<Box<Config>, String>) {
    let Some(st) = s.setup.as_mut() else { return };
    match result {
        Ok(config) => {
            st.stage = SetupStage::Choose { selected: 0 };
            st.saved_to = config.source.as_ref().map(|p| p.display().to_string());
            st.failure = None;
            st.set(SetupField::Pin, "");
            st.set(SetupField::PinAgain, "");
            let (ascii, offset) = (s.settings.ascii, s.settings.utc_offset_secs);
            s.settings = Settings::from_config(&config, ascii, offset);
            s.say(Msg::Saved);
        }
        Err(why) => {
            st.stage = SetupStage::Fields;
            st.failure = Some(why);
        }
    }
}
