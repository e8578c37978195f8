//! Recorded kernel `input_event` streams through the path the device uses
//! (RecordReader -> BurstAssembler), for every layout, plus the scan rules.

use super::assembler::{decode_stream, AssemblerSettings, BurstAssembler};
use super::layout::{code::*, encode, Layout};
use super::record::{RawEvent, EV_KEY, EV_MSC, EV_SYN, MSC_SCAN, SYN_DROPPED, SYN_REPORT};
use super::*;

const KEY_1: u16 = 2;
const KEY_0: u16 = 11;
const KEY_ESC: u16 = 1;

/// Writes kernel `input_event` records as a keyboard would: MSC_SCAN + EV_KEY, each
/// key event followed by SYN_REPORT, 2 ms between key events by default.
pub(crate) struct Stream {
    bytes: Vec<u8>,
    pub t_us: u64,
    step_us: u64,
}

impl Stream {
    pub fn new() -> Stream {
        Stream {
            bytes: Vec::new(),
            t_us: 1_700_000_000_000_000,
            step_us: 2_000,
        }
    }

    pub fn raw(&mut self, kind: u16, code: u16, value: i32) -> &mut Self {
        let ev = RawEvent {
            time_us: self.t_us,
            kind,
            code,
            value,
        };
        self.bytes.extend_from_slice(&ev.to_bytes());
        self
    }

    pub fn key(&mut self, code: u16, value: i32) -> &mut Self {
        self.raw(EV_MSC, MSC_SCAN, 0x70000 + i32::from(code));
        self.raw(EV_KEY, code, value);
        self.raw(EV_SYN, SYN_REPORT, 0);
        self.t_us += self.step_us;
        self
    }

    /// Press and release, with Shift and/or AltGr held around it.
    pub fn stroke(&mut self, code: u16, shift: bool, altgr: bool) -> &mut Self {
        if shift {
            self.key(KEY_LEFTSHIFT, 1);
        }
        if altgr {
            self.key(KEY_RIGHTALT, 1);
        }
        self.key(code, 1).key(code, 0);
        if altgr {
            self.key(KEY_RIGHTALT, 0);
        }
        if shift {
            self.key(KEY_LEFTSHIFT, 0);
        }
        self
    }

    pub fn tap(&mut self, code: u16) -> &mut Self {
        self.stroke(code, false, false)
    }

    pub fn shifted(&mut self, code: u16) -> &mut Self {
        self.stroke(code, true, false)
    }

    pub fn enter(&mut self) -> &mut Self {
        self.tap(KEY_ENTER)
    }

    /// Types `text` as a reader set to `layout` would (through `encode`).
    pub fn type_text(&mut self, layout: Layout, text: &str) -> &mut Self {
        for ch in text.chars() {
            for s in encode(layout, ch).unwrap_or_else(|| panic!("{layout} cannot type {ch:?}")) {
                self.stroke(s.code, s.shift, s.altgr);
            }
        }
        self
    }

