//! Store functions for bulk loads (imports): look-ups that use the indexes only, and
//! writes without a per-row audit entry that say which change sequence they took.
//!
//! Invariants:
//! - every look-up here is an index search (`customer_email`, `customer_phone`,
//!   `customer_phone2`, `customer_name_no_contact`, `customer_ref`'s primary key), so an
//!   import of a million rows stays linear (a test checks the query plans);
//! - [`insert_row`] and [`update_row`] write exactly the columns `customers::insert_row`
//!   and `customers::update` write and log the change in `customer_change`, but leave the
//!   audit entry to the caller (one per import run); a test checks that what they write
//!   reads back equal;
//! - nothing here opens a transaction: an import reads outside any write transaction
//!   (a dry run takes no write lock at all) and writes its chunks through `Store::write`.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::{customers, Result};
use crate::domain::customer::{CustomerData, Reference};
use crate::domain::ids::CustomerId;

/// A stored customer that shares an e-mail or phone with an imported row.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub id: CustomerId,
    /// "First Last" for a person, the company name for an entity.
    pub name: String,
}

const CANDIDATE: &str = "SELECT id, kind, first_name, last_name, company_name
    FROM customer WHERE anonymised = 0 AND";

fn candidate(r: &rusqlite::Row) -> rusqlite::Result<Candidate> {
    let kind: String = r.get(1)?;
    let data = CustomerData {
        kind: customers::kind_from_str(&kind),
        first_name: r.get(2)?,
        last_name: r.get(3)?,
        company_name: r.get(4)?,
        ..Default::default()
    };
    Ok(Candidate {
        id: r.get(0)?,
        name: data.display_name(),
    })
}

/// The look-up of the customers holding `?1` in `column` (a contact column with its own
/// index: email, phone or phone2), oldest first.
fn holders_sql(column: &str) -> String {
    format!("{CANDIDATE} {column} = ?1 ORDER BY id")
}

/// [`holders_sql`] of e-mail, phone and second phone, made once.
static HOLDERS: std::sync::LazyLock<[String; 3]> =
    std::sync::LazyLock::new(|| ["email", "phone", "phone2"].map(holders_sql));

