//! Keys in popups: PIN entry, confirmations, quantity, price, cash (a refund), payment and
//! top-up (in `pay.rs`), product search, note, city choice, advanced-search fields, a past
//! sale, a refund, an unknown scan, a new product, the parked tickets (in `park.rs`).
//!
//! Invariants: popups receive commands from the keymap (a yes/no question's letters and a
//! checklist's Space included, see `crate::keys`) and typed text, never key codes; Back
//! closes any popup (the payment popup first takes back its payments, one by one); one
//! function per kind of popup, each saying what happens to it ([`Next`]); what a popup
//! does may open another one (a confirmation leads to the PIN, an unknown scan to the
//! PIN or the new-product form, a completed payment to the PIN when the ticket is the
//! manager's act), which then stays open.

use super::super::action::{Action, Effect};
use super::super::form::{FieldKey, Form};
use super::super::state::{
    ConfirmKind, ManagerOp, Msg, PastSale, PickPurpose, Popup, Screen, State, UnknownChoice,
};
use super::super::text_input::TextInput;
use super::form::{self, Outcome};
use super::{apply, pay, picker, refund, sale, step};
use crate::domain::catalog::Product;
use crate::domain::customer::Reference;
use crate::domain::money::Money;
use crate::domain::sale::PaymentMethod;
use crate::keys::Command;
use crate::search::SearchField;

/// What becomes of a popup after an action.
pub(super) enum Next {
    Keep,
    Close,
}

pub(super) fn input(s: &mut State, a: Action, fx: &mut Vec<Effect>) {
    let Some(mut popup) = s.popup.take() else {
        return;
    };
    // Esc closes any popup; the payment popup first takes back its last payment.
    let next = if a == Action::Cmd(Command::Back) && !matches!(popup, Popup::Pay(_)) {
        Next::Close
    } else {
        handle(s, &mut popup, a, fx)
    };
    let next = match next {
        Next::Keep => Some(popup),
        Next::Close => None,
    };
    // What the popup did may have opened another one (a confirmation leads to the PIN).
    if s.popup.is_none() {
        s.popup = next;
    }
}

/// One arm per kind of popup.
fn handle(s: &mut State, popup: &mut Popup, a: Action, fx: &mut Vec<Effect>) -> Next {
    match popup {
        Popup::Pin {
            input,
            checking,
            locked_until,
            ..
        } => {
            let waiting = locked_until.is_some_and(|u| s.now < u);
            pin(input, checking, waiting, a, fx)
        }
        Popup::Confirm { kind, then } => confirm(s, kind, then, &a, fx),
        Popup::Quantity { input, bad } => quantity(s, input, bad, &a),
        Popup::Price { input, bad } => price(s, input, bad, &a),
        Popup::Cash {
            input,
            total,
            short,
        } => cash(s, input, *total, short, &a, fx),
        Popup::Pay(p) => pay::input(s, p, &a, fx),
        Popup::PayIn(p) => pay::pay_in_input(s, p, &a, fx),
        Popup::DeleteGroup(d) => super::groups::delete_input(s, d, &a, fx),
        Popup::Compose(c) => super::letter::input(c, &a, fx),
        Popup::Products {
            input,
            results,
            selected,
        } => products(s, input, results, selected, &a, fx),
        Popup::Note(input) => note(s, input, &a, fx),
        Popup::Cities { cities, selected } => city(s, cities, selected, &a),
        Popup::Fields { selected } => fields(s, selected, &a, fx),
        Popup::SaleView { sale } => sale_view(s, sale, &a, fx),
        Popup::Refund(form) => refund::input(s, form, &a, fx),
        Popup::Unknown {
            code,
            references,
            selected,
        } => unknown(s, code, references, selected, &a, fx),
        Popup::NewProduct { code, form } => new_product(s, code, form, a, fx),
        Popup::Parked { rows, selected } => super::park::window(s, rows, selected, &a, fx),
    }
}

/// The command in `a`, if it is one.
fn command(a: &Action) -> Option<Command> {
    match a {
        Action::Cmd(c) => Some(*c),
        _ => None,
    }
}

