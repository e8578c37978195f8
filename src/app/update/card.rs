//! The customer card: tabs, editing, history (and refunds from it), loyalty, notes, merge
//! planning, delete.

use super::super::action::{Action, Effect};
use super::super::form::{self as cform, Form, FormPurpose};
use super::super::state::{
    Card, ConfirmKind, ManagerOp, MergeField, MergePlan, Msg, PickPurpose, Popup, State, Tab,
};
use super::super::text_input::TextInput;
use super::form::{self, Outcome};
use super::{manager, picker, step};
use crate::app::view::merge_value;
use crate::domain::customer::{Customer, CustomerData};
use crate::domain::ids::CustomerId;
use crate::keys::Command;

pub(super) fn input(s: &mut State, a: Action, fx: &mut Vec<Effect>) {
    if s.card.as_ref().is_some_and(|c| c.form.is_some()) {
        form_input(s, a, fx);
        return;
    }
    let Some(card) = s.card.as_mut() else {
        s.go_back();
        return;
    };
    let id = card.data.customer.id;
    let Action::Cmd(cmd) = a else {
        return;
    };
    let tabs = Tab::ALL.len();
    match cmd {
        Command::Back if card.tab == Tab::Merge && card.merge.plan.is_some() => {
            card.merge.plan = None;
        }
        Command::Back => s.go_back(),
        Command::NextTab | Command::PrevTab => {
            let i = card.tab.index();
            let next = if cmd == Command::NextTab {
                (i + 1) % tabs
            } else {
                (i + tabs - 1) % tabs
            };
            card.tab = Tab::ALL.get(next).copied().unwrap_or_default();
            card.scroll = 0;
            if card.tab == Tab::Merge && card.merge.candidates.is_none() {
                fx.push(Effect::FindDuplicates(id));
            }
        }
        Command::Up | Command::Down | Command::PageUp | Command::PageDown => {
            let d: isize = match cmd {
                Command::Up => -1,
                Command::Down => 1,
                Command::PageUp => -10,
                _ => 10,
            };
            move_in(card, d);
        }
        Command::Edit => edit(s, id),
        Command::Confirm => match card.tab {
            Tab::History => {
                if let Some(h) = card.data.history.get(card.history_sel) {
                    fx.push(Effect::LoadSale(h.id));
                }
            }
            Tab::Merge => match &mut card.merge.plan {
                Some(plan) => flip(plan),
                None => {
                    let sel = card.merge.selected;
                    if let Some(r) = card.merge.candidates.as_ref().and_then(|c| c.get(sel)) {
                        fx.push(Effect::LoadMergeOther(r.id));
                    }
                }
            },
            Tab::Delete => ask_delete(s),
            _ => {}
        },
        Command::Toggle => {
            if let Some(plan) = &mut card.merge.plan {
                flip(plan);
            }
        }
        Command::Reprint if card.tab == Tab::History => {
            if let Some(h) = card.data.history.get(card.history_sel) {
                fx.push(Effect::Reprint(h.id));
            }
        }
        Command::Refund if card.tab == Tab::History => {
            if let Some(h) = card.data.history.get(card.history_sel) {
                match h.refund_of.clone() {
                    Some(orig) => s.say(Msg::RefundOfRefund(orig)),
                    None => fx.push(Effect::LoadRefund(h.id)),
                }
            }
        }
        Command::MoveSale if card.tab == Tab::History => {
            if let Some(h) = card.data.history.get(card.history_sel) {
                let purpose = PickPurpose::MoveSale {
                    sale: h.id,
                    number: h.number.clone(),
                };
                picker::open(s, purpose);
            }
        }
        Command::Apply => match card.tab {
            Tab::Delete => ask_delete(s),
            Tab::Merge => {
                if let Some(plan) = &card.merge.plan {
                    let kind = ConfirmKind::Merge {
                        keep: card.data.customer.data.display_name(),
                        remove: plan.other.data.display_name(),
                    };
                    s.popup = Some(Popup::Confirm {
                        kind,
                        then: Some(Box::new(Action::Manager(ManagerOp::Merge))),
                    });
                }
            }
            _ => {}
        },
        Command::Manager => manager::toggle(s, fx),
        _ => {}
    }
}

fn move_in(card: &mut Card, d: isize) {
    match card.tab {
        Tab::History => {
            card.history_sel = step(card.history_sel, card.data.history.len(), d);
        }
        Tab::Notes => card.notes_sel = step(card.notes_sel, card.data.notes.len(), d),
        Tab::Loyalty => card.scroll = step(card.scroll, card.data.movements.len(), d),
        Tab::Merge => match &mut card.merge.plan {
            Some(p) => p.focus = step(p.focus, p.choices.len(), d),
            None => {
                let n = card.merge.candidates.as_ref().map_or(0, Vec::len);
                card.merge.selected = step(card.merge.selected, n, d);
            }
        },
        _ => card.scroll = (card.scroll as isize + d).clamp(0, 60) as usize,
    }
}

