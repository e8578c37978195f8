//! The kernel's `struct input_event` byte layout, parsed from whatever a read returned.
//!
//! On 64-bit Linux (x86_64, aarch64: the targets comptoir runs on) a record is 24 bytes
//! in native byte order: `struct timeval` (`tv_sec: i64`, `tv_usec: i64`), then
//! `type: u16`, `code: u16`, `value: i32`. The listener reads the device's bytes and
//! hands them to a [`RecordReader`]; tests hand it recorded streams, so both go through
//! the same parser and the same assembler.
//!
//! Invariants: a reader keeps at most one partial record (23 bytes) between calls, so
//! records split across reads are reassembled and nothing grows; timestamps before the
//! epoch or beyond `u64` microseconds saturate instead of wrapping.

/// Bytes per `input_event` record on 64-bit Linux.
pub const RECORD_SIZE: usize = 24;

pub const EV_SYN: u16 = 0x00;
pub const EV_KEY: u16 = 0x01;
pub const EV_MSC: u16 = 0x04;
pub const SYN_REPORT: u16 = 0;
pub const SYN_DROPPED: u16 = 3;
pub const MSC_SCAN: u16 = 4;

/// One kernel input event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawEvent {
    /// Event time in microseconds since the epoch (the kernel's clock for the device).
    pub time_us: u64,
    /// `EV_SYN`, `EV_KEY`, `EV_MSC`, ...
    pub kind: u16,
    pub code: u16,
    /// For keys: 1 press, 0 release, 2 autorepeat.
    pub value: i32,
}

impl RawEvent {
    /// Parses one record.
    pub fn from_bytes(b: &[u8; RECORD_SIZE]) -> RawEvent {
        let mut s: &[u8] = b;
        let sec = i64::from_ne_bytes(take(&mut s));
        let usec = i64::from_ne_bytes(take(&mut s));
        let kind = u16::from_ne_bytes(take(&mut s));
        let code = u16::from_ne_bytes(take(&mut s));
        let value = i32::from_ne_bytes(take(&mut s));
        let time_us = u64::try_from(sec)
            .unwrap_or(0)
            .saturating_mul(1_000_000)
            .saturating_add(u64::try_from(usec).unwrap_or(0));
        RawEvent {
            time_us,
            kind,
            code,
            value,
        }
    }

    /// The record's bytes (for tests and recorded streams).
    pub fn to_bytes(&self) -> [u8; RECORD_SIZE] {
        let sec = i64::try_from(self.time_us / 1_000_000).unwrap_or(i64::MAX);
        let usec = i64::try_from(self.time_us % 1_000_000).unwrap_or(0);
        let mut out = [0u8; RECORD_SIZE];
        let bytes = sec
            .to_ne_bytes()
            .into_iter()
            .chain(usec.to_ne_bytes())
            .chain(self.kind.to_ne_bytes())
            .chain(self.code.to_ne_bytes())
            .chain(self.value.to_ne_bytes());
        for (dst, src) in out.iter_mut().zip(bytes) {
            *dst = src;
        }
        out
    }
}

/// The next `N` bytes of `s` (zeros if `s` is shorter, which a record never is).
fn take<const N: usize>(s: &mut &[u8]) -> [u8; N] {
    match s.split_first_chunk::<N>() {
        Some((head, tail)) => {
            *s = tail;
            *head
        }
        None => [0; N],
    }
}

/// Cuts a byte stream into records, keeping a partial record for the next call.
#[derive(Debug, Default, Clone)]
pub struct RecordReader {
    partial: [u8; RECORD_SIZE],
    len: usize,
}

impl RecordReader {
    pub fn new() -> RecordReader {
        RecordReader::default()
    }

    /// Calls `each` for every complete record in `partial + bytes`, in order.
    pub fn push(&mut self, mut bytes: &[u8], mut each: impl FnMut(RawEvent)) {
        if self.len > 0 {
            let need = RECORD_SIZE - self.len;
            let take = need.min(bytes.len());
            let (head, rest) = bytes.split_at(take);
            if let Some(dst) = self.partial.get_mut(self.len..self.len + take) {
                dst.copy_from_slice(head);
            }
            self.len += take;
            bytes = rest;
            if self.len < RECORD_SIZE {
                return;
            }
            each(RawEvent::from_bytes(&self.partial));
            self.len = 0;
        }
        let mut chunks = bytes.chunks_exact(RECORD_SIZE);
        for chunk in &mut chunks {
            if let Ok(record) = <&[u8; RECORD_SIZE]>::try_from(chunk) {
                each(RawEvent::from_bytes(record));
            }
        }
        let rest = chunks.remainder();
        if let Some(dst) = self.partial.get_mut(..rest.len()) {
            dst.copy_from_slice(rest);
            self.len = rest.len();
        }
    }

    /// Forgets a partial record (the device was reopened).
    pub fn clear(&mut self) {
        self.len = 0;
    }
}
