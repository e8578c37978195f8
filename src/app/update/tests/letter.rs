//! The Contact tab's message through `update`: it opens only with `[email]` and an
//! address or `[sms]` and a phone, marketing only with that channel's consent, Enter
//! goes from the subject to the text and sends only when what the channel needs is
//! written; the SMS key switches channels when both can go.

use super::super::super::action::Effect;
use super::super::super::fixtures as fx;
use super::super::super::state::{Msg, Popup, State, Tab};
use super::super::update;
use super::{cmd, typ};
use crate::app::action::Action;
use crate::keys::Command as C;
use crate::service::Letter;
use crate::store::messages::Channel;

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
        Some(&Msg::CannotWrite {
            email: false,
            sms: false
        })
    );
    let mut s = contact(true, false);
    s.card.as_mut().unwrap().data.customer.data.email = None;
    cmd(&mut s, C::Edit);
    assert!(s.popup.is_none());
    assert_eq!(
        s.status.message.as_ref().map(|m| &m.0),
        Some(&Msg::CannotWrite {
            email: true,
            sms: false
        })
    );
}

#[test]
fn a_personal_e_mail_is_written_and_sent_marketing_needs_consent() {
    let mut s = contact(true, false);
    cmd(&mut s, C::Edit);
    assert_eq!(compose(&s).to(), "mélanie.dupont@example.fr");
    assert_eq!(compose(&s).channel, Channel::Email);
    // Without [sms], the SMS key does nothing.
    cmd(&mut s, C::Sms);
    assert_eq!(compose(&s).channel, Channel::Email);
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
                channel: Channel::Email,
                subject: "Votre commande".into(),
                body: "Le livre est arrivé.".into(),
                marketing: false,
            },
        }]
    );
    update(&mut s, Action::LetterQueued(Channel::Email));
    assert_eq!(
        s.status.message.as_ref().map(|m| &m.0),
        Some(&Msg::LetterQueued(Channel::Email))
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

fn texting(email: bool, sms_consent: bool) -> State {
    let mut s = contact(email, false);
    s.settings.sms = true;
    if let Some(card) = s.card.as_mut() {
        let p = &mut card.data.customer.data.preferences;
        p.marketing_sms.granted = sms_consent;
        p.marketing_sms.since = chrono::NaiveDate::from_ymd_opt(2026, 3, 14);
    }
    s
}

#[test]
fn the_sms_key_switches_to_an_sms_with_its_own_consent_and_no_subject() {
    let mut s = texting(true, true);
    cmd(&mut s, C::Edit);
    assert_eq!(compose(&s).channel, Channel::Email, "e-mail first");
    assert!(compose(&s).can_switch());
    // Ticked by e-mail without the e-mail consent: refused.
    cmd(&mut s, C::Toggle);
    assert!(!compose(&s).marketing);
    cmd(&mut s, C::Sms);
    let c = compose(&s);
    assert_eq!(
        (c.channel, c.to(), c.on_body),
        (Channel::Sms, "+33612345678", true)
    );
    // By SMS the consent is there: marketing can be ticked; back to e-mail unticks it.
    cmd(&mut s, C::Toggle);
    assert!(compose(&s).marketing);
    cmd(&mut s, C::Sms);
    assert!(!compose(&s).marketing, "no e-mail consent");
    cmd(&mut s, C::Sms);
    cmd(&mut s, C::Up);
    assert!(compose(&s).on_body, "an SMS has no subject to go up to");
    // Enter with nothing written: refused; with a text, it goes without a subject.
    assert!(cmd(&mut s, C::Confirm).is_empty());
    assert!(compose(&s).incomplete);
    typ(&mut s, "Votre livre est arrivé.");
    cmd(&mut s, C::Toggle);
    let id = s.card.as_ref().unwrap().data.customer.id;
    assert_eq!(
        cmd(&mut s, C::Confirm),
        [Effect::SendLetter {
            id,
            letter: Letter {
                channel: Channel::Sms,
                subject: String::new(),
                body: "Votre livre est arrivé.".into(),
                marketing: true,
            },
        }]
    );
}

#[test]
fn with_only_sms_set_up_or_only_a_phone_the_popup_opens_on_sms() {
    let mut s = texting(false, false);
    cmd(&mut s, C::Edit);
    assert_eq!(compose(&s).channel, Channel::Sms);
    assert!(!compose(&s).can_switch());
    cmd(&mut s, C::Sms);
    assert_eq!(compose(&s).channel, Channel::Sms, "nothing to switch to");
    let mut s = texting(true, false);
    s.card.as_mut().unwrap().data.customer.data.email = None;
    cmd(&mut s, C::Edit);
    assert_eq!(compose(&s).channel, Channel::Sms);
    // No phone either: the status says what is missing for both.
    let mut s = texting(true, false);
    let d = &mut s.card.as_mut().unwrap().data.customer.data;
    d.email = None;
    d.phone = None;
    d.phone2 = None;
    cmd(&mut s, C::Edit);
    assert!(s.popup.is_none());
    assert_eq!(
        s.status.message.as_ref().map(|m| &m.0),
        Some(&Msg::CannotWrite {
            email: true,
            sms: true
        })
    );
}
