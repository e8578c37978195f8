//! Read-only lookups for the register's screens: the short rows the customer picker and
//! the customers list show, a `LIKE` search used while the search index is (re)built,
//! products by name, likely duplicates of a customer, a page of the customers list, and
//! the customer a scanned code identifies ([`customer_by_scan`], shared by the register's
//! scan path and `comptoir customers find-ref`).
//!
//! Invariants: every query is bounded by a `LIMIT` (a screen never loads a million rows);
//! user text is always bound as a parameter, `%` and `_` in it are escaped so they match
//! themselves; rows come back in the order asked for.

use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, Row};

use super::row::opt_time;
use super::Result;
use crate::domain::customer::{reference_candidates, Customer, CustomerKind, ReferenceKind};
use crate::domain::ids::CustomerId;

/// What the picker and the list show of a customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerRow {
    pub id: CustomerId,
    pub kind: CustomerKind,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub company: Option<String>,
    pub line1: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub group: Option<String>,
    pub created_at: String,
}

impl CustomerRow {
    /// "First Last" for a person, the company for an entity (whichever is set).
    pub fn name(&self) -> String {
        let person = [self.first_name.as_deref(), self.last_name.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        let company = self.company.clone().unwrap_or_default();
        match self.kind {
            CustomerKind::Entity if !company.is_empty() => company,
            _ if !person.is_empty() => person,
            _ => company,
        }
    }

    /// The row of a full customer record.
    pub fn of(c: &Customer) -> CustomerRow {
        let d = &c.data;
        CustomerRow {
            id: c.id,
            kind: d.kind,
            first_name: d.first_name.clone(),
            last_name: d.last_name.clone(),
            company: d.company_name.clone(),
            line1: d.address.line1.clone(),
            postal_code: d.address.postal_code.clone(),
            city: d.address.city.clone(),
            phone: d.phone.clone(),
            email: d.email.clone(),
            group: d.group.clone(),
            created_at: super::time_text(c.created_at),
        }
    }
}

const ROW: &str = "SELECT c.id, c.kind, c.first_name, c.last_name, c.company_name, c.address1,
    c.postal_code, c.city, c.phone, c.email, g.name, c.created_at
    FROM customer c LEFT JOIN customer_group g ON g.id = c.group_id";

fn row(r: &Row) -> rusqlite::Result<CustomerRow> {
    let kind: String = r.get(1)?;
    Ok(CustomerRow {
        id: r.get(0)?,
        kind: super::customers::kind_from_str(&kind),
        first_name: r.get(2)?,
        last_name: r.get(3)?,
        company: r.get(4)?,
        line1: r.get(5)?,
        postal_code: r.get(6)?,
        city: r.get(7)?,
        phone: r.get(8)?,
        email: r.get(9)?,
        group: r.get(10)?,
        created_at: r.get(11)?,
    })
}

/// The rows of `ids`, in the order given; ids not found (deleted meanwhile) are skipped.
pub fn rows(conn: &Connection, ids: &[CustomerId]) -> Result<Vec<CustomerRow>> {
    let mut stmt = conn.prepare_cached(&format!("{ROW} WHERE c.id = ?1"))?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let mut q = stmt.query([id])?;
        if let Some(r) = q.next()? {
            out.push(row(r)?);
        }
    }
    Ok(out)
}

/// Whether the database holds any customer (cheap, unlike a count).
pub fn has_customers(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row("SELECT EXISTS(SELECT 1 FROM customer)", [], |r| r.get(0))?)
}

/// Whether the store holds nothing a shop made: no customer, no product, no sale (the
/// first-run rule of the register reads it).
pub fn is_empty(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT NOT EXISTS(SELECT 1 FROM customer) AND NOT EXISTS(SELECT 1 FROM product) \
         AND NOT EXISTS(SELECT 1 FROM sale)",
        [],
        |r| r.get(0),
    )?)
}

/// The customer a scanned or typed code identifies: the owner of the first of the
/// domain's [`reference_candidates`] of `code` that the store holds. `read_as` is the
/// kind of reader that read the code, `None` when it may be either (a burst in the
/// terminal's key stream, a code typed on the command line). The store is the truth:
/// the search index is not asked.
pub fn customer_by_scan(
    conn: &Connection,
    code: &str,
    read_as: Option<ReferenceKind>,
) -> Result<Option<CustomerId>> {
    for r in reference_candidates(code, read_as) {
        if let Some(id) = super::customers::find_by_reference(conn, r.kind, &r.code)? {
            return Ok(Some(id));
        }
    }
    Ok(None)
}

/// `text` as a LIKE pattern that matches it literally, followed by `%`.
fn prefix_pattern(text: &str) -> String {
    let mut p = String::with_capacity(text.len() + 2);
    for ch in text.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(ch);
    }
    p.push('%');
    p
}

