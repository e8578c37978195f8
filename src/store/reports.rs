//! The managers' reports, read from two summary tables (migration 0015): sales by day, by
//! customer group, the top customers, by payment method, VAT per rate, and the figures of
//! a register's daily closing (Z, `reports/closing.rs`).
//!
//! Invariants:
//! - `sale_sum` and `customer_sum` are caches of the sales: [`record_sale`] writes a
//!   sale's rows in the sale's own transaction (called by `sales::insert_unchecked`, the
//!   one writer of sales), a trigger moves a sale's customer figures when the sale
//!   changes customer; [`check_cache`] recomputes both from the sales, and a test holds
//!   them equal after sales, refunds, moves and merges;
//! - every figure is net: a refund is a sale with negative lines, counted on the day it
//!   was made (not the day of the sale it gives back), and takes its amount off the
//!   goods, its rate, its payment method and its customer; refunds are also counted
//!   apart, so a report says how many there were;
//! - amounts are summed as integer cents in SQL and become [`Money`] once; VAT per rate
//!   is the sum of each ticket's own VAT (rounded per ticket, as its receipt shows), so a
//!   month is the sum of its days;
//! - a period is whole local days, cut at midnight at the register's UTC offset; the
//!   tables keep quarter hours, so every offset in use (multiples of 15 minutes) cuts
//!   exactly;
//! - reads only, in one read transaction per report where it takes two statements.

mod cache;
mod closing;

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::{params, Connection, Transaction};
use serde::{Deserialize, Serialize};

use super::row::{money, percent, percent_text};
use super::Result;
use crate::domain::ids::CustomerId;
use crate::domain::money::{Money, Percent};
use crate::domain::sale::{LineKind, Sale};

pub use cache::{check_cache, rebuild_cache};
pub use closing::{close_day, closing, day_figures, Closing, DayFigures};

/// Seconds in one slot of the summary tables (a quarter hour).
pub const SLOT_SECS: i64 = 900;

/// The slot of a moment.
fn slot_of(t: DateTime<Utc>) -> i64 {
    t.timestamp().div_euclid(SLOT_SECS)
}

/// Whole local days from `from` to `to` (both included), cut at `utc_offset_secs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
    #[serde(skip)]
    pub utc_offset_secs: i32,
}

impl Period {
    /// One local day.
    pub fn day(day: NaiveDate, utc_offset_secs: i32) -> Period {
        Period {
            from: day,
            to: day,
            utc_offset_secs,
        }
    }

