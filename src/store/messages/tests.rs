//! The outbox store: queue, claim, marks, the backoff schedule, a claim left by a dead
//! sender released after a restart, the schema's refusals, erasure with the customer.

use chrono::SubsecRound;

use super::*;
use crate::store::Store;
use crate::store::StoreError;

fn note() -> Composed {
    Composed {
        subject: "Your order".into(),
        text: "It is ready.".into(),
        html: Some("<p>It is ready.</p>".into()),
    }
}

fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(3)
}

fn queue(store: &mut Store, to: &str, at: DateTime<Utc>) -> i64 {
    store
        .write(|tx| insert_contact(tx, Channel::Email, None, to, &note(), at))
        .unwrap()
}

#[test]
fn a_message_is_queued_claimed_once_and_marked_sent_by_its_claimant() {
    let mut store = Store::open_in_memory().unwrap();
    let t = now();
    let a = queue(&mut store, "ann@example.com", t);
    let b = queue(&mut store, "bob@example.com", t);
    let ids: Vec<i64> = due(store.conn(), t, &Channel::ALL, 10)
        .unwrap()
        .iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(ids, [a, b], "due in the order written");
    assert_eq!(counts(store.conn()).unwrap(), (2, 0));
    assert!(store.write(|tx| claim(tx, a, t)).unwrap());
    assert!(!store.write(|tx| claim(tx, a, t)).unwrap(), "claimed once");
    assert_eq!(
        due(store.conn(), t, &Channel::ALL, 10).unwrap().len(),
        1,
        "a claimed one is not due"
    );
    assert!(
        store.write(|tx| sent(tx, b, t)).is_err(),
        "b was not claimed"
    );
    store.write(|tx| sent(tx, a, t)).unwrap();
    let m = get(store.conn(), a).unwrap().unwrap();
    assert_eq!(
        (m.status, m.attempts, m.sent_at),
        (Status::Sent, 1, Some(t))
    );
    assert_eq!(bodies(store.conn(), a).unwrap(), Some(note()));
    assert_eq!(counts(store.conn()).unwrap(), (1, 0));
    // Sent messages are kept a while, then pruned.
    assert_eq!(store.write(|tx| prune(tx, t)).unwrap(), 0);
    let later = t + Duration::seconds(1);
    assert_eq!(store.write(|tx| prune(tx, later)).unwrap(), 1);
    assert!(get(store.conn(), a).unwrap().is_none());
}

