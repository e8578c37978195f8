//! The setup flow through `update` alone: fields, prefills, errors under their fields,
//! the PIN typed twice, saving as an effect, the runner's answer, and the two exits.

use super::super::action::{Action, Effect};
use super::super::fixtures as fx;
use super::super::state::{Lang, Msg, Screen, State};
use super::super::update;
use super::{SetupError, SetupField as F, SetupStage};
use crate::config::Config;
use crate::keys::Command as C;

fn cmd(s: &mut State, c: C) -> Vec<Effect> {
    update(s, Action::Cmd(c))
}

fn typ(s: &mut State, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| update(s, Action::Char(c)))
        .collect()
}

/// A register opened on the setup screen.
pub(crate) fn setup_state() -> State {
    let mut s = fx::state();
    s.start_setup();
    s
}

/// Moves the focus to `field`.
fn go(s: &mut State, field: F) {
    let at = F::ALL.iter().position(|f| *f == field).unwrap();
    if let Some(st) = s.setup.as_mut() {
        st.focus = at;
    }
}

fn value(s: &State, field: F) -> String {
    s.setup.as_ref().unwrap().value(field).to_string()
}

fn errors(s: &State, field: F) -> Vec<SetupError> {
    s.setup
        .as_ref()
        .unwrap()
        .errors_for(field)
        .cloned()
        .collect()
}

/// Types a whole valid shop, field by field, as the owner would (Tab between fields).
pub(crate) fn fill(s: &mut State) {
    for (field, text) in [
        (F::Name, "Épicerie Martin"),
        (F::Line1, "12 rue des Lilas"),
        (F::PostalCode, "75011"),
        (F::Register, "R1"),
        (F::VatNumber, "FR40303265045"),
        (F::Pin, "246813"),
        (F::PinAgain, "246813"),
    ] {
        go(s, field);
        typ(s, text);
        cmd(s, C::NextField);
    }
}

#[test]
fn the_setup_opens_prefilled_with_the_country_facts_only() {
    let s = setup_state();
    assert_eq!(s.screen, Screen::Setup);
    assert!(s.back.is_empty());
    assert_eq!(value(&s, F::Country), "FR");
    assert_eq!(value(&s, F::Currency), "EUR");
    assert_eq!(value(&s, F::Language), "en");
    assert_eq!(value(&s, F::Register), "R1");
    assert_eq!(value(&s, F::VatRates), "20 / 10 / 5.5 / 2.1");
    for f in [
        F::Name,
        F::Line1,
        F::PostalCode,
        F::City,
        F::VatNumber,
        F::Pin,
    ] {
        assert_eq!(value(&s, f), "", "{f:?} is not invented");
    }
}

#[test]
fn the_postal_code_fills_the_city_and_a_new_country_brings_its_currency_and_rates() {
    let mut s = setup_state();
    go(&mut s, F::PostalCode);
    typ(&mut s, "75011");
    assert_eq!(value(&s, F::City), "Paris");
    go(&mut s, F::Country);
    // Letters do nothing on a choice; Space, F2 and Left/Right walk the list.
    assert!(typ(&mut s, "x").is_empty());
    assert_eq!(value(&s, F::Country), "FR");
    typ(&mut s, " ");
    assert_eq!(value(&s, F::Country), "LU");
    cmd(&mut s, C::Toggle);
    assert_eq!(value(&s, F::Country), "NL");
    cmd(&mut s, C::Left);
    cmd(&mut s, C::Left);
    cmd(&mut s, C::Left);
    assert_eq!(value(&s, F::Country), "DE");
    assert_eq!(value(&s, F::VatRates), "19 / 7");
    cmd(&mut s, C::Left);
    assert_eq!(value(&s, F::Country), "CH");
    assert_eq!(value(&s, F::Currency), "CHF");
    assert_eq!(value(&s, F::VatRates), "8.1 / 2.6 / 3.8");
    // 75011 is no Swiss code: the city filled from it goes.
    assert_eq!(value(&s, F::City), "");
    // Rates the owner typed stay when the country changes.
    go(&mut s, F::VatRates);
    typ(&mut s, " / 0");
    go(&mut s, F::Country);
    cmd(&mut s, C::Right);
    assert_eq!(value(&s, F::Country), "DE");
    assert_eq!(value(&s, F::VatRates), "8.1 / 2.6 / 3.8 / 0");
}

