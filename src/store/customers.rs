//! Customers in SQLite: create, read, update, delete (or anonymise), list, find by
//! reference, e-mail or phone.
//!
//! Writers take `&Transaction` and record the change in `customer_change` (the search
//! index's catch-up log) and, for user actions, the audit log. References are unique across
//! customers: a code already used by another customer is refused naming its owner.

use std::ops::ControlFlow;

use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row, Transaction};
use serde_json::json;

use super::row::{opt_date, opt_parsed, percent_text, time, uuid_value};
use super::{audit, changes, time_text, Result, StoreError};
use crate::domain::customer::{
    AccountAllowance, Address, Consent, Customer, CustomerData, CustomerKind, GeoPoint,
    Preferences, Reference, ReferenceKind, SepaMandate, TaxPreference,
};
use crate::domain::ids::{CustomerId, GroupId};
use crate::domain::money::Money;

const SELECT: &str = "SELECT c.id, c.kind, c.title, c.first_name, c.last_name, c.company_name,
    c.email, c.phone, c.phone2, c.vat_number, c.company_number, c.id_document,
    c.address1, c.address2, c.postal_code, c.city, c.country, c.latitude, c.longitude,
    c.personal_note, c.public_note, c.receipt_by_email, c.receipt_by_sms,
    c.marketing_email, c.marketing_email_since, c.marketing_sms, c.marketing_sms_since,
    c.sepa_iban, c.sepa_bic, c.sepa_mandate_ref, c.sepa_signed_on, g.name,
    c.tax_mode, c.tax_rate, c.account_limit_cents, c.created_at, c.updated_at, c.anonymised,
    (SELECT MAX(s.created_at) FROM sale s WHERE s.customer_id = c.id)
    FROM customer c LEFT JOIN customer_group g ON g.id = c.group_id";

/// What `delete` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeleteOutcome {
    /// The customer had no sales and is gone.
    Removed,
    /// The customer had sales: personal data erased, sales kept for the books.
    Anonymised,
}

pub fn kind_text(k: ReferenceKind) -> &'static str {
    match k {
        ReferenceKind::Barcode => "barcode",
        ReferenceKind::Nfc => "nfc",
    }
}

/// Creates a customer from validated data (a user action: audited).
pub fn create(tx: &Transaction, data: &CustomerData, actor: &str) -> Result<Customer> {
    let c = insert_row(tx, CustomerId::generate(), data, Utc::now())?;
    audit::record(
        tx,
        actor,
        "customer.create",
        "customer",
        Some(&c.id.to_string()),
        json!({}),
    )?;
    Ok(c)
}

/// The data columns of `customer`, in the order of [`values`].
const COLUMNS: [&str; 34] = [
    "kind",
    "title",
    "first_name",
    "last_name",
    "company_name",
    "email",
    "phone",
    "phone2",
    "vat_number",
    "company_number",
    "id_document",
    "address1",
    "address2",
    "postal_code",
    "city",
    "country",
    "latitude",
    "longitude",
    "personal_note",
    "public_note",
    "receipt_by_email",
    "receipt_by_sms",
    "marketing_email",
    "marketing_email_since",
    "marketing_sms",
    "marketing_sms_since",
    "sepa_iban",
    "sepa_bic",
    "sepa_mandate_ref",
    "sepa_signed_on",
    "group_id",
    "tax_mode",
    "tax_rate",
    "account_limit_cents",
];

