//! Keys in popups: PIN entry, confirmations, quantity, cash, product search, note, city
//! choice, advanced-search fields, a past sale, an unknown scan, a new product.

use super::super::action::{Action, Effect};
use super::super::form::FieldKey;
use super::super::state::{ConfirmKind, Msg, PickPurpose, Popup, Screen, State, UnknownChoice};
use super::form::{self, Outcome};
use super::{apply, picker, sale, step};
use crate::domain::sale::PaymentMethod;
use crate::keys::Command;
use crate::search::SearchField;

pub(super) fn input(s: &mut State, a: Action, fx: &mut Vec<Effect>) {
    let Some(popup) = s.popup.take() else { return };
    let next = handle(s, popup, a, fx);
    // What the popup did may have opened another one (a confirmation leads to the PIN).
    if s.popup.is_none() {
        s.popup = next;
    }
}

/// Text editing shared by the popups with a text field.
fn edit(input: &mut super::super::text_input::TextInput, a: &Action) -> bool {
    match a {
        Action::Char(c) => input.insert(*c),
        Action::Paste(t) => input.paste(t),
        Action::Cmd(Command::Backspace) => input.backspace(),
        Action::Cmd(Command::Delete) => input.delete(),
        Action::Cmd(Command::Left) => input.left(),
        Action::Cmd(Command::Right) => input.right(),
        Action::Cmd(Command::Home) => input.home(),
        Action::Cmd(Command::End) => input.end(),
        _ => return false,
    }
    true
}

