//! The managers' products and groups screens: a products table under its search field
//! (code, name with an archived product's mark, price, VAT, category), a groups table (name, automatic
//! discount, customers), a group's price list (code, name, shelf and special price, the
//! line being typed under it), and each screen's form in place of its table while open.
//!
//! Invariants: every stored text (codes, names, categories) passes through
//! [`clean`] before it is drawn; amounts and rates are the language's; only the visible
//! rows are drawn and the selected one is marked without colour.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Widget};

use super::widgets::{field_line, render_marked, scroll_start};
use crate::app::form::FormPurpose;
use crate::app::state::{GroupPrices, State, CATALOG_ROWS};
use crate::sanitize::clean;

/// The products screen.
pub fn render(s: &State, area: Rect, buf: &mut Buffer) {
    let t = s.tr();
    let th = s.theme();
    let c = &s.catalog;
    if let Some(f) = &c.form {
        let editing = match &f.purpose {
            FormPurpose::Catalog(code) => code.as_deref(),
            _ => None,
        };
        super::form::render(s, f, &t.product_form_title(editing), area, buf);
        return;
    }
    let [top, table] = Layout::vertical([Constraint::Length(3), Constraint::Min(3)]).areas(area);
    let block = th.block(t.search.to_string());
    let inner = block.inner(top);
    block.render(top, buf);
    let mut line = field_line(&c.search, s.popup.is_none(), th.strong());
    if c.search.is_empty() {
        line.spans
            .push(Span::styled(format!(" {}", t.catalog_hint()), th.dim()));
    }
    Paragraph::new(line).render(inner, buf);
    // At the cap, there may be more than listed: a search narrows them.
    let more = if c.rows.len() >= CATALOG_ROWS {
        "+"
    } else {
        ""
    };
    let block = th.block(format!(" {} ({}{more}) ", t.catalog_title(), c.rows.len()));
    let inner = block.inner(table);
    block.render(table, buf);
    if c.rows.is_empty() {
        Paragraph::new(Span::styled(t.no_products(), th.dim())).render(inner, buf);
        return;
    }
    let height = inner.height.saturating_sub(1) as usize;
    let start = scroll_start(c.selected, height, c.rows.len());
    let rows = c
        .rows
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, r)| {
            let p = &r.product;
            // Archived products are few: their mark goes before the name (a column of
            // its own would take a third of the name's room on 80 columns).
            let name = if r.active {
                clean(&p.name).into_owned()
            } else {
                format!("[{}] {}", t.archived(), clean(&p.name))
            };
            let row = Row::new(vec![
                Cell::from(clean(&p.code).into_owned()),
                Cell::from(name),
                Cell::from(Line::from(t.money(p.price)).right_aligned()),
                Cell::from(Line::from(s.settings.lang.percent(p.tax_rate)).right_aligned()),
                Cell::from(clean(p.category.as_deref().unwrap_or_default()).into_owned()),
            ]);
            if i == c.selected {
                row.style(th.selected())
            } else if r.active {
                row
            } else {
                row.style(th.dim())
            }
        });
    let table = Table::new(
        rows,
        [
            Constraint::Length(13),
            Constraint::Fill(1),
            Constraint::Length(8),
            Constraint::Length(5),
            Constraint::Length(14),
        ],
    )
    .header(
        Row::new(vec![
            Line::from(t.code),
            Line::from(t.name),
            Line::from(t.price).right_aligned(),
            Line::from(t.vat).right_aligned(),
            Line::from(t.category()),
        ])
        .style(th.label()),
    );
    render_marked(table, start, c.selected, inner, buf);
}

