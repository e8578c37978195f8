//! One thread per configured reader: open, grab, read, decode, deliver; reopen after an
//! unplug.
//!
//! The thread resolves the reader's selector to a `/dev/input/eventN` node, opens it with
//! the `evdev` crate and grabs it (EVIOCGRAB: its keys then reach no terminal, text field
//! or other program), then reads the node's raw bytes through a duplicate of the same
//! descriptor into the [`RecordReader`] and [`BurstAssembler`] the tests use. The thread
//! waits in poll(2), so bytes are read the moment they arrive (the kernel keeps only
//! about 64 events per client: a reader polled late loses keys), and wakes at least
//! every [`POLL`] to look at its stop flag and end idle-gap bursts. When the node fails
//! (ENODEV on unplug) it reports [`ReaderEvent::Disconnected`] and tries to open the
//! reader again every [`RETRY`].
//!
//! Invariants: `Connected` and `Disconnected` alternate for a reader (a reader that cannot
//! be opened at start reports `Disconnected` once, then `Connected` when it appears);
//! reads use one fixed buffer; a reader sending more than [`MAX_EVENTS_PER_SEC`] scans a
//! second has the excess dropped and reported once a second, so it cannot flood the app;
//! the thread ends when the stop flag is set or the sink reports nobody listens.

use std::fs::File;
use std::io::{ErrorKind, Read};
use std::os::fd::AsFd;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use evdev::raw_stream::RawDevice;
use nix::errno::Errno;
use nix::poll::{poll, PollFd, PollFlags, PollTimeout};

use super::assembler::{AssemblerSettings, BurstAssembler};
use super::devices::{describe_selector, resolve};
use super::record::{RecordReader, RECORD_SIZE};
use super::{DeviceSelector, EventSink, InputError, ReaderEvent};

/// Longest wait for input before the stop flag is looked at again.
pub const POLL: Duration = Duration::from_millis(100);
/// How often an absent reader is looked for again.
pub const RETRY: Duration = Duration::from_secs(1);
/// Attempts at EVIOCGRAB while another program holds the device.
const GRAB_TRIES: u32 = 5;
/// Most reader events delivered per second per reader.
pub const MAX_EVENTS_PER_SEC: u32 = 20;

/// One reader to listen to (a `[[scanner]]` of the config, parsed).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReaderSpec {
    pub name: String,
    pub selector: DeviceSelector,
    pub settings: AssemblerSettings,
}

/// A reader's device, opened and grabbed.
#[derive(Debug)]
pub struct OpenReader {
    pub path: PathBuf,
    /// Holds the grab, released when the descriptor closes with this value. (The raw
    /// device, unlike `evdev::Device`, prints nothing on stderr when dropped after an
    /// unplug: stderr is the register's screen.)
    _device: RawDevice,
    /// The same open file, read for raw `input_event` records.
    file: File,
}

/// Resolves, opens and grabs a reader's device.
pub fn open_reader(spec: &ReaderSpec) -> Result<OpenReader, InputError> {
    let path = resolve(&spec.selector)?;
    let mut device = RawDevice::open(&path).map_err(|e| InputError::io("open", &path, e))?;
    // A grab held for a moment by someone else (a probe, a desktop tool starting) is
    // worth a few quick retries before calling the reader busy.
    let mut tries = 0;
    while let Err(e) = device.grab() {
        tries += 1;
        if e.kind() != ErrorKind::ResourceBusy || tries >= GRAB_TRIES {
            return Err(InputError::io("grab", &path, e));
        }
        thread::sleep(Duration::from_millis(50));
    }
    let fd = device
        .as_fd()
        .try_clone_to_owned()
        .map_err(|e| InputError::io("duplicate", &path, e))?;
    Ok(OpenReader {
        path,
        _device: device,
        file: File::from(fd),
    })
}

/// Spawns a thread running [`run_reader`]; `first` is a device already opened (so a
/// caller can report an open failure before starting).
pub fn spawn_reader(
    spec: ReaderSpec,
    first: Option<OpenReader>,
    mut sink: impl EventSink,
    stop: Arc<AtomicBool>,
) -> std::io::Result<JoinHandle<()>> {
    thread::Builder::new()
        .name(format!("reader {}", spec.name))
        .spawn(move || run_reader(&spec, first, &mut sink, &stop))
}

