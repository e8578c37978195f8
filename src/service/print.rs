//! Print jobs as user acts: a sale's receipt and drawer kick queued in the sale's own
//! transaction ([`queue_sale`], called by `store_sale_printed`), a reprint from History,
//! the manager's "open drawer", a failed job asked again.
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
use crate::store::{audit, sales, Store};

/// The register's printer, as the jobs of a sale name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintOrder {
    /// The printer string, format, width and code page (from `[receipt]`).
    pub spec: Spec,
    /// A cash payment opens the drawer wired to this printer (`[receipt] drawer`, and
    /// an ESC/POS printer).
    pub drawer_on_cash: bool,
}

impl PrintOrder {
    fn drives_a_drawer(&self) -> bool {
        self.spec.format == "escpos"
    }
}

/// Queues `s`'s jobs in its transaction: the drawer's kick when cash was paid or given
/// back (and the order wants it), then the receipt.
pub(super) fn queue_sale(
    tx: &Transaction,
    actor: &Actor,
    s: &Sale,
    order: &PrintOrder,
) -> Result<(), ServiceError> {
    let cash = s
        .payments
        .iter()
        .any(|p| p.method == PaymentMethod::Cash && !p.amount.is_zero());
    if cash && order.drawer_on_cash && order.drives_a_drawer() {
        print_queue::insert(
            tx,
            &actor.register,
            Kind::Drawer,
            None,
            &order.spec,
            s.created_at,
        )?;
    }
    print_queue::insert(
        tx,
        &actor.register,
        Kind::Receipt,
        Some(s.id),
        &order.spec,
        s.created_at,
    )?;
    Ok(())
}

/// Queues the receipt of a stored sale again (History's reprint, `sales print`); the job.
pub fn reprint(
    store: &mut Store,
    actor: &Actor,
    sale: SaleId,
    order: &PrintOrder,
) -> Result<i64, ServiceError> {
    store.write(|tx| {
        let Some(number) = sales::number(tx, sale)? else {
            return Err(Refusal::NoSale(sale.to_string()).into());
        };
        tracing::info!(%number, "receipt printed again");
        let now = chrono::Utc::now();
        let id = print_queue::insert(
            tx,
            &actor.register,
            Kind::Receipt,
            Some(sale),
            &order.spec,
            now,
        )?;
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
    if !order.drives_a_drawer() {
        return Err(Refusal::NoDrawer.into());
    }
    store.write(|tx| {
        let now = chrono::Utc::now();
        let id = print_queue::insert(tx, &actor.register, Kind::Drawer, None, &order.spec, now)?;
        audit::record(
            tx,
            &actor.name,
            "drawer.open",
            "print_job",
            Some(&id.to_string()),
            json!({ "register": actor.register, "printer": order.spec.printer, "role": "manager" }),
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