/// Text editing shared by the popups with a text field.
pub(super) fn edit(input: &mut TextInput, a: &Action) -> bool {
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

/// The manager PIN: digits only; waits while checked, and sends nothing while the wait
/// after wrong PINs runs (the service would refuse it anyway).
fn pin(
    input: &mut TextInput,
    checking: &mut bool,
    waiting: bool,
    a: Action,
    fx: &mut Vec<Effect>,
) -> Next {
    if *checking {
        return Next::Keep;
    }
    match a {
        Action::Char(c) if c.is_ascii_digit() => input.insert(c),
        Action::Cmd(Command::Confirm) if waiting => {}
        Action::Cmd(Command::Confirm) if !input.is_empty() => {
            *checking = true;
            fx.push(Effect::VerifyPin(input.text().to_string()));
        }
        ref other => {
            edit(input, other);
        }
    }
    Next::Keep
}

/// A yes/no question: Confirm does what was asked (a card payment is paid at once).
fn confirm(
    s: &mut State,
    kind: &ConfirmKind,
    then: &mut Option<Box<Action>>,
    a: &Action,
    fx: &mut Vec<Effect>,
) -> Next {
    if command(a) != Some(Command::Confirm) {
        return Next::Keep;
    }
    if let ConfirmKind::PayCard { .. } = kind {
        sale::pay_one(s, PaymentMethod::Card, None, fx);
    } else if let Some(next) = then.take() {
        apply(s, *next, fx);
    }
    Next::Close
}

/// The selected line's quantity; a value refused stays, marked `bad` (said in the popup,
/// where the cashier looks, as well as on the status line).
fn quantity(s: &mut State, input: &mut TextInput, bad: &mut bool, a: &Action) -> Next {
    if command(a) == Some(Command::Confirm) {
        let text = input.text().to_string();
        if sale::set_quantity(s, &text) {
            return Next::Close;
        }
        *bad = true;
        return Next::Keep;
    }
    edit(input, a);
    Next::Keep
}

/// The selected line's unit price; an amount refused stays, marked `bad`.
fn price(s: &mut State, input: &mut TextInput, bad: &mut bool, a: &Action) -> Next {
    if command(a) == Some(Command::Confirm) {
        let text = input.text().to_string();
        if sale::set_price(s, &text) {
            return Next::Close;
        }
        *bad = true;
        return Next::Keep;
    }
    edit(input, a);
    Next::Keep
}

/// Cash handed over; too little stays, marked `short`.
fn cash(
    s: &mut State,
    input: &mut TextInput,
    total: Money,
    short: &mut bool,
    a: &Action,
    fx: &mut Vec<Effect>,
) -> Next {
    if command(a) == Some(Command::Confirm) {
        let text = input.text().to_string();
        if sale::cash(s, &text, total, fx) {
            return Next::Close;
        }
        *short = true;
        return Next::Keep;
    }
    edit(input, a);
    Next::Keep
}

/// Product search by name: each edit searches again; Confirm adds the selected one.
fn products(
    s: &mut State,
    input: &mut TextInput,
    results: &[Product],
    selected: &mut usize,
    a: &Action,
    fx: &mut Vec<Effect>,
) -> Next {
    let n = results.len();
    match command(a) {
        Some(Command::Confirm) => {
            if let Some(p) = results.get(*selected) {
                sale::add_product(s, p);
                return Next::Close;
            }
        }
        Some(Command::Up) => *selected = step(*selected, n, -1),
        Some(Command::Down) => *selected = step(*selected, n, 1),
        Some(Command::PageUp) => *selected = step(*selected, n, -10),
        Some(Command::PageDown) => *selected = step(*selected, n, 10),
        _ => {
            if edit(input, a) {
                *selected = 0;
                fx.push(Effect::SearchProducts(input.text().to_string()));
            }
        }
    }
    Next::Keep
}

/// A note for the open card; an empty one is not stored.
fn note(s: &mut State, input: &mut TextInput, a: &Action, fx: &mut Vec<Effect>) -> Next {
    if command(a) != Some(Command::Confirm) {
        edit(input, a);
        return Next::Keep;
    }
    let body = input.text().trim().to_string();
    if let (false, Some(c)) = (body.is_empty(), &s.card) {
        fx.push(Effect::AddNote {
            id: c.data.customer.id,
            body,
        });
    }
    Next::Close
}

/// The cities of a postal code: Confirm fills the open form's city.
fn city(s: &mut State, cities: &[String], selected: &mut usize, a: &Action) -> Next {
    match command(a) {
        Some(Command::Up) => *selected = step(*selected, cities.len(), -1),
        Some(Command::Down) => *selected = step(*selected, cities.len(), 1),
        Some(Command::Confirm) => {
            if let Some(city) = cities.get(*selected) {
                let form = match s.screen {
                    Screen::Card => s.card.as_mut().and_then(|c| c.form.as_mut()),
                    _ => s.picker_form.as_mut(),
                };
                if let Some(f) = form {
                    f.set(FieldKey::City, city);
                    f.city_auto = true;
                }
            }
            return Next::Close;
        }
        _ => {}
    }
    Next::Keep
}

/// The advanced search's fields: Toggle ticks (at least one stays), Confirm searches.
fn fields(s: &mut State, selected: &mut usize, a: &Action, fx: &mut Vec<Effect>) -> Next {
    let n = SearchField::ALL.len();
    match command(a) {
        Some(Command::Up) => *selected = step(*selected, n, -1),
        Some(Command::Down) => *selected = step(*selected, n, 1),
        Some(Command::Toggle) => {
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
        Some(Command::Confirm | Command::Save) => {
            picker::search(s, fx);
            return Next::Close;
        }
        _ => {}
    }
    Next::Keep
}

/// A past sale: reprint it, give it to another customer (the picker chooses whom), or
/// give lines of it back (the refund window opens on it).
fn sale_view(s: &mut State, view: &PastSale, a: &Action, fx: &mut Vec<Effect>) -> Next {
    match command(a) {
        Some(Command::Reprint) => fx.push(Effect::Reprint(view.sale.id)),
        Some(Command::MoveSale) => {
            let purpose = PickPurpose::MoveSale {
                sale: view.sale.id,
                number: view.sale.number.clone(),
            };
            picker::open(s, purpose);
            return Next::Close;
        }
        Some(Command::Refund) => {
            refund::open(s, view);
            // Opened: it replaces this window; refused: this one stays (the status says
            // why).
            if s.popup.is_some() {
                return Next::Close;
            }
        }
        Some(Command::Confirm) => return Next::Close,
        _ => {}
    }
    Next::Keep
}

/// A scan that matched nothing: a new customer, a reference for an existing one, or a
/// new product.
fn unknown(
    s: &mut State,
    code: &str,
    references: &[Reference],
    selected: &mut usize,
    a: &Action,
    fx: &mut Vec<Effect>,
) -> Next {
    let n = UnknownChoice::ALL.len();
    match command(a) {
        Some(Command::Up) => *selected = step(*selected, n, -1),
        Some(Command::Down) => *selected = step(*selected, n, 1),
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
                    None => s.say(Msg::ScanInvalid(code.to_string())),
                },
                Some(UnknownChoice::AddProduct) => {
                    let op = ManagerOp::AddProduct(code.to_string());
                    super::manager::request(s, op, fx);
                }
                None => {}
            }
            return Next::Close;
        }
        _ => {}
    }
    Next::Keep
}

/// Opens the new-product form for a scanned code (the manager role is unlocked).
pub(super) fn open_new_product(s: &mut State, code: String) {
    s.popup = Some(Popup::NewProduct {
        code,
        form: Box::new(Form::product(s.settings.vat_rates.first().copied())),
    });
}

/// The new-product form for a scanned code: stored once its values read, as the
/// manager's act.
fn new_product(s: &mut State, code: &str, f: &mut Form, a: Action, fx: &mut Vec<Effect>) -> Next {
    let ctx = form::context(s);
    let out = form::input(f, a, &ctx, "");
    if let Outcome::Valid(_) | Outcome::Invalid(_) = out {
        if let Some(v) = f.product_values() {
            fx.push(
                Effect::CreateProduct {
                    code: code.to_string(),
                    name: v.name,
                    price: v.price,
                    tax_rate: v.tax_rate,
                    cost: v.cost,
                }
                .by(s.is_manager()),
            );
            return Next::Close;
        }
    }
    if let Outcome::Cancel = out {
        return Next::Close;
    }
    Next::Keep
}