fn values(data: &CustomerData, group_id: Option<GroupId>) -> Vec<Value> {
    fn t(s: &Option<String>) -> Value {
        s.clone().map_or(Value::Null, Value::Text)
    }
    let (tax_mode, tax_rate) = tax_columns(data.tax);
    let p = &data.preferences;
    let sepa = data.sepa.as_ref();
    let date = |d: Option<chrono::NaiveDate>| d.map_or(Value::Null, |d| Value::Text(d.to_string()));
    let real = |x: Option<f64>| x.map_or(Value::Null, Value::Real);
    vec![
        Value::Text(kind_str(data.kind).into()),
        t(&data.title),
        t(&data.first_name),
        t(&data.last_name),
        t(&data.company_name),
        t(&data.email),
        t(&data.phone),
        t(&data.phone2),
        t(&data.vat_number),
        t(&data.company_number),
        t(&data.id_document),
        t(&data.address.line1),
        t(&data.address.line2),
        t(&data.address.postal_code),
        t(&data.address.city),
        t(&data.address.country),
        real(data.position.map(|g| g.lat)),
        real(data.position.map(|g| g.lon)),
        t(&data.personal_note),
        t(&data.public_note),
        Value::Integer(p.receipt_by_email.into()),
        Value::Integer(p.receipt_by_sms.into()),
        Value::Integer(p.marketing_email.granted.into()),
        date(p.marketing_email.since),
        Value::Integer(p.marketing_sms.granted.into()),
        date(p.marketing_sms.since),
        t(&sepa.map(|s| s.iban.clone())),
        t(&sepa.and_then(|s| s.bic.clone())),
        t(&sepa.map(|s| s.mandate_ref.clone())),
        date(sepa.map(|s| s.signed_on)),
        group_id.map_or(Value::Null, |g| uuid_value(g.as_uuid())),
        Value::Text(tax_mode.into()),
        t(&tax_rate),
        data.account
            .map_or(Value::Null, |a| Value::Integer(a.credit_limit.cents())),
    ]
}

/// Inserts a customer row and its references without an audit entry (bulk loads, which
/// audit once for the whole run).
pub fn insert_row(
    tx: &Transaction,
    id: CustomerId,
    data: &CustomerData,
    now: DateTime<Utc>,
) -> Result<Customer> {
    let group_id = group_id(tx, data.group.as_deref())?;
    let seq = changes::record(tx, id, changes::Op::Upsert)?;
    let now = parse_back(&time_text(now), now);
    let n = COLUMNS.len();
    let mut stmt = tx.prepare_cached(&format!(
        "INSERT INTO customer (id, {}, change_seq, created_at, updated_at) VALUES (?1, {}, ?{}, ?{}, ?{})",
        COLUMNS.join(", "),
        (2..n + 2).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", "),
        n + 2,
        n + 3,
        n + 3,
    ))?;
    let mut vals = vec![uuid_value(id.as_uuid())];
    vals.extend(values(data, group_id));
    vals.push(Value::Integer(seq));
    vals.push(Value::Text(time_text(now)));
    stmt.execute(params_from_iter(vals))?;
    write_references(tx, id, &data.references)?;
    Ok(Customer {
        id,
        data: data.clone(),
        created_at: now,
        updated_at: now,
        anonymised: false,
        last_visit: None,
    })
}

fn parse_back(s: &str, fallback: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(fallback)
}

/// Replaces every field of customer `id` with validated `data` (a user action: audited
/// with the names of the fields that changed, not their values).
pub fn update(
    tx: &Transaction,
    id: CustomerId,
    data: &CustomerData,
    actor: &str,
) -> Result<Customer> {
    let old = get(tx, id)?.ok_or_else(|| not_found(id))?;
    if old.anonymised {
        return Err(StoreError::Anonymised {
            id,
            action: "edited",
        });
    }
    let changed = changed_fields(&old.data, data);
    let now = parse_back(&super::now_text(), Utc::now());
    update_row(tx, id, data, now)?;
    audit::record(
        tx,
        actor,
        "customer.update",
        "customer",
        Some(&id.to_string()),
        json!({ "fields": changed }),
    )?;
    Ok(Customer {
        id,
        data: data.clone(),
        created_at: old.created_at,
        updated_at: now,
        anonymised: false,
        last_visit: old.last_visit,
    })
}

