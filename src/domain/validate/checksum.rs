//! Check-digit algorithms shared by several identifiers.
//!
//! - Luhn (ISO/IEC 7812-1 annex B): SIREN, SIRET, Italian and Swedish VAT.
//! - ISO 7064 MOD 97-10 over alphanumerics (letters A..Z count as 10..35):
//!   IBAN and the Dutch VAT number's newer rule.
//! - ISO 7064 MOD 11,10 (hybrid system): German and Croatian VAT.
//! - Weighted sums with per-country weights.
//!
//! Invariants: every function is total; a string holding anything but the
//! characters the algorithm defines gives `None` or `false`, never a panic.
//! Sums are computed with modular reduction at each step, so length cannot
//! overflow them.

/// True when `s` is non-empty and made of ASCII digits only.
pub(crate) fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Values of the ASCII digits of `s`, or `None` if any character is not one.
pub(crate) fn digits(s: &str) -> Option<Vec<u32>> {
    s.chars().map(|c| c.to_digit(10)).collect()
}

/// Luhn check over a string of digits that ends with its check digit.
pub(crate) fn luhn_valid(s: &str) -> bool {
    luhn_sum(s).is_some_and(|sum| sum % 10 == 0)
}

/// Luhn sum: from the right, every second digit doubled (and reduced by 9 when
/// above 9). `None` on an empty or non-digit string.
pub(crate) fn luhn_sum(s: &str) -> Option<u32> {
    if !all_digits(s) {
        return None;
    }
    let mut sum = 0u32;
    for (i, b) in s.bytes().rev().enumerate() {
        let mut d = u32::from(b - b'0');
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum = (sum + d) % 10;
    }
    Some(sum)
}

/// The Luhn check digit to append to `body` (a string of digits).
pub(crate) fn luhn_check_digit(body: &str) -> Option<u32> {
    // Appending a 0 puts the body's digits at the positions they will hold,
    // and the check digit is what brings that sum to a multiple of 10.
    let mut with_zero = String::with_capacity(body.len() + 1);
    with_zero.push_str(body);
    with_zero.push('0');
    luhn_sum(&with_zero).map(|sum| (10 - sum) % 10)
}

/// ISO 7064 MOD 97-10 remainder of an alphanumeric string read as a number,
/// letters A..Z (either case) standing for 10..35. `None` on other characters
/// or an empty string.
pub(crate) fn mod97(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    let mut r = 0u32;
    for c in s.chars() {
        let v = c.to_digit(36)?;
        r = if v < 10 {
            (r * 10 + v) % 97
        } else {
            (r * 100 + v) % 97
        };
    }
    Some(r)
}

/// ISO 7064 MOD 11,10: true when the last digit of `s` is the check digit of
/// the digits before it.
pub(crate) fn iso7064_mod11_10_valid(s: &str) -> bool {
    let Some(ds) = digits(s) else { return false };
    let Some((&check, body)) = ds.split_last() else {
        return false;
    };
    iso7064_mod11_10_check(body) == Some(check)
}

/// ISO 7064 MOD 11,10 check digit of `body` (digit values 0..=9).
pub(crate) fn iso7064_mod11_10_check(body: &[u32]) -> Option<u32> {
    if body.is_empty() {
        return None;
    }
    let mut product = 10u32;
    for &d in body {
        if d > 9 {
            return None;
        }
        let mut sum = (d + product) % 10;
        if sum == 0 {
            sum = 10;
        }
        product = (2 * sum) % 11;
    }
    Some((11 - product) % 10)
}

/// Sum of `digits[i] * weights[i]` over the shorter of the two; weights may be
/// negative. Returned as i64 so callers can take their own modulus.
pub(crate) fn weighted_sum(digits: &[u32], weights: &[i64]) -> i64 {
    digits
        .iter()
        .zip(weights)
        .map(|(&d, &w)| i64::from(d) * w)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn() {
        // ISO/IEC 7812 example: 7992739871 has check digit 3.
        assert!(luhn_valid("79927398713"));
        assert!(!luhn_valid("79927398710"));
        assert_eq!(luhn_check_digit("7992739871"), Some(3));
        assert!(!luhn_valid(""));
        assert!(!luhn_valid("12a"));
        assert!(luhn_valid(&"0".repeat(10_000)));
    }

    #[test]
    fn mod97_of_iban_reference() {
        // ISO 13616 worked example, rearranged: BBAN + "GB82".
        assert_eq!(mod97("WEST12345698765432GB82"), Some(1));
        assert_eq!(mod97(""), None);
        assert_eq!(mod97("12-3"), None);
        assert_eq!(mod97("é"), None);
    }

    #[test]
    fn iso7064_mod11_10() {
        // DE VAT example 136695976 from the Bundeszentralamt für Steuern.
        assert!(iso7064_mod11_10_valid("136695976"));
        assert!(!iso7064_mod11_10_valid("136695977"));
        assert!(!iso7064_mod11_10_valid(""));
        assert!(!iso7064_mod11_10_valid("1x"));
    }

    #[test]
    fn helpers() {
        assert!(all_digits("0123"));
        assert!(!all_digits(""));
        assert!(!all_digits("١٢"));
        assert_eq!(digits("12"), Some(vec![1, 2]));
        assert_eq!(weighted_sum(&[1, 2, 3], &[3, 2, -1]), 4);
    }
}
