//! The hub's item in the status bar: nothing for a register that shares nothing; synced
//! and when, what waits to be sent, offline since when, in the four languages; and the
//! item's warning look while offline. A sync that downloaded customers asks for the
//! search index's catch-up.

use super::{act, snap, text};
use crate::app::action::{Action, Effect};
use crate::app::fixtures as fx;
use crate::app::state::{Lang, State, SyncStatus};
use crate::app::update;

fn at(h: u32, m: u32) -> chrono::DateTime<chrono::Utc> {
    use chrono::TimeZone;
    chrono::Utc
        .with_ymd_and_hms(2026, 12, 8, h, m, 0)
        .single()
        .unwrap_or_default()
}

fn synced(s: &mut State, online: bool, waiting: i64) {
    let status = SyncStatus {
        online,
        last_sync: Some(at(9, 41)),
        waiting,
        conflicts: 0,
        to_settle: 0,
    };
    act(
        s,
        Action::Sync {
            status,
            downloaded: 0,
        },
    );
}

#[test]
fn the_status_bar_says_how_the_hub_is_reached() {
    let mut s = State::new(fx::settings(Lang::En), fx::now());
    s.settings.utc_offset_secs = 3600;
    let quiet = text(&s, 80, 24);
    assert!(!quiet.contains("hub"), "no [sync], nothing said: {quiet}");
    synced(&mut s, true, 0);
    assert!(text(&s, 80, 24).contains("hub: synced 10:41"));
    synced(&mut s, true, 3);
    assert!(text(&s, 80, 24).contains("hub: 3 to send"));
    synced(&mut s, false, 3);
    snap("status_hub_offline", &s);
    let words = [
        (Lang::En, "hub: offline since 10:41 (3 to send)"),
        (Lang::Fr, "hub : hors ligne depuis 10:41 (3 à envoyer)"),
        (Lang::Nl, "hub: offline sinds 10:41 (3 te versturen)"),
        (Lang::De, "Hub: offline seit 10:41 (3 zu senden)"),
    ];
    for (lang, said) in words {
        s.settings.lang = lang;
        let out = text(&s, 80, 24);
        assert!(out.contains(said), "{lang:?}: {out}");
    }
    // Never reached yet.
    s.settings.lang = Lang::En;
    let never = SyncStatus {
        online: false,
        last_sync: None,
        waiting: 0,
        conflicts: 0,
        to_settle: 0,
    };
    act(
        &mut s,
        Action::Sync {
            status: never,
            downloaded: 0,
        },
    );
    assert!(text(&s, 80, 24).contains("hub: offline"));
    // A card claimed twice waits for the manager: said until settled.
    let conflicts = SyncStatus {
        online: true,
        last_sync: Some(at(9, 41)),
        waiting: 0,
        conflicts: 2,
        to_settle: 0,
    };
    act(
        &mut s,
        Action::Sync {
            status: conflicts,
            downloaded: 0,
        },
    );
    assert!(text(&s, 80, 24).contains("hub: 2 card conflict(s)"));
    s.settings.lang = Lang::Fr;
    assert!(text(&s, 80, 24).contains("hub : 2 conflit(s) de carte"));
    // An overspend between registers cut off from each other comes first: it is money.
    let overspent = SyncStatus {
        to_settle: 1,
        ..conflicts
    };
    act(
        &mut s,
        Action::Sync {
            status: overspent,
            downloaded: 0,
        },
    );
    assert!(text(&s, 80, 24).contains("hub : 1 dépassement(s) à régler"));
    s.settings.lang = Lang::En;
    assert!(text(&s, 80, 24).contains("hub: 1 overspend(s) to settle"));
}

#[test]
fn customers_downloaded_by_a_sync_are_caught_up_in_the_index() {
    let mut s = State::new(fx::settings(Lang::En), fx::now());
    let status = SyncStatus {
        online: true,
        last_sync: Some(at(9, 41)),
        waiting: 0,
        conflicts: 0,
        to_settle: 0,
    };
    let fx = update(
        &mut s,
        Action::Sync {
            status,
            downloaded: 0,
        },
    );
    assert!(fx.is_empty(), "{fx:?}");
    let fx = update(
        &mut s,
        Action::Sync {
            status,
            downloaded: 2,
        },
    );
    assert!(matches!(fx.as_slice(), [Effect::SyncIndex]), "{fx:?}");
}
