//! A reader under the CSV parser that bounds the size of one row and watches quotes.
//!
//! The parser reports where each row ends ([`GuardState::record_done`]); when the bytes
//! read since the current row began pass [`MAX_RECORD`], the guard fails the read with a
//! message naming the line where the row began, so a 50 MB line or a quote never closed
//! in a big file stops the import instead of filling memory. It also counts `"` bytes: an
//! odd count at the end means a quote was opened and never closed.

use std::collections::VecDeque;
use std::io::Read;
use std::sync::{Arc, Mutex, MutexGuard};

/// The most bytes one row may take (a real customer row is a few hundred bytes).
pub const MAX_RECORD: u64 = 4 * 1024 * 1024;

#[derive(Debug, Default)]
struct Inner {
    bytes: u64,
    /// Physical line of the last byte read (1-based).
    line: u64,
    record_start: u64,
    record_start_line: u64,
    quotes_odd: bool,
    odd_since_line: u64,
    eof: bool,
    failure: Option<String>,
    /// Offsets of the `\n` and `\r` bytes from the current row on.
    newlines: VecDeque<u64>,
    returns: VecDeque<u64>,
}

/// Shared between the guard (inside the parser) and the loop reading rows (the same
/// thread; the lock is never contended, it only makes the pair movable to a thread).
#[derive(Debug, Clone)]
pub struct GuardState(Arc<Mutex<Inner>>);

impl GuardState {
    pub fn new() -> GuardState {
        GuardState(Arc::new(Mutex::new(Inner {
            line: 1,
            record_start_line: 1,
            ..Default::default()
        })))
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The parser finished a row; the next one starts at `pos`.
    pub fn record_done(&self, pos: &csv::Position) {
        let mut s = self.lock();
        s.record_start = pos.byte();
        s.record_start_line = pos.line();
        while s.newlines.front().is_some_and(|&b| b < pos.byte()) {
            s.newlines.pop_front();
        }
        while s.returns.front().is_some_and(|&b| b < pos.byte()) {
            s.returns.pop_front();
        }
    }

    /// The physical line a row starts on. The parser places a row where the previous one
    /// ended: before the `\n` of a CRLF it has not consumed yet, and before the blank
    /// lines it skips. This walks over those line ends.
    pub fn line_of(&self, pos: &csv::Position) -> u64 {
        let s = self.lock();
        let (mut at, mut line) = (pos.byte(), pos.line());
        loop {
            if s.newlines.binary_search(&at).is_ok() {
                line += 1;
            } else if s.returns.binary_search(&at).is_err() {
                return line;
            }
            at += 1;
        }
    }

    /// Why the guard stopped the reading, if it did.
    pub fn failure(&self) -> Option<String> {
        self.lock().failure.clone()
    }

    /// At the end of the file: the line of a quote that was never closed.
    pub fn open_quote_line(&self) -> Option<u64> {
        let s = self.lock();
        (s.eof && s.quotes_odd).then_some(s.odd_since_line)
    }
}

pub struct Guard<R> {
    inner: R,
    state: GuardState,
}

impl<R: Read> Guard<R> {
    pub fn new(inner: R, state: GuardState) -> Self {
        Guard { inner, state }
    }
}

impl<R: Read> Read for Guard<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.state.lock().failure.is_some() {
            return Err(std::io::Error::other("row too long"));
        }
        let n = self.inner.read(buf)?;
        let mut s = self.state.lock();
        if n == 0 {
            s.eof = true;
        }
        let base = s.bytes;
        for (i, &b) in buf.get(..n).unwrap_or_default().iter().enumerate() {
            match b {
                b'\r' => s.returns.push_back(base + i as u64),
                b'\n' => {
                    s.line += 1;
                    s.newlines.push_back(base + i as u64);
                }
                b'"' => {
                    s.quotes_odd = !s.quotes_odd;
                    if s.quotes_odd {
                        s.odd_since_line = s.line;
                    }
                }
                _ => {}
            }
        }
        s.bytes += n as u64;
        if s.bytes.saturating_sub(s.record_start) > MAX_RECORD {
            let (start, line) = (s.record_start_line, s.line);
            let mib = MAX_RECORD / (1024 * 1024);
            let message = if line == start {
                format!("line {start} is longer than {mib} MiB: this is not a customer list")
            } else {
                format!(
                    "the row starting at line {start} runs over {} lines and {mib} MiB without \
                     ending: a quote opened there is probably never closed",
                    line - start
                )
            };
            s.failure = Some(message);
            return Err(std::io::Error::other("row too long"));
        }
        Ok(n)
    }
}