#[test]
fn a_failed_attempt_waits_its_backoff_and_a_refusal_is_failed_until_retried() {
    let mut store = Store::open_in_memory().unwrap();
    let t = now();
    let a = queue(&mut store, "ann@example.com", t);
    assert!(store.write(|tx| claim(tx, a, t)).unwrap());
    let next = t + backoff(1);
    store
        .write(|tx| attempt_failed(tx, a, "connection refused\r\nby host", next))
        .unwrap();
    let m = get(store.conn(), a).unwrap().unwrap();
    assert_eq!((m.status, m.attempts, m.next_at), (Status::Queued, 1, next));
    assert_eq!(m.last_error.as_deref(), Some("connection refused  by host"));
    assert!(
        due(store.conn(), t, &Channel::ALL, 10).unwrap().is_empty(),
        "not due before its time"
    );
    assert_eq!(next_due(store.conn(), t).unwrap(), Some(next));
    assert_eq!(due(store.conn(), next, &Channel::ALL, 10).unwrap().len(), 1);
    // Another one due now waits behind it, untried.
    let b = queue(&mut store, "bob@example.com", t);
    assert_eq!(
        store
            .write(|tx| hold_due(tx, Channel::Email, t, next))
            .unwrap(),
        1
    );
    let m = get(store.conn(), b).unwrap().unwrap();
    assert_eq!((m.attempts, m.next_at), (0, next));
    let both: Vec<i64> = due(store.conn(), next, &Channel::ALL, 10)
        .unwrap()
        .iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(both, [a, b], "in order when due again");
    store
        .write(|tx| {
            tx.execute("DELETE FROM message_outbox WHERE id = ?1", [b])
                .map_err(StoreError::from)
        })
        .unwrap();
    // A permanent refusal: failed, counted, not due any more.
    assert!(store.write(|tx| claim(tx, a, next)).unwrap());
    store
        .write(|tx| give_up(tx, a, "550 no such user"))
        .unwrap();
    let m = get(store.conn(), a).unwrap().unwrap();
    assert_eq!((m.status, m.attempts), (Status::Failed, 2));
    assert_eq!(counts(store.conn()).unwrap(), (0, 1));
    assert!(due(store.conn(), next + BACKOFF_CAP, &Channel::ALL, 10)
        .unwrap()
        .is_empty());
    // Asked again: queued, due now, attempts counted afresh.
    let b = queue(&mut store, "bob@example.com", t);
    let retried = store.write(|tx| retry_failed(tx, next)).unwrap();
    assert_eq!(retried, [a]);
    let m = get(store.conn(), a).unwrap().unwrap();
    assert_eq!((m.status, m.attempts, m.next_at), (Status::Queued, 0, next));
    assert_eq!(
        store.write(|tx| retry(tx, b, t)).unwrap(),
        Some(Status::Queued)
    );
    assert_eq!(store.write(|tx| retry(tx, 999, t)).unwrap(), None);
    // A message sent is left as it is.
    assert!(store.write(|tx| claim(tx, b, t)).unwrap());
    store.write(|tx| sent(tx, b, t)).unwrap();
    assert_eq!(
        store.write(|tx| retry(tx, b, t)).unwrap(),
        Some(Status::Sent)
    );
    assert_eq!(get(store.conn(), b).unwrap().unwrap().status, Status::Sent);
}

#[test]
fn the_backoff_doubles_from_thirty_seconds_and_stops_at_an_hour() {
    let secs: Vec<i64> = (1..=9).map(|n| backoff(n).num_seconds()).collect();
    assert_eq!(secs, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
    assert_eq!(backoff(0), backoff(1));
    assert_eq!(backoff(i64::MAX), BACKOFF_CAP);
    // MAX_ATTEMPTS attempts cover a network down for many hours.
    let waited: i64 = (1..MAX_ATTEMPTS).map(|n| backoff(n).num_seconds()).sum();
    assert!(waited > 12 * 3600, "{waited} s");
}

#[test]
fn a_claim_left_by_a_sender_that_died_is_queued_again_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.db");
    let t = now();
    let id = {
        let mut store = Store::open(&path).unwrap();
        let id = queue(&mut store, "ann@example.com", t);
        assert!(store.write(|tx| claim(tx, id, t)).unwrap());
        id
        // The process dies here, the message claimed.
    };
    let mut store = Store::open(&path).unwrap();
    let m = get(store.conn(), id).unwrap().unwrap();
    assert_eq!(m.status, Status::Sending, "the state survived the restart");
    assert_eq!(
        store.write(|tx| release_stale(tx, t)).unwrap(),
        0,
        "not stale yet"
    );
    let later = t + Duration::minutes(5);
    assert_eq!(store.write(|tx| release_stale(tx, later)).unwrap(), 1);
    let m = get(store.conn(), id).unwrap().unwrap();
    assert_eq!((m.status, m.attempts), (Status::Queued, 0));
    assert_eq!(
        due(store.conn(), later, &Channel::ALL, 10).unwrap().len(),
        1
    );
}

#[test]
fn the_schema_refuses_a_receipt_without_its_sale_and_an_empty_recipient() {
    let mut store = Store::open_in_memory().unwrap();
    let t = now();
    let no_sale = store.write(|tx| {
        tx.execute(
            "INSERT INTO message_outbox (kind, channel, recipient, created_at, next_at)
             VALUES ('receipt', 'email', 'a@example.com', ?1, ?1)",
            [time_text(t)],
        )
        .map_err(StoreError::from)
    });
    assert!(no_sale.is_err());
    assert!(store
        .write(|tx| insert_contact(tx, Channel::Email, None, "", &note(), t))
        .is_err());
}