/// The groups screen.
pub fn render_groups(s: &State, area: Rect, buf: &mut Buffer) {
    let t = s.tr();
    let th = s.theme();
    let g = &s.groups;
    if let Some(f) = &g.form {
        let editing = match &f.purpose {
            FormPurpose::Group(name) => name.as_deref(),
            _ => None,
        };
        super::form::render(s, f, &t.group_form_title(editing), area, buf);
        return;
    }
    if let Some(p) = &g.prices {
        render_prices(s, p, area, buf);
        return;
    }
    let block = th.block(format!(" {} ({}) ", t.groups_title(), g.rows.len()));
    let inner = block.inner(area);
    block.render(area, buf);
    if g.rows.is_empty() {
        let text = if g.loading { t.loading } else { t.no_groups() };
        Paragraph::new(Span::styled(text, th.dim())).render(inner, buf);
        return;
    }
    let height = inner.height.saturating_sub(1) as usize;
    let start = scroll_start(g.selected, height, g.rows.len());
    let rows = g
        .rows
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, r)| {
            let row = Row::new(vec![
                Cell::from(clean(&r.group.name).into_owned()),
                Cell::from(Line::from(s.settings.lang.percent(r.group.discount)).right_aligned()),
                Cell::from(Line::from(r.customers.to_string()).right_aligned()),
            ]);
            if i == g.selected {
                row.style(th.selected())
            } else {
                row
            }
        });
    let table = Table::new(
        rows,
        [
            Constraint::Fill(1),
            Constraint::Length(10),
            Constraint::Length(10),
        ],
    )
    .header(
        Row::new(vec![
            Line::from(t.name),
            Line::from(t.discount).right_aligned(),
            Line::from(t.customers_count()).right_aligned(),
        ])
        .style(th.label()),
    );
    render_marked(table, start, g.selected, inner, buf);
}

/// A group's price list, and under it the line where a price is typed.
fn render_prices(s: &State, p: &GroupPrices, area: Rect, buf: &mut Buffer) {
    let t = s.tr();
    let th = s.theme();
    let edit_h = if p.edit.is_some() { 4 } else { 0 };
    let [list, edit] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(edit_h)]).areas(area);
    let block = th.block(format!(" {} ({}) ", t.prices_title(&p.group), p.rows.len()));
    let inner = block.inner(list);
    block.render(list, buf);
    if let Some(e) = &p.edit {
        let block = th.block(t.special_price());
        let body = block.inner(edit);
        block.render(edit, buf);
        let mut code = vec![Span::styled(format!("{}: ", t.code), th.label())];
        code.extend(field_line(&e.code, !e.on_price, th.strong()).spans);
        code.push(Span::raw("   "));
        code.push(Span::styled(format!("{}: ", t.price), th.label()));
        code.extend(field_line(&e.price, e.on_price, th.strong()).spans);
        let lines = vec![
            Line::from(code),
            Line::styled(t.price_edit_hint(), th.dim()),
        ];
        Paragraph::new(lines).render(body, buf);
    }
    if p.rows.is_empty() {
        let text = if p.loading { t.loading } else { t.no_prices() };
        Paragraph::new(Span::styled(text, th.dim())).render(inner, buf);
        return;
    }
    let height = inner.height.saturating_sub(1) as usize;
    let start = scroll_start(p.selected, height, p.rows.len());
    let rows = p
        .rows
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, r)| {
            let row = Row::new(vec![
                Cell::from(clean(&r.code).into_owned()),
                Cell::from(clean(&r.name).into_owned()),
                Cell::from(Line::from(t.money(r.shelf)).right_aligned()),
                Cell::from(Line::from(t.money(r.price)).right_aligned()),
            ]);
            if i == p.selected {
                row.style(th.selected())
            } else {
                row
            }
        });
    let widths = [
        Constraint::Length(14),
        Constraint::Fill(1),
        Constraint::Length(10),
        Constraint::Length(10),
    ];
    let header = Row::new(vec![
        Line::from(t.code),
        Line::from(t.item),
        Line::from(t.shelf_price()).right_aligned(),
        Line::from(t.special_price()).right_aligned(),
    ])
    .style(th.label());
    render_marked(
        Table::new(rows, widths).header(header),
        start,
        p.selected,
        inner,
        buf,
    );
}
