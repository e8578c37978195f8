//! The effect runner: performs the IO that `update` asks for and turns the outcome into
//! actions. It owns the store, the search index (once open) and the receipt output.
//!
//! Invariants: every write is one call to `crate::service` (validate, then one
//! `Store::write` transaction), never a store writer called from here; the search index
//! catches up right after each commit, so a customer saved a moment ago is found at once
//! (a catch-up that would hold the loop, a delete's purge or a long lag, is done in the
//! background instead, the index given back through `Event::IndexOpened`, and one that
//! failed without progress is not retried before the next write);
//! the service sees the cashier's role except for the inside of an `Effect::Manager`,
//! which `update` makes only while the manager role is unlocked;
//! failures become `Action::Failed` with the service's or the store's own message, never
//! a panic; while the index is handed to a background catch-up, customer search reads
//! the `Finder` kept from it (its state at the handover; rows come from the store, so
//! what was deleted meanwhile is not shown); while it is not open at all, customer
//! search falls back to `store::lookup::like_search`. Reads that may scan the customer
//! table (that fallback, duplicates, list pages) run in the worker (`worker.rs`) when an
//! event channel is given, their answers coming back through it; at once otherwise.
//! Receipts and drawer kicks go to the print queue, written with the sale, and the print
//! worker (`printing.rs`) sends them when an event channel is given (a printer must not
//! freeze the screen); without one (tests, benchmarks) the queue is sent at once; e-mailed
//! and SMS receipts are queued with the sale too and sent by the message worker
//! (`messaging.rs`, with an event channel and `[email]` or `[sms]` only); imports run
//! in the background too (`import.rs`), and so do the managers' reports (the worker,
//! `reports.rs`). A background thread always answers: its result, or a
//! failure when it panicked ([`super::events::spawn_job`]).

use std::sync::mpsc::Sender;

use super::action::{Action, Effect, IndexEvent};
use super::events::{self, Event};
use super::state::Lang;
use crate::config::{write_setup, Config, ShopSetup};
use crate::search::SearchIndex;
use crate::service::{Actor, MergeRequest, NewProduct, Role, ServiceError};
use crate::store::Store;

mod catalog;
pub(crate) mod import;
mod messaging;
mod outbox;
mod print;
mod printing;
mod products;
mod read;
mod reports;
mod settings;
mod syncing;
mod worker;
mod write;

/// Changes a catch-up on the loop's thread may apply (a few milliseconds); more, or
/// any delete, are caught up in the background.
const QUICK_CATCH_UP: usize = 500;

