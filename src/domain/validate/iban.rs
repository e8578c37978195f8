//! IBAN (International Bank Account Number) and BIC validation.
//!
//! Standards: ISO 13616-1:2020 for the IBAN, with the country codes, lengths and
//! BBAN structures of the SWIFT IBAN Registry (the registration authority's
//! table of 89 countries, as of the 2024 releases that added HN, OM and YE);
//! check digits per ISO 7064 MOD 97-10.
//! BIC per ISO 9362 in SWIFT's field notation `4!a2!a2!c[3!c]`.
//!
//! Invariants: a returned IBAN is compact (no spaces) upper-case ASCII, its
//! country is in `REGISTRY`, its length and BBAN structure match the registry
//! entry, its check digits are 02..=98 and the MOD 97-10 remainder of the
//! rearranged number is 1. A returned BIC is 8 or 11 upper-case ASCII
//! characters. Territories that use another country's IBAN prefix (e.g.
//! Guadeloupe under FR, Jersey under GB) are covered by that prefix.

use super::{checksum, compact_upper, Invalid, MAX_INPUT_BYTES};

/// One registry entry: ISO 3166 alpha-2 code, total IBAN length, BBAN structure
/// in registry notation (`n` digits, `a` upper-case letters, `c` alphanumerics).
struct Country {
    code: &'static str,
    length: usize,
    bban: &'static str,
}

const fn c(code: &'static str, length: usize, bban: &'static str) -> Country {
    Country { code, length, bban }
}

/// The SWIFT IBAN Registry: 89 countries.
const REGISTRY: &[Country] = &[
    c("AD", 24, "4!n4!n12!c"),
    c("AE", 23, "3!n16!n"),
    c("AL", 28, "8!n16!c"),
    c("AT", 20, "5!n11!n"),
    c("AZ", 28, "4!a20!c"),
    c("BA", 20, "3!n3!n8!n2!n"),
    c("BE", 16, "3!n7!n2!n"),
    c("BG", 22, "4!a4!n2!n8!c"),
    c("BH", 22, "4!a14!c"),
    c("BI", 27, "5!n5!n11!n2!n"),
    c("BR", 29, "8!n5!n10!n1!a1!c"),
    c("BY", 28, "4!c4!n16!c"),
    c("CH", 21, "5!n12!c"),
    c("CR", 22, "4!n14!n"),
    c("CY", 28, "3!n5!n16!c"),
    c("CZ", 24, "4!n6!n10!n"),
    c("DE", 22, "8!n10!n"),
    c("DJ", 27, "5!n5!n11!n2!n"),
    c("DK", 18, "4!n9!n1!n"),
    c("DO", 28, "4!c20!n"),
    c("EE", 20, "2!n14!n"),
    c("EG", 29, "4!n4!n17!n"),
    c("ES", 24, "4!n4!n1!n1!n10!n"),
    c("FI", 18, "3!n11!n"),
    c("FK", 18, "2!a12!n"),
    c("FO", 18, "4!n9!n1!n"),
    c("FR", 27, "5!n5!n11!c2!n"),
    c("GB", 22, "4!a6!n8!n"),
    c("GE", 22, "2!a16!n"),
    c("GI", 23, "4!a15!c"),
    c("GL", 18, "4!n9!n1!n"),
    c("GR", 27, "3!n4!n16!c"),
    c("GT", 28, "4!c20!c"),
    c("HN", 28, "4!a20!n"),
    c("HR", 21, "7!n10!n"),
    c("HU", 28, "3!n4!n1!n15!n1!n"),
    c("IE", 22, "4!a6!n8!n"),
    c("IL", 23, "3!n3!n13!n"),
    c("IQ", 23, "4!a3!n12!n"),
    c("IS", 26, "4!n2!n6!n10!n"),
    c("IT", 27, "1!a5!n5!n12!c"),
    c("JO", 30, "4!a4!n18!c"),
    c("KW", 30, "4!a22!c"),
    c("KZ", 20, "3!n13!c"),
    c("LB", 28, "4!n20!c"),
    c("LC", 32, "4!a24!c"),
    c("LI", 21, "5!n12!c"),
    c("LT", 20, "5!n11!n"),
    c("LU", 20, "3!n13!c"),
    c("LV", 21, "4!a13!c"),
    c("LY", 25, "3!n3!n15!n"),
    c("MC", 27, "5!n5!n11!c2!n"),
    c("MD", 24, "2!c18!c"),
    c("ME", 22, "3!n13!n2!n"),
    c("MK", 19, "3!n10!c2!n"),
    c("MN", 20, "4!n12!n"),
    c("MR", 27, "5!n5!n11!n2!n"),
    c("MT", 31, "4!a5!n18!c"),
    c("MU", 30, "4!a2!n2!n12!n3!n3!a"),
    c("NI", 28, "4!a20!n"),
    c("NL", 18, "4!a10!n"),
    c("NO", 15, "4!n6!n1!n"),
    c("OM", 23, "3!n16!c"),
    c("PK", 24, "4!a16!c"),
    c("PL", 28, "8!n16!n"),
    c("PS", 29, "4!a21!c"),
    c("PT", 25, "4!n4!n11!n2!n"),
    c("QA", 29, "4!a21!c"),
    c("RO", 24, "4!a16!c"),
    c("RS", 22, "3!n13!n2!n"),
    c("RU", 33, "9!n5!n15!c"),
    c("SA", 24, "2!n18!c"),
    c("SC", 31, "4!a2!n2!n16!n3!a"),
    c("SD", 18, "2!n12!n"),
    c("SE", 24, "3!n16!n1!n"),
    c("SI", 19, "5!n8!n2!n"),
    c("SK", 24, "4!n6!n10!n"),
    c("SM", 27, "1!a5!n5!n12!c"),
    c("SO", 23, "4!n3!n12!n"),
    c("ST", 25, "8!n11!n2!n"),
    c("SV", 28, "4!a20!n"),
    c("TL", 23, "3!n14!n2!n"),
    c("TN", 24, "2!n3!n13!n2!n"),
    c("TR", 26, "5!n1!n16!c"),
    c("UA", 29, "6!n19!c"),
    c("VA", 22, "3!n15!n"),
    c("VG", 24, "4!a16!n"),
    c("XK", 20, "4!n10!n2!n"),
    c("YE", 30, "4!a4!n18!c"),
];