    pub fn wait_ms(&mut self, ms: u64) -> &mut Self {
        self.t_us += ms * 1000;
        self
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

fn assembler(layout: Layout) -> BurstAssembler {
    BurstAssembler::new(
        "front",
        AssemblerSettings {
            layout,
            ..AssemblerSettings::default()
        },
    )
}

fn nfc_assembler(reversed: bool) -> BurstAssembler {
    BurstAssembler::new(
        "nfc",
        AssemblerSettings {
            kind: ReaderKind::Nfc,
            nfc_reversed: reversed,
            ..AssemblerSettings::default()
        },
    )
}

fn scans(a: &mut BurstAssembler, s: &Stream) -> Vec<Scan> {
    decode_stream(a, s.bytes(), None)
        .into_iter()
        .map(|e| match e {
            ReaderEvent::Scan(s) => s,
            other => panic!("expected a scan, got {other:?}"),
        })
        .collect()
}

fn one_scan(a: &mut BurstAssembler, s: &Stream) -> Scan {
    let mut v = scans(a, s);
    assert_eq!(v.len(), 1, "{v:?}");
    v.remove(0)
}

/// Key code of a digit on the top row.
fn digit_key(d: char) -> u16 {
    match d {
        '0' => KEY_0,
        d => KEY_1 + (d as u16 - '1' as u16),
    }
}

#[test]
fn us_reader_reads_an_ean13() {
    let mut s = Stream::new();
    for d in "4006381333931".chars() {
        s.tap(digit_key(d));
    }
    s.enter();
    let scan = one_scan(&mut assembler(Layout::Us), &s);
    assert_eq!(scan.code, "4006381333931");
    assert!(scan.valid, "{scan:?}");
    assert_eq!(scan.raw_keys, 13);
    assert_eq!(scan.kind, ReaderKind::Barcode);
    assert_eq!(scan.reader, "front");
}

#[test]
fn french_azerty_reader_shifts_digits_and_reads_the_ean() {
    // A reader set to AZERTY types each digit as Shift + its top-row key.
    let mut s = Stream::new();
    for d in "4006381333931".chars() {
        s.shifted(digit_key(d));
    }
    s.enter();
    let scan = one_scan(&mut assembler(Layout::Fr), &s);
    assert_eq!(scan.code, "4006381333931");
    assert!(scan.valid);
    assert_eq!(scan.raw_keys, 26, "13 digits, each with its Shift press");
    // The same keys read as if the reader were QWERTY give symbols, not the code.
    let wrong = one_scan(&mut assembler(Layout::Us), &s);
    assert_eq!(wrong.code, "$))^#*!###(#!");
}

#[test]
fn unshifted_top_rows_of_each_layout() {
    let expected = [
        (Layout::Us, "1234567890-="),
        (Layout::Fr, "&é\"'(-è_çà)="),
        (Layout::Be, "&é\"'(§è!çà)-"),
        (Layout::De, "1234567890ß"),
        (Layout::Ch, "1234567890'"),
    ];
    for (layout, row) in expected {
        let mut s = Stream::new();
        for (i, _) in row.chars().enumerate() {
            s.tap(KEY_1 + i as u16);
        }
        s.enter();
        assert_eq!(one_scan(&mut assembler(layout), &s).code, row, "{layout}");
    }
}

#[test]
fn shifted_top_rows_of_each_layout() {
    let expected = [
        (Layout::Us, "!@#$%^&*()_+"),
        (Layout::Fr, "1234567890°+"),
        (Layout::Be, "1234567890°_"),
        (Layout::De, "!\"§$%&/()=?"),
        (Layout::Ch, "+\"*ç%&/()=?"),
    ];
    for (layout, row) in expected {
        let mut s = Stream::new();
        for (i, _) in row.chars().enumerate() {
            s.shifted(KEY_1 + i as u16);
        }
        s.enter();
        assert_eq!(one_scan(&mut assembler(layout), &s).code, row, "{layout}");
    }
}

#[test]
fn letters_move_between_layouts() {
    // Keys Q, W, Y, Z, A, M (codes 16, 17, 21, 44, 30, 50) then Shift+Q with each Shift.
    let keys = [16u16, 17, 21, 44, 30, 50];
    let expected = [
        (Layout::Us, "qwyzamQQ"),
        (Layout::Fr, "azywq,AA"),
        (Layout::Be, "azywq,AA"),
        (Layout::De, "qwzyamQQ"),
        (Layout::Ch, "qwzyamQQ"),
    ];
    for (layout, text) in expected {
        let mut s = Stream::new();
        for k in keys {
            s.tap(k);
        }
        s.shifted(16);
        s.key(KEY_RIGHTSHIFT, 1).tap(16).key(KEY_RIGHTSHIFT, 0);
        s.enter();
        assert_eq!(one_scan(&mut assembler(layout), &s).code, text, "{layout}");
    }
}

#[test]
fn upper_case_with_shift_and_caps_lock() {
    let mut s = Stream::new();
    s.shifted(30).tap(30); // A a
    s.tap(KEY_CAPSLOCK).tap(30).shifted(30).tap(KEY_1); // a with caps: A, shift+caps: a, 1
    s.tap(KEY_CAPSLOCK).tap(30); // caps off again
    s.enter();
    assert_eq!(one_scan(&mut assembler(Layout::Us), &s).code, "AaAa1a");
    // In AZERTY, CapsLock does not turn the digit row into digits.
    let mut s = Stream::new();
    s.tap(KEY_CAPSLOCK).tap(KEY_1).tap(16).enter();
    assert_eq!(one_scan(&mut assembler(Layout::Fr), &s).code, "&A");
}

#[test]
fn altgr_and_dead_keys() {
    let mut s = Stream::new();
    s.stroke(KEY_0, false, true); // fr AltGr+à = @
    s.tap(26).tap(18); // dead ^ then e = ê
    s.tap(26).tap(57); // dead ^ then space = ^
    s.stroke(26, true, false).tap(22); // dead ¨ then u = ü
    s.tap(26).tap(KEY_1); // dead ^ then & (no composition) = ^&
    s.enter();
    assert_eq!(one_scan(&mut assembler(Layout::Fr), &s).code, "@ê^ü^&");
    let mut s = Stream::new();
    s.stroke(16, false, true)
        .stroke(8, false, true)
        .tap(41)
        .tap(57); // de: @ { ^
    s.enter();
    assert_eq!(one_scan(&mut assembler(Layout::De), &s).code, "@{^");
}

#[test]
fn autorepeat_is_ignored_and_msc_and_syn_pass_through() {
    let mut s = Stream::new();
    s.key(digit_key('7'), 1)
        .key(digit_key('7'), 2)
        .key(digit_key('7'), 2);
    s.key(digit_key('7'), 0);
    for d in "3513537".chars() {
        s.tap(digit_key(d));
    }
    s.enter();
    let scan = one_scan(&mut assembler(Layout::Us), &s);
    assert_eq!(scan.code, "73513537");
    assert!(scan.valid, "EAN-8 {scan:?}");
    assert_eq!(scan.raw_keys, 8);
}

#[test]
fn every_layout_round_trips_what_it_can_type() {
    let sample = "ABCXYZ abcxyz 0123456789 -_./+*=!?#$%&()[]{}@<>;:,'\"\\|~^`°§éèçàùäöüÄÖÜß£µ€";
    for layout in Layout::ALL {
        let typable: String = sample
            .chars()
            .filter(|&c| encode(layout, c).is_some())
            .collect();
        assert!(typable.len() > 40, "{layout}: {typable}");
        let mut s = Stream::new();
        s.type_text(layout, &typable).enter();
        assert_eq!(
            one_scan(&mut assembler(layout), &s).code,
            typable,
            "{layout}"
        );
    }
}

mod events;
mod scans;
