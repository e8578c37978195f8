//! The Contact tab's e-mail: the popup that writes one to the open card's customer.
//!
//! Invariants: it opens only when `[email]` is set and the customer has an address (else
//! the status says which is missing); marketing can be ticked only when the customer's
//! consent is stored as given, and starts unticked (a message is personal unless the
//! cashier says otherwise); Enter on the subject goes to the text, Enter on the text
//! sends, and nothing is sent while either is empty; the service checks all of it again.

use super::super::action::{Action, Effect};
use super::super::state::{Compose, Msg};
use super::super::text_input::TextInput;
use super::popup::{edit, Next};
use crate::domain::customer::Customer;
use crate::keys::Command;
use crate::service::Letter;

/// The popup for `customer`, or why it cannot open (`email`: `[email]` is set).
pub(super) fn compose(customer: &Customer, email: bool) -> Result<Compose, Msg> {
    let to = customer
        .data
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty());
    let (true, Some(to)) = (email, to) else {
        return Err(Msg::CannotWrite { configured: email });
    };
    let consent = &customer.data.preferences.marketing_email;
    Ok(Compose {
        customer: customer.id,
        to: to.to_string(),
        subject: TextInput::default(),
        body: TextInput::default(),
        on_body: false,
        marketing: false,
        consent: consent.granted.then_some(consent.since),
        incomplete: false,
    })
}

/// A key in the popup.
pub(super) fn input(c: &mut Compose, a: &Action, fx: &mut Vec<Effect>) -> Next {
    match a {
        Action::Cmd(Command::Up) => c.on_body = false,
        Action::Cmd(Command::Down) => c.on_body = true,
        Action::Cmd(Command::Toggle) => c.marketing = !c.marketing && c.consent.is_some(),
        Action::Cmd(Command::Confirm) if !c.on_body => c.on_body = true,
        Action::Cmd(Command::Confirm) => {
            let letter = Letter {
                subject: c.subject.text().trim().to_string(),
                body: c.body.text().trim().to_string(),
                marketing: c.marketing,
            };
            if letter.subject.is_empty() || letter.body.is_empty() {
                c.incomplete = true;
                c.on_body = !letter.subject.is_empty();
                return Next::Keep;
            }
            fx.push(Effect::SendLetter {
                id: c.customer,
                letter,
            });
            return Next::Close;
        }
        _ => {
            let field = if c.on_body {
                &mut c.body
            } else {
                &mut c.subject
            };
            if edit(field, a) {
                c.incomplete = false;
            }
        }
    }
    Next::Keep
}
