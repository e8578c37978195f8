//! A virtual keyboard-wedge reader made through `/dev/uinput`, for the real-kernel test
//! (`tests/qemu/run.sh`) and for trying a listener without hardware
//! (`comptoir devices --emulate`).
//!
//! It creates a USB keyboard with the given name and ids, waits until another program
//! grabs it (probing with a short EVIOCGRAB of its own: EBUSY means someone holds it),
//! types each text followed by Enter as a scanner would in the given layout (MSC_SCAN
//! before each key, Shift/AltGr around it, one autorepeat on the first key to prove it
//! is ignored), then checks through a second, ungrabbed handle that no key press leaked
//! past the grab. Dropping the device unplugs it.
//!
//! Invariants: needs write access to `/dev/uinput` (root, or the `uinput` group); never
//! panics on a name too long for uinput (refused first).

use std::io::ErrorKind;
use std::path::PathBuf;
use std::thread;
use std::time::{Duration, Instant};

use evdev::uinput::VirtualDevice;
use evdev::{AttributeSet, BusType, EventType, InputEvent, InputId, KeyCode, MiscCode};
use serde::Serialize;

use super::layout::{code, encode, Layout};
use super::record::MSC_SCAN;
use super::InputError;

/// What to type, and how.
#[derive(Debug, Clone)]
pub struct EmulateOptions {
    pub name: String,
    pub vendor: u16,
    pub product: u16,
    pub layout: Layout,
    /// Each text is typed then ended with Enter.
    pub texts: Vec<String>,
    /// Pause between two characters (scanners: 1 to 10 ms).
    pub key_delay: Duration,
    /// How long to wait for a listener to grab the device (zero: do not wait).
    pub wait_grab: Duration,
    /// How long to keep the device after typing, before unplugging it.
    pub hold: Duration,
}

/// What happened, printed as JSON by the CLI.
#[derive(Debug, Clone, Serialize)]
pub struct EmulateReport {
    pub device: PathBuf,
    /// Another program held the grab while we typed.
    pub grabbed_elsewhere: bool,
    /// Key presses our ungrabbed handle saw while typing (0 when the grab works). Only
    /// presses count: a listener that stops once it has read the last Enter press
    /// releases its grab before that key's release event, which then reaches us.
    pub leaked_key_presses: usize,
    pub texts_typed: usize,
}

/// Creates the device, types, checks, unplugs.
pub fn emulate(opts: &EmulateOptions) -> Result<EmulateReport, InputError> {
    let err = |what: &str, e: std::io::Error| InputError::Emulate(format!("{what}: {e}"));
    if opts.name.is_empty() || opts.name.len() >= 79 {
        return Err(InputError::Emulate("the name must be 1 to 78 bytes".into()));
    }
    let mut keys = AttributeSet::<KeyCode>::new();
    for k in 1..=127u16 {
        keys.insert(KeyCode(k));
    }
    let mut msc = AttributeSet::<MiscCode>::new();
    msc.insert(MiscCode(MSC_SCAN));
    let mut device = VirtualDevice::builder()
        .map_err(|e| err("cannot open /dev/uinput", e))?
        .name(opts.name.as_str())
        .input_id(InputId::new(BusType::BUS_USB, opts.vendor, opts.product, 1))
        .with_keys(&keys)
        .and_then(|b| b.with_msc(&msc))
        .and_then(|b| b.build())
        .map_err(|e| err("cannot create the virtual device", e))?;
    let node = find_node(&mut device)?;
    let mut spy = evdev::Device::open(&node).map_err(|e| err("cannot open the new node", e))?;
    spy.set_nonblocking(true)
        .map_err(|e| err("cannot configure the node", e))?;
    let grabbed_elsewhere = wait_grabbed(&mut spy, opts.wait_grab);
    if grabbed_elsewhere {
        // Like a person pulling the trigger after plugging the reader in: the grabbing
        // program gets a moment to start reading.
        thread::sleep(Duration::from_millis(200));
    }
    drain(&mut spy);

    let mut typed = 0;
    for text in &opts.texts {
        type_text(&mut device, opts, text)?;
        typed += 1;
    }
    thread::sleep(Duration::from_millis(100));
    let leaked_key_presses = drain(&mut spy);
    thread::sleep(opts.hold);
    Ok(EmulateReport {
        device: node,
        grabbed_elsewhere,
        leaked_key_presses,
        texts_typed: typed,
    })
}