#[test]
fn erasing_a_customer_removes_their_messages() {
    let mut store = Store::open_in_memory().unwrap();
    let t = now();
    let c = CustomerId::generate();
    let mine = store
        .write(|tx| insert_contact(tx, Channel::Email, Some(c), "ann@example.com", &note(), t))
        .unwrap();
    let other = queue(&mut store, "bob@example.com", t);
    assert_eq!(store.write(|tx| erase_customer(tx, c)).unwrap(), 1);
    assert!(get(store.conn(), mine).unwrap().is_none());
    assert!(get(store.conn(), other).unwrap().is_some());
    let listed: Vec<i64> = list(store.conn(), 10)
        .unwrap()
        .iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(listed, [other]);
}

fn sms(store: &mut Store, to: &str, at: DateTime<Utc>) -> Result<i64> {
    store.write(|tx| insert_contact(tx, Channel::Sms, None, to, &note(), at))
}

#[test]
fn an_sms_keeps_its_text_only_and_goes_to_an_e164_number() {
    let mut store = Store::open_in_memory().unwrap();
    let t = now();
    let id = sms(&mut store, "+33612345678", t).unwrap();
    let m = get(store.conn(), id).unwrap().unwrap();
    assert_eq!((m.channel, m.subject.as_deref()), (Channel::Sms, None));
    let body = bodies(store.conn(), id).unwrap().unwrap();
    assert_eq!(
        (body.subject.as_str(), body.text.as_str(), body.html),
        ("", "It is ready.", None),
        "no subject, no HTML"
    );
    // The schema refuses a number that is not E.164, and an SMS with a subject.
    for bad in [
        "0612345678",
        "+0612345678",
        "+33 6 12",
        "+3361234567a",
        "+1",
    ] {
        assert!(sms(&mut store, bad, t).is_err(), "{bad}");
    }
    let with_subject = store.write(|tx| {
        tx.execute(
            "INSERT INTO message_outbox (kind, channel, recipient, subject, body_text,
                                         created_at, next_at)
             VALUES ('contact', 'sms', '+33612345678', 'Hi', 'Text', ?1, ?1)",
            [time_text(t)],
        )
        .map_err(StoreError::from)
    });
    assert!(with_subject.is_err());
    // JSON names the channel.
    let json = serde_json::to_value(&m).unwrap();
    assert_eq!(json["channel"], "sms");
}

#[test]
fn due_and_hold_go_by_channel() {
    let mut store = Store::open_in_memory().unwrap();
    let t = now();
    let mail = queue(&mut store, "ann@example.com", t);
    let text = sms(&mut store, "+32470123456", t).unwrap();
    let ids = |chs: &[Channel], store: &Store| -> Vec<i64> {
        due(store.conn(), t, chs, 10)
            .unwrap()
            .iter()
            .map(|m| m.id)
            .collect()
    };
    assert_eq!(ids(&Channel::ALL, &store), [mail, text]);
    assert_eq!(ids(&[Channel::Sms], &store), [text]);
    assert_eq!(ids(&[Channel::Email], &store), [mail]);
    assert!(ids(&[], &store).is_empty());
    // The gateway is down: the SMS waits, the e-mail does not.
    let later = t + Duration::minutes(1);
    assert_eq!(
        store
            .write(|tx| hold_due(tx, Channel::Sms, t, later))
            .unwrap(),
        1
    );
    assert_eq!(ids(&Channel::ALL, &store), [mail]);
}