/// Longest IBAN in the registry (Saint Lucia, Russia are 32 and 33; ISO caps at 34).
const IBAN_MAX_LEN: usize = 34;

fn registry_entry(code: &str) -> Option<&'static Country> {
    REGISTRY.iter().find(|c| c.code == code)
}

/// Splits registry notation ("4!n4!n12!c") into (count, kind) pairs.
/// Returns `None` on malformed notation.
fn bban_parts(notation: &str) -> Option<Vec<(usize, u8)>> {
    let mut parts = Vec::new();
    for chunk in notation.split_inclusive(|c: char| c.is_ascii_alphabetic()) {
        let (count, kind) = chunk.split_at_checked(chunk.len().checked_sub(1)?)?;
        let count = count.strip_suffix('!').unwrap_or(count);
        let count: usize = count.parse().ok()?;
        let kind = *kind.as_bytes().first()?;
        if !matches!(kind, b'n' | b'a' | b'c') {
            return None;
        }
        parts.push((count, kind));
    }
    Some(parts)
}

fn kind_name(kind: u8) -> &'static str {
    match kind {
        b'n' => "a digit",
        b'a' => "a letter",
        _ => "a letter or digit",
    }
}

/// Checks `bban` against the registry notation; on mismatch returns the
/// 1-based position in the full IBAN and what was expected there.
fn bban_mismatch(bban: &str, notation: &str) -> Option<(usize, &'static str)> {
    let Some(parts) = bban_parts(notation) else {
        return Some((5, "a valid account number"));
    };
    let mut bytes = bban.bytes().enumerate();
    for (count, kind) in parts {
        for _ in 0..count {
            let (i, b) = bytes.next()?;
            let ok = match kind {
                b'n' => b.is_ascii_digit(),
                b'a' => b.is_ascii_uppercase(),
                _ => b.is_ascii_alphanumeric(),
            };
            if !ok {
                return Some((i + 5, kind_name(kind)));
            }
        }
    }
    None
}

