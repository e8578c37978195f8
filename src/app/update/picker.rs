//! The customer picker (search as you type, simple or advanced, create a customer) and
//! the managers' customers list.

use super::super::action::{Action, Effect};
use super::super::form::{self as cform, Form, FormPurpose};
use super::super::state::{
    CatalogOp, ConfirmKind, GroupOp, ManagerOp, Msg, OutboxOp, PickPurpose, Picker, Popup,
    ReportsOp, Screen, SettingsOp, State, LIST_PAGE,
};
use super::form::{self, Outcome};
use super::step;
use crate::domain::customer::CustomerData;
use crate::keys::Command;
use crate::store::lookup::{ListQuery, ListSort};

/// Opens the picker for `purpose` with an empty search.
pub(super) fn open(s: &mut State, purpose: PickPurpose) {
    let advanced = s.picker.advanced;
    let fields = s.picker.fields.clone();
    s.picker = Picker {
        advanced,
        fields,
        purpose,
        ..Picker::new(advanced)
    };
    s.picker_form = None;
    s.go(Screen::Picker);
}

/// Asks for the results of what is typed now.
pub(super) fn search(s: &mut State, fx: &mut Vec<Effect>) {
    s.seq += 1;
    let p = &mut s.picker;
    p.asked = s.seq;
    let text = p.input.text().trim().to_string();
    if text.is_empty() {
        p.rows.clear();
        p.selected = 0;
        p.shown = p.asked;
        return;
    }
    let fields = if p.advanced {
        p.fields.clone()
    } else {
        s.settings.search_fields.clone()
    };
    fx.push(Effect::SearchCustomers {
        seq: p.asked,
        text,
        advanced: p.advanced,
        fields,
    });
}

pub(super) fn input(s: &mut State, a: Action, fx: &mut Vec<Effect>) {
    if s.picker_form.is_some() {
        form_input(s, a, fx);
        return;
    }
    let p = &mut s.picker;
    match a {
        Action::Char(c) => {
            p.input.insert(c);
            search(s, fx);
        }
        Action::Paste(t) => {
            p.input.paste(&t);
            search(s, fx);
        }
        Action::Cmd(cmd) => match cmd {
            Command::Backspace => {
                p.input.backspace();
                search(s, fx);
            }
            Command::Delete => {
                p.input.delete();
                search(s, fx);
            }
            Command::Left => p.input.left(),
            Command::Right => p.input.right(),
            Command::Home => p.input.home(),
            Command::End => p.input.end(),
            Command::Up => p.selected = step(p.selected, p.rows.len(), -1),
            Command::Down => p.selected = step(p.selected, p.rows.len(), 1),
            Command::PageUp => p.selected = step(p.selected, p.rows.len(), -10),
            Command::PageDown => p.selected = step(p.selected, p.rows.len(), 10),
            Command::Back => s.go_back(),
            Command::Confirm => choose(s, fx),
            Command::ToggleAdvanced => {
                p.advanced = !p.advanced;
                search(s, fx);
            }
            Command::ChooseFields => {
                p.advanced = true;
                s.popup = Some(Popup::Fields { selected: 0 });
            }
            Command::NewCustomer => new_customer(s, None),
            Command::OpenCard => {
                if let Some(r) = p.rows.get(p.selected) {
                    fx.push(Effect::LoadCard(r.id));
                }
            }
            _ => {}
        },
        _ => {}
    }
}

/// Opens the new-customer form, prefilled from the search text (a name, or a phone).
pub(super) fn new_customer(s: &mut State, reference: Option<crate::domain::customer::Reference>) {
    let attach = matches!(s.picker.purpose, PickPurpose::Attach);
    let mut base = CustomerData::default();
    base.references.extend(reference.clone());
    let mut f = Form::new(
        FormPurpose::Create { attach, reference },
        &cform::ESSENTIAL,
        base,
    );
    let typed = s.picker.input.text().trim().to_string();
    if !s.picker.advanced && !typed.is_empty() {
        prefill(&mut f, &typed);
    }
    f.focus = 1;
    s.picker_form = Some(f);
    s.go(Screen::Picker);
}

