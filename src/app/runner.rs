//! The effect runner: performs the IO that `update` asks for and turns the outcome into
//! actions. It owns the store, the search index (once open) and the receipt output.
//!
//! Invariants: every write is one `Store::write` transaction (through `crate::service`
//! for customers); the search index catches up right after each commit, so a customer
//! saved a moment ago is found at once; failures become `Action::Failed` with the store's
//! own message, never a panic; while the index is not open, customer search falls back
//! to `store::lookup::like_search`. Receipts go to `config.receipt_output` in a
//! background thread when an event channel is given (a printer must not freeze the
//! screen), synchronously otherwise (tests, benchmarks); so do imports (`import.rs`).

use std::io::Write;
use std::sync::mpsc::Sender;

use chrono::Utc;

use super::action::{Action, Effect, IndexEvent, SaleDraft, ScanOutcome};
use super::events::Event;
use super::state::{Attached, CardData, Lang};
use crate::config::Config;
use crate::domain::catalog::Product;
use crate::domain::customer::Customer;
use crate::domain::ids::{CustomerId, ProductId, SaleId};
use crate::domain::money::Percent;
use crate::domain::sale::{self, Payment, PaymentMethod, Sale};
use crate::search::{Mode, Request, SearchIndex};
use crate::service::{self, Actor, ServiceError};
use crate::store::{catalog, customers, lookup, merge, notes, sales, stats, Store, StoreError};
use crate::ui::receipt::{self, ReceiptContext};

mod import;

/// History rows loaded with a card.
const HISTORY: usize = 200;

/// Runs effects against the store and the index.
pub struct Runner {
    store: Store,
    index: Option<SearchIndex>,
    config: Config,
    actor: Actor,
    lang: Lang,
    utc_offset_secs: i32,
    events: Option<Sender<Event>>,
}

impl Runner {
    pub fn new(store: Store, config: &Config, events: Option<Sender<Event>>) -> Runner {
        Runner {
            store,
            index: None,
            actor: Actor {
                name: format!("register:{}", config.shop.register),
                country: config.shop.country.clone(),
            },
            lang: config.shop.lang,
            utc_offset_secs: 0,
            config: config.clone(),
            events,
        }
    }