/// Handles one action in `popup`; returns the popup to keep open (or `None`).
fn handle(s: &mut State, mut popup: Popup, a: Action, fx: &mut Vec<Effect>) -> Option<Popup> {
    if a == Action::Cmd(Command::Back) {
        return None;
    }
    let cmd = match &a {
        Action::Cmd(c) => Some(*c),
        _ => None,
    };
    match &mut popup {
        Popup::Pin {
            input,
            session,
            checking,
            ..
        } => {
            if *checking {
                return Some(popup);
            }
            match a {
                Action::Char(c) if c.is_ascii_digit() => input.insert(c),
                Action::Cmd(Command::Toggle) => *session = !*session,
                Action::Cmd(Command::Confirm) if !input.is_empty() => {
                    *checking = true;
                    fx.push(Effect::VerifyPin(input.text().to_string()));
                }
                ref other => {
                    edit(input, other);
                }
            }
        }
        Popup::Confirm { kind, then } => {
            if cmd == Some(Command::Confirm) || a == Action::Char('y') || a == Action::Char('o') {
                if let ConfirmKind::PayCard { .. } = kind {
                    sale::pay(s, PaymentMethod::Card, None, fx);
                } else if let Some(next) = then.take() {
                    apply(s, *next, fx);
                }
                return None;
            }
            if a == Action::Char('n') {
                return None;
            }
        }
        Popup::Quantity(input) => {
            if cmd == Some(Command::Confirm) {
                let text = input.text().to_string();
                return if sale::set_quantity(s, &text) {
                    None
                } else {
                    Some(popup)
                };
            }
            edit(input, &a);
        }
        Popup::Price { input, bad } => {
            if cmd == Some(Command::Confirm) {
                let text = input.text().to_string();
                if sale::set_price(s, &text) {
                    return None;
                }
                *bad = true;
                return Some(popup);
            }
            edit(input, &a);
        }
        Popup::Cash {
            input,
            total,
            short,
        } => {
            if cmd == Some(Command::Confirm) {
                let text = input.text().to_string();
                let total = *total;
                if sale::cash(s, &text, total, fx) {
                    return None;
                }
                *short = true;
                return Some(popup);
            }
            edit(input, &a);
        }
        Popup::Products {
            input,
            results,
            selected,
        } => match cmd {
            Some(Command::Confirm) => {
                if let Some(p) = results.get(*selected).cloned() {
                    sale::add_product(s, &p);
                    return None;
                }
            }
            Some(Command::Up) => *selected = step(*selected, results.len(), -1),
            Some(Command::Down) => *selected = step(*selected, results.len(), 1),
            Some(Command::PageUp) => *selected = step(*selected, results.len(), -10),
            Some(Command::PageDown) => *selected = step(*selected, results.len(), 10),
            _ => {
                if edit(input, &a) {
                    *selected = 0;
                    fx.push(Effect::SearchProducts(input.text().to_string()));
                }
            }
        },
        Popup::Note(input) => {
            if cmd == Some(Command::Confirm) {
                let body = input.text().trim().to_string();
                if let (false, Some(c)) = (body.is_empty(), &s.card) {
                    fx.push(Effect::AddNote {
                        id: c.data.customer.id,
                        body,
                    });
                }
                return None;
            }
            edit(input, &a);
        }
        Popup::Cities { cities, selected } => match cmd {
            Some(Command::Up) => *selected = step(*selected, cities.len(), -1),
            Some(Command::Down) => *selected = step(*selected, cities.len(), 1),
            Some(Command::Confirm) => {
                if let Some(city) = cities.get(*selected).cloned() {
                    let form = match s.screen {
                        Screen::Card => s.card.as_mut().and_then(|c| c.form.as_mut()),
                        _ => s.picker_form.as_mut(),
                    };
                    if let Some(f) = form {
                        f.set(FieldKey::City, &city);
                        f.city_auto = true;
                    }
                }
                return None;
            }
            _ => {}
        },
        Popup::Fields { selected } => {
            let n = SearchField::ALL.len();
            match a {
                Action::Cmd(Command::Up) => *selected = step(*selected, n, -1),
                Action::Cmd(Command::Down) => *selected = step(*selected, n, 1),
                Action::Char(' ') | Action::Cmd(Command::Toggle) => {
                    if let Some(f) = SearchField::ALL.get(*selected) {
                        let fields = &mut s.picker.fields;
                        match fields.iter().position(|x| x == f) {
                            Some(i) if fields.len() > 1 => {
                                fields.remove(i);
                            }
                            Some(_) => {}
                            None => fields.push(*f),
                        }
                    }
                }
                Action::Cmd(Command::Confirm) | Action::Cmd(Command::Save) => {
                    picker::search(s, fx);
                    return None;
                }
                _ => {}
            }
        }
        Popup::SaleView { sale: view } => match cmd {
            Some(Command::Reprint) => fx.push(Effect::Reprint(view.id)),
            Some(Command::MoveSale) => {
                let id = view.id;
                picker::open(s, PickPurpose::MoveSale(id));
                return None;
            }
            Some(Command::Confirm) => return None,
            _ => {}
        },
        Popup::Unknown {
            code,
            references,
            selected,
        } => match cmd {
            Some(Command::Up) => *selected = step(*selected, UnknownChoice::ALL.len(), -1),
            Some(Command::Down) => *selected = step(*selected, UnknownChoice::ALL.len(), 1),
            Some(Command::Confirm) => {
                let reference = references.first().cloned();
                match UnknownChoice::ALL.get(*selected) {
                    Some(UnknownChoice::CreateCustomer) => {
                        s.picker.purpose = PickPurpose::Attach;
                        s.picker.input.clear();
                        picker::new_customer(s, reference);
                    }
                    Some(UnknownChoice::AttachToExisting) => match reference {
                        Some(r) => picker::open(s, PickPurpose::AddReference(r)),
                        None => s.say(Msg::ScanInvalid(code.clone())),
                    },
                    Some(UnknownChoice::AddProduct) => {
                        return Some(Popup::NewProduct {
                            code: code.clone(),
                            form: Box::new(super::super::form::Form::product()),
                        });
                    }
                    None => {}
                }
                return None;
            }
            _ => {}
        },
        Popup::NewProduct { code, form: f } => {
            let ctx = form::context(s);
            let out = form::input(f, a, &ctx, "");
            if let Outcome::Valid(_) | Outcome::Invalid(_) = out {
                if let Some((name, price, tax_rate)) = f.product_values() {
                    fx.push(Effect::CreateProduct {
                        code: code.clone(),
                        name,
                        price,
                        tax_rate,
                    });
                    return None;
                }
            }
            if let Outcome::Cancel = out {
                return None;
            }
        }
    }
    Some(popup)
}
