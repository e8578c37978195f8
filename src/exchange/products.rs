//! Product import (`comptoir import products FILE`): a catalogue exported from Shopify,
//! WooCommerce, Lightspeed X-Series, Square or PrestaShop, or any CSV with a header in
//! English or French ([`presets`]), into the catalogue.
//!
//! - The file is read whole, at most [`MAX_FILE`] bytes; its encoding is sniffed as for
//!   customers ([`text::sniff`], UTF-16 turned into UTF-8) and each cell decoded strictly,
//!   so a cell in another encoding refuses its row, naming the column; the delimiter is
//!   sniffed among `,` `;` tab `|`.
//! - A row gives one product: its code (barcode before SKU), its name (with the variant's
//!   options), its price including VAT (a price without VAT is raised by the row's rate,
//!   rounded to the cent), its rate (the row's, or the shop's standard one when the file
//!   has none), its cost, its category and whether it is on sale. A row is refused, with
//!   its line and the column at fault, when its code, name or price is missing or wrong,
//!   its rate is not one of the shop's (0 is always allowed), or its code was on an
//!   earlier line.
//! - A product whose code is in the catalogue is updated (its id and sales stay), else
//!   created; one with nothing new is left alone.
//! - A dry run writes nothing. A real run is the manager's act and writes every product
//!   in ONE transaction with one audit entry (`product.import`: the file, the counts),
//!   then the refused rows go to `NAME.rejected.csv` ([`RejectedFile`]). A catalogue is
//!   at most a few hundred thousand rows: one short transaction, no chunks.

pub mod presets;

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use rust_decimal::Decimal;
use serde::Serialize;

use super::rejected::RejectedFile;
use super::text::{self, Charset};
use super::{ExchangeError, RunOptions};
use crate::domain::catalog::Product;
use crate::domain::ids::ProductId;
use crate::domain::money::{Money, Percent};
use crate::store::{audit, catalog, Store};
use presets::{Active, Preset, RateFrom};

/// The largest file read (a catalogue of 500,000 rows of Shopify's 50 columns fits).
pub const MAX_FILE: u64 = 256 * 1024 * 1024;
/// Cells of one row at most.
const MAX_CELLS: usize = 1000;
/// Refused rows listed in the report (all go to the rejected file).
const MAX_LISTED: usize = 200;

/// What the command line and the shop say about a product file.
#[derive(Debug, Clone, Default)]
pub struct ProductOptions {
    /// `--preset` (one of [`presets::NAMES`]); detected from the header when `None`.
    pub preset: Option<String>,
    pub delimiter: Option<u8>,
    pub encoding: Option<Charset>,
    /// The shop's VAT rates, standard first (`[shop] vat_rates`).
    pub vat_rates: Vec<Percent>,
}

/// A refused row.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Refused {
    pub line: u64,
    pub reasons: Vec<String>,
}

