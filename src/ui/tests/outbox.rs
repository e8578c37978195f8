//! The managers' outbox screen at 80x24 in the four languages and in ASCII mode: the
//! messages with their counts, the selected message's details (the last error wrapped
//! whole), the empty outbox; and in English the screen loading, the filter on, a list cut
//! to the newest. States are reached through `update`, as a manager would reach them.

use super::{act, cmd, text};
use crate::app::action::Action;
use crate::app::fixtures as fx;
use crate::app::state::{Lang, ManagerOp, OutboxOp, State};
use crate::keys::Command as C;

/// The outbox screen opened by the manager, not answered yet.
pub(super) fn opened(lang: Lang, ascii: bool) -> State {
    let mut s = State::new(fx::settings(lang), fx::now());
    s.settings.ascii = ascii;
    s.unlock();
    act(&mut s, Action::Manager(ManagerOp::Outbox(OutboxOp::Open)));
    s
}

/// The outbox screen with the fixed messages.
pub(super) fn outbox(lang: Lang, ascii: bool) -> State {
    let mut s = opened(lang, ascii);
    act(&mut s, Action::OutboxLoaded(Ok(Box::new(fx::outbox()))));
    s
}

/// The failed message's details open.
pub(super) fn details(lang: Lang, ascii: bool) -> State {
    let mut s = outbox(lang, ascii);
    cmd(&mut s, C::Confirm);
    s
}

fn empty(lang: Lang, ascii: bool) -> State {
    let mut s = opened(lang, ascii);
    act(&mut s, Action::OutboxLoaded(Ok(Box::default())));
    s
}

fn check(name: &str, screen: &str) {
    assert!(
        !screen.contains('\u{1b}'),
        "{name}: no escape reaches the screen"
    );
    assert!(screen.contains('>'), "{name}: the selection is marked");
}

#[test]
fn the_list_the_details_and_the_empty_outbox_in_every_language() {
    for lang in Lang::ALL {
        let code = lang.code();
        let s = outbox(lang, false);
        let screen = text(&s, 80, 24);
        insta::assert_snapshot!(format!("outbox_list_{code}_80x24"), screen);
        check("list", &screen);
        let t = s.tr();
        for word in [
            t.outbox_status(crate::app::view::MailState::Failed, 24),
            "+33612345678",
        ] {
            assert!(screen.contains(word), "{code}: {word} in\n{screen}");
        }
        let d = details(lang, false);
        let screen = text(&d, 80, 24);
        insta::assert_snapshot!(format!("outbox_details_{code}_80x24"), screen);
        check("details", &screen);
        assert!(
            screen.contains("550 5.1.1") && screen.contains("address for good)"),
            "{code}: the last error whole, wrapped:\n{screen}"
        );
        let e = empty(lang, false);
        let screen = text(&e, 80, 24);
        insta::assert_snapshot!(format!("outbox_empty_{code}_80x24"), screen);
        let start: String = e.tr().outbox_empty(false).chars().take(20).collect();
        assert!(screen.contains(&start), "{screen}");
    }
}

#[test]
fn the_list_the_details_and_the_empty_outbox_in_ascii() {
    for (name, s) in [
        ("list", outbox(Lang::En, true)),
        ("details", details(Lang::En, true)),
        ("empty", empty(Lang::En, true)),
    ] {
        let screen = text(&s, 80, 24);
        insta::assert_snapshot!(format!("outbox_{name}_ascii_80x24"), screen);
        assert!(!screen.contains('─') && !screen.contains('│'), "{screen}");
    }
}

#[test]
fn loading_the_filter_and_a_list_cut_to_the_newest() {
    let loading = opened(Lang::En, false);
    let screen = text(&loading, 80, 24);
    insta::assert_snapshot!("outbox_loading_en_80x24", screen);
    assert!(screen.contains("loading"), "{screen}");
    let mut only = outbox(Lang::En, false);
    cmd(&mut only, C::Filter);
    let screen = text(&only, 80, 24);
    insta::assert_snapshot!("outbox_only_open_en_80x24", screen);
    assert!(screen.contains("only waiting and failed"), "{screen}");
    assert!(
        !screen.contains("bob@example.com"),
        "the sent ones are hidden"
    );
    let mut cut = opened(Lang::En, false);
    let mut many = fx::outbox();
    many.sent = 700;
    many.cut = true;
    act(&mut cut, Action::OutboxLoaded(Ok(Box::new(many))));
    let screen = text(&cut, 80, 24);
    assert!(screen.contains("(the newest 6 listed)"), "{screen}");
}
