//! The pure state machine: `update(state, action) -> effects`.
//!
//! Invariants: no IO here (no SQLite, no tantivy, no terminal, no clock: "now" comes in
//! with `Tick`); IO is asked for by returning [`Effect`]s, whose results come back as
//! actions; input goes to the help overlay when it is open, else to the popup when one
//! is open, else to the current screen; a scan never becomes typed text; every `Action` variant has its own arm in `apply` (no
//! wildcard), so a new one is a compile error until it is handled. Each screen's handling
//! lives in its own file below, the results of effects in `results.rs`.

mod card;
mod catalog;
mod form;
mod groups;
mod help;
mod import;
mod letter;
mod manager;
mod outbox;
mod park;
mod pay;
mod picker;
mod popup;
mod prices;
mod refund;
mod reports;
mod results;
mod sale;
mod settings;
mod setup;

pub use super::view::scope;
pub use card::merged_data;

use super::action::{Action, Effect};
use super::state::{LastSale, Msg, Popup, ReaderState, Screen, State};
use crate::input::Scan;
use crate::keys::Command;

/// Applies one action to the state and returns the IO to do.
///
/// A status message ends with its place: it is said somewhere (a screen, a form or a
/// popup on it) and goes when that place is left (another screen, its form or popup
/// closed), unless the action that left it said something itself. So "1 field(s) to
/// correct" in the new-customer form is not carried onto the picker, nor a list's
/// message onto the reports (issue 17); a message said on a screen stays while popups
/// open and close over it.
pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let mut fx = Vec::new();
    let said = state.status.said;
    apply(state, action, &mut fx);
    let here = state.place();
    if state.status.said != said {
        state.status.origin = Some(here);
    } else if let Some(origin) = state.status.origin {
        let left = here.screen != origin.screen
            || (origin.form && !here.form)
            || (origin.popup.is_some() && here.popup != origin.popup);
        if left {
            state.status.message = None;
            state.status.origin = None;
        }
    }
    fx
}

/// One arm per action, no wildcard: a new `Action` does not compile until it is handled.
/// Input goes to the popup or the screen; each result of an effect has its function in
/// `results` (or in the module of the screen it is for).
fn apply(s: &mut State, action: Action, fx: &mut Vec<Effect>) {
    match action {
        // Input.
        Action::Tick(now) => tick(s, now),
        Action::Cmd(Command::Quit) => s.quit = true,
        Action::Cmd(_) | Action::Char(_) | Action::Paste(_) => {
            s.touch();
            input(s, action, fx)
        }
        Action::Scan(scan) => scanned(s, scan, fx),
        Action::ReaderConnected(name) => reader(s, name, true),
        Action::ReaderDisconnected(name) => reader(s, name, false),
        Action::ReaderInvalid { reason, .. } => s.say(Msg::ScanInvalid(reason)),
        Action::Manager(op) => manager::request(s, op, fx),
        // Results of effects.
        Action::Index(e) => results::index(s, e, fx),
        Action::ProductFound { code, product } => results::product_found(s, code, product),
        Action::ProductsFound(list) => results::products_found(s, list),
        Action::SearchDone {
            seq,
            rows,
            fallback,
        } => results::search_done(s, seq, rows, fallback),
        Action::SearchFailed { seq, error } => results::search_failed(s, seq, error),
        Action::Attach(att) => results::attach(s, *att),
        Action::CardLoaded(data) => results::card_loaded(s, *data, fx),
        Action::Duplicates(rows) => results::duplicates(s, rows),
        Action::MergeOther(other) => results::merge_other(s, *other),
        Action::ScanResolved {
            code,
            references,
            outcome,
        } => results::scan_resolved(s, code, references, outcome),
        Action::SaleStored {
            number,
            total,
            paid,
            change,
            points,
        } => results::sale_stored(
            s,
            LastSale {
                number,
                total,
                paid,
                change,
                points,
            },
        ),
        Action::SaleLoaded(sale) => s.popup = Some(Popup::SaleView { sale }),
        Action::SaleNotFound(number) => s.say(Msg::NoSale(number)),
        Action::PaidIn {
            customer,
            kind,
            amount,
            number,
            balances,
        } => pay::paid_in(s, customer, kind, amount, number, balances),
        Action::Balances { customer, balances } => pay::balances(s, customer, balances),
        Action::GiftCardFound { code, balance } => pay::card_found(s, code, balance),
        sold @ Action::GiftCardSold { .. } => pay::card_sold(s, sold),
        Action::Parked { lines } => park::parked(s, lines),
        Action::ParkedLoaded(rows) => park::loaded(s, rows),
        Action::Recalled(ticket) => park::recalled(s, *ticket),
        Action::RefundLoaded(sale) => refund::open(s, &sale),
        Action::Refunded { number, amount, to } => results::refunded(s, number, amount, to, fx),
        Action::CustomerSaved {
            customer,
            attach,
            created,
        } => results::customer_saved(s, *customer, attach, created, fx),
        Action::Failed(msg) => results::failed(s, msg),
        Action::PinChecked {
            ok,
            error,
            locked_until,
        } => manager::pin_checked(s, ok, error, locked_until, fx),
        Action::Deleted { id, outcome } => results::deleted(s, id, outcome),
        Action::Merged { survivor } => results::merged(s, survivor, fx),
        Action::NoteAdded(note) => results::note_added(s, note),
        Action::LetterQueued(channel) => s.say(Msg::LetterQueued(channel)),
        Action::SaleMoved {
            number,
            to,
            name,
            points,
            ..
        } => results::sale_moved(s, number, to, name, points, fx),
        Action::ListPage { offset, rows } => results::list_page(s, offset, rows),
        Action::ReferenceAdded(id) => results::reference_added(s, id, fx),
        Action::ProductCreated(p) => results::product_created(s, p),
        Action::Receipt(result) => results::receipt(s, result),
        Action::Printer(status) => s.status.printer = status,
        Action::Mail(status) => outbox::mail(s, status, fx),
        Action::Sync { status, downloaded } => results::synced(s, status, downloaded, fx),
        Action::DrawerQueued => s.say(Msg::DrawerOpening),
        Action::DirListed { dir, entries } => import::listed(s, dir, entries),
        Action::ImportFile(path) => import::file_chosen(s, path, fx),
        Action::ImportProgress { run, done, total } => import::progress(s, run, done, total),
        Action::ImportFinished { run, result } => import::finished(s, run, result, fx),
        Action::SetupSaved(result) => setup::saved(s, result),
        a @ (Action::SettingsLoaded(_) | Action::SettingsSaved(_)) => settings::answer(s, a),
        Action::CatalogLoaded { seq, rows } => catalog::loaded(s, seq, rows),
        Action::ProductSaved { code, name, new } => catalog::saved(s, code, name, new, fx),
        Action::ProductArchived { name, active } => catalog::archived(s, name, active, fx),
        Action::GroupsLoaded(rows) => groups::loaded(s, rows),
        Action::OutboxLoaded(result) => outbox::loaded(s, result),
        Action::MessageRetried(id) => outbox::retried(s, id, fx),
        Action::MessagesRetried(ids) => outbox::retried_all(s, &ids, fx),
        Action::GroupSaved { name, new } => groups::saved(s, name, new, fx),
        Action::GroupDeleted { name, moved } => groups::deleted(s, name, moved, fx),
        Action::GroupPrices(r) => prices::done(s, r, fx),
        Action::ReportDone { seq, result } => reports::done(s, seq, result),
        Action::DayClosed(result) => reports::closed(s, result, fx),
    }
}