/// What an import did, or would do (dry run).
#[derive(Debug, Clone, Serialize, Default)]
pub struct ProductReport {
    pub file: String,
    pub preset: String,
    pub encoding: String,
    pub dry_run: bool,
    pub committed: bool,
    pub rows: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Rows that describe no product (Shopify's image rows, WooCommerce's variable
    /// products whose variations carry the prices).
    pub skipped: usize,
    pub refused: usize,
    pub refusals: Vec<Refused>,
    pub notices: Vec<String>,
    pub rejected_file: Option<String>,
}

/// One planned write.
enum Plan {
    Create(Product, bool),
    Update(Product, bool),
}

/// Imports the products of `path` into `store`.
pub fn import_products(
    store: &mut Store,
    path: &Path,
    opts: &ProductOptions,
    run: &RunOptions,
) -> Result<ProductReport, ExchangeError> {
    let bytes = read_bounded(path)?;
    let format = |message: String| ExchangeError::Format {
        path: path.to_path_buf(),
        message,
    };
    let sniff = text::sniff(&bytes, opts.encoding).map_err(format)?;
    let body = text::body(&bytes, &sniff);
    let charset = if sniff.charset.is_utf16() {
        Charset::UTF8
    } else {
        sniff.charset
    };
    let delimiter = opts
        .delimiter
        .unwrap_or_else(|| super::csv_in::sniff_delimiter(&body[..body.len().min(text::SAMPLE)]));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(&body[..]);
    let mut records = reader.byte_records();
    let header = match records.next() {
        Some(Ok(h)) => h
            .iter()
            .take(MAX_CELLS)
            .map(|c| charset.decode_lossy(c).trim().to_string())
            .collect::<Vec<_>>(),
        Some(Err(e)) => return Err(format(format!("the header cannot be read: {e}"))),
        None => return Err(format("the file is empty".into())),
    };
    if let Some(n) = opts.preset.as_deref() {
        if !presets::NAMES.contains(&n) {
            return Err(ExchangeError::Mapping(format!(
                "unknown product preset {n:?} (one of {})",
                presets::NAMES.join(", ")
            )));
        }
    }
    let preset = presets::choose(&header, opts.preset.as_deref())
        .ok_or_else(|| format("no column names a product's code, name and price".into()))?;
    let cols = Columns::new(&header, preset);
    cols.check(preset).map_err(format)?;
    let mut report = ProductReport {
        file: path.display().to_string(),
        preset: preset.name.into(),
        encoding: sniff.how.clone(),
        dry_run: run.dry_run,
        ..Default::default()
    };
    if matches!(preset.rate, RateFrom::Standard) || cols.rate.is_empty() && cols.yes_no.is_empty() {
        if let Some(std) = opts.vat_rates.first() {
            report.notices.push(format!(
                "the file gives no VAT rate: each product gets the shop's standard rate {std} \
                 (0 where the file says it is not taxed)"
            ));
        }
    }
    let mut rejected = RejectedFile::new(path, "csv", run, store.path());
    let mut plans = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut groups: HashMap<String, Vec<String>> = HashMap::new();
    let conn = store.conn();
    for record in records {
        let record = record.map_err(|e| format(format!("the file cannot be read on: {e}")))?;
        let line = record.position().map_or(0, |p| p.line());
        report.rows += 1;
        let row = Row {
            cells: &record,
            charset,
        };
        match parse(&row, &cols, preset, opts, &mut groups) {
            Ok(None) => report.skipped += 1,
            Ok(Some((mut product, active))) => {
                if let Some(first) = seen.get(&product.code) {
                    let why = format!("code {} already on line {first}", product.code);
                    refuse(&mut report, &mut rejected, &header, &row, line, vec![why])?;
                    continue;
                }
                seen.insert(product.code.clone(), line);
                match catalog::product_any_by_code(conn, &product.code)? {
                    Some((old, was_active)) => {
                        product.id = old.id;
                        if old == product && was_active == active {
                            report.unchanged += 1;
                        } else {
                            report.updated += 1;
                            plans.push(Plan::Update(product, active));
                        }
                    }
                    None => {
                        report.created += 1;
                        plans.push(Plan::Create(product, active));
                    }
                }
            }
            Err(reasons) => refuse(&mut report, &mut rejected, &header, &row, line, reasons)?,
        }
    }
    if !run.dry_run {
        write(store, &plans, &report, &run.actor)?;
        report.committed = true;
    }
    let (file, moved) = rejected.complete()?;
    report.notices.extend(moved);
    report.rejected_file = file.map(|p| p.display().to_string());
    Ok(report)
}

/// Writes every plan and the audit entry in one transaction.
fn write(
    store: &mut Store,
    plans: &[Plan],
    report: &ProductReport,
    actor: &str,
) -> Result<(), ExchangeError> {
    store.write(|tx| {
        for plan in plans {
            let (Plan::Create(p, active) | Plan::Update(p, active)) = plan;
            catalog::upsert_product(tx, p)?;
            if !active {
                catalog::set_active(tx, p.id, false)?;
            } else if matches!(plan, Plan::Update(..)) {
                catalog::set_active(tx, p.id, true)?;
            }
        }
        audit::record(
            tx,
            actor,
            "product.import",
            "product",
            None,
            serde_json::json!({
                "file": report.file, "preset": report.preset, "created": report.created,
                "updated": report.updated, "refused": report.refused, "role": "manager",
            }),
        )
    })?;
    Ok(())
}

fn refuse(
    report: &mut ProductReport,
    rejected: &mut RejectedFile,
    header: &[String],
    row: &Row,
    line: u64,
    reasons: Vec<String>,
) -> Result<(), ExchangeError> {
    report.refused += 1;
    let joined = reasons.join("; ");
    if report.refusals.len() < MAX_LISTED {
        report.refusals.push(Refused { line, reasons });
    }
    rejected.append(
        || {
            let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
            let mut names = header.to_vec();
            names.extend(["line".to_string(), "reason".to_string()]);
            w.write_record(&names)?;
            w.into_inner().map_err(|e| e.into_error())
        },
        || {
            let mut w = csv::Writer::from_writer(Vec::new());
            let mut cells: Vec<String> = (0..header.len()).map(|i| row.text(i)).collect();
            cells.push(line.to_string());
            cells.push(joined);
            w.write_record(&cells)?;
            w.into_inner().map_err(|e| e.into_error())
        },
    )
}

/// Reads at most [`MAX_FILE`] bytes of `path`, refusing a longer file.
fn read_bounded(path: &Path) -> Result<Vec<u8>, ExchangeError> {
    let read = |source| ExchangeError::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(read)?;
    if bytes.len() as u64 > MAX_FILE {
        return Err(ExchangeError::Format {
            path: path.to_path_buf(),
            message: format!(
                "larger than {} MiB: not a product catalogue",
                MAX_FILE >> 20
            ),
        });
    }
    Ok(bytes)
}

/// The header's positions of what a preset reads.
struct Columns {
    code: Vec<(usize, String)>,
    name: Vec<usize>,
    group: Option<usize>,
    price: Vec<(usize, String)>,
    price_incl: Option<usize>,
    rate: Vec<(usize, String)>,
    /// Square's "Tax - NAME (RATE%)" columns: position and rate.
    yes_no: Vec<(usize, Percent)>,
    untaxed: Option<usize>,
    cost: Vec<(usize, String)>,
    category: Vec<usize>,
    active: Option<usize>,
}

impl Columns {
    fn new(header: &[String], p: Preset) -> Columns {
        let find = |name: &str| header.iter().position(|h| presets::same(h, name));
        let named = |names: &[&str]| -> Vec<(usize, String)> {
            names
                .iter()
                .filter_map(|n| find(n).map(|i| (i, header[i].clone())))
                .collect()
        };
        let positions = |names: &[&str]| names.iter().filter_map(|n| find(n)).collect();
        let rate = match p.rate {
            RateFrom::Column(names) => named(names),
            RateFrom::WooClass(name) => named(&[name]),
            _ => Vec::new(),
        };
        let yes_no = match p.rate {
            RateFrom::YesNoColumns(prefix) => header
                .iter()
                .enumerate()
                .filter(|(_, h)| h.to_lowercase().starts_with(&prefix.to_lowercase()))
                .filter_map(|(i, h)| first_number(h).map(|r| (i, r)))
                .collect(),
            _ => Vec::new(),
        };
        Columns {
            code: named(p.code),
            name: positions(p.title),
            group: p.group.and_then(find),
            price: named(p.price),
            price_incl: p.price_incl.and_then(find),
            rate,
            yes_no,
            untaxed: p.untaxed.and_then(|(c, _)| find(c)),
            cost: named(p.cost),
            category: positions(p.category),
            active: p.active.and_then(|(c, _)| find(c)),
        }
    }

