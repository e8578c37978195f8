//! Product bar-code numbers: EAN-8, UPC-A, EAN-13 and GTIN-14.
//!
//! Standard: GS1 General Specifications, section 7.9 (check digit
//! calculation): from the right, digits of the body are weighted 3, 1, 3, 1…;
//! the check digit brings the weighted sum up to a multiple of 10. The same
//! rule covers GTIN-8 (EAN-8), GTIN-12 (UPC-A), GTIN-13 (EAN-13) and GTIN-14.
//!
//! Invariants: `ean` returns the trimmed digits unchanged (8, 12, 13 or 14 ASCII
//! digits with a correct check digit); it does not convert UPC-A to EAN-13, so
//! a scanned code compares equal to the code printed under the bars.
//! `ean_check_digit` returns `None` for anything but 7, 11, 12 or 13 ASCII digits.

use super::{checksum, Invalid, MAX_INPUT_BYTES};

/// GS1 check digit of `body` (7, 11, 12 or 13 ASCII digits), for building
/// EAN-8, UPC-A, EAN-13 or GTIN-14 codes.
pub fn ean_check_digit(body: &str) -> Option<u8> {
    if !matches!(body.len(), 7 | 11 | 12 | 13) {
        return None;
    }
    let ds = checksum::digits(body)?;
    let sum: u32 = ds
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| if i % 2 == 0 { 3 * d } else { d })
        .sum();
    u8::try_from((10 - sum % 10) % 10).ok()
}

/// Validates an EAN-8, UPC-A (12 digits), EAN-13 or GTIN-14 code. Surrounding
/// whitespace is trimmed; inside, only digits are allowed.
pub fn ean(input: &str) -> Result<String, Invalid> {
    if input.len() > MAX_INPUT_BYTES {
        return Err(Invalid::new(
            "ean.length",
            "A bar code number has 8, 12, 13 or 14 digits; this value is far longer.",
        ));
    }
    let code = input.trim();
    if code.is_empty() {
        return Err(Invalid::new("ean.length", "The bar code number is empty."));
    }
    if !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Invalid::new(
            "ean.digits",
            "A bar code number is made of digits 0-9 only, without spaces or dashes.",
        ));
    }
    let name = match code.len() {
        8 => "EAN-8",
        12 => "UPC-A",
        13 => "EAN-13",
        14 => "GTIN-14",
        n => {
            return Err(Invalid::new(
                "ean.length",
                format!("A bar code number has 8 (EAN-8), 12 (UPC-A), 13 (EAN-13) or 14 (GTIN-14) digits; this one has {n}."),
            ))
        }
    };
    let (body, last) = code
        .split_at_checked(code.len().saturating_sub(1))
        .unwrap_or((code, ""));
    let expected = ean_check_digit(body);
    let given = last.parse::<u8>().ok();
    match expected {
        Some(e) if Some(e) == given => Ok(code.to_string()),
        Some(e) => Err(Invalid::new(
            "ean.check",
            format!(
                "The last digit of this {name} code should be {e}, not {}; look for a mistyped digit.",
                last
            ),
        )),
        None => Err(Invalid::new("ean.check", "The check digit cannot be computed.")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule<T>(r: Result<T, Invalid>) -> &'static str {
        r.err().map(|e| e.rule).unwrap_or("ok")
    }

    #[test]
    fn gs1_examples() {
        // EAN-13 from the GS1 and Wikipedia illustrations.
        assert_eq!(ean("4006381333931").as_deref(), Ok("4006381333931"));
        // EAN-8.
        assert_eq!(ean("73513537").as_deref(), Ok("73513537"));
        // UPC-A.
        assert_eq!(ean("036000291452").as_deref(), Ok("036000291452"));
        // GS1's GTIN-13 check digit worked example: 629104150021 -> 3.
        assert_eq!(ean("6291041500213").as_deref(), Ok("6291041500213"));
        // GTIN-14 (an outer case of the UPC-A above with indicator 1).
        let gtin14_body = "1003600029145";
        let d = ean_check_digit(gtin14_body).unwrap_or(99);
        assert_eq!(
            ean(&format!("{gtin14_body}{d}")),
            Ok(format!("{gtin14_body}{d}"))
        );
        assert_eq!(ean(" 4006381333931\n").as_deref(), Ok("4006381333931"));
    }

    #[test]
    fn check_digit() {
        assert_eq!(ean_check_digit("400638133393"), Some(1));
        assert_eq!(ean_check_digit("7351353"), Some(7));
        assert_eq!(ean_check_digit("03600029145"), Some(2));
        assert_eq!(ean_check_digit("629104150021"), Some(3));
        assert_eq!(ean_check_digit("000000000000"), Some(0));
        assert_eq!(ean_check_digit("12345"), None);
        assert_eq!(ean_check_digit("40063813339a"), None);
        assert_eq!(ean_check_digit("٤٠٠٦٣٨١٣٣٣٩"), None);
        assert_eq!(ean_check_digit(""), None);
    }

    #[test]
    fn invalid_codes() {
        assert_eq!(rule(ean("4006381333932")), "ean.check");
        let e = ean("4006381333932")
            .err()
            .map(|e| e.detail)
            .unwrap_or_default();
        assert_eq!(
            e,
            "The last digit of this EAN-13 code should be 1, not 2; look for a mistyped digit."
        );
        assert_eq!(rule(ean("73513538")), "ean.check");
        assert_eq!(rule(ean("036000291453")), "ean.check");
        assert_eq!(rule(ean("400638133393")), "ean.check");
        assert_eq!(rule(ean("4006 3813 3393 1")), "ean.digits");
        assert_eq!(rule(ean("4006381-333931")), "ean.digits");
        assert_eq!(rule(ean("400638133393X")), "ean.digits");
        assert_eq!(rule(ean("1234567")), "ean.length");
        assert_eq!(rule(ean("123456789")), "ean.length");
        assert_eq!(rule(ean("123456789012345")), "ean.length");
        assert_eq!(rule(ean("")), "ean.length");
        assert_eq!(rule(ean("   ")), "ean.length");
    }
}