/// Runs effects against the store and the index.
pub struct Runner {
    store: Store,
    index: Option<SearchIndex>,
    config: Config,
    actor: Actor,
    lang: Lang,
    utc_offset_secs: i32,
    events: Option<Sender<Event>>,
    /// The slow reads' worker (with an event channel only: without, they run at once).
    worker: Option<worker::Worker>,
    /// The change sequence the index had applied when handed to a background catch-up.
    handed_at: Option<i64>,
    /// Searches while the index is handed to a background catch-up: its state at the
    /// handover (without the changes being caught up), not the plain SQL search.
    finder: Option<crate::search::Finder>,
    /// The F5 item search's folded catalogue.
    products: products::ProductCache,
    /// The products screen's folded catalogue (archived products too).
    catalog: catalog::ManagerCatalog,
    /// The print queue's sender (with an event channel, once started).
    printing: Option<printing::PrintWorker>,
    /// The message outbox's sender (with an event channel and `[email]` or `[sms]`,
    /// once started).
    mailing: Option<messaging::MessageWorker>,
    /// The hub's sync (with an event channel and `[sync]`, once started).
    syncing: Option<syncing::SyncWorker>,
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
                register: config.shop.register.clone(),
                loyalty: config.loyalty.clone(),
                offline: config.sync.as_ref().map(|s| s.offline),
            },
            lang: config.shop.lang,
            utc_offset_secs: 0,
            config: config.clone(),
            worker: events
                .as_ref()
                .map(|tx| worker::Worker::new(config.database.clone(), tx.clone())),
            handed_at: None,
            finder: None,
            products: Default::default(),
            catalog: Default::default(),
            printing: None,
            mailing: None,
            syncing: None,
            events,
        }
    }

    /// Starts the print worker (with an event channel only), after the local time offset
    /// is known: it sends what the queue holds from before at once, then each job the
    /// register queues.
    pub fn start_workers(&mut self) {
        if let (None, Some(tx)) = (&self.printing, &self.events) {
            self.printing = Some(printing::PrintWorker::start(
                self.config.clone(),
                self.utc_offset_secs,
                tx.clone(),
            ));
        }
        // The outbox's sender starts with it: what waits from before goes at once.
        let outbox = self.config.email.is_some() || self.config.sms.is_some();
        if let (None, Some(tx), true) = (&self.mailing, &self.events, outbox) {
            self.mailing = Some(messaging::MessageWorker::start(
                self.config.clone(),
                self.utc_offset_secs,
                tx.clone(),
            ));
        }
        // And the hub's sync: what changed here while the register was closed goes now.
        if let (None, Some(tx)) = (&self.syncing, &self.events) {
            self.syncing = syncing::SyncWorker::start(&self.config, tx.clone());
        }
    }

    /// Local time offset for receipts.
    pub fn set_utc_offset(&mut self, secs: i32) {
        self.utc_offset_secs = secs;
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Every slow read waits while a test holds this lock (none without a channel).
    #[cfg(test)]
    pub(super) fn slow_reads_gate(&self) -> Option<std::sync::Arc<std::sync::Mutex<()>>> {
        self.worker.as_ref().map(worker::Worker::hold)
    }

    /// Takes over an index opened or caught up elsewhere (a background job) and catches
    /// it up: here when that is quick, else in the background again (a delete written
    /// meanwhile: its purge merges segments).
    pub fn set_index(&mut self, mut idx: SearchIndex) -> Action {
        self.finder = None;
        let stuck = self
            .handed_at
            .take()
            .is_some_and(|seq| idx.applied_seq() <= seq);
        if self.events.is_some() && self.slow_to_catch_up(&idx) {
            self.index = Some(idx);
            if stuck {
                // The background catch-up failed without progress: not again at once (it
                // would fail in a loop); the index serves as it is until the next write.
                tracing::warn!("search index behind the store; caught up after the next write");
                return Action::Index(IndexEvent::Ready);
            }
            return self.catch_up_later();
        }
        if let Err(e) = idx.catch_up(self.store.conn()) {
            tracing::warn!("search index catch-up failed: {e}");
        }
        self.index = Some(idx);
        Action::Index(IndexEvent::Ready)
    }

    /// Whether catching `idx` up would take long: a delete to apply (the purge merges
    /// segments), or more changes than a moment's work.
    fn slow_to_catch_up(&self, idx: &SearchIndex) -> bool {
        match crate::store::changes::since(self.store.conn(), idx.applied_seq(), QUICK_CATCH_UP) {
            Ok(pending) => {
                pending.len() >= QUICK_CATCH_UP
                    || pending
                        .iter()
                        .any(|c| c.op == crate::store::changes::Op::Delete)
            }
            Err(_) => false,
        }
    }

    /// Hands the index to a background catch-up ([`events::spawn_catch_up`]) when there
    /// is an event channel (searches use the plain search meanwhile, in the worker);
    /// catches up here otherwise (tests, benchmarks).
    fn catch_up_later(&mut self) -> Action {
        let (Some(tx), Some(idx)) = (self.events.clone(), self.index.take()) else {
            self.catch_up();
            return Action::Index(IndexEvent::Ready);
        };
        self.handed_at = Some(idx.applied_seq());
        self.finder = Some(idx.finder());
        events::spawn_catch_up(idx, self.config.database.clone(), tx);
        Action::Index(IndexEvent::Updating)
    }

    /// After a write: catches the index up here, unless that would take long (a delete
    /// to purge, many changes: a background catch-up; far behind: a background rebuild).
    /// The actions to report.
    fn catch_up_after_write(&mut self) -> Option<Action> {
        // What changed here goes to the hub now, not at the next interval.
        if let Some(w) = &self.syncing {
            w.nudge();
        }
        // Far behind (another process's big import): `catch_up` hands the index to a
        // background rebuild. Merely slow (a delete's purge, hundreds of changes): a
        // background catch-up.
        let (far, slow) = match self.index.as_ref() {
            Some(idx) => (
                idx.far_behind(self.store.conn()).unwrap_or(false),
                self.events.is_some() && self.slow_to_catch_up(idx),
            ),
            None => return None,
        };
        if slow && !far {
            Some(self.catch_up_later())
        } else {
            self.catch_up();
            None
        }
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
                vec![Action::Failed(crate::service::words::describe(
                    &e, self.lang,
                ))]
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
            Effect::LookupTicket(code) => self.lookup_ticket(code),
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
            Effect::LoadSale(id) => Ok(vec![Action::SaleLoaded(Box::new(self.past_sale(id)?))]),
            Effect::LoadRefund(id) => Ok(vec![Action::RefundLoaded(Box::new(self.past_sale(id)?))]),
            Effect::LoadList(q) => self.list_page(&q),
            Effect::LoadParked => Ok(vec![Action::ParkedLoaded(self.parked_rows()?)]),
            // Writes, each one service call (one transaction), the index caught up after.
            Effect::StoreSale(draft) => self.store_sale(&draft),
            Effect::PayIn {
                customer,
                kind,
                amount,
                method,
            } => self.pay_in(customer, kind, amount, method),
            Effect::FindGiftCard(code) => {
                let balance = crate::store::gift::get(self.store.conn(), &code)?.map(|c| c.balance);
                Ok(vec![Action::GiftCardFound { code, balance }])
            }
            Effect::SellGiftCard {
                code,
                amount,
                method,
                customer,
            } => self.sell_gift_card(code, amount, method, customer),
            Effect::SaveCustomer { id, data, attach } => self.save_customer(id, *data, attach),
            Effect::AddNote { id, body } => self.add_note(id, &body),
            Effect::SendLetter { id, letter } => self.send_letter(id, &letter),
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
            Effect::Refund(req) => self.refund(&req),
            Effect::ParkTicket(req) => self.park(&req),
            Effect::RecallTicket(id) => self.recall(id),
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
                category: None,
            }),
            // The products, groups and outbox screens (their writes are the manager's).
            Effect::LoadCatalog { seq, text } => self.load_catalog(seq, &text),
            Effect::SaveProduct { original, product } => self.save_product(original, *product),
            Effect::SetProductActive { code, active } => self.set_product_active(&code, active),
            Effect::LoadGroups => self.load_groups(),
            Effect::SaveGroup {
                original,
                name,
                discount,
            } => self.save_group(original, &name, discount),
            Effect::DeleteGroup { name, to } => self.delete_group(name, to),
            Effect::GroupPrices(ask) => self.group_prices(ask),
            Effect::LoadOutbox => Ok(self.load_outbox()),
            Effect::RetryMessage(id) => self.retry_message(id),
            Effect::RetryFailedMessages => self.retry_failed_messages(),
            // The reports screen (its closing is the manager's).
            Effect::RunReport { seq, request } => Ok(self.run_report(seq, *request)),
            Effect::CloseDay { day, counted } => Ok(self.close_day(day, counted)),
            // Other IO.
            Effect::Reprint(id) => self.reprint(id),
            Effect::OpenDrawer => self.open_drawer(),
            Effect::VerifyPin(pin) => Ok(vec![self.verify_pin(&pin)]),
            Effect::ListDir(dir) => Ok(self.list_dir(dir)),
            Effect::Goto(path) => Ok(self.goto(path)),
            Effect::Import {
                run,
                path,
                preset,
                dry_run,
                groups,
            } => Ok(self.import(run, path, preset, dry_run, groups)),
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
            Effect::LoadSettings => Ok(vec![self.load_settings()]),
            Effect::SaveSettings(save) => Ok(vec![self.save_settings(&save)]),
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
                    register: config.shop.register.clone(),
                    loyalty: config.loyalty.clone(),
                    offline: config.sync.as_ref().map(|s| s.offline),
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