    /// A file the preset cannot read at all.
    fn check(&self, p: Preset) -> Result<(), String> {
        let missing = |what: &str, names: &[&str]| {
            format!(
                "no {what} column for the {} preset (one of: {})",
                p.name,
                names.join(", ")
            )
        };
        if self.code.is_empty() {
            return Err(missing("code", p.code));
        }
        if self.name.is_empty() {
            return Err(missing("name", p.title));
        }
        if self.price.is_empty() {
            return Err(missing("price", p.price));
        }
        Ok(())
    }
}

/// One record and how to read its cells.
struct Row<'a> {
    cells: &'a csv::ByteRecord,
    charset: Charset,
}

impl Row<'_> {
    /// Cell `i` decoded strictly and trimmed; `Err` names what is wrong.
    fn cell(&self, i: usize) -> Result<String, String> {
        let raw = self.cells.get(i).unwrap_or_default();
        self.charset
            .decode(raw)
            .map(|s| s.trim().to_string())
            .ok_or_else(|| format!("not valid {} text", self.charset.name()))
    }

    /// Cell `i` for the rejected file (lossy).
    fn text(&self, i: usize) -> String {
        self.charset
            .decode_lossy(self.cells.get(i).unwrap_or_default())
            .into_owned()
    }
}

/// The first non-empty cell among `cols`, with its column's name.
fn first(row: &Row, cols: &[(usize, String)]) -> Result<Option<(String, String)>, String> {
    for (i, name) in cols {
        let v = row.cell(*i).map_err(|e| format!("{name}: {e}"))?;
        if !v.is_empty() {
            return Ok(Some((v, name.clone())));
        }
    }
    Ok(None)
}

