//! French company identifiers: SIREN, SIRET and the French VAT number.
//!
//! Standards: INSEE's SIRENE register. A SIREN is 9 digits with a Luhn check
//! digit; a SIRET is the SIREN followed by a 5-digit establishment number
//! (NIC), the 14 digits again Luhn-valid, except for La Poste (SIREN
//! 356000000), whose establishments are numbered so that the sum of the 14
//! digits is a multiple of 5; its older SIRETs pass Luhn and are accepted too.
//! The VAT number (numéro de TVA intracommunautaire, CGI art. 286 ter) is
//! "FR" + a 2-character key + the SIREN; a numeric key is
//! (12 + 3 × (SIREN mod 97)) mod 97. Keys holding letters (issued when the
//! numeric one is exhausted, alphabet 0-9 and A-Z without I and O) are
//! checked for format only. Monaco companies hold French VAT numbers whose
//! 9 digits begin with 000 and are not SIRENs, so these skip the Luhn check.
//!
//! Invariants: `siren` returns exactly 9 ASCII digits, `siret` exactly 14;
//! both accept spaces, dots and dashes between digits and never panic.

use super::{checksum, compact_upper, Invalid, MAX_INPUT_BYTES};

/// La Poste's SIREN, the one exception to the SIRET Luhn rule.
const LA_POSTE_SIREN: &str = "356000000";

fn digits_of(
    input: &str,
    what: &str,
    rule_length: &'static str,
    rule_digits: &'static str,
    expected: usize,
) -> Result<String, Invalid> {
    if input.len() > MAX_INPUT_BYTES {
        return Err(Invalid::new(
            rule_length,
            format!("A {what} has {expected} digits; this value is far longer."),
        ));
    }
    let compact = compact_upper(input, &['.', '-']);
    if !compact.chars().all(|c| c.is_ascii_digit()) {
        return Err(Invalid::new(
            rule_digits,
            format!("A {what} is made of digits only."),
        ));
    }
    if compact.len() != expected {
        return Err(Invalid::new(
            rule_length,
            format!(
                "A {what} has {expected} digits; this one has {}.",
                compact.len()
            ),
        ));
    }
    Ok(compact)
}

/// Validates a SIREN: 9 digits, Luhn. Returns the 9 digits.
pub fn siren(input: &str) -> Result<String, Invalid> {
    let s = digits_of(input, "SIREN", "siren.length", "siren.digits", 9)?;
    if !checksum::luhn_valid(&s) {
        return Err(Invalid::new(
            "siren.checksum",
            "The SIREN's last digit does not match the other eight (Luhn check); look for a mistyped digit.",
        ));
    }
    Ok(s)
}

/// Validates a SIRET: 14 digits, Luhn, or for La Poste a digit sum that is a
/// multiple of 5. Returns the 14 digits.
pub fn siret(input: &str) -> Result<String, Invalid> {
    let s = digits_of(input, "SIRET", "siret.length", "siret.digits", 14)?;
    if checksum::luhn_valid(&s) {
        return Ok(s);
    }
    if s.starts_with(LA_POSTE_SIREN) {
        let sum: u32 = s.chars().filter_map(|c| c.to_digit(10)).sum();
        if sum % 5 == 0 {
            return Ok(s);
        }
        return Err(Invalid::new(
            "siret.checksum",
            "This La Poste SIRET fails both the Luhn check and La Poste's rule (digit sum a multiple of 5).",
        ));
    }
    let siren_ok = s.get(..9).is_some_and(checksum::luhn_valid);
    let detail = if siren_ok {
        "The SIRET fails the Luhn check: the establishment number (last 5 digits) looks mistyped."
    } else {
        "The SIRET fails the Luhn check, and so does its SIREN (first 9 digits); look for a mistyped digit."
    };
    Err(Invalid::new("siret.checksum", detail))
}

/// The numeric VAT key of a SIREN given as 9 ASCII digits.
fn vat_key(siren: &str) -> Option<u64> {
    let n: u64 = siren.parse().ok()?;
    Some((12 + 3 * (n % 97)) % 97)
}

/// Characters a French VAT key may hold: digits and letters other than I and O.
fn key_char(c: char) -> bool {
    c.is_ascii_digit() || (c.is_ascii_uppercase() && c != 'I' && c != 'O')
}