/// The customers list's new-customer key: the same create form, attaching no one, with
/// what the list's filter holds as its first fields; saved or cancelled, it goes back to
/// the list.
pub(super) fn new_customer_from_list(s: &mut State) {
    let mut f = Form::new(
        FormPurpose::Create {
            attach: false,
            reference: None,
        },
        &cform::ESSENTIAL,
        CustomerData::default(),
    );
    let typed = s.list.filter.text().trim().to_string();
    if !typed.is_empty() {
        prefill(&mut f, &typed);
    }
    f.focus = 1;
    s.picker_form = Some(f);
    s.go(Screen::Picker);
}

/// The create form opened from the customers list closed: back to the list (the only
/// way the picker's screen is reached from it).
pub(super) fn back_to_list(s: &mut State) {
    if s.screen == Screen::Picker && s.back.last() == Some(&Screen::List) {
        s.go_back();
    }
}

/// The new customer's fields from what was searched: a phone number typed alone is the
/// phone; otherwise an e-mail (with `@`), a postal code (4 or 5 digits), a phone (6
/// digits or more) each go to their field, and the words left are the name as a shop
/// writes it, last name first ("Dupont Marie 75002": Dupont, Marie, 75002).
fn prefill(f: &mut Form, typed: &str) {
    use cform::FieldKey as K;
    let phone_chars = |c: char| c.is_ascii_digit() || " +.-()/".contains(c);
    if typed.chars().filter(char::is_ascii_digit).count() >= 6 && typed.chars().all(phone_chars) {
        f.set(K::Phone, typed);
        return;
    }
    let mut names = Vec::new();
    for word in typed.split_whitespace() {
        let digits = word.chars().filter(char::is_ascii_digit).count();
        if word.contains('@') {
            f.set(K::Email, word);
        } else if digits == word.len() && (4..=5).contains(&digits) {
            f.set(K::PostalCode, word);
        } else if digits >= 6 {
            f.set(K::Phone, word);
        } else {
            names.push(word);
        }
    }
    if let Some((last, first)) = names.split_first() {
        f.set(K::LastName, last);
        if !first.is_empty() {
            f.set(K::FirstName, &first.join(" "));
        }
    }
}

fn form_input(s: &mut State, a: Action, fx: &mut Vec<Effect>) {
    let ctx = form::context(s);
    let country = s.settings.country.clone();
    let manager = s.is_manager();
    let Some(f) = s.picker_form.as_mut() else {
        return;
    };
    if form::refused(f, &a, manager) {
        s.say(Msg::ManagerOnly);
        return;
    }
    match form::input(f, a, &ctx, &country) {
        Outcome::None => {}
        Outcome::Cancel => {
            s.picker_form = None;
            back_to_list(s);
        }
        Outcome::Cities(cities) => {
            s.popup = Some(Popup::Cities {
                cities,
                selected: 0,
            })
        }
        Outcome::Invalid(n) => s.say(Msg::FixErrors(n)),
        Outcome::Valid(data) => {
            let attach = matches!(f.purpose, FormPurpose::Create { attach: true, .. });
            f.saving = true;
            fx.push(
                Effect::SaveCustomer {
                    id: None,
                    data,
                    attach,
                }
                .by(manager),
            );
        }
    }
}

/// Enter on a result: what happens depends on why the picker is open.
fn choose(s: &mut State, fx: &mut Vec<Effect>) {
    let Some(row) = s.picker.rows.get(s.picker.selected).cloned() else {
        return;
    };
    match s.picker.purpose.clone() {
        PickPurpose::Attach => {
            fx.push(Effect::LoadAttached(row.id));
            s.home();
        }
        // From the card's History or from a sale opened by its ticket number at the till
        // (then it may have had no customer): back where it came from, the question asked.
        PickPurpose::MoveSale { sale, number } => {
            s.go_back();
            s.popup = Some(Popup::Confirm {
                kind: ConfirmKind::MoveSale {
                    number,
                    to: row.name(),
                },
                then: Some(Box::new(Action::Manager(ManagerOp::MoveSale {
                    sale,
                    to: row.id,
                }))),
            });
        }
        PickPurpose::AddReference(reference) => {
            fx.push(Effect::AddReference {
                id: row.id,
                reference,
            });
            s.home();
        }
        PickPurpose::MergeWith(me) => {
            s.go_back();
            if row.id != me {
                fx.push(Effect::LoadMergeOther(row.id));
            }
        }
    }
}

