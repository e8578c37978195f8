//! VAT numbers of northern Europe: Denmark, Finland, Sweden, Estonia, Latvia,
//! Lithuania, Ireland and the United Kingdom (GB, and XI for Northern Ireland).
//!
//! Standards (each country's published structure, as listed by VIES and HMRC):
//! - DK CVR: 8 digits, first not 0, weights 2,7,6,5,4,3,2,1, sum ≡ 0 mod 11.
//! - FI ALV: 8 digits, weights 7,9,10,5,8,4,2,1, sum ≡ 0 mod 11.
//! - SE momsregistreringsnummer: 12 digits, a Luhn-valid 10-digit
//!   organisation or personal number followed by "01".
//! - EE KMKR: 9 digits starting 10, weights 3,7,1 repeated, sum ≡ 0 mod 10.
//! - LV PVN: 11 digits; legal entities (first digit above 3) have weights
//!   9,1,4,8,3,10,2,5,7,6,1 with sum ≡ 3 mod 11; personal codes are checked
//!   for format only.
//! - LT PVM: 9 digits with 1 in 8th place, or 12 digits with 1 in 11th place;
//!   check digit: weights 1..9 repeating, sum mod 11, and on 10 weights 3..9,1,2
//!   repeating, a final 10 read as 0.
//! - IE: 7 digits + check letter (+ an optional second letter A–I or W), or the
//!   old form digit, letter/+/*, 5 digits, check letter; check letter
//!   "WABCDEFGHIJKLMNOPQRSTUV"[(Σ digitᵢ × (8 − i) + 9 × second letter) mod 23].
//! - GB/XI: 9 digits (12 with a branch suffix), weights 8..2 then the last two
//!   digits as a number, sum ≡ 0 or 42 mod 97; or GD000–GD499 (government
//!   departments) and HA500–HA999 (health authorities).
//!
//! Invariants: each rule takes the compact upper-case part after the prefix
//! and returns it unchanged when valid (old Irish numbers keep their form);
//! errors use `vat.length`, `vat.format` or `vat.checksum`.

use super::checksum;
use super::vat::{bad_check, digit_body};
use super::Invalid;

/// Denmark: 8 digits, mod 11.
pub(super) fn dk(body: &str) -> Result<String, Invalid> {
    let ds = digit_body(body, "DK", &[8])?;
    if ds.first() == Some(&0) {
        return Err(Invalid::new(
            "vat.format",
            "A Danish VAT number does not start with 0.",
        ));
    }
    if checksum::weighted_sum(&ds, &[2, 7, 6, 5, 4, 3, 2, 1]) % 11 != 0 {
        return Err(bad_check("DK"));
    }
    Ok(body.to_string())
}

/// Finland: 8 digits, mod 11.
pub(super) fn fi(body: &str) -> Result<String, Invalid> {
    let ds = digit_body(body, "FI", &[8])?;
    if checksum::weighted_sum(&ds, &[7, 9, 10, 5, 8, 4, 2, 1]) % 11 != 0 {
        return Err(bad_check("FI"));
    }
    Ok(body.to_string())
}

/// Sweden: 10-digit Luhn number followed by "01".
pub(super) fn se(body: &str) -> Result<String, Invalid> {
    digit_body(body, "SE", &[12])?;
    if !body.ends_with("01") {
        return Err(Invalid::new(
            "vat.format",
            "A Swedish VAT number ends with 01.",
        ));
    }
    if !body.get(..10).is_some_and(checksum::luhn_valid) {
        return Err(bad_check("SE"));
    }
    Ok(body.to_string())
}

/// Estonia: 9 digits starting with 10, weights 3,7,1.
pub(super) fn ee(body: &str) -> Result<String, Invalid> {
    let ds = digit_body(body, "EE", &[9])?;
    if !body.starts_with("10") {
        return Err(Invalid::new(
            "vat.format",
            "An Estonian VAT number starts with 10.",
        ));
    }
    if checksum::weighted_sum(&ds, &[3, 7, 1, 3, 7, 1, 3, 7, 1]) % 10 != 0 {
        return Err(bad_check("EE"));
    }
    Ok(body.to_string())
}

