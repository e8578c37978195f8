//! E-mail address syntax.
//!
//! Standard: the addr-spec of RFC 5322 section 3.4.1, restricted to what mail
//! systems accept in practice:
//! - local part: a dot-atom (atoms of RFC 5322 atext, i.e. ASCII letters,
//!   digits and the symbols listed in `is_atext`, joined by single dots), or
//!   a quoted string of printable ASCII with `\` escapes; at most 64 octets
//!   (RFC 5321 4.5.3.1.1); no comments, no folding white space;
//! - domain: a host name of at least two labels, each 1..=63 characters of
//!   letters, digits and hyphens, not starting or ending with a hyphen (RFC
//!   1035, RFC 5890 for internationalised names, whose Unicode letters are
//!   accepted as typed); the top-level label not all digits; no domain
//!   literals such as `[192.0.2.1]`;
//! - the whole address at most 254 octets (RFC 5321 limit on a path, less the
//!   angle brackets), counted in UTF-8.
//!
//! Invariants: the result is the trimmed input with its domain lower-cased
//! (the local part keeps its case: RFC 5321 lets the receiving host decide);
//! it contains exactly one unquoted `@`; never panics.

use super::{Invalid, MAX_INPUT_BYTES};

const MAX_ADDRESS: usize = 254;
const MAX_LOCAL: usize = 64;
const MAX_DOMAIN: usize = 253;
const MAX_LABEL: usize = 63;

fn is_atext(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~-".contains(c)
}

/// Validates an e-mail address; returns it trimmed, with the domain in lower case.
pub fn email(input: &str) -> Result<String, Invalid> {
    if input.len() > MAX_INPUT_BYTES {
        return Err(too_long());
    }
    let address = input.trim();
    if address.is_empty() {
        return Err(Invalid::new("email.empty", "The e-mail address is empty."));
    }
    if address.len() > MAX_ADDRESS {
        return Err(too_long());
    }
    let Some((local, domain)) = address.rsplit_once('@') else {
        return Err(Invalid::new(
            "email.at",
            "An e-mail address has an @ between the name and the domain, e.g. anna@example.com.",
        ));
    };
    check_local(local)?;
    let domain = check_domain(domain)?;
    Ok(format!("{local}@{domain}"))
}

fn too_long() -> Invalid {
    Invalid::new(
        "email.length",
        format!("An e-mail address has at most {MAX_ADDRESS} characters; this one is longer."),
    )
}

fn check_local(local: &str) -> Result<(), Invalid> {
    if local.is_empty() {
        return Err(Invalid::new(
            "email.local",
            "Nothing comes before the @ of this e-mail address.",
        ));
    }
    if local.len() > MAX_LOCAL {
        return Err(Invalid::new(
            "email.local",
            format!("The part before the @ has at most {MAX_LOCAL} characters."),
        ));
    }
    if let Some(inner) = local.strip_prefix('"') {
        return check_quoted(inner);
    }
    if local.contains('@') {
        return Err(Invalid::new(
            "email.at",
            "An e-mail address has a single @.",
        ));
    }
    if local.starts_with('.') || local.ends_with('.') {
        return Err(Invalid::new(
            "email.local",
            "The part before the @ cannot start or end with a dot.",
        ));
    }
    if local.contains("..") {
        return Err(Invalid::new(
            "email.local",
            "The part before the @ cannot hold two dots in a row.",
        ));
    }
    if let Some(bad) = local.chars().find(|&c| c != '.' && !is_atext(c)) {
        let shown = if bad.is_whitespace() {
            "a space".to_string()
        } else if bad.is_control() {
            "a control character".to_string()
        } else {
            format!("'{bad}'")
        };
        return Err(Invalid::new(
            "email.local",
            format!("The part before the @ cannot hold {shown} unless it is in double quotes."),
        ));
    }
    Ok(())
}

/// Checks the rest of a quoted local part, after its opening quote.
fn check_quoted(rest: &str) -> Result<(), Invalid> {
    let err = || {
        Invalid::new(
            "email.local",
            "A quoted name before the @ holds printable ASCII characters between double quotes, with \\ before any \" or \\ inside.",
        )
    };
    let mut chars = rest.chars();
    loop {
        match chars.next() {
            None => return Err(err()),
            Some('"') => break,
            Some('\\') => match chars.next() {
                Some(c) if (' '..='~').contains(&c) || c == '\t' => {}
                _ => return Err(err()),
            },
            Some(c) if (' '..='~').contains(&c) => {}
            Some(_) => return Err(err()),
        }
    }
    if chars.next().is_some() {
        return Err(err());
    }
    Ok(())
}

