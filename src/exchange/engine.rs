//! Applies imported rows to the store inside the caller's transaction: validate, match,
//! create or update, and keep the report. [`transact`] is that transaction for every
//! format: committed, or rolled back after the same work for a dry run.
//!
//! Matching, in this order (the first key that decides wins):
//! 1. a reference (loyalty barcode, NFC UID) of the row that belongs to a customer: that
//!    customer (references are unique); references owned by two different customers
//!    refuse the row;
//! 2. the normalised e-mail, then 3. the E.164 phones: among the customers holding it,
//!    the first with the same name (words compared without case or order, so "DUPONT
//!    Jean" is "Jean Dupont"); a row whose name was made up from its e-mail or phone takes
//!    the first holder. A holder with another name is not overwritten: families and
//!    colleagues share e-mails and phones, so the row becomes a new customer with a
//!    warning naming the customer it shares the contact with (merge them by hand if they
//!    are one person). Phones are compared both ways: the row's main phone, then its
//!    second, each against the stored main phones, then the stored second phones (a
//!    number a file lists as "mobile" may be stored as the second phone); holders come in
//!    that order, oldest first within each, and any of these matches is a match on phone.
//!
//! 4. a row with no reference, e-mail or phone: a customer with exactly the same names and
//!    no e-mail or phone either (so re-importing such a row does not duplicate it; this
//!    look-up scans the table, which only such rows pay for).
//!
//! An update replaces the stored fields the row gives and keeps the others (a file never
//! erases what it does not mention); references are added to the stored ones; a name made
//! up from the e-mail never replaces a stored name; phones the customer already has, in
//! either slot, leave both stored phones as they are (a row giving the stored second phone
//! as its main one would otherwise overwrite the main phone with it). A row that changes
//! nothing is counted as unchanged and not written, so importing the same file twice
//! writes nothing the second time.

use chrono::{DateTime, Utc};
use rusqlite::Transaction;
use serde_json::json;

use super::draft::{Built, Draft, Groups, Provided};
use super::report::{Issue, Match, MatchKey, Report};
use super::salvage;
use super::{ExchangeError, RunOptions};
use crate::domain::customer::{CustomerData, FieldError, ValidationContext};
use crate::domain::ids::CustomerId;
use crate::store::bulk::{self, Candidate};
use crate::store::{audit, catalog, changes, customers, Store, StoreError};

/// What became of one row.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Created(CustomerId),
    /// Matched an existing customer; `changed` is false when the row changed nothing.
    Matched {
        id: CustomerId,
        key: MatchKey,
        changed: bool,
    },
    /// Not stored; the reasons, joined.
    Refused(String),
}

/// A row built and validated, ready for [`Engine::apply`]: pure work, no store access, so
/// it can run on another thread than the transaction.
#[derive(Debug)]
pub struct Prepared {
    pub warnings: Vec<Issue>,
    /// The validated data, or why the row is refused.
    pub result: Result<Valid, Vec<Issue>>,
}

/// Validated data with what the update needs to know about it.
#[derive(Debug)]
pub struct Valid {
    pub data: CustomerData,
    pub provided: Provided,
    pub name_derived: bool,
}

/// Builds and validates a row (see `draft/build.rs` and the domain's `validate`).
pub fn prepare(draft: Draft, groups: &Groups, ctx: &ValidationContext) -> Prepared {
    let out = draft.build(groups);
    let Some(built) = out.built else {
        return Prepared {
            warnings: out.warnings,
            result: Err(out.refusals),
        };
    };
    let Built {
        data,
        provided,
        name_derived,
        sources,
    } = built;
    let mut warnings = out.warnings;
    let as_read = data.clone();
    let result = match data.validate(ctx) {
        Ok(data) => Ok(data),
        // Bad secondary values cost the value, not the customer (see `salvage`).
        Err(errors) => match salvage::keep_valid(as_read, &errors.0, &sources, name_derived, ctx) {
            Some(kept) => {
                warnings.extend(kept.warnings);
                Ok(kept.data)
            }
            None => Err(errors.0.iter().map(|e| field_issue(e, &sources)).collect()),
        },
    };
    Prepared {
        warnings,
        result: result.map(|data| Valid {
            data,
            provided,
            name_derived,
        }),
    }
}