/// Latvia: 11 digits; legal entities checked.
pub(super) fn lv(body: &str) -> Result<String, Invalid> {
    let ds = digit_body(body, "LV", &[11])?;
    if ds.first().is_some_and(|&d| d > 3)
        && checksum::weighted_sum(&ds, &[9, 1, 4, 8, 3, 10, 2, 5, 7, 6, 1]) % 11 != 3
    {
        return Err(bad_check("LV"));
    }
    Ok(body.to_string())
}

/// Lithuania: 9 or 12 digits.
pub(super) fn lt(body: &str) -> Result<String, Invalid> {
    let ds = digit_body(body, "LT", &[9, 12])?;
    let marker = if ds.len() == 9 { ds.get(7) } else { ds.get(10) };
    if marker != Some(&1) {
        return Err(Invalid::new(
            "vat.format",
            "A Lithuanian VAT number has a 1 as its second-to-last digit.",
        ));
    }
    let Some((&check, head)) = ds.split_last() else {
        return Err(bad_check("LT"));
    };
    let weigh = |offset: usize| -> u32 {
        head.iter()
            .enumerate()
            .map(|(i, &d)| (((i + offset) % 9) as u32 + 1) * d)
            .sum::<u32>()
            % 11
    };
    let mut expected = weigh(0);
    if expected == 10 {
        expected = weigh(2);
    }
    if check != expected % 10 {
        return Err(bad_check("LT"));
    }
    Ok(body.to_string())
}

/// Value of an Irish check letter: W = 0, A = 1 … V = 22.
fn ie_letter_value(c: char) -> Option<u32> {
    "WABCDEFGHIJKLMNOPQRSTUV".find(c).map(|i| i as u32)
}

/// Ireland: new form 7 digits + letter (+ A–I or W), or old form.
pub(super) fn ie(body: &str) -> Result<String, Invalid> {
    let chars: Vec<char> = body.chars().collect();
    // Old form: digit, letter/+/*, 5 digits, letter -> "0" + 5 digits + digit + letter.
    let new_form: Vec<char> = match chars.as_slice() {
        [d0, c1, rest @ .., last]
            if chars.len() == 8
                && d0.is_ascii_digit()
                && (c1.is_ascii_uppercase() || *c1 == '+' || *c1 == '*')
                && rest.iter().all(char::is_ascii_digit) =>
        {
            let mut v = vec!['0'];
            v.extend_from_slice(rest);
            v.push(*d0);
            v.push(*last);
            v
        }
        _ => chars.clone(),
    };
    let shape_ok = matches!(new_form.len(), 8 | 9)
        && new_form.iter().take(7).all(char::is_ascii_digit)
        && new_form
            .get(7)
            .is_some_and(|&c| ie_letter_value(c).is_some())
        && new_form
            .get(8)
            .is_none_or(|&c| matches!(c, 'A'..='I' | 'W'));
    if !shape_ok {
        return Err(Invalid::new(
            "vat.format",
            "An Irish VAT number is IE, 7 digits and one or two letters, e.g. IE6433435F or IE1234567FA.",
        ));
    }
    let digits: String = new_form.iter().take(7).collect();
    let ds = checksum::digits(&digits).unwrap_or_default();
    let mut sum = checksum::weighted_sum(&ds, &[8, 7, 6, 5, 4, 3, 2]);
    if let Some(v) = new_form.get(8).and_then(|&c| ie_letter_value(c)) {
        sum += 9 * i64::from(v);
    }
    let expected = "WABCDEFGHIJKLMNOPQRSTUV".chars().nth((sum % 23) as usize);
    if new_form.get(7).copied() != expected {
        return Err(bad_check("IE"));
    }
    Ok(body.to_string())
}