/// Writes every field of customer `id` and its references, without an audit entry (bulk
/// imports audit once per run); an anonymised or missing customer is `NotFound`.
pub fn update_row(
    tx: &Transaction,
    id: CustomerId,
    data: &CustomerData,
    now: DateTime<Utc>,
) -> Result<()> {
    let group_id = group_id(tx, data.group.as_deref())?;
    let seq = changes::record(tx, id, changes::Op::Upsert)?;
    let n = COLUMNS.len();
    let sets: Vec<String> = COLUMNS
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ?{}", i + 2))
        .collect();
    let mut stmt = tx.prepare_cached(&format!(
        "UPDATE customer SET {}, change_seq = ?{}, updated_at = ?{} WHERE id = ?1 AND anonymised = 0",
        sets.join(", "),
        n + 2,
        n + 3
    ))?;
    let mut vals = vec![uuid_value(id.as_uuid())];
    vals.extend(values(data, group_id));
    vals.push(Value::Integer(seq));
    vals.push(Value::Text(time_text(now)));
    if stmt.execute(params_from_iter(vals))? == 0 {
        return Err(not_found(id));
    }
    tx.prepare_cached("DELETE FROM customer_ref WHERE customer_id = ?1")?
        .execute([id])?;
    write_references(tx, id, &data.references)
}

/// Names of the top-level fields that differ between two versions of a customer.
pub fn changed_fields(old: &CustomerData, new: &CustomerData) -> Vec<String> {
    let (Ok(serde_json::Value::Object(a)), Ok(serde_json::Value::Object(b))) =
        (serde_json::to_value(old), serde_json::to_value(new))
    else {
        return Vec::new();
    };
    b.iter()
        .filter(|(k, v)| a.get(*k) != Some(*v))
        .map(|(k, _)| k.clone())
        .collect()
}

/// Deletes customer `id`, or anonymises it when it has sales (kept for the books).
pub fn delete(tx: &Transaction, id: CustomerId, actor: &str) -> Result<DeleteOutcome> {
    let ids = id;
    if get(tx, id)?.is_none() {
        return Err(not_found(id));
    }
    let sales: i64 = tx.query_row(
        "SELECT COUNT(*) FROM sale WHERE customer_id = ?1",
        [&ids],
        |r| r.get(0),
    )?;
    let outcome = if sales > 0 {
        tx.execute("DELETE FROM customer_ref WHERE customer_id = ?1", [&ids])?;
        tx.execute("DELETE FROM customer_note WHERE customer_id = ?1", [&ids])?;
        tx.execute(
            "UPDATE customer SET kind = 'person', title = NULL, first_name = NULL,
                last_name = NULL, company_name = NULL, email = NULL, phone = NULL,
                phone2 = NULL, vat_number = NULL, company_number = NULL, id_document = NULL,
                address1 = NULL, address2 = NULL, postal_code = NULL, city = NULL,
                latitude = NULL, longitude = NULL, personal_note = NULL, public_note = NULL,
                receipt_by_email = 0, receipt_by_sms = 0, marketing_email = 0,
                marketing_email_since = NULL, marketing_sms = 0, marketing_sms_since = NULL,
                sepa_iban = NULL, sepa_bic = NULL, sepa_mandate_ref = NULL,
                sepa_signed_on = NULL, account_limit_cents = NULL, anonymised = 1,
                updated_at = ?2
             WHERE id = ?1",
            params![ids, super::now_text()],
        )?;
        DeleteOutcome::Anonymised
    } else {
        tx.execute("DELETE FROM customer WHERE id = ?1", [&ids])?;
        DeleteOutcome::Removed
    };
    let seq = changes::record(tx, id, changes::Op::Delete)?;
    tx.execute(
        "UPDATE customer SET change_seq = ?2 WHERE id = ?1",
        params![ids, seq],
    )?;
    let action = match outcome {
        DeleteOutcome::Removed => "customer.delete",
        DeleteOutcome::Anonymised => "customer.anonymise",
    };
    audit::record(
        tx,
        actor,
        action,
        "customer",
        Some(&id.to_string()),
        json!({ "sales": sales }),
    )?;
    Ok(outcome)
}

fn not_found(id: CustomerId) -> StoreError {
    StoreError::NotFound {
        what: "customer",
        id: id.to_string(),
    }
}

/// One customer by id.
pub fn get(conn: &Connection, id: CustomerId) -> Result<Option<Customer>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE c.id = ?1"))?;
    let c = stmt.query_row([id], from_row).optional()?;
    c.map(|c| with_references(conn, c)).transpose()
}

