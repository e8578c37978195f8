//! Applies imported rows to the store: validate, match, create or update, and keep the
//! report. [`run`] is an import run for every format, real or dry.
//!
//! How a run meets the register (issue 12 §6: an import must not block it):
//! - matching reads the store outside any write transaction (a deferred read transaction
//!   per chunk: one snapshot, no lock that stops a writer) together with [`pending`]'s
//!   view of what the run has created or changed and not committed;
//! - a dry run writes nothing and takes no write lock: every row is planned exactly as a
//!   real run plans it (earlier rows of the same file included, through `pending`), and
//!   nothing is committed;
//! - a real run commits its planned writes in chunks (`chunk.rs`), each a short write
//!   transaction sized to about [`CHUNK_TARGET`] of writing, so a sale from another
//!   process waits for one chunk at most; every chunk belongs to one `import_run` whose
//!   undo rows are written with it, and a failure undoes the committed chunks in one
//!   transaction (`store::import_run`); a run whose process is killed is undone at the
//!   next open of the store. The last chunk's transaction writes the one audit entry
//!   (`customer.import`) and marks the run done.
//!
//! Matching, in this order (the first key that decides wins):
//! 1. a reference (loyalty barcode, NFC UID) of the row that belongs to a customer: that
//!    customer (references are unique), unless the row shares none of its name, e-mail and
//!    phones with them: an identity conflict, refused naming both (`overlay::conflict`);
//!    this also refuses a second row of the same file claiming a reference an earlier row
//!    gave another person. References owned by two different customers refuse the row;
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
//!    no e-mail or phone either (so re-importing such a row does not duplicate it; an
//!    index search, `customer_name_no_contact`).
//!
//! An update replaces the stored fields the row gives and keeps the others (a file never
//! erases what it does not mention); references are added to the stored ones; a name made
//! up from the e-mail never replaces a stored name; phones the customer already has, in
//! either slot, leave both stored phones as they are (a row giving the stored second phone
//! as its main one would otherwise overwrite the main phone with it). A row that changes
//! nothing is counted as unchanged and not written, so importing the same file twice
//! writes nothing the second time. The report's counts are those planned; a customer the
//! register changed between the plan and its chunk's write gets the row laid over its
//! fresh values (`chunk.rs`).

mod chunk;
mod commit;
mod overlay;
mod pending;

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::draft::{Built, Draft, Groups, Provided};
use super::remark::Remark;
use super::report::{Issue, Match, MatchKey, Report};
use super::salvage;
use super::{ExchangeError, RunOptions};
use crate::domain::customer::{CustomerData, FieldError, ValidationContext};
use crate::domain::ids::CustomerId;
use crate::store::bulk::{self, Candidate};
use crate::store::{catalog, customers, import_run, Store, StoreError};
use chunk::Chunk;
use overlay::{conflict, overlay, words, Owner};
use pending::{Contact, Pending};

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
/// it can run on another thread than the engine.
#[derive(Debug)]
pub struct Prepared {
    pub warnings: Vec<Issue>,
    /// The group the row names that the shop does not have.
    pub unknown_group: Option<String>,
    /// The validated data, or why the row is refused.
    pub result: Result<Valid, Vec<Issue>>,
}

/// Validated data with what the update needs to know about it.
#[derive(Debug, Clone)]
pub struct Valid {
    pub data: CustomerData,
    pub provided: Provided,
    pub name_derived: bool,
}

