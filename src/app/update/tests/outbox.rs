//! The outbox screen through `update` alone: the manager rule before the screen and
//! before a retry left on it, the messages read in the background ("loading" until
//! then), moving and the details, the filter, a retry asking the service as the manager
//! (only for a failed or waiting message), and the messages read again after a retry and
//! when the message worker's counts change while the screen is open.

use super::super::super::action::{Action, Effect};
use super::super::super::fixtures as fx;
use super::super::super::state::{MailStatus, ManagerOp, Msg, OutboxOp, Popup, Screen, State};
use super::super::update;
use super::{cmd, unlock_with_pin};
use crate::keys::Command as C;
use crate::store::messages::Status;

/// The customers list, the role unlocked.
fn list() -> State {
    let mut s = fx::state();
    s.unlock();
    cmd(&mut s, C::CustomersList);
    assert_eq!(s.screen, Screen::List);
    s
}

/// The outbox screen open, the fixed outbox read.
fn outbox() -> State {
    let mut s = list();
    assert_eq!(cmd(&mut s, C::Outbox), vec![Effect::LoadOutbox]);
    update(&mut s, Action::OutboxLoaded(Ok(Box::new(fx::outbox()))));
    s
}

fn selected(s: &State) -> Option<(i64, Status)> {
    s.outbox.current().map(|m| (m.id, m.status))
}

fn message(s: &State) -> Option<(Msg, chrono::DateTime<chrono::Utc>)> {
    s.status.message.clone()
}

#[test]
fn the_screen_opens_after_the_pin_and_reads_the_outbox_in_the_background() {
    let mut s = list();
    s.lock();
    assert!(cmd(&mut s, C::Outbox).is_empty());
    assert_eq!(s.screen, Screen::List, "not opened without the PIN");
    assert!(matches!(
        &s.popup,
        Some(Popup::Pin {
            op: ManagerOp::Outbox(OutboxOp::Open),
            ..
        })
    ));
    let effects = unlock_with_pin(&mut s);
    assert_eq!(s.screen, Screen::Outbox);
    assert_eq!(effects, vec![Effect::LoadOutbox]);
    assert!(
        s.outbox.loading && !s.outbox.loaded,
        "loading... until the answer"
    );
    update(&mut s, Action::OutboxLoaded(Ok(Box::new(fx::outbox()))));
    assert!(!s.outbox.loading && s.outbox.loaded);
    assert_eq!(selected(&s), Some((6, Status::Failed)), "the newest first");
    // Esc goes back to the list.
    assert!(cmd(&mut s, C::Back).is_empty());
    assert_eq!(s.screen, Screen::List);
}

#[test]
fn without_a_pin_configured_the_screen_stays_closed() {
    let mut s = list();
    s.settings.pin_configured = false;
    assert!(cmd(&mut s, C::Outbox).is_empty());
    assert_eq!(s.screen, Screen::List);
    assert!(matches!(message(&s), Some((Msg::NoPin, _))));
}

#[test]
fn a_read_that_failed_is_said_and_ends_the_loading() {
    let mut s = list();
    cmd(&mut s, C::Outbox);
    update(&mut s, Action::OutboxLoaded(Err("disk I/O error".into())));
    assert!(!s.outbox.loading);
    assert!(matches!(message(&s), Some((Msg::Error(e), _)) if e == "disk I/O error"));
}

#[test]
fn keys_move_through_the_messages_and_enter_shows_the_details() {
    let mut s = outbox();
    cmd(&mut s, C::Down);
    assert_eq!(selected(&s), Some((5, Status::Queued)));
    cmd(&mut s, C::End);
    assert_eq!(selected(&s).map(|m| m.0), Some(1));
    cmd(&mut s, C::Down);
    assert_eq!(selected(&s).map(|m| m.0), Some(1), "stays on the last");
    cmd(&mut s, C::PageUp);
    assert_eq!(selected(&s).map(|m| m.0), Some(6));
    cmd(&mut s, C::PageDown);
    assert_eq!(selected(&s).map(|m| m.0), Some(1));
    cmd(&mut s, C::Home);
    assert!(cmd(&mut s, C::Confirm).is_empty());
    assert!(s.outbox.details);
    cmd(&mut s, C::Down);
    assert!(s.outbox.details, "the details follow the selection");
    assert_eq!(selected(&s).map(|m| m.0), Some(5));
    // Esc closes the details first, then leaves.
    cmd(&mut s, C::Back);
    assert!(!s.outbox.details);
    assert_eq!(s.screen, Screen::Outbox);
    cmd(&mut s, C::Confirm);
    cmd(&mut s, C::Confirm);
    assert!(!s.outbox.details, "Enter again hides them");
}

