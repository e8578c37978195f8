//! The data columns of the `customer` table, listed once in [`COLUMNS`], and everything
//! made from that list: the SQL of the statements on whole customer rows (built once, at
//! first use) and the mapping of a row to and from [`CustomerData`].
//!
//! Invariants:
//! - every statement lists the data columns in [`COLUMNS`] order, bound as `?1..?N` when
//!   written; [`values`] and [`from_row`] find each column by its name through [`col!`],
//!   checked when compiling, never by a position typed by hand;
//! - anonymisation writes over exactly the columns marked personal, and nothing else
//!   (`tests.rs` checks this against every field of `CustomerData`).

use std::sync::LazyLock;

use rusqlite::types::Value;
use rusqlite::Row;

use super::super::row::{opt_date, opt_parsed, opt_time, percent_text, time};
use crate::domain::customer::{
    AccountAllowance, Address, Consent, Customer, CustomerData, CustomerKind, GeoPoint,
    Preferences, SepaMandate, TaxPreference,
};
use crate::domain::ids::GroupId;
use crate::domain::money::Money;

/// One data column of `customer`.
pub(super) struct Column {
    /// Its name in the table.
    pub name: &'static str,
    /// `Some(literal)`: personal data, which anonymisation replaces by this SQL literal
    /// (NULL, or the column's default where it cannot be NULL). `None`: kept on an
    /// anonymised customer (the books need it, and it identifies nobody).
    pub erased: Option<&'static str>,
    /// What a SELECT reads for it, when not the column itself (the group's name).
    read_as: Option<&'static str>,
}

const fn personal(name: &'static str) -> Column {
    Column {
        name,
        erased: Some("NULL"),
        read_as: None,
    }
}

/// A personal column that cannot be NULL: erased to its default.
const fn personal_reset(name: &'static str, default: &'static str) -> Column {
    Column {
        name,
        erased: Some(default),
        read_as: None,
    }
}

const fn kept(name: &'static str) -> Column {
    Column {
        name,
        erased: None,
        read_as: None,
    }
}

/// The data columns of `customer`: the one list of them. Not here: `id`, `change_seq`,
/// `created_at`, `updated_at` and `anonymised`, which the store sets itself.
pub(super) const COLUMNS: [Column; 34] = [
    // Reset: an anonymised customer reads as a nameless person, whatever it was.
    personal_reset("kind", "'person'"),
    personal("title"),
    personal("first_name"),
    personal("last_name"),
    personal("company_name"),
    personal("email"),
    personal("phone"),
    personal("phone2"),
    personal("vat_number"),
    personal("company_number"),
    personal("id_document"),
    personal("address1"),
    personal("address2"),
    personal("postal_code"),
    personal("city"),
    // The country alone identifies nobody; kept for the books (tax by country).
    kept("country"),
    personal("latitude"),
    personal("longitude"),
    personal("personal_note"),
    personal("public_note"),
    personal_reset("receipt_by_email", "0"),
    personal_reset("receipt_by_sms", "0"),
    personal_reset("marketing_email", "0"),
    personal("marketing_email_since"),
    personal_reset("marketing_sms", "0"),
    personal("marketing_sms_since"),
    personal("sepa_iban"),
    personal("sepa_bic"),
    personal("sepa_mandate_ref"),
    personal("sepa_signed_on"),
    Column {
        name: "group_id",
        erased: None,
        read_as: Some("g.name"),
    },
    kept("tax_mode"),
    kept("tax_rate"),
    personal("account_limit_cents"),
];

/// How many data columns; in a SELECT they are followed by these, at these positions.
const N: usize = COLUMNS.len();
const ID: usize = N;
const CREATED_AT: usize = N + 1;
const UPDATED_AT: usize = N + 2;
const ANONYMISED: usize = N + 3;
const LAST_VISIT: usize = N + 4;

const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The position of column `name` in [`COLUMNS`] (and in every statement made from it).
/// Only ever evaluated when compiling (through [`col!`]): a name not in the list does not
/// build.
pub(super) const fn position(name: &str) -> usize {
    let mut i = 0;
    while i < N {
        if same(COLUMNS[i].name, name) {
            return i;
        }
        i += 1;
    }
    panic!("not a column of COLUMNS")
}

/// The position of a data column, by name, computed when compiling.
macro_rules! col {
    ($name:literal) => {
        const { position($name) }
    };
}