    /// The month of `day`, from its first day to `day`'s month's last.
    pub fn month_of(day: NaiveDate, utc_offset_secs: i32) -> Period {
        use chrono::Datelike;
        let from = day.with_day(1).unwrap_or(day);
        let next = if from.month() == 12 {
            NaiveDate::from_ymd_opt(from.year() + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(from.year(), from.month() + 1, 1)
        };
        let to = next.and_then(|n| n.pred_opt()).unwrap_or(day);
        Period {
            from,
            to,
            utc_offset_secs,
        }
    }

    /// The local day of a moment at `utc_offset_secs`.
    pub fn local_day(t: DateTime<Utc>, utc_offset_secs: i32) -> NaiveDate {
        (t + Duration::seconds(i64::from(utc_offset_secs))).date_naive()
    }

    /// The first slot of local day `d`.
    fn first_slot(&self, d: NaiveDate) -> i64 {
        let midnight = d
            .and_hms_opt(0, 0, 0)
            .unwrap_or_default()
            .and_utc()
            .timestamp();
        (midnight - i64::from(self.utc_offset_secs)).div_euclid(SLOT_SECS)
    }

    /// The slots of the period: `[start, end)`.
    pub(crate) fn slots(&self) -> (i64, i64) {
        let end = self.to.succ_opt().unwrap_or(self.to);
        (self.first_slot(self.from), self.first_slot(end))
    }

    /// The local day of a slot.
    pub(crate) fn day_of_slot(&self, slot: i64) -> NaiveDate {
        let t = slot * SLOT_SECS + i64::from(self.utc_offset_secs);
        DateTime::from_timestamp(t, 0)
            .unwrap_or_default()
            .date_naive()
    }

    /// Whether the period is well formed (from <= to).
    pub fn is_valid(&self) -> bool {
        self.from <= self.to
    }
}

/// Whether a stored sale gives back: a refund or an exchange (it names the sale it gives
/// lines back from) or a negative total.
fn is_refund(s: &Sale) -> bool {
    s.refund_of.is_some() || s.totals.total < Money::ZERO
}

/// Writes sale `s`'s figures into the summary tables, in the sale's transaction.
pub fn record_sale(tx: &Transaction, s: &Sale, register: &str) -> Result<()> {
    let slot = slot_of(s.created_at);
    let mut add = tx.prepare_cached(
        "INSERT INTO sale_sum (slot, register, dim, key, n, cents, tax_cents)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (slot, register, dim, key) DO UPDATE
            SET n = n + excluded.n, cents = cents + excluded.cents,
                tax_cents = tax_cents + excluded.tax_cents",
    )?;
    let refund = is_refund(s);
    let head = if refund { "refund" } else { "sale" };
    add.execute(params![
        slot,
        register,
        head,
        "",
        1,
        s.totals.total.cents(),
        0
    ])?;
    let mut goods = Money::ZERO;
    for t in &s.totals.taxes {
        goods = goods + t.gross;
        add.execute(params![
            slot,
            register,
            "rate",
            percent_text(t.rate),
            1,
            t.gross.cents(),
            t.tax.cents()
        ])?;
    }
    let mut kinds: Vec<(LineKind, Money)> = Vec::new();
    for l in s.lines.iter().filter(|l| l.kind != LineKind::Goods) {
        let total = l.price(s.group_discount, s.tax).total;
        match kinds.iter_mut().find(|(k, _)| *k == l.kind) {
            Some((_, m)) => *m = *m + total,
            None => kinds.push((l.kind, total)),
        }
    }
    for (kind, total) in kinds {
        add.execute(params![
            slot,
            register,
            "kind",
            kind.as_str(),
            1,
            total.cents(),
            0
        ])?;
    }
    for p in &s.payments {
        add.execute(params![
            slot,
            register,
            "method",
            p.method.as_str(),
            1,
            p.amount.cents(),
            0
        ])?;
    }
    if let Some(c) = s.customer_id {
        tx.prepare_cached(
            "INSERT INTO customer_sum (slot, customer_id, n, refunds, goods_cents)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (slot, customer_id) DO UPDATE
                SET n = n + excluded.n, refunds = refunds + excluded.refunds,
                    goods_cents = goods_cents + excluded.goods_cents",
        )?
        .execute(params![
            slot,
            c,
            i64::from(!refund),
            i64::from(refund),
            goods.cents()
        ])?;
    }
    Ok(())
}

/// One day of the sales by day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayRow {
    pub day: NaiveDate,
    /// Tickets that give nothing back.
    pub sales: i64,
    /// Refunds and exchanges.
    pub refunds: i64,
    /// Goods sold less goods given back, taxes included.
    pub goods: Money,
    /// Everything taken (goods, top-ups, settlements, gift cards), net of refunds.
    pub total: Money,
}

/// The sales of each day of the period that has any, oldest first (all registers).
pub fn by_day(conn: &Connection, p: &Period) -> Result<Vec<DayRow>> {
    let (start, end) = p.slots();
    let mut stmt = conn.prepare_cached(
        "SELECT slot, dim, SUM(n), SUM(cents) FROM sale_sum
         WHERE slot >= ?1 AND slot < ?2 AND dim IN ('sale', 'refund', 'rate', 'kind')
         GROUP BY slot, dim ORDER BY slot",
    )?;
    let mut rows = stmt.query(params![start, end])?;
    let mut out: Vec<DayRow> = Vec::new();
    while let Some(r) = rows.next()? {
        let day = p.day_of_slot(r.get(0)?);
        if out.last().is_none_or(|d| d.day != day) {
            out.push(DayRow {
                day,
                sales: 0,
                refunds: 0,
                goods: Money::ZERO,
                total: Money::ZERO,
            });
        }
        let Some(d) = out.last_mut() else { continue };
        let (n, cents): (i64, i64) = (r.get(2)?, r.get(3)?);
        match r.get_ref(1)?.as_str().unwrap_or_default() {
            "sale" => {
                d.sales += n;
                d.total = d.total + Money::from_cents(cents);
            }
            "refund" => {
                d.refunds += n;
                d.total = d.total + Money::from_cents(cents);
            }
            "rate" => d.goods = d.goods + Money::from_cents(cents),
            _ => {}
        }
    }
    Ok(out)
}

/// One payment method's takings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodRow {
    /// `cash`, `card`, ... (`PaymentMethod::as_str`).
    pub method: String,
    pub payments: i64,
    /// Net: money given back by that method is taken off.
    pub amount: Money,
}

