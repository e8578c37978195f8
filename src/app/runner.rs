//! The effect runner: performs the IO that `update` asks for and turns the outcome into
//! actions. It owns the store, the search index (once open) and the receipt output.
//!
//! Invariants: every write is one call to `crate::service` (validate, then one
//! `Store::write` transaction), never a store writer called from here; the search index
//! catches up right after each commit, so a customer saved a moment ago is found at once;
//! the service sees the cashier's role except for the inside of an `Effect::Manager`,
//! which `update` makes only while the manager role is unlocked;
//! failures become `Action::Failed` with the service's or the store's own message, never
//! a panic; while the index is not open, customer search falls back to
//! `store::lookup::like_search`. Receipts go to `config.receipt_output` in a background
//! thread when an event channel is given (a printer must not freeze the screen),
//! synchronously otherwise (tests, benchmarks); so do imports (`import.rs`). A background
//! thread always answers: its result, or a failure when it panicked
//! ([`super::events::spawn_job`]).

use std::sync::mpsc::Sender;

use super::action::{Action, Effect, IndexEvent};
use super::events::{self, Event};
use super::state::Lang;
use crate::config::{write_setup, Config, ShopSetup};
use crate::search::SearchIndex;
use crate::service::{Actor, MergeRequest, NewProduct, Role, ServiceError};
use crate::store::Store;

pub(crate) mod import;
mod print;
mod read;
mod write;

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
                role: Role::Cashier,
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

    /// Catches the index up after a commit. When the store has moved far ahead (a large
    /// import from the command line, which cannot rebuild the index while this register
    /// holds it), the rebuild is handed to the background opener, as after the
    /// register's own import, rather than replayed change by change on the loop's thread.
    fn catch_up(&mut self) {
        let far = match self.index.as_ref() {
            Some(idx) => idx.far_behind(self.store.conn()).unwrap_or(false),
            None => return,
        };
        if let (true, Some(tx)) = (far, &self.events) {
            self.index = None;
            let _ = tx.send(Event::Action(Action::Index(IndexEvent::Rebuilding)));
            events::spawn_index(
                self.config.database.clone(),
                self.config.index.clone(),
                tx.clone(),
            );
            return;
        }
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

    /// One arm per effect (no wildcard: a new effect is a compile error here until it is
    /// run); reads are in `read.rs`, writes (all through `crate::service`) in `write.rs`,
    /// receipts in `print.rs`, the Import screen's IO in `import.rs`.
    fn try_run(&mut self, effect: Effect) -> Result<Vec<Action>, ServiceError> {
        match effect {
            // Reads.
            Effect::LookupProduct(code) => self.lookup_product(code),
            Effect::SearchProducts(text) => self.search_products(&text),
            Effect::SearchCustomers {
                seq,
                text,
                advanced,
                fields,
            } => self.search_customers(seq, &text, advanced, &fields),
            Effect::LoadAttached(id) => Ok(vec![Action::Attach(Box::new(self.attached(id)?))]),
            Effect::LoadCard(id) => Ok(vec![Action::CardLoaded(Box::new(self.card(id)?))]),
            Effect::FindDuplicates(id) => self.duplicates(id),
            Effect::LoadMergeOther(id) => {
                Ok(vec![Action::MergeOther(Box::new(self.customer(id)?))])
            }
            Effect::ResolveScan(scan) => self.resolve_scan(scan),
            Effect::LoadSale(id) => Ok(vec![Action::SaleLoaded(Box::new(self.sale(id)?))]),
            Effect::LoadList(q) => self.list_page(&q),
            // Writes, each one service call (one transaction), the index caught up after.
            Effect::StoreSale(draft) => self.store_sale(&draft),
            Effect::SaveCustomer { id, data, attach } => self.save_customer(id, *data, attach),
            Effect::AddNote { id, body } => self.add_note(id, &body),
            Effect::DeleteCustomer(id) => self.delete_customer(id),
            Effect::Merge {
                survivor,
                duplicate,
                data,
                taken,
            } => self.merge(MergeRequest {
                survivor,
                duplicate,
                data: *data,
                taken,
            }),
            Effect::MoveSale { sale, to } => self.move_sale(sale, to),
            Effect::AddReference { id, reference } => self.add_reference(id, reference),
            Effect::CreateProduct {
                code,
                name,
                price,
                tax_rate,
                cost,
            } => self.create_product(NewProduct {
                code,
                name,
                price,
                tax_rate,
                cost,
            }),
            // Other IO.
            Effect::Reprint(id) => {
                let s = self.sale(id)?;
                Ok(self.print(&s).into_iter().collect())
            }
            Effect::VerifyPin(pin) => Ok(vec![self.verify_pin(&pin)]),
            Effect::ListDir(dir) => Ok(self.list_dir(dir)),
            Effect::Goto(path) => Ok(self.goto(path)),
            Effect::Import {
                run,
                path,
                preset,
                dry_run,
            } => Ok(self.import(run, path, preset, dry_run)),
            Effect::SyncIndex => Ok(self.sync_index()),
            // The manager vouches for the write inside: the service sees the role, then
            // the runner is the cashier's again.
            Effect::Manager(inner) => {
                self.actor.role = Role::Manager;
                let out = self.try_run(*inner);
                self.actor.role = Role::Cashier;
                out
            }
            Effect::SaveSetup { shop, pin } => Ok(vec![self.save_setup(&shop, &pin)]),
        }
    }

    /// The first-run setup: the PIN hashed, the config file in use (`--config`, else the
    /// default file) written, and its settings applied at once; the database, index and
    /// log in use stay (they may come from `--db`).
    fn save_setup(&mut self, shop: &ShopSetup, pin: &str) -> Action {
        let Some(path) = self
            .config
            .source
            .clone()
            .or_else(crate::paths::default_config_file)
        else {
            return Action::SetupSaved(Err(
                "no home directory to keep the config in: pass --config FILE".into(),
            ));
        };
        let written = crate::auth::hash_pin(pin)
            .map_err(|e| e.to_string())
            .and_then(|hash| write_setup(&path, shop, &hash).map_err(|e| e.to_string()));
        match written {
            Ok(mut config) => {
                config.database = self.config.database.clone();
                config.index = self.config.index.clone();
                config.log_file = self.config.log_file.clone();
                self.actor = Actor {
                    name: format!("register:{}", config.shop.register),
                    country: config.shop.country.clone(),
                    role: self.actor.role,
                };
                self.lang = config.shop.lang;
                self.config = config.clone();
                tracing::info!(file = %path.display(), "setup written");
                Action::SetupSaved(Ok(Box::new(config)))
            }
            Err(why) => {
                tracing::warn!("setup not written: {why}");
                Action::SetupSaved(Err(why))
            }
        }
    }

    /// The manager PIN checked under the service's rule (wrong PINs counted in the
    /// database, a wait after three), now.
    fn verify_pin(&mut self, pin: &str) -> Action {
        use crate::auth::AuthError;
        let checked = crate::service::verify_manager_pin(
            &mut self.store,
            &self.actor,
            self.config.manager_pin_hash.as_deref(),
            Some(pin),
            chrono::Utc::now(),
        );
        let (ok, error, locked_until) = match checked {
            Ok(()) => (true, None, None),
            Err(ServiceError::Auth(AuthError::WrongPin)) => (false, None, None),
            Err(ServiceError::Auth(
                AuthError::LockedOut { until, .. } | AuthError::WrongPinWait { until, .. },
            )) => (false, None, Some(until)),
            Err(e) => (false, Some(e.to_string()), None),
        };
        Action::PinChecked {
            ok,
            error,
            locked_until,
        }
    }
}
