//! The products and groups screens' IO: the rows they list (every product, archived ones
//! too, found by the F5 item search's [`CatalogIndex`]; every group with how many
//! customers it holds), and their writes, each one call to the service as the manager.
//!
//! Invariants: no store writer is called from here (`service::create_product`,
//! `service::products::edit_product`, `service::groups::*`,
//! `service::group_prices::*`: the manager's role, the
//! audit entry and the one transaction are theirs); the products screen's index is
//! built again whenever the catalogue's version, count or last row moved (every product
//! write moves the version), so a change is listed at once, and the F5 search's own
//! cache sees the same version; a group write that re-logs customers (a rename, a
//! delete that moves them) is followed by the customer index's catch-up.

use std::collections::HashSet;

use rusqlite::Connection;

use super::super::action::{Action, PricesAsk, PricesDone};
use super::super::state::{
    GroupPriceRow, GroupRow, MoveTo, ProductDraft, ProductRow, CATALOG_ROWS,
};
use super::Runner;
use crate::domain::catalog::Product;
use crate::domain::ids::ProductId;
use crate::domain::money::Percent;
use crate::search::catalog::CatalogIndex;
use crate::search::Folder;
use crate::service::group_prices;
use crate::service::groups::{self, Destination};
use crate::service::products::{edit_product, ProductPatch};
use crate::service::{self, NewProduct, ServiceError};
use crate::store::{catalog, StoreError};

/// What identifies a state of the whole catalogue cheaply.
type Key = (i64, i64, i64);

/// The products screen's folded catalogue, archived products included.
#[derive(Default)]
pub(super) struct ManagerCatalog {
    key: Option<Key>,
    index: CatalogIndex,
    folder: Folder,
    archived: HashSet<ProductId>,
}

impl ManagerCatalog {
    /// The products matching `text` (by name when empty), at most `limit`.
    fn rows(
        &mut self,
        conn: &Connection,
        text: &str,
        limit: usize,
    ) -> Result<Vec<ProductRow>, StoreError> {
        let key: Key = conn
            .query_row(
                "SELECT COUNT(*), COALESCE(MAX(rowid), 0),
                    (SELECT COALESCE(MAX(value), 0) FROM counter WHERE name = 'catalog')
                 FROM product",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .map_err(StoreError::from)?;
        if self.key != Some(key) {
            let all = catalog::list(conn, true, None)?;
            self.archived = all
                .iter()
                .filter(|(_, active)| !active)
                .map(|(p, _)| p.id)
                .collect();
            let products: Vec<Product> = all.into_iter().map(|(p, _)| p).collect();
            self.index = CatalogIndex::new(products, &mut self.folder);
            self.key = Some(key);
        }
        let row = |p: &Product| ProductRow {
            active: !self.archived.contains(&p.id),
            product: p.clone(),
        };
        Ok(if text.trim().is_empty() {
            self.index.all().iter().take(limit).map(row).collect()
        } else {
            self.index
                .search(&mut self.folder, text, limit)
                .into_iter()
                .map(row)
                .collect()
        })
    }
}

impl Runner {
    pub(super) fn load_catalog(
        &mut self,
        seq: u64,
        text: &str,
    ) -> Result<Vec<Action>, ServiceError> {
        let rows = self.catalog.rows(self.store.conn(), text, CATALOG_ROWS)?;
        Ok(vec![Action::CatalogLoaded { seq, rows }])
    }