/// Takings per payment method over the period (`register`: one register, else all),
/// largest first.
pub fn by_method(conn: &Connection, p: &Period, register: Option<&str>) -> Result<Vec<MethodRow>> {
    let (start, end) = p.slots();
    let mut stmt = conn.prepare_cached(
        "SELECT key, SUM(n), SUM(cents) FROM sale_sum
         WHERE slot >= ?1 AND slot < ?2 AND dim = 'method' AND (?3 IS NULL OR register = ?3)
         GROUP BY key ORDER BY SUM(cents) DESC, key",
    )?;
    let rows = stmt.query_map(params![start, end, register], |r| {
        Ok(MethodRow {
            method: r.get(0)?,
            payments: r.get(1)?,
            amount: money(r, 2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The goods at one VAT rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateRow {
    pub rate: Percent,
    /// Excluding VAT.
    pub net: Money,
    pub vat: Money,
    /// Including VAT.
    pub gross: Money,
}

/// VAT per rate over the period (`register`: one register, else all), lowest rate first.
pub fn by_rate(conn: &Connection, p: &Period, register: Option<&str>) -> Result<Vec<RateRow>> {
    let (start, end) = p.slots();
    let mut stmt = conn.prepare_cached(
        "SELECT key, SUM(cents), SUM(tax_cents) FROM sale_sum
         WHERE slot >= ?1 AND slot < ?2 AND dim = 'rate' AND (?3 IS NULL OR register = ?3)
         GROUP BY key",
    )?;
    let rows = stmt.query_map(params![start, end, register], |r| {
        let gross = money(r, 1)?;
        let vat = money(r, 2)?;
        Ok(RateRow {
            rate: percent(r, 0)?,
            net: gross - vat,
            vat,
            gross,
        })
    })?;
    let mut out = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    out.sort_by_key(|a| a.rate);
    Ok(out)
}

/// A customer's purchases over a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Bought {
    sales: i64,
    refunds: i64,
    goods: i64,
}

/// Every customer's purchases over the period (read in slot order, summed here: a hash
/// map beats SQLite's sorter for a GROUP BY over a year of rows).
fn bought(conn: &Connection, p: &Period) -> Result<HashMap<CustomerId, Bought>> {
    let (start, end) = p.slots();
    let mut stmt = conn.prepare_cached(
        "SELECT customer_id, n, refunds, goods_cents FROM customer_sum
         WHERE slot >= ?1 AND slot < ?2",
    )?;
    let mut rows = stmt.query(params![start, end])?;
    let mut out: HashMap<CustomerId, Bought> = HashMap::new();
    while let Some(r) = rows.next()? {
        let b = out.entry(r.get(0)?).or_default();
        b.sales += r.get::<_, i64>(1)?;
        b.refunds += r.get::<_, i64>(2)?;
        b.goods += r.get::<_, i64>(3)?;
    }
    Ok(out)
}

/// One of the top customers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CustomerRow {
    pub id: CustomerId,
    /// The name to show (personal data: an export of this report is private).
    pub name: String,
    pub sales: i64,
    pub refunds: i64,
    /// Goods bought less goods given back, taxes included.
    pub goods: Money,
}

/// The `limit` customers who bought the most goods (net) over the period, largest first;
/// ties by id. An anonymised customer keeps their place, without a name.
pub fn top_customers(conn: &Connection, p: &Period, limit: usize) -> Result<Vec<CustomerRow>> {
    let mut all: Vec<(CustomerId, Bought)> = bought(conn, p)?.into_iter().collect();
    all.sort_by(|a, b| b.1.goods.cmp(&a.1.goods).then(a.0.cmp(&b.0)));
    all.truncate(limit);
    let mut out = Vec::with_capacity(all.len());
    for (id, b) in all {
        let name = super::customers::get(conn, id)?
            .map(|c| c.data.display_name())
            .unwrap_or_default();
        out.push(CustomerRow {
            id,
            name,
            sales: b.sales,
            refunds: b.refunds,
            goods: Money::from_cents(b.goods),
        });
    }
    Ok(out)
}

/// One customer group's row (or the customers without a group, or the sales without a
/// customer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupRow {
    /// The group's name; `None` for customers without a group and for walk-in sales.
    pub group: Option<String>,
    /// The sales without a customer on the ticket.
    pub walk_in: bool,
    /// Customers who bought over the period (0 for walk-ins).
    pub customers: i64,
    pub sales: i64,
    pub refunds: i64,
    pub goods: Money,
}

/// Sales per customer group over the period, by each customer's group now, largest
/// first; then customers without a group, then walk-in sales (goods sold to no
/// customer). The rows add up to the period's goods.
pub fn by_group(conn: &Connection, p: &Period) -> Result<Vec<GroupRow>> {
    let bought = bought(conn, p)?;
    let mut group_of: HashMap<CustomerId, String> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, g.name FROM customer c JOIN customer_group g ON g.id = c.group_id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        group_of.insert(r.get(0)?, r.get(1)?);
    }
    let mut groups: HashMap<Option<String>, GroupRow> = HashMap::new();
    let mut customers_goods = 0i64;
    let (mut customer_sales, mut customer_refunds) = (0i64, 0i64);
    for (id, b) in &bought {
        let name = group_of.get(id).cloned();
        let row = groups.entry(name.clone()).or_insert(GroupRow {
            group: name,
            walk_in: false,
            customers: 0,
            sales: 0,
            refunds: 0,
            goods: Money::ZERO,
        });
        row.customers += 1;
        row.sales += b.sales;
        row.refunds += b.refunds;
        row.goods = row.goods + Money::from_cents(b.goods);
        customers_goods += b.goods;
        customer_sales += b.sales;
        customer_refunds += b.refunds;
    }
    let mut out: Vec<GroupRow> = Vec::with_capacity(groups.len() + 1);
    let no_group = groups.remove(&None);
    out.extend(groups.into_values());
    out.sort_by(|a, b| b.goods.cmp(&a.goods).then(a.group.cmp(&b.group)));
    out.extend(no_group);
    let days = by_day(conn, p)?;
    let (sales, refunds, goods) = days.iter().fold((0, 0, 0), |(s, r, g), d| {
        (s + d.sales, r + d.refunds, g + d.goods.cents())
    });
    let walk_in = GroupRow {
        group: None,
        walk_in: true,
        customers: 0,
        sales: sales - customer_sales,
        refunds: refunds - customer_refunds,
        goods: Money::from_cents(goods - customers_goods),
    };
    if walk_in.sales != 0 || walk_in.refunds != 0 || !walk_in.goods.is_zero() {
        out.push(walk_in);
    }
    Ok(out)
}

/// The reports there are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    Days,
    Groups,
    Customers,
    Methods,
    Vat,
    /// The daily closing of one register.
    Z,
}

impl ReportKind {
    /// In the order the screen's tabs show them.
    pub const ALL: [ReportKind; 6] = [
        ReportKind::Days,
        ReportKind::Groups,
        ReportKind::Customers,
        ReportKind::Methods,
        ReportKind::Vat,
        ReportKind::Z,
    ];

    /// The stable name (the CLI's subcommand, the audit log's, JSON's).
    pub fn name(self) -> &'static str {
        match self {
            ReportKind::Days => "days",
            ReportKind::Groups => "groups",
            ReportKind::Customers => "customers",
            ReportKind::Methods => "methods",
            ReportKind::Vat => "vat",
            ReportKind::Z => "z",
        }
    }

    /// Whether the report names people (its export is personal data).
    pub fn is_personal(self) -> bool {
        self == ReportKind::Customers
    }
}