/// The product of one row; `Ok(None)` for a row that describes none; `Err`: the reasons.
fn parse(
    row: &Row,
    cols: &Columns,
    p: Preset,
    opts: &ProductOptions,
    groups: &mut HashMap<String, Vec<String>>,
) -> Result<Option<(Product, bool)>, Vec<String>> {
    if row.cells.len() > MAX_CELLS {
        return Err(vec![format!(
            "{} cells: not a product row",
            row.cells.len()
        )]);
    }
    let price = first(row, &cols.price).map_err(|e| vec![e])?;
    let Some((price_text, price_col)) = price else {
        if p.skip_without_price {
            remember_group(row, cols, groups).map_err(|e| vec![e])?;
            return Ok(None);
        }
        return Err(vec![format!("{}: no price", cols.price[0].1)]);
    };
    let mut reasons = Vec::new();
    let code = match first(row, &cols.code) {
        Ok(Some((c, _))) => c,
        Ok(None) => {
            reasons.push("no code (no barcode, SKU or reference)".to_string());
            String::new()
        }
        Err(e) => {
            reasons.push(e);
            String::new()
        }
    };
    let name = name(row, cols, p, groups).unwrap_or_else(|e| {
        reasons.push(e);
        String::new()
    });
    let rate = rate(row, cols, p, opts, &price_text).unwrap_or_else(|e| {
        reasons.push(e);
        Percent::ZERO
    });
    // An amount as the shop stores it: with VAT, the row's rate added when the file's
    // amounts are without it.
    let with_vat = |m: Money| {
        if p.price_includes_tax {
            m
        } else {
            Money::from_decimal(m.as_decimal() * (Decimal::ONE + rate.fraction()))
        }
    };
    let price = match parse_amount(&price_text) {
        Some(m) => with_vat(m),
        None => {
            reasons.push(format!("{price_col}: {price_text:?} is not an amount"));
            Money::ZERO
        }
    };
    let cost = match first(row, &cols.cost) {
        Ok(Some((t, col))) => match parse_amount(&t) {
            Some(m) => Some(with_vat(m)),
            None => {
                reasons.push(format!("{col}: {t:?} is not an amount"));
                None
            }
        },
        Ok(None) => None,
        Err(e) => {
            reasons.push(e);
            None
        }
    };
    let category = category(row, cols).unwrap_or_else(|e| {
        reasons.push(e);
        None
    });
    let active = active(row, cols, p);
    if !reasons.is_empty() {
        return Err(reasons);
    }
    let product = Product {
        id: ProductId::generate(),
        code,
        name,
        price,
        tax_rate: rate,
        cost,
        category,
    };
    product.check().map_err(|e| vec![e.to_string()])?;
    Ok(Some((product, active)))
}