#[test]
fn choosing_french_turns_the_screen_french_at_once() {
    let mut s = setup_state();
    go(&mut s, F::Language);
    typ(&mut s, " ");
    assert_eq!(value(&s, F::Language), "fr");
    assert_eq!(s.settings.lang, Lang::Fr);
}

#[test]
fn the_language_choice_offers_the_four_languages_in_turn() {
    let mut s = setup_state();
    go(&mut s, F::Language);
    let mut seen = vec![value(&s, F::Language)];
    for _ in 0..4 {
        typ(&mut s, " ");
        seen.push(value(&s, F::Language));
    }
    assert_eq!(seen, ["en", "fr", "nl", "de", "en"]);
    typ(&mut s, " ");
    typ(&mut s, " ");
    typ(&mut s, " ");
    assert_eq!(s.settings.lang, Lang::De);
}

#[test]
fn saving_an_empty_form_marks_every_required_field_and_keeps_what_was_typed() {
    let mut s = setup_state();
    typ(&mut s, "Chez Lulu");
    assert!(cmd(&mut s, C::Save).is_empty(), "nothing saved");
    for f in [F::Line1, F::PostalCode, F::City, F::Pin, F::PinAgain] {
        assert_eq!(errors(&s, f), [SetupError::Required], "{f:?}");
    }
    assert!(errors(&s, F::Name).is_empty());
    assert!(errors(&s, F::Line2).is_empty() && errors(&s, F::VatNumber).is_empty());
    assert_eq!(value(&s, F::Name), "Chez Lulu");
    assert_eq!(s.setup.as_ref().map(|st| st.focus), Some(1), "first error");
    assert!(matches!(
        s.status.message.as_ref().map(|m| &m.0),
        Some(Msg::FixErrors(5))
    ));
}

#[test]
fn bad_values_are_refused_under_their_fields() {
    let mut s = setup_state();
    fill(&mut s);
    for (field, text) in [
        (F::PostalCode, "7501"),
        (F::Register, "R-1"),
        (F::VatNumber, "FR00303265045"),
        (F::VatRates, "20 / abc / 20,0"),
        (F::Pin, "12a4"),
    ] {
        go(&mut s, field);
        s.setup.as_mut().unwrap().set(field, text);
    }
    assert!(cmd(&mut s, C::Save).is_empty());
    assert_eq!(errors(&s, F::PostalCode), [SetupError::PostalCode]);
    assert_eq!(errors(&s, F::Register), [SetupError::Register]);
    assert!(matches!(
        errors(&s, F::VatNumber).as_slice(),
        [SetupError::VatNumber(_)]
    ));
    assert_eq!(
        errors(&s, F::VatRates),
        [
            SetupError::VatRate("abc".into()),
            SetupError::RateTwice("20,0".into())
        ]
    );
    assert_eq!(errors(&s, F::Pin), [SetupError::PinDigits]);
    assert_eq!(errors(&s, F::PinAgain), [SetupError::PinMismatch]);
}

#[test]
fn the_pin_needs_six_digits_typed_twice_alike() {
    let mut s = setup_state();
    fill(&mut s);
    for (pin, again, pin_err, again_err) in [
        ("1234", "1234", vec![SetupError::PinShort], vec![]),
        ("246813", "246831", vec![], vec![SetupError::PinMismatch]),
        (
            "1234567890123",
            "1234567890123",
            vec![SetupError::PinDigits],
            vec![],
        ),
    ] {
        let st = s.setup.as_mut().unwrap();
        st.set(F::Pin, pin);
        st.set(F::PinAgain, again);
        assert!(cmd(&mut s, C::Save).is_empty());
        assert_eq!(errors(&s, F::Pin), pin_err, "{pin}");
        assert_eq!(errors(&s, F::PinAgain), again_err, "{pin} {again}");
    }
}

