//! Results of effects coming back: search rows, loaded customers and cards, stored
//! sales, saved customers, failures. One function per result; `update::apply` picks it
//! (with one arm per action and no wildcard, so a new result must be handled there).

use chrono::{DateTime, Utc};

use super::super::action::{Effect, IndexEvent, ScanOutcome};
use super::super::state::{
    Attached, Card, CardData, IndexState, LastSale, MergeTab, Msg, Popup, Screen, State,
    SyncStatus, Tab,
};
use super::{card, picker, sale};
use crate::domain::catalog::Product;
use crate::domain::customer::{Customer, Reference};
use crate::domain::ids::CustomerId;
use crate::store::customers::DeleteOutcome;
use crate::store::lookup::CustomerRow;
use crate::store::notes::Note;

/// The search index became ready, is rebuilt, or failed; a waiting search is run again.
pub(super) fn index(s: &mut State, e: IndexEvent, fx: &mut Vec<Effect>) {
    s.status.index = match e {
        IndexEvent::Rebuilding => IndexState::Rebuilding,
        IndexEvent::Updating => IndexState::Updating,
        IndexEvent::Ready => IndexState::Ready,
        IndexEvent::Failed(m) => IndexState::Failed(m),
    };
    if s.status.index == IndexState::Ready && !s.picker.input.is_empty() {
        picker::search(s, fx);
    }
}

pub(super) fn product_found(s: &mut State, code: String, product: Option<Product>) {
    match product {
        Some(p) => sale::add_product(s, &p),
        None => s.say(Msg::ProductUnknown(code)),
    }
}

pub(super) fn products_found(s: &mut State, list: Vec<Product>) {
    if let Some(Popup::Products {
        results, selected, ..
    }) = s.popup.as_mut()
    {
        *results = list;
        *selected = 0;
    }
}

pub(super) fn search_done(s: &mut State, seq: u64, rows: Vec<CustomerRow>, fallback: bool) {
    let p = &mut s.picker;
    // Only a newer answer than the one shown, and never one from the future.
    if seq > p.shown && seq <= p.asked {
        p.rows = rows;
        p.shown = seq;
        p.fallback = fallback;
        p.selected = 0;
    }
}

/// A search that could not be done: it no longer counts as waiting, and the reason is
/// shown (an older one than the answer shown is dropped, like its rows would be).
pub(super) fn search_failed(s: &mut State, seq: u64, error: String) {
    let p = &mut s.picker;
    if seq > p.shown && seq <= p.asked {
        p.rows.clear();
        p.shown = seq;
        p.selected = 0;
        s.say(Msg::Error(error));
    }
}

pub(super) fn attach(s: &mut State, att: Attached) {
    let name = att.name.clone();
    s.ticket.set_customer(Some(att));
    s.say(Msg::Attached(name));
}

pub(super) fn card_loaded(s: &mut State, data: CardData, fx: &mut Vec<Effect>) {
    // A reload of the open card keeps its tab; a card opened anew starts on Info. What a
    // kept tab shows is loaded again (after a merge, the Merge tab's duplicates).
    let id = data.customer.id;
    let same = s.screen == Screen::Card
        && s.card
            .as_ref()
            .is_some_and(|c| c.data.customer.id == data.customer.id);
    let (tab, sel) = match (&s.card, same) {
        (Some(c), true) => (c.tab, c.history_sel),
        _ => (Tab::Info, 0),
    };
    s.card = Some(Card {
        data,
        tab,
        history_sel: sel,
        notes_sel: 0,
        scroll: 0,
        form: None,
        merge: MergeTab::default(),
    });
    if tab == Tab::Merge {
        fx.push(Effect::FindDuplicates(id));
    }
    if s.screen != Screen::Card {
        s.go(Screen::Card);
    }
}

pub(super) fn duplicates(s: &mut State, rows: Vec<CustomerRow>) {
    if let Some(c) = s.card.as_mut() {
        c.merge.candidates = Some(rows);
        c.merge.selected = 0;
    }
}

pub(super) fn merge_other(s: &mut State, other: Customer) {
    if let Some(c) = s.card.as_mut() {
        c.merge.plan = Some(card::plan(&c.data.customer, other));
        c.tab = Tab::Merge;
    }
}

