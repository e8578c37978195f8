//! The regions a shop can be set up in: each country the postal table covers, with its
//! currency and its VAT rates (standard first), as the setup screen prefills them and
//! the config falls back to when `[shop] vat_rates` is not written.
//!
//! Invariants: the table is sorted by code; every rate parses as a
//! [`crate::domain::money::Percent`] (a test checks it); rates are written the way a
//! shop reads them ("5.5", never "5.50").

/// A country a shop can be set up in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    /// ISO 3166-1 alpha-2, upper case.
    pub code: &'static str,
    /// The usual currency (ISO 4217).
    pub currency: &'static str,
    /// The VAT rates in force, standard rate first, as decimal text.
    pub vat_rates: &'static [&'static str],
}

/// The known regions, by code.
pub const REGIONS: [Region; 6] = [
    Region {
        code: "BE",
        currency: "EUR",
        vat_rates: &["21", "12", "6"],
    },
    Region {
        code: "CH",
        currency: "CHF",
        vat_rates: &["8.1", "2.6", "3.8"],
    },
    Region {
        code: "DE",
        currency: "EUR",
        vat_rates: &["19", "7"],
    },
    Region {
        code: "FR",
        currency: "EUR",
        vat_rates: &["20", "10", "5.5", "2.1"],
    },
    Region {
        code: "LU",
        currency: "EUR",
        vat_rates: &["17", "14", "8", "3"],
    },
    Region {
        code: "NL",
        currency: "EUR",
        vat_rates: &["21", "9"],
    },
];

/// The region of a country code (any case), if it is a known one.
pub fn region(code: &str) -> Option<&'static Region> {
    let code = code.trim();
    REGIONS.iter().find(|r| r.code.eq_ignore_ascii_case(code))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Percent;

    #[test]
    fn regions_are_sorted_with_valid_rates_and_postal_codes() {
        let codes: Vec<&str> = REGIONS.iter().map(|r| r.code).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        assert_eq!(codes, sorted);
        assert_eq!(codes, crate::domain::postal::countries());
        for r in &REGIONS {
            assert!(!r.vat_rates.is_empty(), "{}", r.code);
            for rate in r.vat_rates {
                let p = Percent::parse(rate).unwrap();
                assert_eq!(p.as_decimal().to_string(), *rate);
            }
        }
        assert_eq!(region("fr").map(|r| r.vat_rates.len()), Some(4));
        assert_eq!(region("ch").map(|r| r.currency), Some("CHF"));
        assert_eq!(region("IT"), None);
    }
}
