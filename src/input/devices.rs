//! The input devices the register can see, and the one a configured reader names.
//!
//! Everything shown is read from sysfs (`/sys/class/input/eventN/device/`: name, ids,
//! capabilities), which needs no permission, so a device the user may not open is still
//! listed with the reason; the open test itself opens the node read-only and closes it
//! (no grab, no event read). `/dev/input/by-id` links are matched to their nodes.
//!
//! Invariants: listing never fails because of one device (unreadable attributes become
//! empty values); a missing `/dev/input` is [`InputError::NoInputDir`], distinct from an
//! empty list; [`resolve`] prefers a node that can type Enter (a scanner often exposes a
//! second, non-keyboard node with the same name and ids).

use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::DeviceSelector;

use super::InputError;

/// Where evdev nodes live.
pub const DEV_INPUT: &str = "/dev/input";
const SYS_INPUT: &str = "/sys/class/input";

/// USB vendors whose keyboard devices are almost always scanners or card readers.
const SCANNER_VENDORS: &[(u16, &str)] = &[
    (0x05e0, "Symbol/Zebra"),
    (0x05f9, "Datalogic"),
    (0x0536, "Hand Held Products"),
    (0x0c2e, "Honeywell/Metrologic"),
    (0x1eab, "Newland"),
    (0x072f, "ACS (NFC readers)"),
    (0x08ff, "AuthenTec (RFID readers)"),
    (0xffff, "no vendor id (cheap RFID readers)"),
];

/// Words in a device name that suggest a reader.
const SCANNER_WORDS: &[&str] = &[
    "scanner", "barcode", "bar code", "rfid", "nfc", "reader", "scan", "card",
];

/// One evdev node as `comptoir devices` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeviceInfo {
    /// `/dev/input/eventN`.
    pub path: PathBuf,
    pub name: String,
    pub vendor: u16,
    pub product: u16,
    /// `/dev/input/by-id/...` links to this node (stable across replugs).
    pub by_id: Vec<PathBuf>,
    /// Whether it can type Enter and digits (a keyboard, or a keyboard-wedge reader).
    pub keyboard: bool,
    /// Why it looks like a scanner, if it does.
    pub scanner_hint: Option<String>,
    /// `None` if this user can open it, else why not and what fixes it.
    pub cannot_open: Option<String>,
}

impl DeviceInfo {
    /// `vendor:product` in the config's notation.
    pub fn usb_id(&self) -> String {
        format!("{:04x}:{:04x}", self.vendor, self.product)
    }

    /// Whether a configured selector names this device.
    pub fn matches(&self, selector: &DeviceSelector) -> bool {
        match selector {
            DeviceSelector::Path(p) => {
                p == &self.path
                    || self.by_id.contains(p)
                    || fs::canonicalize(p).is_ok_and(|c| c == self.path)
            }
            DeviceSelector::UsbId { vendor, product } => {
                *vendor == self.vendor && *product == self.product
            }
            DeviceSelector::Name(n) => self.name.to_lowercase().contains(&n.trim().to_lowercase()),
        }
    }
}

/// Every `/dev/input/eventN`, in N order.
pub fn list_devices() -> Result<Vec<DeviceInfo>, InputError> {
    list_in(Path::new(DEV_INPUT), Path::new(SYS_INPUT))
}

/// [`list_devices`] over other roots (tests).
pub fn list_in(dev: &Path, sys: &Path) -> Result<Vec<DeviceInfo>, InputError> {
    let entries = match fs::read_dir(dev) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(InputError::NoInputDir(dev.to_path_buf()))
        }
        Err(e) => return Err(InputError::io("read", dev, e)),
    };
    let mut nodes: Vec<(u32, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let n = name.strip_prefix("event")?.parse().ok()?;
            Some((n, e.path()))
        })
        .collect();
    nodes.sort();
    let links = by_id_links(&dev.join("by-id"));
    Ok(nodes
        .into_iter()
        .map(|(_, path)| describe(&path, sys, &links))
        .collect())
}