#[test]
fn the_filter_keeps_what_waits_or_failed_and_the_selection_on_its_message() {
    let mut s = outbox();
    cmd(&mut s, C::Down);
    cmd(&mut s, C::Down);
    assert_eq!(selected(&s).map(|m| m.0), Some(4));
    cmd(&mut s, C::Filter);
    assert!(s.outbox.only_open);
    let ids: Vec<i64> = s.outbox.visible().iter().map(|m| m.id).collect();
    assert_eq!(ids, [6, 5, 4, 3]);
    assert_eq!(selected(&s).map(|m| m.0), Some(4));
    cmd(&mut s, C::End);
    cmd(&mut s, C::Filter);
    assert_eq!(s.outbox.visible().len(), 6);
    assert_eq!(selected(&s).map(|m| m.0), Some(3), "still message 3");
}

#[test]
fn retry_asks_the_service_as_the_manager_for_a_failed_or_waiting_message_only() {
    let mut s = outbox();
    assert_eq!(
        cmd(&mut s, C::Retry),
        vec![Effect::Manager(Box::new(Effect::RetryMessage(6)))]
    );
    cmd(&mut s, C::Down);
    assert_eq!(
        cmd(&mut s, C::Retry),
        vec![Effect::Manager(Box::new(Effect::RetryMessage(5)))]
    );
    // Being sent, or sent: nothing asked, said why.
    cmd(&mut s, C::Down);
    cmd(&mut s, C::Down);
    assert_eq!(selected(&s).map(|m| m.1), Some(Status::Sending));
    assert!(cmd(&mut s, C::Retry).is_empty());
    assert!(matches!(message(&s), Some((Msg::MessageNotRetried, _))));
    cmd(&mut s, C::End);
    assert!(cmd(&mut s, C::Retry).is_empty());
    assert_eq!(
        cmd(&mut s, C::RetryAll),
        vec![Effect::Manager(Box::new(Effect::RetryFailedMessages))]
    );
}

#[test]
fn a_retry_after_the_role_expired_asks_the_pin_again() {
    let mut s = outbox();
    s.lock();
    assert!(cmd(&mut s, C::Retry).is_empty());
    assert!(matches!(
        &s.popup,
        Some(Popup::Pin {
            op: ManagerOp::Outbox(OutboxOp::Retry(6)),
            ..
        })
    ));
    let effects = unlock_with_pin(&mut s);
    assert_eq!(
        effects,
        vec![Effect::Manager(Box::new(Effect::RetryMessage(6)))]
    );
    s.lock();
    cmd(&mut s, C::RetryAll);
    let effects = unlock_with_pin(&mut s);
    assert_eq!(
        effects,
        vec![Effect::Manager(Box::new(Effect::RetryFailedMessages))]
    );
}

#[test]
fn a_retry_done_is_said_and_the_messages_read_again() {
    let mut s = outbox();
    assert_eq!(
        update(&mut s, Action::MessageRetried(6)),
        vec![Effect::LoadOutbox]
    );
    assert!(matches!(message(&s), Some((Msg::MessageRetried(6), _))));
    assert!(s.outbox.loading);
    assert_eq!(
        update(&mut s, Action::MessagesRetried(vec![6, 7])),
        vec![Effect::LoadOutbox]
    );
    assert!(matches!(message(&s), Some((Msg::MessagesRetried(2), _))));
    // Elsewhere, nothing is read.
    cmd(&mut s, C::Back);
    assert!(update(&mut s, Action::MessageRetried(6)).is_empty());
}

#[test]
fn the_worker_s_news_reloads_the_screen_when_its_counts_change() {
    let mut s = outbox();
    let news = MailStatus {
        waiting: 2,
        failed: 1,
        offline: false,
    };
    assert_eq!(update(&mut s, Action::Mail(news)), vec![Effect::LoadOutbox]);
    assert_eq!(s.status.mail, news, "the status bar has it too");
    assert!(
        update(&mut s, Action::Mail(news)).is_empty(),
        "the same news: nothing read"
    );
    // Away from the screen: the status bar only.
    cmd(&mut s, C::Back);
    let later = MailStatus { waiting: 0, ..news };
    assert!(update(&mut s, Action::Mail(later)).is_empty());
    assert_eq!(s.status.mail, later);
}

#[test]
fn a_reload_keeps_the_selected_message_and_an_empty_outbox_closes_the_details() {
    let mut s = outbox();
    cmd(&mut s, C::Down);
    cmd(&mut s, C::Confirm);
    let mut fewer = fx::outbox();
    fewer.rows.remove(0);
    update(&mut s, Action::OutboxLoaded(Ok(Box::new(fewer))));
    assert_eq!(
        selected(&s).map(|m| m.0),
        Some(5),
        "message 5, now the first"
    );
    assert!(s.outbox.details);
    update(&mut s, Action::OutboxLoaded(Ok(Box::default())));
    assert_eq!(selected(&s), None);
    assert!(!s.outbox.details);
    assert!(cmd(&mut s, C::Retry).is_empty());
    assert!(cmd(&mut s, C::Confirm).is_empty());
    assert!(!s.outbox.details);
}
