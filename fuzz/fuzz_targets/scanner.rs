//! A reader device's path: kernel `input_event` bytes cut into records by `RecordReader`
//! and assembled into scans by `BurstAssembler`, as the listener thread does.
//!
//! Input: one byte of reader settings (layout, kind, NFC byte order, Tab, idle gap, a
//! short maximum), one byte choosing how the stream is cut into reads, then the bytes
//! the device would give.
//!
//! Checked: the events do not depend on how the bytes were cut into reads; a scan never
//! holds more than `max_len` characters; once the idle gap has passed, a tick ends any
//! burst in progress.

#![no_main]

use comptoir::input::assembler::{decode_stream, AssemblerSettings, DEFAULT_IDLE_GAP_US};
use comptoir::input::MAX_CODE_LEN;
use comptoir::input::{BurstAssembler, Layout, ReaderEvent, ReaderKind, RecordReader};
use libfuzzer_sys::fuzz_target;

fn settings(b: u8) -> AssemblerSettings {
    AssemblerSettings {
        layout: Layout::ALL[usize::from(b & 0b111) % Layout::ALL.len()],
        kind: if b & 0b1000 == 0 {
            ReaderKind::Barcode
        } else {
            ReaderKind::Nfc
        },
        nfc_reversed: b & 0b1_0000 != 0,
        end_on_tab: b & 0b10_0000 == 0,
        idle_gap_us: (b & 0b100_0000 == 0).then_some(DEFAULT_IDLE_GAP_US),
        max_len: if b & 0b1000_0000 == 0 {
            MAX_CODE_LEN
        } else {
            8
        },
    }
}

fuzz_target!(|data: &[u8]| {
    let [s, cut, stream @ ..] = data else {
        return;
    };
    let settings = settings(*s);
    let max_len = settings.max_len;

    // The whole stream in one read.
    let mut whole = BurstAssembler::new("fuzz", settings.clone());
    let expected = decode_stream(&mut whole, stream, None);

    // The same stream in reads of 1 to 64 bytes, sizes cycling from `cut`.
    let mut asm = BurstAssembler::new("fuzz", settings);
    let mut reader = RecordReader::new();
    let mut got = Vec::new();
    let mut rest = stream;
    let mut step = usize::from(*cut);
    while !rest.is_empty() {
        step = (step * 7 + 13) % 64 + 1;
        let (read, tail) = rest.split_at(step.min(rest.len()));
        reader.push(read, |ev| got.extend(asm.feed(ev)));
        rest = tail;
    }
    assert_eq!(got, expected, "events depend on how the stream was read");

    for ev in &got {
        if let ReaderEvent::Scan(scan) = ev {
            if scan.kind == ReaderKind::Barcode {
                assert!(scan.code.chars().count() <= max_len, "{scan:?}");
            }
        }
    }
    if let Some(deadline) = asm.deadline_us() {
        let _ = asm.tick(deadline.saturating_add(1));
        assert!(
            !asm.in_burst() || deadline == u64::MAX,
            "a tick after the gap left a burst"
        );
    }
});