/// Validates the part of a French VAT number after "FR" (compact, upper case):
/// 2-character key + 9 digits. Returns it unchanged.
pub(crate) fn vat_body(body: &str) -> Result<String, Invalid> {
    if body.chars().count() != 11 {
        return Err(Invalid::new(
            "vat.length",
            "A French VAT number is FR followed by 11 characters: a 2-character key and the 9-digit SIREN.",
        ));
    }
    let (key, number) = match (body.get(..2), body.get(2..)) {
        (Some(k), Some(n)) => (k, n),
        _ => {
            return Err(Invalid::new(
                "vat.format",
                "A French VAT number is FR, a 2-character key, then the 9-digit SIREN.",
            ))
        }
    };
    if !checksum::all_digits(number) || !key.chars().all(key_char) {
        return Err(Invalid::new(
            "vat.format",
            "A French VAT number is FR, a 2-character key (digits, or letters other than I and O), then the 9-digit SIREN.",
        ));
    }
    if !number.starts_with("000") && !checksum::luhn_valid(number) {
        return Err(Invalid::new(
            "vat.checksum",
            "The last 9 digits of a French VAT number are a SIREN, and this one fails the SIREN's Luhn check.",
        ));
    }
    if checksum::all_digits(key) {
        let expected = vat_key(number);
        if key.parse::<u64>().ok() != expected {
            return Err(Invalid::new(
                "vat.checksum",
                match expected {
                    Some(k) => format!(
                        "The key of this French VAT number should be {k:02} for this SIREN."
                    ),
                    None => {
                        "The key of this French VAT number does not match its SIREN.".to_string()
                    }
                },
            ));
        }
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
    fn siren_examples() {
        assert_eq!(siren("732829320").as_deref(), Ok("732829320"));
        assert_eq!(siren(" 732 829 320 ").as_deref(), Ok("732829320"));
        assert_eq!(siren("303.265.045").as_deref(), Ok("303265045"));
        assert_eq!(siren("356000000").as_deref(), Ok("356000000"));
        assert_eq!(rule(siren("732829321")), "siren.checksum");
        assert_eq!(rule(siren("73282932")), "siren.length");
        assert_eq!(rule(siren("7328293200")), "siren.length");
        assert_eq!(rule(siren("73282932A")), "siren.digits");
        assert_eq!(rule(siren("")), "siren.length");
    }

    #[test]
    fn siret_examples() {
        assert_eq!(siret("73282932000074").as_deref(), Ok("73282932000074"));
        assert_eq!(siret("732 829 320 00074").as_deref(), Ok("73282932000074"));
        assert_eq!(rule(siret("73282932000075")), "siret.checksum");
        assert_eq!(rule(siret("7328293200007")), "siret.length");
        assert_eq!(rule(siret("7328293200007X")), "siret.digits");
    }

    #[test]
    fn la_poste_exception() {
        // La Poste's head office: passes Luhn (digit sum 26, not a multiple of 5).
        assert!(checksum::luhn_valid("35600000000048"));
        assert_eq!(siret("35600000000048").as_deref(), Ok("35600000000048"));
        // An establishment numbered by La Poste's own rule: digit sum 40,
        // Luhn fails.
        assert!(!checksum::luhn_valid("35600000049837"));
        assert_eq!(siret("35600000049837").as_deref(), Ok("35600000049837"));
        // Fails both rules.
        assert_eq!(rule(siret("35600000049838")), "siret.checksum");
        // The exception is La Poste's alone: the same trick elsewhere fails.
        assert_eq!(rule(siret("73282932000005")), "siret.checksum");
    }

    #[test]
    fn vat_keys() {
        assert_eq!(vat_key("303265045"), Some(40));
        assert_eq!(vat_key("732829320"), Some(44));
        assert_eq!(vat_body("40303265045").as_deref(), Ok("40303265045"));
        assert_eq!(vat_body("44732829320").as_deref(), Ok("44732829320"));
        assert_eq!(rule(vat_body("41303265045")), "vat.checksum");
        assert_eq!(rule(vat_body("40303265046")), "vat.checksum");
        // Monaco: 000 numbers are not SIRENs.
        let monaco_key = vat_key("000012345").unwrap_or(0);
        assert_eq!(
            vat_body(&format!("{monaco_key:02}000012345")).as_deref(),
            Ok(format!("{monaco_key:02}000012345").as_str())
        );
        // Alphanumeric keys are format-checked.
        assert_eq!(vat_body("K7303265045").as_deref(), Ok("K7303265045"));
        assert_eq!(vat_body("AB303265045").as_deref(), Ok("AB303265045"));
        assert_eq!(rule(vat_body("IO303265045")), "vat.format");
        assert_eq!(rule(vat_body("4030326504")), "vat.length");
        assert_eq!(rule(vat_body("40303265O45")), "vat.format");
    }
}
