//! Print jobs as user acts: a sale's receipt, drawer kick and preparation tickets queued
//! in the sale's own transaction ([`queue_sale`], called by `store_sale_printed`), a
//! reprint from History, the manager's "open drawer", a failed job asked again.
//!
//! A preparation station (`[[prep]]`: the kitchen, the workshop) gets a job for a sale
//! when one of its lines is a product of a category it prepares; its ticket (printed by
//! the spool) lists those lines only.
//!
//! Invariants: a job is written in the transaction of what it prints (the sale is stored
//! first, in the same commit: no receipt without its sale, no sale without its receipt
//! queued); the drawer's kick is queued ahead of the receipt and only when cash changes
//! hands on a printer that drives a drawer (ESC/POS); opening the drawer without a sale
//! is the manager's act, refused to the cashier and audited (`drawer.open`) in the same
//! transaction as its job. Sending the jobs (and marking them printed) is the print
//! queue's own bookkeeping, done by its sender (`crate::spool`), not a user act.

use rusqlite::Transaction;
use serde_json::json;

use super::{Actor, Refusal, ServiceError};
use crate::domain::ids::SaleId;
use crate::domain::sale::{PaymentMethod, Sale};
use crate::store::print_queue::{self, Kind, Spec, Status};
use crate::store::{audit, catalog, sales, Store};

/// The register's printers, as the jobs of a sale name them, and its outbox.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PrintOrder {
    /// The receipt printer's string, format, width and code page (from `[receipt]`);
    /// `None` when only preparation stations print.
    pub spec: Option<Spec>,
    /// A cash payment opens the drawer wired to this printer (`[receipt] drawer`, and
    /// an ESC/POS printer).
    pub drawer_on_cash: bool,
    /// The preparation stations (`[[prep]]`).
    pub prep: Vec<PrepOrder>,
    /// E-mail is configured (`[email]`): the receipt goes to a customer who wants it
    /// (see `service::mail`), queued in the same transaction.
    pub email: Option<super::MailOrder>,
    /// SMS is configured (`[sms]`): the receipt's short text goes to a customer who
    /// wants it, queued in the same transaction.
    pub sms: Option<super::MailOrder>,
}

/// What the cashier asked for on the ticket (the payment popup).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Asked {
    pub email: bool,
    pub sms: bool,
}

/// A preparation station: the kitchen, the workshop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrepOrder {
    /// Its name (`[[prep]] name`), printed on its tickets and kept in its jobs.
    pub station: String,
    pub spec: Spec,
    /// The product categories it prepares (compared case-insensitively).
    pub categories: Vec<String>,
}

impl PrepOrder {
    /// Whether a product of `category` is prepared here.
    pub fn prepares(&self, category: Option<&str>) -> bool {
        prepares(&self.categories, category)
    }
}

/// Whether a product of `category` is among `categories` (a station's), trimmed and
/// case-insensitively: the one rule for queueing a station's job and for choosing the
/// lines its ticket prints.
pub fn prepares(categories: &[String], category: Option<&str>) -> bool {
    category.is_some_and(|c| {
        let c = c.trim().to_lowercase();
        categories.iter().any(|k| k.trim().to_lowercase() == c)
    })
}

impl PrintOrder {
    fn drawer_spec(&self) -> Option<&Spec> {
        self.spec.as_ref().filter(|s| s.format == "escpos")
    }
}

/// Queues `s`'s jobs in its transaction: the drawer's kick when cash was paid or given
/// back (and the order wants it), then the receipt, its e-mail and SMS, the preparation
/// tickets.
pub(super) fn queue_sale(
    tx: &Transaction,
    actor: &Actor,
    s: &Sale,
    order: &PrintOrder,
    asked: Asked,
) -> Result<(), ServiceError> {
    let cash = s
        .payments
        .iter()
        .any(|p| p.method == PaymentMethod::Cash && !p.amount.is_zero());
    if let Some(spec) = order.drawer_spec().filter(|_| cash && order.drawer_on_cash) {
        print_queue::insert(tx, &actor.register, Kind::Drawer, None, spec, s.created_at)?;
    }
    if let Some(spec) = &order.spec {
        print_queue::insert(
            tx,
            &actor.register,
            Kind::Receipt,
            Some(s.id),
            spec,
            s.created_at,
        )?;
    }
    if let Some(mail) = &order.email {
        let o = super::MailOrder {
            asked: mail.asked || asked.email,
        };
        super::mail::queue_receipt(tx, s, &o)?;
    }
    if let Some(sms) = &order.sms {
        let o = super::MailOrder {
            asked: sms.asked || asked.sms,
        };
        super::mail::queue_sms_receipt(tx, s, &o, &actor.country)?;
    }
    if order.prep.is_empty() {
        return Ok(());
    }
    // The categories of the sale's products, read in its transaction.
    let mut categories = Vec::new();
    for line in &s.lines {
        if let Some(id) = line.product_id {
            categories.push(catalog::product(tx, id)?.and_then(|p| p.category));
        }
    }
    for station in &order.prep {
        if categories.iter().any(|c| station.prepares(c.as_deref())) {
            print_queue::insert_prep(
                tx,
                &actor.register,
                s.id,
                &station.station,
                &station.spec,
                s.created_at,
            )?;
        }
    }
    Ok(())
}

/// Queues the receipt of a stored sale again (History's reprint, `sales print`); the job.
pub fn reprint(
    store: &mut Store,
    actor: &Actor,
    sale: SaleId,
    printer: &Spec,
) -> Result<i64, ServiceError> {
    store.write(|tx| {
        let Some(number) = sales::number(tx, sale)? else {
            return Err(Refusal::NoSale(sale.to_string()).into());
        };
        tracing::info!(%number, "receipt printed again");
        let now = chrono::Utc::now();
        let id = print_queue::insert(tx, &actor.register, Kind::Receipt, Some(sale), printer, now)?;
        Ok(id)
    })
}

/// The manager opens the cash drawer (no sale): its kick queued and the act audited, in
/// one transaction; the job. Refused to the cashier, and when the printer drives no
/// drawer.
pub fn open_drawer(
    store: &mut Store,
    actor: &Actor,
    order: &PrintOrder,
) -> Result<i64, ServiceError> {
    actor.require_manager("opening the cash drawer")?;
    let Some(spec) = order.drawer_spec() else {
        return Err(Refusal::NoDrawer.into());
    };
    store.write(|tx| {
        let now = chrono::Utc::now();
        let id = print_queue::insert(tx, &actor.register, Kind::Drawer, None, spec, now)?;
        audit::record(
            tx,
            &actor.name,
            "drawer.open",
            "print_job",
            Some(&id.to_string()),
            json!({ "register": actor.register, "printer": spec.printer, "role": "manager" }),
        )?;
        Ok(id)
    })
}

/// Makes a waiting or failed job due now (its sender then tries it at once); its status
/// before. Refused for a job that does not exist, was printed or is being sent.
pub fn retry_print_job(store: &mut Store, id: i64) -> Result<Status, ServiceError> {
    store.write(|tx| match print_queue::retry(tx, id, chrono::Utc::now())? {
        None => Err(Refusal::NoPrintJob(id).into()),
        Some(Status::Printed) => Err(Refusal::AlreadyPrinted(id).into()),
        Some(Status::Sending) => Err(Refusal::PrintJobBusy(id).into()),
        Some(before) => Ok(before),
    })
}

#[cfg(test)]
mod tests;