    /// Local time offset for receipts.
    pub fn set_utc_offset(&mut self, secs: i32) {
        self.utc_offset_secs = secs;
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Takes over an index opened elsewhere (the background opener) and catches it up.
    pub fn set_index(&mut self, mut idx: SearchIndex) -> Action {
        if let Err(e) = idx.catch_up(self.store.conn()) {
            tracing::warn!("search index catch-up failed: {e}");
        }
        self.index = Some(idx);
        Action::Index(IndexEvent::Ready)
    }

    fn catch_up(&mut self) {
        if let Some(idx) = self.index.as_mut() {
            if let Err(e) = idx.catch_up(self.store.conn()) {
                tracing::warn!("search index not caught up now ({e}); it will be at start");
            }
        }
    }

    /// Performs one effect; the result actions go back to `update`.
    pub fn run(&mut self, effect: Effect) -> Vec<Action> {
        match self.try_run(effect) {
            Ok(actions) => actions,
            Err(e) => {
                tracing::warn!("action refused: {e}");
                vec![Action::Failed(e.to_string())]
            }
        }
    }

    fn try_run(&mut self, effect: Effect) -> Result<Vec<Action>, ServiceError> {
        let conn = self.store.conn();
        Ok(match effect {
            Effect::LookupProduct(code) => vec![Action::ProductFound {
                product: catalog::product_by_code(conn, &code)?,
                code,
            }],
            Effect::SearchProducts(text) => {
                vec![Action::ProductsFound(lookup::products_by_name(
                    conn, &text, 30,
                )?)]
            }
            Effect::SearchCustomers {
                seq,
                text,
                advanced,
                fields,
            } => {
                let limit = self.config.search_limit;
                let (ids, fallback) = match self.index.as_mut() {
                    Some(idx) => {
                        let req = Request {
                            text: &text,
                            mode: if advanced {
                                Mode::Advanced
                            } else {
                                Mode::Simple
                            },
                            fields: &fields,
                            limit,
                        };
                        match idx.search(&req) {
                            Ok(hits) => (hits.iter().map(|h| h.id).collect(), false),
                            Err(e) => {
                                tracing::warn!("search failed ({e}); plain search instead");
                                (lookup::like_search(conn, &text, limit)?, true)
                            }
                        }
                    }
                    None => (lookup::like_search(conn, &text, limit)?, true),
                };
                let rows = lookup::rows(self.store.conn(), &ids)?;
                vec![Action::SearchDone {
                    seq,
                    rows,
                    fallback,
                }]
            }
            Effect::LoadAttached(id) => vec![Action::Attach(Box::new(self.attached(id)?))],
            Effect::LoadCard(id) => vec![Action::CardLoaded(Box::new(self.card(id)?))],
            Effect::FindDuplicates(id) => {
                let c = self.customer(id)?;
                vec![Action::Duplicates(lookup::duplicates(conn, &c, 20)?)]
            }
            Effect::LoadMergeOther(id) => vec![Action::MergeOther(Box::new(self.customer(id)?))],
            Effect::ResolveScan(scan) => {
                let references = scan.references();
                let mut outcome = ScanOutcome::Unknown;
                for r in &references {
                    if let Some(id) = customers::find_by_reference(conn, r.kind, &r.code)? {
                        outcome = ScanOutcome::Customer(Box::new(self.attached(id)?));
                        break;
                    }
                }
                if outcome == ScanOutcome::Unknown {
                    if let Some(p) = catalog::product_by_code(self.store.conn(), &scan.code)? {
                        outcome = ScanOutcome::Product(p);
                    }
                }
                vec![Action::ScanResolved {
                    code: scan.code,
                    references,
                    outcome,
                }]
            }
            Effect::StoreSale(draft) => self.store_sale(*draft)?,
            Effect::LoadSale(id) => vec![Action::SaleLoaded(Box::new(self.sale(id)?))],
            Effect::Reprint(id) => {
                let s = self.sale(id)?;
                self.print(&s).into_iter().collect()
            }
            Effect::SaveCustomer { id, data, attach } => {
                let saved = match id {
                    Some(id) => service::edit_customer(&mut self.store, &self.actor, id, *data)?,
                    None => service::add_customer(&mut self.store, &self.actor, *data)?,
                };
                self.catch_up();
                let mut out = Vec::new();
                if attach {
                    out.push(Action::Attach(Box::new(self.attached(saved.id)?)));
                }
                out.insert(
                    0,
                    Action::CustomerSaved {
                        customer: Box::new(saved),
                        attach,
                        created: id.is_none(),
                    },
                );
                out
            }
            Effect::AddNote { id, body } => {
                let author = self.actor.name.clone();
                let note = self.store.write(|tx| notes::add(tx, id, &author, &body))?;
                vec![Action::NoteAdded(note)]
            }
            Effect::VerifyPin(pin) => {
                match crate::auth::verify_pin(self.config.manager_pin_hash.as_deref(), Some(&pin)) {
                    Ok(()) => vec![Action::PinChecked {
                        ok: true,
                        error: None,
                    }],
                    Err(crate::auth::AuthError::WrongPin) => {
                        vec![Action::PinChecked {
                            ok: false,
                            error: None,
                        }]
                    }
                    Err(e) => vec![Action::PinChecked {
                        ok: false,
                        error: Some(e.to_string()),
                    }],
                }
            }
            Effect::DeleteCustomer(id) => {
                let outcome = service::delete_customer(&mut self.store, &self.actor, id)?;
                self.catch_up();
                vec![Action::Deleted { id, outcome }]
            }
            Effect::Merge {
                survivor,
                duplicate,
                data,
                taken,
            } => {
                let actor = self.actor.name.clone();
                self.store
                    .write(|tx| merge::merge(tx, survivor, duplicate, &data, &taken, &actor))?;
                self.catch_up();
                vec![Action::Merged { survivor }]
            }
            Effect::MoveSale { sale, to } => {
                let actor = self.actor.name.clone();
                self.store
                    .write(|tx| merge::move_sale(tx, sale, Some(to), &actor))?;
                self.catch_up();
                vec![Action::SaleMoved { sale }]
            }
            Effect::LoadList(q) => vec![Action::ListPage {
                offset: q.offset,
                rows: lookup::list_page(conn, &q)?,
            }],
            Effect::AddReference { id, reference } => {
                let mut data = self.customer(id)?.data;
                data.references.push(reference);
                service::edit_customer(&mut self.store, &self.actor, id, data)?;
                self.catch_up();
                vec![Action::ReferenceAdded(id)]
            }
            Effect::CreateProduct {
                code,
                name,
                price,
                tax_rate,
            } => {
                let p = Product {
                    id: ProductId::generate(),
                    code,
                    name,
                    price,
                    tax_rate,
                };
                self.store.write(|tx| catalog::upsert_product(tx, &p))?;
                vec![Action::ProductCreated(p)]
            }
            Effect::ListDir(dir) => self.list_dir(dir),
            Effect::Goto(path) => self.goto(path),
            Effect::Import {
                run,
                path,
                preset,
                dry_run,
            } => self.import(run, path, preset, dry_run),
            Effect::SyncIndex => self.sync_index(),
        })
    }

    fn customer(&self, id: CustomerId) -> Result<Customer, StoreError> {
        customers::get(self.store.conn(), id)?.ok_or_else(|| StoreError::NotFound {
            what: "customer",
            id: id.to_string(),
        })
    }

    fn sale(&self, id: SaleId) -> Result<Sale, StoreError> {
        sales::get(self.store.conn(), id)?.ok_or_else(|| StoreError::NotFound {
            what: "sale",
            id: id.to_string(),
        })
    }

    /// What the ticket needs of a customer.
    pub fn attached(&self, id: CustomerId) -> Result<Attached, StoreError> {
        let c = self.customer(id)?;
        let conn = self.store.conn();
        let d = &c.data;
        let discount = match &d.group {
            Some(g) => catalog::group_by_name(conn, g)?.map_or(Percent::ZERO, |g| g.discount),
            None => Percent::ZERO,
        };
        Ok(Attached {
            id,
            name: d.display_name(),
            group: d.group.clone(),
            discount,
            tax: d.tax,
            notes: lookup::note_count(conn, id)?,
            has_personal_note: d.personal_note.is_some(),
            phone: d.phone.clone(),
            address: receipt::address_lines(d, &self.config.shop.country),
        })
    }

    fn card(&self, id: CustomerId) -> Result<CardData, StoreError> {
        let customer = self.customer(id)?;
        let conn = self.store.conn();
        Ok(CardData {
            history: sales::for_customer(conn, id, HISTORY)?,
            stats: stats::for_customer(conn, id, Utc::now())?,
            notes: notes::for_customer(conn, id)?,
            customer,
        })
    }

    fn store_sale(&mut self, d: SaleDraft) -> Result<Vec<Action>, ServiceError> {
        let totals = sale::totals(&d.lines, d.group_discount, d.tax);
        let payment = match (d.method, d.tendered) {
            (PaymentMethod::Cash, Some(t)) => Payment::cash(totals.total, t)?,
            (method, _) => Payment {
                id: crate::domain::ids::PaymentId::generate(),
                method,
                amount: totals.total,
                tendered: None,
                change: None,
            },
        };
        let change = payment.change;
        let register = self.config.shop.register.clone();
        let actor = self.actor.name.clone();
        let sale = self.store.write(|tx| {
            let s = Sale {
                id: SaleId::generate(),
                number: sales::next_number(tx, &register)?,
                created_at: Utc::now(),
                customer_id: d.customer,
                group_discount: d.group_discount,
                tax: d.tax,
                lines: d.lines.clone(),
                payments: vec![payment.clone()],
                totals: totals.clone(),
            };
            sales::insert(tx, &s, &actor)?;
            Ok::<_, StoreError>(s)
        })?;
        self.catch_up();
        let mut out = vec![Action::SaleStored {
            number: sale.number.clone(),
            total: sale.totals.total,
            method: d.method,
            change,
        }];
        if self.config.receipt_output.is_some() {
            out.extend(self.print(&sale));
        }
        Ok(out)
    }

    /// The receipt text of a stored sale.
    pub fn receipt_text(&self, s: &Sale) -> String {
        let customer = s
            .customer_id
            .and_then(|id| customers::get(self.store.conn(), id).ok().flatten())
            .filter(|c| !c.anonymised)
            .map(|c| {
                (
                    c.data.display_name(),
                    receipt::address_lines(&c.data, &self.config.shop.country),
                    c.data.group.clone(),
                )
            });
        let ctx = ReceiptContext {
            shop: &self.config.shop,
            width: self.config.receipt_width,
            footer: self.config.receipt_footer.as_deref(),
            lang: self.lang,
            utc_offset_secs: self.utc_offset_secs,
            customer,
        };
        receipt::render(s, &ctx)
    }

    /// Sends a receipt to the configured output: in the background when there is an event
    /// channel (the result comes back through it), else at once.
    fn print(&self, s: &Sale) -> Option<Action> {
        let Some(path) = self.config.receipt_output.clone() else {
            return Some(Action::Receipt(Err(
                "no receipt output is configured ([receipt] output)".into(),
            )));
        };
        let text = self.receipt_text(s);
        let write = move || -> Result<(), String> {
            let mut f = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            f.write_all(text.as_bytes())
                .and_then(|_| f.flush())
                .map_err(|e| format!("{}: {e}", path.display()))
        };
        match &self.events {
            Some(tx) => {
                let tx = tx.clone();
                std::thread::spawn(move || {
                    let _ = tx.send(Event::Action(Action::Receipt(write())));
                });
                None
            }
            None => Some(Action::Receipt(write())),
        }
    }
}
