//! VAT identification numbers: normalisation and dispatch by country.
//!
//! Standard: the EU VAT number formats of Council Directive 2006/112/EC art. 215
//! as listed by the European Commission's VIES service (country prefix, then
//! the national number), the Swiss UID-based VAT number, and the United
//! Kingdom's (GB, and XI for Northern Ireland under the Windsor Framework).
//! Each country's structure and check digits are in `vat_benelux`,
//! `vat_central`, `vat_north`, `vat_south`, `fr` and `ch`.
//!
//! Input: spaces, dots and dashes are dropped, letters upper-cased. A leading
//! two-letter prefix ("CHE" for Switzerland) names the country; without one the
//! caller's default country is used. Greece's VIES prefix is EL; "GR" is taken
//! as an alias and the result uses EL. A number without prefix whose key or
//! body starts with two letters (e.g. some French alphanumeric keys) needs its
//! prefix typed.
//!
//! Invariants: a returned number is compact upper-case ASCII starting with its
//! VIES prefix ("FR40303265045", "BE0403170701", "EL094259216",
//! "CHE116281710MWST"), passes its country's structure and check digit rules,
//! and validating it again returns it unchanged.

use super::{ch, checksum, compact_upper, fr, vat_benelux, vat_central, vat_north, vat_south};
use super::{Invalid, MAX_INPUT_BYTES};

/// Validates the national part of a VAT number (after the prefix) and returns
/// its canonical form.
type BodyRule = fn(&str) -> Result<String, Invalid>;

/// Countries whose VAT numbers are recognised: VIES prefix, name, rule.
const COUNTRIES: &[(&str, &str, BodyRule)] = &[
    ("AT", "Austria", vat_central::at),
    ("BE", "Belgium", vat_benelux::be),
    ("BG", "Bulgaria", vat_south::bg),
    ("CY", "Cyprus", vat_south::cy),
    ("CZ", "Czechia", vat_central::cz),
    ("DE", "Germany", vat_central::de),
    ("DK", "Denmark", vat_north::dk),
    ("EE", "Estonia", vat_north::ee),
    ("EL", "Greece", vat_south::el),
    ("ES", "Spain", vat_south::es),
    ("FI", "Finland", vat_north::fi),
    ("FR", "France", fr::vat_body),
    ("GB", "the United Kingdom", vat_north::gb),
    ("HR", "Croatia", vat_central::hr),
    ("HU", "Hungary", vat_central::hu),
    ("IE", "Ireland", vat_north::ie),
    ("IT", "Italy", vat_south::it),
    ("LT", "Lithuania", vat_north::lt),
    ("LU", "Luxembourg", vat_benelux::lu),
    ("LV", "Latvia", vat_north::lv),
    ("MT", "Malta", vat_south::mt),
    ("NL", "the Netherlands", vat_benelux::nl),
    ("PL", "Poland", vat_central::pl),
    ("PT", "Portugal", vat_south::pt),
    ("RO", "Romania", vat_south::ro),
    ("SE", "Sweden", vat_north::se),
    ("SI", "Slovenia", vat_central::si),
    ("SK", "Slovakia", vat_central::sk),
    ("XI", "Northern Ireland", vat_north::gb),
];

