//! The managers' reports as CSV (`comptoir reports ... --csv`): one header row, one row
//! per line of the report, in the report's order.
//!
//! Invariants: the CSV writer's conventions of the customer export: text cells (a
//! customer's or a group's name, a register) that a spreadsheet would run as a formula
//! get a leading `'` ([`neutralise`]); numbers are written as plain decimals ("-10.00",
//! "5.5"), never neutralised, never localised; dates are ISO (YYYY-MM-DD). Only the top
//! customers report names people; the caller writes that file as a private file and
//! audits it.

use std::io::Write;

use super::{neutralise, ExchangeError};
use crate::domain::money::{Money, Percent};
use crate::store::reports::{DayFigures, Report};

fn csv_err(e: csv::Error) -> ExchangeError {
    ExchangeError::Output(std::io::Error::other(e))
}

/// A rate as a plain decimal ("5.5").
fn rate(p: Percent) -> String {
    p.as_decimal().normalize().to_string()
}

fn amount(m: Money) -> String {
    m.to_string()
}

/// Writes `report` as CSV to `out`; returns the rows written (header aside).
pub fn write(out: &mut dyn Write, report: &Report) -> Result<u64, ExchangeError> {
    let mut w = csv::Writer::from_writer(out);
    let rows = records(report);
    for r in &rows {
        w.write_record(r).map_err(csv_err)?;
    }
    w.flush().map_err(ExchangeError::Output)?;
    Ok(rows.len().saturating_sub(1) as u64)
}

/// The header, then the rows, as cells.
fn records(report: &Report) -> Vec<Vec<String>> {
    let head = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
    let mut out = Vec::new();
    match report {
        Report::Days(rows) => {
            out.push(head(&["day", "sales", "refunds", "goods", "total"]));
            for r in rows {
                out.push(vec![
                    r.day.to_string(),
                    r.sales.to_string(),
                    r.refunds.to_string(),
                    amount(r.goods),
                    amount(r.total),
                ]);
            }
        }
        Report::Groups(rows) => {
            out.push(head(&[
                "group",
                "walk_in",
                "customers",
                "sales",
                "refunds",
                "goods",
            ]));
            for r in rows {
                out.push(vec![
                    neutralise(r.group.as_deref().unwrap_or("")).into_owned(),
                    u8::from(r.walk_in).to_string(),
                    r.customers.to_string(),
                    r.sales.to_string(),
                    r.refunds.to_string(),
                    amount(r.goods),
                ]);
            }
        }
        Report::Customers(rows) => {
            out.push(head(&[
                "rank", "customer", "name", "sales", "refunds", "goods",
            ]));
            for (i, r) in rows.iter().enumerate() {
                out.push(vec![
                    (i + 1).to_string(),
                    r.id.to_string(),
                    neutralise(&r.name).into_owned(),
                    r.sales.to_string(),
                    r.refunds.to_string(),
                    amount(r.goods),
                ]);
            }
        }
        Report::Methods(rows) => {
            out.push(head(&["method", "payments", "amount"]));
            for r in rows {
                out.push(vec![
                    r.method.clone(),
                    r.payments.to_string(),
                    amount(r.amount),
                ]);
            }
        }
        Report::Vat(rows) => {
            out.push(head(&["rate", "net", "vat", "gross"]));
            for r in rows {
                out.push(vec![
                    rate(r.rate),
                    amount(r.net),
                    amount(r.vat),
                    amount(r.gross),
                ]);
            }
        }
        Report::Z(f, closing) => {
            out.push(head(&["item", "key", "count", "amount"]));
            z_rows(&mut out, f);
            let (counted, difference) = match closing {
                Some(c) => (amount(c.counted), amount(c.difference)),
                None => (String::new(), String::new()),
            };
            out.push(vec![
                "cash_counted".into(),
                String::new(),
                String::new(),
                counted,
            ]);
            out.push(vec![
                "difference".into(),
                String::new(),
                String::new(),
                difference,
            ]);
        }
    }
    out
}

/// A Z's figures as `item,key,count,amount` rows.
fn z_rows(out: &mut Vec<Vec<String>>, f: &DayFigures) {
    let row = |item: &str, key: String, count: String, value: String| {
        vec![item.to_string(), key, count, value]
    };
    out.push(row(
        "register",
        neutralise(&f.register).into_owned(),
        String::new(),
        String::new(),
    ));
    out.push(row("day", f.day.to_string(), String::new(), String::new()));
    out.push(row(
        "sales",
        String::new(),
        f.sales.to_string(),
        String::new(),
    ));
    out.push(row(
        "refunds",
        String::new(),
        f.refunds.to_string(),
        String::new(),
    ));
    for (item, m) in [
        ("goods", f.goods),
        ("top_ups", f.top_ups),
        ("settlements", f.settlements),
        ("gift_cards", f.gift_cards),
        ("total", f.total),
    ] {
        out.push(row(item, String::new(), String::new(), amount(m)));
    }
    for m in &f.by_method {
        out.push(row(
            "method",
            m.method.clone(),
            m.payments.to_string(),
            amount(m.amount),
        ));
    }
    for r in &f.by_rate {
        out.push(row(
            "vat_gross",
            rate(r.rate),
            String::new(),
            amount(r.gross),
        ));
        out.push(row("vat", rate(r.rate), String::new(), amount(r.vat)));
    }
    out.push(row(
        "cash_expected",
        String::new(),
        String::new(),
        amount(f.cash_expected),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::CustomerId;
    use crate::store::reports::{CustomerRow, MethodRow};

    fn text(r: &Report) -> String {
        let mut out = Vec::new();
        write(&mut out, r).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn names_are_neutralised_and_numbers_stay_plain() {
        let id = CustomerId::generate();
        let r = Report::Customers(vec![CustomerRow {
            id,
            name: "=HYPERLINK(\"x\")".into(),
            sales: 1,
            refunds: 1,
            goods: Money::from_cents(-1000),
        }]);
        assert_eq!(
            text(&r),
            format!(
                "rank,customer,name,sales,refunds,goods\n1,{id},\"'=HYPERLINK(\"\"x\"\")\",1,1,-10.00\n"
            )
        );
        let r = Report::Methods(vec![MethodRow {
            method: "cash".into(),
            payments: 2,
            amount: Money::from_cents(-50),
        }]);
        assert_eq!(text(&r), "method,payments,amount\ncash,2,-0.50\n");
    }
}