    /// Adds a product (`original` is `None`) or changes the product of code `original`
    /// to the form's values (a cleared cost or category is cleared).
    pub(super) fn save_product(
        &mut self,
        original: Option<String>,
        d: ProductDraft,
    ) -> Result<Vec<Action>, ServiceError> {
        let Some(code) = original else {
            let p = service::create_product(
                &mut self.store,
                &self.actor,
                NewProduct {
                    code: d.code,
                    name: d.name,
                    price: d.price,
                    tax_rate: d.tax_rate,
                    cost: d.cost,
                    category: d.category,
                },
            )?;
            return Ok(vec![Action::ProductSaved {
                code: p.code,
                name: p.name,
                new: true,
            }]);
        };
        let patch = ProductPatch {
            code: Some(d.code),
            name: Some(d.name),
            price: Some(d.price),
            tax_rate: Some(d.tax_rate),
            cost: Some(d.cost),
            category: Some(d.category),
            active: None,
        };
        let (p, _) = edit_product(&mut self.store, &self.actor, &code, &patch)?;
        Ok(vec![Action::ProductSaved {
            code: p.code,
            name: p.name,
            new: false,
        }])
    }

    /// Archives (`active` false) or brings back product `code`.
    pub(super) fn set_product_active(
        &mut self,
        code: &str,
        active: bool,
    ) -> Result<Vec<Action>, ServiceError> {
        let patch = ProductPatch {
            active: Some(active),
            ..ProductPatch::default()
        };
        let (p, active) = edit_product(&mut self.store, &self.actor, code, &patch)?;
        Ok(vec![Action::ProductArchived {
            name: p.name,
            active,
        }])
    }

    pub(super) fn load_groups(&self) -> Result<Vec<Action>, ServiceError> {
        let rows = catalog::groups_with_counts(self.store.conn())?
            .into_iter()
            .map(|(group, customers)| GroupRow { group, customers })
            .collect();
        Ok(vec![Action::GroupsLoaded(rows)])
    }

    /// Adds a group (`original` is `None`) or renames and re-prices group `original`.
    pub(super) fn save_group(
        &mut self,
        original: Option<String>,
        name: &str,
        discount: Percent,
    ) -> Result<Vec<Action>, ServiceError> {
        let created = original.is_none();
        let g = match original {
            None => groups::create_group(&mut self.store, &self.actor, name, discount)?,
            Some(old) => groups::edit_group(
                &mut self.store,
                &self.actor,
                &old,
                Some(name),
                Some(discount),
            )?,
        };
        let index = self.catch_up_after_write();
        let saved = Action::GroupSaved {
            name: g.name,
            new: created,
        };
        Ok(std::iter::once(saved).chain(index).collect())
    }

    /// Reads a group's price list, or sets one of its prices (as the manager).
    pub(super) fn group_prices(&mut self, ask: PricesAsk) -> Result<Vec<Action>, ServiceError> {
        match ask {
            PricesAsk::Load(group) => {
                let (g, list) = group_prices::prices(&self.store, &group)?;
                let rows = list
                    .into_iter()
                    .map(|(p, price)| GroupPriceRow {
                        code: p.code,
                        name: p.name,
                        shelf: p.price,
                        price,
                    })
                    .collect();
                let done = PricesDone::Loaded {
                    group: g.name,
                    rows,
                };
                Ok(vec![Action::GroupPrices(done)])
            }
            PricesAsk::Set { group, code, price } => {
                let c =
                    group_prices::set_price(&mut self.store, &self.actor, &group, &code, price)?;
                let done = PricesDone::Saved {
                    group: c.group.name,
                    code: c.product.code,
                    price: c.after,
                };
                Ok(vec![Action::GroupPrices(done)])
            }
        }
    }

    /// Deletes group `name`, its customers moved `to` where the manager said.
    pub(super) fn delete_group(
        &mut self,
        name: String,
        to: Option<MoveTo>,
    ) -> Result<Vec<Action>, ServiceError> {
        let to = to.map(|t| match t {
            MoveTo::NoGroup => Destination::NoGroup,
            MoveTo::Group(g) => Destination::Group(g),
        });
        let moved = groups::delete_group(&mut self.store, &self.actor, &name, to.as_ref())?;
        let index = self.catch_up_after_write();
        let deleted = Action::GroupDeleted { name, moved };
        Ok(std::iter::once(deleted).chain(index).collect())
    }
}
