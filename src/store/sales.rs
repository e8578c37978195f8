//! Sales in SQLite: a ticket, its lines and payments written in the caller's transaction,
//! read back whole or as a customer's history.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;

use super::row::{money, opt_money, opt_parsed, parsed, percent, percent_text, time};
use super::{audit, time_text, Result};
use crate::domain::customer::TaxPreference;
use crate::domain::ids::{CustomerId, SaleId};
use crate::domain::money::Money;
use crate::domain::pricing::SpecialPrice;
use crate::domain::sale::{self, LineKind, Payment, PaymentMethod, Sale, SaleLine};

/// The next ticket number of `register` ("R1-000042"); counters live in the database so
/// numbers survive restarts and never repeat.
pub fn next_number(tx: &Transaction, register: &str) -> Result<String> {
    let name = format!("ticket:{register}");
    let n: i64 = tx.query_row(
        "INSERT INTO counter (name, value) VALUES (?1, 1)
         ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value",
        [&name],
        |r| r.get(0),
    )?;
    Ok(format!("{register}-{n:06}"))
}

/// Stores a completed sale; it must pass [`Sale::check`].
pub fn insert(tx: &Transaction, s: &Sale, actor: &str) -> Result<()> {
    s.check()?;
    insert_unchecked(tx, s)?;
    if let Some(c) = s.customer_id {
        // The customer's last visit changed: the search index ranks by it.
        super::changes::record(tx, c, super::changes::Op::Upsert)?;
    }
    audit::record(
        tx,
        actor,
        "sale.create",
        "sale",
        Some(&s.id.to_string()),
        serde_json::json!({ "number": s.number }),
    )?;
    Ok(())
}

/// The register a ticket number belongs to ("R1" of "R1-000042").
pub fn register_of(number: &str) -> &str {
    number.rsplit_once('-').map_or(number, |(r, _)| r)
}

/// Whether `text` has the shape [`next_number`] gives a ticket number: a register name (1
/// to 8 letters or digits, as `shop.register` allows), a dash, the counter on 6 digits or
/// more ("R1-000042"). A barcode (EAN, UPC) has no dash, so it never has this shape; a
/// shop's own product code might, which is why the register looks for a product with the
/// code first.
pub fn is_number(text: &str) -> bool {
    let Some((register, counter)) = text.split_once('-') else {
        return false;
    };
    (1..=8).contains(&register.len())
        && register.bytes().all(|b| b.is_ascii_alphanumeric())
        && (6..=12).contains(&counter.len())
        && counter.bytes().all(|b| b.is_ascii_digit())
}

/// Stores a sale and its journal entry without audit (bulk demo data); still checked.
/// Queued for the hub once the database joined one.
pub fn insert_unchecked(tx: &Transaction, s: &Sale) -> Result<()> {
    s.check()?;
    write_rows(tx, s, false)?;
    super::journal::record_sale(tx, register_of(&s.number), s.id, s.created_at)?;
    super::reports::record_sale(tx, s, register_of(&s.number))?;
    super::outbox::sale_added(tx, s)
}

/// Stores a sale another register rang up, as the hub's feed brings it (checked like
/// any sale); false when it is held already. Its customer is named only when held here
/// (a joining register does not hold the customers the hub erased), its original sale
/// likewise; not journalled here
/// (each register's journal chains its own tickets) nor queued back. The reports and the
/// customer's figures count it: they are the shop's, every register's sales.
pub fn insert_remote(tx: &Transaction, s: &Sale) -> Result<bool> {
    s.check()?;
    if number(tx, s.id)?.is_some() {
        return Ok(false);
    }
    let customer_held = |c: CustomerId| -> Result<bool> {
        Ok(tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM customer WHERE id = ?1)")?
            .query_row([c], |r| r.get(0))?)
    };
    let customer = match s.customer_id {
        Some(c) if customer_held(c)? => Some(c),
        _ => None,
    };
    let refund_of = match s.refund_of {
        Some(o) if number(tx, o)?.is_some() => Some(o),
        _ => None,
    };
    // Products are each register's own: a line names one only when it is held here
    // (the same id: a catalogue copied from one register), else it keeps its code and name.
    let mut lines = s.lines.clone();
    for l in &mut lines {
        if let Some(p) = l.product_id {
            if super::catalog::product(tx, p)?.is_none() {
                l.product_id = None;
            }
        }
    }
    let kept = Sale {
        customer_id: customer,
        refund_of,
        lines,
        ..s.clone()
    };
    write_rows(tx, &kept, true)?;
    super::reports::record_sale(tx, &kept, register_of(&s.number))?;
    if let Some(c) = customer {
        super::changes::record(tx, c, super::changes::Op::Upsert)?;
    }
    Ok(true)
}

