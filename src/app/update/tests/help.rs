//! The help overlay through `update`: which keys it lists, that it only scrolls and
//! closes, and that the keys it leaves out change nothing where they are left out.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::super::super::action::{Action, Effect};
use super::super::super::fixtures as fx;
use super::super::super::state::{Help, Msg, Popup, State, Tab};
use super::super::super::view::{help_rows, idle, scope};
use super::super::update;
use super::{cmd, typ, with_lines};
use crate::input::Scan;
use crate::keys::{self, Command as C, KeyOverride, KeySpec, Scope};

/// A key pressed as the register reads it: through the keymap in use, in the scope that
/// has the focus.
fn press(s: &mut State, code: KeyCode, mods: KeyModifiers) -> Vec<Effect> {
    let k = KeyEvent::new(code, mods);
    match keys::resolve(&s.settings.keymap, scope(s), &k) {
        Some(p) => update(s, Action::from(p)),
        None => Vec::new(),
    }
}

fn f1(s: &mut State) -> Vec<Effect> {
    press(s, KeyCode::F(1), KeyModifiers::NONE)
}

#[test]
fn f1_opens_the_keys_of_the_sale_screen_and_esc_closes_it_changing_nothing_else() {
    let mut s = fx::state();
    with_lines(&mut s);
    typ(&mut s, "123");
    let before = s.clone();
    assert!(f1(&mut s).is_empty());
    assert_eq!(
        s.help,
        Some(Help {
            scope: Scope::Sale,
            selected: 0
        })
    );
    assert_eq!(scope(&s), Scope::Help, "keys now go to the help");
    // Scrolling, typing, a screen's key: only the highlighted row moves.
    for c in [C::Down, C::Down, C::PayCash, C::Confirm, C::Delete] {
        assert!(cmd(&mut s, c).is_empty(), "{c:?}");
    }
    assert!(typ(&mut s, "9").is_empty());
    assert_eq!(s.help.map(|h| h.selected), Some(2));
    assert!(press(&mut s, KeyCode::Esc, KeyModifiers::NONE).is_empty());
    assert_eq!(s, before);
    // F1 closes it too.
    f1(&mut s);
    assert!(s.help.is_some());
    f1(&mut s);
    assert_eq!(s, before);
}

#[test]
fn the_help_scrolls_within_its_rows() {
    let mut s = fx::state();
    f1(&mut s);
    let n = help_rows(&s.settings.keymap, Scope::Sale).len();
    assert!(n > 20, "every key of the sale screen: {n}");
    cmd(&mut s, C::Up);
    assert_eq!(s.help.map(|h| h.selected), Some(0));
    cmd(&mut s, C::PageDown);
    assert_eq!(s.help.map(|h| h.selected), Some(10));
    cmd(&mut s, C::End);
    assert_eq!(s.help.map(|h| h.selected), Some(n - 1));
    cmd(&mut s, C::Down);
    cmd(&mut s, C::PageDown);
    assert_eq!(s.help.map(|h| h.selected), Some(n - 1));
    cmd(&mut s, C::PageUp);
    assert_eq!(s.help.map(|h| h.selected), Some(n - 11));
    cmd(&mut s, C::Home);
    assert_eq!(s.help.map(|h| h.selected), Some(0));
}

