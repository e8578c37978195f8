//! VAT numbers of Belgium, the Netherlands and Luxembourg, and the Belgian
//! enterprise number.
//!
//! Standards:
//! - BE: the enterprise number of the Crossroads Bank for Enterprises (KBO/BCE),
//!   which is also the VAT number: 10 digits starting with 0 or 1, the last two
//!   equal to 97 − (first eight mod 97). Old 9-digit numbers get a leading 0.
//! - NL: btw-identificatienummer "NL" + 9 digits + "B" + 2 digits. Accepted when
//!   either the 9 digits pass the eleven test (weights 9..2 and −1, sum ≡ 0 mod
//!   11; numbers issued before 2020) or the whole "NL…B…" string, letters as
//!   10..35, is ≡ 1 mod 97 (the sole-proprietor numbers issued since 2020).
//! - LU: 8 digits, the first six mod 89 equal to the last two.
//!
//! Invariants: each rule takes the compact upper-case part after the country
//! prefix and returns its canonical form (BE always 10 digits), or an
//! `Invalid` with rule `vat.length`, `vat.format` or `vat.checksum`.

use super::checksum;
use super::vat::{bad_check, digit_body};
use super::Invalid;

/// Belgium: 10 digits (or 9, given a leading 0), first 0 or 1, mod 97.
pub(super) fn be(body: &str) -> Result<String, Invalid> {
    let ds = digit_body(body, "BE", &[9, 10])?;
    let ten = if ds.len() == 9 {
        format!("0{body}")
    } else {
        body.to_string()
    };
    if !(ten.starts_with('0') || ten.starts_with('1')) {
        return Err(Invalid::new(
            "vat.format",
            "A Belgian enterprise or VAT number starts with 0 or 1.",
        ));
    }
    let head: u64 = ten.get(..8).and_then(|s| s.parse().ok()).unwrap_or(0);
    let tail: u64 = ten.get(8..).and_then(|s| s.parse().ok()).unwrap_or(0);
    if head == 0 || 97 - head % 97 != tail {
        return Err(bad_check("BE"));
    }
    Ok(ten)
}

/// Netherlands: 9 digits, "B", 2 digits; eleven test or mod 97.
pub(super) fn nl(body: &str) -> Result<String, Invalid> {
    let shape_ok = body.len() == 12
        && body.get(9..10) == Some("B")
        && body.get(..9).is_some_and(checksum::all_digits)
        && body.get(10..).is_some_and(checksum::all_digits);
    if !shape_ok {
        return Err(Invalid::new(
            "vat.format",
            "A Dutch VAT number is NL, 9 digits, the letter B and 2 digits, e.g. NL004495445B01.",
        ));
    }
    let nine = checksum::digits(body.get(..9).unwrap_or("")).unwrap_or_default();
    if nine.iter().all(|&d| d == 0) {
        return Err(bad_check("NL"));
    }
    let eleven_test = checksum::weighted_sum(&nine, &[9, 8, 7, 6, 5, 4, 3, 2, -1]) % 11 == 0;
    let mod97 = checksum::mod97(&format!("NL{body}")) == Some(1);
    if !(eleven_test || mod97) {
        return Err(bad_check("NL"));
    }
    Ok(body.to_string())
}

/// Luxembourg: 8 digits, first six mod 89 == last two.
pub(super) fn lu(body: &str) -> Result<String, Invalid> {
    digit_body(body, "LU", &[8])?;
    let head: u64 = body.get(..6).and_then(|s| s.parse().ok()).unwrap_or(0);
    let tail: u64 = body
        .get(6..)
        .and_then(|s| s.parse().ok())
        .unwrap_or(u64::MAX);
    if head % 89 != tail {
        return Err(bad_check("LU"));
    }
    Ok(body.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule<T>(r: Result<T, Invalid>) -> &'static str {
        r.err().map(|e| e.rule).unwrap_or("ok")
    }

    #[test]
    fn belgium() {
        assert_eq!(be("0403170701").as_deref(), Ok("0403170701"));
        assert_eq!(be("403170701").as_deref(), Ok("0403170701"));
        // Numbers starting with 1 have been issued since 2023.
        let head = 10_000_000u64;
        let one = format!("{head:08}{:02}", 97 - head % 97);
        assert_eq!(be(&one), Ok(one.clone()));
        assert_eq!(rule(be("0403170702")), "vat.checksum");
        assert_eq!(rule(be("2403170701")), "vat.format");
        assert_eq!(rule(be("040317070")), "vat.checksum");
        assert_eq!(rule(be("04031707011")), "vat.length");
        assert_eq!(rule(be("0000000097")), "vat.checksum");
        assert_eq!(rule(be("04031707O1")), "vat.format");
    }

    #[test]
    fn netherlands() {
        // Eleven test (pre-2020 numbers).
        assert_eq!(nl("004495445B01").as_deref(), Ok("004495445B01"));
        assert_eq!(nl("123456782B90").as_deref(), Ok("123456782B90"));
        // Mod 97 only (post-2020 sole-proprietor numbers): fail the eleven test.
        assert_eq!(nl("000099998B57").as_deref(), Ok("000099998B57"));
        assert_eq!(nl("002455799B11").as_deref(), Ok("002455799B11"));
        assert_eq!(rule(nl("004495446B01")), "vat.checksum");
        assert_eq!(rule(nl("000099998B58")), "vat.checksum");
        assert_eq!(rule(nl("000000000B01")), "vat.checksum");
        assert_eq!(rule(nl("004495445C01")), "vat.format");
        assert_eq!(rule(nl("004495445B1")), "vat.format");
        assert_eq!(rule(nl("4495445B01")), "vat.format");
        assert_eq!(rule(nl("")), "vat.format");
    }

    #[test]
    fn luxembourg() {
        assert_eq!(lu("15027442").as_deref(), Ok("15027442"));
        assert_eq!(rule(lu("15027443")), "vat.checksum");
        assert_eq!(rule(lu("1502744")), "vat.length");
        assert_eq!(rule(lu("1502744A")), "vat.format");
    }
}
