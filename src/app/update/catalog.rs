//! Keys on the managers' products screen: the search typed over the list (the F5 item
//! search's words, archived products included), the add and edit form, archive and
//! restore; and the results of those acts.
//!
//! Invariants: the screen opens, and every change leaves, through the manager rule
//! (`manager::request`: the PIN when the role is locked, the write as `Effect::Manager`);
//! the form is read ([`Form::catalog_values`]) before anything is asked, so a refused
//! value is shown on its field and nothing is sent; after a change the rows are read
//! again from the store (the list shows what is stored); an answer to an older search
//! than the one shown is dropped.

use super::super::action::{Action, Effect};
use super::super::form::{Form, FormPurpose};
use super::super::state::{CatalogOp, ManagerOp, Msg, ProductDraft, ProductRow, Screen, State};
use super::form::{self, Outcome};
use super::{manager, step};
use crate::keys::Command;

/// Opens the products screen (the caller checked the manager role).
pub(super) fn open(s: &mut State, fx: &mut Vec<Effect>) {
    s.go(Screen::Catalog);
    s.catalog.form = None;
    search(s, fx);
}

/// Asks for the rows matching what is typed now.
fn search(s: &mut State, fx: &mut Vec<Effect>) {
    s.seq += 1;
    s.catalog.asked = s.seq;
    fx.push(Effect::LoadCatalog {
        seq: s.seq,
        text: s.catalog.search.text().trim().to_string(),
    });
}

pub(super) fn input(s: &mut State, a: Action, fx: &mut Vec<Effect>) {
    if s.catalog.form.is_some() {
        form_input(s, a, fx);
        return;
    }
    let c = &mut s.catalog;
    match a {
        Action::Char(ch) => {
            c.search.insert(ch);
            search(s, fx);
        }
        Action::Paste(t) => {
            c.search.paste(&t);
            search(s, fx);
        }
        Action::Cmd(cmd) => match cmd {
            Command::Backspace | Command::Delete => {
                if cmd == Command::Backspace {
                    c.search.backspace();
                } else {
                    c.search.delete();
                }
                search(s, fx);
            }
            Command::Left => c.search.left(),
            Command::Right => c.search.right(),
            Command::Home => c.search.home(),
            Command::End => c.search.end(),
            Command::Up => c.selected = step(c.selected, c.rows.len(), -1),
            Command::Down => c.selected = step(c.selected, c.rows.len(), 1),
            Command::PageUp => c.selected = step(c.selected, c.rows.len(), -10),
            Command::PageDown => c.selected = step(c.selected, c.rows.len(), 10),
            Command::Back => s.go_back(),
            Command::Confirm | Command::Edit => {
                if let Some(r) = c.rows.get(c.selected) {
                    c.form = Some(Form::catalog_product(
                        Some(&r.product),
                        s.settings.lang,
                        &s.settings.vat_rates,
                    ));
                }
            }
            Command::Add => {
                c.form = Some(Form::catalog_product(
                    None,
                    s.settings.lang,
                    &s.settings.vat_rates,
                ))
            }
            Command::Archive => {
                if let Some(r) = c.rows.get(c.selected) {
                    let op = CatalogOp::SetActive {
                        code: r.product.code.clone(),
                        active: !r.active,
                    };
                    manager::request(s, ManagerOp::Catalog(op), fx);
                }
            }
            _ => {}
        },
        _ => {}
    }
}

/// Keys in the product form: typing and moving as in every form, F2 on the VAT field
/// steps through the shop's rates, saving reads the form and asks the manager rule.
fn form_input(s: &mut State, a: Action, fx: &mut Vec<Effect>) {
    let ctx = form::context(s);
    let (lang, rates) = (s.settings.lang, s.settings.vat_rates.clone());
    let Some(f) = s.catalog.form.as_mut() else {
        return;
    };
    if a == Action::Cmd(Command::Toggle) {
        if !f.saving {
            f.next_rate(&rates, lang);
        }
        return;
    }
    match form::input(f, a, &ctx, "") {
        Outcome::Cancel => s.catalog.form = None,
        Outcome::Valid(_) | Outcome::Invalid(_) => match f.catalog_values(&rates) {
            Some(product) => {
                let original = match &f.purpose {
                    FormPurpose::Catalog(code) => code.clone(),
                    _ => None,
                };
                let op = CatalogOp::Save { original, product };
                manager::request(s, ManagerOp::Catalog(op), fx);
            }
            None => {
                focus_first_error(f);
                let n = f.errors.len();
                s.say(Msg::FixErrors(n));
            }
        },
        Outcome::Cities(_) | Outcome::None => {}
    }
}

/// Puts the focus on the first field with an error.
pub(super) fn focus_first_error(f: &mut Form) {
    if let Some(i) = f
        .fields
        .iter()
        .position(|(k, _)| f.errors.iter().any(|e| k.owns(&e.field)))
    {
        f.focus = i;
    }
}

/// The manager rule let a products-screen act through.
pub(super) fn perform(s: &mut State, op: CatalogOp, fx: &mut Vec<Effect>) {
    match op {
        CatalogOp::Open => open(s, fx),
        CatalogOp::Save { original, product } => save(s, original, product, fx),
        CatalogOp::SetActive { code, active } => {
            fx.push(Effect::SetProductActive { code, active }.by(true));
        }
    }
}

fn save(s: &mut State, original: Option<String>, product: ProductDraft, fx: &mut Vec<Effect>) {
    if let Some(f) = s.catalog.form.as_mut() {
        f.saving = true;
    }
    fx.push(
        Effect::SaveProduct {
            original,
            product: Box::new(product),
        }
        .by(true),
    );
}

/// The rows of search `seq`, unless a newer one is shown or asked.
pub(super) fn loaded(s: &mut State, seq: u64, rows: Vec<ProductRow>) {
    let c = &mut s.catalog;
    if seq < c.shown || seq > c.asked {
        return;
    }
    c.shown = seq;
    c.rows = rows;
    c.selected = c.selected.min(c.rows.len().saturating_sub(1));
    if let Some(code) = c.select.take() {
        if let Some(i) = c.rows.iter().position(|r| r.product.code == code) {
            c.selected = i;
        }
    }
}

/// A product was stored: the form closes, the rows are read again, the product
/// selected among them.
pub(super) fn saved(
    s: &mut State,
    code: String,
    name: String,
    created: bool,
    fx: &mut Vec<Effect>,
) {
    s.catalog.form = None;
    s.catalog.select = Some(code);
    s.say(Msg::ProductSaved { name, created });
    if s.screen == Screen::Catalog {
        search(s, fx);
    }
}

/// A product was archived or brought back: the rows are read again.
pub(super) fn archived(s: &mut State, name: String, active: bool, fx: &mut Vec<Effect>) {
    s.say(Msg::ProductArchived { name, active });
    if s.screen == Screen::Catalog {
        search(s, fx);
    }
}