/// Every sale's id in the order written (joining a hub queues them).
pub fn ids(conn: &Connection) -> Result<Vec<SaleId>> {
    let mut stmt = conn.prepare("SELECT id FROM sale ORDER BY rowid")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The sale's own rows: the ticket, its lines and payments.
fn write_rows(tx: &Transaction, s: &Sale, remote: bool) -> Result<()> {
    let (mode, rate) = match s.tax {
        TaxPreference::Normal => ("normal", None),
        TaxPreference::Exempt => ("exempt", None),
        TaxPreference::Rate(r) => ("rate", Some(percent_text(r))),
    };
    let id = s.id;
    tx.prepare_cached(
        "INSERT INTO sale (id, number, created_at, customer_id, group_discount, tax_mode, tax_rate,
            total_cents, discount_cents, refund_of, points, remote)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        id,
        s.number,
        time_text(s.created_at),
        s.customer_id,
        percent_text(s.group_discount),
        mode,
        rate,
        s.totals.total.cents(),
        s.totals.discount.cents(),
        s.refund_of,
        s.points,
        remote,
    ])?;
    let mut line_stmt = tx.prepare_cached(
        "INSERT INTO sale_line (sale_id, line_no, product_id, code, name, quantity,
            unit_price_cents, discount, tax_rate, total_cents, kind, origin, list_price_cents,
            price_group)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?;
    for (i, l) in s.lines.iter().enumerate() {
        let priced = l.price(s.group_discount, s.tax);
        line_stmt.execute(params![
            id,
            i as i64 + 1,
            l.product_id,
            l.code,
            l.name,
            l.quantity.normalize().to_string(),
            l.unit_price.cents(),
            percent_text(l.discount),
            percent_text(l.tax_rate),
            priced.total.cents(),
            l.kind.as_str(),
            l.origin,
            l.special.as_ref().map(|x| x.list_price.cents()),
            l.special.as_ref().map(|x| x.group.as_str()),
        ])?;
    }
    let mut pay_stmt = tx.prepare_cached(
        "INSERT INTO payment (id, sale_id, method, amount_cents, tendered_cents, change_cents,
            points, reference) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for p in &s.payments {
        pay_stmt.execute(params![
            p.id,
            id,
            p.method.as_str(),
            p.amount.cents(),
            p.tendered.map(|m| m.cents()),
            p.change.map(|m| m.cents()),
            p.points,
            p.reference,
        ])?;
    }
    Ok(())
}

/// How much of each line of sale `id` earlier refunds gave back (line number -> quantity,
/// positive).
pub fn refunded_quantities(
    conn: &Connection,
    id: SaleId,
) -> Result<std::collections::HashMap<u32, rust_decimal::Decimal>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.origin, l.quantity FROM sale s JOIN sale_line l ON l.sale_id = s.id
         WHERE s.refund_of = ?1 AND l.origin IS NOT NULL",
    )?;
    let mut rows = stmt.query([id])?;
    let mut out = std::collections::HashMap::new();
    while let Some(r) = rows.next()? {
        let line: u32 = r.get(0)?;
        let qty: rust_decimal::Decimal = parsed(r, 1, "a quantity")?;
        *out.entry(line).or_insert(rust_decimal::Decimal::ZERO) -= qty;
    }
    Ok(out)
}

/// What earlier refunds of sale `id` paid back, per method and gift card (amounts
/// negative).
pub fn refunded_by_method(
    conn: &Connection,
    id: SaleId,
) -> Result<Vec<(PaymentMethod, Option<String>, Money)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.method, p.reference, SUM(p.amount_cents) FROM sale s
         JOIN payment p ON p.sale_id = s.id
         WHERE s.refund_of = ?1 GROUP BY p.method, p.reference",
    )?;
    let mut rows = stmt.query([id])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let m: String = r.get(0)?;
        if let Some(m) = PaymentMethod::parse(&m) {
            out.push((m, r.get(1)?, money(r, 2)?));
        }
    }
    Ok(out)
}

