//! SMS on screen: the Contact tab's popup switched to SMS (the phone in the title, the
//! length counter, the SMS consent) in the four languages and in ASCII, the e-mail popup
//! offering the switch, the payment popup's receipt by SMS with its key, and History and
//! the status bar saying where the SMS are.

use super::{act, cmd, text, ticket_holding, typ};
use crate::app::action::Action;
use crate::app::fixtures as fx;
use crate::app::state::{Lang, MailStatus, State, Tab};
use crate::domain::ledger::Balances;
use crate::keys::Command as C;

/// The card's Contact tab with `[email]` and `[sms]` set, the customer consenting to
/// marketing by SMS (not by e-mail).
fn contact(lang: Lang) -> State {
    let mut s = State::new(fx::settings(lang), fx::now());
    s.settings.email = true;
    s.settings.sms = true;
    let mut c = fx::customer(1, "Mélanie", "Dupont");
    c.data.preferences.marketing_sms.granted = true;
    c.data.preferences.marketing_sms.since = chrono::NaiveDate::from_ymd_opt(2026, 3, 14);
    act(&mut s, Action::CardLoaded(Box::new(fx::card_data(&c))));
    while s.card.as_ref().map(|c| c.tab) != Some(Tab::Contact) {
        cmd(&mut s, C::NextTab);
    }
    cmd(&mut s, C::Edit);
    s
}

/// The popup switched to SMS, marketing ticked, a text typed.
pub(super) fn compose_sms(lang: Lang) -> State {
    let mut s = contact(lang);
    cmd(&mut s, C::Sms);
    cmd(&mut s, C::Toggle);
    typ(
        &mut s,
        "Bonjour Mélanie, votre commande est arrivée : passez quand vous voulez !",
    );
    s
}

#[test]
fn popup_sms_in_every_language_and_in_ascii() {
    for lang in Lang::ALL {
        let s = compose_sms(lang);
        let screen = text(&s, 80, 24);
        insta::assert_snapshot!(format!("popup_sms_{}_80x24", lang.code()), screen);
        assert!(screen.contains("06 12 34 56 78"), "{lang:?}: {screen}");
        assert!(
            screen.contains("[x]"),
            "{lang:?}: marketing ticked: {screen}"
        );
        assert!(screen.contains("72 "), "{lang:?}: the counter: {screen}");
        assert!(screen.contains(">"), "{lang:?}: the focus: {screen}");
    }
    let en = text(&compose_sms(Lang::En), 80, 24);
    assert!(en.contains("SMS to 06 12 34 56 78"), "{en}");
    assert!(en.contains("72 characters, 1 SMS"), "{en}");
    assert!(en.contains("F4: e-mail"), "{en}");
    let mut ascii = compose_sms(Lang::Fr);
    ascii.settings.ascii = true;
    let screen = text(&ascii, 80, 24);
    insta::assert_snapshot!("popup_sms_ascii_fr_80x24", screen);
    assert!(!screen.contains(['─', '│', '█']), "{screen}");
}

/// Unicode text: the counter says so, and counts parts of 67.
#[test]
fn the_counter_says_when_the_text_needs_unicode() {
    let mut s = contact(Lang::En);
    cmd(&mut s, C::Sms);
    typ(&mut s, &"Fête ".repeat(15));
    let screen = text(&s, 80, 24);
    assert!(
        screen.contains("74 characters, 2 SMS (Unicode: 70 per SMS)"),
        "{screen}"
    );
}

#[test]
fn the_e_mail_popup_offers_the_switch_to_sms() {
    let s = contact(Lang::En);
    let screen = text(&s, 80, 24);
    insta::assert_snapshot!("popup_letter_switch_en_80x24", screen);
    assert!(
        screen.contains("E-mail to mélanie.dupont@example.fr"),
        "{screen}"
    );
    assert!(screen.contains("F4: SMS"), "{screen}");
    assert!(
        screen.contains("[ ] Marketing (no consent: a personal message only)"),
        "the e-mail's consent, not the SMS's: {screen}"
    );
}

/// The payment popup of a customer with an address and a phone, both channels set up:
/// the receipt by e-mail (F2) and by SMS (F4), each with where it goes.
pub(super) fn pay_both(lang: Lang) -> State {
    let mut s = State::new(fx::settings(lang), fx::now());
    s.settings.email = true;
    s.settings.sms = true;
    ticket_holding(&mut s, Balances::default());
    if let Some(c) = s.ticket.customer.as_mut() {
        c.email = Some("melanie@example.fr".into());
        c.receipt_by_sms = true;
    }
    cmd(&mut s, C::PayCash);
    s
}

#[test]
fn popup_pay_sms_in_every_language() {
    for lang in Lang::ALL {
        let s = pay_both(lang);
        let screen = text(&s, 80, 24);
        insta::assert_snapshot!(format!("popup_pay_sms_{}_80x24", lang.code()), screen);
        assert!(screen.contains("F4 "), "{lang:?}: {screen}");
        assert!(screen.contains("06 12 34 56 78"), "{lang:?}: {screen}");
    }
    let mut s = pay_both(Lang::En);
    let screen = text(&s, 80, 24);
    assert!(screen.contains("F2 receipt by e-mail: no"), "{screen}");
    assert!(
        screen.contains("F4 receipt by SMS: yes  06 12 34 56 78"),
        "{screen}"
    );
    cmd(&mut s, C::Sms);
    let screen = text(&s, 80, 24);
    assert!(screen.contains("F4 receipt by SMS: no"), "{screen}");
}

#[test]
fn history_and_the_status_bar_say_where_the_sms_are() {
    use crate::app::view::MailState;
    let mut s = fx::state();
    s.settings.sms = true;
    let c = fx::customer(1, "Mélanie", "Dupont");
    let mut data = fx::card_data(&c);
    data.history[1].sms = Some(MailState::Sent);
    data.history[2].sms = Some(MailState::Failed);
    data.history[2].email = Some(MailState::Sent);
    act(&mut s, Action::CardLoaded(Box::new(data)));
    while s.card.as_ref().map(|c| c.tab) != Some(Tab::History) {
        cmd(&mut s, C::NextTab);
    }
    let trouble = MailStatus {
        waiting: 1,
        failed: 1,
        offline: true,
    };
    act(&mut s, Action::Mail(trouble));
    let out = text(&s, 80, 24);
    assert!(out.contains("SMS sent"), "{out}");
    assert!(out.contains("e-mail sent  SMS failed"), "{out}");
    assert!(out.contains("SMS: offline (1 waiting, 1 failed)"), "{out}");
    s.settings.email = true;
    s.settings.lang = Lang::Fr;
    let out = text(&s, 80, 24);
    assert!(out.contains("SMS envoyé"), "{out}");
    assert!(
        out.contains("messages : hors ligne (1 en attente, 1 en échec)"),
        "{out}"
    );
}
