//! Column presets: the documented customer-export headers of Shopify, Lightspeed Retail
//! (X-Series), WooCommerce, PrestaShop, Square and Odoo, comptoir's own export, and the
//! common column names any other spreadsheet tends to use.
//!
//! Header names are compared after [`normalise`] (case, spaces, a trailing `*` or `:`),
//! so "First Name", "first name" and "FIRST NAME *" are the same column. Columns a vendor
//! documents but comptoir does not store are listed as [`Field::Ignore`]: they count for
//! recognising the vendor and are reported as ignored. `auto` picks the preset that knows
//! the most header columns among those whose `signature` (columns only that vendor writes)
//! appears; without one, the common names apply.
//!
//! Where each list comes from is written above it. They were written from the vendors'
//! help pages and checked against copies of those pages and of public code that reads or
//! writes these files; vendors change their exports, so a preset also accepts the older
//! names it replaced.

mod vendors;

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::field::Field;

pub use vendors::{COMMON, PRESETS};

/// A vendor's export format.
#[derive(Debug)]
pub struct Preset {
    /// The name `--preset` takes.
    pub name: &'static str,
    /// Every documented header with the field it feeds.
    pub columns: &'static [(&'static str, Field)],
    /// Headers only this vendor writes; one must be present for `auto` to pick it.
    pub signature: &'static [&'static str],
    /// The header `export csv --preset` writes, in order.
    pub export: &'static [&'static str],
}

#[cfg(test)]
thread_local! {
    /// How many times [`Preset::field`] ran on this thread: tests guard with it that a
    /// per-row path does not look headers up (each lookup normalises every column name).
    pub static FIELD_LOOKUPS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

impl Preset {
    /// The field a header feeds, if this preset knows the header.
    pub fn field(&self, header: &str) -> Option<Field> {
        #[cfg(test)]
        FIELD_LOOKUPS.with(|n| n.set(n.get() + 1));
        self.field_normalised(&normalise(header))
    }

    /// [`Preset::field`] of a header already [`normalise`]d: one table lookup, so a
    /// header of any width is resolved in time linear in its columns.
    pub fn field_normalised(&self, header: &str) -> Option<Field> {
        tables()
            .presets
            .get(self.name)
            .and_then(|t| t.get(header))
            .copied()
    }
}

/// A list of columns by normalised name; the first of two equal names wins, as a scan of
/// the list would find it.
type Table = HashMap<String, Field>;

fn table(columns: &[(&str, Field)]) -> Table {
    let mut t = Table::with_capacity(columns.len());
    for (name, field) in columns {
        t.entry(normalise(name)).or_insert(*field);
    }
    t
}

/// Every preset's columns (by preset name) and the common names, normalised once per
/// process. Comparing each header with every column name, normalising both each time,
/// took 16 s for a header of 60,000 columns (found by fuzzing: a first line of commas).
struct Tables {
    presets: HashMap<&'static str, Table>,
    common: Table,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| Tables {
        presets: PRESETS.iter().map(|p| (p.name, table(p.columns))).collect(),
        common: table(COMMON),
    })
}

/// The preset named `name` (case-insensitive).
pub fn by_name(name: &str) -> Option<&'static Preset> {
    PRESETS
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case(name.trim()))
}

/// The preset that reads the header to choose a vendor's (`--preset auto`).
pub const AUTO: &str = "auto";

/// comptoir's own export format, a preset like the vendors'.
pub const OWN: &str = "comptoir";

/// The presets a person chooses among, in order: [`AUTO`], the vendors' presets (in the
/// order of [`PRESETS`]), then comptoir's own format ([`OWN`]; first in [`PRESETS`],
/// where the order breaks `auto`'s ties, but last in a menu). The Import screen cycles
/// through them with F3; `--preset` takes them and `custom` (a mapping file's columns).
pub fn choices() -> impl Iterator<Item = &'static str> {
    let vendors = PRESETS.iter().map(|p| p.name).filter(|n| *n != OWN);
    std::iter::once(AUTO)
        .chain(vendors)
        .chain(PRESETS.iter().map(|p| p.name).filter(|n| *n == OWN))
}

/// The `i`-th of [`choices`]; [`AUTO`] past the end.
pub fn choice(i: usize) -> &'static str {
    choices().nth(i).unwrap_or(AUTO)
}

/// How many [`choices`] there are.
pub fn choice_count() -> usize {
    PRESETS.len() + 1
}

/// Names `--preset` accepts, for messages.
pub fn names() -> String {
    let mut v: Vec<&str> = vec![AUTO];
    v.extend(PRESETS.iter().map(|p| p.name));
    v.push("custom");
    v.join(", ")
}