/// Notes the name parts of a product-level row without a price (Shopify's first row of
/// a product whose variants follow, or an image row) for the rows of its group.
fn remember_group(
    row: &Row,
    cols: &Columns,
    groups: &mut HashMap<String, Vec<String>>,
) -> Result<(), String> {
    let Some(g) = cols.group else {
        return Ok(());
    };
    let key = row.cell(g)?;
    let parts: Vec<String> = cols
        .name
        .iter()
        .map(|&i| row.cell(i))
        .collect::<Result<_, _>>()?;
    if !key.is_empty() && parts.iter().any(|p| !p.is_empty()) {
        groups.entry(key).or_insert(parts);
    }
    Ok(())
}

/// The name: the parts joined; in a group, empty parts come from its first row.
fn name(
    row: &Row,
    cols: &Columns,
    p: Preset,
    groups: &mut HashMap<String, Vec<String>>,
) -> Result<String, String> {
    let mut parts: Vec<String> = cols
        .name
        .iter()
        .map(|&i| row.cell(i))
        .collect::<Result<_, _>>()?;
    if let Some(g) = cols.group {
        let key = row.cell(g)?;
        match groups.get(&key) {
            Some(known) if parts.first().is_none_or(|t| t.is_empty()) => {
                if let (Some(slot), Some(title)) = (parts.first_mut(), known.first()) {
                    slot.clone_from(title);
                }
            }
            _ if !key.is_empty() => {
                groups.entry(key).or_insert_with(|| parts.clone());
            }
            _ => {}
        }
    }
    let name = parts
        .iter()
        .filter(|s| !s.is_empty() && !p.name_skip.iter().any(|k| presets::same(s, k)))
        .cloned()
        .collect::<Vec<_>>()
        .join(" ");
    if name.is_empty() {
        return Err("no name".into());
    }
    Ok(name)
}

/// The row's VAT rate; it must be 0 or one of the shop's.
fn rate(
    row: &Row,
    cols: &Columns,
    p: Preset,
    opts: &ProductOptions,
    price_text: &str,
) -> Result<Percent, String> {
    if let (Some(i), Some((_, values))) = (cols.untaxed, p.untaxed) {
        let v = row.cell(i)?;
        if values.iter().any(|x| presets::same(&v, x)) {
            return Ok(Percent::ZERO);
        }
    }
    let standard = opts.vat_rates.first().copied().unwrap_or(Percent::ZERO);
    let found = match p.rate {
        RateFrom::Standard => standard,
        RateFrom::Column(_) => match first(row, &cols.rate)? {
            Some((t, col)) => {
                first_number(&t).ok_or_else(|| format!("{col}: {t:?} names no VAT rate"))?
            }
            None => standard,
        },
        RateFrom::WooClass(_) => match first(row, &cols.rate)? {
            // A variation's "parent" class is read as the standard one: the export does
            // not repeat the parent's class on its variations' rows.
            None => standard,
            Some((t, _)) if t.eq_ignore_ascii_case("parent") => standard,
            Some((t, _)) if t.eq_ignore_ascii_case("zero-rate") => Percent::ZERO,
            Some((t, col)) if t.eq_ignore_ascii_case("reduced-rate") => {
                opts.vat_rates.get(1).copied().ok_or_else(|| {
                    format!("{col}: reduced-rate, and the shop has only one VAT rate")
                })?
            }
            Some((t, col)) => {
                first_number(&t).ok_or_else(|| format!("{col}: tax class {t:?} is not known"))?
            }
        },
        RateFrom::YesNoColumns(_) => {
            let mut rate = None;
            for (i, r) in &cols.yes_no {
                let v = row.cell(*i)?;
                if v.eq_ignore_ascii_case("y") || v.eq_ignore_ascii_case("yes") {
                    rate = Some(*r);
                }
            }
            rate.unwrap_or(if cols.yes_no.is_empty() {
                standard
            } else {
                Percent::ZERO
            })
        }
        RateFrom::PricePair => {
            pair_rate(row, cols, price_text, &opts.vat_rates)?.unwrap_or(standard)
        }
    };
    if found.is_zero() || opts.vat_rates.is_empty() || opts.vat_rates.contains(&found) {
        return Ok(found);
    }
    let list: Vec<String> = opts.vat_rates.iter().map(|r| r.to_string()).collect();
    Err(format!(
        "VAT rate {found} is not one of the shop's ({}; [shop] vat_rates)",
        list.join(", ")
    ))
}

