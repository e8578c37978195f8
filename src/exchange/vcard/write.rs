//! Customers as vCard 4.0 (RFC 6350): one card per customer, CRLF line ends, lines folded
//! at 75 octets on character boundaries, text escaped (`\\`, `\,`, `\;`, `\n`).
//!
//! Carried: kind, names and title (N's prefix), company (ORG), e-mail, phones (main one
//! preferred, as `tel:` URIs), address, personal note, group (CATEGORIES), id (UID) and
//! last change (REV). What vCard has no property for (references, consents, SEPA, tax,
//! account) is in the CSV export only. A customer with a secondary phone and no main one
//! comes back from a vCard with it as the main phone (vCard has no "secondary only").

use crate::domain::customer::{Customer, CustomerKind};

/// One customer's card.
pub fn card(c: &Customer) -> String {
    let d = &c.data;
    let mut lines: Vec<String> = vec![
        "BEGIN:VCARD".into(),
        "VERSION:4.0".into(),
        format!("UID:urn:uuid:{}", c.id),
        format!(
            "KIND:{}",
            match d.kind {
                CustomerKind::Person => "individual",
                CustomerKind::Entity => "org",
            }
        ),
        format!("FN:{}", text(&d.display_name())),
    ];
    let o = |v: &Option<String>| v.as_deref().map(text).unwrap_or_default();
    if d.first_name.is_some() || d.last_name.is_some() || d.title.is_some() {
        lines.push(format!(
            "N:{};{};;{};",
            o(&d.last_name),
            o(&d.first_name),
            o(&d.title)
        ));
    }
    if let Some(org) = &d.company_name {
        lines.push(format!("ORG:{}", text(org)));
    }
    if let Some(e) = &d.email {
        lines.push(format!("EMAIL;PREF=1:{}", text(e)));
    }
    if let Some(p) = &d.phone {
        lines.push(format!("TEL;VALUE=uri;PREF=1:tel:{p}"));
    }
    if let Some(p) = &d.phone2 {
        lines.push(format!("TEL;VALUE=uri:tel:{p}"));
    }
    let a = &d.address;
    if a.line1.is_some() || a.postal_code.is_some() || a.city.is_some() || a.country.is_some() {
        lines.push(format!(
            "ADR:;{};{};{};;{};{}",
            o(&a.line2),
            o(&a.line1),
            o(&a.city),
            o(&a.postal_code),
            o(&a.country)
        ));
    }
    if let Some(n) = &d.personal_note {
        lines.push(format!("NOTE:{}", text(n)));
    }
    if let Some(g) = &d.group {
        lines.push(format!("CATEGORIES:{}", text(g)));
    }
    lines.push(format!("REV:{}", c.updated_at.format("%Y%m%dT%H%M%SZ")));
    lines.push("END:VCARD".into());
    let mut out = String::new();
    for l in lines {
        fold(&l, &mut out);
    }
    out
}

/// Escapes a text value.
pub fn text(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded at 75 octets, with CRLF.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_on_char_boundaries() {
        let mut out = String::new();
        fold(&format!("NOTE:{}", "é".repeat(100)), &mut out);
        for l in out.split("\r\n") {
            assert!(l.len() <= 75, "{l}");
        }
        assert_eq!(text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