/// A plain search while the index is not ready: every word must start a name, company,
/// street, postal code, city or e-mail, or appear in the phone number (digits).
/// ASCII case is ignored; accents are not folded (the index does that).
pub fn like_search(conn: &Connection, text: &str, limit: usize) -> Result<Vec<CustomerId>> {
    let words: Vec<&str> = text.split_whitespace().take(4).collect();
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = String::from("SELECT c.id FROM customer c WHERE c.anonymised = 0");
    let mut vals: Vec<Value> = Vec::new();
    for w in &words {
        let n = vals.len() + 1;
        // A word starts the field or one of its words (after a space or a hyphen).
        let starts = |col: &str| {
            format!("(' ' || REPLACE(COALESCE({col}, ''), '-', ' ')) LIKE ?{n} ESCAPE '\\'")
        };
        sql.push_str(&format!(
            " AND ({} OR {} OR {} OR {} OR c.postal_code LIKE ?{p} ESCAPE '\\'
               OR c.email LIKE ?{p} ESCAPE '\\' OR {} OR c.phone LIKE ?{m} ESCAPE '\\')",
            starts("c.last_name"),
            starts("c.first_name"),
            starts("c.company_name"),
            starts("c.city"),
            starts("c.address1"),
            p = n + 1,
            m = n + 2
        ));
        vals.push(Value::Text(format!(
            "% {}",
            prefix_pattern(&w.replace('-', " "))
        )));
        vals.push(Value::Text(prefix_pattern(w)));
        let digits: String = w.chars().filter(char::is_ascii_digit).collect();
        let inner = if digits.len() >= 4 && digits.len() == w.len() {
            format!("%{}", prefix_pattern(digits.trim_start_matches('0')))
        } else {
            format!("%{}", prefix_pattern(w))
        };
        vals.push(Value::Text(inner));
    }
    sql.push_str(&format!(" LIMIT {}", limit.clamp(1, 1000)));
    let mut stmt = conn.prepare(&sql)?;
    let ids = stmt.query_map(params_from_iter(vals), |r| r.get(0))?;
    Ok(ids.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// How many internal notes a customer has.
pub fn note_count(conn: &Connection, id: CustomerId) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM customer_note WHERE customer_id = ?1",
        [id],
        |r| r.get(0),
    )?)
}

/// How many sales a customer has.
pub fn sale_count(conn: &Connection, id: CustomerId) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM sale WHERE customer_id = ?1",
        [id],
        |r| r.get(0),
    )?)
}

/// Likely duplicates of `c`: same phone or e-mail, or a last name (or company) starting
/// with the same four letters at the same postal code. At most `limit`, `c` excluded.
pub fn duplicates(conn: &Connection, c: &Customer, limit: usize) -> Result<Vec<CustomerRow>> {
    let d = &c.data;
    let name = d
        .last_name
        .as_deref()
        .or(d.company_name.as_deref())
        .unwrap_or_default();
    let stem: String = name.chars().take(4).collect();
    let mut stmt = conn.prepare_cached(&format!(
        "{ROW} WHERE c.anonymised = 0 AND c.id <> ?1 AND (
            (?2 IS NOT NULL AND c.email = ?2)
         OR (?3 IS NOT NULL AND (c.phone = ?3 OR c.phone2 = ?3))
         OR (?4 IS NOT NULL AND ?5 <> '%' AND c.postal_code = ?4
             AND (c.last_name LIKE ?5 ESCAPE '\\' OR c.company_name LIKE ?5 ESCAPE '\\')))
         LIMIT ?6"
    ))?;
    let rows = stmt.query_map(
        params![
            c.id,
            d.email,
            d.phone,
            d.address.postal_code,
            prefix_pattern(&stem),
            limit as i64
        ],
        row,
    )?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// How the customers list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ListSort {
    /// Last name, then first name (companies by company name).
    #[default]
    Name,
    /// City, then name.
    City,
    /// Creation time (the id order: cheapest, uses the primary key).
    Created,
}

/// One page of the customers list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListQuery {
    /// Words that must each start a name, company, city, postal code or e-mail.
    pub filter: String,
    pub sort: ListSort,
    pub descending: bool,
    pub offset: usize,
    pub limit: usize,
}

