//! Offline postal code → city table for the countries the shop serves (BE, CH,
//! DE, FR, LU, NL), with a latitude/longitude where the source has one.
//!
//! The table is `assets/postal/postal-codes.tsv`, built by
//! `scripts/gen-postal-codes.sh` from pinned open-data packages (sources, licences
//! and row counts in `assets/postal/SOURCES.md`). It is embedded as text and never
//! parsed as a whole: one line per (country, postal code, city),
//!
//! ```text
//! CC<TAB>CODE<TAB>City[<TAB>lat<TAB>lon]
//! ```
//!
//! sorted by (country, code, city) in byte order, so [`lookup`] binary-searches the
//! raw bytes: it jumps to a line start near the middle, compares that line's key,
//! and halves the range. Nothing happens at start-up; a lookup allocates only the
//! normalised code and the returned `Vec`.
//!
//! Every function is pure and total: any input (empty, 10,000 characters, emoji,
//! control characters) gives an answer, never a panic.
//!
//! The Netherlands are covered by 4-digit area (PC4): "1012 AB" is looked up as
//! "1012". Positions are only present for Germany (the centre of the postal-code
//! area); other countries' sources have none.

/// The embedded table (see the module documentation for its format).
const TABLE: &str = include_str!("../../assets/postal/postal-codes.tsv");

/// The countries the table covers, sorted; [`countries`] returns this.
const COUNTRIES: &[&str] = &["BE", "CH", "DE", "FR", "LU", "NL"];

/// Longer input than this (in bytes, before normalisation) cannot be a postal code
/// of a covered country, even with a prefix and spaces: rejected before any work.
const MAX_INPUT_BYTES: usize = 32;

/// One place of the table: a city served by a postal code.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Place {
    /// ISO 3166-1 alpha-2, upper case ("FR").
    pub country: &'static str,
    /// As in the table: FR/DE 5 digits, BE/CH/LU 4 digits, NL the 4-digit PC4.
    pub postal_code: &'static str,
    /// Proper case with accents ("Saint-Étienne", "Zürich").
    pub city: &'static str,
    /// (latitude, longitude) in WGS84 degrees, where the source has one.
    pub position: Option<(f64, f64)>,
}

/// All places for a postal code in a country (ISO alpha-2, case-insensitive), in
/// table order (by city). The code is normalised first: trimmed, upper-cased,
/// spaces removed, a country prefix dropped ("L-1234", "B-1000", "D-10115",
/// "CH-8001", "F-75001", "NL-1012"), and a full Dutch postcode cut to its PC4
/// ("1012 AB" → "1012"). Unknown country or code → empty.
#[must_use]
pub fn lookup(country: &str, postal_code: &str) -> Vec<Place> {
    let Some(cc) = known_country(country) else {
        return Vec::new();
    };
    let Some(code) = normalise(cc, postal_code) else {
        return Vec::new();
    };
    let code = table_code(cc, &code);
    let start = lower_bound(|line| {
        let (line_cc, line_code) = key(line);
        (line_cc, line_code) < (cc, code)
    });
    lines_from(start)
        .map_while(|line| parse(line).filter(|p| p.country == cc && p.postal_code == code))
        .collect()
}

/// The countries the table covers: `["BE", "CH", "DE", "FR", "LU", "NL"]`.
#[must_use]
pub fn countries() -> &'static [&'static str] {
    COUNTRIES
}

/// Every place of one country (ISO alpha-2, case-insensitive), in table order
/// (by postal code, then city). Unknown country → empty.
pub fn places(country: &str) -> impl Iterator<Item = Place> {
    let (cc, start) = match known_country(country) {
        Some(cc) => (cc, lower_bound(|line| key(line).0 < cc)),
        None => ("", TABLE.len()),
    };
    lines_from(start).map_while(move |line| parse(line).filter(|p| p.country == cc))
}

/// Whether `postal_code` has the right shape for `country` once normalised as in
/// [`lookup`]: FR and DE 5 digits, BE, CH and LU 4 digits, NL 4 digits and
/// optionally 2 letters. A country the table does not cover → `true` (no rule to
/// check against).
#[must_use]
pub fn plausible(country: &str, postal_code: &str) -> bool {
    let Some(cc) = known_country(country) else {
        return true;
    };
    let Some(code) = normalise(cc, postal_code) else {
        return false;
    };
    let bytes = code.as_bytes();
    let digits = |n: usize| bytes.len() == n && bytes.iter().all(u8::is_ascii_digit);
    match cc {
        "FR" | "DE" => digits(5),
        "BE" | "CH" | "LU" => digits(4),
        "NL" => digits(4) || is_dutch_full(&code),
        _ => true,
    }
}