/// United Kingdom (GB and XI): 9 or 12 digits mod 97, or GD/HA numbers.
pub(super) fn gb(body: &str) -> Result<String, Invalid> {
    for (prefix, range, what) in [
        ("GD", 0..500, "government department"),
        ("HA", 500..1000, "health authority"),
    ] {
        if let Some(rest) = body.strip_prefix(prefix) {
            let n: Option<u32> = (checksum::all_digits(rest) && rest.len() == 3)
                .then(|| rest.parse().ok())
                .flatten();
            return match n {
                Some(n) if range.contains(&n) => Ok(body.to_string()),
                _ => Err(Invalid::new(
                    "vat.format",
                    format!(
                        "A UK {what} VAT number is {prefix} followed by 3 digits from {:03} to {}.",
                        range.start,
                        range.end - 1
                    ),
                )),
            };
        }
    }
    let ds = digit_body(body, "GB", &[9, 12])?;
    let sum = checksum::weighted_sum(&ds, &[8, 7, 6, 5, 4, 3, 2, 10, 1]) % 97;
    if sum != 0 && sum != 42 {
        return Err(bad_check("GB"));
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
    fn nordics() {
        assert!(dk("13585628").is_ok());
        assert_eq!(rule(dk("13585627")), "vat.checksum");
        assert!(fi("20774740").is_ok());
        assert_eq!(rule(fi("20774741")), "vat.checksum");
        assert!(se("123456789701").is_ok());
        assert_eq!(rule(se("123456789801")), "vat.checksum");
        assert_eq!(rule(se("123456789702")), "vat.format");
    }

    #[test]
    fn baltics() {
        assert!(ee("100931558").is_ok());
        assert_eq!(rule(ee("100931559")), "vat.checksum");
        assert_eq!(rule(ee("200931558")), "vat.format");
        assert!(lv("40003521600").is_ok());
        assert_eq!(rule(lv("40003521601")), "vat.checksum");
        // Personal code: format only.
        assert!(lv("16117519997").is_ok());
        assert!(lt("119511515").is_ok());
        assert_eq!(rule(lt("119511516")), "vat.checksum");
        assert_eq!(rule(lt("119511525")), "vat.format");
        assert!(lt("100001919017").is_ok());
    }

    #[test]
    fn ireland() {
        assert!(ie("6433435F").is_ok());
        assert_eq!(rule(ie("6433435E")), "vat.checksum");
        // Old form, converted to 0797398I for the check.
        assert!(ie("8D79739I").is_ok());
        assert_eq!(rule(ie("8D79739J")), "vat.checksum");
        assert_eq!(rule(ie("6433435")), "vat.format");
        assert_eq!(rule(ie("6433435FZ")), "vat.format");
        assert_eq!(rule(ie("")), "vat.format");
        assert_eq!(rule(ie("😀😀😀😀😀😀😀😀")), "vat.format");
    }

    #[test]
    fn ireland_two_letters() {
        // Build a valid 9-character number from the rule, then check a typo fails.
        let ds = [1u32, 2, 3, 4, 5, 6, 7];
        let sum = checksum::weighted_sum(&ds, &[8, 7, 6, 5, 4, 3, 2]) + 9;
        let letter = "WABCDEFGHIJKLMNOPQRSTUV".chars().nth((sum % 23) as usize);
        let number = format!("1234567{}A", letter.unwrap_or('?'));
        assert!(ie(&number).is_ok(), "{number}");
        assert_eq!(rule(ie(&number.replace('A', "B"))), "vat.checksum");
    }

    #[test]
    fn united_kingdom() {
        assert!(gb("980780684").is_ok());
        assert!(gb("980780684123").is_ok());
        assert_eq!(rule(gb("980780685")), "vat.checksum");
        assert!(gb("GD001").is_ok());
        assert_eq!(rule(gb("GD500")), "vat.format");
        assert!(gb("HA500").is_ok());
        assert_eq!(rule(gb("HA499")), "vat.format");
        assert_eq!(rule(gb("GD1")), "vat.format");
        assert_eq!(rule(gb("98078068")), "vat.length");
    }
}
