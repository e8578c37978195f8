//! The runner's writes: each effect is one call to `crate::service` (validation, then one
//! transaction), then the search index catches up with the commit, then the result
//! becomes actions.
//!
//! Invariants: no store writer is called from here, only the service; the index catch-up
//! comes after the commit, never before; a catch-up that would hold the loop (a delete's
//! purge merges segments: seconds at a million customers) is done in the background; a refusal is returned as the service's error (the
//! runner shows it as `Action::Failed`) and nothing was written.

use super::super::action::{Action, ParkRequest, RefundRequest, SaleDraft};
use super::super::state::RecalledTicket;
use super::Runner;
use crate::domain::customer::{CustomerData, Reference};
use crate::domain::ids::{CustomerId, ParkedId, SaleId};
use crate::domain::money::Money;
use crate::domain::sale::{LineKind, PaymentMethod};
use crate::service::{self, MergeRequest, NewProduct, PaymentDraft, ServiceError};

impl Runner {
    /// Stores a paid sale with its print jobs (drawer, receipt) when a printer is
    /// configured, then has them sent. A sale
    /// refused with a customer on it also brings back the customer's balances as they
    /// are now (another register may have spent them), so the payment popup opened
    /// again offers what is really there.
    pub(super) fn store_sale(&mut self, d: &SaleDraft) -> Result<Vec<Action>, ServiceError> {
        let order = self.print_order();
        let sale =
            match service::store_sale_printed(&mut self.store, &self.actor, d, order.as_ref()) {
                Ok(sale) => sale,
                Err(e) => {
                    let Some(customer) = d.customer else {
                        return Err(e);
                    };
                    tracing::warn!("sale refused: {e}");
                    let mut out = vec![Action::Failed(service::words::describe(&e, self.lang))];
                    if let Ok(balances) =
                        crate::store::ledger::balances(self.store.conn(), customer)
                    {
                        out.push(Action::Balances { customer, balances });
                    }
                    return Ok(out);
                }
            };
        let index = self.catch_up_after_write();
        // The change of every cash payment (one gives change: the one that closed it).
        let change = sale
            .payments
            .iter()
            .filter_map(|p| p.change)
            .reduce(|a, b| a + b);
        let paid = sale.payments.iter().map(|p| (p.method, p.amount)).collect();
        let mut out = vec![Action::SaleStored {
            number: sale.number.clone(),
            total: sale.totals.total,
            paid,
            change,
            points: sale.points,
        }];
        if order.is_some() {
            out.extend(self.queued());
        }
        out.extend(index);
        Ok(out)
    }

    /// Sells a gift card (a ticket of its own, printed like a sale: the receipt carries
    /// the card's code).
    pub(super) fn sell_gift_card(
        &mut self,
        code: Option<String>,
        amount: Money,
        method: PaymentMethod,
        customer: Option<CustomerId>,
    ) -> Result<Vec<Action>, ServiceError> {
        let d = service::gift_card_draft(
            code.as_deref(),
            amount,
            customer,
            PaymentDraft::rest(method),
        )?;
        let order = self.print_order();
        let sale = service::store_sale_printed(&mut self.store, &self.actor, &d, order.as_ref())?;
        let code = sale
            .lines
            .first()
            .map(|l| l.code.clone())
            .unwrap_or_default();
        let mut out = vec![Action::GiftCardSold {
            code,
            amount,
            number: sale.number.clone(),
        }];
        if order.is_some() {
            out.extend(self.queued());
        }
        Ok(out)
    }

    /// Pays money into a customer's wallet or towards what they owe (a ticket of its own,
    /// printed like a sale); the balances read after it come back with the result.
    pub(super) fn pay_in(
        &mut self,
        customer: CustomerId,
        kind: LineKind,
        amount: Money,
        method: PaymentMethod,
    ) -> Result<Vec<Action>, ServiceError> {
        let d = service::pay_in_draft(customer, kind, amount, PaymentDraft::rest(method))?;
        let order = self.print_order();
        let sale = service::store_sale_printed(&mut self.store, &self.actor, &d, order.as_ref())?;
        let index = self.catch_up_after_write();
        let balances = crate::store::ledger::balances(self.store.conn(), customer)?;
        let mut out = vec![Action::PaidIn {
            customer,
            kind,
            amount,
            number: sale.number.clone(),
            balances,
        }];
        if order.is_some() {
            out.extend(self.queued());
        }
        out.extend(index);
        Ok(out)
    }

    /// Parks the ticket at this register (not a sale: nothing to print, no customer
    /// changed, so no index catch-up).
    pub(super) fn park(&mut self, req: &ParkRequest) -> Result<Vec<Action>, ServiceError> {
        let t = service::park_ticket(&mut self.store, &self.actor, req)?;
        Ok(vec![Action::Parked {
            lines: t.lines.len(),
        }])
    }

