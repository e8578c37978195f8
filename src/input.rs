//! Scanner input: keyboard-wedge barcode scanners and NFC/RFID readers turned into
//! [`ReaderEvent`]s for the app's single event channel (DOMAIN.md §6).
//!
//! Two paths lead to a [`Scan`]:
//! - **A reader device** (`listener`): one thread per configured reader opens and grabs
//!   its `/dev/input/event*` node, feeds the kernel's `input_event` records through
//!   [`RecordReader`] into a [`BurstAssembler`], and delivers the resulting events to an
//!   [`EventSink`]. Tests feed recorded byte streams through the very same two types.
//! - **The terminal's own key stream** (`burst`): when no reader can be opened, a
//!   [`BurstDetector`] recognises scanner bursts among ordinary key presses by timing.
//!
//! Invariants:
//! - a `Scan` with `valid == false` is reported, never used: routing looks only at valid
//!   scans ([`Scan::references`] is empty for an invalid one);
//! - every buffer here is bounded ([`MAX_CODE_LEN`] characters per code, a fixed read
//!   buffer per reader), so a flooding or garbage reader cannot exhaust memory or freeze
//!   the interface;
//! - nothing in this module reads a clock except the listener thread: the assembler and
//!   the burst detector take timestamps as arguments, so tests control time.
//!
//! For the app (the TUI merges these events with terminal keys and ticks):
//! - start the readers with [`spawn_all`]`(config.scanners, sink)`, where the sink is a
//!   `Sender<ReaderEvent>`, a bounded `SyncSender<ReaderEvent>`, or a [`FnSink`] wrapping
//!   a closure that maps `ReaderEvent` into the app's own event type; keep the returned
//!   [`Listeners`] alive (dropping it stops and joins the threads);
//! - show `Disconnected`/`Connected` in the status bar; while no reader is configured or
//!   none is connected, pass terminal keys through a [`BurstDetector`] (`config.burst`);
//! - route only valid scans; look a scan up with `store::lookup::customer_by_scan`
//!   (the candidates of [`Scan::references`], in order, first hit wins), and as a
//!   product code.

pub mod assembler;
pub mod burst;
pub mod devices;
pub mod emulate;
pub mod layout;
pub mod listener;
pub mod record;
mod settings;

use std::path::PathBuf;
use std::sync::mpsc::{Sender, SyncSender, TrySendError};

use serde::Serialize;

use crate::domain::customer::{barcode_misread, reference_candidates, Reference, ReferenceKind};

pub use crate::domain::nfc::{uid_forms, Uid};
pub use assembler::{AssemblerSettings, BurstAssembler};
pub use burst::{BurstDetector, Routed, TermKey};
pub use devices::{list_devices, resolve, DeviceInfo};
pub use layout::Layout;
pub use listener::{spawn_all, spawn_reader, Listeners, ReaderSpec};
pub use record::{RawEvent, RecordReader, RECORD_SIZE};
pub use settings::{parse_nfc_reversed, BurstSettings, DeviceSelector, ReaderKind};

/// Longest code a scan may carry, in characters; a longer burst is reported as
/// [`ReaderEvent::Invalid`] and its characters are not kept.
pub const MAX_CODE_LEN: usize = 128;

/// The `reader` name of scans recognised in the terminal's key stream.
pub const KEYBOARD_READER: &str = "keyboard";

/// One code read by a reader (or recognised as a burst in the terminal's key stream).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scan {
    /// The configured reader's name, or [`KEYBOARD_READER`].
    pub reader: String,
    /// What the reader reads. Keyboard bursts are tagged `Barcode` (see
    /// [`Scan::references`] for how they are matched).
    pub kind: ReaderKind,
    /// The decoded code: for a valid NFC read, the canonical upper-case hex UID; for a
    /// barcode, the characters as decoded; for an invalid read, what was read (characters
    /// the layout cannot produce shown as U+FFFD).
    pub code: String,
    /// Whether the code passed its rule (EAN/UPC check digit, NFC UID shape) and every
    /// key decoded. An invalid scan is shown to the cashier, never used.
    pub valid: bool,
    /// Key presses (modifiers included, the terminator excluded) that made the code.
    pub raw_keys: usize,
    /// Why the scan is invalid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// What a reader reports. One event per completed burst, plus connection changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum ReaderEvent {
    /// A burst decoded into a code (valid or not).
    Scan(Scan),
    /// A burst that could not become a code (too long, events lost by the kernel).
    Invalid { reader: String, reason: String },
    /// The reader is not (or no longer) available; the listener keeps retrying. Reported
    /// once per distinct reason, not on every retry.
    Disconnected { reader: String, reason: String },
    /// The reader's device was opened and grabbed.
    Connected { reader: String, device: PathBuf },
}

impl ReaderEvent {
    /// The reader this event is about.
    pub fn reader(&self) -> &str {
        match self {
            ReaderEvent::Scan(s) => &s.reader,
            ReaderEvent::Invalid { reader, .. }
            | ReaderEvent::Disconnected { reader, .. }
            | ReaderEvent::Connected { reader, .. } => reader,
        }
    }
}

