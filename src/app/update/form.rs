//! Keys in a customer form (create in the picker, edit in the card): typing, moving
//! between fields, the postal code filling the city, saving with inline validation.

use super::super::action::Action;
use super::super::form::{FieldKey, Form};
use super::super::state::State;
use crate::domain::customer::{CustomerData, ValidationContext};
use crate::keys::Command;

/// What a key did to the form.
pub(super) enum Outcome {
    None,
    Cancel,
    /// Several cities share the postal code: let the cashier choose.
    Cities(Vec<String>),
    /// Saving failed validation; the errors are on the form.
    Invalid(usize),
    Valid(Box<CustomerData>),
}

/// Whether `a` would change a manager-only field ([`FieldKey::manager_only`]) while the
/// role is locked: such a key is refused (moving through the field is not).
pub(super) fn refused(f: &Form, a: &Action, manager: bool) -> bool {
    if manager || !f.focused().is_some_and(FieldKey::manager_only) {
        return false;
    }
    matches!(
        a,
        Action::Char(_)
            | Action::Paste(_)
            | Action::Cmd(Command::Backspace | Command::Delete | Command::Toggle)
    )
}

/// The validation context of the register at this moment.
pub(super) fn context(s: &State) -> ValidationContext {
    ValidationContext {
        default_country: s.settings.country.clone(),
        today: (s.now + chrono::Duration::seconds(i64::from(s.settings.utc_offset_secs)))
            .date_naive(),
    }
}

pub(super) fn input(f: &mut Form, a: Action, ctx: &ValidationContext, country: &str) -> Outcome {
    if f.saving {
        return Outcome::None;
    }
    let toggle = f.focused().is_some_and(FieldKey::is_toggle);
    match a {
        Action::Char(' ') if toggle => f.toggle(),
        Action::Char(_) if toggle => {}
        Action::Char(c) => {
            if let Some(i) = f.input_mut() {
                i.insert(c);
            }
            after_edit(f, country);
        }
        Action::Paste(t) if !toggle => {
            if let Some(i) = f.input_mut() {
                i.paste(&t);
            }
            after_edit(f, country);
        }
        Action::Cmd(cmd) => {
            let last = f.fields.len().saturating_sub(1);
            match cmd {
                Command::Back => return Outcome::Cancel,
                Command::Toggle if toggle => f.toggle(),
                Command::Backspace | Command::Delete => {
                    if let Some(i) = f.input_mut() {
                        if cmd == Command::Backspace {
                            i.backspace()
                        } else {
                            i.delete()
                        }
                    }
                    after_edit(f, country);
                }
                Command::Left => f.input_mut().into_iter().for_each(|i| i.left()),
                Command::Right => f.input_mut().into_iter().for_each(|i| i.right()),
                Command::Home => f.input_mut().into_iter().for_each(|i| i.home()),
                Command::End => f.input_mut().into_iter().for_each(|i| i.end()),
                Command::NextField | Command::Down | Command::Confirm => {
                    let cities = leave(f, country);
                    if !cities.is_empty() {
                        f.focus = (f.focus + 1).min(last);
                        return Outcome::Cities(cities);
                    }
                    if cmd == Command::Confirm && f.focus == last {
                        return save(f, ctx);
                    }
                    f.focus = (f.focus + 1).min(last);
                }
                Command::PrevField | Command::Up => {
                    let cities = leave(f, country);
                    f.focus = f.focus.saturating_sub(1);
                    if !cities.is_empty() {
                        return Outcome::Cities(cities);
                    }
                }
                Command::PageDown => f.focus = (f.focus + 8).min(last),
                Command::PageUp => f.focus = f.focus.saturating_sub(8),
                Command::Save | Command::Apply => return save(f, ctx),
                _ => {}
            }
        }
        _ => {}
    }
    Outcome::None
}

/// After typing in the postal code, one matching city fills the city field at once.
fn after_edit(f: &mut Form, country: &str) {
    match f.focused() {
        Some(FieldKey::PostalCode) => {
            let _ = f.postal_fill(country);
        }
        Some(FieldKey::City) => f.city_auto = false,
        _ => {}
    }
}

/// Leaving the postal code: several cities are offered.
fn leave(f: &mut Form, country: &str) -> Vec<String> {
    if f.focused() == Some(FieldKey::PostalCode) {
        let city_empty = f.value(FieldKey::City).is_none_or(|c| c.trim().is_empty());
        let many = f.postal_fill(country);
        if city_empty || f.city_auto {
            return many;
        }
    }
    Vec::new()
}

fn save(f: &mut Form, ctx: &ValidationContext) -> Outcome {
    match f.validate(ctx) {
        Ok(d) => Outcome::Valid(Box::new(d)),
        Err(n) => {
            // Focus the first field with an error.
            if let Some(i) = f
                .fields
                .iter()
                .position(|(k, _)| f.errors.iter().any(|e| k.owns(&e.field)))
            {
                f.focus = i;
            }
            Outcome::Invalid(n)
        }
    }
}