/// The covered country `country` names (trimmed, any case), as a `'static` str.
fn known_country(country: &str) -> Option<&'static str> {
    let c = country.trim();
    if c.len() != 2 {
        return None;
    }
    COUNTRIES
        .iter()
        .copied()
        .find(|known| known.eq_ignore_ascii_case(c))
}

/// Prefixes people put before a postal code, per country, longest first.
fn prefixes(cc: &str) -> &'static [&'static str] {
    match cc {
        "BE" => &["BE", "B"],
        "CH" => &["CH"],
        "DE" => &["DE", "D"],
        "FR" => &["FR", "F"],
        "LU" => &["LU", "L"],
        "NL" => &["NL"],
        _ => &[],
    }
}

/// Trims, removes every white space, upper-cases ASCII letters and drops a
/// country prefix followed by '-' or a digit. `None` for input too long to be a
/// postal code or nothing left.
fn normalise(cc: &str, raw: &str) -> Option<String> {
    if raw.len() > MAX_INPUT_BYTES {
        return None;
    }
    let compact: String = raw
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let mut code = compact.as_str();
    for prefix in prefixes(cc) {
        if let Some(rest) = code.strip_prefix(prefix) {
            if let Some(after_dash) = rest.strip_prefix('-') {
                code = after_dash;
                break;
            }
            if rest.starts_with(|c: char| c.is_ascii_digit()) {
                code = rest;
                break;
            }
        }
    }
    (!code.is_empty()).then(|| code.to_owned())
}

/// "1012AB": 4 digits then 2 ASCII upper-case letters.
fn is_dutch_full(code: &str) -> bool {
    let b = code.as_bytes();
    b.len() == 6
        && b.iter().take(4).all(u8::is_ascii_digit)
        && b.iter().skip(4).all(u8::is_ascii_uppercase)
}

/// The code as the table holds it: the PC4 of a full Dutch postcode, else as is.
fn table_code<'a>(cc: &str, code: &'a str) -> &'a str {
    if cc == "NL" && is_dutch_full(code) {
        code.get(..4).unwrap_or(code)
    } else {
        code
    }
}

/// (country, postal code) of a table line: its first two tab-separated fields.
fn key(line: &str) -> (&str, &str) {
    let mut fields = line.splitn(3, '\t');
    let cc = fields.next().unwrap_or("");
    let code = fields.next().unwrap_or("");
    (cc, code)
}

/// A table line as a [`Place`]; `None` if it lacks a field.
fn parse(line: &'static str) -> Option<Place> {
    let mut fields = line.trim_end_matches('\r').split('\t');
    let country = fields.next()?;
    let postal_code = fields.next()?;
    let city = fields.next()?;
    let coordinate = |f: Option<&str>| {
        f.and_then(|v| v.parse::<f64>().ok())
            .filter(|v| v.is_finite())
    };
    let position = match (coordinate(fields.next()), coordinate(fields.next())) {
        (Some(lat), Some(lon)) => Some((lat, lon)),
        _ => None,
    };
    Some(Place {
        country,
        postal_code,
        city,
        position,
    })
}

/// The table's lines from byte offset `start` (a line start) on.
fn lines_from(start: usize) -> std::str::Lines<'static> {
    TABLE.get(start..).unwrap_or("").lines()
}

