//! A parsed vCard to a [`Draft`]: which property feeds which customer field.
//!
//! - N gives last name, first name (with additional names) and title (prefix); FN is used
//!   only when N is empty, and not when it merely repeats ORG.
//! - ORG's first part is the company name; the card is a legal entity when it has no
//!   person name, or says so (`KIND:org`, iOS's `X-ABShowAs:COMPANY`).
//! - EMAIL, TEL and ADR may repeat: the preferred one (`TYPE=pref`, `PREF=1`, 2.1's bare
//!   `PREF`) or else the first is the main one; the second phone is the secondary one;
//!   the others go to the personal note. Fax numbers go to the note. `tel:` URIs lose
//!   their scheme and parameters.
//! - ADR is `pobox;extended;street;locality;region;code;country`; a street on two lines
//!   fills both address lines. The country is free text on a phone: a name comptoir does
//!   not know is left out with a warning (unlike CSV, where it refuses the row).
//! - NOTE is the personal note, CATEGORIES are tags (a category naming a group sets it).
//! - Grouped properties (`item1.TEL`) are read like the others; labels (`X-ABLabel`),
//!   PHOTO, KEY and every other property are skipped.

use super::parse::{components, unescape, Card, Property};
use crate::exchange::country;
use crate::exchange::draft::Draft;
use crate::exchange::field::Field;
use crate::exchange::remark::Remark;

/// The draft of one card.
pub fn draft(card: &Card) -> Draft {
    let mut d = Draft::new();
    for (prop, n) in &card.notes {
        d.warnings.push(crate::exchange::report::Issue::of(
            prop.as_deref(),
            n.clone(),
        ));
    }
    if let Some(v) = &card.version {
        if !matches!(v.as_str(), "2.1" | "3.0" | "4.0") {
            d.warn(
                "VERSION",
                Remark::CardVersion {
                    version: crate::exchange::draft::clip(v),
                },
            );
        }
    }
    let org =
        first(card, "ORG").map(|p| components(&p.value).into_iter().next().unwrap_or_default());
    let mut has_person = false;
    if let Some(n) = first(card, "N") {
        let c = components(&n.value);
        let part = |i: usize| c.get(i).map(|s| s.trim().to_string()).unwrap_or_default();
        let given = [part(1), part(2)]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        has_person = !part(0).is_empty() || !given.is_empty();
        d.set(Field::LastName, "N", &part(0));
        d.set(Field::FirstName, "N", &given);
        d.set(Field::Title, "N", &part(3));
    }
    if !has_person {
        if let Some(fn_) = first(card, "FN") {
            let full = unescape(&fn_.value);
            let same_as_org = org
                .as_deref()
                .is_some_and(|o| o.trim().eq_ignore_ascii_case(full.trim()));
            if !same_as_org {
                d.set(Field::FullName, "FN", &full);
            }
        }
    }
    if let Some(o) = &org {
        d.set(Field::CompanyName, "ORG", o);
    }
    let kind_org = first(card, "KIND").is_some_and(|k| {
        matches!(
            k.value.trim().to_ascii_lowercase().as_str(),
            "org" | "organization"
        )
    }) || first(card, "X-ABSHOWAS")
        .is_some_and(|k| k.value.trim().eq_ignore_ascii_case("COMPANY"));
    if kind_org && org.is_some() {
        d.set(Field::Kind, "KIND", "entity");
    }
    for p in ordered(card, "EMAIL") {
        d.set(Field::Email, "EMAIL", &unescape(&p.value));
    }
    for p in ordered(card, "TEL") {
        let number = tel(&p.value);
        if p.has_type("fax") {
            d.extra_notes.push(format!("Fax: {number}"));
        } else {
            d.set(Field::Phone, "TEL", &number);
        }
    }
    let addresses = ordered(card, "ADR");
    if let Some((main, rest)) = addresses.split_first() {
        address(&mut d, main);
        for a in rest {
            let text: Vec<String> = components(&a.value)
                .into_iter()
                .map(|s| s.replace('\n', ", ").trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
            if !text.is_empty() {
                d.extra_notes
                    .push(format!("Other address: {}", text.join(", ")));
            }
        }
    }
    for p in card.props.iter().filter(|p| p.name == "NOTE") {
        d.set(Field::PersonalNote, "NOTE", &unescape(&p.value));
    }
    for p in card.props.iter().filter(|p| p.name == "CATEGORIES") {
        d.set(Field::Tags, "CATEGORIES", &unescape(&p.value));
    }
    d
}

fn address(d: &mut Draft, p: &Property) {
    let c = components(&p.value);
    let part = |i: usize| c.get(i).map(|s| s.trim().to_string()).unwrap_or_default();
    let street = part(2);
    let mut lines = street.lines().map(str::trim).filter(|l| !l.is_empty());
    let line1 = lines.next().unwrap_or_default().to_string();
    let more: Vec<&str> = lines.collect();
    let line2 = [part(1)]
        .into_iter()
        .chain(more.iter().map(|s| s.to_string()))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let line1 = if line1.is_empty() { part(0) } else { line1 };
    d.set(Field::Line1, "ADR", &line1);
    d.set(Field::Line2, "ADR", &line2);
    d.set(Field::City, "ADR", &part(3));
    d.set(Field::PostalCode, "ADR", &part(5));
    let cc = part(6);
    if !cc.is_empty() {
        match country::code(&cc) {
            Some(code) => d.set(Field::Country, "ADR", &code),
            None => d.warn(
                "ADR",
                Remark::CardCountry {
                    value: crate::exchange::draft::clip(&cc),
                },
            ),
        }
    }
}

fn first<'a>(card: &'a Card, name: &str) -> Option<&'a Property> {
    card.props
        .iter()
        .find(|p| p.name == name && !p.value.trim().is_empty())
}

/// The properties called `name`, preferred ones first, then in file order.
fn ordered<'a>(card: &'a Card, name: &str) -> Vec<&'a Property> {
    let mut v: Vec<&Property> = card
        .props
        .iter()
        .filter(|p| p.name == name && !p.value.trim().is_empty())
        .collect();
    v.sort_by_key(|p| !p.is_pref());
    v
}

/// A phone value: a `tel:` URI loses its scheme and parameters (`;ext=`).
fn tel(v: &str) -> String {
    let v = unescape(v.trim());
    let v = match v.get(..4) {
        Some(s) if s.eq_ignore_ascii_case("tel:") => v.get(4..).unwrap_or_default().to_string(),
        _ => v,
    };
    v.split(';').next().unwrap_or_default().trim().to_string()
}