/// Calls `f` on every customer in creation order (anonymised ones only when asked), one
/// row at a time: nothing is collected, and rows after `f` says
/// [`ControlFlow::Break`] are not read. `f`'s own error (a failed write, say) ends the
/// iteration and is returned as it is.
pub fn for_each<E: From<StoreError>>(
    conn: &Connection,
    include_anonymised: bool,
    f: impl FnMut(Customer) -> std::result::Result<ControlFlow<()>, E>,
) -> std::result::Result<(), E> {
    let filter = if include_anonymised {
        ""
    } else {
        " WHERE c.anonymised = 0"
    };
    let sql = format!("{SELECT}{filter} ORDER BY c.id");
    scan(conn, &sql, [], f)
}

/// Calls `f` on every non-anonymised customer whose row number is in `lo..=hi`, in row
/// order (the fastest scan: bulk readers split the table into such ranges); stops as
/// [`for_each`] does.
pub fn for_each_in_rows<E: From<StoreError>>(
    conn: &Connection,
    lo: i64,
    hi: i64,
    f: impl FnMut(Customer) -> std::result::Result<ControlFlow<()>, E>,
) -> std::result::Result<(), E> {
    let sql =
        format!("{SELECT} WHERE c.anonymised = 0 AND c.rowid BETWEEN ?1 AND ?2 ORDER BY c.rowid");
    scan(conn, &sql, [lo, hi], f)
}

/// Steps through the customers `sql` selects, handing each to `f` until it breaks.
fn scan<E: From<StoreError>>(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    mut f: impl FnMut(Customer) -> std::result::Result<ControlFlow<()>, E>,
) -> std::result::Result<(), E> {
    let store = |e: rusqlite::Error| E::from(StoreError::from(e));
    let mut stmt = conn.prepare(sql).map_err(store)?;
    let mut rows = stmt.query(params).map_err(store)?;
    while let Some(row) = rows.next().map_err(store)? {
        let customer = with_references(conn, from_row(row).map_err(store)?)?;
        if f(customer)?.is_break() {
            break;
        }
    }
    Ok(())
}

/// The largest row number of the customer table (0 when empty).
pub fn max_row(conn: &Connection) -> Result<i64> {
    Ok(
        conn.query_row("SELECT COALESCE(MAX(rowid), 0) FROM customer", [], |r| {
            r.get(0)
        })?,
    )
}

/// How many customers are stored (anonymised ones excluded).
pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM customer WHERE anonymised = 0",
        [],
        |r| r.get(0),
    )?)
}

/// The customer a scanned reference identifies.
pub fn find_by_reference(
    conn: &Connection,
    kind: ReferenceKind,
    code: &str,
) -> Result<Option<CustomerId>> {
    let mut stmt =
        conn.prepare_cached("SELECT customer_id FROM customer_ref WHERE kind = ?1 AND code = ?2")?;
    Ok(stmt
        .query_row([kind_text(kind), code], |r| r.get(0))
        .optional()?)
}

/// Customers with this (normalised) e-mail or E.164 phone, oldest first.
pub fn find_by_contact(
    conn: &Connection,
    email: Option<&str>,
    phone: Option<&str>,
) -> Result<Vec<CustomerId>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM customer WHERE anonymised = 0 AND (email = ?1 OR phone = ?2 OR phone2 = ?2) ORDER BY id",
    )?;
    let rows = stmt.query_map(params![email, phone], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

fn group_id(tx: &Transaction, name: Option<&str>) -> Result<Option<GroupId>> {
    let Some(name) = name else { return Ok(None) };
    tx.prepare_cached("SELECT id FROM customer_group WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()?
        .map(Some)
        .ok_or_else(|| StoreError::UnknownGroup(name.to_string()))
}

fn write_references(tx: &Transaction, id: CustomerId, refs: &[Reference]) -> Result<()> {
    let mut owner =
        tx.prepare_cached("SELECT customer_id FROM customer_ref WHERE kind = ?1 AND code = ?2")?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO customer_ref (code, kind, customer_id, position) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (i, r) in refs.iter().enumerate() {
        let kind = kind_text(r.kind);
        if let Some(o) = owner
            .query_row([kind, &r.code], |row| row.get::<_, CustomerId>(0))
            .optional()?
        {
            return Err(StoreError::ReferenceTaken {
                kind,
                code: r.code.clone(),
                owner: o.to_string(),
            });
        }
        insert.execute(params![r.code, kind, id, i as i64])?;
    }
    Ok(())
}

fn with_references(conn: &Connection, mut c: Customer) -> Result<Customer> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, code FROM customer_ref WHERE customer_id = ?1 ORDER BY position",
    )?;
    let refs = stmt.query_map([c.id], |r| {
        let kind: String = r.get(0)?;
        Ok(Reference {
            kind: if kind == "nfc" {
                ReferenceKind::Nfc
            } else {
                ReferenceKind::Barcode
            },
            code: r.get(1)?,
        })
    })?;
    c.data.references = refs.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(c)
}

