//! The manager role, one rule for every manager act: when the role is unlocked
//! ([`State::is_manager`]) the act is done at once, else the PIN is asked and a right PIN
//! unlocks the role (until the idle time passes, see [`State::touch`]), then the act is
//! done. F11 locks at once; a tick past the idle time locks; so may a paid sale
//! (`lock_after_sale`).
//!
//! Invariants: no manager act is performed while the role is locked; the writes a
//! manager act asks for carry the manager's role to the service (`Effect::Manager`); the
//! wait after wrong PINs is decided by the service and shown, never counted here.

use chrono::{DateTime, Utc};

use super::super::action::Effect;
use super::super::state::{ManagerOp, Msg, Popup, State};
use super::super::text_input::TextInput;
use super::{card, catalog, form, groups, import, outbox, picker, popup, reports, sale, settings};

/// Performs `op`, or asks for the PIN first.
pub(super) fn request(s: &mut State, op: ManagerOp, fx: &mut Vec<Effect>) {
    if !s.settings.pin_configured {
        s.say(Msg::NoPin);
        return;
    }
    if s.is_manager() {
        perform(s, op, fx);
    } else {
        s.popup = Some(Popup::Pin {
            input: TextInput::default(),
            op,
            wrong: false,
            checking: false,
            locked_until: None,
        });
    }
}

/// F11: locks the role, or asks for the PIN to unlock it.
pub(super) fn toggle(s: &mut State, fx: &mut Vec<Effect>) {
    if s.is_manager() {
        s.lock();
        s.say(Msg::ManagerLocked);
    } else {
        request(s, ManagerOp::Unlock, fx);
    }
}

/// The clock moved: an unlocked role whose idle time has passed locks.
pub(super) fn expire(s: &mut State) {
    if s.manager.is_some() && !s.is_manager() {
        s.lock();
        s.say(Msg::ManagerExpired);
    }
}

/// The PIN was checked: a right one unlocks the role and performs the waiting act; a
/// wrong one (or one refused while a wait runs) keeps the popup, with the wait shown.
pub(super) fn pin_checked(
    s: &mut State,
    ok: bool,
    error: Option<String>,
    locked_until: Option<DateTime<Utc>>,
    fx: &mut Vec<Effect>,
) {
    let Some(Popup::Pin { op, .. }) = s.popup.clone() else {
        return;
    };
    if ok {
        s.popup = None;
        s.unlock();
        s.say(Msg::ManagerUnlocked);
        perform(s, op, fx);
        return;
    }
    if let Some(Popup::Pin {
        input,
        wrong,
        checking,
        locked_until: until,
        ..
    }) = s.popup.as_mut()
    {
        input.clear();
        *wrong = error.is_none();
        *checking = false;
        *until = locked_until;
    }
    match (error, locked_until) {
        (Some(e), _) => s.say(Msg::Error(e)),
        (None, Some(_)) => s.say(Msg::PinWait),
        (None, None) => s.say(Msg::WrongPin),
    }
}

fn perform(s: &mut State, op: ManagerOp, fx: &mut Vec<Effect>) {
    match op {
        ManagerOp::Unlock => {}
        ManagerOp::Delete(id) => fx.push(Effect::DeleteCustomer(id).by(true)),
        ManagerOp::MoveSale { sale, to } => fx.push(Effect::MoveSale { sale, to }.by(true)),
        ManagerOp::OpenList => picker::open_list(s, fx),
        ManagerOp::EditPrice => sale::open_price(s),
        ManagerOp::Import => import::run(s, fx),
        ManagerOp::AddProduct(code) => popup::open_new_product(s, code),
        ManagerOp::Pay(payments) => sale::pay(s, payments, fx),
        ManagerOp::Merge => merge(s, fx),
        ManagerOp::Refund(req) => fx.push(Effect::Refund(req).by(true)),
        ManagerOp::OpenDrawer => fx.push(Effect::OpenDrawer.by(true)),
        ManagerOp::Catalog(op) => catalog::perform(s, op, fx),
        ManagerOp::Groups(op) => groups::perform(s, op, fx),
        ManagerOp::Reports(op) => reports::perform(s, op, fx),
        ManagerOp::Settings(op) => settings::perform(s, op, fx),
        ManagerOp::Outbox(op) => outbox::perform(s, op, fx),
    }
}

fn merge(s: &mut State, fx: &mut Vec<Effect>) {
    let ctx = form::context(s);
    let Some(c) = &s.card else { return };
    let Some(plan) = &c.merge.plan else { return };
    let keep = &c.data.customer;
    let (data, taken) = card::merged_data(&keep.data, plan);
    let (survivor, duplicate) = (keep.id, plan.other.id);
    match data.validate(&ctx) {
        Ok(data) => fx.push(
            Effect::Merge {
                survivor,
                duplicate,
                data: Box::new(data),
                taken,
            }
            .by(true),
        ),
        Err(e) => s.say(Msg::Error(e.to_string())),
    }
}
