//! Results of effects coming back: search rows, loaded customers and cards, stored
//! sales, saved customers, failures.

use super::super::action::{Action, Effect, IndexEvent, ScanOutcome};
use super::super::state::{Card, IndexState, LastSale, MergeTab, Msg, Popup, Screen, State, Tab};
use super::{card, import, manager, picker, sale};
use crate::store::customers::DeleteOutcome;

pub(super) fn apply(s: &mut State, a: Action, fx: &mut Vec<Effect>) {
    match a {
        Action::Index(e) => {
            s.status.index = match e {
                IndexEvent::Rebuilding => IndexState::Rebuilding,
                IndexEvent::Ready => IndexState::Ready,
                IndexEvent::Failed(m) => IndexState::Failed(m),
            };
            if s.status.index == IndexState::Ready && !s.picker.input.is_empty() {
                picker::search(s, fx);
            }
        }
        Action::ProductFound { code, product } => match product {
            Some(p) => sale::add_product(s, &p),
            None => s.say(Msg::ProductUnknown(code)),
        },
        Action::ProductsFound(list) => {
            if let Some(Popup::Products {
                results, selected, ..
            }) = s.popup.as_mut()
            {
                *results = list;
                *selected = 0;
            }
        }
        Action::SearchDone {
            seq,
            rows,
            fallback,
        } => {
            let p = &mut s.picker;
            // Only a newer answer than the one shown, and never one from the future.
            if seq > p.shown && seq <= p.asked {
                p.rows = rows;
                p.shown = seq;
                p.fallback = fallback;
                p.selected = 0;
            }
        }
        Action::Attach(att) => {
            let name = att.name.clone();
            s.ticket.customer = Some(*att);
            s.say(Msg::Attached(name));
        }
        Action::CardLoaded(data) => {
            // A reload of the open card keeps its tab; a card opened anew starts on Info.
            let same = s.screen == Screen::Card
                && s.card
                    .as_ref()
                    .is_some_and(|c| c.data.customer.id == data.customer.id);
            let (tab, sel) = match (&s.card, same) {
                (Some(c), true) => (c.tab, c.history_sel),
                _ => (Tab::Info, 0),
            };
            s.card = Some(Card {
                data: *data,
                tab,
                history_sel: sel,
                notes_sel: 0,
                scroll: 0,
                form: None,
                merge: MergeTab::default(),
            });
            if s.screen != Screen::Card {
                s.go(Screen::Card);
            }
        }
        Action::Duplicates(rows) => {
            if let Some(c) = s.card.as_mut() {
                c.merge.candidates = Some(rows);
                c.merge.selected = 0;
            }
        }
        Action::MergeOther(other) => {
            if let Some(c) = s.card.as_mut() {
                c.merge.plan = Some(card::plan(&c.data.customer, *other));
                c.tab = Tab::Merge;
            }
        }
        Action::ScanResolved {
            code,
            references,
            outcome,
        } => match outcome {
            ScanOutcome::Customer(att) => {
                let name = att.name.clone();
                s.ticket.customer = Some(*att);
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
            ScanOutcome::Unknown => {
                s.popup = Some(Popup::Unknown {
                    code,
                    references,
                    selected: 0,
                });
            }
        },
        Action::SaleStored {
            number,
            total,
            method,
            change,
        } => {
            let t = &mut s.ticket;
            t.lines.clear();
            t.selected = 0;
            t.customer = None;
            t.paying = false;
            t.input.clear();
            t.last = Some(LastSale {
                number: number.clone(),
                total,
                method,
                change,
            });
            s.say(Msg::SaleStored { number });
        }
        Action::SaleLoaded(sale) => s.popup = Some(Popup::SaleView { sale }),
        Action::CustomerSaved {
            customer,
            attach,
            created,
        } => {
            let id = customer.id;
            let name = customer.data.display_name();
            if created {
                s.picker_form = None;
                if attach {
                    s.home();
                }
                s.say(Msg::CustomerCreated(name));
            } else {
                if let Some(c) = s.card.as_mut().filter(|c| c.data.customer.id == id) {
                    c.form = None;
                    c.data.customer = *customer;
                }
                s.say(Msg::Saved);
            }
            if s.ticket.customer.as_ref().is_some_and(|c| c.id == id) {
                fx.push(Effect::LoadAttached(id));
            }
        }
        Action::Failed(msg) => {
            s.ticket.paying = false;
            if let Some(f) = s.picker_form.as_mut() {
                f.saving = false;
            }
            if let Some(f) = s.card.as_mut().and_then(|c| c.form.as_mut()) {
                f.saving = false;
            }
            if let Some(Popup::Pin { checking, .. }) = s.popup.as_mut() {
                *checking = false;
            }
            s.say(Msg::Error(msg));
        }
        Action::PinChecked { ok, error } => manager::pin_checked(s, ok, error, fx),
        Action::Deleted { id, outcome } => {
            if s.ticket.customer.as_ref().is_some_and(|c| c.id == id) {
                s.ticket.customer = None;
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
        Action::Merged { survivor } => {
            s.say(Msg::Merged);
            fx.push(Effect::LoadCard(survivor));
            if s.ticket.customer.is_some() {
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
        }
        Action::NoteAdded(note) => {
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
        Action::SaleMoved { .. } => {
            s.say(Msg::SaleMoved);
            if let Some(c) = &s.card {
                fx.push(Effect::LoadCard(c.data.customer.id));
            }
        }
        Action::ListPage { offset, rows } => {
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
        Action::ReferenceAdded(id) => {
            s.say(Msg::ReferenceAdded);
            fx.push(Effect::LoadAttached(id));
        }
        Action::ProductCreated(p) => {
            s.say(Msg::ProductCreated(p.name.clone()));
            s.home();
            sale::add_product(s, &p);
        }
        Action::Receipt(Ok(()))
            if !matches!(s.status.message, Some((Msg::SaleStored { .. }, _))) =>
        {
            s.say(Msg::ReceiptPrinted);
        }
        Action::Receipt(Err(e)) => s.say(Msg::ReceiptFailed(e)),
        Action::DirListed { dir, entries } => import::listed(s, dir, entries),
        Action::ImportFile(path) => import::file_chosen(s, path, fx),
        Action::ImportProgress { run, done, total } => import::progress(s, run, done, total),
        Action::ImportFinished { run, result } => import::finished(s, run, result, fx),
        _ => {}
    }
}