/// Opens the customers list (the caller checked the manager role).
pub(super) fn open_list(s: &mut State, fx: &mut Vec<Effect>) {
    s.go(Screen::List);
    s.list.selected = 0;
    load_list(s, 0, fx);
}

/// The list's page read again where it is (a customer was added).
pub(super) fn reload_list(s: &mut State, fx: &mut Vec<Effect>) {
    let offset = s.list.offset;
    load_list(s, offset, fx);
}

fn load_list(s: &mut State, offset: usize, fx: &mut Vec<Effect>) {
    s.list.loading = true;
    fx.push(Effect::LoadList(ListQuery {
        filter: s.list.filter.text().to_string(),
        sort: s.list.sort,
        descending: s.list.descending,
        offset,
        limit: LIST_PAGE,
    }));
}

pub(super) fn list_input(s: &mut State, a: Action, fx: &mut Vec<Effect>) {
    let l = &mut s.list;
    match a {
        Action::Char(c) => {
            l.filter.insert(c);
            l.selected = 0;
            load_list(s, 0, fx);
        }
        Action::Paste(t) => {
            l.filter.paste(&t);
            load_list(s, 0, fx);
        }
        Action::Cmd(cmd) => match cmd {
            Command::Backspace => {
                l.filter.backspace();
                l.selected = 0;
                load_list(s, 0, fx);
            }
            Command::Back => s.go_back(),
            Command::NewCustomer => new_customer_from_list(s),
            Command::Down | Command::PageDown => {
                let by = if cmd == Command::Down { 1 } else { 20 };
                if l.selected + by >= l.rows.len() && l.rows.len() == LIST_PAGE {
                    l.selected = 0;
                    let next = l.offset + LIST_PAGE;
                    load_list(s, next, fx);
                } else {
                    l.selected = step(l.selected, l.rows.len(), by as isize);
                }
            }
            Command::Up | Command::PageUp => {
                let by = if cmd == Command::Up { 1 } else { 20 };
                if l.selected < by && l.offset > 0 {
                    l.selected = usize::MAX;
                    let prev = l.offset.saturating_sub(LIST_PAGE);
                    load_list(s, prev, fx);
                } else {
                    l.selected = l.selected.saturating_sub(by);
                }
            }
            Command::Sort => {
                l.sort = match l.sort {
                    ListSort::Name => ListSort::City,
                    ListSort::City => ListSort::Created,
                    ListSort::Created => ListSort::Name,
                };
                l.selected = 0;
                load_list(s, 0, fx);
            }
            Command::Reverse => {
                l.descending = !l.descending;
                l.selected = 0;
                load_list(s, 0, fx);
            }
            Command::Confirm | Command::OpenCard => {
                if let Some(r) = l.rows.get(l.selected) {
                    fx.push(Effect::LoadCard(r.id));
                }
            }
            Command::Import => super::import::open(s, fx),
            Command::Catalogue => {
                super::manager::request(s, ManagerOp::Catalog(CatalogOp::Open), fx)
            }
            Command::Groups => super::manager::request(s, ManagerOp::Groups(GroupOp::Open), fx),
            Command::Reports => super::manager::request(s, ManagerOp::Reports(ReportsOp::Open), fx),
            Command::Settings => {
                super::manager::request(s, ManagerOp::Settings(SettingsOp::Open), fx)
            }
            Command::Outbox => super::manager::request(s, ManagerOp::Outbox(OutboxOp::Open), fx),
            _ => {}
        },
        _ => {}
    }
}
