//! The manager role: operations that need it ask for the PIN unless the role is unlocked
//! for the session; a PIN entered "for one action" grants exactly the next operation.

use super::super::action::Effect;
use super::super::state::{ManagerOp, Msg, Popup, State};
use super::super::text_input::TextInput;
use super::{card, form, import, picker, sale};

/// Performs `op`, or asks for the PIN first.
pub(super) fn request(s: &mut State, op: ManagerOp, fx: &mut Vec<Effect>) {
    if !s.settings.pin_configured {
        s.say(Msg::NoPin);
        return;
    }
    if s.is_manager() {
        s.grant_once = false;
        perform(s, op, fx);
    } else {
        s.popup = Some(Popup::Pin {
            input: TextInput::default(),
            session: op == ManagerOp::Unlock,
            op,
            wrong: false,
            checking: false,
        });
    }
}

/// F11: locks the role, or asks for the PIN to unlock it for the session.
pub(super) fn toggle(s: &mut State, fx: &mut Vec<Effect>) {
    if s.manager {
        s.manager = false;
        s.say(Msg::ManagerLocked);
    } else {
        request(s, ManagerOp::Unlock, fx);
    }
}

/// The PIN was checked.
pub(super) fn pin_checked(s: &mut State, ok: bool, error: Option<String>, fx: &mut Vec<Effect>) {
    let Some(Popup::Pin { op, session, .. }) = s.popup.clone() else {
        return;
    };
    if ok {
        s.popup = None;
        if session {
            s.manager = true;
            s.say(Msg::ManagerUnlocked);
        }
        perform(s, op, fx);
        s.grant_once = false;
    } else {
        if let Some(Popup::Pin {
            input,
            wrong,
            checking,
            ..
        }) = s.popup.as_mut()
        {
            input.clear();
            *wrong = true;
            *checking = false;
        }
        match error {
            Some(e) => s.say(Msg::Error(e)),
            None => s.say(Msg::WrongPin),
        }
    }
}

fn perform(s: &mut State, op: ManagerOp, fx: &mut Vec<Effect>) {
    match op {
        ManagerOp::Unlock => {
            s.manager = true;
        }
        ManagerOp::Delete(id) => fx.push(Effect::DeleteCustomer(id)),
        ManagerOp::MoveSale { sale, to } => fx.push(Effect::MoveSale { sale, to }),
        ManagerOp::OpenList => picker::open_list(s, fx),
        ManagerOp::EditPrice => sale::open_price(s),
        ManagerOp::Import => import::run(s, fx),
        ManagerOp::Merge => {
            let ctx = form::context(s);
            let Some(c) = &s.card else { return };
            let Some(plan) = &c.merge.plan else { return };
            let keep = &c.data.customer;
            let (data, taken) = card::merged_data(&keep.data, plan);
            let (survivor, duplicate) = (keep.id, plan.other.id);
            match data.validate(&ctx) {
                Ok(data) => fx.push(Effect::Merge {
                    survivor,
                    duplicate,
                    data: Box::new(data),
                    taken,
                }),
                Err(e) => s.say(Msg::Error(e.to_string())),
            }
        }
    }
}
