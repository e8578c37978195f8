//! The writes a real run has planned and not committed yet, and their commit in one
//! short write transaction.
//!
//! Planning happens outside any write transaction, so the register may change a customer
//! between the plan and the write: an update remembers the change sequence of the row it
//! was planned against, and the write compares it with the row's sequence then. When it
//! moved, the row's values are laid over the fresh row again ([`overlay`], the same rule),
//! never over the old copy: what the register wrote stays. A customer deleted or
//! anonymised meanwhile is not written (the report says so). Each write notes its undo
//! row (`store::import_run`) in the same transaction.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::Transaction;

use super::overlay::overlay;
use super::pending::Pending;
use super::Valid;
use crate::domain::customer::CustomerData;
use crate::domain::ids::CustomerId;
use crate::exchange::remark::Remark;
use crate::store::{bulk, customers, import_run, StoreError};

/// One customer's planned write; the data it writes is the run's pending version of the
/// customer (`pending.rs`), read when the chunk is written.
#[derive(Debug)]
enum Op {
    Create {
        id: CustomerId,
    },
    Update {
        id: CustomerId,
        /// The stored row's change sequence and data when planned.
        seq: i64,
        stored: Box<CustomerData>,
        /// The rows laid over it, in file order.
        rows: Vec<Valid>,
    },
}

/// The planned writes, in the order of each customer's first row.
#[derive(Debug, Default)]
pub(super) struct Chunk {
    ops: Vec<Op>,
    at: HashMap<CustomerId, usize>,
}

impl Chunk {
    pub(super) fn len(&self) -> usize {
        self.ops.len()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    /// A new customer.
    pub(super) fn create(&mut self, id: CustomerId) {
        self.at.insert(id, self.ops.len());
        self.ops.push(Op::Create { id });
    }

    /// Row `row` changes customer `id`. `stored` is the stored row (its sequence and
    /// data) the change was planned against, when the chunk does not hold the customer
    /// yet.
    pub(super) fn update(
        &mut self,
        id: CustomerId,
        stored: impl FnOnce() -> Option<(i64, CustomerData)>,
        row: Valid,
    ) -> Result<(), StoreError> {
        if let Some(&i) = self.at.get(&id) {
            if let Some(Op::Update { rows, .. }) = self.ops.get_mut(i) {
                rows.push(row);
            }
            return Ok(());
        }
        let (seq, stored) = stored().ok_or_else(|| StoreError::NotFound {
            what: "customer",
            id: id.to_string(),
        })?;
        self.at.insert(id, self.ops.len());
        self.ops.push(Op::Update {
            id,
            seq,
            stored: Box::new(stored),
            rows: vec![row],
        });
        Ok(())
    }

    /// Writes every planned op of run `run` in `tx`, each customer as `pending` holds it;
    /// returns remarks for the report.
    pub(super) fn write(
        self,
        tx: &Transaction,
        run: i64,
        now: DateTime<Utc>,
        pending: &Pending,
    ) -> Result<Vec<Remark>, StoreError> {
        let mut notices = Vec::new();
        for op in self.ops {
            let id = match &op {
                Op::Create { id } | Op::Update { id, .. } => *id,
            };
            let entry = pending.in_chunk(id).ok_or_else(|| StoreError::NotFound {
                what: "planned customer",
                id: id.to_string(),
            })?;
            let planned = &entry.data;
            match op {
                Op::Create { id } => {
                    let seq = bulk::insert_row(tx, id, planned, now)?;
                    import_run::record_created(tx, run, id, seq, entry.created_by_line)?;
                }
                Op::Update {
                    id,
                    seq,
                    stored,
                    rows,
                } => {
                    let Some((before, after)) = fresh(tx, id, seq, *stored, rows, planned)? else {
                        notices.push(Remark::DeletedDuringImport {
                            customer: id.to_string(),
                        });
                        continue;
                    };
                    if after == before {
                        continue;
                    }
                    let seq = bulk::update_row(tx, id, &after, now)?;
                    import_run::record_updated(tx, run, id, &before, &after, seq)?;
                }
            }
        }
        Ok(notices)
    }
}

/// The customer as stored now and as the update leaves it: as planned when its change
/// sequence is still `seq`, else the rows laid over the fresh row; `None` when it is gone
/// or anonymised.
fn fresh(
    tx: &Transaction,
    id: CustomerId,
    seq: i64,
    stored: CustomerData,
    rows: Vec<Valid>,
    planned: &CustomerData,
) -> Result<Option<(CustomerData, CustomerData)>, StoreError> {
    match bulk::state(tx, id)? {
        None | Some((_, true)) => Ok(None),
        Some((now, false)) if now == seq => Ok(Some((stored, planned.clone()))),
        Some(_) => {
            let Some(current) = customers::get(tx, id)? else {
                return Ok(None);
            };
            tracing::info!(customer = %id, "changed at the register during the import: rows laid over it again");
            let after = rows.into_iter().fold(current.data.clone(), |d, r| {
                overlay(&d, r.data, r.provided, r.name_derived)
            });
            Ok(Some((current.data, after)))
        }
    }
}