/// What to compute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub kind: ReportKind,
    /// For a Z: its one day (`from`).
    pub period: Period,
    /// The register of a Z.
    pub register: String,
    /// How many top customers.
    pub limit: usize,
}

/// A report's rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Report {
    Days(Vec<DayRow>),
    Groups(Vec<GroupRow>),
    Customers(Vec<CustomerRow>),
    Methods(Vec<MethodRow>),
    Vat(Vec<RateRow>),
    /// The day's figures, and its closing when the day was closed.
    Z(Box<DayFigures>, Option<Box<Closing>>),
}

/// Computes the report `r` asks for (reads only).
pub fn run(conn: &Connection, r: &Request) -> Result<Report> {
    let p = &r.period;
    Ok(match r.kind {
        ReportKind::Days => Report::Days(by_day(conn, p)?),
        ReportKind::Groups => Report::Groups(by_group(conn, p)?),
        ReportKind::Customers => Report::Customers(top_customers(conn, p, r.limit)?),
        ReportKind::Methods => Report::Methods(by_method(conn, p, None)?),
        ReportKind::Vat => Report::Vat(by_rate(conn, p, None)?),
        ReportKind::Z => {
            let f = day_figures(conn, &r.register, p.from, p.utc_offset_secs)?;
            let c = closing(conn, &r.register, p.from)?;
            Report::Z(Box::new(f), c.map(Box::new))
        }
    })
}

#[cfg(test)]
mod tests;