/// The SQL of the statements on whole customer rows.
pub(super) struct Sql {
    /// Every customer, anonymised ones too, in creation (id) order.
    pub all: String,
    /// Every customer not anonymised, in creation order.
    pub live: String,
    /// Customers not anonymised whose row number is in `?1..=?2`, in row order.
    pub rows: String,
    /// One customer: `?1` its id.
    pub by_id: String,
    /// Data `?1..?N`, then id, change sequence and time (created and updated).
    pub insert: String,
    /// Data `?1..?N`, then id, change sequence, update time; not an anonymised row.
    pub update: String,
    /// Erases the personal columns of `?1`, marks it anonymised at time `?2`.
    pub anonymise: String,
}

/// Made at first use, from [`COLUMNS`].
pub(super) static SQL: LazyLock<Sql> = LazyLock::new(Sql::new);

impl Sql {
    fn new() -> Sql {
        let names = || COLUMNS.iter().map(|c| c.name);
        let read: Vec<String> = COLUMNS
            .iter()
            .map(|c| {
                c.read_as
                    .map_or_else(|| format!("c.{}", c.name), String::from)
            })
            .collect();
        let select = format!(
            "SELECT {}, c.id, c.created_at, c.updated_at, c.anonymised,
                (SELECT MAX(s.created_at) FROM sale s WHERE s.customer_id = c.id)
             FROM customer c LEFT JOIN customer_group g ON g.id = c.group_id",
            read.join(", ")
        );
        let params: Vec<String> = (1..=N).map(|i| format!("?{i}")).collect();
        let sets: Vec<String> = names()
            .zip(&params)
            .map(|(c, p)| format!("{c} = {p}"))
            .collect();
        let erase: Vec<String> = COLUMNS
            .iter()
            .filter_map(|c| c.erased.map(|e| format!("{} = {e}", c.name)))
            .collect();
        Sql {
            all: format!("{select} ORDER BY c.id"),
            live: format!("{select} WHERE c.anonymised = 0 ORDER BY c.id"),
            rows: format!(
                "{select} WHERE c.anonymised = 0 AND c.rowid BETWEEN ?1 AND ?2 ORDER BY c.rowid"
            ),
            by_id: format!("{select} WHERE c.id = ?1"),
            insert: format!(
                "INSERT INTO customer ({}, id, change_seq, created_at, updated_at)
                 VALUES ({}, ?{}, ?{}, ?{}, ?{})",
                names().collect::<Vec<_>>().join(", "),
                params.join(", "),
                N + 1,
                N + 2,
                N + 3,
                N + 3,
            ),
            update: format!(
                "UPDATE customer SET {}, change_seq = ?{}, updated_at = ?{}
                 WHERE id = ?{} AND anonymised = 0",
                sets.join(", "),
                N + 2,
                N + 3,
                N + 1,
            ),
            anonymise: format!(
                "UPDATE customer SET {}, anonymised = 1, updated_at = ?2 WHERE id = ?1",
                erase.join(", ")
            ),
        }
    }
}

/// The values of the data columns of `data`, in [`COLUMNS`] order.
pub(super) fn values(data: &CustomerData, group_id: Option<GroupId>) -> [Value; N] {
    fn t(s: &Option<String>) -> Value {
        s.clone().map_or(Value::Null, Value::Text)
    }
    let date = |d: Option<chrono::NaiveDate>| d.map_or(Value::Null, |d| Value::Text(d.to_string()));
    let real = |x: Option<f64>| x.map_or(Value::Null, Value::Real);
    let flag = |b: bool| Value::Integer(b.into());
    let (tax_mode, tax_rate) = tax_columns(data.tax);
    let (a, p) = (&data.address, &data.preferences);
    let sepa = data.sepa.as_ref();
    let mut v: [Value; N] = std::array::from_fn(|_| Value::Null);
    v[col!("kind")] = Value::Text(kind_str(data.kind).into());
    v[col!("title")] = t(&data.title);
    v[col!("first_name")] = t(&data.first_name);
    v[col!("last_name")] = t(&data.last_name);
    v[col!("company_name")] = t(&data.company_name);
    v[col!("email")] = t(&data.email);
    v[col!("phone")] = t(&data.phone);
    v[col!("phone2")] = t(&data.phone2);
    v[col!("vat_number")] = t(&data.vat_number);
    v[col!("company_number")] = t(&data.company_number);
    v[col!("id_document")] = t(&data.id_document);
    v[col!("address1")] = t(&a.line1);
    v[col!("address2")] = t(&a.line2);
    v[col!("postal_code")] = t(&a.postal_code);
    v[col!("city")] = t(&a.city);
    v[col!("country")] = t(&a.country);
    v[col!("latitude")] = real(data.position.map(|g| g.lat));
    v[col!("longitude")] = real(data.position.map(|g| g.lon));
    v[col!("personal_note")] = t(&data.personal_note);
    v[col!("public_note")] = t(&data.public_note);
    v[col!("receipt_by_email")] = flag(p.receipt_by_email);
    v[col!("receipt_by_sms")] = flag(p.receipt_by_sms);
    v[col!("marketing_email")] = flag(p.marketing_email.granted);
    v[col!("marketing_email_since")] = date(p.marketing_email.since);
    v[col!("marketing_sms")] = flag(p.marketing_sms.granted);
    v[col!("marketing_sms_since")] = date(p.marketing_sms.since);
    v[col!("sepa_iban")] = t(&sepa.map(|s| s.iban.clone()));
    v[col!("sepa_bic")] = t(&sepa.and_then(|s| s.bic.clone()));
    v[col!("sepa_mandate_ref")] = t(&sepa.map(|s| s.mandate_ref.clone()));
    v[col!("sepa_signed_on")] = date(sepa.map(|s| s.signed_on));
    v[col!("group_id")] =
        group_id.map_or(Value::Null, |g| super::super::row::uuid_value(g.as_uuid()));
    v[col!("tax_mode")] = Value::Text(tax_mode.into());
    v[col!("tax_rate")] = t(&tax_rate);
    v[col!("account_limit_cents")] = data
        .account
        .map_or(Value::Null, |a| Value::Integer(a.credit_limit.cents()));
    v
}