/// Byte offset of the first line for which `is_before` is false (the table's
/// length if none), given that `is_before` is true for a prefix of the lines and
/// false after it, which the table's sort order guarantees for key comparisons.
///
/// Binary search over bytes: `lo` and `hi` are always line starts (or the end);
/// each step takes the line around the midpoint and moves `lo` past it or `hi` to
/// its start, so the range shrinks every time.
fn lower_bound(mut is_before: impl FnMut(&'static str) -> bool) -> usize {
    let bytes = TABLE.as_bytes();
    let (mut lo, mut hi) = (0, bytes.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        // Start of the line holding `mid`: just after the last '\n' in lo..mid.
        let start = bytes
            .get(lo..mid)
            .and_then(|s| s.iter().rposition(|&b| b == b'\n'))
            .map_or(lo, |p| lo + p + 1);
        // End of that line: its '\n', or the end of the table.
        let end = bytes
            .get(start..)
            .and_then(|s| s.iter().position(|&b| b == b'\n'))
            .map_or(bytes.len(), |p| start + p);
        let line = TABLE.get(start..end).unwrap_or("");
        if is_before(line) {
            lo = end.saturating_add(1).min(bytes.len());
        } else {
            hi = start;
        }
    }
    lo
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Ordering;

    /// Orders two table lines as the generator sorted them: by (country, code,
    /// city), then by the rest, comparing bytes field by field.
    fn line_order(a: &str, b: &str) -> Ordering {
        a.split('\t').cmp(b.split('\t'))
    }

    fn cities(country: &str, code: &str) -> Vec<&'static str> {
        lookup(country, code).iter().map(|p| p.city).collect()
    }

    #[test]
    fn paris_75001_is_paris() {
        let found = lookup("FR", "75001");
        assert_eq!(
            found,
            vec![Place {
                country: "FR",
                postal_code: "75001",
                city: "Paris",
                position: None,
            }]
        );
        // Arrondissements of Lyon and Marseille are named after the commune too.
        assert_eq!(cities("FR", "69001"), ["Lyon"]);
        assert_eq!(cities("FR", "13001"), ["Marseille"]);
        assert_eq!(cities("FR", "75116"), ["Paris"]);
    }

    #[test]
    fn shared_code_returns_every_commune_in_table_order() {
        assert_eq!(cities("FR", "33830"), ["Belin-Béliet", "Lugos"]);
        let ain = cities("FR", "01400");
        assert_eq!(ain.len(), 10, "{ain:?}");
        assert!(ain.contains(&"Châtillon-sur-Chalaronne"));
        assert!(ain.contains(&"L'Abergement-Clémenciat"));
        let mut sorted = ain.clone();
        sorted.sort_unstable();
        assert_eq!(ain, sorted, "table order is by city");
        assert!(lookup("FR", "01400")
            .iter()
            .all(|p| p.postal_code == "01400"));
    }

    #[test]
    fn accents_are_preserved() {
        assert_eq!(cities("FR", "42000"), ["Saint-Étienne"]);
        assert_eq!(cities("CH", "8001"), ["Zürich"]);
        assert_eq!(cities("BE", "4000"), ["Liège"]);
        assert_eq!(cities("DE", "80331"), ["München"]);
    }

    #[test]
    fn country_is_case_insensitive_and_trimmed() {
        let expected = lookup("FR", "42000");
        assert!(!expected.is_empty());
        for country in ["fr", "Fr", "fR", " FR ", "\tfr\n"] {
            assert_eq!(lookup(country, "42000"), expected, "{country:?}");
        }
        assert_eq!(lookup("ch", "8001"), lookup("CH", "8001"));
    }

    #[test]
    fn prefixed_and_spaced_codes_are_normalised() {
        assert_eq!(cities("LU", "L-1111"), ["Luxembourg"]);
        assert_eq!(cities("LU", "l-1111"), ["Luxembourg"]);
        assert_eq!(cities("LU", "L1111"), ["Luxembourg"]);
        assert_eq!(cities("LU", " 1111 "), ["Luxembourg"]);
        assert!(cities("BE", "B-1000").contains(&"Bruxelles"));
        assert!(cities("BE", "b-1000").contains(&"Bruxelles"));
        assert_eq!(cities("DE", "D-10115"), ["Berlin"]);
        assert_eq!(cities("DE", "DE-10115"), ["Berlin"]);
        assert_eq!(cities("CH", "CH-8001"), ["Zürich"]);
        assert_eq!(cities("CH", "ch 8001"), ["Zürich"]);
        assert_eq!(cities("FR", "F-75001"), ["Paris"]);
        assert_eq!(cities("FR", "75 001"), ["Paris"]);
        assert_eq!(cities("NL", "1012 AB"), ["Amsterdam"]);
        assert_eq!(cities("NL", "1012ab"), ["Amsterdam"]);
        assert_eq!(cities("NL", "NL-1012 AB"), ["Amsterdam"]);
        assert_eq!(cities("NL", "1012"), ["Amsterdam"]);
        // The PC4 is kept as the table has it, not as typed.
        assert!(lookup("NL", "1012 AB")
            .iter()
            .all(|p| p.postal_code == "1012"));
        // A prefix of another country is not stripped.
        assert!(lookup("FR", "D-10115").is_empty());
        assert!(lookup("CH", "L-1111").is_empty());
    }

    #[test]
    fn unknown_code_or_country_gives_nothing() {
        assert!(lookup("FR", "00000").is_empty());
        assert!(lookup("FR", "99999").is_empty());
        assert!(lookup("DE", "00000").is_empty());
        assert!(lookup("BE", "0999").is_empty());
        assert!(lookup("NL", "1012A").is_empty());
        assert!(lookup("NL", "10123").is_empty());
        assert!(lookup("FR", "7500").is_empty(), "no prefix matching");
        assert!(lookup("FR", "750011").is_empty());
        assert!(lookup("XX", "75001").is_empty());
        assert!(lookup("US", "10001").is_empty());
        assert!(lookup("", "75001").is_empty());
        assert!(lookup("FRA", "75001").is_empty());
        assert_eq!(places("XX").count(), 0);
        assert_eq!(places("").count(), 0);
    }

    #[test]
    fn hostile_input_gives_nothing_and_never_panics() {
        let long = "7".repeat(10_000);
        let long_mixed = "🦀 L-1".repeat(2_000);
        let inputs = [
            "",
            " ",
            "\0",
            "-",
            "L-",
            "NL-",
            "🦀",
            "75001🦀",
            "\u{202e}75001",
            "75\u{0}001",
            "٧٥٠٠١",      // Arabic-Indic digits
            "７５００１", // full-width digits
            long.as_str(),
            long_mixed.as_str(),
        ];
        let countries = [
            "FR",
            "BE",
            "CH",
            "DE",
            "LU",
            "NL",
            "",
            "🦀",
            "F\u{0}",
            long.as_str(),
        ];
        for country in countries {
            for code in inputs {
                assert!(lookup(country, code).is_empty(), "{country:?} {code:?}");
                let _ = plausible(country, code);
            }
            let _ = places(country).count();
        }
    }

    #[test]
    fn each_covered_country_resolves_a_known_code() {
        assert!(cities("BE", "1000").contains(&"Bruxelles"));
        assert!(cities("BE", "1000").contains(&"Brussel"));
        assert_eq!(cities("BE", "9000"), ["Gent"]);
        assert_eq!(cities("BE", "7000"), ["Mons"]);
        assert_eq!(cities("CH", "8001"), ["Zürich"]);
        assert_eq!(cities("CH", "3011"), ["Bern"]);
        assert_eq!(cities("DE", "10115"), ["Berlin"]);
        assert_eq!(cities("FR", "75001"), ["Paris"]);
        assert_eq!(cities("LU", "1111"), ["Luxembourg"]);
        assert_eq!(cities("NL", "1012"), ["Amsterdam"]);
        for cc in countries() {
            assert!(places(cc).count() > 1_000, "{cc}");
        }
    }

    #[test]
    fn german_places_have_a_position_others_none() {
        let berlin = lookup("DE", "10115");
        let (lat, lon) = berlin
            .first()
            .and_then(|p| p.position)
            .expect("Berlin 10115 has a position");
        assert!(
            (lat - 52.53).abs() < 0.05 && (lon - 13.38).abs() < 0.05,
            "{lat} {lon}"
        );
        for p in places("DE") {
            if let Some((lat, lon)) = p.position {
                assert!(
                    (47.0..=55.2).contains(&lat) && (5.8..=15.1).contains(&lon),
                    "{p:?}"
                );
            }
        }
        assert!(places("FR").all(|p| p.position.is_none()));
    }

    #[test]
    fn places_lists_one_country_in_table_order() {
        let be: Vec<Place> = places("be").collect();
        assert!(be.iter().all(|p| p.country == "BE"));
        let lines = TABLE.lines().filter(|l| l.starts_with("BE\t")).count();
        assert_eq!(be.len(), lines);
        assert!(be
            .windows(2)
            .all(|w| { (w[0].postal_code, w[0].city) < (w[1].postal_code, w[1].city) }));
        let total: usize = countries().iter().map(|cc| places(cc).count()).sum();
        assert_eq!(
            total,
            TABLE.lines().count(),
            "countries() covers the whole table"
        );
        assert_eq!(places(" nl ").next().map(|p| p.country), Some("NL"));
    }

    #[test]
    fn countries_are_those_of_the_table() {
        let mut in_table: Vec<&str> = TABLE.lines().map(|l| key(l).0).collect();
        in_table.dedup();
        assert_eq!(in_table, countries());
    }

    #[test]
    fn plausible_checks_the_shape_per_country() {
        assert!(plausible("FR", "75001"));
        assert!(plausible("fr", "F-75001"));
        assert!(!plausible("FR", "7500"));
        assert!(!plausible("FR", "750011"));
        assert!(!plausible("FR", "75A01"));
        assert!(!plausible("FR", ""));
        assert!(plausible("DE", "10115"));
        assert!(plausible("DE", "D-01067"));
        assert!(!plausible("DE", "1011"));
        for cc in ["BE", "CH", "LU"] {
            assert!(plausible(cc, "1000"), "{cc}");
            assert!(!plausible(cc, "100"), "{cc}");
            assert!(!plausible(cc, "10000"), "{cc}");
        }
        assert!(plausible("LU", "L-1111"));
        assert!(plausible("BE", "B-1000"));
        assert!(plausible("CH", "CH-8001"));
        assert!(plausible("NL", "1012"));
        assert!(plausible("NL", "1012 AB"));
        assert!(plausible("NL", "1012ab"));
        assert!(!plausible("NL", "1012A"));
        assert!(!plausible("NL", "1012ABC"));
        assert!(!plausible("NL", "AB1012"));
        // Countries without a rule here accept anything.
        assert!(plausible("US", "12345-6789"));
        assert!(plausible("GB", "SW1A 1AA"));
        assert!(plausible("", ""));
        assert!(!plausible("FR", &"7".repeat(10_000)));
    }

    #[test]
    fn embedded_table_is_sorted_unique_and_well_formed() {
        assert!(TABLE.ends_with('\n'));
        assert!(!TABLE.contains('\r'));
        let mut previous: Option<&str> = None;
        for line in TABLE.lines() {
            let fields: Vec<&str> = line.split('\t').collect();
            assert!(fields.len() == 3 || fields.len() == 5, "{line:?}");
            assert!(line.bytes().all(|b| b >= 0x20 || b == b'\t'), "{line:?}");
            let place = parse(line).expect("every line parses");
            assert!(countries().contains(&place.country), "{line:?}");
            assert!(plausible(place.country, place.postal_code), "{line:?}");
            assert!(
                !place.city.is_empty() && place.city.trim() == place.city,
                "{line:?}"
            );
            assert_eq!(fields.len() == 5, place.position.is_some(), "{line:?}");
            if let Some(prev) = previous {
                assert_eq!(
                    line_order(prev, line),
                    Ordering::Less,
                    "{prev:?} !< {line:?}"
                );
                // (country, code) keys never go down: what binary search relies on.
                assert!(key(prev) <= key(line), "{prev:?} / {line:?}");
                // Byte order of the raw lines agrees with the field order.
                assert!(prev.as_bytes() < line.as_bytes(), "{prev:?} / {line:?}");
            }
            previous = Some(line);
        }
    }

    #[test]
    fn binary_search_agrees_with_a_linear_scan_for_every_key() {
        let lines: Vec<&'static str> = TABLE.lines().collect();
        let mut i = 0;
        while let Some(&first) = lines.get(i) {
            let (cc, code) = key(first);
            let same = lines
                .iter()
                .skip(i)
                .take_while(|l| key(l) == (cc, code))
                .count();
            let expected: Vec<Place> = lines
                .iter()
                .skip(i)
                .take(same)
                .filter_map(|l| parse(l))
                .collect();
            assert_eq!(lookup(cc, code), expected, "{cc} {code}");
            i += same;
        }
    }

    /// Not an assertion: prints the cost of one lookup for the record
    /// (`cargo test --lib domain::postal -- --nocapture`).
    #[test]
    fn lookup_timing() {
        use std::hint::black_box;
        use std::time::Instant;
        let queries = [
            ("FR", "75001"),
            ("FR", "01400"),
            ("FR", "97400"),
            ("DE", "10115"),
            ("DE", "80331"),
            ("BE", "1000"),
            ("CH", "8001"),
            ("LU", "L-1111"),
            ("NL", "1012 AB"),
            ("FR", "00000"),
        ];
        let rounds = 5_000;
        let started = Instant::now();
        let mut found = 0usize;
        for _ in 0..rounds {
            for (cc, code) in queries {
                found += lookup(black_box(cc), black_box(code)).len();
            }
        }
        let elapsed = started.elapsed();
        let n = rounds * queries.len();
        eprintln!(
            "postal::lookup: {} ns per lookup ({n} lookups, {found} places)",
            elapsed.as_nanos() / n as u128
        );
    }
}