/// Existing groups and the validation context: what [`prepare`] needs from the store,
/// read once before the rows.
pub fn context(
    conn: &rusqlite::Connection,
    run: &RunOptions,
) -> Result<(Groups, ValidationContext), StoreError> {
    // Without the manager, no row puts a customer in a group (its tags go to the note).
    let groups = if run.manager {
        catalog::groups(conn)?
            .into_iter()
            .map(|g| (g.name.to_lowercase(), g.name))
            .collect()
    } else {
        Groups::new()
    };
    let ctx = ValidationContext {
        default_country: run.default_country.clone(),
        today: run.today,
    };
    Ok((groups, ctx))
}

/// Runs an import's `body` in one transaction: committed for a real run, rolled back for
/// a dry run, which does exactly the same work (`store::bulk::rehearse`). Every format
/// goes through here.
pub fn transact(
    store: &mut Store,
    run: &RunOptions,
    body: impl FnOnce(&Transaction) -> Result<Report, ExchangeError>,
) -> Result<Report, ExchangeError> {
    if run.dry_run {
        bulk::rehearse(store, body)
    } else {
        store.write(body)
    }
}

/// Applies rows in one transaction.
pub struct Engine<'t, 'c> {
    tx: &'t Transaction<'c>,
    ctx: ValidationContext,
    groups: Groups,
    start_seq: i64,
    now: DateTime<Utc>,
    pub report: Report,
}

enum Found {
    Customer(CustomerId, MatchKey),
    New,
    Refuse(Issue),
}

impl<'t, 'c> Engine<'t, 'c> {
    pub fn new(
        tx: &'t Transaction<'c>,
        run: &RunOptions,
        report: Report,
    ) -> Result<Self, StoreError> {
        let (groups, ctx) = context(tx, run)?;
        Ok(Engine {
            tx,
            ctx,
            groups,
            start_seq: changes::last_seq(tx)?,
            now: Utc::now(),
            report,
        })
    }

    /// Refuses a row the reader could not turn into a draft (bad encoding...).
    pub fn refuse_row(&mut self, line: u64, issues: Vec<Issue>) -> Outcome {
        self.report.rows_read += 1;
        let reasons = Report::reasons(&issues);
        self.report.refuse(line, issues);
        Outcome::Refused(reasons)
    }

    /// Validates, matches and writes one row starting at physical line `line`.
    pub fn row(&mut self, line: u64, draft: Draft) -> Result<Outcome, StoreError> {
        let prepared = prepare(draft, &self.groups, &self.ctx);
        self.apply(line, prepared)
    }

    /// Matches and writes one row [`prepare`]d (maybe on another thread).
    pub fn apply(&mut self, line: u64, prepared: Prepared) -> Result<Outcome, StoreError> {
        self.report.rows_read += 1;
        for w in prepared.warnings {
            self.report.warn(line, w);
        }
        let Valid {
            data,
            provided,
            name_derived,
        } = match prepared.result {
            Ok(v) => v,
            Err(issues) => return Ok(self.refused(line, issues)),
        };
        let name = words(&data.display_name());
        match self.find(line, &data, &name, name_derived)? {
            Found::Refuse(issue) => Ok(self.refused(line, vec![issue])),
            Found::New => {
                let c = customers::insert_row(self.tx, CustomerId::generate(), &data, self.now)?;
                self.report.created += 1;
                Ok(Outcome::Created(c.id))
            }
            Found::Customer(id, key) => {
                let old = customers::get(self.tx, id)?.ok_or_else(|| StoreError::NotFound {
                    what: "customer",
                    id: id.to_string(),
                })?;
                let merged = overlay(&old.data, data, provided, name_derived);
                let fields = if merged == old.data {
                    Vec::new()
                } else {
                    customers::changed_fields(&old.data, &merged)
                };
                if !fields.is_empty() {
                    bulk::update_row(self.tx, id, &merged, self.now)?;
                }
                let changed = !fields.is_empty();
                self.report.matched(Match {
                    line,
                    customer: id,
                    matched_on: key,
                    fields,
                });
                Ok(Outcome::Matched { id, key, changed })
            }
        }
    }

    fn refused(&mut self, line: u64, issues: Vec<Issue>) -> Outcome {
        let reasons = Report::reasons(&issues);
        self.report.refuse(line, issues);
        Outcome::Refused(reasons)
    }

