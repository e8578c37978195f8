//! The Z tab's body: the day's tickets, refunds, goods and total, the money paid into
//! balances, the takings per method beside the VAT per rate, and the cash: expected,
//! counted and the difference (once closed: as stored, with who closed it and when;
//! before: the difference the amount typed would make, and what to do).
//!
//! Invariants: a closed day shows the stored closing, never figures read again (a sale
//! stored on that day afterwards does not change what was closed); a difference below
//! zero (cash missing) is drawn as a warning; the author is sanitised.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, Widget, Wrap};

use super::tables::{self, METHOD_WIDTHS, VAT_WIDTHS};
use crate::app::state::State;
use crate::app::view::{Closing, DayFigures};
use crate::domain::money::Money;
use crate::ui::strings::{Column as C, ZWord as W};

/// A label and its value, the label styled: "Sales 2".
fn item(s: &State, label: &str, value: String) -> Vec<Span<'static>> {
    vec![
        Span::styled(format!("{label} "), s.theme().label()),
        Span::raw(format!("{value}   ")),
    ]
}

pub fn render(s: &State, f: &DayFigures, c: Option<&Closing>, area: Rect, buf: &mut Buffer) {
    let t = s.tr();
    let th = s.theme();
    // The tables as long as their rows (a total under several rates), then the cash.
    let rates = f.by_rate.len() + usize::from(f.by_rate.len() > 1);
    let rows = 1 + u16::try_from(f.by_method.len().max(rates)).unwrap_or(u16::MAX);
    let [head, tables_area, _, cash] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Max(rows),
        Constraint::Length(1),
        Constraint::Min(3),
    ])
    .areas(area);
    let first: Vec<Span> = [
        item(s, t.column(C::Sales), f.sales.to_string()),
        item(s, t.column(C::Refunds), f.refunds.to_string()),
        item(s, t.column(C::Goods), t.money(f.goods)),
        item(s, t.column(C::Total), t.money(f.total)),
    ]
    .concat();
    let second: Vec<Span> = [
        item(s, t.z_word(W::TopUps), t.money(f.top_ups)),
        item(s, t.z_word(W::Settlements), t.money(f.settlements)),
        item(s, t.z_word(W::GiftCards), t.money(f.gift_cards)),
    ]
    .concat();
    Paragraph::new(vec![Line::from(first), Line::from(second)]).render(head, buf);
    let [left, right] =
        Layout::horizontal([Constraint::Length(41), Constraint::Min(30)]).areas(tables_area);
    let methods: Vec<Row> = f
        .by_method
        .iter()
        .map(|m| tables::method_row(s, m))
        .collect();
    Table::new(methods, METHOD_WIDTHS)
        .header(Row::new(tables::method_header(s)).style(th.label()))
        .render(left, buf);
    let mut rates: Vec<Row> = f.by_rate.iter().map(|r| tables::vat_row(s, r)).collect();
    if f.by_rate.len() > 1 {
        rates.push(tables::vat_total(s, &f.by_rate).style(th.strong()));
    }
    Table::new(rates, VAT_WIDTHS)
        .header(Row::new(tables::vat_header(s)).style(th.label()))
        .render(right, buf);
    let mut lines = vec![Line::from(item(
        s,
        t.z_word(W::Expected),
        t.money(f.cash_expected),
    ))];
    let difference = |d: Money| {
        let style = if d.is_negative() { th.warn() } else { th.ok() };
        let sign = if d > Money::ZERO { "+" } else { "" };
        Span::styled(format!("{sign}{}", t.money(d)), style)
    };
    match c {
        Some(c) => {
            let mut l = item(s, t.z_word(W::Counted), t.money(c.counted));
            l.push(Span::styled(
                format!("{} ", t.z_word(W::Difference)),
                th.label(),
            ));
            l.push(difference(c.difference));
            lines.push(Line::from(l));
            let off = s.settings.utc_offset_secs;
            lines.push(Line::styled(
                t.z_closed_by(c.closed_at, off, &c.author, c.journal_seq),
                th.dim(),
            ));
        }
        None => {
            // What the amount typed would make the difference.
            let typed = Money::parse(s.reports.counted.text()).ok();
            if let Some(counted) = typed.filter(|m| !m.is_negative()) {
                let mut l = item(s, t.z_word(W::Counted), t.money(counted));
                l.push(Span::styled(
                    format!("{} ", t.z_word(W::Difference)),
                    th.label(),
                ));
                l.push(difference(counted - f.cash_expected));
                lines.push(Line::from(l));
            }
            lines.push(Line::styled(t.z_hint(), th.dim()));
        }
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .render(cash, buf);
}
