//! A private scratch database for an import's dry run: the customers the run would have
//! created or changed, by id and by the keys rows are matched on, so that memory stays
//! bounded however long the file (a million rows held in memory took about 2 GB).
//!
//! It is SQLite's own temporary database (`Connection::open("")`): pages in a bounded
//! cache, spilled to a file that SQLite deletes as soon as it has created it, so no other
//! process can open it and nothing is left behind; the shop's database is not touched.
//!
//! Invariants: an entry's keys are replaced whenever the entry is, so a key finds only
//! the entries that hold it now; entries are written a batch per transaction.

use rusqlite::{params, Connection, OptionalExtension};

use super::{Result, StoreError};
use crate::domain::customer::{CustomerData, Reference, ReferenceKind};
use crate::domain::ids::CustomerId;

/// What a scratch entry can be found by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Email = 0,
    Phone = 1,
    Phone2 = 2,
    Reference = 3,
    /// The names of a customer without e-mail or phone.
    Names = 4,
}

/// The cache of the scratch database, in KiB (beyond it, pages go to its file).
const CACHE_KIB: i64 = 16 * 1024;

/// The scratch database of one dry run.
pub struct Scratch {
    conn: Connection,
}

/// The text of a reference key.
pub fn reference_key(r: &Reference) -> String {
    let kind = match r.kind {
        ReferenceKind::Barcode => "b",
        ReferenceKind::Nfc => "n",
    };
    format!("{kind}:{}", r.code)
}

/// The text of a names key: first, last, company, separated by `\u{1f}`, a missing one
/// written `\u{1e}` (stored names hold no control character).
pub fn names_key(first: Option<&str>, last: Option<&str>, company: Option<&str>) -> String {
    [first, last, company]
        .map(|n| n.unwrap_or("\u{1e}"))
        .join("\u{1f}")
}

/// The keys customer `d` is found by.
fn keys(d: &CustomerData) -> Vec<(Key, String)> {
    let mut out = Vec::new();
    for (k, v) in [
        (Key::Email, &d.email),
        (Key::Phone, &d.phone),
        (Key::Phone2, &d.phone2),
    ] {
        if let Some(v) = v {
            out.push((k, v.clone()));
        }
    }
    out.extend(
        d.references
            .iter()
            .map(|r| (Key::Reference, reference_key(r))),
    );
    if d.email.is_none() && d.phone.is_none() {
        let names = names_key(
            d.first_name.as_deref(),
            d.last_name.as_deref(),
            d.company_name.as_deref(),
        );
        out.push((Key::Names, names));
    }
    out
}

fn corrupt(e: serde_json::Error) -> StoreError {
    StoreError::Corrupt(format!("import scratch entry: {e}"))
}

impl Scratch {
    /// A new, empty scratch database.
    pub fn open() -> Result<Scratch> {
        let conn = Connection::open("")?;
        conn.execute_batch(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
             CREATE TABLE entry (id BLOB PRIMARY KEY, data TEXT NOT NULL, line INTEGER)
                 WITHOUT ROWID;
             CREATE TABLE entry_key (kind INTEGER NOT NULL, value TEXT NOT NULL,
                 id BLOB NOT NULL, PRIMARY KEY (kind, value, id)) WITHOUT ROWID;
             CREATE INDEX entry_key_id ON entry_key(id);",
        )?;
        conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
        Ok(Scratch { conn })
    }

    /// Writes entries (id, data, the line that created it), replacing those with the same
    /// id, in one transaction.
    pub fn put<'a>(
        &mut self,
        entries: impl IntoIterator<Item = (CustomerId, &'a CustomerData, Option<u64>)>,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut entry = tx.prepare_cached(
                "INSERT INTO entry (id, data, line) VALUES (?1, ?2, ?3)
                 ON CONFLICT (id) DO UPDATE SET data = excluded.data",
            )?;
            let mut forget = tx.prepare_cached("DELETE FROM entry_key WHERE id = ?1")?;
            let mut key = tx.prepare_cached(
                "INSERT OR IGNORE INTO entry_key (kind, value, id) VALUES (?1, ?2, ?3)",
            )?;
            for (id, data, line) in entries {
                let json = serde_json::to_string(data).map_err(corrupt)?;
                let line = line.and_then(|l| i64::try_from(l).ok());
                entry.execute(params![id, json, line])?;
                forget.execute([id])?;
                for (kind, value) in keys(data) {
                    key.execute(params![kind as i64, value, id])?;
                }
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Entry `id`: its data and the line that created it (`None`: a stored customer).
    pub fn get(&self, id: CustomerId) -> Result<Option<(CustomerData, Option<u64>)>> {
        let row: Option<(String, Option<i64>)> = self
            .conn
            .prepare_cached("SELECT data, line FROM entry WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((json, line)) = row else {
            return Ok(None);
        };
        let data = serde_json::from_str(&json).map_err(corrupt)?;
        Ok(Some((data, line.and_then(|l| u64::try_from(l).ok()))))
    }

    /// Whether there is an entry `id`.
    pub fn contains(&self, id: CustomerId) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM entry WHERE id = ?1")?
            .query_row([id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// The entries found by `value` as a `kind` key, oldest first.
    pub fn find(&self, kind: Key, value: &str) -> Result<Vec<CustomerId>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM entry_key WHERE kind = ?1 AND value = ?2 ORDER BY id",
        )?;
        let ids = stmt.query_map(params![kind as i64, value], |r| r.get(0))?;
        Ok(ids.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_found_by_their_keys_of_now() {
        let mut s = Scratch::open().unwrap();
        let id = CustomerId::generate();
        let mut d = CustomerData {
            last_name: Some("Roux".into()),
            email: Some("a@x.fr".into()),
            references: vec![Reference {
                kind: ReferenceKind::Barcode,
                code: "C1".into(),
            }],
            ..Default::default()
        };
        s.put([(id, &d, Some(4))]).unwrap();
        assert_eq!(s.find(Key::Email, "a@x.fr").unwrap(), [id]);
        assert_eq!(s.find(Key::Reference, "b:C1").unwrap(), [id]);
        d.email = None;
        s.put([(id, &d, None)]).unwrap();
        assert!(s.find(Key::Email, "a@x.fr").unwrap().is_empty());
        let names = names_key(None, Some("Roux"), None);
        assert_eq!(s.find(Key::Names, &names).unwrap(), [id]);
        assert_eq!(
            s.get(id).unwrap(),
            Some((d, Some(4))),
            "the first line kept"
        );
        assert!(s.contains(id).unwrap());
        assert!(!s.contains(CustomerId::generate()).unwrap());
    }
}
