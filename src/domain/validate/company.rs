//! Company registration numbers, by country.
//!
//! - FR: SIREN (9 digits) or SIRET (14 digits), chosen by the digit count
//!   (INSEE rules, see `fr`).
//! - BE: enterprise number of the Crossroads Bank for Enterprises (KBO/BCE):
//!   10 digits starting 0 or 1, mod 97 as for the VAT number; a "BE" prefix
//!   and an old 9-digit number are accepted. Returned as 10 digits.
//! - CH: Swiss UID, returned as "CHE-123.456.788" (see `ch`).
//! - any other country: no national rule is known here, so the value is only
//!   trimmed and must be 2..=32 characters of ASCII letters, digits, spaces,
//!   dots, slashes and dashes.
//!
//! Invariants: the country is matched case-insensitively after trimming; an
//! empty or unknown country takes the generic rule; never panics.

use super::{ch_uid, compact_upper, siren, siret, vat_benelux, Invalid, MAX_INPUT_BYTES};

/// Validates a company registration number for `country` (ISO alpha-2).
pub fn company_number(input: &str, country: &str) -> Result<String, Invalid> {
    if input.len() > MAX_INPUT_BYTES {
        return Err(Invalid::new(
            "company.length",
            "A company number has at most 32 characters; this value is far longer.",
        ));
    }
    match compact_upper(country, &[]).as_str() {
        "FR" => france(input),
        "BE" => belgium(input),
        "CH" => ch_uid(input),
        _ => generic(input),
    }
}

fn france(input: &str) -> Result<String, Invalid> {
    let count = compact_upper(input, &['.', '-']).chars().count();
    match count {
        14 => siret(input),
        9 => siren(input),
        _ => Err(Invalid::new(
            "company.length",
            format!("A French company number is a SIREN (9 digits) or a SIRET (14 digits); this one has {count} characters."),
        )),
    }
}

fn belgium(input: &str) -> Result<String, Invalid> {
    let compact = compact_upper(input, &['.', '-']);
    let body = compact.strip_prefix("BE").unwrap_or(&compact);
    vat_benelux::be(body).map_err(|e| match e.rule {
        "vat.length" => Invalid::new(
            "company.length",
            format!(
                "A Belgian enterprise number has 10 digits (0 or 1, then 9 digits); this one has {}.",
                body.chars().count()
            ),
        ),
        "vat.checksum" => Invalid::new(
            "company.checksum",
            "The last two digits of this Belgian enterprise number do not match the first eight (97 minus their remainder mod 97); look for a mistyped digit.",
        ),
        _ => Invalid::new(
            "company.format",
            "A Belgian enterprise number is made of digits and starts with 0 or 1, e.g. 0403.170.701.",
        ),
    })
}

fn generic(input: &str) -> Result<String, Invalid> {
    let trimmed = input.trim();
    let count = trimmed.chars().count();
    if !(2..=32).contains(&count) {
        return Err(Invalid::new(
            "company.length",
            format!("A company number has 2 to 32 characters; this one has {count}."),
        ));
    }
    if !trimmed
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '.' | '/' | '-'))
    {
        return Err(Invalid::new(
            "company.format",
            "A company number holds letters A-Z, digits, spaces, dots, slashes and dashes only.",
        ));
    }
    Ok(trimmed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule<T>(r: Result<T, Invalid>) -> &'static str {
        r.err().map(|e| e.rule).unwrap_or("ok")
    }

    #[test]
    fn france_by_length() {
        assert_eq!(
            company_number("732 829 320", "FR").as_deref(),
            Ok("732829320")
        );
        assert_eq!(
            company_number("732 829 320 00074", "fr").as_deref(),
            Ok("73282932000074")
        );
        assert_eq!(rule(company_number("732829321", "FR")), "siren.checksum");
        assert_eq!(
            rule(company_number("73282932000075", "FR")),
            "siret.checksum"
        );
        assert_eq!(rule(company_number("7328293200", "FR")), "company.length");
        assert_eq!(rule(company_number("", "FR")), "company.length");
    }

    #[test]
    fn belgium_enterprise_number() {
        assert_eq!(
            company_number("0403.170.701", "BE").as_deref(),
            Ok("0403170701")
        );
        assert_eq!(
            company_number("BE 0403 170 701", "BE").as_deref(),
            Ok("0403170701")
        );
        assert_eq!(
            company_number("403170701", " be ").as_deref(),
            Ok("0403170701")
        );
        assert_eq!(
            rule(company_number("0403.170.702", "BE")),
            "company.checksum"
        );
        assert_eq!(rule(company_number("2403.170.701", "BE")), "company.format");
        assert_eq!(rule(company_number("04031707", "BE")), "company.length");
        let detail = company_number("04031707", "BE")
            .err()
            .map(|e| e.detail)
            .unwrap_or_default();
        assert!(detail.contains("Belgian enterprise number"), "{detail}");
    }

    #[test]
    fn switzerland_uid() {
        assert_eq!(
            company_number("CHE-116.281.710", "CH").as_deref(),
            Ok("CHE-116.281.710")
        );
        assert_eq!(
            rule(company_number("CHE-116.281.711", "CH")),
            "uid.checksum"
        );
    }

    #[test]
    fn other_countries() {
        assert_eq!(
            company_number("  HRB 12345 ", "DE").as_deref(),
            Ok("HRB 12345")
        );
        assert_eq!(
            company_number("B-123.456/7", "LU").as_deref(),
            Ok("B-123.456/7")
        );
        assert_eq!(company_number("12345678", "").as_deref(), Ok("12345678"));
        assert_eq!(rule(company_number("1", "DE")), "company.length");
        assert_eq!(
            rule(company_number(&"1".repeat(33), "DE")),
            "company.length"
        );
        assert_eq!(rule(company_number("HRB_12345", "DE")), "company.format");
        assert_eq!(rule(company_number("Müller 1", "DE")), "company.format");
    }
}
