//! NFC readers through recorded streams, and what the app gets: references, JSON, sinks.

use super::*;
use crate::domain::customer::ReferenceKind;

#[test]
fn nfc_reader_in_every_print_form_gives_one_canonical_uid() {
    // Tag bytes 04 A2 3B 1C, printed four ways by four readers.
    let cases = [
        ("04A23B1C", false),
        ("04:a2:3b:1c", false),
        ("1C3BA204", true),
        ("0077740828", false),
        ("0473670148", true),
    ];
    for (printed, reversed) in cases {
        let mut s = Stream::new();
        s.type_text(Layout::Us, printed).enter();
        let scan = one_scan(&mut nfc_assembler(reversed), &s);
        assert!(scan.valid, "{printed}: {scan:?}");
        assert_eq!(scan.code, "04A23B1C", "{printed}");
        assert_eq!(scan.kind, ReaderKind::Nfc);
    }
    // A French reader types the decimal UID with Shift, like any digits.
    let mut s = Stream::new();
    s.type_text(Layout::Fr, "0473670148").enter();
    let mut a = BurstAssembler::new(
        "nfc-fr",
        AssemblerSettings {
            layout: Layout::Fr,
            kind: ReaderKind::Nfc,
            nfc_reversed: true,
            ..AssemblerSettings::default()
        },
    );
    assert_eq!(one_scan(&mut a, &s).code, "04A23B1C");
    // Garbage from an NFC reader is reported.
    let mut s = Stream::new();
    s.type_text(Layout::Us, "04A23B1").enter();
    assert!(!one_scan(&mut nfc_assembler(false), &s).valid);
}

#[test]
fn references_a_scan_may_match() {
    let barcode = Scan::build("r", ReaderKind::Barcode, "ab-12".into(), 5, false, None);
    assert_eq!(
        barcode.references(),
        [Reference {
            kind: ReferenceKind::Barcode,
            code: "AB-12".into()
        }]
    );
    let nfc = Scan::build("r", ReaderKind::Nfc, "1C3BA204".into(), 8, true, None);
    assert_eq!(nfc.code, "04A23B1C");
    let refs = nfc.references();
    assert!(refs.iter().all(|r| r.kind == ReferenceKind::Nfc));
    let codes: Vec<&str> = refs.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "04A23B1C",
            "1C3BA204",
            "0077740828",
            "77740828",
            "0473670148"
        ]
    );
    // A terminal burst may be either kind of reader.
    let kb = Scan::build(
        KEYBOARD_READER,
        ReaderKind::Barcode,
        "04A23B1C".into(),
        8,
        false,
        None,
    );
    let kinds: Vec<ReferenceKind> = kb.references().iter().map(|r| r.kind).collect();
    assert_eq!(kinds.first(), Some(&ReferenceKind::Barcode));
    assert!(kinds.contains(&ReferenceKind::Nfc));
}

#[test]
fn events_serialise_as_the_cli_prints_them() {
    let scan = Scan::build(
        "front",
        ReaderKind::Barcode,
        "4006381333931".into(),
        13,
        false,
        None,
    );
    let json = serde_json::to_value(&scan).unwrap_or_default();
    assert_eq!(
        json,
        serde_json::json!({"reader": "front", "kind": "barcode", "code": "4006381333931",
            "valid": true, "raw_keys": 13})
    );
    let ev = ReaderEvent::Disconnected {
        reader: "front".into(),
        reason: "gone".into(),
    };
    assert_eq!(
        serde_json::to_value(&ev).unwrap_or_default()["event"],
        "disconnected"
    );
    assert_eq!(ev.reader(), "front");
}

#[test]
fn sinks_deliver_and_report_a_closed_receiver() {
    let (tx, rx) = std::sync::mpsc::channel();
    let mut tx: std::sync::mpsc::Sender<ReaderEvent> = tx;
    let ev = ReaderEvent::Connected {
        reader: "r".into(),
        device: "/dev/input/event3".into(),
    };
    assert!(tx.deliver(ev.clone()));
    assert_eq!(rx.recv().ok(), Some(ev.clone()));
    drop(rx);
    assert!(!tx.deliver(ev.clone()));
    let (stx, srx) = std::sync::mpsc::sync_channel(1);
    let mut stx: std::sync::mpsc::SyncSender<ReaderEvent> = stx;
    assert!(stx.deliver(ev.clone()));
    assert!(stx.deliver(ev.clone()), "full: dropped, the reader goes on");
    assert_eq!(srx.try_iter().count(), 1);
    let mut seen = Vec::new();
    let (ftx, frx) = std::sync::mpsc::channel();
    let mut f = FnSink(move |e: ReaderEvent| ftx.send(e.reader().to_string()).is_ok());
    assert!(f.deliver(ev));
    seen.extend(frx.try_iter());
    assert_eq!(seen, ["r"]);
}