/// Saves a filled setup: the effect, then the runner's answer fed back.
fn saved(s: &mut State) {
    let fx = cmd(s, C::Save);
    let [Effect::SaveSetup { shop, pin }] = fx.as_slice() else {
        panic!("one save effect: {fx:?}");
    };
    assert_eq!(pin, "246813");
    assert_eq!(shop.name, "Épicerie Martin");
    assert_eq!(shop.address, ["12 rue des Lilas", "75011 Paris"]);
    assert_eq!(shop.vat_number.as_deref(), Some("FR40303265045"));
    let rates: Vec<String> = shop
        .vat_rates
        .iter()
        .map(|p| p.as_decimal().to_string())
        .collect();
    assert_eq!(rates, ["20", "10", "5.5", "2.1"]);
    assert_eq!(
        s.setup.as_ref().map(|st| st.stage),
        Some(SetupStage::Saving)
    );
    // Keys wait while it is written.
    let before = s.clone();
    assert!(typ(s, "9").is_empty() && cmd(s, C::Save).is_empty());
    assert_eq!(*s, before);
    let text = format!(
        "[shop]\nname = \"{}\"\naddress = [\"12 rue des Lilas\", \"75011 Paris\"]\n\
         [manager]\npin_hash = \"$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXo\"\n",
        shop.name
    );
    let config = Config::from_toml(
        &text,
        std::path::Path::new("/home/shop/.config/comptoir/config.toml"),
    )
    .unwrap();
    update(s, Action::SetupSaved(Ok(Box::new(config))));
}

#[test]
fn a_saved_setup_applies_its_settings_then_start_selling_opens_the_sale_screen() {
    let mut s = setup_state();
    s.settings.pin_configured = false;
    fill(&mut s);
    saved(&mut s);
    let st = s.setup.as_ref().unwrap();
    assert_eq!(st.stage, SetupStage::Choose { selected: 0 });
    assert_eq!(
        st.saved_to.as_deref(),
        Some("/home/shop/.config/comptoir/config.toml")
    );
    assert_eq!(st.value(F::Pin), "", "the PIN is not kept");
    assert_eq!(s.settings.shop_name, "Épicerie Martin");
    assert!(s.settings.pin_configured);
    // Esc goes nowhere; Down then Enter starts selling.
    assert!(cmd(&mut s, C::Back).is_empty());
    assert_eq!(s.screen, Screen::Setup);
    cmd(&mut s, C::NextField);
    assert!(cmd(&mut s, C::Confirm).is_empty());
    assert_eq!(s.screen, Screen::Sale);
    assert!(s.setup.is_none() && s.back.is_empty());
}

#[test]
fn import_customers_now_opens_the_import_screen_over_the_sale_screen() {
    let mut s = setup_state();
    fill(&mut s);
    saved(&mut s);
    let fx = cmd(&mut s, C::Confirm);
    assert_eq!(s.screen, Screen::Import);
    assert!(matches!(fx.as_slice(), [Effect::ListDir(_)]), "{fx:?}");
    assert!(s.setup.is_none());
    cmd(&mut s, C::Back);
    assert_eq!(
        s.screen,
        Screen::Sale,
        "Esc from the import: the sale screen"
    );
}

#[test]
fn enter_on_the_last_field_saves() {
    let mut s = setup_state();
    fill(&mut s);
    go(&mut s, F::PinAgain);
    assert!(matches!(
        cmd(&mut s, C::Confirm).as_slice(),
        [Effect::SaveSetup { .. }]
    ));
}

#[test]
fn a_file_that_cannot_be_written_is_said_and_the_fields_stay() {
    let mut s = setup_state();
    fill(&mut s);
    let _ = cmd(&mut s, C::Save);
    update(&mut s, Action::SetupSaved(Err("permission denied".into())));
    let st = s.setup.as_ref().unwrap();
    assert_eq!(st.stage, SetupStage::Fields);
    assert_eq!(st.failure.as_deref(), Some("permission denied"));
    assert_eq!(st.value(F::Name), "Épicerie Martin");
    assert!(matches!(
        cmd(&mut s, C::Save).as_slice(),
        [Effect::SaveSetup { .. }]
    ));
}

#[test]
fn quitting_the_setup_writes_nothing_and_scans_are_ignored() {
    let mut s = setup_state();
    let scan = crate::input::Scan {
        code: "3017620422003".into(),
        reader: "front".into(),
        kind: crate::input::ReaderKind::Barcode,
        valid: true,
        raw_keys: 13,
        reason: None,
    };
    assert!(update(&mut s, Action::Scan(scan)).is_empty());
    assert_eq!(value(&s, F::Name), "");
    assert!(cmd(&mut s, C::Quit).is_empty());
    assert!(s.quit);
}