    fn find(
        &mut self,
        line: u64,
        d: &CustomerData,
        name: &[String],
        derived: bool,
    ) -> Result<Found, StoreError> {
        let mut owner: Option<CustomerId> = None;
        for r in &d.references {
            if let Some(o) = bulk::reference_owner(self.tx, r)? {
                match owner {
                    Some(prev) if prev != o => {
                        return Ok(Found::Refuse(Issue::new(
                            None,
                            format!(
                                "its references belong to two different customers ({prev} and {o})"
                            ),
                        )))
                    }
                    _ => owner = Some(o),
                }
            }
        }
        if let Some(o) = owner {
            return Ok(Found::Customer(o, MatchKey::Reference));
        }
        let mut shared: Vec<(MatchKey, Candidate)> = Vec::new();
        for key in [MatchKey::Email, MatchKey::Phone] {
            let cands = match key {
                MatchKey::Email => match d.email.as_deref() {
                    Some(email) => bulk::by_email(self.tx, email)?,
                    None => continue,
                },
                _ => phone_holders(self.tx, d)?,
            };
            let same = cands.iter().find(|c| words(&c.name) == name);
            let pick = same.or(if derived { cands.first() } else { None });
            if let Some(c) = pick {
                if c.change_seq > self.start_seq {
                    self.report.warn(
                        line,
                        Issue::new(
                            None,
                            format!(
                                "same customer as an earlier row of this file (matched on {key})"
                            ),
                        ),
                    );
                }
                return Ok(Found::Customer(c.id, key));
            }
            if let Some(c) = cands.into_iter().next() {
                shared.push((key, c));
            }
        }
        let no_contact = d.email.is_none() && d.phone.is_none() && d.references.is_empty();
        if no_contact && !derived {
            let found = bulk::by_name_without_contact(
                self.tx,
                d.first_name.as_deref(),
                d.last_name.as_deref(),
                d.company_name.as_deref(),
            )?;
            if let Some(c) = found.first() {
                return Ok(Found::Customer(c.id, MatchKey::Name));
            }
        }
        for (key, c) in shared {
            self.report.warn(
                line,
                Issue::new(
                    None,
                    format!(
                        "shares its {key} with customer {} ({}) but has another name: created as a \
                         new customer (merge them if they are one person)",
                        c.id,
                        super::draft::clip(&c.name)
                    ),
                ),
            );
        }
        Ok(Found::New)
    }

    /// Records the run in the audit log and the change sequence reached.
    pub fn finish(mut self, actor: &str) -> Result<Report, StoreError> {
        let r = &self.report;
        let file = std::path::Path::new(&r.file)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        audit::record(
            self.tx,
            actor,
            "customer.import",
            "customer",
            None,
            json!({
                "format": r.format, "file": file, "preset": r.preset,
                "rows": r.rows_read, "created": r.created, "updated": r.updated,
                "unchanged": r.unchanged, "refused": r.refused,
            }),
        )?;
        self.report.last_change_seq = Some(changes::last_seq(self.tx)?);
        Ok(self.report)
    }
}

/// The customers holding one of the row's phones in either stored phone, in matching
/// order: the row's main phone before its second, stored main phones before stored second
/// phones, oldest first; each customer once.
fn phone_holders(tx: &Transaction, d: &CustomerData) -> Result<Vec<Candidate>, StoreError> {
    let mut out: Vec<Candidate> = Vec::new();
    let phones = [d.phone.as_deref(), d.phone2.as_deref()];
    for phone in phones.into_iter().flatten() {
        for holders in [bulk::by_phone(tx, phone)?, bulk::by_phone2(tx, phone)?] {
            for c in holders {
                if !out.iter().any(|o| o.id == c.id) {
                    out.push(c);
                }
            }
        }
    }
    Ok(out)
}

/// A validation error placed on the column its value came from.
fn field_issue(e: &FieldError, sources: &std::collections::HashMap<&'static str, String>) -> Issue {
    let f = e.field.as_str();
    let base = f.split('[').next().unwrap_or(f);
    let column = sources
        .get(f)
        .or_else(|| sources.get(base))
        .or_else(|| sources.get(base.split('.').next().unwrap_or(base)));
    let column = column.map_or(f, String::as_str);
    let detail = e.detail.trim_end_matches('.');
    // The field is named only where the column's name does not already say it.
    let message = if column.eq_ignore_ascii_case(&e.field) {
        detail.to_string()
    } else {
        format!("{}: {detail}", e.field)
    };
    Issue::new(Some(column), message)
}

/// A name as a sorted list of lower-case words.
fn words(name: &str) -> Vec<String> {
    let mut w: Vec<String> = name
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .map(str::to_lowercase)
        .collect();
    w.sort();
    w
}

/// The stored data with the row's values laid over it.
fn overlay(old: &CustomerData, new: CustomerData, p: Provided, name_derived: bool) -> CustomerData {
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

#[cfg(test)]
mod tests;