/// A customer from a row of one of the [`Sql`] SELECTs (references not read).
pub(super) fn from_row(r: &Row) -> rusqlite::Result<Customer> {
    let text = |i: usize| r.get::<_, Option<String>>(i);
    let lat: Option<f64> = r.get(col!("latitude"))?;
    let lon: Option<f64> = r.get(col!("longitude"))?;
    let sepa = match (
        text(col!("sepa_iban"))?,
        text(col!("sepa_mandate_ref"))?,
        opt_date(r, col!("sepa_signed_on"))?,
    ) {
        (Some(iban), Some(mandate_ref), Some(signed_on)) => Some(SepaMandate {
            iban,
            bic: text(col!("sepa_bic"))?,
            mandate_ref,
            signed_on,
        }),
        _ => None,
    };
    let tax_mode: String = r.get(col!("tax_mode"))?;
    let data = CustomerData {
        kind: kind_from_str(&r.get::<_, String>(col!("kind"))?),
        title: text(col!("title"))?,
        first_name: text(col!("first_name"))?,
        last_name: text(col!("last_name"))?,
        company_name: text(col!("company_name"))?,
        email: text(col!("email"))?,
        phone: text(col!("phone"))?,
        phone2: text(col!("phone2"))?,
        vat_number: text(col!("vat_number"))?,
        company_number: text(col!("company_number"))?,
        id_document: text(col!("id_document"))?,
        address: Address {
            line1: text(col!("address1"))?,
            line2: text(col!("address2"))?,
            postal_code: text(col!("postal_code"))?,
            city: text(col!("city"))?,
            country: text(col!("country"))?,
        },
        position: lat.zip(lon).map(|(lat, lon)| GeoPoint { lat, lon }),
        personal_note: text(col!("personal_note"))?,
        public_note: text(col!("public_note"))?,
        references: Vec::new(),
        preferences: Preferences {
            receipt_by_email: r.get(col!("receipt_by_email"))?,
            receipt_by_sms: r.get(col!("receipt_by_sms"))?,
            marketing_email: Consent {
                granted: r.get(col!("marketing_email"))?,
                since: opt_date(r, col!("marketing_email_since"))?,
            },
            marketing_sms: Consent {
                granted: r.get(col!("marketing_sms"))?,
                since: opt_date(r, col!("marketing_sms_since"))?,
            },
        },
        sepa,
        group: text(col!("group_id"))?,
        tax: match (
            tax_mode.as_str(),
            opt_parsed(r, col!("tax_rate"), "a tax rate")?,
        ) {
            ("exempt", _) => TaxPreference::Exempt,
            ("rate", Some(rate)) => TaxPreference::Rate(rate),
            _ => TaxPreference::Normal,
        },
        account: r
            .get::<_, Option<i64>>(col!("account_limit_cents"))?
            .map(|c| AccountAllowance {
                credit_limit: Money::from_cents(c),
            }),
    };
    Ok(Customer {
        id: r.get(ID)?,
        data,
        created_at: time(r, CREATED_AT)?,
        updated_at: time(r, UPDATED_AT)?,
        anonymised: r.get(ANONYMISED)?,
        last_visit: opt_time(r, LAST_VISIT)?,
    })
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