/// The clock moved: messages age, an unlocked manager role past its idle time locks.
fn tick(s: &mut State, now: chrono::DateTime<chrono::Utc>) {
    results::tick(s, now);
    manager::expire(s);
}

/// A scan (someone used the register: [`State::touch`]): ignored while the help, the
/// setup or the settings are open; a path on the Import screen; elsewhere resolved
/// (customer, product, unknown) when nothing but the unknown-scan popup is open.
fn scanned(s: &mut State, scan: Scan, fx: &mut Vec<Effect>) {
    s.touch();
    if s.help.is_some() || matches!(s.screen, Screen::Setup | Screen::Settings) {
        s.say(Msg::ScanIgnored);
    } else if s.screen == Screen::Import && s.popup.is_none() {
        import::scan(s, scan, fx);
    } else if !scan.valid {
        let why = scan.reason.clone().unwrap_or_else(|| scan.code.clone());
        s.say(Msg::ScanInvalid(why));
    } else if matches!(s.popup, Some(Popup::Pay(_) | Popup::PayIn(_))) {
        // A gift card scanned to pay with, or the card being sold.
        pay::scanned(s, scan.code, fx);
    } else if matches!(s.popup, None | Some(Popup::Unknown { .. })) {
        fx.push(Effect::ResolveScan(scan));
    } else {
        s.say(Msg::ScanIgnored);
    }
}

fn reader(s: &mut State, name: String, connected: bool) {
    match s.status.readers.iter_mut().find(|r| r.name == name) {
        Some(r) => r.connected = connected,
        None => s.status.readers.push(ReaderState { name, connected }),
    }
}

fn input(s: &mut State, a: Action, fx: &mut Vec<Effect>) {
    if s.help.is_some() {
        help::input(s, &a);
        return;
    }
    if a == Action::Cmd(Command::Help) {
        help::open(s);
        return;
    }
    if s.popup.is_some() {
        popup::input(s, a, fx);
        return;
    }
    match s.screen {
        Screen::Sale => sale::input(s, a, fx),
        Screen::Picker => picker::input(s, a, fx),
        Screen::Card => card::input(s, a, fx),
        Screen::List => picker::list_input(s, a, fx),
        Screen::Import => import::input(s, a, fx),
        Screen::Setup => setup::input(s, a, fx),
        Screen::Catalog => catalog::input(s, a, fx),
        Screen::Groups => groups::input(s, a, fx),
        Screen::Reports => reports::input(s, a, fx),
        Screen::Settings => settings::input(s, a, fx),
        Screen::Outbox => outbox::input(s, a, fx),
    }
}

impl State {
    /// The new-customer form of the picker, when open.
    pub fn picker_form(&self) -> Option<&super::form::Form> {
        self.picker_form.as_ref()
    }
}

/// Moves a selection within `len` items by `delta` (clamped).
fn step(sel: usize, len: usize, delta: isize) -> usize {
    if len == 0 {
        return 0;
    }
    let next = sel as isize + delta;
    next.clamp(0, len as isize - 1) as usize
}

#[cfg(test)]
mod tests;