/// The field a common column name feeds ("Prénom", "E-mail", "PLZ"...).
pub fn common_field(header: &str) -> Option<Field> {
    common_field_normalised(&normalise(header))
}

/// [`common_field`] of a header already [`normalise`]d.
pub fn common_field_normalised(header: &str) -> Option<Field> {
    tables().common.get(header).copied()
}

/// The preset `auto` picks for this header, with how many columns it knows.
pub fn detect(headers: &[String]) -> Option<(&'static Preset, usize)> {
    let norm: Vec<String> = headers.iter().map(|h| normalise(h)).collect();
    let present: HashSet<&str> = norm.iter().map(String::as_str).collect();
    let mut best: Option<(&'static Preset, usize)> = None;
    for p in PRESETS {
        let known = norm
            .iter()
            .filter(|h| p.field_normalised(h).is_some())
            .count();
        let signed = p
            .signature
            .iter()
            .any(|s| present.contains(normalise(s).as_str()));
        if signed && known > best.map_or(0, |(_, k)| k) {
            best = Some((p, known));
        }
    }
    best
}

/// A header name reduced for comparison.
pub fn normalise(header: &str) -> String {
    let t = header
        .trim_start_matches('\u{feff}')
        .trim()
        .trim_end_matches(['*', ':'])
        .trim();
    let mut out = String::with_capacity(t.len());
    for w in t.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&w.to_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(s: &str) -> Vec<String> {
        s.split(',').map(str::to_string).collect()
    }

    #[test]
    fn auto_picks_each_vendor() {
        let cases = [
            ("First Name,Last Name,Email,Accepts Email Marketing,Default Address Company,Default Address Zip,Phone", "shopify"),
            ("First Name,Last Name,Email,Company,Address1,Address2,City,Province,Province Code,Country,Country Code,Zip,Phone,Accepts Marketing,Total Spent,Total Orders,Tags,Note,Tax Exempt", "shopify"),
            ("customer_code,first_name,last_name,email,phone,mobile,physical_address1,physical_postcode,physical_city,physical_country_id,customer_group_name,do_not_email", "lightspeed"),
            ("first_name,last_name,email,billing_company,billing_phone,billing_address_1,billing_postcode,billing_city,billing_country", "woocommerce"),
            ("Name,Username,Last active,Date registered,Email,Orders,Total spend,AOV,Country / Region,City,Region,Postal code", "woocommerce"),
            ("ID,Social title,First name,Last name,Email,Sales,Enabled,Newsletter,Partner offers,Registration,Last visit", "prestashop"),
            ("Reference ID,First Name,Last Name,Email Address,Phone Number,Company Name,Street Address 1,Postal Code,Memo,Email Subscription Status", "square"),
            ("Name,Is a Company,Related Company,Street,Street2,Zip,City,Country,Phone,Mobile,Email,Tax ID,Tags", "odoo"),
            ("kind,first_name,last_name,email,phone,address.postal_code,references,marketing_email_since", "comptoir"),
        ];
        for (header, want) in cases {
            let got = detect(&h(header)).map(|(p, _)| p.name);
            assert_eq!(got, Some(want), "{header}");
        }
        assert!(detect(&h("Prénom,Nom,Téléphone")).is_none());
    }

    #[test]
    fn every_export_header_is_a_known_column() {
        for p in PRESETS {
            for e in p.export {
                assert!(p.field(e).is_some(), "{}: {e}", p.name);
            }
            for s in p.signature {
                assert!(p.field(s).is_some(), "{}: {s}", p.name);
            }
        }
    }

    #[test]
    fn the_choices_are_auto_the_vendors_then_comptoirs_own_and_each_parses() {
        let all: Vec<&str> = choices().collect();
        assert_eq!(all.len(), choice_count());
        assert_eq!(all.first(), Some(&AUTO));
        for (i, name) in all.iter().enumerate() {
            assert_eq!(choice(i), *name);
            assert!(
                super::super::mapping::PresetChoice::parse(name).is_ok(),
                "{name}"
            );
        }
        assert_eq!(choice(choice_count()), AUTO);
        assert_eq!(all.get(1), Some(&"shopify"));
        assert_eq!(all.last(), Some(&OWN));
    }

    #[test]
    fn common_names_in_several_languages() {
        assert_eq!(common_field("Prénom"), Some(Field::FirstName));
        assert_eq!(common_field("  E-MAIL "), Some(Field::Email));
        assert_eq!(common_field("PLZ"), Some(Field::PostalCode));
        assert_eq!(common_field("Telefoon"), Some(Field::Phone));
    }
}
