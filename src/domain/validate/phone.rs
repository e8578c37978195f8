//! Phone numbers, checked and formatted with the `phonenumber` crate (a port
//! of Google's libphonenumber and its metadata).
//!
//! Standard: ITU-T E.164 for the stored form ("+33612345678"); each country's
//! numbering plan as described by libphonenumber's metadata for validity and
//! for the national and international display forms.
//!
//! Input: digits with spaces, dots, dashes, slashes and parentheses, an
//! optional leading "+" or "00" international prefix (the default region's
//! own international prefix, such as 011 in the US, is also understood), and a
//! "(0)" trunk prefix after the country code as often printed in Europe.
//! Letters, extensions and other characters are refused before the crate is
//! called, and the crate only ever sees "+" and ASCII digits: this keeps its
//! parser on inputs it handles without panicking.
//!
//! Invariants: a returned number is E.164 ("+" then at most 15 digits) and valid
//! per the metadata (`phonenumber::is_valid`); the display helpers return
//! their input unchanged when it cannot be parsed, and never panic.

use std::fmt::Write as _;

use phonenumber::{country, metadata::DATABASE, Mode, PhoneNumber};

use super::{Invalid, MAX_INPUT_BYTES};

/// E.164 allows at most 15 digits including the country code.
const MAX_DIGITS: usize = 15;

/// Reduces typed input to "+digits" or "digits", or explains what is wrong.
fn clean(input: &str) -> Result<String, Invalid> {
    let parse_err = |detail: &str| Invalid::new("phone.parse", detail.to_string());
    if input.len() > MAX_INPUT_BYTES {
        return Err(parse_err(
            "A phone number has at most 15 digits; this value is far longer.",
        ));
    }
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(parse_err("The phone number is empty."));
    }
    let (international, rest) = match trimmed.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, trimmed),
    };
    // "+33 (0)6 ..." : the (0) is the trunk prefix, not part of the number.
    let rest = if international {
        rest.replacen("(0)", "", 1)
    } else {
        rest.to_string()
    };
    let mut digits = String::with_capacity(rest.len());
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '\u{a0}' | '.' | '-' | '/' | '(' | ')' => {}
            _ => {
                return Err(parse_err(
                    "A phone number holds digits, spaces, dots, dashes, slashes and parentheses, with an optional + in front.",
                ))
            }
        }
    }
    let (international, digits) = match digits.strip_prefix("00") {
        Some(after) if !international => (true, after.to_string()),
        _ => (international, digits),
    };
    if digits.len() < 3 {
        return Err(parse_err("This phone number has too few digits."));
    }
    if digits.len() > MAX_DIGITS + 3 {
        return Err(parse_err("A phone number has at most 15 digits."));
    }
    Ok(if international {
        format!("+{digits}")
    } else {
        digits
    })
}

/// Whether `code` is an ISO 3166 alpha-2 region the phone metadata knows (every country
/// and territory with a telephone numbering plan; `ZZ`, `XX` and other unassigned codes
/// are not).
pub fn known_region(code: &str) -> bool {
    region(code).is_ok()
}

/// Resolves an ISO alpha-2 region the metadata knows.
fn region(code: &str) -> Result<country::Id, Invalid> {
    let code = code.trim().to_ascii_uppercase();
    let known = code.len() == 2
        && code.bytes().all(|b| b.is_ascii_uppercase())
        && DATABASE.by_id(code.as_str()).is_some();
    let id = if known {
        code.parse::<country::Id>().ok()
    } else {
        None
    };
    id.ok_or_else(|| {
        Invalid::new(
            "phone.country",
            "The default country for phone numbers is not a known region code (expected e.g. FR, BE, CH).",
        )
    })
}

/// Formats without ever panicking (`to_string` would on a formatter error).
fn render(number: &PhoneNumber, mode: Mode) -> Option<String> {
    let mut out = String::new();
    write!(out, "{}", number.format().mode(mode)).ok()?;
    Some(out)
}

