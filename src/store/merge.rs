//! Moving a customer's records to another customer: a whole merge of two duplicates, or
//! one past sale given to another customer.
//!
//! Invariants: everything happens in the caller's transaction (one user action, one
//! commit); the duplicate's sales, notes and references end up on the survivor and the
//! duplicate row is gone; the change sequence records an upsert for the survivor and a
//! delete for the duplicate, so the search index follows; the audit log names both ids
//! and the fields taken from the duplicate, never their values.

use rusqlite::{params, Transaction};
use serde_json::json;

use super::{audit, changes, customers, outbox, Result, StoreError};
use crate::domain::customer::{Customer, CustomerData};
use crate::domain::ids::{CustomerId, SaleId};

mod remote;
pub use remote::merge_remote;

/// What a merge moved.
#[derive(Debug, Clone, PartialEq)]
pub struct MergeReport {
    pub survivor: Customer,
    pub sales: usize,
    pub notes: usize,
    pub references: usize,
}

/// Merges `duplicate` into `survivor`, whose data becomes `data` (validated by the
/// caller; its references should include the duplicate's, which are moved). `taken`
/// names the fields chosen from the duplicate, for the audit entry.
pub fn merge(
    tx: &Transaction,
    survivor: CustomerId,
    duplicate: CustomerId,
    data: &CustomerData,
    taken: &[String],
    actor: &str,
) -> Result<MergeReport> {
    if survivor == duplicate {
        return Err(StoreError::MergeWithItself);
    }
    let dup = customers::get(tx, duplicate)?.ok_or_else(|| StoreError::NotFound {
        what: "customer",
        id: duplicate.to_string(),
    })?;
    if dup.anonymised {
        return Err(StoreError::Anonymised {
            id: duplicate,
            action: "merged",
        });
    }
    let moved_notes = if outbox::joined(tx)? {
        super::notes::for_customer(tx, duplicate)?
    } else {
        Vec::new()
    };
    let Moved {
        sales,
        notes,
        references,
    } = hand_over(tx, survivor, duplicate)?;
    // For the hub (once joined): the duplicate's deletion first, so the references it
    // held there are free when the survivor's edit claims them.
    outbox::customer_merged_away(tx, duplicate, survivor)?;
    // The survivor's new data (references included) and its upsert change.
    let kept = customers::update(tx, survivor, data, actor)?;
    // The duplicate's notes are the survivor's now, for the hub too (each keeps its id:
    // moved, not copied).
    for mut note in moved_notes {
        note.customer_id = survivor;
        outbox::note_set(tx, &note)?;
    }
    tx.execute("DELETE FROM customer WHERE id = ?1", [duplicate])?;
    changes::record(tx, duplicate, changes::Op::Delete)?;
    audit::record(
        tx,
        actor,
        "customer.merge",
        "customer",
        Some(&survivor.to_string()),
        json!({
            "duplicate": duplicate.to_string(),
            "fields_from_duplicate": taken,
            "sales": sales,
            "notes": notes,
            "references": references,
        }),
    )?;
    Ok(MergeReport {
        survivor: kept,
        sales,
        notes,
        references,
    })
}

/// What a merge handed over to the survivor.
struct Moved {
    sales: usize,
    notes: usize,
    references: usize,
}

/// The duplicate's sales, notes, messages (erased with the survivor, if ever) and gift
/// cards become the survivor's; its references are let go (the survivor's data lists the
/// ones it keeps). The one hand-over of a merge made here and of one the hub reports.
fn hand_over(tx: &Transaction, survivor: CustomerId, duplicate: CustomerId) -> Result<Moved> {
    let moved = |table: &str| {
        tx.execute(
            &format!("UPDATE {table} SET customer_id = ?1 WHERE customer_id = ?2"),
            params![survivor, duplicate],
        )
    };
    let sales = moved("sale")?;
    let notes = moved("customer_note")?;
    moved("gift_card")?;
    super::messages::customer_merged(tx, survivor, duplicate)?;
    let references = tx.execute(
        "DELETE FROM customer_ref WHERE customer_id = ?1",
        [duplicate],
    )?;
    Ok(Moved {
        sales,
        notes,
        references,
    })
}