/// The node a selector names now (resolved again on every reconnection attempt, since a
/// replugged reader may get another eventN).
pub fn resolve(selector: &DeviceSelector) -> Result<PathBuf, InputError> {
    if let DeviceSelector::Path(p) = selector {
        return if p.exists() {
            Ok(p.clone())
        } else if !Path::new(DEV_INPUT).exists() {
            Err(InputError::NoInputDir(PathBuf::from(DEV_INPUT)))
        } else {
            Err(InputError::NotFound(format!(
                "{} (not present: unplugged?)",
                p.display()
            )))
        };
    }
    let devices = list_devices()?;
    let mut matching: Vec<&DeviceInfo> = devices.iter().filter(|d| d.matches(selector)).collect();
    matching.sort_by_key(|d| !d.keyboard);
    matching
        .first()
        .map(|d| d.path.clone())
        .ok_or_else(|| InputError::NotFound(describe_selector(selector)))
}

/// A selector as a person wrote it.
pub fn describe_selector(selector: &DeviceSelector) -> String {
    match selector {
        DeviceSelector::Path(p) => p.display().to_string(),
        DeviceSelector::UsbId { vendor, product } => format!("{vendor:04x}:{product:04x}"),
        DeviceSelector::Name(n) => format!("the name \"{n}\""),
    }
}

fn describe(path: &Path, sys: &Path, links: &[(PathBuf, PathBuf)]) -> DeviceInfo {
    let node = path.file_name().map(PathBuf::from).unwrap_or_default();
    let base = sys.join(node).join("device");
    let read = |rel: &str| {
        fs::read_to_string(base.join(rel))
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    let id = |rel: &str| u16::from_str_radix(&read(rel), 16).unwrap_or(0);
    let name = read("name");
    let vendor = id("id/vendor");
    let product = id("id/product");
    let keyboard = has_bit(&read("capabilities/ev"), 1)
        && [28, 2, 11]
            .iter()
            .all(|&k| has_bit(&read("capabilities/key"), k));
    let scanner_hint = keyboard.then(|| scanner_hint(&name, vendor)).flatten();
    let cannot_open = fs::File::open(path)
        .err()
        .map(|e| InputError::io("open", path, e).to_string());
    let canonical = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let by_id = links
        .iter()
        .filter(|(_, target)| *target == canonical)
        .map(|(link, _)| link.clone())
        .collect();
    DeviceInfo {
        path: path.to_path_buf(),
        name,
        vendor,
        product,
        by_id,
        keyboard,
        scanner_hint,
        cannot_open,
    }
}

/// Why a keyboard device looks like a reader (name words, known vendor).
pub fn scanner_hint(name: &str, vendor: u16) -> Option<String> {
    let lower = name.to_lowercase();
    if let Some(word) = SCANNER_WORDS.iter().find(|w| lower.contains(*w)) {
        return Some(format!("name contains \"{word}\""));
    }
    SCANNER_VENDORS
        .iter()
        .find(|(v, _)| *v == vendor)
        .map(|(_, maker)| format!("vendor {vendor:04x} is {maker}"))
}

/// `(link, canonical target)` for every entry of a by-id directory.
fn by_id_links(dir: &Path) -> Vec<(PathBuf, PathBuf)> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut links: Vec<(PathBuf, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| Some((e.path(), fs::canonicalize(e.path()).ok()?)))
        .collect();
    links.sort();
    links
}

/// Whether bit `n` is set in a sysfs capability bitmap: hex words, most significant
/// first, each `usize::BITS` wide.
pub fn has_bit(bitmap: &str, n: usize) -> bool {
    let word_bits = usize::BITS as usize;
    let words: Vec<&str> = bitmap.split_whitespace().collect();
    let from_end = n / word_bits;
    let Some(word) = words
        .len()
        .checked_sub(from_end + 1)
        .and_then(|i| words.get(i))
    else {
        return false;
    };
    u64::from_str_radix(word, 16).is_ok_and(|w| w >> (n % word_bits) & 1 == 1)
}
