//! The scanner vocabulary the config is written in: what a reader reads
//! ([`ReaderKind`]), how its device is found ([`DeviceSelector`]), its NFC byte order,
//! and the burst detection of the terminal's own key stream ([`BurstSettings`]).
//!
//! Invariants: these are parsed values (the config parses each once, by key name, at
//! load time, with the parsers here; the `devices` command uses the same parsers for its
//! flags), so the listeners never see text to interpret.

use std::path::PathBuf;

use serde::Serialize;

/// What kind of code a reader produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReaderKind {
    Barcode,
    Nfc,
}

impl ReaderKind {
    /// `barcode` or `nfc`; the message names the accepted values.
    pub fn parse(text: &str) -> Result<ReaderKind, String> {
        match text.trim() {
            "barcode" => Ok(ReaderKind::Barcode),
            "nfc" => Ok(ReaderKind::Nfc),
            k => Err(format!("`{k}` is not barcode or nfc")),
        }
    }
}

/// An NFC reader's byte order: `as-read` (false) or `reversed` (true).
pub fn parse_nfc_reversed(text: &str) -> Result<bool, String> {
    match text.trim() {
        "as-read" => Ok(false),
        "reversed" => Ok(true),
        o => Err(format!("`{o}` is not as-read or reversed")),
    }
}

/// How a configured reader is found among the input devices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "by", content = "value")]
pub enum DeviceSelector {
    /// A device path, normally `/dev/input/by-id/...`.
    Path(PathBuf),
    /// USB vendor and product ids.
    UsbId { vendor: u16, product: u16 },
    /// A substring of the device name.
    Name(String),
}

impl DeviceSelector {
    /// `/...` is a path, `abcd:1234` a vendor:product pair, anything else a name;
    /// `None` for blank text.
    pub fn parse(s: &str) -> Option<DeviceSelector> {
        let s = s.trim();
        if s.is_empty() {
            return None;
        }
        if s.starts_with('/') {
            return Some(DeviceSelector::Path(PathBuf::from(s)));
        }
        if let Some((v, p)) = s.split_once(':') {
            let hex = |x: &str| {
                (x.len() == 4)
                    .then(|| u16::from_str_radix(x, 16).ok())
                    .flatten()
            };
            if let (Some(vendor), Some(product)) = (hex(v), hex(p)) {
                return Some(DeviceSelector::UsbId { vendor, product });
            }
        }
        Some(DeviceSelector::Name(s.to_string()))
    }
}

/// Scanner bursts recognised in the terminal's own key stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BurstSettings {
    pub enabled: bool,
    pub min_chars: usize,
    pub max_gap_ms: u64,
}

impl Default for BurstSettings {
    fn default() -> Self {
        BurstSettings {
            enabled: true,
            min_chars: 6,
            max_gap_ms: 30,
        }
    }
}

impl BurstSettings {
    /// Refuses settings that would take typing for scans or miss real ones.
    pub fn check(&self) -> Result<(), String> {
        if self.min_chars < 3 || self.max_gap_ms == 0 || self.max_gap_ms > 200 {
            return Err("min_chars must be at least 3 and max_gap_ms within 1..=200".into());
        }
        Ok(())
    }
}
