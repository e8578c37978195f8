//! VAT numbers of southern and south-eastern Europe: Italy, Spain, Portugal,
//! Greece, Cyprus, Malta, Romania and Bulgaria.
//!
//! Standards (each country's published structure, as listed by VIES):
//! - IT partita IVA: 11 digits, Luhn; digits 1–7 not all zero, digits 8–10 the
//!   tax office (001–100, 120, 121, 888 or 999).
//! - ES NIF: 9 characters. DNI (8 digits + letter) and NIE (X/Y/Z read as 0/1/2,
//!   7 digits, letter): letter "TRWAGMYFPDXBNJZSQVHLCKE"[number mod 23]. K, L
//!   or M, 7 digits and the DNI letter of those digits. Companies (CIF): a letter of
//!   ABCDEFGHJNPQRSUVW, 7 digits, and a control that is the Luhn check digit
//!   of the 7 digits or the letter "JABCDEFGHI"[that digit].
//! - PT NIF: 9 digits, first not 0, weights 9..2, check 11 − (sum mod 11),
//!   10 and 11 read as 0.
//! - EL (Greece, VIES prefix EL): 9 digits (8 given a leading 0), check
//!   (Σ dᵢ × 2^(8−i)) mod 11 mod 10.
//! - CY: 8 digits + letter, "A".."Z"[(Σ odd-place digits mapped 0→1, 1→0, 2→5,
//!   3→7, 4→9, 5→13, 6→15, 7→17, 8→19, 9→21 + Σ even-place digits) mod 26].
//! - MT: 8 digits, first not 0, weights 3,4,6,7,8,9,10,1, sum ≡ 0 mod 37.
//! - RO CIF: 2 to 10 digits, first not 0, weights 7,5,3,2,1,7,5,3,2 aligned on
//!   the right of the body, check (10 × sum) mod 11 mod 10.
//! - BG: 9 digits for legal entities (weights 1..8, sum mod 11; on 10 weights
//!   3..10, then mod 10); 10-digit personal numbers checked for format only.
//!
//! Invariants: each rule takes the compact upper-case part after the prefix and
//! returns its canonical form (EL always 9 digits); errors use `vat.length`,
//! `vat.format` or `vat.checksum`.

use super::checksum;
use super::vat::{bad_check, digit_body};
use super::Invalid;

/// Italy: 11 digits, Luhn, office code.
pub(super) fn it(body: &str) -> Result<String, Invalid> {
    let ds = digit_body(body, "IT", &[11])?;
    if ds.iter().take(7).all(|&d| d == 0) {
        return Err(Invalid::new(
            "vat.format",
            "The first 7 digits of an Italian VAT number are not all zero.",
        ));
    }
    let office: u32 = body.get(7..10).and_then(|s| s.parse().ok()).unwrap_or(0);
    if !matches!(office, 1..=100 | 120 | 121 | 888 | 999) {
        return Err(Invalid::new(
            "vat.format",
            "Digits 8 to 10 of an Italian VAT number are a tax office code (001-100, 120, 121, 888 or 999).",
        ));
    }
    if !checksum::luhn_valid(body) {
        return Err(bad_check("IT"));
    }
    Ok(body.to_string())
}

const DNI_LETTERS: &str = "TRWAGMYFPDXBNJZSQVHLCKE";

fn dni_letter(digits: &str) -> Option<char> {
    let n: u64 = digits.parse().ok()?;
    DNI_LETTERS.chars().nth((n % 23) as usize)
}

