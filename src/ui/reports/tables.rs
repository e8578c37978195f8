//! The reports' tables: a header, the rows that fit from the scrolled one, and a total
//! row that always shows (the days, the groups, the top customers listed, the payment
//! methods, the VAT rates).
//!
//! Invariants: names (groups, customers) pass through [`clean`]; numbers are
//! right-aligned, amounts the language's; only the visible rows are built; the total is
//! the sum of every row of the report, not of the rows shown.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Row, Table, Widget};

use crate::app::state::{ShownReport, State};
use crate::app::view::{DayRow, GroupSales, MethodRow, RateRow, ReportRows, TopCustomer};
use crate::domain::money::Money;
use crate::domain::sale::PaymentMethod;
use crate::sanitize::clean;
use crate::ui::strings::Column as C;

/// A right-aligned cell.
fn num(text: String) -> Cell<'static> {
    Cell::from(Line::from(text).right_aligned())
}

/// A column header, right-aligned for numbers.
fn head(s: &State, c: C, right: bool) -> Cell<'static> {
    let word = s.tr().column(c);
    if right {
        Cell::from(Line::from(word).right_aligned())
    } else {
        Cell::from(word)
    }
}

/// Rows of a table `area` shows besides its header and total.
fn visible(area: Rect) -> usize {
    usize::from(area.height.saturating_sub(2))
}

/// The first row drawn: `scroll`, kept so that the last page is full.
fn first(scroll: usize, len: usize, area: Rect) -> usize {
    scroll.min(len.saturating_sub(visible(area)))
}

/// A table's header, column widths and total row.
struct Spec<'a> {
    header: Vec<Cell<'a>>,
    widths: &'a [Constraint],
    total: Row<'a>,
}

/// Draws a table: header, rows `first..` that fit (made by `row` from their index in
/// the whole list), the total.
fn draw<'a, T>(
    s: &State,
    spec: Spec<'a>,
    items: &'a [T],
    row: impl Fn(usize, &'a T) -> Row<'a>,
    scroll: usize,
    area: Rect,
    buf: &mut Buffer,
) {
    let th = s.theme();
    let start = first(scroll, items.len(), area);
    let mut rows: Vec<Row> = items
        .iter()
        .enumerate()
        .skip(start)
        .take(visible(area))
        .map(|(i, x)| row(i, x))
        .collect();
    rows.push(spec.total.style(th.strong()));
    Table::new(rows, spec.widths.to_vec())
        .header(Row::new(spec.header).style(th.label()))
        .render(area, buf);
}

/// Which rows are shown when a table does not show them all ("8-14/31").
pub fn position(x: &ShownReport, scroll: usize, body: Rect) -> Option<String> {
    let (len, above) = match &x.report {
        ReportRows::Days(v) => (v.len(), super::charts::DAYS_HEIGHT),
        ReportRows::Groups(v) => (v.len(), super::charts::groups_height(v.len())),
        ReportRows::Customers(v) => (v.len(), 0),
        ReportRows::Methods(v) => (v.len(), 0),
        ReportRows::Vat(v) => (v.len(), 0),
        ReportRows::Z(..) => return None,
    };
    let area = Rect {
        height: body.height.saturating_sub(above),
        ..body
    };
    let n = visible(area);
    if len <= n {
        return None;
    }
    let start = first(scroll, len, area);
    Some(format!("{}-{}/{len}", start + 1, (start + n).min(len)))
}

/// The sales of each day that had any.
pub fn days(s: &State, rows: &[DayRow], scroll: usize, area: Rect, buf: &mut Buffer) {
    let t = s.tr();
    let lang = s.settings.lang;
    let total = Row::new(vec![
        Cell::from(t.column(C::Total)),
        num(rows.iter().map(|r| r.sales).sum::<i64>().to_string()),
        num(rows.iter().map(|r| r.refunds).sum::<i64>().to_string()),
        num(t.money(rows.iter().map(|r| r.goods).sum())),
        num(t.money(rows.iter().map(|r| r.total).sum())),
    ]);
    let spec = Spec {
        header: vec![
            head(s, C::Day, false),
            head(s, C::Sales, true),
            head(s, C::Refunds, true),
            head(s, C::Goods, true),
            head(s, C::Total, true),
        ],
        widths: &[
            Constraint::Length(10),
            Constraint::Length(9),
            Constraint::Length(9),
            Constraint::Length(12),
            Constraint::Length(12),
        ],
        total,
    };
    draw(
        s,
        spec,
        rows,
        |_, r| {
            Row::new(vec![
                Cell::from(lang.day(r.day)),
                num(r.sales.to_string()),
                num(r.refunds.to_string()),
                num(t.money(r.goods)),
                num(t.money(r.total)),
            ])
        },
        scroll,
        area,
        buf,
    );
}

/// A group row's name: the group's, or what the row stands for.
pub fn group_name(s: &State, r: &GroupSales) -> String {
    let t = s.tr();
    match (&r.group, r.walk_in) {
        (_, true) => t.walk_in().to_string(),
        (Some(g), false) => clean(g).into_owned(),
        (None, false) => t.no_group().to_string(),
    }
}