/// A page of customers for the list screen (`LIMIT`/`OFFSET`: only one page is read).
pub fn list_page(conn: &Connection, q: &ListQuery) -> Result<Vec<CustomerRow>> {
    let (sql, vals) = list_sql(q);
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params_from_iter(vals), row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The list's query and its parameters. The name sort's ORDER BY is, term for term, the
/// `customer_name_order` index (migration 3), and `anonymised = 0` its partial WHERE:
/// change one, change the other.
fn list_sql(q: &ListQuery) -> (String, Vec<Value>) {
    let dir = if q.descending { "DESC" } else { "ASC" };
    let order = match q.sort {
        ListSort::Name => format!(
            "COALESCE(c.last_name, c.company_name) COLLATE NOCASE {dir}, c.first_name COLLATE NOCASE {dir}, c.id {dir}"
        ),
        ListSort::City => format!("c.city COLLATE NOCASE {dir}, c.last_name COLLATE NOCASE {dir}, c.id {dir}"),
        ListSort::Created => format!("c.id {dir}"),
    };
    let mut sql = format!("{ROW} WHERE c.anonymised = 0");
    let mut vals: Vec<Value> = Vec::new();
    for w in q.filter.split_whitespace().take(4) {
        let n = vals.len() + 1;
        sql.push_str(&format!(
            " AND (c.last_name LIKE ?{n} ESCAPE '\\' OR c.first_name LIKE ?{n} ESCAPE '\\'
               OR c.company_name LIKE ?{n} ESCAPE '\\' OR c.city LIKE ?{n} ESCAPE '\\'
               OR c.postal_code LIKE ?{n} ESCAPE '\\' OR c.email LIKE ?{n} ESCAPE '\\')"
        ));
        vals.push(Value::Text(prefix_pattern(w)));
    }
    sql.push_str(&format!(
        " ORDER BY {order} LIMIT {} OFFSET {}",
        q.limit.clamp(1, 500),
        q.offset
    ));
    (sql, vals)
}