pub(super) fn scan_resolved(
    s: &mut State,
    code: String,
    references: Vec<Reference>,
    outcome: ScanOutcome,
) {
    match outcome {
        ScanOutcome::Customer(att) => {
            let name = att.name.clone();
            s.ticket.set_customer(Some(*att));
            s.popup = None;
            s.picker_form = None;
            s.home();
            s.say(Msg::Attached(name));
        }
        ScanOutcome::Product(p) => {
            s.popup = None;
            if s.screen != Screen::Sale && s.picker_form.is_none() {
                s.home();
            }
            sale::add_product(s, &p);
        }
        ScanOutcome::Sale(past) => {
            if s.screen != Screen::Sale && s.picker_form.is_none() {
                s.home();
            }
            s.popup = Some(Popup::SaleView { sale: past });
        }
        // "How much is left on my card?": said, nothing else changes.
        ScanOutcome::GiftCard { code, balance } => s.say(Msg::GiftCardHolds { code, balance }),
        ScanOutcome::Unknown => {
            // A receipt's number that matches no sale is said; the window still offers
            // what an unknown code may be (a card's barcode could have this shape).
            if crate::store::sales::is_number(&code) {
                s.say(Msg::NoSale(code.clone()));
            }
            s.popup = Some(Popup::Unknown {
                code,
                references,
                selected: 0,
            });
        }
    }
}

/// The ticket was stored: a new ticket starts, the last one is shown.
pub(super) fn sale_stored(s: &mut State, last: LastSale) {
    let t = &mut s.ticket;
    t.lines.clear();
    t.selected = 0;
    t.customer = None;
    t.paying = false;
    t.repriced = false;
    t.exchange = None;
    t.email_receipt = false;
    t.sms_receipt = false;
    t.input.clear();
    let number = last.number.clone();
    t.last = Some(last);
    s.say(Msg::SaleStored { number });
    if s.settings.lock_after_sale && s.is_manager() {
        s.lock();
    }
}

pub(super) fn customer_saved(
    s: &mut State,
    customer: Customer,
    attach: bool,
    created: bool,
    fx: &mut Vec<Effect>,
) {
    let id = customer.id;
    let name = customer.data.display_name();
    if created {
        s.picker_form = None;
        if attach {
            s.home();
        } else if s.screen == Screen::Picker && s.back.last() == Some(&Screen::List) {
            // Made from the customers list: back to it, read again to show them.
            super::picker::back_to_list(s);
            super::picker::reload_list(s, fx);
        }
        s.say(Msg::CustomerCreated(name));
    } else {
        if let Some(c) = s.card.as_mut().filter(|c| c.data.customer.id == id) {
            c.form = None;
            c.data.customer = customer;
        }
        s.say(Msg::Saved);
    }
    if s.ticket.customer.as_ref().is_some_and(|c| c.id == id) {
        fx.push(Effect::LoadAttached(id));
    }
}

/// An effect failed: whatever waited for it stops waiting, and the reason is shown.
pub(super) fn failed(s: &mut State, msg: String) {
    s.ticket.paying = false;
    s.ticket.parking = false;
    if let Some(f) = s.picker_form.as_mut() {
        f.saving = false;
    }
    if let Some(f) = s.card.as_mut().and_then(|c| c.form.as_mut()) {
        f.saving = false;
    }
    for f in [s.catalog.form.as_mut(), s.groups.form.as_mut()]
        .into_iter()
        .flatten()
    {
        f.saving = false;
    }
    if let Some(Popup::Pin { checking, .. }) = s.popup.as_mut() {
        *checking = false;
    }
    s.reports.closing = false;
    s.say(Msg::Error(msg));
}

pub(super) fn deleted(s: &mut State, id: CustomerId, outcome: DeleteOutcome) {
    if s.ticket.customer.as_ref().is_some_and(|c| c.id == id) {
        s.ticket.set_customer(None);
    }
    if s.card.as_ref().is_some_and(|c| c.data.customer.id == id) {
        s.card = None;
    }
    s.home();
    s.say(match outcome {
        DeleteOutcome::Removed => Msg::Deleted,
        DeleteOutcome::Anonymised => Msg::Anonymised,
    });
}