/// The stored form of a customer kind (the `kind` column's CHECK allows these two).
fn kind_str(k: CustomerKind) -> &'static str {
    match k {
        CustomerKind::Person => "person",
        CustomerKind::Entity => "entity",
    }
}

/// The kind a stored `kind` column names (the inverse of `kind_str`).
pub(crate) fn kind_from_str(kind: &str) -> CustomerKind {
    if kind == "entity" {
        CustomerKind::Entity
    } else {
        CustomerKind::Person
    }
}

fn tax_columns(t: TaxPreference) -> (&'static str, Option<String>) {
    match t {
        TaxPreference::Normal => ("normal", None),
        TaxPreference::Exempt => ("exempt", None),
        TaxPreference::Rate(r) => ("rate", Some(percent_text(r))),
    }
}

fn from_row(r: &Row) -> rusqlite::Result<Customer> {
    let kind: String = r.get(1)?;
    let lat: Option<f64> = r.get(17)?;
    let lon: Option<f64> = r.get(18)?;
    let iban: Option<String> = r.get(27)?;
    let tax_mode: String = r.get(32)?;
    let sepa = match (iban, r.get::<_, Option<String>>(29)?, opt_date(r, 30)?) {
        (Some(iban), Some(mandate_ref), Some(signed_on)) => Some(SepaMandate {
            iban,
            bic: r.get(28)?,
            mandate_ref,
            signed_on,
        }),
        _ => None,
    };
    let data = CustomerData {
        kind: kind_from_str(&kind),
        title: r.get(2)?,
        first_name: r.get(3)?,
        last_name: r.get(4)?,
        company_name: r.get(5)?,
        email: r.get(6)?,
        phone: r.get(7)?,
        phone2: r.get(8)?,
        vat_number: r.get(9)?,
        company_number: r.get(10)?,
        id_document: r.get(11)?,
        address: Address {
            line1: r.get(12)?,
            line2: r.get(13)?,
            postal_code: r.get(14)?,
            city: r.get(15)?,
            country: r.get(16)?,
        },
        position: lat.zip(lon).map(|(lat, lon)| GeoPoint { lat, lon }),
        personal_note: r.get(19)?,
        public_note: r.get(20)?,
        references: Vec::new(),
        preferences: Preferences {
            receipt_by_email: r.get(21)?,
            receipt_by_sms: r.get(22)?,
            marketing_email: Consent {
                granted: r.get(23)?,
                since: opt_date(r, 24)?,
            },
            marketing_sms: Consent {
                granted: r.get(25)?,
                since: opt_date(r, 26)?,
            },
        },
        sepa,
        group: r.get(31)?,
        tax: match (tax_mode.as_str(), opt_parsed(r, 33, "a tax rate")?) {
            ("exempt", _) => TaxPreference::Exempt,
            ("rate", Some(rate)) => TaxPreference::Rate(rate),
            _ => TaxPreference::Normal,
        },
        account: r.get::<_, Option<i64>>(34)?.map(|c| AccountAllowance {
            credit_limit: Money::from_cents(c),
        }),
    };
    Ok(Customer {
        id: r.get(0)?,
        data,
        created_at: time(r, 35)?,
        updated_at: time(r, 36)?,
        anonymised: r.get(37)?,
        last_visit: r
            .get::<_, Option<String>>(38)?
            .and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
            .map(|t| t.with_timezone(&Utc)),
    })
}

#[cfg(test)]
mod tests;
