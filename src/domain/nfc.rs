//! NFC/RFID tag UIDs as readers print them, normalised so one tag is one customer.
//!
//! A reader prints the same 4-, 7- or 10-byte UID as hex or as decimal, in the tag's
//! byte order or reversed: `04A23B1C`, `1C3BA204`, `0077740828` (big-endian decimal,
//! zero-padded to 10 digits) or `0473670148` (the reversed bytes as decimal). [`Uid::parse`]
//! reads any of them into the bytes in printed order; [`Uid::canonical`] gives the one
//! form comptoir stores for new references (upper-case hex, reversed when the reader's
//! `nfc_byte_order = "reversed"`), and [`uid_forms`] every form a customer reference may
//! already be stored in, whichever reader or person entered it.
//!
//! Reading rules (after removing `:`, `-`, spaces and a `0x` prefix):
//! - any hex letter: hex, an even number of digits, 4 to 10 bytes (ISO 14443 UIDs are
//!   4, 7 or 10 bytes; 125 kHz EM4100 ids are 5);
//! - digits only, 8, 14 or 20 of them: hex (4, 7, 10 bytes) — the usual hex print whose
//!   digits happen to contain no letter; [`uid_forms`] also tries the decimal reading;
//! - digits only, 9 or 10: the decimal value of a 4-byte UID (at most 4294967295);
//! - digits only, 11 to 17 (not 14): the decimal value of a 7-byte UID (below 2^56).
//!
//! Invariants: parsing is total (any string gives `Ok` or `Err`, inputs over 64 bytes are
//! refused first); every string [`uid_forms`] returns is one the customer validator
//! (`nfc_uid`) stores unchanged: upper-case hex digits, even length, 8 to 20 characters;
//! the canonical form comes first; the set of forms is the same whichever printed form
//! of a tag is given.

use std::fmt::Write as _;

/// Longest text looked at.
const MAX_INPUT: usize = 64;

/// Why a code is not a tag UID.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NfcError {
    #[error("the NFC reader sent nothing")]
    Empty,
    #[error("too long for an NFC UID")]
    TooLong,
    #[error("an NFC UID is hex or decimal digits; this read has `{0}`")]
    BadChar(char),
    #[error("an NFC UID is 4 to 10 bytes, 8 to 20 hex digits ({0} read)")]
    HexLength(usize),
    #[error("{0} decimal digits is not a 4- or 7-byte NFC UID")]
    DecimalLength(usize),
    #[error("the decimal UID is too large for its length")]
    DecimalRange,
}

/// A tag UID: its bytes in the order the reader printed them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Uid {
    bytes: Vec<u8>,
}

impl Uid {
    /// Reads a printed UID (see the module rules).
    pub fn parse(code: &str) -> Result<Uid, NfcError> {
        let digits = compact(code)?;
        if digits.bytes().all(|b| b.is_ascii_digit()) {
            match digits.len() {
                8 | 14 | 20 => hex_bytes(&digits).map(Uid::from_bytes),
                9 | 10 => decimal_bytes(&digits, 4).map(Uid::from_bytes),
                11..=17 => decimal_bytes(&digits, 7).map(Uid::from_bytes),
                n => Err(NfcError::DecimalLength(n)),
            }
        } else {
            hex_bytes(&digits).map(Uid::from_bytes)
        }
    }

    pub fn from_bytes(bytes: Vec<u8>) -> Uid {
        Uid { bytes }
    }

    /// The bytes in printed order.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Upper-case hex, in printed order or reversed.
    pub fn canonical(&self, reversed: bool) -> String {
        if reversed {
            hex(self.bytes.iter().rev())
        } else {
            hex(self.bytes.iter())
        }
    }
}