/// Validates an IBAN. Accepts spaces and lower case; returns the compact
/// upper-case form, e.g. "FR1420041010050500013M02606".
pub fn iban(input: &str) -> Result<String, Invalid> {
    if input.len() > MAX_INPUT_BYTES {
        return Err(Invalid::new(
            "iban.length",
            format!("An IBAN has at most {IBAN_MAX_LEN} characters; this value is far longer."),
        ));
    }
    let compact = compact_upper(input, &[]);
    if compact.is_empty() {
        return Err(Invalid::new("iban.length", "The IBAN is empty."));
    }
    if !compact.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(Invalid::new(
            "iban.charset",
            "An IBAN holds only letters A-Z and digits 0-9 (spaces are allowed between groups).",
        ));
    }
    // From here on the string is ASCII, so byte offsets are character offsets.
    let country_code = compact.get(..2).unwrap_or("");
    if country_code.len() != 2 || !country_code.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(Invalid::new(
            "iban.country",
            "An IBAN starts with a two-letter country code, e.g. FR or DE.",
        ));
    }
    let Some(country) = registry_entry(country_code) else {
        return Err(Invalid::new(
            "iban.country",
            format!("{country_code} is not a country in the IBAN registry."),
        ));
    };
    if compact.len() != country.length {
        return Err(Invalid::new(
            "iban.length",
            format!(
                "An IBAN from {} has {} characters; this one has {}.",
                country.code,
                country.length,
                compact.len()
            ),
        ));
    }
    let check = compact.get(2..4).unwrap_or("");
    if !checksum::all_digits(check) {
        return Err(Invalid::new(
            "iban.format",
            "Characters 3 and 4 of an IBAN are its two check digits.",
        ));
    }
    let bban = compact.get(4..).unwrap_or("");
    if let Some((position, expected)) = bban_mismatch(bban, country.bban) {
        return Err(Invalid::new(
            "iban.format",
            format!(
                "Character {position} of an IBAN from {} should be {expected}.",
                country.code
            ),
        ));
    }
    if !("02"..="98").contains(&check) {
        return Err(Invalid::new(
            "iban.checksum",
            format!("IBAN check digits run from 02 to 98; this one has {check}."),
        ));
    }
    let rearranged = format!("{bban}{country_code}{check}");
    if checksum::mod97(&rearranged) != Some(1) {
        return Err(Invalid::new(
            "iban.checksum",
            "The IBAN check digits do not match the rest of the number (ISO 7064 MOD 97-10); look for a mistyped character.",
        ));
    }
    Ok(compact)
}

/// Formats an IBAN for people: groups of four characters separated by one
/// space, "FR14 2004 1010 0505 0001 3M02 606". Whitespace in the input is
/// dropped first; no validation is done.
pub fn iban_display(compact: &str) -> String {
    let mut out = String::with_capacity(compact.len() + compact.len() / 4);
    for (i, ch) in compact.chars().filter(|c| !c.is_whitespace()).enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push(' ');
        }
        out.push(ch);
    }
    out
}