#[test]
fn f1_in_a_popup_lists_the_popup_keys_and_closing_the_help_returns_to_it() {
    let mut s = fx::state();
    with_lines(&mut s);
    cmd(&mut s, C::PayCash);
    typ(&mut s, "20");
    let before = s.clone();
    f1(&mut s);
    assert_eq!(s.help.map(|h| h.scope), Some(Scope::Popup));
    typ(&mut s, "5");
    cmd(&mut s, C::Confirm);
    press(&mut s, KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!(s, before, "the payment popup is as it was, 20 typed");
    typ(&mut s, "5");
    assert!(matches!(&s.popup, Some(Popup::Pay(p)) if p.input.text() == "205"));
    // A yes/no question and the new-customer form have scopes of their own.
    cmd(&mut s, C::Back);
    cmd(&mut s, C::PayCard);
    f1(&mut s);
    assert_eq!(s.help.map(|h| h.scope), Some(Scope::Question));
    f1(&mut s);
    assert!(matches!(s.popup, Some(Popup::Confirm { .. })));
    cmd(&mut s, C::Back);
    cmd(&mut s, C::Customer);
    f1(&mut s);
    assert_eq!(s.help.map(|h| h.scope), Some(Scope::Picker));
    f1(&mut s);
    cmd(&mut s, C::NewCustomer);
    f1(&mut s);
    assert_eq!(s.help.map(|h| h.scope), Some(Scope::Form));
}

#[test]
fn a_scan_while_the_help_is_open_is_ignored_and_said_so() {
    let mut s = fx::state();
    f1(&mut s);
    let scan = Scan {
        code: "3017620422003".into(),
        reader: "front".into(),
        kind: crate::input::ReaderKind::Barcode,
        valid: true,
        raw_keys: 13,
        reason: None,
    };
    assert!(update(&mut s, Action::Scan(scan)).is_empty());
    assert!(s.ticket.lines.is_empty());
    assert_eq!(
        s.status.message.as_ref().map(|m| &m.0),
        Some(&Msg::ScanIgnored)
    );
    assert!(s.help.is_some());
}

#[test]
fn the_configured_help_key_opens_the_help_and_f1_then_means_what_it_is_given() {
    let mut s = fx::state();
    let moved = [
        KeyOverride {
            action: C::Help,
            key: KeySpec::parse("Ctrl+K").unwrap(),
        },
        KeyOverride {
            action: C::PayCash,
            key: KeySpec::parse("F1").unwrap(),
        },
    ];
    s.settings.keymap = keys::with_overrides(keys::DEFAULT, &moved).unwrap();
    with_lines(&mut s);
    press(&mut s, KeyCode::Char('k'), KeyModifiers::CONTROL);
    assert_eq!(s.help.map(|h| h.scope), Some(Scope::Sale));
    let rows = help_rows(&s.settings.keymap, Scope::Sale);
    let keys_of = |c: C| {
        rows.iter()
            .find(|r| r.command == c)
            .map(|r| r.keys.iter().map(keys::label).collect::<Vec<_>>())
    };
    assert_eq!(keys_of(C::Help), Some(vec!["^K".to_string()]));
    assert_eq!(keys_of(C::PayCash), Some(vec!["F1".to_string()]));
    press(&mut s, KeyCode::Char('k'), KeyModifiers::CONTROL);
    assert!(s.help.is_none());
    press(&mut s, KeyCode::F(1), KeyModifiers::NONE);
    assert!(
        matches!(s.popup, Some(Popup::Pay(_))),
        "F1 opens the payment"
    );
}

#[test]
fn the_help_lists_function_keys_first_in_order_then_the_others_once_each() {
    let rows = help_rows(keys::DEFAULT, Scope::Card);
    let labels: Vec<String> = rows
        .iter()
        .map(|r| r.keys.iter().map(keys::label).collect::<Vec<_>>().join("/"))
        .collect();
    assert_eq!(
        labels,
        [
            "F1",
            "F2",
            "F5",
            "F6",
            "F7",
            "F10",
            "F11",
            "Tab/Right",
            "S-Tab/Left",
            "Space",
            "^Q/^C",
            "Esc",
            "Enter",
            "Up",
            "Down",
            "PgUp",
            "PgDn"
        ]
    );
    // A question: its letters after Enter, the popups' function keys left out.
    let q = help_rows(keys::DEFAULT, Scope::Question);
    let confirm = q.iter().find(|r| r.command == C::Confirm).unwrap();
    let labels: Vec<String> = confirm.keys.iter().map(keys::label).collect();
    assert_eq!(labels, ["Enter", "Y", "O"]);
    assert!(q.iter().all(|r| r.command != C::Reprint));
}

/// The states the help can be opened in, one per scope (and per card tab).
fn every_focus() -> Vec<State> {
    let mut out = Vec::new();
    let mut sale = fx::state();
    with_lines(&mut sale);
    typ(&mut sale, "12");
    out.push(sale.clone());
    let mut picker = sale.clone();
    cmd(&mut picker, C::Customer);
    typ(&mut picker, "dup");
    out.push(picker.clone());
    let mut form = picker.clone();
    cmd(&mut form, C::NewCustomer);
    out.push(form);
    let c = fx::customer(1, "Mélanie", "Dupont");
    let mut card = fx::state();
    update(&mut card, Action::CardLoaded(Box::new(fx::card_data(&c))));
    for _ in Tab::ALL {
        out.push(card.clone());
        cmd(&mut card, C::NextTab);
    }
    let mut list = fx::state();
    list.unlock();
    cmd(&mut list, C::CustomersList);
    typ(&mut list, "du");
    out.push(list.clone());
    let mut import = list.clone();
    cmd(&mut import, C::Import);
    out.push(import);
    // The products screen (something typed in its search) and the groups screen.
    let mut products = list.clone();
    cmd(&mut products, C::Catalogue);
    typ(&mut products, "caf");
    out.push(products);
    let mut groups = list.clone();
    cmd(&mut groups, C::Groups);
    update(&mut groups, Action::GroupsLoaded(fx::group_rows()));
    out.push(groups);
    // The outbox screen, its messages read, the details open.
    let mut outbox = list.clone();
    cmd(&mut outbox, C::Outbox);
    update(
        &mut outbox,
        Action::OutboxLoaded(Ok(Box::new(fx::outbox()))),
    );
    out.push(outbox.clone());
    cmd(&mut outbox, C::Confirm);
    out.push(outbox);
    // The reports screen: the days answered, then the Z with a count typed.
    let mut reports = list;
    cmd(&mut reports, C::Reports);
    let seq = reports.reports.asked;
    let days = fx::report(crate::store::reports::ReportKind::Days, false);
    update(
        &mut reports,
        Action::ReportDone {
            seq,
            result: Ok(Box::new(days)),
        },
    );
    out.push(reports.clone());
    cmd(&mut reports, C::PrevTab);
    typ(&mut reports, "12");
    out.push(reports);
    let mut question = sale.clone();
    cmd(&mut question, C::PayCard);
    out.push(question);
    let mut checklist = picker;
    cmd(&mut checklist, C::ChooseFields);
    out.push(checklist);
    let mut help = sale;
    cmd(&mut help, C::Help);
    out.push(help);
    // The settings screen, filled, on a text field.
    let mut settings = crate::app::settings::tests::open(crate::app::state::Lang::En);
    typ(&mut settings, "x");
    out.push(settings);
    // The setup: a field typed in, a choice field, and the choice after saving.
    let mut setup = crate::app::setup::tests::setup_state();
    typ(&mut setup, "Chez");
    out.push(setup.clone());
    cmd(&mut setup, C::PageDown);
    cmd(&mut setup, C::NextField);
    out.push(setup.clone());
    if let Some(st) = setup.setup.as_mut() {
        st.stage = crate::app::setup::SetupStage::Choose { selected: 1 };
    }
    out.push(setup);
    out
}

#[test]
fn every_key_the_help_leaves_out_does_nothing_there() {
    let states = every_focus();
    for sc in Scope::ALL {
        if sc != Scope::Any && sc != Scope::Popup {
            assert!(
                states.iter().any(|s| scope(s) == sc),
                "{sc:?} is not checked"
            );
        }
    }
    for s in states {
        let sc = scope(&s);
        for bd in keys::in_scope(&s.settings.keymap, sc) {
            if !idle(sc, bd.command) {
                continue;
            }
            let mut after = s.clone();
            let effects = update(&mut after, Action::Cmd(bd.command));
            assert!(effects.is_empty(), "{sc:?} {:?}: {effects:?}", bd.command);
            assert!(after == s, "{sc:?} {:?} changed the state", bd.command);
        }
    }
}