/// The shop's rate that turns the tax-excluded price into the tax-included one (to the
/// cent), when the row has both.
fn pair_rate(
    row: &Row,
    cols: &Columns,
    excl_text: &str,
    rates: &[Percent],
) -> Result<Option<Percent>, String> {
    let Some(i) = cols.price_incl else {
        return Ok(None);
    };
    let (Some(excl), Some(incl)) = (parse_amount(excl_text), parse_amount(&row.cell(i)?)) else {
        return Ok(None);
    };
    if excl == incl {
        return Ok(Some(Percent::ZERO));
    }
    let close = |r: &&Percent| {
        let got = Money::from_decimal(excl.as_decimal() * (Decimal::ONE + r.fraction()));
        (got.cents() - incl.cents()).abs() <= 1
    };
    rates
        .iter()
        .find(close)
        .copied()
        .map(Some)
        .ok_or_else(|| format!("no VAT rate of the shop takes {excl} to {incl}"))
}

fn category(row: &Row, cols: &Columns) -> Result<Option<String>, String> {
    for &i in &cols.category {
        let v = row.cell(i)?;
        // A list keeps its first item, a path its last part.
        let first = v.split([',', '|']).next().unwrap_or_default();
        let last = first.rsplit(['>', '/']).next().unwrap_or_default().trim();
        if !last.is_empty() {
            return Ok(Some(last.to_string()));
        }
    }
    Ok(None)
}

fn active(row: &Row, cols: &Columns, p: Preset) -> bool {
    let (Some(i), Some((_, rule))) = (cols.active, p.active) else {
        return true;
    };
    let v = row.cell(i).unwrap_or_default();
    if v.is_empty() {
        return true;
    }
    match rule {
        Active::Unless(values) => !values.iter().any(|x| presets::same(&v, x)),
        Active::When(values) => values.iter().any(|x| presets::same(&v, x)),
    }
}

/// An amount as exports write them: `12.50`, `12,50`, `1 234,50`, `1,234.50`, `€12.50`,
/// `12.500000`. `None` when it is not one.
pub fn parse_amount(text: &str) -> Option<Money> {
    let kept: String = text
        .chars()
        .filter(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-'))
        .collect();
    if kept.is_empty() || !kept.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    // With both separators, the last one is the decimal point.
    let normal = match (kept.rfind('.'), kept.rfind(',')) {
        (Some(d), Some(c)) if d > c => kept.replace(',', ""),
        (Some(_), Some(_)) => kept.replace('.', "").replace(',', "."),
        _ => kept.replace(',', "."),
    };
    let d: Decimal = normal.parse().ok()?;
    // The crate's rounding (half away from zero), and amounts Money can hold.
    Money::parse(&crate::domain::money::round(d).to_string()).ok()
}

/// The first number in `text` as a rate (`VAT (20%)`, `TVA 5,5 %`, `20`).
fn first_number(text: &str) -> Option<Percent> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let rest = &text[start..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(rest.len());
    let n = rest[..end].trim_end_matches(['.', ',']);
    Percent::parse(n).ok()
}

#[cfg(test)]
mod tests;