    /// Takes a parked ticket back, its customer read as picking them reads them
    /// ([`Runner::attached`]: discount, tax preference, balances). The ticket is out of
    /// the store once the service returns: a customer who cannot be read now comes back
    /// as gone rather than losing the lines.
    pub(super) fn recall(&mut self, id: ParkedId) -> Result<Vec<Action>, ServiceError> {
        let r = service::recall_ticket(&mut self.store, &self.actor, id)?;
        let (customer, customer_gone) = match r.customer {
            Some(c) => match self.attached(c) {
                Ok(att) => (Some(att), false),
                Err(e) => {
                    tracing::warn!("recalled ticket's customer not read: {e}");
                    (None, true)
                }
            },
            None => (None, r.customer_gone),
        };
        Ok(vec![Action::Recalled(Box::new(RecalledTicket {
            lines: r.ticket.lines,
            customer,
            customer_gone,
            repriced: r.ticket.repriced,
        }))])
    }

    /// Gives back lines of a past sale (the manager's act: the service refuses it to the
    /// cashier), then prints the refund's receipt when an output is configured.
    pub(super) fn refund(&mut self, req: &RefundRequest) -> Result<Vec<Action>, ServiceError> {
        let order = self.print_order();
        let sale = service::refund_printed(&mut self.store, &self.actor, req, order.as_ref())?;
        let index = self.catch_up_after_write();
        let mut to: Vec<_> = Vec::new();
        for p in &sale.payments {
            if !to.contains(&p.method) {
                to.push(p.method);
            }
        }
        let mut out = vec![Action::Refunded {
            number: sale.number.clone(),
            amount: -sale.totals.total,
            to,
        }];
        if order.is_some() {
            out.extend(self.queued());
        }
        out.extend(index);
        Ok(out)
    }

    /// Creates (`id` is `None`) or edits a customer; `attach` puts it on the ticket.
    pub(super) fn save_customer(
        &mut self,
        id: Option<CustomerId>,
        data: CustomerData,
        attach: bool,
    ) -> Result<Vec<Action>, ServiceError> {
        let saved = match id {
            Some(id) => service::edit_customer(&mut self.store, &self.actor, id, data)?,
            None => service::add_customer(&mut self.store, &self.actor, data)?,
        };
        let index = self.catch_up_after_write();
        let attached = if attach {
            Some(Action::Attach(Box::new(self.attached(saved.id)?)))
        } else {
            None
        };
        let mut out = vec![Action::CustomerSaved {
            customer: Box::new(saved),
            attach,
            created: id.is_none(),
        }];
        out.extend(attached);
        out.extend(index);
        Ok(out)
    }

    pub(super) fn add_note(
        &mut self,
        id: CustomerId,
        body: &str,
    ) -> Result<Vec<Action>, ServiceError> {
        let note = service::add_note(&mut self.store, &self.actor, id, body)?;
        Ok(vec![Action::NoteAdded(note)])
    }

    /// Queues an e-mail or SMS written on the Contact tab; the message worker is nudged.
    pub(super) fn send_letter(
        &mut self,
        id: CustomerId,
        letter: &service::Letter,
    ) -> Result<Vec<Action>, ServiceError> {
        service::queue_letter(&mut self.store, &self.actor, id, letter)?;
        if let Some(m) = &self.mailing {
            m.nudge();
        }
        Ok(vec![Action::LetterQueued(letter.channel)])
    }

    pub(super) fn delete_customer(&mut self, id: CustomerId) -> Result<Vec<Action>, ServiceError> {
        let outcome = service::delete_customer(&mut self.store, &self.actor, id)?;
        let index = self.catch_up_after_write();
        let mut out = vec![Action::Deleted { id, outcome }];
        out.extend(index);
        Ok(out)
    }

    pub(super) fn merge(&mut self, req: MergeRequest) -> Result<Vec<Action>, ServiceError> {
        let survivor = req.survivor;
        service::merge_customers(&mut self.store, &self.actor, req)?;
        let index = self.catch_up_after_write();
        let mut out = vec![Action::Merged { survivor }];
        out.extend(index);
        Ok(out)
    }

    /// Gives a past sale to customer `to` (the manager's act), its points with it; the
    /// answer names the ticket and the customer as stored.
    pub(super) fn move_sale(
        &mut self,
        sale: SaleId,
        to: CustomerId,
    ) -> Result<Vec<Action>, ServiceError> {
        let points = service::move_sale(&mut self.store, &self.actor, sale, Some(to))?;
        let index = self.catch_up_after_write();
        let number = crate::store::sales::number(self.store.conn(), sale)?.unwrap_or_default();
        let name = self.customer(to)?.data.display_name();
        let moved = Action::SaleMoved {
            sale,
            number,
            to,
            name,
            points,
        };
        Ok(std::iter::once(moved).chain(index).collect())
    }

    pub(super) fn add_reference(
        &mut self,
        id: CustomerId,
        reference: Reference,
    ) -> Result<Vec<Action>, ServiceError> {
        service::add_reference(&mut self.store, &self.actor, id, reference)?;
        let index = self.catch_up_after_write();
        Ok(std::iter::once(Action::ReferenceAdded(id))
            .chain(index)
            .collect())
    }

    pub(super) fn create_product(&mut self, new: NewProduct) -> Result<Vec<Action>, ServiceError> {
        let p = service::create_product(&mut self.store, &self.actor, new)?;
        Ok(vec![Action::ProductCreated(p)])
    }
}