/// The id of the sale with ticket number `number`.
pub fn id_by_number(conn: &Connection, number: &str) -> Result<Option<SaleId>> {
    Ok(conn
        .prepare_cached("SELECT id FROM sale WHERE number = ?1")?
        .query_row([number], |r| r.get(0))
        .optional()?)
}

/// The columns of a [`SaleSummary`], for a `FROM sale s` query.
const SUMMARY: &str = "SELECT s.id, s.number, s.created_at, s.total_cents,
        (SELECT COUNT(*) FROM sale_line l WHERE l.sale_id = s.id),
        (SELECT o.number FROM sale o WHERE o.id = s.refund_of),
        (SELECT m.status FROM message_outbox m WHERE m.sale_id = s.id
         AND m.channel = 'email' ORDER BY m.id DESC LIMIT 1),
        (SELECT m.status FROM message_outbox m WHERE m.sale_id = s.id
         AND m.channel = 'sms' ORDER BY m.id DESC LIMIT 1)
     FROM sale s";

/// A message's status as [`SUMMARY`] reads it in column `i`.
fn message_status(
    r: &rusqlite::Row,
    i: usize,
) -> rusqlite::Result<Option<super::messages::Status>> {
    match r.get::<_, Option<String>>(i)? {
        None => Ok(None),
        Some(t) => super::messages::Status::parse(&t).map(Some).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                i,
                rusqlite::types::Type::Text,
                format!("message_outbox: `{t}` is not known").into(),
            )
        }),
    }
}

fn summary(r: &rusqlite::Row) -> rusqlite::Result<SaleSummary> {
    Ok(SaleSummary {
        id: r.get(0)?,
        number: r.get(1)?,
        created_at: time(r, 2)?,
        total: money(r, 3)?,
        lines: r.get(4)?,
        refund_of: r.get(5)?,
        email: message_status(r, 6)?,
        sms: message_status(r, 7)?,
    })
}

