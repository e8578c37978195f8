//! Everything held on one customer, as one JSON document: the answer to a GDPR access
//! request (article 15).
//!
//! Holds: the customer (every field, references, preferences and consents with their
//! dates), internal notes, every sale with its lines and payments, balances and every
//! ledger movement (points, wallet, store credit, account), the gift cards they hold, the consent changes
//! recorded in the audit log, and all audit entries about the customer. The caller checks
//! the manager PIN and records the export itself in the audit log (in the same
//! transaction as the read, see [`export_data`]).

use serde::Serialize;
use serde_json::json;

use super::ExchangeError;
use crate::domain::customer::{Customer, Preferences};
use crate::domain::ids::CustomerId;
use crate::domain::sale::Sale;
use crate::store::audit::{self, Entry};
use crate::store::notes::{self, Note};
use crate::store::{sales, Store, StoreError};

/// The whole file on one customer.
#[derive(Debug, Serialize)]
pub struct DataExport {
    /// When this export was made (RFC 3339, UTC).
    pub generated_at: String,
    pub customer: Customer,
    pub consent: Preferences,
    /// Audit entries that changed preferences (fields named, values in `consent`).
    pub consent_history: Vec<Entry>,
    pub notes: Vec<Note>,
    pub sales: Vec<Sale>,
    /// Balances (points, wallet, store credit, owed) and every ledger movement.
    pub balances: crate::domain::ledger::Balances,
    pub ledger: Vec<crate::store::ledger::Entry>,
    /// Gift cards the customer holds.
    pub gift_cards: Vec<crate::store::gift::GiftCard>,
    pub audit: Vec<Entry>,
}

/// Gathers everything on customer `id` and records the export in the audit log, in one
/// transaction (the entry exists if and only if the data was read).
pub fn export_data(
    store: &mut Store,
    id: CustomerId,
    actor: &str,
) -> Result<DataExport, ExchangeError> {
    store.write(|tx| {
        let customer = crate::store::customers::get(tx, id)?.ok_or(StoreError::NotFound {
            what: "customer",
            id: id.to_string(),
        })?;
        let key = id.to_string();
        let entries = audit::for_entity(tx, "customer", &key)?;
        let consent_history = entries
            .iter()
            .filter(|e| {
                e.action == "customer.create"
                    || e.detail["fields"]
                        .as_array()
                        .is_some_and(|f| f.iter().any(|x| x == "preferences"))
            })
            .cloned()
            .collect();
        let mut sold = Vec::new();
        for s in sales::for_customer(tx, id, usize::MAX >> 1)? {
            if let Some(sale) = sales::get(tx, s.id)? {
                sold.push(sale);
            }
        }
        let out = DataExport {
            generated_at: crate::store::now_text(),
            consent: customer.data.preferences,
            customer,
            consent_history,
            notes: notes::for_customer(tx, id)?,
            sales: sold,
            balances: crate::store::ledger::balances(tx, id)?,
            ledger: crate::store::ledger::entries(tx, id, None, usize::MAX >> 1)?,
            gift_cards: crate::store::gift::for_customer(tx, id)?,
            audit: entries,
        };
        audit::record(
            tx,
            actor,
            "customer.export_data",
            "customer",
            Some(&key),
            json!({}),
        )?;
        Ok(out)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::customer::CustomerData;

    #[test]
    fn everything_and_an_audit_entry() {
        let mut store = Store::open_in_memory().unwrap();
        let d = CustomerData {
            last_name: Some("Janssens".into()),
            ..Default::default()
        };
        let c = store
            .write(|tx| crate::store::customers::create(tx, &d, "t"))
            .unwrap();
        store
            .write(|tx| notes::add(tx, c.id, "t", "likes tea"))
            .unwrap();
        let out = export_data(&mut store, c.id, "manager").unwrap();
        assert_eq!(out.customer.id, c.id);
        assert_eq!(out.notes[0].body, "likes tea");
        assert_eq!(out.consent_history.len(), 1);
        let v = serde_json::to_value(&out).unwrap();
        assert_eq!(v["customer"]["last_name"], "Janssens");
        let log = audit::for_entity(store.conn(), "customer", &c.id.to_string()).unwrap();
        assert_eq!(log.last().unwrap().action, "customer.export_data");
        assert!(export_data(&mut store, CustomerId::generate(), "m").is_err());
    }
}
