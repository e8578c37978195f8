//! The managers' customers list: a filter, the sort, and the page of rows read from
//! SQLite (only that page is in memory; only the visible rows are drawn).

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Widget};

use super::widgets::{field_line, scroll_start};
use crate::app::state::State;
use crate::app::view::ListSort;
use crate::sanitize::{clean, opt};

pub fn render(s: &State, area: Rect, buf: &mut Buffer) {
    let t = s.tr();
    let th = s.theme();
    let l = &s.list;
    let [top, table] = Layout::vertical([Constraint::Length(3), Constraint::Min(3)]).areas(area);
    let [by_name, by_city, by_creation] = t.sorts;
    let sort = match l.sort {
        ListSort::Name => by_name,
        ListSort::City => by_city,
        ListSort::Created => by_creation,
    };
    let order = if l.descending {
        format!(", {}", t.descending)
    } else {
        String::new()
    };
    let block = th.block(format!("{} ({} {sort}{order})", t.filter, t.sort_by));
    let inner = block.inner(top);
    block.render(top, buf);
    Paragraph::new(field_line(&l.filter, s.popup.is_none(), th.strong())).render(inner, buf);

    let from = if l.rows.is_empty() {
        String::new()
    } else {
        format!(" {}-{} ", l.offset + 1, l.offset + l.rows.len())
    };
    let block = th.block(from);
    let inner = block.inner(table);
    block.render(table, buf);
    if l.loading && l.rows.is_empty() {
        Paragraph::new(Span::styled(t.loading, th.dim())).render(inner, buf);
        return;
    }
    let height = inner.height.saturating_sub(1) as usize;
    let start = scroll_start(l.selected, height, l.rows.len());
    let rows = l
        .rows
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, r)| {
            let row = Row::new(vec![
                Cell::from(clean(&r.name()).into_owned()),
                Cell::from(format!("{} {}", opt(&r.postal_code), opt(&r.city))),
                Cell::from(
                    r.phone
                        .as_deref()
                        .map(crate::domain::validate::phone_national)
                        .unwrap_or_default(),
                ),
                Cell::from(opt(&r.group)),
                Cell::from(since(s, &r.created_at)),
            ]);
            if i == l.selected {
                row.style(th.selected())
            } else {
                row
            }
        });
    let table = Table::new(
        rows,
        [
            Constraint::Percentage(34),
            Constraint::Percentage(28),
            Constraint::Length(15),
            Constraint::Length(6),
            Constraint::Length(10),
        ],
    )
    .header(
        Row::new(vec![
            Line::from(t.name),
            Line::from(t.city),
            Line::from(t.phone),
            Line::from(t.group),
            Line::from(t.since),
        ])
        .style(th.label()),
    );
    super::widgets::render_marked(table, start, l.selected, inner, buf);
}

/// A customer's creation date the local way; the stored text's date part when it does
/// not read as a time (a row written by hand).
fn since(s: &State, stored: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(stored).map_or_else(
        |_| clean(stored.get(..10).unwrap_or_default()).into_owned(),
        |d| {
            s.tr()
                .date(d.with_timezone(&chrono::Utc), s.settings.utc_offset_secs)
        },
    )
}
