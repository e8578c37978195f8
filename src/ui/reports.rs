//! The managers' reports screen: a tab per report, the two fields of the period (or of
//! the Z: its day and the cash counted) each with its refusal beside it, a line saying
//! what the figures cover (or that they are being computed), then the report: a bar
//! chart over the table for the days and the groups (`charts.rs`), a table with its
//! total for the others (`tables.rs`), the Z's figures and closing (`z.rs`).
//!
//! Invariants: a report is drawn only for the tab it answers (a newer one being computed
//! says so instead); every stored text (group and customer names, a closing's author)
//! passes through [`crate::sanitize::clean`]; amounts, days and months are the
//! language's; the focused field is marked with `>` (no colour needed) and each field's
//! label, value and refusal keep their places at 80 columns; only the visible rows of a
//! table are drawn (PgUp / PgDn scroll), and where the table is cut the status line says
//! which rows are shown.

mod charts;
mod tables;
mod z;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Tabs, Widget};

use super::widgets::{field_line, FOCUS_MARK};
use crate::app::state::{ReportField, ShownReport, State};
use crate::app::view::{Period, ReportKind, ReportRows};

pub use charts::{spending_line, SPENDING_HEIGHT};

/// The reports screen.
pub fn render(s: &State, area: Rect, buf: &mut Buffer) {
    let t = s.tr();
    let th = s.theme();
    let r = &s.reports;
    let block = th.block(format!(" {} ", t.reports_title()));
    let inner = block.inner(area);
    block.render(area, buf);
    let [tabs, fields, status, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(inner);
    let index = ReportKind::ALL.iter().position(|k| *k == r.kind);
    // The open tab in brackets as well as highlighted: it shows without colour.
    Tabs::new(ReportKind::ALL.iter().map(|k| {
        if *k == r.kind {
            format!("[{}]", t.report_tab(*k))
        } else {
            t.report_tab(*k).to_string()
        }
    }))
    .select(index)
    .highlight_style(th.selected())
    .divider("|")
    .padding("", "")
    .render(tabs, buf);
    render_fields(s, fields, buf);
    let shown = r
        .result
        .as_ref()
        .filter(|x| x.kind == r.kind && !r.computing);
    let position = shown.and_then(|x| tables::position(x, r.scroll, body));
    let line = match shown {
        _ if r.computing => Line::styled(t.computing(), th.warn()),
        None => Line::default(),
        Some(x) => match &x.report {
            ReportRows::Z(f, c) => {
                Line::styled(t.z_heading(&f.register, f.day, c.is_some()), th.strong())
            }
            _ => Line::styled(t.report_period(x.period.from, x.period.to), th.dim()),
        },
    };
    Paragraph::new(line).render(status, buf);
    if let Some(p) = position {
        let w = p.chars().count() as u16;
        if w < status.width {
            let at = Rect::new(status.x + status.width - w, status.y, w, 1);
            Paragraph::new(Span::styled(p, th.dim())).render(at, buf);
        }
    }
    if let Some(x) = shown {
        render_report(s, x, body, buf);
    }
}

/// The tab's two fields, one a line: the focus mark, the label, the value typed, and the
/// refusal beside it.
fn render_fields(s: &State, area: Rect, buf: &mut Buffer) {
    let t = s.tr();
    let th = s.theme();
    let r = &s.reports;
    let fields = ReportField::of(r.kind);
    let width = fields
        .iter()
        .map(|f| t.report_field(*f).chars().count())
        .max()
        .unwrap_or(0);
    let today = Period::local_day(s.now, s.settings.utc_offset_secs);
    let lines: Vec<Line> = fields
        .iter()
        .map(|f| {
            let focused = *f == r.focus && s.popup.is_none();
            let mark = if *f == r.focus { FOCUS_MARK } else { " " };
            let label = format!("{mark}{:<width$}  ", t.report_field(*f));
            let mut spans = vec![Span::styled(label, th.label())];
            let input = r.input(*f);
            spans.extend(field_line(input, focused, th.strong()).spans);
            // The value keeps a place of its own: a day is 10 characters.
            let typed = input.text().chars().count() + usize::from(focused);
            spans.push(Span::raw(" ".repeat(12usize.saturating_sub(typed) + 2)));
            if let Some(why) = r.refusal(*f) {
                spans.push(Span::styled(t.report_refusal(why, today), th.error()));
            }
            Line::from(spans)
        })
        .collect();
    Paragraph::new(lines).render(area, buf);
}

/// The report's body.
fn render_report(s: &State, x: &ShownReport, area: Rect, buf: &mut Buffer) {
    let t = s.tr();
    let th = s.theme();
    let empty = match &x.report {
        ReportRows::Days(v) => v.is_empty(),
        ReportRows::Groups(v) => v.is_empty(),
        ReportRows::Customers(v) => v.is_empty(),
        ReportRows::Methods(v) => v.is_empty(),
        ReportRows::Vat(v) => v.is_empty(),
        ReportRows::Z(..) => false,
    };
    if empty {
        Paragraph::new(Span::styled(t.report_empty(), th.dim())).render(area, buf);
        return;
    }
    let scroll = s.reports.scroll;
    match &x.report {
        ReportRows::Days(rows) => {
            let [chart, table] =
                Layout::vertical([Constraint::Length(charts::DAYS_HEIGHT), Constraint::Min(3)])
                    .areas(area);
            charts::days(s, rows, &x.period, chart, buf);
            tables::days(s, rows, scroll, table, buf);
        }
        ReportRows::Groups(rows) => {
            let h = charts::groups_height(rows.len());
            let [chart, table] =
                Layout::vertical([Constraint::Length(h), Constraint::Min(3)]).areas(area);
            charts::groups(s, rows, chart, buf);
            tables::groups(s, rows, scroll, table, buf);
        }
        ReportRows::Customers(rows) => tables::customers(s, rows, scroll, area, buf),
        ReportRows::Methods(rows) => tables::methods(s, rows, scroll, area, buf),
        ReportRows::Vat(rows) => tables::vat(s, rows, scroll, area, buf),
        ReportRows::Z(f, c) => z::render(s, f, c.as_deref(), area, buf),
    }
}
