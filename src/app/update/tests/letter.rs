//! The Contact tab's e-mail through `update`: it opens only with `[email]` and an
//! address, marketing only with consent, Enter goes from the subject to the text and
//! sends only when both are written.

use super::super::super::action::Effect;
use super::super::super::fixtures as fx;
use super::super::super::state::{Msg, Popup, State, Tab};
use super::super::update;
use super::{cmd, typ};
use crate::app::action::Action;
use crate::keys::Command as C;
use crate::service::Letter;

fn contact(email: bool, consent: bool) -> State {
    let mut s = fx::state();
    s.settings.email = email;
    let mut c = fx::customer(1, "Mélanie", "Dupont");
    c.data.preferences.marketing_email.granted = consent;
    update(&mut s, Action::CardLoaded(Box::new(fx::card_data(&c))));
    while s.card.as_ref().map(|c| c.tab) != Some(Tab::Contact) {
        cmd(&mut s, C::NextTab);
    }
    s
}

fn compose(s: &State) -> &crate::app::state::Compose {
    match &s.popup {
        Some(Popup::Compose(c)) => c,
        other => panic!("no e-mail popup: {other:?}"),
    }
}

#[test]
fn without_email_configured_or_an_address_the_tab_says_why() {
    let mut s = contact(false, false);
    cmd(&mut s, C::Edit);
    assert!(s.popup.is_none());
    assert_eq!(
        s.status.message.as_ref().map(|m| &m.0),
        Some(&Msg::CannotWrite { configured: false })
    );
    let mut s = contact(true, false);
    s.card.as_mut().unwrap().data.customer.data.email = None;
    cmd(&mut s, C::Edit);
    assert!(s.popup.is_none());
    assert_eq!(
        s.status.message.as_ref().map(|m| &m.0),
        Some(&Msg::CannotWrite { configured: true })
    );
}

#[test]
fn a_personal_e_mail_is_written_and_sent_marketing_needs_consent() {
    let mut s = contact(true, false);
    cmd(&mut s, C::Edit);
    assert_eq!(compose(&s).to, "mélanie.dupont@example.fr");
    // No consent: F2 cannot tick marketing.
    cmd(&mut s, C::Toggle);
    assert!(!compose(&s).marketing);
    // Enter with nothing written goes to the text; Enter there refuses the empty letter.
    cmd(&mut s, C::Confirm);
    assert!(compose(&s).on_body);
    assert!(cmd(&mut s, C::Confirm).is_empty());
    assert!(compose(&s).incomplete);
    assert!(!compose(&s).on_body, "back to the empty subject");
    typ(&mut s, "Votre commande");
    cmd(&mut s, C::Down);
    typ(&mut s, "Le livre est arrivé.");
    let fx = cmd(&mut s, C::Confirm);
    assert!(s.popup.is_none());
    let id = s.card.as_ref().unwrap().data.customer.id;
    assert_eq!(
        fx,
        [Effect::SendLetter {
            id,
            letter: Letter {
                subject: "Votre commande".into(),
                body: "Le livre est arrivé.".into(),
                marketing: false,
            },
        }]
    );
    update(&mut s, Action::LetterQueued);
    assert_eq!(
        s.status.message.as_ref().map(|m| &m.0),
        Some(&Msg::LetterQueued)
    );
}

#[test]
fn with_consent_the_letter_can_be_marketing() {
    let mut s = contact(true, true);
    cmd(&mut s, C::Edit);
    cmd(&mut s, C::Toggle);
    assert!(compose(&s).marketing);
    typ(&mut s, "Soldes");
    cmd(&mut s, C::Confirm);
    typ(&mut s, "-20 % ce week-end.");
    match &cmd(&mut s, C::Confirm)[..] {
        [Effect::SendLetter { letter, .. }] => assert!(letter.marketing),
        other => panic!("{other:?}"),
    }
}