/// Spain: DNI, NIE, K/L/M or CIF.
pub(super) fn es(body: &str) -> Result<String, Invalid> {
    let chars: Vec<char> = body.chars().collect();
    let shape_ok = chars.len() == 9
        && chars.iter().all(char::is_ascii_alphanumeric)
        && chars.iter().skip(1).take(7).all(char::is_ascii_digit);
    let (Some(&first), Some(&last), Some(middle)) = (chars.first(), chars.last(), body.get(1..8))
    else {
        return Err(es_format());
    };
    if !shape_ok {
        return Err(es_format());
    }
    let valid = match first {
        '0'..='9' => body.get(..8).and_then(dni_letter) == Some(last),
        'X' | 'Y' | 'Z' => {
            let lead = match first {
                'X' => '0',
                'Y' => '1',
                _ => '2',
            };
            dni_letter(&format!("{lead}{middle}")) == Some(last)
        }
        'K' | 'L' | 'M' => dni_letter(middle) == Some(last),
        'A'..='H' | 'J' | 'N' | 'P'..='S' | 'U'..='W' => {
            let digit = checksum::luhn_check_digit(middle);
            let letter = digit.and_then(|d| "JABCDEFGHI".chars().nth(d as usize));
            digit.and_then(|d| char::from_digit(d, 10)) == Some(last) || letter == Some(last)
        }
        _ => return Err(es_format()),
    };
    if !valid {
        return Err(bad_check("ES"));
    }
    Ok(body.to_string())
}

fn es_format() -> Invalid {
    Invalid::new(
        "vat.format",
        "A Spanish VAT number is ES and 9 characters: a letter or digit, 7 digits, a letter or digit (e.g. ESA13585625, ES12345678Z).",
    )
}

/// Portugal: 9 digits, weights 9..2.
pub(super) fn pt(body: &str) -> Result<String, Invalid> {
    let ds = digit_body(body, "PT", &[9])?;
    if ds.first() == Some(&0) {
        return Err(Invalid::new(
            "vat.format",
            "A Portuguese VAT number does not start with 0.",
        ));
    }
    let check = match 11 - checksum::weighted_sum(&ds, &[9, 8, 7, 6, 5, 4, 3, 2]) % 11 {
        10 | 11 => 0,
        n => n,
    };
    if ds.last().map(|&d| i64::from(d)) != Some(check) {
        return Err(bad_check("PT"));
    }
    Ok(body.to_string())
}

/// Greece: 9 digits (8 padded), powers of two.
pub(super) fn el(body: &str) -> Result<String, Invalid> {
    let ds = digit_body(body, "EL", &[8, 9])?;
    let nine = if ds.len() == 8 {
        format!("0{body}")
    } else {
        body.to_string()
    };
    let ds = checksum::digits(&nine).unwrap_or_default();
    let sum = checksum::weighted_sum(&ds, &[256, 128, 64, 32, 16, 8, 4, 2]);
    if ds.last().map(|&d| i64::from(d)) != Some(sum % 11 % 10) {
        return Err(bad_check("EL"));
    }
    Ok(nine)
}

/// Cyprus: 8 digits and a check letter.
pub(super) fn cy(body: &str) -> Result<String, Invalid> {
    let (digits, letter) = match body.char_indices().nth(8) {
        Some((i, c)) if body.len() == 9 => (body.get(..i).unwrap_or(""), c),
        _ => ("", ' '),
    };
    let Some(ds) = checksum::digits(digits).filter(|d| d.len() == 8) else {
        return Err(Invalid::new(
            "vat.format",
            "A Cypriot VAT number is CY, 8 digits and a letter, e.g. CY10259033P.",
        ));
    };
    const ODD: [u32; 10] = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21];
    let sum: u32 = ds
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 0 {
                ODD.get(d as usize).copied().unwrap_or(0)
            } else {
                d
            }
        })
        .sum();
    let expected = char::from(b'A' + (sum % 26) as u8);
    if letter != expected {
        return Err(bad_check("CY"));
    }
    Ok(body.to_string())
}

/// Malta: 8 digits, mod 37.
pub(super) fn mt(body: &str) -> Result<String, Invalid> {
    let ds = digit_body(body, "MT", &[8])?;
    if ds.first() == Some(&0) {
        return Err(Invalid::new(
            "vat.format",
            "A Maltese VAT number does not start with 0.",
        ));
    }
    if checksum::weighted_sum(&ds, &[3, 4, 6, 7, 8, 9, 10, 1]) % 37 != 0 {
        return Err(bad_check("MT"));
    }
    Ok(body.to_string())
}