fn holders(conn: &Connection, column: usize, value: &str) -> Result<Vec<Candidate>> {
    let sql = HOLDERS.get(column).map_or("", String::as_str);
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([value], candidate)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Customers whose (normalised) e-mail is `email`, oldest first.
pub fn by_email(conn: &Connection, email: &str) -> Result<Vec<Candidate>> {
    holders(conn, 0, email)
}

/// Customers whose main phone is the E.164 number `phone`, oldest first.
pub fn by_phone(conn: &Connection, phone: &str) -> Result<Vec<Candidate>> {
    holders(conn, 1, phone)
}

/// Customers whose second phone is the E.164 number `phone`, oldest first.
pub fn by_phone2(conn: &Connection, phone: &str) -> Result<Vec<Candidate>> {
    holders(conn, 2, phone)
}

/// The look-up of [`by_name_without_contact`], served by `customer_name_no_contact`.
const NO_CONTACT: &str = "email IS NULL AND phone IS NULL AND last_name IS ?1
    AND first_name IS ?2 AND company_name IS ?3 ORDER BY id";

/// Customers with exactly this name and neither e-mail nor phone, oldest first: how a
/// re-imported row without any contact is recognised (an index search on the names).
pub fn by_name_without_contact(
    conn: &Connection,
    first_name: Option<&str>,
    last_name: Option<&str>,
    company_name: Option<&str>,
) -> Result<Vec<Candidate>> {
    let mut stmt = conn.prepare_cached(&format!("{CANDIDATE} {NO_CONTACT}"))?;
    let rows = stmt.query_map(params![last_name, first_name, company_name], candidate)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The customer a reference belongs to.
pub fn reference_owner(conn: &Connection, r: &Reference) -> Result<Option<CustomerId>> {
    customers::find_by_reference(conn, r.kind, &r.code)
}

/// The change sequence of customer `id` and whether it is anonymised (`None`: no such
/// customer). An import compares it with what it planned against.
pub fn state(conn: &Connection, id: CustomerId) -> Result<Option<(i64, bool)>> {
    Ok(conn
        .prepare_cached("SELECT change_seq, anonymised FROM customer WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Inserts customer `id` with validated `data` and its references, without an audit
/// entry; returns the change sequence it took.
pub fn insert_row(
    tx: &Transaction,
    id: CustomerId,
    data: &CustomerData,
    now: DateTime<Utc>,
) -> Result<i64> {
    customers::insert_logged(tx, id, data, now)
}

/// Replaces every field of customer `id` with validated `data`, without an audit entry
/// (the import audits once per run); see [`customers::update_row`]. A reference that
/// belongs to another customer is refused naming the owner. Returns the change sequence
/// the write took.
pub fn update_row(
    tx: &Transaction,
    id: CustomerId,
    data: &CustomerData,
    now: DateTime<Utc>,
) -> Result<i64> {
    customers::update_row(tx, id, data, now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::GroupId;
    use crate::domain::money::Percent;
    use crate::store::{audit, catalog, Store};

    /// The steps of `sql`'s query plan with `params` bound.
    fn plan(store: &Store, sql: &str, params: impl rusqlite::Params) -> Vec<String> {
        store
            .conn()
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap()
            .query_map(params, |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn update_row_writes_every_field_and_no_audit_entry() {
        let mut store = Store::open_in_memory().unwrap();
        let id = CustomerId::generate();
        let before = store
            .write(|tx| {
                catalog::create_group(
                    tx,
                    &crate::domain::catalog::Group {
                        id: GroupId::generate(),
                        name: "VIP".into(),
                        discount: Percent::ZERO,
                    },
                    "t",
                )?;
                let minimal = CustomerData {
                    last_name: Some("X".into()),
                    ..Default::default()
                };
                customers::insert_row(tx, id, &minimal, Utc::now())?;
                audit::count(tx)
            })
            .unwrap();
        let data = crate::domain::customer::sample::every_field();
        store
            .write(|tx| update_row(tx, id, &data, Utc::now()))
            .unwrap();
        let back = customers::get(store.conn(), id).unwrap().unwrap();
        assert_eq!(back.data, data);
        assert_eq!(audit::count(store.conn()).unwrap(), before);
        assert_eq!(
            by_email(store.conn(), "anne@peeters.example").unwrap()[0].id,
            id
        );
        assert_eq!(
            by_phone(store.conn(), "+32470123456").unwrap()[0].name,
            "Peeters BV"
        );
        assert!(by_phone(store.conn(), "+3221234567").unwrap().is_empty());
    }

    #[test]
    fn contact_lookups_are_index_searches() {
        let store = Store::open_in_memory().unwrap();
        for column in ["email", "phone", "phone2"] {
            let plan = plan(&store, &holders_sql(column), ["x"]);
            let index = format!("USING INDEX customer_{column} ({column}=?)");
            assert!(
                plan.iter().any(|step| step.contains(&index))
                    && !plan.iter().any(|step| step.starts_with("SCAN customer")),
                "{column}: {plan:?}"
            );
        }
        // Rows with no contact: the names, down the partial index (issue 12 §6: this was
        // a scan of the whole table per such row).
        let plan = plan(
            &store,
            &format!("{CANDIDATE} {NO_CONTACT}"),
            params!["Dupont", "Jean", None::<String>],
        );
        assert!(
            plan.iter().any(|step| step.contains(
                "USING INDEX customer_name_no_contact (last_name=? AND first_name=? AND company_name=?)"
            )) && !plan.iter().any(|step| step.starts_with("SCAN customer")),
            "no contact: {plan:?}"
        );
        let mut store = store;
        let id = CustomerId::generate();
        let d = CustomerData {
            last_name: Some("Janssens".into()),
            phone: Some("+32470123456".into()),
            phone2: Some("+3221234567".into()),
            ..Default::default()
        };
        store
            .write(|tx| customers::insert_row(tx, id, &d, Utc::now()))
            .unwrap();
        let conn = store.conn();
        assert_eq!(by_phone2(conn, "+3221234567").unwrap()[0].id, id);
        assert!(by_phone2(conn, "+32470123456").unwrap().is_empty());
        assert!(by_phone(conn, "+3221234567").unwrap().is_empty());
    }

    #[test]
    fn a_customer_without_contact_is_found_by_its_names_only() {
        let mut store = Store::open_in_memory().unwrap();
        let named = |first: &str, email: Option<&str>| CustomerData {
            first_name: Some(first.into()),
            last_name: Some("Dupont".into()),
            email: email.map(String::from),
            ..Default::default()
        };
        let (jean, _) = store
            .write(|tx| {
                let a = CustomerId::generate();
                insert_row(tx, a, &named("Jean", None), Utc::now())?;
                let b = CustomerId::generate();
                insert_row(tx, b, &named("Jean", Some("j@x.fr")), Utc::now())?;
                Ok::<_, crate::store::StoreError>((a, b))
            })
            .unwrap();
        let found = by_name_without_contact(store.conn(), Some("Jean"), Some("Dupont"), None);
        assert_eq!(
            found.unwrap().iter().map(|c| c.id).collect::<Vec<_>>(),
            [jean]
        );
        let none = by_name_without_contact(store.conn(), Some("Anne"), Some("Dupont"), None);
        assert!(none.unwrap().is_empty());
        let (seq, anonymised) = state(store.conn(), jean).unwrap().unwrap();
        assert!(seq > 0 && !anonymised);
    }
}