/// Validates a phone number typed for `default_country` (ISO alpha-2, used
/// when no international prefix is given). Returns E.164, e.g. "+33612345678".
pub fn phone(input: &str, default_country: &str) -> Result<String, Invalid> {
    let id = region(default_country)?;
    let cleaned = clean(input)?;
    let number = phonenumber::parse(Some(id), &cleaned).map_err(|e| {
        Invalid::new(
            "phone.parse",
            format!("This is not a phone number that can be read: {e}."),
        )
    })?;
    if !phonenumber::is_valid(&number) {
        return Err(Invalid::new(
            "phone.invalid",
            "This phone number does not exist in its country's numbering plan: check the number of digits and the prefix.",
        ));
    }
    render(&number, Mode::E164).ok_or_else(|| {
        Invalid::new(
            "phone.invalid",
            "This phone number's country code is not known.",
        )
    })
}

/// Parses an E.164 number for display; `None` when it is not one.
fn parse_e164(e164: &str) -> Option<PhoneNumber> {
    let cleaned = clean(e164).ok()?;
    if !cleaned.starts_with('+') {
        return None;
    }
    phonenumber::parse(None, &cleaned).ok()
}

/// National display form of an E.164 number ("06 12 34 56 78"); the input
/// unchanged when it cannot be parsed.
pub fn phone_national(e164: &str) -> String {
    parse_e164(e164)
        .and_then(|n| render(&n, Mode::National))
        .unwrap_or_else(|| e164.to_string())
}