impl Scan {
    /// Builds a scan from decoded characters, applying the rule of its kind: EAN/UPC check
    /// digit for all-digit barcodes of 8, 12, 13 or 14 digits (other barcodes have no
    /// rule), UID shape for NFC (the code becomes the canonical hex, byte order reversed
    /// when `nfc_reversed`). `undecodable` names a key code the layout could not turn into
    /// a character, which makes the scan invalid.
    pub fn build(
        reader: &str,
        kind: ReaderKind,
        code: String,
        raw_keys: usize,
        nfc_reversed: bool,
        undecodable: Option<String>,
    ) -> Scan {
        let mut scan = Scan {
            reader: reader.to_string(),
            kind,
            code,
            valid: true,
            raw_keys,
            reason: None,
        };
        if let Some(why) = undecodable {
            scan.valid = false;
            scan.reason = Some(why);
            return scan;
        }
        match kind {
            ReaderKind::Barcode => {
                if let Some(e) = barcode_misread(&scan.code) {
                    scan.valid = false;
                    scan.reason = Some(e.to_string());
                }
            }
            ReaderKind::Nfc => match Uid::parse(&scan.code) {
                Ok(uid) => scan.code = uid.canonical(nfc_reversed),
                Err(e) => {
                    scan.valid = false;
                    scan.reason = Some(e.to_string());
                }
            },
        }
        scan
    }

    /// What kind of reference this scan may be: `None` for a burst recognised in the
    /// terminal's key stream, which may come from either kind of reader.
    pub fn read_as(&self) -> Option<ReferenceKind> {
        match self.kind {
            ReaderKind::Nfc => Some(ReferenceKind::Nfc),
            ReaderKind::Barcode if self.reader == KEYBOARD_READER => None,
            ReaderKind::Barcode => Some(ReferenceKind::Barcode),
        }
    }

    /// Every customer reference this scan may match, most likely first, in the form the
    /// store keeps: the domain's [`reference_candidates`] of the code, read as
    /// [`Scan::read_as`] says (the register looks the customer up with
    /// `store::lookup::customer_by_scan`, which tries the same list). Empty for an
    /// invalid scan.
    pub fn references(&self) -> Vec<Reference> {
        if !self.valid {
            return Vec::new();
        }
        reference_candidates(&self.code, self.read_as())
    }
}

/// Where a listener delivers its events. `deliver` returns `false` once nobody listens
/// any more; the listener thread then ends.
pub trait EventSink: Send + 'static {
    fn deliver(&mut self, event: ReaderEvent) -> bool;
}

impl EventSink for Sender<ReaderEvent> {
    fn deliver(&mut self, event: ReaderEvent) -> bool {
        self.send(event).is_ok()
    }
}

/// A bounded channel: when it is full the event is dropped (and logged) rather than
/// blocking the reader thread, so a flooding reader cannot pile work up.
impl EventSink for SyncSender<ReaderEvent> {
    fn deliver(&mut self, event: ReaderEvent) -> bool {
        match self.try_send(event) {
            Ok(()) => true,
            Err(TrySendError::Full(e)) => {
                tracing::warn!(
                    reader = e.reader(),
                    "event channel full; scanner event dropped"
                );
                true
            }
            Err(TrySendError::Disconnected(_)) => false,
        }
    }
}

/// A closure as a sink, e.g. `FnSink(move |e| tx.send(AppEvent::Reader(e)).is_ok())`.
#[derive(Clone)]
pub struct FnSink<F>(pub F);

impl<F> EventSink for FnSink<F>
where
    F: FnMut(ReaderEvent) -> bool + Send + 'static,
{
    fn deliver(&mut self, event: ReaderEvent) -> bool {
        (self.0)(event)
    }
}

/// Errors of the device side: discovery, opening, grabbing.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{0} does not exist: this system exposes no input devices (a container or a remote machine?)")]
    NoInputDir(PathBuf),
    #[error("no input device matches {0}")]
    NotFound(String),
    #[error("cannot open {path}: permission denied; add the user to the `input` group (`sudo usermod -aG input $USER`, then log in again) or install assets/udev/70-comptoir-scanners.rules")]
    Permission { path: PathBuf },
    #[error("cannot grab {path}: another program holds it (EVIOCGRAB busy)")]
    Busy { path: PathBuf },
    #[error("cannot {action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("unknown keyboard layout `{0}` (us, fr, be, de, ch)")]
    Layout(String),
    #[error("virtual device: {0}")]
    Emulate(String),
}

impl InputError {
    /// Maps an IO error on `path` to the most helpful variant.
    pub fn io(action: &'static str, path: &std::path::Path, source: std::io::Error) -> Self {
        match source.kind() {
            std::io::ErrorKind::PermissionDenied => InputError::Permission {
                path: path.to_path_buf(),
            },
            std::io::ErrorKind::ResourceBusy => InputError::Busy {
                path: path.to_path_buf(),
            },
            _ => InputError::Io {
                action,
                path: path.to_path_buf(),
                source,
            },
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;