/// A merge was stored: the survivor's card is reloaded, and the ticket's customer when it
/// was one of the two.
pub(super) fn merged(s: &mut State, survivor: CustomerId, fx: &mut Vec<Effect>) {
    s.say(Msg::Merged);
    fx.push(Effect::LoadCard(survivor));
    if let Some(c) = &s.ticket.customer {
        let id = c.id;
        let dup = s
            .card
            .as_ref()
            .and_then(|c| c.merge.plan.as_ref())
            .map(|p| p.other.id);
        if id == survivor || Some(id) == dup {
            fx.push(Effect::LoadAttached(survivor));
        }
    }
}

pub(super) fn note_added(s: &mut State, note: Note) {
    if let Some(c) = s
        .card
        .as_mut()
        .filter(|c| c.data.customer.id == note.customer_id)
    {
        c.data.notes.insert(0, note);
        c.notes_sel = 0;
    }
    s.say(Msg::NoteAdded);
}

/// A sale was given to customer `to`: said with the points that went with it; the card on
/// screen is read again (its history lost or gained the sale), and the ticket's customer
/// when it is the one who received the points.
pub(super) fn sale_moved(
    s: &mut State,
    number: String,
    to: CustomerId,
    name: String,
    points: i64,
    fx: &mut Vec<Effect>,
) {
    s.say(Msg::SaleMoved {
        number,
        to: name,
        points,
    });
    reload_card(s, fx);
    if s.ticket.customer.as_ref().is_some_and(|c| c.id == to) {
        fx.push(Effect::LoadAttached(to));
    }
}

/// The card on screen is read again. A card left earlier stays closed: reading it would
/// bring it back over the sale screen (a past sale opened at the till by its number).
fn reload_card(s: &State, fx: &mut Vec<Effect>) {
    if s.screen != Screen::Card {
        return;
    }
    if let Some(c) = &s.card {
        fx.push(Effect::LoadCard(c.data.customer.id));
    }
}

/// A refund was stored: said in the status bar; the card on screen is read again (its
/// history shows the refund, its Loyalty tab the credit or points that moved).
pub(super) fn refunded(
    s: &mut State,
    number: String,
    amount: crate::domain::money::Money,
    to: Vec<crate::domain::sale::PaymentMethod>,
    fx: &mut Vec<Effect>,
) {
    s.say(Msg::Refunded { number, amount, to });
    reload_card(s, fx);
}

pub(super) fn list_page(s: &mut State, offset: usize, rows: Vec<CustomerRow>) {
    let l = &mut s.list;
    l.loading = false;
    if rows.is_empty() && offset > 0 {
        l.selected = l.rows.len().saturating_sub(1);
        return;
    }
    l.offset = offset;
    l.rows = rows;
    l.selected = l.selected.min(l.rows.len().saturating_sub(1));
}

pub(super) fn reference_added(s: &mut State, id: CustomerId, fx: &mut Vec<Effect>) {
    s.say(Msg::ReferenceAdded);
    fx.push(Effect::LoadAttached(id));
}

pub(super) fn product_created(s: &mut State, p: Product) {
    s.say(Msg::ProductCreated(p.name.clone()));
    s.home();
    sale::add_product(s, &p);
}

/// A receipt was printed (said unless the sale's own message is showing) or failed.
pub(super) fn receipt(s: &mut State, result: Result<(), String>) {
    match result {
        Ok(()) if !matches!(s.status.message, Some((Msg::SaleStored { .. }, _))) => {
            s.say(Msg::ReceiptPrinted);
        }
        Ok(()) => {}
        Err(e) => s.say(Msg::ReceiptFailed(e)),
    }
}

/// The clock moved: a status message older than [`super::super::state::MESSAGE_SECS`]
/// goes.
pub(super) fn tick(s: &mut State, now: DateTime<Utc>) {
    s.now = now;
    if let Some((_, at)) = &s.status.message {
        if (now - *at).num_seconds() >= super::super::state::MESSAGE_SECS {
            s.status.message = None;
        }
    }
}

/// The sync worker passed: its news in the status bar; what it downloaded is caught up
/// in the search index (found at the next search).
pub(super) fn synced(s: &mut State, status: SyncStatus, downloaded: u64, fx: &mut Vec<Effect>) {
    s.status.sync = Some(status);
    if downloaded > 0 {
        fx.push(Effect::SyncIndex);
    }
}
