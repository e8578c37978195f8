//! The customer picker: the search box (simple or advanced, with the chosen fields
//! above it) and the visible result rows with what matched highlighted.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Widget};

use super::highlight;
use super::widgets::{field_line, scroll_start};
use crate::app::state::{PickPurpose, State};
use crate::app::view::CustomerRow;
use crate::sanitize::{clean, opt};

pub fn render(s: &State, area: Rect, buf: &mut Buffer) {
    let t = s.tr();
    let th = s.theme();
    let p = &s.picker;
    let [top, results] = Layout::vertical([Constraint::Length(4), Constraint::Min(3)]).areas(area);
    let mode = if p.advanced { t.advanced } else { t.simple };
    let purpose = match &p.purpose {
        PickPurpose::Attach => String::new(),
        PickPurpose::MoveSale { number, .. } => format!(
            " - {} {}",
            t.command(crate::keys::Command::MoveSale),
            clean(number)
        ),
        PickPurpose::AddReference(r) => format!(" - {}", clean(&r.code)),
        PickPurpose::MergeWith(_) => format!(" - {}", t.tab(crate::app::state::Tab::Merge)),
    };
    let block = th.block(format!("{} ({mode}){purpose}", t.search));
    let inner = block.inner(top);
    block.render(top, buf);
    let fields_line = if p.advanced {
        let names: Vec<&str> = p.fields.iter().map(|f| f.name()).collect();
        Line::from(vec![
            Span::styled(format!("{}: ", t.fields), th.label()),
            Span::raw(names.join(", ")),
        ])
    } else {
        Line::from(Span::styled(t.search_hint, th.dim()))
    };
    Paragraph::new(vec![
        fields_line,
        field_line(&p.input, s.popup.is_none(), th.strong()),
    ])
    .render(inner, buf);

    // A search not answered yet (the plain search, in the background): said at once.
    let waiting = !p.input.is_empty() && p.shown < p.asked;
    let count = if p.input.is_empty() {
        String::new()
    } else {
        let fb = if p.fallback {
            format!(" - {}", t.fallback)
        } else {
            String::new()
        };
        let wait = if waiting {
            format!(" - {}", t.searching)
        } else {
            String::new()
        };
        format!(" {} {}{fb}{wait} ", p.rows.len(), t.results)
    };
    let block = th.block(count);
    let inner = block.inner(results);
    block.render(results, buf);
    if p.rows.is_empty() {
        if waiting {
            Paragraph::new(Span::styled(t.searching, th.dim())).render(inner, buf);
        } else if !p.input.is_empty() {
            Paragraph::new(Span::styled(t.no_results, th.dim())).render(inner, buf);
        }
        return;
    }
    let words = highlight::words(p.input.text());
    let height = inner.height.saturating_sub(1) as usize;
    let start = scroll_start(p.selected, height, p.rows.len());
    let wide = inner.width >= 100;
    let rows = p
        .rows
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, r)| row(s, r, &words, i == p.selected, wide));
    let mut header = vec![t.name, t.address, t.city, t.phone];
    let mut widths = vec![
        Constraint::Percentage(32),
        Constraint::Percentage(28),
        Constraint::Percentage(24),
        Constraint::Length(15),
    ];
    if wide {
        header.push(t.email);
        widths = vec![
            Constraint::Percentage(24),
            Constraint::Percentage(22),
            Constraint::Percentage(18),
            Constraint::Length(15),
            Constraint::Percentage(22),
        ];
    }
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(th.label()))
        .column_spacing(1);
    super::widgets::render_marked(table, start, p.selected, inner, buf);
}

fn row<'a>(s: &State, r: &CustomerRow, words: &[Vec<char>], selected: bool, wide: bool) -> Row<'a> {
    let th = s.theme();
    let base = Style::default();
    let hit = th.hit();
    let mut name = clean(&r.name()).into_owned();
    if let (Some(company), crate::domain::customer::CustomerKind::Person) = (&r.company, r.kind) {
        name = format!("{name} ({})", clean(company));
    }
    let city = format!("{} {}", opt(&r.postal_code), opt(&r.city))
        .trim()
        .to_string();
    let phone = r
        .phone
        .as_deref()
        .map(crate::domain::validate::phone_national)
        .unwrap_or_default();
    let cell = |v: &str| Cell::from(Line::from(highlight::spans(v, words, base, hit)));
    let mut cells = vec![cell(&name), cell(&opt(&r.line1)), cell(&city), cell(&phone)];
    if wide {
        cells.push(cell(&opt(&r.email)));
    }
    let row = Row::new(cells);
    if selected {
        row.style(th.selected())
    } else {
        row
    }
}