/// The sales per customer group.
pub fn groups(s: &State, rows: &[GroupSales], scroll: usize, area: Rect, buf: &mut Buffer) {
    let t = s.tr();
    let total = Row::new(vec![
        Cell::from(t.column(C::Total)),
        num(rows.iter().map(|r| r.customers).sum::<i64>().to_string()),
        num(rows.iter().map(|r| r.sales).sum::<i64>().to_string()),
        num(rows.iter().map(|r| r.refunds).sum::<i64>().to_string()),
        num(t.money(rows.iter().map(|r| r.goods).sum())),
    ]);
    let spec = Spec {
        header: vec![
            head(s, C::Group, false),
            head(s, C::Customers, true),
            head(s, C::Sales, true),
            head(s, C::Refunds, true),
            head(s, C::Goods, true),
        ],
        widths: &[
            Constraint::Fill(1),
            Constraint::Length(9),
            Constraint::Length(9),
            Constraint::Length(9),
            Constraint::Length(12),
        ],
        total,
    };
    draw(
        s,
        spec,
        rows,
        |_, r| {
            Row::new(vec![
                Cell::from(group_name(s, r)),
                num(r.customers.to_string()),
                num(r.sales.to_string()),
                num(r.refunds.to_string()),
                num(t.money(r.goods)),
            ])
        },
        scroll,
        area,
        buf,
    );
}

/// The top customers, ranked.
pub fn customers(s: &State, rows: &[TopCustomer], scroll: usize, area: Rect, buf: &mut Buffer) {
    let t = s.tr();
    let total = Row::new(vec![
        Cell::from(""),
        Cell::from(t.column(C::Total)),
        num(rows.iter().map(|r| r.sales).sum::<i64>().to_string()),
        num(rows.iter().map(|r| r.refunds).sum::<i64>().to_string()),
        num(t.money(rows.iter().map(|r| r.goods).sum())),
    ]);
    let spec = Spec {
        header: vec![
            Cell::from(Line::from("#").right_aligned()),
            head(s, C::Customer, false),
            head(s, C::Sales, true),
            head(s, C::Refunds, true),
            head(s, C::Goods, true),
        ],
        widths: &[
            Constraint::Length(3),
            Constraint::Fill(1),
            Constraint::Length(9),
            Constraint::Length(9),
            Constraint::Length(12),
        ],
        total,
    };
    draw(
        s,
        spec,
        rows,
        |i, r| {
            let name = if r.name.is_empty() {
                t.no_name().to_string()
            } else {
                clean(&r.name).into_owned()
            };
            Row::new(vec![
                num((i + 1).to_string()),
                Cell::from(name),
                num(r.sales.to_string()),
                num(r.refunds.to_string()),
                num(t.money(r.goods)),
            ])
        },
        scroll,
        area,
        buf,
    );
}

/// A payment method's name in words (as stored when the register does not know it).
pub fn method_name(s: &State, raw: &str) -> String {
    match PaymentMethod::parse(raw) {
        Some(m) => s.tr().method(m).to_string(),
        None => clean(raw).into_owned(),
    }
}

/// The takings per payment method.
pub fn methods(s: &State, rows: &[MethodRow], scroll: usize, area: Rect, buf: &mut Buffer) {
    let t = s.tr();
    let total = Row::new(vec![
        Cell::from(t.column(C::Total)),
        num(rows.iter().map(|r| r.payments).sum::<i64>().to_string()),
        num(t.money(rows.iter().map(|r| r.amount).sum())),
    ]);
    let spec = Spec {
        header: method_header(s),
        widths: &METHOD_WIDTHS,
        total,
    };
    draw(s, spec, rows, |_, r| method_row(s, r), scroll, area, buf);
}

/// The columns of a payment method's row.
pub const METHOD_WIDTHS: [Constraint; 3] = [
    Constraint::Length(16),
    Constraint::Length(10),
    Constraint::Length(12),
];

/// The header of the payment methods' rows.
pub fn method_header(s: &State) -> Vec<Cell<'static>> {
    vec![
        head(s, C::Method, false),
        head(s, C::Payments, true),
        head(s, C::Amount, true),
    ]
}

/// A payment method's row.
pub fn method_row<'a>(s: &State, r: &MethodRow) -> Row<'a> {
    Row::new(vec![
        Cell::from(method_name(s, &r.method)),
        num(r.payments.to_string()),
        num(s.tr().money(r.amount)),
    ])
}

/// VAT per rate.
pub fn vat(s: &State, rows: &[RateRow], scroll: usize, area: Rect, buf: &mut Buffer) {
    let spec = Spec {
        header: vat_header(s),
        widths: &VAT_WIDTHS,
        total: vat_total(s, rows),
    };
    draw(s, spec, rows, |_, r| vat_row(s, r), scroll, area, buf);
}

/// The columns of a VAT rate's row.
pub const VAT_WIDTHS: [Constraint; 4] = [
    Constraint::Length(7),
    Constraint::Length(10),
    Constraint::Length(10),
    Constraint::Length(10),
];

/// The header of the VAT rows.
pub fn vat_header(s: &State) -> Vec<Cell<'static>> {
    vec![
        head(s, C::Rate, true),
        head(s, C::Net, true),
        head(s, C::Vat, true),
        head(s, C::Gross, true),
    ]
}

/// A VAT rate's row.
pub fn vat_row<'a>(s: &State, r: &RateRow) -> Row<'a> {
    let t = s.tr();
    Row::new(vec![
        num(s.settings.lang.percent(r.rate)),
        num(t.money(r.net)),
        num(t.money(r.vat)),
        num(t.money(r.gross)),
    ])
}

/// The VAT rows' total.
pub fn vat_total<'a>(s: &State, rows: &[RateRow]) -> Row<'a> {
    let t = s.tr();
    let sum = |f: fn(&RateRow) -> Money| rows.iter().map(f).sum::<Money>();
    Row::new(vec![
        Cell::from(t.column(C::Total)),
        num(t.money(sum(|r| r.net))),
        num(t.money(sum(|r| r.vat))),
        num(t.money(sum(|r| r.gross))),
    ])
}