/// Validates a VAT number. `default_country` (ISO alpha-2, e.g. "FR") is used
/// when the input has no country prefix. Returns the compact upper-case form
/// with prefix, e.g. "FR40303265045" or "CHE116281710MWST".
pub fn vat(input: &str, default_country: Option<&str>) -> Result<String, Invalid> {
    if input.len() > MAX_INPUT_BYTES {
        return Err(Invalid::new(
            "vat.length",
            "A VAT number has at most 16 characters; this value is far longer.",
        ));
    }
    let compact = compact_upper(input, &['.', '-']);
    if compact.is_empty() {
        return Err(Invalid::new("vat.length", "The VAT number is empty."));
    }
    // '+' and '*' occur in old Irish numbers; the Irish rule checks where.
    if !compact
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '*')
    {
        return Err(Invalid::new(
            "vat.format",
            "A VAT number holds letters and digits only (spaces, dots and dashes are allowed between them).",
        ));
    }
    if let Some(rest) = compact.strip_prefix("CHE") {
        return ch::vat_body(rest);
    }
    let prefix = compact
        .get(..2)
        .filter(|p| p.bytes().all(|b| b.is_ascii_uppercase()));
    let (code, body) = match (prefix, default_country) {
        (Some(p), _) => (p.to_string(), compact.get(2..).unwrap_or("")),
        (None, Some(d)) => (compact_upper(d, &[]), compact.as_str()),
        (None, None) => {
            return Err(Invalid::new(
                "vat.country",
                "This VAT number has no country prefix (such as FR or DE) and no default country is set.",
            ))
        }
    };
    let code = if code == "GR" { "EL".to_string() } else { code };
    if code == "CH" {
        return ch::vat_body(body);
    }
    let Some((code, _, rule)) = COUNTRIES.iter().find(|(c, _, _)| *c == code) else {
        let shown = if code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()) {
            code
        } else {
            "This prefix".to_string()
        };
        return Err(Invalid::new(
            "vat.country",
            format!("{shown} is not a country whose VAT numbers are known here (EU members, CH, GB, XI)."),
        ));
    };
    rule(body).map(|canonical| format!("{code}{canonical}"))
}

/// Name of a country in this table, for messages ("Belgium").
pub(super) fn country_name(code: &str) -> &'static str {
    COUNTRIES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, name, _)| *name)
        .unwrap_or("this country")
}

