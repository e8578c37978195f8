//! Swiss enterprise identification number (UID) and Swiss VAT number.
//!
//! Standard: Bundesgesetz über die Unternehmens-Identifikationsnummer (UIDG)
//! and its ordinance (UIDV). A UID is "CHE" + 8 digits + a check digit:
//! weights 5,4,3,2,7,6,5,4, check = 11 − (sum mod 11), 11 meaning 0; a result
//! of 10 is never issued, so such numbers are invalid. The VAT number is the UID
//! followed by MWST (German), TVA (French) or IVA (Italian), all equivalent.
//!
//! Canonical forms chosen here:
//! - UID: "CHE-123.456.788" (the form printed by the UID register);
//! - VAT: compact "CHE123456788MWST", keeping the language suffix that was
//!   typed; when none was typed the German "MWST" is added, since the suffix
//!   does not change which registration is meant.
//!
//! Invariants: both forms always hold 9 digits that pass the check above;
//! any input string is handled without panic.

use super::{checksum, compact_upper, Invalid, MAX_INPUT_BYTES};

const WEIGHTS: [i64; 8] = [5, 4, 3, 2, 7, 6, 5, 4];

/// VAT suffixes accepted after the UID, in the three official languages.
const VAT_SUFFIXES: [&str; 3] = ["MWST", "TVA", "IVA"];

/// Checks 9 ASCII digits against the UID rule; on failure returns the reason.
fn check_digits(nine: &str) -> Result<(), Invalid> {
    let Some(ds) = checksum::digits(nine).filter(|d| d.len() == 9) else {
        return Err(Invalid::new(
            "uid.format",
            "A Swiss UID is CHE followed by 9 digits, e.g. CHE-123.456.788.",
        ));
    };
    let (body, last) = ds.split_at(8);
    let sum = checksum::weighted_sum(body, &WEIGHTS);
    let expected = match 11 - sum % 11 {
        11 => 0,
        10 => {
            return Err(Invalid::new(
                "uid.checksum",
                "These first 8 digits cannot form a Swiss UID (their check digit would be 10); look for a mistyped digit.",
            ))
        }
        n => n,
    };
    if last.first().map(|&d| i64::from(d)) != Some(expected) {
        return Err(Invalid::new(
            "uid.checksum",
            format!(
                "The last digit of this Swiss UID should be {expected}; look for a mistyped digit."
            ),
        ));
    }
    Ok(())
}

/// Formats 9 digits as "CHE-123.456.788". The caller guarantees 9 ASCII digits.
fn canonical(nine: &str) -> String {
    let mut out = String::from("CHE-");
    for (i, c) in nine.chars().enumerate() {
        if i == 3 || i == 6 {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// Validates a Swiss UID ("CHE-123.456.788", spaces, dots, dashes and lower
/// case accepted, the "CHE" prefix optional). Returns "CHE-123.456.788".
pub fn ch_uid(input: &str) -> Result<String, Invalid> {
    if input.len() > MAX_INPUT_BYTES {
        return Err(Invalid::new(
            "uid.format",
            "A Swiss UID is CHE followed by 9 digits; this value is far longer.",
        ));
    }
    let compact = compact_upper(input, &['.', '-']);
    let nine = compact.strip_prefix("CHE").unwrap_or(&compact);
    if !checksum::all_digits(nine) || nine.len() != 9 {
        return Err(Invalid::new(
            "uid.format",
            "A Swiss UID is CHE followed by 9 digits, e.g. CHE-123.456.788.",
        ));
    }
    check_digits(nine)?;
    Ok(canonical(nine))
}

/// Validates the part of a Swiss VAT number after "CHE" (compact, upper
/// case): 9 digits and an optional MWST/TVA/IVA suffix. Returns the full
/// compact form "CHE123456788MWST".
pub(crate) fn vat_body(body: &str) -> Result<String, Invalid> {
    let (nine, suffix) = match VAT_SUFFIXES.iter().find(|s| body.ends_with(*s)) {
        Some(s) => (body.get(..body.len() - s.len()).unwrap_or(""), *s),
        None => (body, "MWST"),
    };
    if !checksum::all_digits(nine) || nine.len() != 9 {
        return Err(Invalid::new(
            "vat.format",
            "A Swiss VAT number is CHE, 9 digits, then MWST, TVA or IVA, e.g. CHE-123.456.788 MWST.",
        ));
    }
    check_digits(nine).map_err(|e| Invalid::new("vat.checksum", e.detail))?;
    Ok(format!("CHE{nine}{suffix}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule<T>(r: Result<T, Invalid>) -> &'static str {
        r.err().map(|e| e.rule).unwrap_or("ok")
    }

    #[test]
    fn uid_examples() {
        // Nestlé S.A. in the UID register.
        assert_eq!(ch_uid("CHE-116.281.710").as_deref(), Ok("CHE-116.281.710"));
        // The UID register's own specimen.
        assert_eq!(ch_uid("CHE-123.456.788").as_deref(), Ok("CHE-123.456.788"));
        assert_eq!(ch_uid("che 123 456 788").as_deref(), Ok("CHE-123.456.788"));
        assert_eq!(ch_uid("CHE123456788").as_deref(), Ok("CHE-123.456.788"));
        assert_eq!(ch_uid("123.456.788").as_deref(), Ok("CHE-123.456.788"));
        assert_eq!(rule(ch_uid("CHE-123.456.789")), "uid.checksum");
        assert_eq!(rule(ch_uid("CHE-116.281.711")), "uid.checksum");
        assert_eq!(rule(ch_uid("CHE-123.456.78")), "uid.format");
        assert_eq!(rule(ch_uid("CHE-123.456.7888")), "uid.format");
        assert_eq!(rule(ch_uid("CHF-123.456.788")), "uid.format");
        assert_eq!(rule(ch_uid("CHE-123.456.788 MWST")), "uid.format");
    }

    #[test]
    fn uid_check_digit_ten_is_never_valid() {
        // 11 - (sum mod 11) == 10 when sum mod 11 == 1: 10000000 has sum 5;
        // find such a body and make sure no last digit is accepted.
        let body = (0..100_000_000u32)
            .map(|n| format!("{n:08}"))
            .find(|b| {
                let ds = checksum::digits(b).unwrap_or_default();
                checksum::weighted_sum(&ds, &WEIGHTS) % 11 == 1
            })
            .unwrap_or_default();
        for last in 0..10 {
            assert_eq!(rule(ch_uid(&format!("CHE{body}{last}"))), "uid.checksum");
        }
    }

    #[test]
    fn vat_bodies() {
        assert_eq!(vat_body("116281710MWST").as_deref(), Ok("CHE116281710MWST"));
        assert_eq!(vat_body("116281710TVA").as_deref(), Ok("CHE116281710TVA"));
        assert_eq!(vat_body("116281710IVA").as_deref(), Ok("CHE116281710IVA"));
        assert_eq!(vat_body("116281710").as_deref(), Ok("CHE116281710MWST"));
        assert_eq!(rule(vat_body("116281711MWST")), "vat.checksum");
        assert_eq!(rule(vat_body("116281710VAT")), "vat.format");
        assert_eq!(rule(vat_body("MWST")), "vat.format");
        assert_eq!(rule(vat_body("")), "vat.format");
    }
}
