//! What this run has created or changed that the store does not show yet: the rows of
//! the chunk a real run has not committed yet, and every row of a dry run (never
//! written). [`Engine::find`](super::Engine) looks customers up in the store and here
//! together, so a row that matches an earlier row of the same file is matched the same
//! way whether that earlier row was committed, is waiting in the chunk, or is never
//! written.
//!
//! Two layers: the current chunk's entries in memory, and, for a dry run, those of its
//! earlier chunks in a `store::scratch` database ([`Pending::settle`] moves them there
//! after each chunk), so a dry run of a million rows stays within a bounded memory (in
//! memory they took about 2 GB). A real run needs no second layer: the store shows its
//! committed chunks.
//!
//! Invariants:
//! - an entry shadows the stored customer with the same id, and a memory entry shadows
//!   the scratch one: its data is the customer as the run has left it so far;
//! - the keys (reference, e-mail, main and second phone, the names of a customer with no
//!   e-mail or phone) found in a layer are checked against the newest version of the
//!   entry, so a key the run has since replaced finds nothing;
//! - ids are UUIDv7, so sorting by id puts customers in creation order, as the store's
//!   look-ups (`ORDER BY id`) do.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::domain::customer::{CustomerData, Reference, ReferenceKind};
use crate::domain::ids::CustomerId;
use crate::store::scratch::{self, Key, Scratch};
use crate::store::StoreError;

/// A contact column a row is matched on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Contact {
    Email = 0,
    Phone = 1,
    Phone2 = 2,
}

impl Contact {
    /// The value `d` holds in this column.
    pub(super) fn of(self, d: &CustomerData) -> Option<&str> {
        match self {
            Contact::Email => d.email.as_deref(),
            Contact::Phone => d.phone.as_deref(),
            Contact::Phone2 => d.phone2.as_deref(),
        }
    }

    fn key(self) -> Key {
        match self {
            Contact::Email => Key::Email,
            Contact::Phone => Key::Phone,
            Contact::Phone2 => Key::Phone2,
        }
    }
}

/// The names a customer without e-mail or phone is matched on: first, last, company.
type NameKey = (Option<String>, Option<String>, Option<String>);

fn name_key(d: &CustomerData) -> Option<NameKey> {
    (d.email.is_none() && d.phone.is_none()).then(|| {
        (
            d.first_name.clone(),
            d.last_name.clone(),
            d.company_name.clone(),
        )
    })
}

/// A customer as the run has left it.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    pub data: CustomerData,
    /// The line of the file that created it (`None`: a stored customer the run changed).
    pub created_by_line: Option<u64>,
}

/// See the module documentation.
#[derive(Default)]
pub(super) struct Pending {
    customers: HashMap<CustomerId, Entry>,
    references: HashMap<(ReferenceKind, String), CustomerId>,
    /// By e-mail, main phone, second phone (in [`Contact`] order).
    contacts: [HashMap<String, Vec<CustomerId>>; 3],
    names: HashMap<NameKey, Vec<CustomerId>>,
    /// A dry run's earlier chunks.
    scratch: Option<Scratch>,
}

impl Pending {
    /// The view of a run; a dry run's keeps its earlier chunks in a scratch database.
    pub(super) fn new(dry_run: bool) -> Result<Pending, StoreError> {
        Ok(Pending {
            scratch: if dry_run {
                Some(Scratch::open()?)
            } else {
                None
            },
            ..Pending::default()
        })
    }

    /// The current chunk's version of customer `id` (what a real run's chunk writes).
    pub(super) fn in_chunk(&self, id: CustomerId) -> Option<&Entry> {
        self.customers.get(&id)
    }