fn flip(plan: &mut MergePlan) {
    if let Some((_, take)) = plan.choices.get_mut(plan.focus) {
        *take = !*take;
    }
}

fn ask_delete(s: &mut State) {
    if let Some(card) = &s.card {
        let c = &card.data.customer;
        s.popup = Some(Popup::Confirm {
            kind: ConfirmKind::Delete {
                name: c.data.display_name(),
            },
            then: Some(Box::new(Action::Manager(ManagerOp::Delete(c.id)))),
        });
    }
}

fn form_input(s: &mut State, a: Action, fx: &mut Vec<Effect>) {
    let ctx = form::context(s);
    let country = s.settings.country.clone();
    let manager = s.is_manager();
    let Some(card) = s.card.as_mut() else { return };
    let id = card.data.customer.id;
    let Some(f) = card.form.as_mut() else { return };
    if form::refused(f, &a, manager) {
        s.say(Msg::ManagerOnly);
        return;
    }
    match form::input(f, a, &ctx, &country) {
        Outcome::None => {}
        Outcome::Cancel => card.form = None,
        Outcome::Cities(cities) => {
            s.popup = Some(Popup::Cities {
                cities,
                selected: 0,
            })
        }
        Outcome::Invalid(n) => s.say(Msg::FixErrors(n)),
        Outcome::Valid(data) => {
            f.saving = true;
            fx.push(
                Effect::SaveCustomer {
                    id: Some(id),
                    data,
                    attach: false,
                }
                .by(manager),
            );
        }
    }
}

/// The plan for merging `other` into `keep`: every differing field, defaulting to the
/// kept customer's value unless it is empty.
pub(super) fn plan(keep: &Customer, other: Customer) -> MergePlan {
    let choices = MergeField::ALL
        .iter()
        .filter_map(|f| {
            let a = merge_value(&keep.data, *f);
            let b = merge_value(&other.data, *f);
            (a != b).then_some((*f, a.is_empty() && !b.is_empty()))
        })
        .collect();
    MergePlan {
        other,
        choices,
        focus: 0,
    }
}

/// The survivor's data after the merge, and the names of the fields taken from the
/// duplicate. References of both are kept.
pub fn merged_data(keep: &CustomerData, plan: &MergePlan) -> (CustomerData, Vec<String>) {
    let mut d = keep.clone();
    let o = &plan.other.data;
    let mut taken = Vec::new();
    for (f, take) in &plan.choices {
        if !*take {
            continue;
        }
        taken.push(format!("{f:?}").to_lowercase());
        match f {
            MergeField::Kind => d.kind = o.kind,
            MergeField::Title => d.title = o.title.clone(),
            MergeField::FirstName => d.first_name = o.first_name.clone(),
            MergeField::LastName => d.last_name = o.last_name.clone(),
            MergeField::Company => d.company_name = o.company_name.clone(),
            MergeField::Email => d.email = o.email.clone(),
            MergeField::Phone => d.phone = o.phone.clone(),
            MergeField::Phone2 => d.phone2 = o.phone2.clone(),
            MergeField::Vat => d.vat_number = o.vat_number.clone(),
            MergeField::CompanyNumber => d.company_number = o.company_number.clone(),
            MergeField::Address => {
                d.address = o.address.clone();
                d.position = o.position;
            }
            MergeField::Group => d.group = o.group.clone(),
            MergeField::PersonalNote => d.personal_note = o.personal_note.clone(),
            MergeField::PublicNote => d.public_note = o.public_note.clone(),
        }
    }
    for r in &o.references {
        if !d.references.contains(r) {
            d.references.push(r.clone());
        }
    }
    (d, taken)
}

/// The Edit key on the card: what it opens depends on the tab.
fn edit(s: &mut State, id: CustomerId) {
    let Some(card) = s.card.as_mut() else {
        return;
    };
    match card.tab {
        Tab::Info if !card.data.customer.anonymised => {
            let mut f = Form::new(
                FormPurpose::Edit(id),
                &cform::ALL,
                card.data.customer.data.clone(),
            );
            f.focus = 2;
            card.form = Some(f);
        }
        Tab::Notes => s.popup = Some(Popup::Note(TextInput::default())),
        Tab::Contact if !card.data.customer.anonymised => {
            match super::letter::compose(&card.data.customer, s.settings.email, s.settings.sms) {
                Ok(c) => s.popup = Some(Popup::Compose(Box::new(c))),
                Err(m) => s.say(m),
            }
        }
        Tab::Merge => picker::open(s, PickPurpose::MergeWith(id)),
        _ => {}
    }
}