/// Checks a domain and returns it in lower case.
fn check_domain(domain: &str) -> Result<String, Invalid> {
    let bad = |detail: &str| Invalid::new("email.domain", detail.to_string());
    if domain.is_empty() {
        return Err(bad("Nothing comes after the @ of this e-mail address."));
    }
    if domain.len() > MAX_DOMAIN {
        return Err(bad("The domain after the @ has at most 253 characters."));
    }
    if domain.starts_with('[') {
        return Err(bad(
            "Addresses at a bare IP address are not accepted; use a domain name.",
        ));
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return Err(bad(
            "The domain after the @ needs a dot and an ending such as .com or .fr.",
        ));
    }
    for label in &labels {
        if label.is_empty() {
            return Err(bad(
                "The domain after the @ cannot start or end with a dot or hold two dots in a row.",
            ));
        }
        if label.chars().count() > MAX_LABEL {
            return Err(bad(
                "Each dot-separated part of the domain has at most 63 characters.",
            ));
        }
        if !label.chars().all(|c| c.is_alphanumeric() || c == '-') {
            return Err(bad(
                "The domain after the @ holds only letters, digits, hyphens and dots.",
            ));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(bad(
                "A part of the domain cannot start or end with a hyphen.",
            ));
        }
    }
    if labels
        .last()
        .is_some_and(|tld| tld.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(bad(
            "The domain's ending (after the last dot) cannot be all digits.",
        ));
    }
    Ok(domain.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule<T>(r: Result<T, Invalid>) -> &'static str {
        r.err().map(|e| e.rule).unwrap_or("ok")
    }

    #[test]
    fn valid_addresses() {
        let ok = |s: &str| email(s).unwrap_or_else(|e| format!("ERR {e}"));
        assert_eq!(ok("anna@example.com"), "anna@example.com");
        assert_eq!(
            ok("  Anna.Martin@Example.COM \n"),
            "Anna.Martin@example.com"
        );
        assert_eq!(ok("a+tag@sub.example.co.uk"), "a+tag@sub.example.co.uk");
        assert_eq!(ok("o'brien@example.ie"), "o'brien@example.ie");
        assert_eq!(
            ok("x!#$%&'*+/=?^_`{|}~-@example.org"),
            "x!#$%&'*+/=?^_`{|}~-@example.org"
        );
        assert_eq!(ok("\"john doe\"@example.com"), "\"john doe\"@example.com");
        assert_eq!(ok("\"a@b\"@example.com"), "\"a@b\"@example.com");
        assert_eq!(
            ok("\"quote\\\"d\"@example.com"),
            "\"quote\\\"d\"@example.com"
        );
        assert_eq!(
            ok("user@xn--bcher-kva.example"),
            "user@xn--bcher-kva.example"
        );
        assert_eq!(ok("user@Bücher.Example"), "user@bücher.example");
        assert_eq!(ok("user@例え.テスト"), "user@例え.テスト");
        assert_eq!(ok("a@b.c1"), "a@b.c1");
        assert_eq!(ok("a@1.2.com"), "a@1.2.com");
        let local = "l".repeat(64);
        let long = format!(
            "{local}@{}.{}.{}.com",
            "a".repeat(61),
            "b".repeat(61),
            "c".repeat(61)
        );
        assert_eq!(long.len(), 254);
        assert_eq!(ok(&long), long);
        assert_eq!(rule(email(&format!("x{long}"))), "email.length");
    }

    #[test]
    fn invalid_addresses() {
        assert_eq!(rule(email("anna.example.com")), "email.at");
        assert_eq!(rule(email("anna@b@example.com")), "email.at");
        assert_eq!(rule(email(".anna@example.com")), "email.local");
        assert_eq!(rule(email("anna.@example.com")), "email.local");
        assert_eq!(rule(email("an..na@example.com")), "email.local");
        assert_eq!(rule(email("an na@example.com")), "email.local");
        assert_eq!(rule(email("anna@exa mple.com")), "email.domain");
        assert_eq!(rule(email("anna@example")), "email.domain");
        assert_eq!(rule(email("anna@example.")), "email.domain");
        assert_eq!(rule(email("anna@.example.com")), "email.domain");
        assert_eq!(rule(email("anna@example..com")), "email.domain");
        assert_eq!(rule(email("anna@-example.com")), "email.domain");
        assert_eq!(rule(email("anna@example-.com")), "email.domain");
        assert_eq!(rule(email("anna@example.123")), "email.domain");
        assert_eq!(rule(email("anna@[192.0.2.1]")), "email.domain");
        assert_eq!(rule(email("anna@exam_ple.com")), "email.domain");
        assert_eq!(rule(email("anna@😀.com")), "email.domain");
        assert_eq!(rule(email("@example.com")), "email.local");
        assert_eq!(rule(email("anna@")), "email.domain");
        assert_eq!(rule(email("")), "email.empty");
        assert_eq!(rule(email("  ")), "email.empty");
        assert_eq!(rule(email("\"unclosed@example.com")), "email.local");
        assert_eq!(rule(email("\"a\"b@example.com")), "email.local");
        assert_eq!(rule(email("ànna@example.com")), "email.local");
        assert_eq!(rule(email("an\u{7}na@example.com")), "email.local");
        assert_eq!(
            rule(email(&format!("{}@example.com", "l".repeat(65)))),
            "email.local"
        );
        let label = "a".repeat(64);
        assert_eq!(rule(email(&format!("anna@{label}.com"))), "email.domain");
        let addr300 = format!("{}@{}.com", "a".repeat(60), "b.".repeat(120));
        assert!(addr300.len() >= 300);
        assert_eq!(rule(email(&addr300)), "email.length");
    }
}