/// Builds and validates a row (see `draft/build.rs` and the domain's `validate`).
pub fn prepare(draft: Draft, groups: &Groups, ctx: &ValidationContext) -> Prepared {
    let out = draft.build(groups);
    let unknown_group = out.unknown_group;
    let Some(built) = out.built else {
        return Prepared {
            warnings: out.warnings,
            unknown_group,
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
        unknown_group,
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

/// Runs one import: `body` hands the rows to the [`Engine`]; then the run is finished
/// (the last chunk committed with the audit entry, or the dry run's report completed).
/// When `body` or the finish fails, the chunks already committed are undone and the
/// error returned. Every format goes through here.
pub fn run(
    store: &mut Store,
    run: &RunOptions,
    report: Report,
    body: impl FnOnce(&mut Engine) -> Result<(), ExchangeError>,
) -> Result<Report, ExchangeError> {
    let mut engine = Engine::start(store, run, report)?;
    match body(&mut engine) {
        Ok(()) => Ok(engine.finish()?),
        Err(e) => {
            engine.abort();
            Err(e)
        }
    }
}

/// The time one chunk's write transaction aims at (a sale waits at most about that).
pub const CHUNK_TARGET: Duration = Duration::from_millis(30);
/// Fewest and most customers written per chunk; the first chunk's size.
const CHUNK_MIN: usize = 100;
pub const CHUNK_MAX: usize = 2_000;
const CHUNK_FIRST: usize = 500;
/// Rows planned in one read snapshot at most, written or not (rows that change nothing
/// write nothing; a dry run writes nothing at all): the snapshot is renewed after them.
const SNAPSHOT_ROWS: usize = 5_000;

/// Plans rows against the store and this run's pending view, and (real runs) commits
/// them in chunks under one import run.
pub struct Engine<'s> {
    store: &'s mut Store,
    actor: String,
    dry_run: bool,
    ctx: ValidationContext,
    groups: Groups,
    now: DateTime<Utc>,
    pub report: Report,
    pending: Pending,
    chunk: Chunk,
    /// The import run (real runs); `None` once settled.
    run: Option<import_run::Run>,
    /// A read transaction is open on the store.
    reading: bool,
    /// Rows planned in the current read snapshot.
    planned: usize,
    /// Customers per chunk, adjusted to [`CHUNK_TARGET`] after each write.
    limit: usize,
    /// The manager runs it: rows may name groups (without, every group is unknown and
    /// none is listed).
    manager: bool,
}

enum Found {
    /// A customer, with its current data when the look-up already read it.
    Customer(CustomerId, MatchKey, Option<Box<Current>>),
    New,
    Refuse(Issue),
}

/// A customer as this run sees it now: the run's own version, or the stored row.
struct Current {
    data: CustomerData,
    /// The stored row's change sequence (`None`: the run's pending version).
    seq: Option<i64>,
    created_by_line: Option<u64>,
}

impl<'s> Engine<'s> {
    /// Starts a run on `store`: a real run records its `import_run` (named after the
    /// report's file) and commits its chunks with `synchronous = NORMAL`, the last one
    /// `FULL` (see `Store::set_durable`).
    pub fn start(
        store: &'s mut Store,
        run: &RunOptions,
        report: Report,
    ) -> Result<Engine<'s>, StoreError> {
        let (groups, ctx) = context(store.conn(), run)?;
        let import = if run.dry_run {
            None
        } else {
            let file = std::path::Path::new(&report.file)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let import = import_run::begin(store, &run.actor, &file)?;
            store.set_durable(false)?;
            store.set_auto_checkpoint(false)?;
            Some(import)
        };
        Ok(Engine {
            store,
            actor: run.actor.clone(),
            dry_run: run.dry_run,
            ctx,
            groups,
            now: Utc::now(),
            report,
            pending: Pending::new(run.dry_run)?,
            chunk: Chunk::default(),
            run: import,
            reading: false,
            planned: 0,
            limit: CHUNK_FIRST,
            manager: run.manager,
        })
    }

    /// Refuses a row the reader could not turn into a draft (bad encoding...).
    pub fn refuse_row(&mut self, line: u64, issues: Vec<Issue>) -> Outcome {
        self.report.rows_read += 1;
        let reasons = Report::reasons(&issues);
        self.report.refuse(line, issues);
        Outcome::Refused(reasons)
    }

    /// Validates, matches and plans (or writes) one row starting at physical line `line`.
    pub fn row(&mut self, line: u64, draft: Draft) -> Result<Outcome, StoreError> {
        let prepared = prepare(draft, &self.groups, &self.ctx);
        self.apply(line, prepared)
    }

    /// Matches and plans one row [`prepare`]d (maybe on another thread); commits the
    /// chunk when it is full.
    pub fn apply(&mut self, line: u64, prepared: Prepared) -> Result<Outcome, StoreError> {
        self.report.rows_read += 1;
        for w in prepared.warnings {
            self.report.warn(line, w);
        }
        if let Some(g) = prepared.unknown_group.filter(|_| self.manager) {
            self.report.unknown_group(&g);
        }
        let valid = match prepared.result {
            Ok(v) => v,
            Err(issues) => return Ok(self.refused(line, issues)),
        };
        self.begin_read()?;
        self.planned += 1;
        let outcome = match self.find(line, &valid.data, valid.name_derived)? {
            Found::Refuse(issue) => self.refused(line, vec![issue]),
            Found::New => self.create(line, valid.data)?,
            Found::Customer(id, key, current) => {
                let current = match current {
                    Some(c) => *c,
                    None => self.current(id)?,
                };
                self.update(line, id, key, current, valid)?
            }
        };
        if self.chunk.len() >= self.limit || self.planned >= SNAPSHOT_ROWS {
            self.flush()?;
        }
        Ok(outcome)
    }

    fn refused(&mut self, line: u64, issues: Vec<Issue>) -> Outcome {
        let reasons = Report::reasons(&issues);
        self.report.refuse(line, issues);
        Outcome::Refused(reasons)
    }

    fn create(&mut self, line: u64, data: CustomerData) -> Result<Outcome, StoreError> {
        let id = CustomerId::generate();
        self.pending.put(id, data, Some(line))?;
        if !self.dry_run {
            self.chunk.create(id);
        }
        self.report.created += 1;
        Ok(Outcome::Created(id))
    }

    fn update(
        &mut self,
        line: u64,
        id: CustomerId,
        key: MatchKey,
        current: Current,
        valid: Valid,
    ) -> Result<Outcome, StoreError> {
        let merged = overlay(
            &current.data,
            valid.data.clone(),
            valid.provided,
            valid.name_derived,
        );
        let fields = if merged == current.data {
            Vec::new()
        } else {
            customers::changed_fields(&current.data, &merged)
        };
        let changed = !fields.is_empty();
        if changed {
            if !self.dry_run {
                let stored = current.seq.map(|seq| (seq, current.data));
                self.chunk.update(id, || stored, valid)?;
            }
            self.pending.put(id, merged, None)?;
        }
        self.report.matched(Match {
            line,
            customer: id,
            matched_on: key,
            fields,
        });
        Ok(Outcome::Matched { id, key, changed })
    }

    /// Customer `id` as the run sees it: its pending version, else the stored row.
    fn current(&self, id: CustomerId) -> Result<Current, StoreError> {
        if let Some(e) = self.pending.get(id)? {
            return Ok(Current {
                data: e.data.clone(),
                seq: None,
                created_by_line: e.created_by_line,
            });
        }
        let conn = self.store.conn();
        let missing = || StoreError::NotFound {
            what: "customer",
            id: id.to_string(),
        };
        let c = customers::get(conn, id)?.ok_or_else(missing)?;
        let (seq, _) = bulk::state(conn, id)?.ok_or_else(missing)?;
        Ok(Current {
            data: c.data,
            seq: Some(seq),
            created_by_line: None,
        })
    }

    /// Whether this run has already created or changed customer `id`.
    fn touched(&self, id: CustomerId) -> Result<bool, StoreError> {
        if self.pending.contains(id)? {
            return Ok(true);
        }
        match &self.run {
            Some(run) => import_run::touched(self.store.conn(), run.id, id),
            None => Ok(false),
        }
    }

    fn find(&mut self, line: u64, d: &CustomerData, derived: bool) -> Result<Found, StoreError> {
        let mut owner: Option<CustomerId> = None;
        for r in &d.references {
            let o = match self.pending.reference_owner(r)? {
                Some(o) => Some(o),
                None => bulk::reference_owner(self.store.conn(), r)?,
            };
            if let Some(o) = o {
                match owner {
                    Some(prev) if prev != o => {
                        return Ok(Found::Refuse(Issue::of(
                            None,
                            Remark::ReferencesOfTwo {
                                first: prev.to_string(),
                                second: o.to_string(),
                            },
                        )))
                    }
                    _ => owner = Some(o),
                }
            }
        }
        if let Some(o) = owner {
            let current = self.current(o)?;
            // An owner an earlier, committed chunk created: its line is in the undo rows.
            let created_by_line = match (current.created_by_line, &self.run) {
                (None, Some(run)) => import_run::created_by_line(self.store.conn(), run.id, o)?,
                (line, _) => line,
            };
            let stored = Owner {
                id: o,
                data: &current.data,
                created_by_line,
            };
            if let Some(issue) = conflict(d, derived, &stored) {
                return Ok(Found::Refuse(issue));
            }
            return Ok(Found::Customer(
                o,
                MatchKey::Reference,
                Some(Box::new(current)),
            ));
        }
        let name = words(&d.display_name());
        let mut shared: Vec<(MatchKey, Candidate)> = Vec::new();
        for key in [MatchKey::Email, MatchKey::Phone] {
            let cands = match key {
                MatchKey::Email => match d.email.as_deref() {
                    Some(email) => self.holders(Contact::Email, email)?,
                    None => continue,
                },
                _ => self.phone_holders(d)?,
            };
            let same = cands.iter().find(|c| words(&c.name) == name);
            let pick = same.or(if derived { cands.first() } else { None });
            if let Some(c) = pick {
                if self.touched(c.id)? {
                    self.report
                        .warn(line, Issue::of(None, Remark::SameAsEarlierRow { key }));
                }
                return Ok(Found::Customer(c.id, key, None));
            }
            if let Some(c) = cands.into_iter().next() {
                shared.push((key, c));
            }
        }
        let no_contact = d.email.is_none() && d.phone.is_none() && d.references.is_empty();
        if no_contact && !derived {
            if let Some(c) = self.named(d)?.first() {
                return Ok(Found::Customer(c.id, MatchKey::Name, None));
            }
        }
        for (key, c) in shared {
            self.report.warn(
                line,
                Issue::of(
                    None,
                    Remark::SharesContact {
                        key,
                        customer: c.id.to_string(),
                        name: super::draft::clip(&c.name),
                    },
                ),
            );
        }
        Ok(Found::New)
    }

    /// Look-up results of the store seen through the pending view: a stored customer the
    /// run has changed counts as it now is (kept only when `keep` holds for its new
    /// data); the run's own customers that `pending` finds are added; oldest first.
    fn merged(
        &self,
        stored: Vec<Candidate>,
        keep: impl Fn(&CustomerData) -> bool,
        pending: Vec<CustomerId>,
    ) -> Result<Vec<Candidate>, StoreError> {
        let mut out: Vec<Candidate> = Vec::with_capacity(stored.len() + pending.len());
        for c in stored {
            match self.pending.get(c.id)? {
                Some(e) if keep(&e.data) => out.push(Candidate {
                    id: c.id,
                    name: e.data.display_name(),
                }),
                Some(_) => {}
                None => out.push(c),
            }
        }
        for id in pending {
            if out.iter().any(|c| c.id == id) {
                continue;
            }
            if let Some(e) = self.pending.get(id)? {
                out.push(Candidate {
                    id,
                    name: e.data.display_name(),
                });
            }
        }
        out.sort_by_key(|c| c.id);
        Ok(out)
    }

    /// The customers holding `value` in contact column `c`, oldest first.
    fn holders(&self, c: Contact, value: &str) -> Result<Vec<Candidate>, StoreError> {
        let conn = self.store.conn();
        let stored = match c {
            Contact::Email => bulk::by_email(conn, value)?,
            Contact::Phone => bulk::by_phone(conn, value)?,
            Contact::Phone2 => bulk::by_phone2(conn, value)?,
        };
        let keep = |d: &CustomerData| c.of(d) == Some(value);
        self.merged(stored, keep, self.pending.holding(c, value)?)
    }

    /// The customers holding one of the row's phones in either stored phone, in matching
    /// order: the row's main phone before its second, stored main phones before stored
    /// second phones, oldest first; each customer once.
    fn phone_holders(&self, d: &CustomerData) -> Result<Vec<Candidate>, StoreError> {
        let mut out: Vec<Candidate> = Vec::new();
        let phones = [d.phone.as_deref(), d.phone2.as_deref()];
        for phone in phones.into_iter().flatten() {
            for column in [Contact::Phone, Contact::Phone2] {
                for c in self.holders(column, phone)? {
                    if !out.iter().any(|o| o.id == c.id) {
                        out.push(c);
                    }
                }
            }
        }
        Ok(out)
    }

    /// The customers with exactly the row's names and no e-mail or phone, oldest first.
    fn named(&self, d: &CustomerData) -> Result<Vec<Candidate>, StoreError> {
        let (first, last, company) = (
            d.first_name.as_deref(),
            d.last_name.as_deref(),
            d.company_name.as_deref(),
        );
        let stored = bulk::by_name_without_contact(self.store.conn(), first, last, company)?;
        let keep = |e: &CustomerData| {
            e.email.is_none()
                && e.phone.is_none()
                && (
                    e.first_name.as_deref(),
                    e.last_name.as_deref(),
                    e.company_name.as_deref(),
                ) == (first, last, company)
        };
        self.merged(stored, keep, self.pending.named(first, last, company)?)
    }
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
    Issue {
        rule: Some((e.rule, e.field.clone())),
        ..Issue::new(Some(column), message)
    }
}

#[cfg(test)]
mod tests;
