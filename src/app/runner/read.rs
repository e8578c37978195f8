//! The runner's reads: products, customer search (the index, else plain SQL), cards (with
//! their balances and ledger movements), tickets' customers, duplicates, scans, past
//! sales (with what refunds gave back of them), list pages, the parked tickets of this
//! register.
//!
//! Invariants: nothing here writes; a search that the index cannot answer falls back to
//! `store::lookup::like_search` and says so (`fallback`), it never fails for that alone.
//! The index answers here, on the loop's thread (well under a millisecond); what may
//! scan the customer table (the fallback, duplicates, list pages) goes to the worker
//! when there is one, and its answer comes later through the event channel.

use chrono::Utc;

use super::super::action::{Action, ScanOutcome};
use super::super::state::{Attached, CardData, ParkedRow, PastSale};
use super::worker::{Job, DUPLICATES};
use super::Runner;
use crate::domain::customer::{Customer, CustomerData, TaxPreference};
use crate::domain::ids::{CustomerId, SaleId};
use crate::domain::money::Percent;
use crate::domain::sale::{self, Sale};
use crate::input::Scan;
use crate::receipt;
use crate::search::{Mode, Request, SearchField};
use crate::service::ServiceError;
use crate::store::lookup::ListQuery;
use crate::store::parked::{self, ParkedTicket};
use crate::store::{
    catalog, customers, group_prices, ledger, lookup, notes, sales, stats, StoreError,
};

/// History rows loaded with a card.
const HISTORY: usize = 200;

/// Ledger movements loaded with a card (the Loyalty tab).
const MOVEMENTS: usize = 200;

/// Products listed by the product search popup.
const PRODUCTS: usize = 30;

impl Runner {
    pub(super) fn lookup_product(&self, code: String) -> Result<Vec<Action>, ServiceError> {
        Ok(vec![Action::ProductFound {
            product: catalog::product_by_code(self.store.conn(), &code)?,
            code,
        }])
    }

    /// A ticket number typed at the till: a product with that code first (a shop's own
    /// code may look like a ticket number, and stays a product), else the sale.
    pub(super) fn lookup_ticket(&self, code: String) -> Result<Vec<Action>, ServiceError> {
        if let Some(product) = catalog::product_by_code(self.store.conn(), &code)? {
            return Ok(vec![Action::ProductFound {
                code,
                product: Some(product),
            }]);
        }
        Ok(vec![match self.sale_by_number(&code)? {
            Some(past) => Action::SaleLoaded(Box::new(past)),
            None => Action::SaleNotFound(code),
        }])
    }

    /// The past sale with ticket number `number`, as printed or typed in lower case.
    fn sale_by_number(&self, number: &str) -> Result<Option<PastSale>, StoreError> {
        let conn = self.store.conn();
        let mut id = sales::id_by_number(conn, number)?;
        let upper = number.to_ascii_uppercase();
        if id.is_none() && upper != number {
            id = sales::id_by_number(conn, &upper)?;
        }
        id.map(|id| self.past_sale(id)).transpose()
    }

    pub(super) fn search_products(&mut self, text: &str) -> Result<Vec<Action>, ServiceError> {
        let found = self.products.search(self.store.conn(), text, PRODUCTS)?;
        Ok(vec![Action::ProductsFound(found)])
    }