/// The `/dev/input/eventN` of the new device (devtmpfs may take a moment).
fn find_node(device: &mut VirtualDevice) -> Result<PathBuf, InputError> {
    let start = Instant::now();
    loop {
        let found = device
            .enumerate_dev_nodes_blocking()
            .ok()
            .and_then(|mut nodes| nodes.find_map(Result::ok))
            .filter(|p| p.exists());
        if let Some(p) = found {
            return Ok(p);
        }
        if start.elapsed() > Duration::from_secs(5) {
            return Err(InputError::Emulate(
                "the virtual device got no /dev/input/event node (is evdev loaded?)".into(),
            ));
        }
        thread::sleep(Duration::from_millis(50));
    }
}

/// Waits until someone else grabs the device; `true` if they did in time.
fn wait_grabbed(spy: &mut evdev::Device, wait: Duration) -> bool {
    let start = Instant::now();
    loop {
        match spy.grab() {
            Err(e) if e.kind() == ErrorKind::ResourceBusy => return true,
            Ok(()) => {
                let _ = spy.ungrab();
            }
            Err(_) => {}
        }
        if start.elapsed() >= wait {
            return false;
        }
        thread::sleep(Duration::from_millis(100));
    }
}

/// Reads the events pending on the ungrabbed handle; counts the key presses.
fn drain(spy: &mut evdev::Device) -> usize {
    let mut n = 0;
    while let Ok(events) = spy.fetch_events() {
        let mut any = false;
        for e in events {
            any = true;
            n += usize::from(e.event_type() == EventType::KEY && e.value() == 1);
        }
        if !any {
            break;
        }
    }
    n
}

fn type_text(
    device: &mut VirtualDevice,
    opts: &EmulateOptions,
    text: &str,
) -> Result<(), InputError> {
    let mut first = true;
    for ch in text.chars().chain(['\n']) {
        let strokes = encode(opts.layout, ch).ok_or_else(|| {
            InputError::Emulate(format!("the {} layout cannot type {ch:?}", opts.layout))
        })?;
        for s in strokes {
            let mut events = Vec::new();
            if s.shift {
                events.push(key(code::KEY_LEFTSHIFT, 1));
            }
            if s.altgr {
                events.push(key(code::KEY_RIGHTALT, 1));
            }
            emit(device, &events)?;
            emit(
                device,
                &[
                    InputEvent::new(EventType::MISC.0, MSC_SCAN, 0x70000 + i32::from(s.code)),
                    key(s.code, 1),
                ],
            )?;
            if first {
                emit(device, &[key(s.code, 2)])?;
                first = false;
            }
            emit(device, &[key(s.code, 0)])?;
            let mut up = Vec::new();
            if s.altgr {
                up.push(key(code::KEY_RIGHTALT, 0));
            }
            if s.shift {
                up.push(key(code::KEY_LEFTSHIFT, 0));
            }
            emit(device, &up)?;
        }
        thread::sleep(opts.key_delay);
    }
    Ok(())
}

fn key(code: u16, value: i32) -> InputEvent {
    InputEvent::new(EventType::KEY.0, code, value)
}

/// Writes a batch (the crate adds the SYN_REPORT).
fn emit(device: &mut VirtualDevice, events: &[InputEvent]) -> Result<(), InputError> {
    if events.is_empty() {
        return Ok(());
    }
    device
        .emit(events)
        .map_err(|e| InputError::Emulate(format!("cannot type: {e}")))
}
