//! VAT numbers of central Europe: Germany, Austria, Czechia, Slovakia,
//! Hungary, Poland, Slovenia and Croatia.
//!
//! Standards (each country's published structure, as listed by VIES):
//! - DE Umsatzsteuer-Identifikationsnummer: 9 digits, first not 0, ISO 7064
//!   MOD 11,10 check digit.
//! - AT UID: "U" + 8 digits; the last is (10 − (S + 4) mod 10) mod 10 where S is
//!   the Luhn-style sum of digits 1..7.
//! - CZ DIČ: 8 digits for legal entities (weights 8..2, check (11 − S mod 11)
//!   mod 11, 0 read as 1, then mod 10); 9 or 10 digits for individuals (birth
//!   numbers), checked for format only.
//! - SK IČ DPH: 10 digits, first not 0, third in {2,3,4,7,8,9}, number ≡ 0 mod 11.
//! - HU ANUM: 8 digits, weights 9,7,3,1,9,7,3,1, sum ≡ 0 mod 10.
//! - PL NIP: 10 digits, weights 6,5,7,2,3,4,5,6,7 and −1, sum ≡ 0 mod 11.
//! - SI ID za DDV: 8 digits, first not 0, check 11 − (weights 8..2 mod 11),
//!   10 read as 0, 11 invalid.
//! - HR OIB: 11 digits, ISO 7064 MOD 11,10.
//!
//! Invariants: each rule takes the compact upper-case part after the prefix and
//! returns it unchanged when valid; errors use `vat.length`, `vat.format` or
//! `vat.checksum`.

use super::checksum;
use super::vat::{bad_check, digit_body};
use super::Invalid;

fn first_not_zero(ds: &[u32], code: &str) -> Result<(), Invalid> {
    if ds.first() == Some(&0) {
        return Err(Invalid::new(
            "vat.format",
            format!("A VAT number from {code} does not start with 0 after the prefix."),
        ));
    }
    Ok(())
}

/// Germany: 9 digits, ISO 7064 MOD 11,10.
pub(super) fn de(body: &str) -> Result<String, Invalid> {
    let ds = digit_body(body, "DE", &[9])?;
    first_not_zero(&ds, "DE")?;
    if !checksum::iso7064_mod11_10_valid(body) {
        return Err(bad_check("DE"));
    }
    Ok(body.to_string())
}

/// Austria: "U" + 8 digits.
pub(super) fn at(body: &str) -> Result<String, Invalid> {
    let Some(digits) = body.strip_prefix('U') else {
        return Err(Invalid::new(
            "vat.format",
            "An Austrian VAT number is ATU followed by 8 digits, e.g. ATU13585627.",
        ));
    };
    let ds = digit_body(digits, "AT", &[8])?;
    let sum = checksum::luhn_sum(digits.get(..7).unwrap_or("")).unwrap_or(0);
    let expected = (16 - sum % 10) % 10;
    if ds.get(7) != Some(&expected) {
        return Err(bad_check("AT"));
    }
    Ok(body.to_string())
}

/// Czechia: 8 digits (legal entity, checked) or 9/10 digits (individuals).
pub(super) fn cz(body: &str) -> Result<String, Invalid> {
    let ds = digit_body(body, "CZ", &[8, 9, 10])?;
    if ds.len() == 8 {
        if ds.first() == Some(&9) {
            return Err(Invalid::new(
                "vat.format",
                "An 8-digit Czech VAT number does not start with 9.",
            ));
        }
        let s = checksum::weighted_sum(&ds, &[8, 7, 6, 5, 4, 3, 2]);
        let mut check = (11 - s % 11) % 11;
        if check == 0 {
            check = 1;
        }
        if ds.last().map(|&d| i64::from(d)) != Some(check % 10) {
            return Err(bad_check("CZ"));
        }
    }
    Ok(body.to_string())
}