    /// The picker's search: the index when open and working (or, while it is caught up
    /// in the background, the finder kept from it: its state at the handover), else plain
    /// SQL.
    pub(super) fn search_customers(
        &mut self,
        seq: u64,
        text: &str,
        advanced: bool,
        fields: &[SearchField],
    ) -> Result<Vec<Action>, ServiceError> {
        let limit = self.config.search_limit;
        let req = Request {
            text,
            mode: if advanced {
                Mode::Advanced
            } else {
                Mode::Simple
            },
            fields,
            limit,
        };
        let found = match (self.index.as_mut(), self.finder.as_mut()) {
            (Some(idx), _) => Some(idx.search(&req)),
            (None, Some(finder)) => Some(finder.search(&req)),
            (None, None) => None,
        };
        if let Some(found) = found {
            match found {
                Ok(hits) => {
                    if let Some(w) = &self.worker {
                        w.supersede(seq);
                    }
                    let ids: Vec<_> = hits.iter().map(|h| h.id).collect();
                    let rows = lookup::rows(self.store.conn(), &ids)?;
                    return Ok(vec![Action::SearchDone {
                        seq,
                        rows,
                        fallback: false,
                    }]);
                }
                Err(e) => tracing::warn!("search failed ({e}); plain search instead"),
            }
        }
        let text = text.to_string();
        if let Some(w) = &self.worker {
            w.submit(Job::Search { seq, text, limit });
            return Ok(Vec::new());
        }
        Ok(vec![super::worker::plain_search(
            self.store.conn(),
            seq,
            &text,
            limit,
        )])
    }

    pub(super) fn duplicates(&self, id: CustomerId) -> Result<Vec<Action>, ServiceError> {
        let c = self.customer(id)?;
        if let Some(w) = &self.worker {
            w.submit(Job::Duplicates(Box::new(c)));
            return Ok(Vec::new());
        }
        let rows = lookup::duplicates(self.store.conn(), &c, DUPLICATES)?;
        Ok(vec![Action::Duplicates(rows)])
    }

    /// A scan: a customer's reference first, else a product's code, else a receipt's
    /// ticket number, else unknown.
    pub(super) fn resolve_scan(&self, scan: Scan) -> Result<Vec<Action>, ServiceError> {
        let conn = self.store.conn();
        let references = scan.references();
        let mut outcome = ScanOutcome::Unknown;
        // The one rule `customers find-ref` follows too.
        let found = if scan.valid {
            lookup::customer_by_scan(conn, &scan.code, scan.read_as())?
        } else {
            None
        };
        if let Some(id) = found {
            outcome = ScanOutcome::Customer(Box::new(self.attached(id)?));
        }
        if outcome == ScanOutcome::Unknown {
            if let Some(p) = catalog::product_by_code(conn, &scan.code)? {
                outcome = ScanOutcome::Product(p);
            }
        }
        if outcome == ScanOutcome::Unknown {
            if let Some(card) = crate::store::gift::get(conn, &scan.code)? {
                outcome = ScanOutcome::GiftCard {
                    code: card.code,
                    balance: card.balance,
                };
            }
        }
        if outcome == ScanOutcome::Unknown && sales::is_number(&scan.code) {
            if let Some(past) = self.sale_by_number(&scan.code)? {
                outcome = ScanOutcome::Sale(Box::new(past));
            }
        }
        Ok(vec![Action::ScanResolved {
            code: scan.code,
            references,
            outcome,
        }])
    }

    pub(super) fn list_page(&self, q: &ListQuery) -> Result<Vec<Action>, ServiceError> {
        if let Some(w) = &self.worker {
            w.submit(Job::ListPage(q.clone()));
            return Ok(Vec::new());
        }
        Ok(vec![Action::ListPage {
            offset: q.offset,
            rows: lookup::list_page(self.store.conn(), q)?,
        }])
    }

    pub(super) fn customer(&self, id: CustomerId) -> Result<Customer, StoreError> {
        customers::get(self.store.conn(), id)?.ok_or_else(|| StoreError::NotFound {
            what: "customer",
            id: id.to_string(),
        })
    }

    pub(super) fn sale(&self, id: SaleId) -> Result<Sale, StoreError> {
        sales::get(self.store.conn(), id)?.ok_or_else(|| StoreError::NotFound {
            what: "sale",
            id: id.to_string(),
        })
    }