/// International display form of an E.164 number ("+33 6 12 34 56 78"); the
/// input unchanged when it cannot be parsed.
pub fn phone_international(e164: &str) -> String {
    parse_e164(e164)
        .and_then(|n| render(&n, Mode::International))
        .unwrap_or_else(|| e164.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(input: &str, country: &str) -> String {
        phone(input, country).unwrap_or_else(|e| format!("ERR {e}"))
    }

    fn rule(input: &str, country: &str) -> &'static str {
        phone(input, country).err().map(|e| e.rule).unwrap_or("ok")
    }

    #[test]
    fn france() {
        assert_eq!(ok("06 12 34 56 78", "FR"), "+33612345678");
        assert_eq!(ok("06.12.34.56.78", "FR"), "+33612345678");
        assert_eq!(ok("+33 6 12 34 56 78", "FR"), "+33612345678");
        assert_eq!(ok("+33 (0)6 12 34 56 78", "FR"), "+33612345678");
        assert_eq!(ok("0033 6 12 34 56 78", "FR"), "+33612345678");
        assert_eq!(ok("01 42 68 53 00", "fr"), "+33142685300");
        assert_eq!(rule("06 12 34 56", "FR"), "phone.invalid");
        assert_eq!(rule("06 12 34 56 78 90", "FR"), "phone.invalid");
        // 00 is the international prefix: +1 234 5678 is no number.
        assert!(phone("00 12 34 56 78", "FR").is_err());
    }

    #[test]
    fn benelux() {
        assert_eq!(ok("0470 12 34 56", "BE"), "+32470123456");
        assert_eq!(ok("02 234 56 78", "BE"), "+3222345678");
        assert_eq!(ok("+32 470 12 34 56", "FR"), "+32470123456");
        assert_eq!(ok("06 12345678", "NL"), "+31612345678");
        assert_eq!(ok("020 123 4567", "NL"), "+31201234567");
        assert_eq!(ok("621 123 456", "LU"), "+352621123456");
        assert_eq!(ok("+352 621 123 456", "DE"), "+352621123456");
        assert_eq!(rule("0470 12 34", "BE"), "phone.invalid");
        assert_eq!(rule("06 1234", "NL"), "phone.invalid");
    }

    #[test]
    fn germany_switzerland() {
        assert_eq!(ok("030 123456", "DE"), "+4930123456");
        assert_eq!(ok("0151 23456789", "DE"), "+4915123456789");
        assert_eq!(ok("+49 30 123456", "CH"), "+4930123456");
        assert_eq!(ok("078 123 45 67", "CH"), "+41781234567");
        assert_eq!(ok("044 668 18 00", "CH"), "+41446681800");
        assert_eq!(ok("0041 44 668 18 00", "FR"), "+41446681800");
        assert_eq!(rule("078 123 45", "CH"), "phone.invalid");
        assert_eq!(rule("+41 12 345 67 89", "CH"), "phone.invalid");
    }

    #[test]
    fn uk_us() {
        assert_eq!(ok("07400 123456", "GB"), "+447400123456");
        assert_eq!(ok("020 7946 0018", "GB"), "+442079460018");
        assert_eq!(ok("(201) 555-0123", "US"), "+12015550123");
        assert_eq!(ok("+1 201 555 0123", "FR"), "+12015550123");
        assert_eq!(ok("011 33 6 12 34 56 78", "US"), "+33612345678");
        assert_eq!(ok("00 33 6 12 34 56 78", "US"), "+33612345678");
        assert_eq!(rule("(201) 555-012", "US"), "phone.invalid");
        // US area codes never start with 0 or 1.
        assert_eq!(rule("(101) 555-0123", "US"), "phone.invalid");
    }

    #[test]
    fn refused_inputs() {
        assert_eq!(rule("", "FR"), "phone.parse");
        assert_eq!(rule("12", "FR"), "phone.parse");
        assert_eq!(rule("0800 FLOWERS", "US"), "phone.parse");
        assert_eq!(rule("06 12 34 56 78 ext 12", "FR"), "phone.parse");
        assert_eq!(rule("+33 6 12 34 56 78 😀", "FR"), "phone.parse");
        assert_eq!(rule("1234567890123456789", "FR"), "phone.parse");
        assert_eq!(rule("06 12 34 56 78", "XX"), "phone.country");
        assert_eq!(rule("06 12 34 56 78", "ZZ"), "phone.country");
        assert_eq!(rule("06 12 34 56 78", "FRA"), "phone.country");
        assert_eq!(rule("06 12 34 56 78", ""), "phone.country");
        assert_eq!(rule("+999 123 456 789", "FR"), "phone.parse");
    }

    #[test]
    fn display_forms() {
        assert_eq!(phone_national("+33612345678"), "06 12 34 56 78");
        assert_eq!(phone_international("+33612345678"), "+33 6 12 34 56 78");
        assert_eq!(phone_international("+32470123456"), "+32 470 12 34 56");
        assert_eq!(phone_national("+41446681800"), "044 668 18 00");
        assert_eq!(phone_international("+12015550123"), "+1 201-555-0123");
        assert_eq!(phone_national("not a number"), "not a number");
        assert_eq!(phone_national("0612345678"), "0612345678");
        assert_eq!(phone_international(""), "");
    }

    #[test]
    fn results_round_trip() {
        for (input, country) in [
            ("06 12 34 56 78", "FR"),
            ("0470 12 34 56", "BE"),
            ("078 123 45 67", "CH"),
            ("(201) 555-0123", "US"),
        ] {
            let e164 = ok(input, country);
            assert_eq!(ok(&e164, "DE"), e164);
            assert_eq!(ok(&phone_national(&e164), country), e164);
            assert_eq!(ok(&phone_international(&e164), "GB"), e164);
        }
    }

    #[test]
    fn many_digit_strings_do_not_panic() {
        // Deterministic pseudo-random strings of digits, '+' and separators,
        // fed with several regions: the crate must never panic on them.
        let alphabet = b"0123456789+ ()-0000";
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for i in 0..3000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 24) as usize;
            let s: String = (0..len)
                .map(|k| {
                    let idx = ((state >> (k % 50)) as usize + k * 7) % alphabet.len();
                    char::from(alphabet.get(idx).copied().unwrap_or(b'0'))
                })
                .collect();
            let country = ["FR", "US", "DE", "GB", "CH", "BE", "NL", "LU", "JP", "BR"][i % 10];
            if let Ok(e164) = phone(&s, country) {
                assert!(e164.starts_with('+'));
                let _ = phone_national(&e164);
                let _ = phone_international(&e164);
            }
            let _ = phone_national(&s);
        }
    }
}
