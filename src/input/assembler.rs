//! Kernel key events of one reader -> one [`ReaderEvent`] per burst.
//!
//! A keyboard-wedge reader types each code as a fast burst of key presses ended by Enter
//! (or Tab). [`BurstAssembler`] consumes the reader's raw events (from the device or from
//! a recorded stream: the same code path) and emits a [`Scan`] when a burst ends: on a
//! terminator key, or when the next press comes more than the idle gap after the
//! previous one, or when [`BurstAssembler::tick`] is called after that gap (readers set
//! up without a suffix key).
//!
//! Event handling, per the evdev protocol:
//! - `EV_KEY` press (1): decoded through the reader's [`KeyDecoder`]; release (0): only
//!   updates modifiers; autorepeat (2): ignored, since a reader types every character as
//!   its own press and a repeat only appears when a release comes late; counting it would
//!   duplicate a character;
//! - `EV_SYN`/`SYN_REPORT`: frame boundary, nothing to do for keys; `SYN_DROPPED`: the
//!   kernel's buffer for this client overflowed (about 64 events) and events were lost,
//!   so events are skipped up to the next `SYN_REPORT`, modifier state is reset, and the
//!   burst in progress (or the one the lost events started) is **tainted**: when it ends
//!   it is reported as [`ReaderEvent::Invalid`], never as a scan, since what is left of it
//!   is a fragment (a lost prefix of `4006381333931` would leave a plausible `333931`);
//! - `EV_MSC` (`MSC_SCAN`, the USB usage code) and every other type: ignored.
//!
//! Invariants: at most one event per input event; the code buffer never holds more than
//! `max_len` characters (an overlong burst becomes [`ReaderEvent::Invalid`] when it
//! ends); the assembler never reads a clock (timestamps come with the events, `tick`
//! takes the current time).

use super::layout::{Decoded, KeyDecoder, Layout};
use super::record::{RawEvent, EV_KEY, EV_SYN, SYN_DROPPED, SYN_REPORT};
use super::{ReaderEvent, ReaderKind, Scan, MAX_CODE_LEN};

/// How one reader's bursts are decoded and ended.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AssemblerSettings {
    pub layout: Layout,
    pub kind: ReaderKind,
    /// NFC only: the reader prints UIDs in reversed byte order.
    pub nfc_reversed: bool,
    /// Tab ends a code too (Enter always does).
    pub end_on_tab: bool,
    /// A pause longer than this (microseconds) between two presses ends the code.
    pub idle_gap_us: Option<u64>,
    /// Longest code, in characters.
    pub max_len: usize,
}

/// Default idle gap: far longer than the pause between two keys of any reader, far
/// shorter than the time between two scans.
pub const DEFAULT_IDLE_GAP_US: u64 = 250_000;

impl Default for AssemblerSettings {
    fn default() -> Self {
        AssemblerSettings {
            layout: Layout::Us,
            kind: ReaderKind::Barcode,
            nfc_reversed: false,
            end_on_tab: true,
            idle_gap_us: Some(DEFAULT_IDLE_GAP_US),
            max_len: MAX_CODE_LEN,
        }
    }
}

/// The burst state of one reader.
#[derive(Debug, Clone)]
pub struct BurstAssembler {
    reader: String,
    settings: AssemblerSettings,
    keys: KeyDecoder,
    code: String,
    chars: usize,
    raw_keys: usize,
    undecodable: Option<u16>,
    overflow: bool,
    last_press_us: Option<u64>,
    /// Skipping events after `SYN_DROPPED` until the next `SYN_REPORT`.
    dropping: bool,
    /// Events were lost during the current burst.
    tainted: bool,
}

impl BurstAssembler {
    pub fn new(reader: &str, settings: AssemblerSettings) -> BurstAssembler {
        BurstAssembler {
            reader: reader.to_string(),
            keys: KeyDecoder::new(settings.layout),
            settings,
            code: String::new(),
            chars: 0,
            raw_keys: 0,
            undecodable: None,
            overflow: false,
            last_press_us: None,
            dropping: false,
            tainted: false,
        }
    }

    pub fn reader(&self) -> &str {
        &self.reader
    }

    pub fn settings(&self) -> &AssemblerSettings {
        &self.settings
    }

    /// Whether a burst is in progress (some characters or keys since the last end).
    pub fn in_burst(&self) -> bool {
        !self.code.is_empty() || self.undecodable.is_some() || self.overflow || self.tainted
    }

    /// When `tick` should next be called to end a burst by its idle gap.
    pub fn deadline_us(&self) -> Option<u64> {
        let gap = self.settings.idle_gap_us?;
        let last = self.last_press_us?;
        self.in_burst().then(|| last.saturating_add(gap))
    }

