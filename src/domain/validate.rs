//! Validators for the identifiers a shop types in: bank details (IBAN, BIC),
//! tax and company numbers (EU VAT, Swiss UID, SIREN/SIRET, Belgian enterprise
//! number), product codes (EAN/UPC/GTIN), e-mail addresses and phone numbers.
//!
//! Each validator takes whatever a person typed or pasted and either returns the
//! value in one canonical form, ready to store and compare, or an [`Invalid`]
//! that names the broken rule. The standard behind each rule is given in the
//! submodule that implements it.
//!
//! Invariants shared by every function here:
//! - pure: no IO, no clock, no global mutable state;
//! - total: any `&str` (empty, 10,000 characters, emoji, control characters)
//!   gives `Ok` or `Err`, never a panic (no `unwrap`, no indexing on user input);
//! - idempotent: feeding a returned canonical value back in returns it unchanged;
//! - an `Invalid`'s `rule` is a short stable name meant for code and tests, its
//!   `detail` a sentence for a person that never echoes long user input.

mod ch;
mod checksum;
mod company;
mod ean;
mod email;
mod fr;
mod iban;
mod phone;
mod vat;
mod vat_benelux;
mod vat_central;
mod vat_north;
mod vat_south;

pub use ch::ch_uid;
pub use company::company_number;
pub use ean::{ean, ean_check_digit};
pub use email::email;
pub use fr::{siren, siret};
pub use iban::{bic, iban, iban_display};
pub use phone::{known_region, phone, phone_international, phone_national};
pub use vat::vat;

/// A value broke a rule. `rule` is a short stable name ("iban.checksum",
/// "vat.format", "phone.invalid", ...), `detail` a sentence for a human saying
/// what is wrong with this value and, where useful, what was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{detail} ({rule})")]
pub struct Invalid {
    pub rule: &'static str,
    pub detail: String,
}

impl Invalid {
    /// Builds an `Invalid` from a rule name and a human sentence.
    pub fn new(rule: &'static str, detail: impl Into<String>) -> Self {
        Invalid {
            rule,
            detail: detail.into(),
        }
    }
}

/// Longest input any validator looks at; anything longer is rejected before
/// any other work, so hostile inputs cost nothing.
pub(crate) const MAX_INPUT_BYTES: usize = 512;

/// Removes whitespace (including no-break spaces) and the given separator
/// characters, and upper-cases ASCII letters. Other characters are kept as they
/// are, so that a later charset check can reject them.
pub(crate) fn compact_upper(input: &str, separators: &[char]) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace() && !separators.contains(c))
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hostile_inputs() -> Vec<String> {
        vec![
            String::new(),
            " ".into(),
            " \t\r\n ".into(),
            "\u{a0}\u{2003}".into(),
            "x".repeat(10_000),
            "9".repeat(10_000),
            "+".repeat(10_000),
            "@".repeat(10_000),
            format!("a@{}.com", "b".repeat(10_000)),
            "😀".into(),
            "😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀".into(),
            "FR😀40303265045".into(),
            "\u{0}\u{1}\u{7}\u{1b}[2J".into(),
            "\u{0}".repeat(40),
            "DE89\u{0}370400440532013000".into(),
            "٠١٢٣٤٥٦٧٨٩".into(),
            "０６１２３４５６７８".into(),
            "\u{202e}4006381333931".into(),
            "é".repeat(300),
        ]
    }

    #[test]
    fn hostile_input_is_rejected_without_panic() {
        for input in hostile_inputs() {
            let s = input.as_str();
            assert!(iban(s).is_err(), "iban {s:?}");
            assert!(bic(s).is_err(), "bic {s:?}");
            assert!(vat(s, None).is_err(), "vat {s:?}");
            assert!(vat(s, Some("FR")).is_err(), "vat FR {s:?}");
            assert!(vat(s, Some("CH")).is_err(), "vat CH {s:?}");
            assert!(vat(s, Some(s)).is_err(), "vat self {s:?}");
            assert!(ch_uid(s).is_err(), "ch_uid {s:?}");
            assert!(siren(s).is_err(), "siren {s:?}");
            assert!(siret(s).is_err(), "siret {s:?}");
            for country in ["FR", "BE", "CH", "DE", "", "😀"] {
                assert!(
                    company_number(s, country).is_err(),
                    "company {country} {s:?}"
                );
            }
            // A hostile country falls back to the generic rule.
            assert_eq!(company_number("B12345", s).as_deref(), Ok("B12345"));
            assert!(ean(s).is_err(), "ean {s:?}");
            assert_eq!(ean_check_digit(s), None, "ean_check_digit {s:?}");
            assert!(email(s).is_err(), "email {s:?}");
            for country in ["FR", "US", "", "ZZ", "😀"] {
                assert!(phone(s, country).is_err(), "phone {country} {s:?}");
            }
            assert!(phone("+33612345678", s).is_err(), "phone country {s:?}");
            // Display helpers never fail: they return something printable.
            let _ = iban_display(s);
            assert_eq!(phone_national(s), s);
            assert_eq!(phone_international(s), s);
        }
    }

    type Validator = fn(&str) -> Result<String, Invalid>;

    #[test]
    fn canonical_values_are_fixed_points() {
        let cases: [(&str, Validator); 8] = [
            ("fr14 2004 1010 0505 0001 3m02 606", iban),
            ("bnpa fr pp xxx", bic),
            ("che-116.281.710", ch_uid),
            ("732 829 320", siren),
            ("732 829 320 00074", siret),
            (" 4006381333931 ", ean),
            (" Anna@Example.COM ", email),
            ("GR 094 259 216", |s| vat(s, None)),
        ];
        for (input, f) in cases {
            let once = f(input).unwrap_or_default();
            assert!(!once.is_empty(), "{input}");
            assert_eq!(f(&once).as_deref(), Ok(once.as_str()), "{input}");
        }
        let swiss = vat("116 281 710", Some("CH")).unwrap_or_default();
        assert_eq!(vat(&swiss, None).as_deref(), Ok("CHE116281710MWST"));
        let be = company_number("BE 0403.170.701", "BE").unwrap_or_default();
        assert_eq!(company_number(&be, "BE").as_deref(), Ok("0403170701"));
        let tel = phone("06 12 34 56 78", "FR").unwrap_or_default();
        assert_eq!(phone(&tel, "US").as_deref(), Ok("+33612345678"));
    }

    #[test]
    fn invalid_displays_detail_and_rule() {
        let e = Invalid::new("iban.checksum", "The check digits do not match.");
        assert_eq!(
            e.to_string(),
            "The check digits do not match. (iban.checksum)"
        );
    }

    #[test]
    fn compact_upper_strips_separators() {
        assert_eq!(
            compact_upper(" fr 40.303-265\u{a0}045 ", &['.', '-']),
            "FR40303265045"
        );
        assert_eq!(compact_upper("é-x", &['-']), "éX");
    }
}