/// The time of a customer's latest sale, if any.
pub fn last_visit(conn: &Connection, id: CustomerId) -> Result<Option<DateTime<Utc>>> {
    Ok(conn.query_row(
        "SELECT MAX(created_at) FROM sale WHERE customer_id = ?1",
        [id],
        |r| opt_time(r, 0),
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{self, DemoOptions};
    use crate::domain::customer::{CustomerData, Reference};
    use crate::input::{ReaderKind, Scan, KEYBOARD_READER};
    use crate::store::{customers, Store};

    /// A customer holding `references`, stored as given (the validator's forms).
    fn holder(s: &mut Store, last: &str, references: Vec<Reference>) -> CustomerId {
        let data = CustomerData {
            last_name: Some(last.into()),
            references,
            ..Default::default()
        };
        s.write(|tx| customers::create(tx, &data, "t")).unwrap().id
    }

    /// The register attaches the first reference of a scan nobody owns.
    fn attached_at_the_counter(
        reader: &str,
        kind: ReaderKind,
        read: &str,
        reversed: bool,
    ) -> Reference {
        let scan = Scan::build(reader, kind, read.into(), read.len(), reversed, None);
        assert!(scan.valid, "{read}");
        scan.references().remove(0)
    }

    #[test]
    fn a_scan_finds_its_customer_by_the_register_and_the_command_line_alike() {
        let mut s = Store::open_in_memory().unwrap();
        // A reader set to `nfc_byte_order = "reversed"` attached this tag as 1C3BA204.
        let tag = attached_at_the_counter("desk", ReaderKind::Nfc, "04:A2:3B:1C", true);
        assert_eq!(tag.code, "1C3BA204");
        let odile = holder(&mut s, "Odile", vec![tag]);
        let card = attached_at_the_counter("front", ReaderKind::Barcode, "2900000000018", false);
        let house = attached_at_the_counter(KEYBOARD_READER, ReaderKind::Barcode, "ab-12/7", false);
        assert_eq!(house.code, "AB-12/7");
        let paul = holder(&mut s, "Paul", vec![card, house]);
        let conn = s.conn();
        // The register: a scan from another reader, read in the tag's own byte order.
        for (reader, kind, read, reversed, who) in [
            ("door", ReaderKind::Nfc, "04A23B1C", false, odile),
            ("desk", ReaderKind::Nfc, "04A23B1C", true, odile),
            (
                KEYBOARD_READER,
                ReaderKind::Barcode,
                "04a23b1c",
                false,
                odile,
            ),
            ("front", ReaderKind::Barcode, "2900000000018", false, paul),
            (KEYBOARD_READER, ReaderKind::Barcode, "AB-12/7", false, paul),
        ] {
            let scan = Scan::build(reader, kind, read.into(), read.len(), reversed, None);
            let found = customer_by_scan(conn, &scan.code, scan.read_as()).unwrap();
            assert_eq!(found, Some(who), "register: {reader} read {read}");
        }
        // The command line: any print of the tag, the card, the in-house code as typed.
        for (typed, who) in [
            ("04A23B1C", odile),
            ("04:a2:3b:1c", odile),
            ("1C3BA204", odile),
            ("0473670148", odile),
            ("0077740828", odile),
            ("77740828", odile),
            ("2900000000018", paul),
            (" 2900000000018 ", paul),
            ("ab-12/7", paul),
        ] {
            assert_eq!(
                customer_by_scan(conn, typed, None).unwrap(),
                Some(who),
                "cli: {typed}"
            );
        }
    }

    #[test]
    fn a_code_nobody_holds_or_a_misread_finds_nobody() {
        let mut s = Store::open_in_memory().unwrap();
        let card = Reference {
            kind: ReferenceKind::Barcode,
            code: "2900000000018".into(),
        };
        holder(&mut s, "Paul", vec![card]);
        let conn = s.conn();
        for code in [
            "2900000000025",
            "2900000000019",
            "",
            "'; DELETE FROM customer; --",
            "%",
        ] {
            assert_eq!(
                customer_by_scan(conn, code, None).unwrap(),
                None,
                "{code:?}"
            );
        }
        // A card's number read by an NFC reader is no barcode.
        let nfc = customer_by_scan(conn, "2900000000018", Some(ReferenceKind::Nfc)).unwrap();
        assert_eq!(nfc, None);
        assert_eq!(customers::count(conn).unwrap(), 1);
    }

    fn store() -> Store {
        let mut s = Store::open_in_memory().unwrap();
        demo::generate(
            &mut s,
            &DemoOptions {
                customers: 300,
                seed: 3,
                now: chrono::Utc::now(),
                sales: true,
            },
        )
        .unwrap();
        s
    }

    #[test]
    fn like_search_finds_by_name_prefix_and_escapes_wildcards() {
        let s = store();
        let mut first = None;
        customers::for_each(s.conn(), false, |c| {
            if c.data.last_name.is_none() {
                return Ok::<_, crate::store::StoreError>(std::ops::ControlFlow::Continue(()));
            }
            first = Some(c);
            Ok(std::ops::ControlFlow::Break(()))
        })
        .unwrap();
        let c = first.unwrap();
        let last = c.data.last_name.clone().unwrap();
        let ids = like_search(s.conn(), &last.to_lowercase(), 50).unwrap();
        assert!(ids.contains(&c.id));
        assert!(like_search(s.conn(), "%", 50).unwrap().is_empty());
        assert!(like_search(s.conn(), "   ", 50).unwrap().is_empty());
        let rows = rows(s.conn(), &ids).unwrap();
        assert_eq!(rows.len(), ids.len());
        assert_eq!(rows.first().map(|r| r.id), ids.first().copied());
    }

    #[test]
    fn list_pages_are_bounded_and_ordered() {
        let s = store();
        let q = ListQuery {
            limit: 20,
            ..Default::default()
        };
        let p1 = list_page(s.conn(), &q).unwrap();
        assert_eq!(p1.len(), 20);
        let p2 = list_page(
            s.conn(),
            &ListQuery {
                offset: 20,
                ..q.clone()
            },
        )
        .unwrap();
        assert!(p1.iter().all(|a| p2.iter().all(|b| a.id != b.id)));
        assert!(has_customers(s.conn()).unwrap());
    }

    #[test]
    fn the_name_sort_reads_its_index_in_both_directions() {
        let s = store();
        for (descending, filter) in [(false, ""), (true, ""), (false, "ma"), (true, "du pa")] {
            let q = ListQuery {
                sort: ListSort::Name,
                descending,
                filter: filter.into(),
                offset: 40,
                limit: 20,
            };
            let (sql, vals) = list_sql(&q);
            let mut stmt = s
                .conn()
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .unwrap();
            let plan: Vec<String> = stmt
                .query_map(params_from_iter(vals), |r| r.get::<_, String>(3))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            let text = plan.join("\n");
            assert!(
                text.contains("USING INDEX customer_name_order"),
                "descending {descending}, filter {filter:?}:\n{text}"
            );
            assert!(!text.contains("TEMP B-TREE"), "no sort step:\n{text}");
        }
        // The index gives the list's order: what the page says, a full sort agrees with.
        let page = list_page(
            s.conn(),
            &ListQuery {
                limit: 500,
                ..Default::default()
            },
        )
        .unwrap();
        let mut sorted = page.clone();
        sorted.sort_by_key(|r| {
            (
                r.last_name
                    .clone()
                    .or(r.company.clone())
                    .map(|n| n.to_ascii_lowercase()),
                r.first_name.clone().map(|n| n.to_ascii_lowercase()),
            )
        });
        let names = |v: &[CustomerRow]| -> Vec<_> {
            v.iter()
                .map(|r| {
                    r.last_name
                        .clone()
                        .or(r.company.clone())
                        .map(|n| n.to_ascii_lowercase())
                })
                .collect()
        };
        assert_eq!(names(&page), names(&sorted));
    }
}