/// Validates a BIC (ISO 9362): 4 letters (institution), 2 letters (country),
/// 2 letters or digits (location), optionally 3 letters or digits (branch).
/// Accepts spaces and lower case; returns the upper-case form.
pub fn bic(input: &str) -> Result<String, Invalid> {
    if input.len() > MAX_INPUT_BYTES {
        return Err(Invalid::new(
            "bic.length",
            "A BIC has 8 or 11 characters; this value is far longer.",
        ));
    }
    let compact = compact_upper(input, &[]);
    let count = compact.chars().count();
    if count != 8 && count != 11 {
        return Err(Invalid::new(
            "bic.length",
            format!("A BIC has 8 or 11 characters; this one has {count}."),
        ));
    }
    for (i, b) in compact.bytes().enumerate() {
        let (ok, expected) = match i {
            0..=3 => (b.is_ascii_uppercase(), "a letter (institution code)"),
            4..=5 => (b.is_ascii_uppercase(), "a letter (country code)"),
            6..=7 => (
                b.is_ascii_alphanumeric(),
                "a letter or digit (location code)",
            ),
            _ => (b.is_ascii_alphanumeric(), "a letter or digit (branch code)"),
        };
        if !ok {
            return Err(Invalid::new(
                "bic.format",
                format!("Character {} of a BIC should be {expected}.", i + 1),
            ));
        }
    }
    Ok(compact)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Examples printed in the SWIFT IBAN Registry, one per country.
    const REGISTRY_EXAMPLES: &[&str] = &[
        "AD1200012030200359100100",
        "AE070331234567890123456",
        "AL47212110090000000235698741",
        "AT611904300234573201",
        "AZ21NABZ00000000137010001944",
        "BA391290079401028494",
        "BE68539007547034",
        "BG80BNBG96611020345678",
        "BH67BMAG00001299123456",
        "BR1800360305000010009795493C1",
        "BY13NBRB3600900000002Z00AB00",
        "CH9300762011623852957",
        "CR05015202001026284066",
        "CY17002001280000001200527600",
        "CZ6508000000192000145399",
        "DE89370400440532013000",
        "DK5000400440116243",
        "DO28BAGR00000001212453611324",
        "EE382200221020145685",
        "EG380019000500000000263180002",
        "ES9121000418450200051332",
        "FI2112345600000785",
        "FO6264600001631634",
        "FR1420041010050500013M02606",
        "GB29NWBK60161331926819",
        "GB82WEST12345698765432",
        "GE29NB0000000101904917",
        "GI75NWBK000000007099453",
        "GL8964710001000206",
        "GR1601101250000000012300695",
        "GT82TRAJ01020000001210029690",
        "HR1210010051863000160",
        "HU42117730161111101800000000",
        "IE29AIBK93115212345678",
        "IL620108000000099999999",
        "IQ98NBIQ850123456789012",
        "IS140159260076545510730339",
        "IT60X0542811101000000123456",
        "JO94CBJO0010000000000131000302",
        "KW81CBKU0000000000001234560101",
        "KZ86125KZT5004100100",
        "LB62099900000001001901229114",
        "LC55HEMM000100010012001200023015",
        "LI21088100002324013AA",
        "LT121000011101001000",
        "LU280019400644750000",
        "LV80BANK0000435195001",
        "MC5811222000010123456789030",
        "MD24AG000225100013104168",
        "ME25505000012345678951",
        "MK07250120000058984",
        "MR1300020001010000123456753",
        "MT84MALT011000012345MTLCAST001S",
        "MU17BOMM0101101030300200000MUR",
        "NL91ABNA0417164300",
        "NO9386011117947",
        "PK36SCBL0000001123456702",
        "PL61109010140000071219812874",
        "PS92PALS000000000400123456702",
        "PT50000201231234567890154",
        "QA58DOHB00001234567890ABCDEFG",
        "RO49AAAA1B31007593840000",
        "RS35260005601001611379",
        "SA0380000000608010167519",
        "SC18SSCB11010000000000001497USD",
        "SE4550000000058398257466",
        "SI56263300012039086",
        "SK3112000000198742637541",
        "SM86U0322509800000000270100",
        "ST68000100010051845310112",
        "SV62CENR00000000000000700025",
        "TL380080012345678910157",
        "TN5910006035183598478831",
        "TR330006100519786457841326",
        "UA213223130000026007233566001",
        "VA59001123000012345678",
        "VG96VPVG0000012345678901",
        "XK051212012345678906",
    ];

    #[test]
    fn registry_examples_are_valid() {
        for example in REGISTRY_EXAMPLES {
            assert_eq!(iban(example).as_deref(), Ok(*example), "{example}");
        }
    }

    #[test]
    fn registry_table_is_consistent() {
        assert_eq!(REGISTRY.len(), 89);
        for country in REGISTRY {
            let parts = bban_parts(country.bban).unwrap_or_default();
            assert!(!parts.is_empty(), "{}", country.code);
            let bban_len: usize = parts.iter().map(|(n, _)| n).sum();
            assert_eq!(4 + bban_len, country.length, "{}", country.code);
            assert!(country.length <= IBAN_MAX_LEN);
        }
        for pair in REGISTRY.windows(2) {
            assert!(pair[0].code < pair[1].code, "sorted, no duplicates");
        }
    }

    #[test]
    fn accepts_spaces_and_lower_case() {
        assert_eq!(
            iban("fr14 2004 1010 0505 0001 3m02 606").as_deref(),
            Ok("FR1420041010050500013M02606")
        );
        assert_eq!(
            iban("  GB82 WEST 1234 5698 7654 32\n").as_deref(),
            Ok("GB82WEST12345698765432")
        );
    }

    fn rule(r: Result<String, Invalid>) -> &'static str {
        r.err().map(|e| e.rule).unwrap_or("ok")
    }

    #[test]
    fn rejects_bad_checksums() {
        assert_eq!(rule(iban("GB82WEST12345698765431")), "iban.checksum");
        assert_eq!(rule(iban("DE89370400440532013001")), "iban.checksum");
        // Two adjacent digits swapped.
        assert_eq!(rule(iban("FR1420041010050500013M02660")), "iban.checksum");
        assert_eq!(rule(iban("NL19ABNA0417164300")), "iban.checksum");
        // 99 is congruent to 02 modulo 97 but never a valid check.
        assert_eq!(rule(iban("GB00WEST12345698765432")), "iban.checksum");
        assert_eq!(rule(iban("GB99WEST12345698765432")), "iban.checksum");
    }

    #[test]
    fn rejects_wrong_lengths_countries_and_formats() {
        assert_eq!(rule(iban("GB82WEST1234569876543")), "iban.length");
        assert_eq!(rule(iban("BE685390075470344")), "iban.length");
        assert_eq!(rule(iban("")), "iban.length");
        assert_eq!(rule(iban("XX82WEST12345698765432")), "iban.country");
        assert_eq!(rule(iban("US64SVBKUS6S3300958879")), "iban.country");
        assert_eq!(rule(iban("1282WEST12345698765432")), "iban.country");
        assert_eq!(rule(iban("GBXXWEST12345698765432")), "iban.format");
        // GB sort code and account must be digits.
        assert_eq!(rule(iban("GB82WESTA2345698765432")), "iban.format");
        assert_eq!(rule(iban("GB82-WEST-1234")), "iban.charset");
        assert_eq!(rule(iban("GB82WÉST12345698765432")), "iban.charset");
        let e = iban("FR14200410100505").err().map(|e| e.detail);
        assert_eq!(
            e.as_deref(),
            Some("An IBAN from FR has 27 characters; this one has 16.")
        );
    }

    #[test]
    fn display_groups_by_four() {
        assert_eq!(
            iban_display("FR1420041010050500013M02606"),
            "FR14 2004 1010 0505 0001 3M02 606"
        );
        assert_eq!(iban_display("BE68539007547034"), "BE68 5390 0754 7034");
        assert_eq!(iban_display("BE68 5390 0754 7034"), "BE68 5390 0754 7034");
        assert_eq!(iban_display(""), "");
        assert_eq!(iban_display("é😀"), "é😀");
    }

    #[test]
    fn bic_examples() {
        assert_eq!(bic("DEUTDEFF").as_deref(), Ok("DEUTDEFF"));
        assert_eq!(bic("deutdeff500").as_deref(), Ok("DEUTDEFF500"));
        assert_eq!(bic("BNPA FR PP XXX").as_deref(), Ok("BNPAFRPPXXX"));
        assert_eq!(bic("UBSWCHZH80A").as_deref(), Ok("UBSWCHZH80A"));
        assert_eq!(rule(bic("DEUTDEF")), "bic.length");
        assert_eq!(rule(bic("DEUTDEFF5")), "bic.length");
        assert_eq!(rule(bic("DEU1DEFF")), "bic.format");
        assert_eq!(rule(bic("DEUTD3FF")), "bic.format");
        assert_eq!(rule(bic("DEUTDEF-")), "bic.format");
        assert_eq!(rule(bic("DEUTDEFFé01")), "bic.format");
    }
}
