//! How an imported row meets a stored customer: [`overlay`] lays the row's values over
//! the stored ones, [`words`] compares names.

use super::super::draft::Provided;
use crate::domain::customer::CustomerData;

/// A name as a sorted list of lower-case words.
pub(super) fn words(name: &str) -> Vec<String> {
    let mut w: Vec<String> = name
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .map(str::to_lowercase)
        .collect();
    w.sort();
    w
}

/// The stored data with the row's values laid over it.
pub(super) fn overlay(
    old: &CustomerData,
    new: CustomerData,
    p: Provided,
    name_derived: bool,
) -> CustomerData {
    let o = old.clone();
    let pick = |n: Option<String>, o: Option<String>| n.or(o);
    let mut refs = o.references;
    for r in new.references {
        if !refs.contains(&r) {
            refs.push(r);
        }
    }
    let (first_name, last_name) = if name_derived {
        (o.first_name, o.last_name)
    } else {
        (
            pick(new.first_name, o.first_name),
            pick(new.last_name, o.last_name),
        )
    };
    // Phones the customer already has, in either slot, are no change; a new number
    // replaces the stored phone of its slot.
    let stored = [o.phone.as_deref(), o.phone2.as_deref()];
    let known = [new.phone.as_deref(), new.phone2.as_deref()]
        .into_iter()
        .flatten()
        .all(|p| stored.contains(&Some(p)));
    let (phone, phone2) = if known {
        (o.phone, o.phone2)
    } else {
        (pick(new.phone, o.phone), pick(new.phone2, o.phone2))
    };
    let mut prefs = o.preferences;
    if p.receipt_by_email {
        prefs.receipt_by_email = new.preferences.receipt_by_email;
    }
    if p.receipt_by_sms {
        prefs.receipt_by_sms = new.preferences.receipt_by_sms;
    }
    if p.marketing_email && new.preferences.marketing_email.granted != prefs.marketing_email.granted
    {
        prefs.marketing_email = new.preferences.marketing_email;
    }
    if p.marketing_sms && new.preferences.marketing_sms.granted != prefs.marketing_sms.granted {
        prefs.marketing_sms = new.preferences.marketing_sms;
    }
    CustomerData {
        kind: if p.kind { new.kind } else { o.kind },
        title: pick(new.title, o.title),
        first_name,
        last_name,
        company_name: pick(new.company_name, o.company_name),
        email: pick(new.email, o.email),
        phone,
        phone2,
        vat_number: pick(new.vat_number, o.vat_number),
        company_number: pick(new.company_number, o.company_number),
        id_document: pick(new.id_document, o.id_document),
        address: crate::domain::customer::Address {
            line1: pick(new.address.line1, o.address.line1),
            line2: pick(new.address.line2, o.address.line2),
            postal_code: pick(new.address.postal_code, o.address.postal_code),
            city: pick(new.address.city, o.address.city),
            country: pick(new.address.country, o.address.country),
        },
        position: new.position.or(o.position),
        personal_note: pick(new.personal_note, o.personal_note),
        public_note: pick(new.public_note, o.public_note),
        references: refs,
        preferences: prefs,
        sepa: new.sepa.or(o.sepa),
        group: pick(new.group, o.group),
        tax: if p.tax { new.tax } else { o.tax },
        account: new.account.or(o.account),
    }
}