/// Every stored form of the tag printed as `code`, canonical (printed order) first:
/// hex in both byte orders, then the decimal prints of both orders that a person may
/// have typed into the customer card (stored as they were typed), then, for an all-digit
/// code that reads both as hex and as decimal, the forms of the other reading. Empty when
/// `code` is no UID.
pub fn uid_forms(code: &str) -> Vec<String> {
    let Ok(uid) = Uid::parse(code) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    push_forms(&uid, &mut out);
    if let Ok(digits) = compact(code) {
        let all_digits = digits.bytes().all(|b| b.is_ascii_digit());
        let other = match digits.len() {
            8 if all_digits => decimal_bytes(&digits, 4).ok(),
            14 if all_digits => decimal_bytes(&digits, 7).ok(),
            9 | 10 if all_digits => hex_bytes(&format!("{digits:0>10}")).ok(),
            _ => None,
        };
        if let Some(bytes) = other {
            push_forms(&Uid::from_bytes(bytes), &mut out);
        }
    }
    out
}

fn push_forms(uid: &Uid, out: &mut Vec<String>) {
    let fwd: Vec<u8> = uid.bytes.clone();
    let rev: Vec<u8> = uid.bytes.iter().rev().copied().collect();
    let mut candidates = vec![hex(fwd.iter()), hex(rev.iter())];
    let width = match fwd.len() {
        4 => Some(10),
        7 => Some(17),
        _ => None,
    };
    if let Some(width) = width {
        for bytes in [&fwd, &rev] {
            let value = bytes
                .iter()
                .fold(0u128, |acc, &b| (acc << 8) | u128::from(b));
            candidates.push(format!("{value:0width$}"));
            candidates.push(value.to_string());
        }
    }
    for c in candidates {
        if storable(&c) && !out.contains(&c) {
            out.push(c);
        }
    }
}

/// What the customer validator stores unchanged: upper hex, even length, 4 to 10 bytes.
fn storable(s: &str) -> bool {
    s.len() % 2 == 0
        && (8..=20).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b))
}

/// Removes separators and a `0x` prefix; upper-cases.
fn compact(code: &str) -> Result<String, NfcError> {
    if code.len() > MAX_INPUT {
        return Err(NfcError::TooLong);
    }
    let s: String = code
        .trim()
        .chars()
        .filter(|c| !matches!(c, ':' | '-' | ' '))
        .collect::<String>()
        .to_ascii_uppercase();
    let s = s.strip_prefix("0X").map(str::to_string).unwrap_or(s);
    if s.is_empty() {
        return Err(NfcError::Empty);
    }
    if let Some(bad) = s.chars().find(|c| !c.is_ascii_hexdigit()) {
        return Err(NfcError::BadChar(bad));
    }
    Ok(s)
}

fn hex_bytes(digits: &str) -> Result<Vec<u8>, NfcError> {
    let n = digits.len();
    if n % 2 != 0 || !(8..=20).contains(&n) {
        return Err(NfcError::HexLength(n));
    }
    digits
        .as_bytes()
        .chunks(2)
        .map(|pair| {
            std::str::from_utf8(pair)
                .ok()
                .and_then(|p| u8::from_str_radix(p, 16).ok())
                .ok_or(NfcError::HexLength(n))
        })
        .collect()
}

/// The decimal value as `len` big-endian bytes.
fn decimal_bytes(digits: &str, len: usize) -> Result<Vec<u8>, NfcError> {
    let value: u128 = digits
        .parse()
        .map_err(|_| NfcError::DecimalLength(digits.len()))?;
    if value >> (8 * len) != 0 {
        return Err(NfcError::DecimalRange);
    }
    Ok((0..len)
        .rev()
        .map(|i| u8::try_from((value >> (8 * i)) & 0xFF).unwrap_or(0))
        .collect())
}

fn hex<'a>(bytes: impl Iterator<Item = &'a u8>) -> String {
    let mut s = String::new();
    for b in bytes {
        let _ = write!(s, "{b:02X}");
    }
    s
}

#[cfg(test)]
mod tests;