/// Romania: 2 to 10 digits, weights 753217532 aligned right.
pub(super) fn ro(body: &str) -> Result<String, Invalid> {
    let ds = digit_body(body, "RO", &[2, 3, 4, 5, 6, 7, 8, 9, 10])?;
    if ds.first() == Some(&0) {
        return Err(Invalid::new(
            "vat.format",
            "A Romanian VAT number does not start with 0.",
        ));
    }
    let Some((&check, head)) = ds.split_last() else {
        return Err(bad_check("RO"));
    };
    const WEIGHTS: [i64; 9] = [7, 5, 3, 2, 1, 7, 5, 3, 2];
    let skip = WEIGHTS.len().saturating_sub(head.len());
    let sum: i64 = head
        .iter()
        .zip(WEIGHTS.iter().skip(skip))
        .map(|(&d, &w)| i64::from(d) * w)
        .sum();
    if i64::from(check) != sum * 10 % 11 % 10 {
        return Err(bad_check("RO"));
    }
    Ok(body.to_string())
}

/// Bulgaria: 9 digits checked, 10 digits format only.
pub(super) fn bg(body: &str) -> Result<String, Invalid> {
    let ds = digit_body(body, "BG", &[9, 10])?;
    if ds.len() == 9 {
        let mut check = checksum::weighted_sum(&ds, &[1, 2, 3, 4, 5, 6, 7, 8]) % 11;
        if check == 10 {
            check = checksum::weighted_sum(&ds, &[3, 4, 5, 6, 7, 8, 9, 10]) % 11;
        }
        if ds.last().map(|&d| i64::from(d)) != Some(check % 10) {
            return Err(bad_check("BG"));
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
    fn italy() {
        assert!(it("00743110157").is_ok());
        assert_eq!(rule(it("00743110158")), "vat.checksum");
        assert_eq!(rule(it("00000001234")), "vat.format");
        assert_eq!(rule(it("00743115007")), "vat.format");
    }

    #[test]
    fn spain() {
        assert!(es("A13585625").is_ok());
        assert_eq!(rule(es("A13585626")), "vat.checksum");
        // DNI 12345678 -> Z (12345678 mod 23 = 14).
        assert!(es("12345678Z").is_ok());
        assert_eq!(rule(es("12345678A")), "vat.checksum");
        // NIE X1234567 -> 01234567 mod 23 = 19 -> L.
        assert!(es("X1234567L").is_ok());
        assert_eq!(rule(es("X1234567M")), "vat.checksum");
        // CIF with a letter control: Q + 2816003 -> Luhn digit 4 -> D.
        assert!(es("Q2816003D").is_ok());
        assert!(es("Q28160034").is_ok());
        assert_eq!(rule(es("I1234567A")), "vat.format");
        assert_eq!(rule(es("A1358562")), "vat.format");
        assert_eq!(rule(es("AB3585625")), "vat.format");
        assert_eq!(rule(es("")), "vat.format");
    }

    #[test]
    fn portugal_greece_cyprus_malta() {
        assert!(pt("501964843").is_ok());
        assert_eq!(rule(pt("501964844")), "vat.checksum");
        assert_eq!(el("094259216").as_deref(), Ok("094259216"));
        assert_eq!(el("94259216").as_deref(), Ok("094259216"));
        assert_eq!(rule(el("094259217")), "vat.checksum");
        assert!(cy("10259033P").is_ok());
        assert_eq!(rule(cy("10259033Q")), "vat.checksum");
        assert_eq!(rule(cy("1025903P")), "vat.format");
        assert_eq!(rule(cy("10259033é")), "vat.format");
        assert!(mt("11679112").is_ok());
        assert_eq!(rule(mt("11679113")), "vat.checksum");
    }

    #[test]
    fn romania_bulgaria() {
        assert!(ro("18547290").is_ok());
        assert_eq!(rule(ro("18547291")), "vat.checksum");
        assert_eq!(rule(ro("01854729")), "vat.format");
        assert_eq!(rule(ro("1")), "vat.length");
        assert!(bg("175074752").is_ok());
        assert_eq!(rule(bg("175074753")), "vat.checksum");
        assert!(bg("7523169263").is_ok());
    }
}