/// A shop upgrading from version 16 with e-mails in its outbox (queued, sent and pruned
/// ones): every row is kept with its id, the ids go on after the highest ever given, the
/// indexes are there, and SMS rows are taken.
#[test]
fn the_upgrade_to_version_17_keeps_every_e_mail_and_takes_sms() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.db");
    let t = now();
    {
        let mut conn = Connection::open(&path).unwrap();
        crate::store::migrate::migrate_to(&mut conn, &path, 16).unwrap();
        let at = time_text(t);
        for (to, status) in [
            ("ann@example.com", "queued"),
            ("bob@example.com", "failed"),
            ("cid@example.com", "sent"),
            ("dan@example.com", "sent"),
        ] {
            conn.execute(
                "INSERT INTO message_outbox (kind, channel, recipient, subject, body_text,
                     body_html, created_at, next_at, status, attempts, last_error, sent_at)
                 VALUES ('contact', 'email', ?1, 'Hello', 'Text', '<p>Text</p>', ?2, ?2,
                         ?3, 2, 'was down', CASE ?3 WHEN 'sent' THEN ?2 END)",
                params![to, at, status],
            )
            .unwrap();
        }
        // The newest sent one was pruned: its id must not come back.
        conn.execute("DELETE FROM message_outbox WHERE id = 4", [])
            .unwrap();
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, 16);
    }
    let mut store = Store::open(&path).unwrap();
    let rows = list(store.conn(), 10).unwrap();
    let kept: Vec<(i64, &str, Status, i64)> = rows
        .iter()
        .map(|m| (m.id, m.recipient.as_str(), m.status, m.attempts))
        .collect();
    assert_eq!(
        kept,
        [
            (1, "ann@example.com", Status::Queued, 2),
            (2, "bob@example.com", Status::Failed, 2),
            (3, "cid@example.com", Status::Sent, 2),
        ]
    );
    assert!(rows.iter().all(|m| m.channel == Channel::Email));
    assert_eq!(rows[1].last_error.as_deref(), Some("was down"));
    assert_eq!(
        bodies(store.conn(), 1).unwrap().unwrap().html.as_deref(),
        Some("<p>Text</p>")
    );
    let id = sms(&mut store, "+33612345678", t).unwrap();
    assert_eq!(id, 5, "after the highest id ever given");
    let indexes: i64 = store
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index'
             AND tbl_name = 'message_outbox' AND name LIKE 'message_outbox_%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(indexes, 3);
    let fk: i64 = store
        .conn()
        .query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk, 0);
}

#[test]
fn the_overview_lists_the_newest_first_and_counts_the_whole_table() {
    let mut store = Store::open_in_memory().unwrap();
    let t = now();
    let ids: Vec<i64> = (0..5)
        .map(|i| queue(&mut store, &format!("c{i}@example.com"), t))
        .collect();
    let (sent_id, failed_id, busy_id) = (ids[0], ids[1], ids[2]);
    store.write(|tx| claim(tx, sent_id, t)).unwrap();
    store.write(|tx| sent(tx, sent_id, t)).unwrap();
    store.write(|tx| claim(tx, failed_id, t)).unwrap();
    store
        .write(|tx| give_up(tx, failed_id, "550 no such user"))
        .unwrap();
    store.write(|tx| claim(tx, busy_id, t)).unwrap();
    let o = overview(store.conn(), 3).unwrap();
    let shown: Vec<i64> = o.rows.iter().map(|m| m.id).collect();
    assert_eq!(shown, [ids[4], ids[3], ids[2]], "newest first, at most 3");
    assert_eq!(
        (o.waiting, o.failed, o.sent),
        (3, 1, 1),
        "queued and sending wait"
    );
    assert!(o.cut, "5 kept, 3 given");
    assert_eq!(o.total(), 5);
    let all = overview(store.conn(), 500).unwrap();
    assert!(!all.cut);
    assert_eq!(all.rows.len(), 5);
    let failed = all.rows.iter().find(|m| m.id == failed_id).unwrap();
    assert_eq!(failed.status, Status::Failed);
    assert_eq!(failed.last_error.as_deref(), Some("550 no such user"));
    let empty = overview(Store::open_in_memory().unwrap().conn(), 500).unwrap();
    assert_eq!(empty, Overview::default());
}