    /// The run's version of customer `id`, if it has one.
    pub(super) fn get(&self, id: CustomerId) -> Result<Option<Cow<'_, Entry>>, StoreError> {
        if let Some(e) = self.customers.get(&id) {
            return Ok(Some(Cow::Borrowed(e)));
        }
        let Some(s) = &self.scratch else {
            return Ok(None);
        };
        Ok(s.get(id)?.map(|(data, created_by_line)| {
            Cow::Owned(Entry {
                data,
                created_by_line,
            })
        }))
    }

    pub(super) fn contains(&self, id: CustomerId) -> Result<bool, StoreError> {
        if self.customers.contains_key(&id) {
            return Ok(true);
        }
        match &self.scratch {
            Some(s) => s.contains(id),
            None => Ok(false),
        }
    }

    /// Records customer `id` as the run leaves it: created by `line`, or (`None`) an
    /// update of a stored customer or of an earlier entry (whose line stays).
    pub(super) fn put(
        &mut self,
        id: CustomerId,
        data: CustomerData,
        created_by_line: Option<u64>,
    ) -> Result<(), StoreError> {
        let created_by_line = match (created_by_line, self.get(id)?) {
            (None, Some(e)) => e.created_by_line,
            (line, _) => line,
        };
        for r in &data.references {
            self.references.insert((r.kind, r.code.clone()), id);
        }
        for c in [Contact::Email, Contact::Phone, Contact::Phone2] {
            if let Some(v) = c.of(&data) {
                let ids = self.contacts[c as usize].entry(v.to_string()).or_default();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        if let Some(key) = name_key(&data) {
            let ids = self.names.entry(key).or_default();
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        self.customers.insert(
            id,
            Entry {
                data,
                created_by_line,
            },
        );
        Ok(())
    }

    /// The ids `memory` and `scratch` found, each checked with `holds` against the
    /// newest version of its entry, oldest first.
    fn checked(
        &self,
        memory: &[CustomerId],
        scratch: impl FnOnce(&Scratch) -> Result<Vec<CustomerId>, StoreError>,
        holds: impl Fn(&CustomerData) -> bool,
    ) -> Result<Vec<CustomerId>, StoreError> {
        let mut out: Vec<CustomerId> = memory
            .iter()
            .copied()
            .filter(|id| self.customers.get(id).is_some_and(|e| holds(&e.data)))
            .collect();
        if let Some(s) = &self.scratch {
            for id in scratch(s)? {
                let newest = self.customers.get(&id).is_none_or(|e| holds(&e.data));
                if newest && !out.contains(&id) {
                    out.push(id);
                }
            }
        }
        out.sort();
        Ok(out)
    }

    /// The entry holding reference `r`.
    pub(super) fn reference_owner(&self, r: &Reference) -> Result<Option<CustomerId>, StoreError> {
        let memory: Vec<CustomerId> = self
            .references
            .get(&(r.kind, r.code.clone()))
            .into_iter()
            .copied()
            .collect();
        let key = scratch::reference_key(r);
        let found = self.checked(
            &memory,
            |s| s.find(Key::Reference, &key),
            |d| d.references.contains(r),
        )?;
        Ok(found.first().copied())
    }

    /// The entries holding `value` in column `c`.
    pub(super) fn holding(&self, c: Contact, value: &str) -> Result<Vec<CustomerId>, StoreError> {
        let memory = self.contacts[c as usize]
            .get(value)
            .map_or(&[][..], Vec::as_slice);
        self.checked(
            memory,
            |s| s.find(c.key(), value),
            |d| c.of(d) == Some(value),
        )
    }

    /// The entries with no e-mail or phone and exactly these names.
    pub(super) fn named(
        &self,
        first: Option<&str>,
        last: Option<&str>,
        company: Option<&str>,
    ) -> Result<Vec<CustomerId>, StoreError> {
        let key: NameKey = (
            first.map(String::from),
            last.map(String::from),
            company.map(String::from),
        );
        let memory = self.names.get(&key).map_or(&[][..], Vec::as_slice);
        let text = scratch::names_key(first, last, company);
        self.checked(
            memory,
            |s| s.find(Key::Names, &text),
            |d| name_key(d).as_ref() == Some(&key),
        )
    }

    /// The chunk is over: a real run forgets it (the store shows it now), a dry run moves
    /// it to its scratch database.
    pub(super) fn settle(&mut self) -> Result<(), StoreError> {
        let customers = std::mem::take(&mut self.customers);
        if let Some(s) = &mut self.scratch {
            s.put(
                customers
                    .iter()
                    .map(|(id, e)| (*id, &e.data, e.created_by_line)),
            )?;
        }
        self.references.clear();
        self.contacts = Default::default();
        self.names.clear();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_the_run_replaced_finds_nothing_in_either_layer() {
        for dry_run in [false, true] {
            let mut p = Pending::new(dry_run).unwrap();
            let id = CustomerId::generate();
            let mut d = CustomerData {
                last_name: Some("Roux".into()),
                email: Some("a@x.fr".into()),
                ..Default::default()
            };
            p.put(id, d.clone(), Some(2)).unwrap();
            assert_eq!(p.holding(Contact::Email, "a@x.fr").unwrap(), [id]);
            p.settle().unwrap();
            // A dry run still sees it, from its scratch database; a real run's store would.
            assert_eq!(p.contains(id).unwrap(), dry_run);
            d.email = Some("b@x.fr".into());
            p.put(id, d.clone(), None).unwrap();
            assert!(p.holding(Contact::Email, "a@x.fr").unwrap().is_empty());
            assert_eq!(p.holding(Contact::Email, "b@x.fr").unwrap(), [id]);
            let line = p.get(id).unwrap().unwrap().created_by_line;
            assert_eq!(line, dry_run.then_some(2), "still the creator");
            d.email = None;
            p.put(id, d, None).unwrap();
            p.settle().unwrap();
            let named = p.named(None, Some("Roux"), None).unwrap();
            assert_eq!(named, if dry_run { vec![id] } else { vec![] });
        }
    }
}