/// Checks that `body` is made of digits only and has one of `lengths`;
/// returns the digit values. Errors name the country by its prefix.
pub(super) fn digit_body(body: &str, code: &str, lengths: &[usize]) -> Result<Vec<u32>, Invalid> {
    let name = country_name(code);
    if !checksum::all_digits(body) {
        return Err(Invalid::new(
            "vat.format",
            format!("After {code}, a VAT number from {name} has digits only."),
        ));
    }
    if !lengths.contains(&body.len()) {
        let expected = match lengths {
            [one] => one.to_string(),
            [first @ .., last] => format!(
                "{} or {last}",
                first
                    .iter()
                    .map(usize::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            [] => "some".to_string(),
        };
        return Err(Invalid::new(
            "vat.length",
            format!(
                "After {code}, a VAT number from {name} has {expected} digits; this one has {}.",
                body.len()
            ),
        ));
    }
    checksum::digits(body).ok_or_else(|| Invalid::new("vat.format", "Digits expected."))
}

/// The error for a failed check digit.
pub(super) fn bad_check(code: &str) -> Invalid {
    Invalid::new(
        "vat.checksum",
        format!(
            "This VAT number from {} fails its check-digit rule; look for a mistyped character.",
            country_name(code)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule<T>(r: Result<T, Invalid>) -> &'static str {
        r.err().map(|e| e.rule).unwrap_or("ok")
    }

    #[test]
    fn brief_examples() {
        assert_eq!(vat("FR40303265045", None).as_deref(), Ok("FR40303265045"));
        assert_eq!(vat("BE0403170701", None).as_deref(), Ok("BE0403170701"));
        assert_eq!(vat("DE136695976", None).as_deref(), Ok("DE136695976"));
        assert_eq!(vat("NL004495445B01", None).as_deref(), Ok("NL004495445B01"));
        assert_eq!(vat("LU15027442", None).as_deref(), Ok("LU15027442"));
        assert_eq!(
            vat("CHE-116.281.710 MWST", None).as_deref(),
            Ok("CHE116281710MWST")
        );
    }

    #[test]
    fn normalisation() {
        assert_eq!(
            vat("fr 40 303.265.045", None).as_deref(),
            Ok("FR40303265045")
        );
        assert_eq!(vat("BE 0403.170.701", None).as_deref(), Ok("BE0403170701"));
        assert_eq!(vat("be-0403-170-701", None).as_deref(), Ok("BE0403170701"));
        assert_eq!(vat("nl004495445b01", None).as_deref(), Ok("NL004495445B01"));
        assert_eq!(
            vat("che-116.281.710 tva", None).as_deref(),
            Ok("CHE116281710TVA")
        );
        assert_eq!(vat("GR094259216", None).as_deref(), Ok("EL094259216"));
    }

    #[test]
    fn default_country() {
        assert_eq!(
            vat("40303265045", Some("FR")).as_deref(),
            Ok("FR40303265045")
        );
        assert_eq!(
            vat("403 265 045 40", Some("fr")).map_err(|e| e.rule),
            Err("vat.checksum")
        );
        assert_eq!(vat("0403170701", Some("BE")).as_deref(), Ok("BE0403170701"));
        assert_eq!(vat("136695976", Some("DE")).as_deref(), Ok("DE136695976"));
        assert_eq!(
            vat("116.281.710 IVA", Some("CH")).as_deref(),
            Ok("CHE116281710IVA")
        );
        assert_eq!(vat("094259216", Some("GR")).as_deref(), Ok("EL094259216"));
        // An explicit prefix wins over the default.
        assert_eq!(vat("DE136695976", Some("FR")).as_deref(), Ok("DE136695976"));
        assert_eq!(rule(vat("136695976", None)), "vat.country");
        assert_eq!(rule(vat("136695976", Some("US"))), "vat.country");
        assert_eq!(rule(vat("136695976", Some(""))), "vat.country");
    }

    #[test]
    fn unknown_prefix_and_garbage() {
        assert_eq!(rule(vat("US123456789", None)), "vat.country");
        assert_eq!(rule(vat("XX123456789", Some("FR"))), "vat.country");
        assert_eq!(rule(vat("", Some("FR"))), "vat.length");
        assert_eq!(rule(vat("FR", None)), "vat.length");
        assert_eq!(rule(vat("FR4030326504€", None)), "vat.format");
        assert_eq!(rule(vat("FR41303265045", None)), "vat.checksum");
        assert_eq!(rule(vat("BE0403170702", None)), "vat.checksum");
        assert_eq!(rule(vat("DE136695977", None)), "vat.checksum");
        assert_eq!(rule(vat("LU15027443", None)), "vat.checksum");
        assert_eq!(rule(vat("CHE116281711MWST", None)), "vat.checksum");
        assert_eq!(rule(vat("CH123456", None)), "vat.format");
        assert_eq!(rule(vat("CHX123456789", None)), "vat.format");
        let detail = vat("US123", None)
            .err()
            .map(|e| e.detail)
            .unwrap_or_default();
        assert!(detail.starts_with("US is not"), "{detail}");
    }

    #[test]
    fn every_country_round_trips_one_example() {
        let examples = [
            "ATU13585627",
            "BE0403170701",
            "BG175074752",
            "CY10259033P",
            "CZ25123891",
            "DE136695976",
            "DK13585628",
            "EE100931558",
            "EL094259216",
            "ESA13585625",
            "FI20774740",
            "FR40303265045",
            "GB980780684",
            "HR33392005961",
            "HU12892312",
            "IE6433435F",
            "IT00743110157",
            "LT119511515",
            "LU15027442",
            "LV40003521600",
            "MT11679112",
            "NL004495445B01",
            "PL8567346215",
            "PT501964843",
            "RO18547290",
            "SE123456789701",
            "SI50223054",
            "SK2022749619",
            "XI980780684",
            "CHE116281710MWST",
        ];
        for example in examples {
            assert_eq!(vat(example, None).as_deref(), Ok(example), "{example}");
        }
        assert_eq!(examples.len(), COUNTRIES.len() + 1);
    }

    #[test]
    fn digit_body_messages() {
        let e = digit_body("123", "DK", &[8])
            .err()
            .map(|e| e.detail)
            .unwrap_or_default();
        assert_eq!(
            e,
            "After DK, a VAT number from Denmark has 8 digits; this one has 3."
        );
        let e = digit_body("123", "BG", &[9, 10])
            .err()
            .map(|e| e.detail)
            .unwrap_or_default();
        assert_eq!(
            e,
            "After BG, a VAT number from Bulgaria has 9 or 10 digits; this one has 3."
        );
    }
}