    /// Consumes one kernel event.
    pub fn feed(&mut self, ev: RawEvent) -> Option<ReaderEvent> {
        if self.dropping {
            if ev.kind == EV_SYN && ev.code == SYN_REPORT {
                self.dropping = false;
            }
            return None;
        }
        match (ev.kind, ev.code, ev.value) {
            (EV_SYN, SYN_DROPPED, _) => {
                self.dropping = true;
                self.tainted = true;
                self.keys.reset();
                // The lost events were as recent as this one: the idle gap counts from here.
                self.last_press_us = Some(ev.time_us);
                None
            }
            (EV_KEY, code, 0) => {
                self.keys.release(code);
                None
            }
            (EV_KEY, code, 1) => self.press(code, ev.time_us),
            _ => None,
        }
    }

    /// Ends a burst whose idle gap has passed at `now_us` (same clock as the events).
    pub fn tick(&mut self, now_us: u64) -> Option<ReaderEvent> {
        let due = self.deadline_us()?;
        if now_us > due {
            self.finish()
        } else {
            None
        }
    }

    /// Drops the burst in progress and all key state (the device went away).
    pub fn reset(&mut self) {
        self.clear();
        self.keys.reset();
        self.dropping = false;
    }

    fn press(&mut self, code: u16, time_us: u64) -> Option<ReaderEvent> {
        let gap_over = match (self.settings.idle_gap_us, self.last_press_us) {
            (Some(gap), Some(last)) => time_us.saturating_sub(last) > gap,
            _ => false,
        };
        // A new burst after a long pause: the previous one (if any) ended with the pause.
        // `finish` leaves the state empty, so the press below cannot emit a second event.
        let flushed = if gap_over { self.finish() } else { None };
        self.last_press_us = Some(time_us);
        match self.keys.press(code) {
            Decoded::End(t) => {
                if t == super::layout::Terminator::Tab && !self.settings.end_on_tab {
                    self.raw_keys = self.raw_keys.saturating_add(1);
                    self.push('\t');
                    return flushed;
                }
                return flushed.or_else(|| self.finish());
            }
            Decoded::Nothing => {}
            Decoded::Char(c) => self.push(c),
            Decoded::Pair(a, c) => {
                self.push(a);
                self.push(c);
            }
            Decoded::Undecodable => {
                self.undecodable.get_or_insert(code);
                self.push(char::REPLACEMENT_CHARACTER);
            }
        }
        self.raw_keys = self.raw_keys.saturating_add(1);
        flushed
    }

    fn push(&mut self, c: char) {
        if self.chars >= self.settings.max_len {
            self.overflow = true;
            return;
        }
        self.code.push(c);
        self.chars += 1;
    }

    fn clear(&mut self) {
        self.code.clear();
        self.chars = 0;
        self.raw_keys = 0;
        self.undecodable = None;
        self.overflow = false;
        self.tainted = false;
        self.keys.clear_dead();
    }

    /// Ends the burst in progress, if any.
    fn finish(&mut self) -> Option<ReaderEvent> {
        if !self.in_burst() {
            self.clear();
            return None;
        }
        let event = if self.tainted {
            ReaderEvent::Invalid {
                reader: self.reader.clone(),
                reason: "key events were lost (the kernel's buffer overflowed): scan again".into(),
            }
        } else if self.overflow {
            ReaderEvent::Invalid {
                reader: self.reader.clone(),
                reason: format!(
                    "a read longer than {} characters was ignored (is the reader sending garbage?)",
                    self.settings.max_len
                ),
            }
        } else {
            let undecodable = self.undecodable.map(|code| {
                format!(
                    "key code {code} types no character in the `{}` layout (check the reader's layout)",
                    self.settings.layout
                )
            });
            ReaderEvent::Scan(Scan::build(
                &self.reader,
                self.settings.kind,
                std::mem::take(&mut self.code),
                self.raw_keys,
                self.settings.nfc_reversed,
                undecodable,
            ))
        };
        self.clear();
        Some(event)
    }
}

/// Runs a whole recorded byte stream through a fresh [`super::RecordReader`] and
/// `assembler`, then a final tick at `end_us`: the events it produced, in order.
pub fn decode_stream(
    assembler: &mut BurstAssembler,
    bytes: &[u8],
    end_us: Option<u64>,
) -> Vec<ReaderEvent> {
    let mut out = Vec::new();
    let mut records = super::RecordReader::new();
    records.push(bytes, |ev| out.extend(assembler.feed(ev)));
    if let Some(now) = end_us {
        out.extend(assembler.tick(now));
    }
    out
}