/// The readers of a config, listening until stopped (or dropped).
pub struct Listeners {
    stop: Arc<AtomicBool>,
    handles: Vec<JoinHandle<()>>,
}

impl Listeners {
    /// Sets the stop flag and waits for every thread (at most about one [`POLL`]).
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        for h in self.handles.drain(..) {
            let _ = h.join();
        }
    }
}

impl Drop for Listeners {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Starts one listener thread per reader (the config's `[[scanner]]`s), all delivering
/// to clones of `sink`. Readers that cannot be opened yet report `Disconnected` and are
/// retried.
pub fn spawn_all<S: EventSink + Clone>(
    specs: Vec<ReaderSpec>,
    sink: S,
) -> Result<Listeners, InputError> {
    let stop = Arc::new(AtomicBool::new(false));
    let mut listeners = Listeners {
        stop: Arc::clone(&stop),
        handles: Vec::new(),
    };
    for spec in specs {
        let name = spec.name.clone();
        let handle = spawn_reader(spec, None, sink.clone(), Arc::clone(&stop))
            .map_err(|e| InputError::io("start a thread for", &PathBuf::from(name), e))?;
        listeners.handles.push(handle);
    }
    Ok(listeners)
}

/// Why a read loop ended.
enum Ended {
    Stopped,
    Gone(String),
}

/// The listener loop of one reader (blocking; run it on its own thread).
pub fn run_reader(
    spec: &ReaderSpec,
    first: Option<OpenReader>,
    sink: &mut impl EventSink,
    stop: &AtomicBool,
) {
    let mut assembler = BurstAssembler::new(&spec.name, spec.settings.clone());
    let mut limit = RateLimit::default();
    let mut opened = first;
    let mut down_reported = false;
    while !stop.load(Ordering::Relaxed) {
        let reader = match opened.take().map_or_else(|| open_reader(spec), Ok) {
            Ok(r) => r,
            Err(e) => {
                tracing::debug!(reader = %spec.name, error = %e, "reader not available");
                if !down_reported {
                    down_reported = true;
                    if !sink.deliver(ReaderEvent::Disconnected {
                        reader: spec.name.clone(),
                        reason: e.to_string(),
                    }) {
                        return;
                    }
                }
                sleep_unless_stopped(RETRY, stop);
                continue;
            }
        };
        tracing::info!(reader = %spec.name, device = %reader.path.display(), "reader grabbed");
        if !sink.deliver(ReaderEvent::Connected {
            reader: spec.name.clone(),
            device: reader.path.clone(),
        }) {
            return;
        }
        match read_loop(reader, &mut assembler, &mut limit, sink, stop) {
            None | Some(Ended::Stopped) => return,
            Some(Ended::Gone(why)) => {
                tracing::warn!(reader = %spec.name, reason = %why, "reader lost");
                assembler.reset();
                down_reported = true;
                let reason = format!("{} went away ({why})", describe_selector(&spec.selector));
                if !sink.deliver(ReaderEvent::Disconnected {
                    reader: spec.name.clone(),
                    reason,
                }) {
                    return;
                }
                // A device that fails at once when reopened must not spin this loop.
                sleep_unless_stopped(RETRY, stop);
            }
        }
    }
}

/// Reads one opened device until it fails or the thread must stop; `None` when the sink
/// is gone.
fn read_loop(
    mut reader: OpenReader,
    assembler: &mut BurstAssembler,
    limit: &mut RateLimit,
    sink: &mut impl EventSink,
    stop: &AtomicBool,
) -> Option<Ended> {
    let mut records = RecordReader::new();
    let mut buf = [0u8; RECORD_SIZE * 64];
    let mut out: Vec<ReaderEvent> = Vec::with_capacity(64);
    loop {
        if stop.load(Ordering::Relaxed) {
            return Some(Ended::Stopped);
        }
        // Wake for input at once, else in time for the idle gap or the stop flag.
        let wait_ms = assembler
            .deadline_us()
            .map_or(POLL, |d| {
                Duration::from_micros(d.saturating_sub(now_us()).saturating_add(1_000))
            })
            .min(POLL);
        let timeout = PollTimeout::from(u16::try_from(wait_ms.as_millis()).unwrap_or(u16::MAX));
        let mut fds = [PollFd::new(reader.file.as_fd(), PollFlags::POLLIN)];
        match poll(&mut fds, timeout) {
            Ok(0) => out.extend(assembler.tick(now_us())),
            Ok(_) => match reader.file.read(&mut buf) {
                Ok(0) => return Some(Ended::Gone("end of file".into())),
                Ok(n) => {
                    let bytes = buf.get(..n).unwrap_or(&[]);
                    records.push(bytes, |ev| out.extend(assembler.feed(ev)));
                }
                Err(e) if matches!(e.kind(), ErrorKind::Interrupted | ErrorKind::WouldBlock) => {}
                Err(e) => return Some(Ended::Gone(e.to_string())),
            },
            Err(Errno::EINTR) => {}
            Err(e) => return Some(Ended::Gone(format!("poll: {e}"))),
        }
        let now = now_us();
        if let Some(report) = limit.roll(now, assembler.reader()) {
            out.push(report);
        }
        for event in out.drain(..) {
            let keep = matches!(event, ReaderEvent::Invalid { .. }) && limit.is_report(&event);
            if (keep || limit.admit(now)) && !sink.deliver(event) {
                return None;
            }
        }
    }
}

/// At most [`MAX_EVENTS_PER_SEC`] events per one-second window; the excess is counted
/// and reported in one `Invalid` event when the next window starts.
#[derive(Debug, Default)]
struct RateLimit {
    window_start_us: u64,
    admitted: u32,
    dropped: u64,
}

const FLOOD_REASON: &str = "reads dropped: the reader sent more than";

impl RateLimit {
    fn admit(&mut self, now_us: u64) -> bool {
        if now_us.saturating_sub(self.window_start_us) >= 1_000_000 {
            self.window_start_us = now_us;
            self.admitted = 0;
        }
        if self.admitted < MAX_EVENTS_PER_SEC {
            self.admitted += 1;
            true
        } else {
            self.dropped = self.dropped.saturating_add(1);
            false
        }
    }

    /// The flood report due at `now_us`, if any.
    fn roll(&mut self, now_us: u64, reader: &str) -> Option<ReaderEvent> {
        if self.dropped == 0 || now_us.saturating_sub(self.window_start_us) < 1_000_000 {
            return None;
        }
        let n = std::mem::take(&mut self.dropped);
        Some(ReaderEvent::Invalid {
            reader: reader.to_string(),
            reason: format!("{n} {FLOOD_REASON} {MAX_EVENTS_PER_SEC} a second"),
        })
    }

    fn is_report(&self, event: &ReaderEvent) -> bool {
        matches!(event, ReaderEvent::Invalid { reason, .. } if reason.contains(FLOOD_REASON))
    }
}

/// The kernel stamps evdev events with CLOCK_REALTIME unless told otherwise.
fn now_us() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_micros()).unwrap_or(u64::MAX))
}

fn sleep_unless_stopped(total: Duration, stop: &AtomicBool) {
    let step = Duration::from_millis(50);
    let mut slept = Duration::ZERO;
    while slept < total && !stop.load(Ordering::Relaxed) {
        thread::sleep(step);
        slept += step;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_limit_drops_the_excess_and_reports_it_once() {
        let mut l = RateLimit::default();
        let t0 = 5_000_000;
        let admitted = (0..50).filter(|_| l.admit(t0)).count();
        assert_eq!(admitted, MAX_EVENTS_PER_SEC as usize);
        assert!(l.roll(t0 + 10, "r").is_none(), "not before the window ends");
        let report = l.roll(t0 + 1_000_000, "r");
        assert!(
            matches!(&report, Some(ReaderEvent::Invalid { reason, .. }) if reason.starts_with("30 reads dropped")),
            "{report:?}"
        );
        assert!(report.as_ref().is_some_and(|r| l.is_report(r)));
        assert!(l.roll(t0 + 1_000_001, "r").is_none(), "reported once");
        assert!(l.admit(t0 + 1_000_000), "a new window admits again");
    }
}
