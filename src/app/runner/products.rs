//! The F5 item search: the active products in a [`CatalogIndex`] (the customer search's
//! folding, prefixes and typo budget), kept between keystrokes and built again when the
//! catalogue changed.
//!
//! Invariants: results are the index's (catalogue order, by name; direct matches before
//! typo matches; at most the limit); the index is built again whenever the catalogue's
//! version (moved by every product write: a name, a category, an archive), the count,
//! the last row or the sum of prices of the active products differ from when it was
//! built (one aggregate per keystroke, not the whole table).

use rusqlite::Connection;

use crate::domain::catalog::Product;
use crate::search::catalog::CatalogIndex;
use crate::search::Folder;
use crate::store::{catalog, StoreError};

/// What identifies a state of the catalogue cheaply.
type Key = (i64, i64, i64, i64);

#[derive(Default)]
pub(super) struct ProductCache {
    key: Option<Key>,
    index: CatalogIndex,
    folder: Folder,
}

impl ProductCache {
    /// The products matching `text`, at most `limit`.
    pub(super) fn search(
        &mut self,
        conn: &Connection,
        text: &str,
        limit: usize,
    ) -> Result<Vec<Product>, StoreError> {
        let key: Key = conn
            .query_row(
                "SELECT COUNT(*), COALESCE(MAX(rowid), 0), COALESCE(SUM(price_cents), 0),
                    (SELECT COALESCE(MAX(value), 0) FROM counter WHERE name = 'catalog')
                 FROM product WHERE active = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .map_err(StoreError::from)?;
        if self.key != Some(key) {
            self.index = CatalogIndex::new(catalog::products(conn)?, &mut self.folder);
            self.key = Some(key);
        }
        Ok(self
            .index
            .search(&mut self.folder, text, limit)
            .into_iter()
            .cloned()
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{self, DemoOptions};
    use crate::store::Store;

    #[test]
    fn accents_and_case_do_not_matter_and_a_new_product_is_found() {
        let mut store = Store::open_in_memory().unwrap();
        demo::generate(
            &mut store,
            &DemoOptions {
                customers: 1,
                seed: 1,
                now: chrono::Utc::now(),
                sales: false,
            },
        )
        .unwrap();
        let mut cache = ProductCache::default();
        let names = |found: Vec<Product>| found.into_iter().map(|p| p.name).collect::<Vec<_>>();
        let found = names(cache.search(store.conn(), "cafe ethiop", 10).unwrap());
        assert!(
            found.iter().any(|n| n.starts_with("Café moulu Éthiopie")),
            "{found:?}"
        );
        let found = names(cache.search(store.conn(), "CAFÉ", 50).unwrap());
        // A word typed is a prefix: "café" also finds the "Cafetière".
        assert!(
            found.iter().any(|n| n.starts_with("Cafetière")),
            "{found:?}"
        );
        assert!(
            found.len() > 2 && found.iter().all(|n| n.starts_with("Caf")),
            "{found:?}"
        );
        assert!(cache.search(store.conn(), "zzz", 10).unwrap().is_empty());
        // A product added meanwhile is seen at the next keystroke.
        let p = Product {
            id: crate::domain::ids::ProductId::generate(),
            code: "2000000000015".into(),
            name: "Crème brûlée".into(),
            price: crate::domain::money::Money::from_cents(450),
            tax_rate: crate::domain::money::Percent::ZERO,
            cost: None,
            category: None,
        };
        store.write(|tx| catalog::upsert_product(tx, &p)).unwrap();
        let found = names(cache.search(store.conn(), "creme brul", 10).unwrap());
        // Found first; typo matches ("Crémant ... brut") may follow.
        assert_eq!(
            found.first().map(String::as_str),
            Some("Crème brûlée"),
            "{found:?}"
        );
        let by_code = names(cache.search(store.conn(), "0000000015", 10).unwrap());
        assert_eq!(by_code, vec!["Crème brûlée".to_string()]);
        // A rename keeps the count, the last row and the prices: the version moves.
        let renamed = Product {
            name: "Crème caramel".into(),
            ..p
        };
        store
            .write(|tx| catalog::upsert_product(tx, &renamed))
            .unwrap();
        let found = names(cache.search(store.conn(), "creme cara", 10).unwrap());
        assert_eq!(
            found.first().map(String::as_str),
            Some("Crème caramel"),
            "{found:?}"
        );
        assert!(!found.iter().any(|n| n == "Crème brûlée"), "{found:?}");
    }
}
