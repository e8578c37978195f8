//! The Contact tab's message: the popup that writes an e-mail or an SMS to the open
//! card's customer.
//!
//! Invariants: it opens only when a channel can go (`[email]` set and an address, or
//! `[sms]` set and a phone; else the status says what is missing), on e-mail when both
//! can; the SMS key switches between the two only when both can; an SMS has no subject
//! (the text has the focus); marketing can be ticked only when the chosen channel's
//! consent is stored as given, starts unticked (a message is personal unless the cashier
//! says otherwise) and is unticked by a switch to a channel without consent; Enter on the
//! subject goes to the text, Enter on the text sends, and nothing is sent while what the
//! channel needs is empty; the service checks all of it again.

use super::super::action::{Action, Effect};
use super::super::state::{Compose, Msg};
use super::super::text_input::TextInput;
use super::popup::{edit, Next};
use crate::domain::customer::{Consent, Customer};
use crate::keys::Command;
use crate::service::Letter;
use crate::store::messages::Channel;

/// The popup for `customer`, or why it cannot open (`email`, `sms`: `[email]`, `[sms]`
/// are set).
pub(super) fn compose(customer: &Customer, email: bool, sms: bool) -> Result<Compose, Msg> {
    let d = &customer.data;
    let present = |v: Option<&str>| {
        v.map(str::trim)
            .filter(|e| !e.is_empty())
            .map(str::to_string)
    };
    let address = present(d.email.as_deref()).filter(|_| email);
    let phone = present(d.phone.as_deref())
        .or_else(|| present(d.phone2.as_deref()))
        .filter(|_| sms);
    let channel = match (&address, &phone) {
        (Some(_), _) => Channel::Email,
        (None, Some(_)) => Channel::Sms,
        (None, None) => return Err(Msg::CannotWrite { email, sms }),
    };
    let given = |c: &Consent| c.granted.then_some(c.since);
    Ok(Compose {
        customer: customer.id,
        channel,
        email: address,
        phone,
        subject: TextInput::default(),
        body: TextInput::default(),
        on_body: channel == Channel::Sms,
        marketing: false,
        consent_email: given(&d.preferences.marketing_email),
        consent_sms: given(&d.preferences.marketing_sms),
        incomplete: false,
    })
}

/// A key in the popup.
pub(super) fn input(c: &mut Compose, a: &Action, fx: &mut Vec<Effect>) -> Next {
    let sms = c.channel == Channel::Sms;
    match a {
        Action::Cmd(Command::Up) => c.on_body = sms,
        Action::Cmd(Command::Down) => c.on_body = true,
        Action::Cmd(Command::Toggle) => c.marketing = !c.marketing && c.consent().is_some(),
        Action::Cmd(Command::Sms) if c.can_switch() => {
            c.channel = if sms { Channel::Email } else { Channel::Sms };
            c.on_body = !sms || c.on_body;
            c.marketing = c.marketing && c.consent().is_some();
            c.incomplete = false;
        }
        Action::Cmd(Command::Sms) => {}
        Action::Cmd(Command::Confirm) if !c.on_body => c.on_body = true,
        Action::Cmd(Command::Confirm) => {
            let letter = Letter {
                channel: c.channel,
                subject: if sms {
                    String::new()
                } else {
                    c.subject.text().trim().to_string()
                },
                body: c.body.text().trim().to_string(),
                marketing: c.marketing,
            };
            if (!sms && letter.subject.is_empty()) || letter.body.is_empty() {
                c.incomplete = true;
                c.on_body = sms || !letter.subject.is_empty();
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
