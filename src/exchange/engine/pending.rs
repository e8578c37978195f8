//! What this run has created or changed that the store does not show yet: the rows of a
//! dry run (never written), and the rows of the chunk a real run has not committed yet.
//! [`Engine::find`](super::Engine) looks customers up in the store and here together, so
//! a row that matches an earlier row of the same file is matched the same way whether
//! that earlier row was committed, is waiting in the chunk, or is never written.
//!
//! Invariants:
//! - an entry shadows the stored customer with the same id: its data is the customer as
//!   the run has left it so far (the store's copy is older);
//! - the keys (reference, e-mail, main and second phone, the names of a customer with no
//!   e-mail or phone) are indexed when an entry is written and checked against the
//!   entry's data when looked up, so a key the run has since replaced finds nothing;
//! - ids are UUIDv7, so sorting by id puts customers in creation order, as the store's
//!   look-ups (`ORDER BY id`) do.

use std::collections::HashMap;

use crate::domain::customer::{CustomerData, Reference, ReferenceKind};
use crate::domain::ids::CustomerId;

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
#[derive(Debug)]
pub(super) struct Entry {
    pub data: CustomerData,
    /// The line of the file that created it (`None`: a stored customer the run changed).
    pub created_by_line: Option<u64>,
}

/// See the module documentation.
#[derive(Debug, Default)]
pub(super) struct Pending {
    customers: HashMap<CustomerId, Entry>,
    references: HashMap<(ReferenceKind, String), CustomerId>,
    /// By e-mail, main phone, second phone (in [`Contact`] order).
    contacts: [HashMap<String, Vec<CustomerId>>; 3],
    names: HashMap<NameKey, Vec<CustomerId>>,
}

impl Pending {
    /// The run's version of customer `id`, if it has one.
    pub(super) fn get(&self, id: CustomerId) -> Option<&Entry> {
        self.customers.get(&id)
    }

    pub(super) fn contains(&self, id: CustomerId) -> bool {
        self.customers.contains_key(&id)
    }

    /// Records customer `id` as the run leaves it: created by `line`, or (`None`) an
    /// update of a stored customer or of an earlier entry.
    pub(super) fn put(&mut self, id: CustomerId, data: CustomerData, created_by_line: Option<u64>) {
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
        let created_by_line = match self.customers.get(&id) {
            Some(e) => e.created_by_line,
            None => created_by_line,
        };
        self.customers.insert(
            id,
            Entry {
                data,
                created_by_line,
            },
        );
    }

    /// The entry holding reference `r`.
    pub(super) fn reference_owner(&self, r: &Reference) -> Option<CustomerId> {
        let id = *self.references.get(&(r.kind, r.code.clone()))?;
        let holds = self.get(id)?.data.references.contains(r);
        holds.then_some(id)
    }

    /// The entries holding `value` in column `c`.
    pub(super) fn holding(&self, c: Contact, value: &str) -> Vec<CustomerId> {
        let Some(ids) = self.contacts[c as usize].get(value) else {
            return Vec::new();
        };
        ids.iter()
            .copied()
            .filter(|id| self.get(*id).is_some_and(|e| c.of(&e.data) == Some(value)))
            .collect()
    }

    /// The entries with no e-mail or phone and exactly these names.
    pub(super) fn named(
        &self,
        first: Option<&str>,
        last: Option<&str>,
        company: Option<&str>,
    ) -> Vec<CustomerId> {
        let key: NameKey = (
            first.map(String::from),
            last.map(String::from),
            company.map(String::from),
        );
        let Some(ids) = self.names.get(&key) else {
            return Vec::new();
        };
        ids.iter()
            .copied()
            .filter(|id| {
                self.get(*id)
                    .is_some_and(|e| name_key(&e.data).as_ref() == Some(&key))
            })
            .collect()
    }

    /// Forgets everything (a real run, once its chunk is committed: the store shows it).
    pub(super) fn clear(&mut self) {
        *self = Pending::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_the_run_replaced_finds_nothing() {
        let mut p = Pending::default();
        let id = CustomerId::generate();
        let mut d = CustomerData {
            last_name: Some("Roux".into()),
            email: Some("a@x.fr".into()),
            ..Default::default()
        };
        p.put(id, d.clone(), Some(2));
        assert_eq!(p.holding(Contact::Email, "a@x.fr"), [id]);
        d.email = Some("b@x.fr".into());
        p.put(id, d.clone(), None);
        assert!(p.holding(Contact::Email, "a@x.fr").is_empty());
        assert_eq!(p.holding(Contact::Email, "b@x.fr"), [id]);
        assert_eq!(
            p.get(id).unwrap().created_by_line,
            Some(2),
            "still the creator"
        );
        d.email = None;
        p.put(id, d, None);
        assert_eq!(p.named(None, Some("Roux"), None), [id]);
        p.clear();
        assert!(!p.contains(id));
    }
}