/// Slovakia: 10 digits, number divisible by 11.
pub(super) fn sk(body: &str) -> Result<String, Invalid> {
    let ds = digit_body(body, "SK", &[10])?;
    first_not_zero(&ds, "SK")?;
    if !matches!(ds.get(2), Some(2 | 3 | 4 | 7 | 8 | 9)) {
        return Err(Invalid::new(
            "vat.format",
            "The third digit of a Slovak VAT number is 2, 3, 4, 7, 8 or 9.",
        ));
    }
    let n: u64 = body.parse().unwrap_or(1);
    if n % 11 != 0 {
        return Err(bad_check("SK"));
    }
    Ok(body.to_string())
}

/// Hungary: 8 digits, weights 9,7,3,1,9,7,3,1, sum ≡ 0 mod 10.
pub(super) fn hu(body: &str) -> Result<String, Invalid> {
    let ds = digit_body(body, "HU", &[8])?;
    if checksum::weighted_sum(&ds, &[9, 7, 3, 1, 9, 7, 3, 1]) % 10 != 0 {
        return Err(bad_check("HU"));
    }
    Ok(body.to_string())
}

/// Poland: 10 digits, weights 6,5,7,2,3,4,5,6,7,−1, sum ≡ 0 mod 11.
pub(super) fn pl(body: &str) -> Result<String, Invalid> {
    let ds = digit_body(body, "PL", &[10])?;
    if checksum::weighted_sum(&ds, &[6, 5, 7, 2, 3, 4, 5, 6, 7, -1]) % 11 != 0 {
        return Err(bad_check("PL"));
    }
    Ok(body.to_string())
}

/// Slovenia: 8 digits, weights 8..2.
pub(super) fn si(body: &str) -> Result<String, Invalid> {
    let ds = digit_body(body, "SI", &[8])?;
    first_not_zero(&ds, "SI")?;
    let check = match 11 - checksum::weighted_sum(&ds, &[8, 7, 6, 5, 4, 3, 2]) % 11 {
        10 => 0,
        11 => return Err(bad_check("SI")),
        n => n,
    };
    if ds.last().map(|&d| i64::from(d)) != Some(check) {
        return Err(bad_check("SI"));
    }
    Ok(body.to_string())
}

/// Croatia: 11 digits, ISO 7064 MOD 11,10.
pub(super) fn hr(body: &str) -> Result<String, Invalid> {
    digit_body(body, "HR", &[11])?;
    if !checksum::iso7064_mod11_10_valid(body) {
        return Err(bad_check("HR"));
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
    fn germany() {
        assert!(de("136695976").is_ok());
        assert_eq!(rule(de("136695978")), "vat.checksum");
        assert_eq!(rule(de("036695976")), "vat.format");
        assert_eq!(rule(de("13669597")), "vat.length");
    }

    #[test]
    fn austria() {
        assert!(at("U13585627").is_ok());
        assert_eq!(rule(at("U13585626")), "vat.checksum");
        assert_eq!(rule(at("13585627")), "vat.format");
        assert_eq!(rule(at("U1358562")), "vat.length");
        assert_eq!(rule(at("")), "vat.format");
    }

    #[test]
    fn czechia() {
        assert!(cz("25123891").is_ok());
        assert_eq!(rule(cz("25123890")), "vat.checksum");
        assert_eq!(rule(cz("95123891")), "vat.format");
        assert!(cz("7103192745").is_ok());
        assert_eq!(rule(cz("1234567")), "vat.length");
    }

    #[test]
    fn slovakia() {
        assert!(sk("2022749619").is_ok());
        assert_eq!(rule(sk("2022749618")), "vat.checksum");
        assert_eq!(rule(sk("2012749619")), "vat.format");
        assert_eq!(rule(sk("0022749619")), "vat.format");
    }

    #[test]
    fn hungary_poland_slovenia_croatia() {
        assert!(hu("12892312").is_ok());
        assert_eq!(rule(hu("12892313")), "vat.checksum");
        assert!(pl("8567346215").is_ok());
        assert_eq!(rule(pl("8567346216")), "vat.checksum");
        assert!(si("50223054").is_ok());
        assert_eq!(rule(si("50223055")), "vat.checksum");
        assert_eq!(rule(si("05022305")), "vat.format");
        assert!(hr("33392005961").is_ok());
        assert_eq!(rule(hr("33392005962")), "vat.checksum");
    }
}
