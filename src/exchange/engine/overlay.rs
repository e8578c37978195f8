//! How an imported row meets a stored customer: [`overlay`] lays the row's values over
//! the stored ones, [`words`] compares names, and [`conflict`] tells a reference claimed
//! by another person from a reference of the same customer.
//!
//! The identity rule: a reference (loyalty card, NFC tag) identifies one customer, but a
//! file can be wrong (a card handed to someone else, a code typed twice). A row that
//! matches a customer by reference and shares none of its name, e-mail and phones with
//! that customer is refused as a conflict, naming both; it never overwrites them.

use super::super::draft::{clip, Provided};
use super::super::remark::Remark;
use super::super::report::Issue;
use crate::domain::customer::{CustomerData, Reference, ReferenceKind};
use crate::domain::ids::CustomerId;

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

/// Whether two names (as [`words`]) may be one person's: the same words, or one name's
/// words all in the other ("Dupont" and "Jean Dupont").
fn names_agree(a: &[String], b: &[String]) -> bool {
    let within = |x: &[String], y: &[String]| x.iter().all(|w| y.contains(w));
    !a.is_empty() && !b.is_empty() && (within(a, b) || within(b, a))
}

/// Who a customer or a row is, for a message: name, e-mail, phone (each when known);
/// `None` when none is.
fn identity(d: &CustomerData) -> Option<String> {
    let name = d.display_name();
    let parts: Vec<String> = [Some(name.as_str()), d.email.as_deref(), d.phone.as_deref()]
        .into_iter()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .map(clip)
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// The owner of a reference a row holds, as [`conflict`] needs it.
pub(super) struct Owner<'a> {
    pub id: CustomerId,
    pub data: &'a CustomerData,
    /// The line of this file that created it, when an earlier row did.
    pub created_by_line: Option<u64>,
}

/// The identity conflict of a row that matched `owner` by reference: `Some` when none of
/// the row's name (unless made up from its contact), e-mail and phones is the owner's.
pub(super) fn conflict(row: &CustomerData, name_derived: bool, owner: &Owner) -> Option<Issue> {
    let stored = owner.data;
    let name_agrees =
        !name_derived && names_agree(&words(&row.display_name()), &words(&stored.display_name()));
    let email_agrees = row.email.is_some() && row.email == stored.email;
    let phone_agrees = [row.phone.as_deref(), row.phone2.as_deref()]
        .into_iter()
        .flatten()
        .any(|p| stored.phone.as_deref() == Some(p) || stored.phone2.as_deref() == Some(p));
    if name_agrees || email_agrees || phone_agrees {
        return None;
    }
    let reference = row
        .references
        .iter()
        .find(|r| stored.references.contains(r))
        .map(reference_text);
    Some(Issue::of(
        None,
        Remark::IdentityConflict {
            reference,
            customer: owner.id.to_string(),
            stored: identity(stored),
            created_by_line: owner.created_by_line,
            row: identity(row),
        },
    ))
}

fn reference_text(r: &Reference) -> String {
    let kind = match r.kind {
        ReferenceKind::Barcode => "barcode",
        ReferenceKind::Nfc => "nfc",
    };
    format!("{kind}:{}", clip(&r.code))
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