/// Sales newest first, of one customer or all, since a moment; at most `limit`. Each
/// filter is in the statement only when given, so a customer's sales are read down the
/// `sale_customer` index (an `?1 IS NULL OR ...` condition would scan every sale).
pub fn list(
    conn: &Connection,
    customer: Option<CustomerId>,
    since: Option<DateTime<Utc>>,
    limit: usize,
) -> Result<Vec<SaleSummary>> {
    let since = since.map(time_text);
    let (filter, args): (&str, Vec<&dyn rusqlite::ToSql>) = match (&customer, &since) {
        (Some(c), Some(t)) => (
            "WHERE s.customer_id = ?2 AND s.created_at >= ?3",
            vec![c, t],
        ),
        (Some(c), None) => ("WHERE s.customer_id = ?2", vec![c]),
        (None, Some(t)) => ("WHERE s.created_at >= ?2", vec![t]),
        (None, None) => ("", vec![]),
    };
    let sql = format!("{SUMMARY} {filter} ORDER BY s.created_at DESC, s.id DESC LIMIT ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    let limit = limit as i64;
    let mut all: Vec<&dyn rusqlite::ToSql> = vec![&limit];
    all.extend(args);
    let rows = stmt.query_map(all.as_slice(), summary)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// One line of a customer's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SaleSummary {
    pub id: SaleId,
    pub number: String,
    pub created_at: DateTime<Utc>,
    pub total: Money,
    pub lines: i64,
    /// A refund: the ticket number of the sale it gives back.
    pub refund_of: Option<String>,
    /// Where the receipt's e-mail is, when one was queued (the newest).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<super::messages::Status>,
    /// Where the receipt's SMS is, when one was queued (the newest).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sms: Option<super::messages::Status>,
}

/// A customer's sales, newest first (a refund with the number of the sale it gives back).
pub fn for_customer(
    conn: &Connection,
    customer: CustomerId,
    limit: usize,
) -> Result<Vec<SaleSummary>> {
    list(conn, Some(customer), None, limit)
}

/// The ticket number of sale `id`, if it exists.
pub fn number(conn: &Connection, id: SaleId) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT number FROM sale WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// One sale with its lines and payments.
pub fn get(conn: &Connection, id: SaleId) -> Result<Option<Sale>> {
    let ids = id;
    let head = conn
        .prepare_cached(
            "SELECT number, created_at, customer_id, group_discount, tax_mode, tax_rate,
                    refund_of, points
             FROM sale WHERE id = ?1",
        )?
        .query_row([&ids], |r| {
            let mode: String = r.get(4)?;
            let tax = match (mode.as_str(), opt_parsed(r, 5, "a tax rate")?) {
                ("exempt", _) => TaxPreference::Exempt,
                ("rate", Some(rate)) => TaxPreference::Rate(rate),
                _ => TaxPreference::Normal,
            };
            Ok((
                r.get::<_, String>(0)?,
                time(r, 1)?,
                r.get(2)?,
                percent(r, 3)?,
                tax,
                r.get(6)?,
                r.get(7)?,
            ))
        })
        .optional()?;
    let Some((number, created_at, customer_id, group_discount, tax, refund_of, points)) = head
    else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(
        "SELECT product_id, code, name, quantity, unit_price_cents, discount, tax_rate, kind,
                origin, list_price_cents, price_group
         FROM sale_line WHERE sale_id = ?1 ORDER BY line_no",
    )?;
    let lines = stmt
        .query_map([&ids], |r| {
            Ok(SaleLine {
                product_id: r.get(0)?,
                code: r.get(1)?,
                name: r.get(2)?,
                quantity: parsed(r, 3, "a quantity")?,
                unit_price: money(r, 4)?,
                discount: percent(r, 5)?,
                tax_rate: percent(r, 6)?,
                kind: {
                    let k: String = r.get(7)?;
                    LineKind::parse(&k).ok_or_else(|| {
                        rusqlite::Error::FromSqlConversionFailure(
                            7,
                            rusqlite::types::Type::Text,
                            format!("unknown line kind `{k}`").into(),
                        )
                    })?
                },
                origin: r.get(8)?,
                special: match (opt_money(r, 9)?, r.get::<_, Option<String>>(10)?) {
                    (Some(list_price), Some(group)) => Some(SpecialPrice { group, list_price }),
                    _ => None,
                },
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, method, amount_cents, tendered_cents, change_cents, points, reference
         FROM payment WHERE sale_id = ?1 ORDER BY rowid",
    )?;
    let payments = stmt
        .query_map([&ids], |r| {
            let method: String = r.get(1)?;
            Ok(Payment {
                id: r.get(0)?,
                method: PaymentMethod::parse(&method).ok_or_else(|| {
                    rusqlite::Error::FromSqlConversionFailure(
                        1,
                        rusqlite::types::Type::Text,
                        format!("unknown payment method `{method}`").into(),
                    )
                })?,
                amount: money(r, 2)?,
                tendered: opt_money(r, 3)?,
                change: opt_money(r, 4)?,
                points: r.get(5)?,
                reference: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let totals = sale::totals(&lines, group_discount, tax);
    Ok(Some(Sale {
        id,
        number,
        created_at,
        customer_id,
        group_discount,
        tax,
        lines,
        payments,
        totals,
        refund_of,
        points,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ticket_number_has_the_shape_next_number_gives_and_a_barcode_never_has_it() {
        for n in ["R1-000042", "r1-000042", "CAISSE2-1234567", "7-000001"] {
            assert!(is_number(n), "{n}");
        }
        let not = [
            "3760123450003",
            "R1-42",
            "R1-00004a",
            "-000042",
            "REGISTER9-000042",
            "R1-000042-1",
            "R 1-000042",
            "R1000042",
            "",
        ];
        for n in not {
            assert!(!is_number(n), "{n}");
        }
    }

    /// A customer's sales are read down their index, not by scanning every sale.
    #[test]
    fn a_customers_sales_are_read_down_the_index() {
        let store = crate::store::Store::open_in_memory().unwrap();
        let sql = format!(
            "EXPLAIN QUERY PLAN {SUMMARY} WHERE s.customer_id = ?2
             ORDER BY s.created_at DESC, s.id DESC LIMIT ?1"
        );
        let mut stmt = store.conn().prepare(&sql).unwrap();
        let plan: Vec<String> = stmt
            .query_map([0i64, 0i64], |r| r.get::<_, String>(3))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert!(
            plan.iter().any(|l| l.contains("USING INDEX sale_customer")),
            "{plan:?}"
        );
        assert!(!plan.iter().any(|l| l == "SCAN s"), "{plan:?}");
    }
}
