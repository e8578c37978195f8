//! Scanner bursts recognised in the terminal's own key stream, by timing.
//!
//! When no reader device can be opened (no permission, a remote terminal), a scanner's
//! keys reach comptoir as ordinary terminal keys. A scanner types far faster than a
//! person: [`BurstDetector`] calls a run of at least `min_chars` characters, each at most
//! `max_gap_ms` after the previous one, ended by Enter at most `max_gap_ms` after the
//! last character, a scan (`[burst]` in the config: 6 characters, 30 ms by default).
//!
//! How characters are held back and handed back. A character cannot be known to start a
//! burst when it arrives, so the detector **holds** every plain character for up to
//! `max_gap_ms`:
//! - another character within the gap joins the held run;
//! - Enter within the gap, with at least `min_chars` held, turns the run into one
//!   [`Routed::Scan`]: neither the characters nor the Enter reach the screen, so a scan
//!   never lands in the text field the cashier is typing in;
//! - anything else hands the held characters back as [`Routed::Key`]s, in their original
//!   order, before the key that ended the run: the gap expiring (the app calls
//!   [`BurstDetector::tick`] at [`BurstDetector::deadline`]), a slower character (which
//!   then starts a new run), Enter after too few characters or too late, any other key,
//!   or a run longer than [`MAX_CODE_LEN`] (whose further characters, and its Enter,
//!   then pass straight through as keys until the next pause).
//!
//! So a person typing sees each character `max_gap_ms` late at most (30 ms: unnoticeable)
//! and never triggers a scan (six keys plus Enter, each within 30 ms, is beyond human
//! typing), while a scanner burst between two typed words is cut out cleanly.
//!
//! Invariants: every key pushed comes out exactly once, as itself or inside one scan,
//! and keys that come out as keys keep their relative order; at most [`MAX_CODE_LEN`]
//! keys are held; time is passed in (milliseconds on any monotonic clock), never read.
//! The app must stamp each key when its input thread reads it from the terminal, not
//! when the update loop gets to it, or keys queued behind slow work would look fast.
//! Terminal paste should arrive as a paste event (bracketed paste), not as keys.

use super::BurstSettings;

use super::{ReaderKind, Scan, KEYBOARD_READER, MAX_CODE_LEN};

/// A terminal key, as the app classifies it; `K` is the app's own key type, handed back
/// untouched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TermKey<K> {
    /// A key that types this printable character (no Ctrl/Alt).
    Char(char, K),
    /// Enter.
    Enter(K),
    /// Anything else (arrows, Backspace, Esc, Ctrl+..., function keys).
    Other(K),
}

impl<K> TermKey<K> {
    fn into_key(self) -> K {
        match self {
            TermKey::Char(_, k) | TermKey::Enter(k) | TermKey::Other(k) => k,
        }
    }
}

/// What the app gets back: keys to handle as typed, or a scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Routed<K> {
    Key(K),
    Scan(Scan),
}

/// Burst detection over one terminal's key stream.
#[derive(Debug, Clone)]
pub struct BurstDetector<K> {
    config: BurstSettings,
    held: Vec<(char, K)>,
    last_ms: u64,
    /// The current run outgrew a code: its keys pass straight through until a pause.
    flooding: bool,
}

impl<K> BurstDetector<K> {
    pub fn new(config: BurstSettings) -> BurstDetector<K> {
        BurstDetector {
            config,
            held: Vec::new(),
            last_ms: 0,
            flooding: false,
        }
    }

    /// Whether characters are being held.
    pub fn is_holding(&self) -> bool {
        !self.held.is_empty()
    }

    /// When held characters must be handed back if nothing else arrives: call
    /// [`tick`](Self::tick) once this time has passed.
    pub fn deadline(&self) -> Option<u64> {
        self.is_holding()
            .then(|| self.last_ms.saturating_add(self.config.max_gap_ms))
    }

    /// Hands held characters back once their gap has passed.
    pub fn tick(&mut self, now_ms: u64) -> Vec<Routed<K>> {
        let mut out = Vec::new();
        if now_ms.saturating_sub(self.last_ms) > self.config.max_gap_ms {
            self.release(&mut out);
            self.flooding = false;
        }
        out
    }

    /// One key read from the terminal at `now_ms`.
    pub fn push(&mut self, now_ms: u64, key: TermKey<K>) -> Vec<Routed<K>> {
        if !self.config.enabled {
            return vec![Routed::Key(key.into_key())];
        }
        let mut out = self.tick(now_ms);
        match key {
            TermKey::Char(c, k) if self.flooding && !c.is_control() => {
                out.push(Routed::Key(k));
                self.last_ms = now_ms;
            }
            TermKey::Char(c, k) if !c.is_control() && self.held.len() < MAX_CODE_LEN => {
                self.held.push((c, k));
                self.last_ms = now_ms;
            }
            TermKey::Char(c, k) if !c.is_control() => {
                self.release(&mut out);
                out.push(Routed::Key(k));
                self.flooding = true;
                self.last_ms = now_ms;
            }
            TermKey::Enter(_) if self.held.len() >= self.config.min_chars => {
                // The tick above released anything older than the gap, so every held
                // character and this Enter came within `max_gap_ms` of each other.
                let code: String = self.held.iter().map(|(c, _)| *c).collect();
                let raw_keys = self.held.len();
                self.held.clear();
                out.push(Routed::Scan(Scan::build(
                    KEYBOARD_READER,
                    ReaderKind::Barcode,
                    code,
                    raw_keys,
                    false,
                    None,
                )));
            }
            other => {
                self.release(&mut out);
                self.flooding = false;
                out.push(Routed::Key(other.into_key()));
            }
        }
        out
    }

    fn release(&mut self, out: &mut Vec<Routed<K>>) {
        out.extend(self.held.drain(..).map(|(_, k)| Routed::Key(k)));
    }
}

#[cfg(test)]
mod tests;