    /// A past sale with what earlier refunds gave back of each line, its customer's name
    /// and, for a refund, the number of the sale it gives back.
    pub(super) fn past_sale(&self, id: SaleId) -> Result<PastSale, StoreError> {
        let sale = self.sale(id)?;
        let conn = self.store.conn();
        let given = sales::refunded_quantities(conn, id)?;
        let refunded = (1..=sale.lines.len() as u32)
            .map(|n| given.get(&n).copied().unwrap_or_default())
            .collect();
        let refund_of = match sale.refund_of {
            Some(orig) => sales::number(conn, orig)?,
            None => None,
        };
        let customer = match sale.customer_id {
            Some(c) => customers::get(conn, c)?
                .map(|c| c.data.display_name())
                .filter(|n| !n.is_empty()),
            None => None,
        };
        Ok(PastSale {
            sale,
            refunded,
            refund_of,
            customer,
        })
    }

    /// What the ticket needs of a customer, their balances included.
    pub fn attached(&self, id: CustomerId) -> Result<Attached, StoreError> {
        let c = self.customer(id)?;
        let conn = self.store.conn();
        let d = &c.data;
        Ok(Attached {
            id,
            name: d.display_name(),
            group: d.group.clone(),
            discount: self.group_discount(d)?,
            tax: d.tax,
            notes: lookup::note_count(conn, id)?,
            has_personal_note: d.personal_note.is_some(),
            phone: d.phone.clone(),
            address: receipt::address_lines(d, &self.config.shop.country),
            email: d.email.clone(),
            receipt_by_email: d.preferences.receipt_by_email,
            receipt_by_sms: d.preferences.receipt_by_sms,
            balances: ledger::balances(conn, id)?,
            prices: group_prices::of_group_name(conn, d.group.as_deref())?,
        })
    }

    /// The discount of the customer's group (none without one).
    fn group_discount(&self, d: &CustomerData) -> Result<Percent, StoreError> {
        Ok(match &d.group {
            Some(g) => {
                catalog::group_by_name(self.store.conn(), g)?.map_or(Percent::ZERO, |g| g.discount)
            }
            None => Percent::ZERO,
        })
    }

    /// The tickets parked at this register, newest first, each with its customer's name
    /// and the total it has with their discount and tax preference of now.
    pub(super) fn parked_rows(&self) -> Result<Vec<ParkedRow>, StoreError> {
        let conn = self.store.conn();
        let tickets = parked::list(conn, &self.actor.register, crate::service::MAX_PARKED)?;
        tickets.into_iter().map(|p| self.parked_row(p)).collect()
    }

    fn parked_row(&self, p: ParkedTicket) -> Result<ParkedRow, StoreError> {
        let found = match p.customer_id {
            Some(id) => customers::get(self.store.conn(), id)?.filter(|c| !c.anonymised),
            None => None,
        };
        let (discount, tax) = match &found {
            Some(c) => (self.group_discount(&c.data)?, c.data.tax),
            None => (Percent::ZERO, TaxPreference::Normal),
        };
        Ok(ParkedRow {
            id: p.id,
            parked_at: p.parked_at,
            customer_gone: p.had_customer && found.is_none(),
            customer: found.map(|c| c.data.display_name()),
            lines: p.lines.len(),
            total: sale::totals(&p.lines, discount, tax).total,
            label: p.label,
            damaged: p.damaged,
        })
    }

    pub(super) fn card(&self, id: CustomerId) -> Result<CardData, StoreError> {
        let customer = self.customer(id)?;
        let conn = self.store.conn();
        let now = Utc::now();
        let today = crate::store::reports::Period::local_day(now, self.utc_offset_secs);
        Ok(CardData {
            history: sales::for_customer(conn, id, HISTORY)?,
            stats: stats::for_customer(conn, id, now)?,
            monthly: stats::monthly_goods(conn, id, today, self.utc_offset_secs)?,
            notes: notes::for_customer(conn, id)?,
            balances: ledger::balances(conn, id)?,
            movements: ledger::movements(conn, id, MOVEMENTS)?,
            customer,
        })
    }
}