/// Gives a past sale to another customer (or to none); both customers' index entries are
/// refreshed (their last visit may change). Returns the customer it had.
pub fn move_sale(
    tx: &Transaction,
    sale: SaleId,
    to: Option<CustomerId>,
    actor: &str,
) -> Result<Option<CustomerId>> {
    let from: Option<CustomerId> = tx
        .query_row("SELECT customer_id FROM sale WHERE id = ?1", [sale], |r| {
            r.get(0)
        })
        .map_err(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => StoreError::NotFound {
                what: "sale",
                id: sale.to_string(),
            },
            e => StoreError::from(e),
        })?;
    if let Some(to) = to {
        match customers::get(tx, to)? {
            Some(c) if !c.anonymised => {}
            _ => {
                return Err(StoreError::NotFound {
                    what: "customer",
                    id: to.to_string(),
                })
            }
        }
    }
    tx.execute(
        "UPDATE sale SET customer_id = ?1 WHERE id = ?2",
        params![to, sale],
    )?;
    // Its receipt's e-mail not sent yet would go to the wrong person.
    super::messages::sale_moved(tx, sale)?;
    for c in [from, to].into_iter().flatten() {
        changes::record(tx, c, changes::Op::Upsert)?;
    }
    audit::record(
        tx,
        actor,
        "sale.move",
        "sale",
        Some(&sale.to_string()),
        json!({
            "from": from.map(|c| c.to_string()),
            "to": to.map(|c| c.to_string()),
        }),
    )?;
    Ok(from)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::demo::{self, DemoOptions};
    use crate::store::{notes, sales, Store};

    /// Two customers that have sales (so a move or merge changes something); also used
    /// by the service's tests.
    pub(crate) fn two_with_sales(s: &Store) -> (CustomerId, CustomerId) {
        let mut stmt = s
            .conn()
            .prepare("SELECT customer_id FROM sale GROUP BY customer_id LIMIT 2")
            .unwrap();
        let ids: Vec<CustomerId> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        (ids[0], ids[1])
    }

    #[test]
    fn merge_moves_everything_and_logs_changes() {
        let mut s = Store::open_in_memory().unwrap();
        demo::generate(
            &mut s,
            &DemoOptions {
                customers: 40,
                seed: 9,
                now: chrono::Utc::now(),
                sales: true,
            },
        )
        .unwrap();
        let (a, b) = two_with_sales(&s);
        let before_a = sales::for_customer(s.conn(), a, 100).unwrap().len();
        let before_b = sales::for_customer(s.conn(), b, 100).unwrap().len();
        s.write(|tx| notes::add(tx, b, "t", "call back")).unwrap();
        let mut data = customers::get(s.conn(), a).unwrap().unwrap().data;
        let dup = customers::get(s.conn(), b).unwrap().unwrap();
        data.references.extend(dup.data.references.clone());
        let seq = changes::last_seq(s.conn()).unwrap();
        let r = s
            .write(|tx| merge(tx, a, b, &data, &["email".to_string()], "t"))
            .unwrap();
        assert_eq!(r.sales, before_b);
        assert_eq!(r.notes, 1);
        assert!(customers::get(s.conn(), b).unwrap().is_none());
        assert_eq!(
            sales::for_customer(s.conn(), a, 100).unwrap().len(),
            before_a + before_b
        );
        assert_eq!(notes::for_customer(s.conn(), a).unwrap().len(), 1);
        let ch = changes::since(s.conn(), seq, 10).unwrap();
        assert!(ch
            .iter()
            .any(|c| c.customer_id == a && c.op == changes::Op::Upsert));
        assert!(ch
            .iter()
            .any(|c| c.customer_id == b && c.op == changes::Op::Delete));
        assert_eq!(
            audit::for_entity(s.conn(), "customer", &a.to_string())
                .unwrap()
                .last()
                .map(|e| e.action.clone()),
            Some("customer.merge".to_string())
        );
        assert!(s.write(|tx| merge(tx, a, a, &data, &[], "t")).is_err());
    }

    #[test]
    fn move_sale_changes_the_owner() {
        let mut s = Store::open_in_memory().unwrap();
        demo::generate(
            &mut s,
            &DemoOptions {
                customers: 30,
                seed: 2,
                now: chrono::Utc::now(),
                sales: true,
            },
        )
        .unwrap();
        let (a, b) = two_with_sales(&s);
        let sale = sales::for_customer(s.conn(), a, 1).unwrap()[0].id;
        s.write(|tx| move_sale(tx, sale, Some(b), "t")).unwrap();
        assert_eq!(
            sales::get(s.conn(), sale).unwrap().unwrap().customer_id,
            Some(b)
        );
        assert!(s
            .write(|tx| move_sale(tx, SaleId::generate(), None, "t"))
            .is_err());
    }
}
