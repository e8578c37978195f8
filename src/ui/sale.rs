//! The sale screen: the product-code field, the ticket lines, totals with the tax
//! breakdown, the attached customer's panel (with the balances that matter: points,
//! wallet, store credit, what is owed), the last sale's change due.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Widget, Wrap};

use super::widgets::{field_line, scroll_start};
use crate::app::state::State;
use crate::domain::money::Money;
use crate::sanitize::{clean, opt};

pub fn render(s: &State, area: Rect, buf: &mut Buffer) {
    let wide = area.width >= 110;
    let side = if wide { 42 } else { 0 };
    let [main, right] =
        Layout::horizontal([Constraint::Min(40), Constraint::Length(side)]).areas(area);
    let bottom_h = if wide { 0 } else { 8 };
    let [input, lines, bottom] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Min(3),
        Constraint::Length(bottom_h),
    ])
    .areas(main);
    code_field(s, input, buf);
    ticket(s, lines, buf);
    if wide {
        let [cust, tot] =
            Layout::vertical([Constraint::Length(10), Constraint::Min(6)]).areas(right);
        customer(s, cust, buf);
        totals(s, tot, buf);
    } else {
        let [tot, cust] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                .areas(bottom);
        totals(s, tot, buf);
        customer(s, cust, buf);
    }
}

fn code_field(s: &State, area: Rect, buf: &mut Buffer) {
    let th = s.theme();
    let block = th.block(s.tr().code);
    let inner = block.inner(area);
    block.render(area, buf);
    let focused = s.popup.is_none();
    Paragraph::new(field_line(&s.ticket.input, focused, th.strong())).render(inner, buf);
}

fn ticket(s: &State, area: Rect, buf: &mut Buffer) {
    let t = s.tr();
    let th = s.theme();
    let tk = &s.ticket;
    let mut title = match &tk.customer {
        Some(c) => format!("{} - {}", t.ticket, clean(&c.name)),
        None => t.ticket.to_string(),
    };
    if let Some((_, number)) = &tk.exchange {
        title = format!("{title} ({})", t.exchange_of(number));
    }
    let block = th.block(title);
    let inner = block.inner(area);
    block.render(area, buf);
    if tk.lines.is_empty() {
        Paragraph::new(Span::styled(t.empty_ticket, th.dim()))
            .wrap(Wrap { trim: true })
            .render(inner, buf);
        return;
    }
    let (discount, tax) = tk
        .customer
        .as_ref()
        .map_or((Default::default(), Default::default()), |c| {
            (c.discount, c.tax)
        });
    let height = inner.height.saturating_sub(1) as usize;
    let start = scroll_start(tk.selected, height, tk.lines.len());
    let rows = tk
        .lines
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, l)| {
            let p = l.price(discount, tax);
            let disc = if l.discount.is_zero() && discount.is_zero() {
                String::new()
            } else if l.discount.is_zero() {
                format!("-{}", t.lang.percent(discount))
            } else {
                format!("-{}", t.lang.percent(l.discount))
            };
            let style = if i == tk.selected {
                th.selected()
            } else {
                Style::default()
            };
            Row::new(vec![
                Cell::from(clean(&l.code).into_owned()),
                Cell::from(match &l.special {
                    // Why the price is not the shelf's (first: a long name is cut).
                    Some(x) => format!("[{}] {}", t.group_price(&x.group), clean(&l.name)),
                    None => clean(&l.name).into_owned(),
                }),
                Cell::from(Line::from(t.lang.quantity(l.quantity)).right_aligned()),
                Cell::from(Line::from(t.money(l.unit_price)).right_aligned()),
                Cell::from(Line::from(disc).right_aligned()),
                Cell::from(Line::from(t.money(p.total)).right_aligned()),
            ])
            .style(style)
        });
    let right = |x: &'static str| Cell::from(Line::from(x).right_aligned());
    let header = Row::new(vec![
        Cell::from(t.code),
        Cell::from(t.item),
        right(t.qty),
        right(t.price),
        right(t.disc),
        right(t.total),
    ])
    .style(th.label());
    let table = Table::new(
        rows,
        [
            Constraint::Length(13),
            Constraint::Min(10),
            Constraint::Length(5),
            Constraint::Length(8),
            Constraint::Length(5),
            Constraint::Length(9),
        ],
    )
    .header(header);
    super::widgets::render_marked(table, start, tk.selected, inner, buf);
}

/// "label ........ amount" across `width`.
fn amount_line<'a>(label: &str, amount: String, width: u16, style: Style) -> Line<'a> {
    let w = width as usize;
    let pad = w.saturating_sub(label.chars().count() + amount.chars().count());
    Line::from(Span::styled(
        format!("{label}{}{amount}", " ".repeat(pad)),
        style,
    ))
}

fn totals(s: &State, area: Rect, buf: &mut Buffer) {
    let t = s.tr();
    let th = s.theme();
    let block = th.block(t.total);
    let inner = block.inner(area);
    block.render(area, buf);
    let w = inner.width;
    let tk = &s.ticket;
    let mut lines = Vec::new();
    if tk.lines.is_empty() {
        if let Some(last) = &tk.last {
            lines.push(Line::from(format!("{} {}", t.ticket, last.number)));
            for (method, amount) in &last.paid {
                lines.push(amount_line(
                    &format!("{} ({})", t.paid, t.method(*method)),
                    t.money(*amount),
                    w,
                    Style::default(),
                ));
            }
            if let Some(change) = last.change {
                lines.push(amount_line(t.change_due, t.money(change), w, th.warn()));
            }
            if last.points != 0 {
                let points = format!("{:+}", last.points);
                lines.push(amount_line(t.points_earned(), points, w, Style::default()));
            }
        }
        Paragraph::new(lines).render(inner, buf);
        return;
    }
    let tot = tk.totals();
    lines.push(amount_line(
        t.subtotal,
        t.money(tot.before_discount),
        w,
        Style::default(),
    ));
    if tot.discount != Money::ZERO {
        let label = match &tk.customer {
            Some(c) if !c.discount.is_zero() => {
                format!(
                    "{} ({} -{})",
                    t.discount,
                    opt(&c.group),
                    t.lang.percent(c.discount)
                )
            }
            _ => t.discount.to_string(),
        };
        lines.push(amount_line(
            &label,
            format!("-{}", t.money(tot.discount)),
            w,
            Style::default(),
        ));
    }
    for tx in &tot.taxes {
        lines.push(Line::from(Span::styled(
            format!(
                "{} {}: {} ({} {})",
                t.vat,
                t.lang.percent(tx.rate),
                t.money(tx.tax),
                t.net,
                t.money(tx.net)
            ),
            th.dim(),
        )));
    }
    lines.push(amount_line(
        t.to_pay,
        t.price(tot.total, &s.settings.currency),
        w,
        th.strong(),
    ));
    // The total stays visible on a short panel: keep the last lines.
    let skip = lines.len().saturating_sub(inner.height as usize);
    Paragraph::new(lines.into_iter().skip(skip).collect::<Vec<_>>()).render(inner, buf);
}

fn customer(s: &State, area: Rect, buf: &mut Buffer) {
    let t = s.tr();
    let th = s.theme();
    let block = th.block(t.customer);
    let inner = block.inner(area);
    block.render(area, buf);
    let Some(c) = &s.ticket.customer else {
        Paragraph::new(Span::styled(t.no_customer, th.dim()))
            .wrap(Wrap { trim: true })
            .render(inner, buf);
        return;
    };
    let mut lines = vec![Line::from(Span::styled(
        clean(&c.name).into_owned(),
        th.strong(),
    ))];
    if let Some(g) = &c.group {
        let disc = if c.discount.is_zero() {
            String::new()
        } else {
            format!(" -{}", c.discount)
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{}: ", t.group), th.label()),
            Span::raw(format!("{}{disc}", clean(g))),
        ]));
    }
    lines.extend(balance_lines(s, &c.balances, inner.width));
    let mut contact: Vec<Line> = c
        .address
        .iter()
        .map(|a| Line::from(clean(a).into_owned()))
        .collect();
    if let Some(p) = &c.phone {
        contact.push(Line::from(crate::domain::validate::phone_national(p)));
    }
    let mut flag = None;
    if c.notes > 0 || c.has_personal_note {
        let mut words = Vec::new();
        if c.notes > 0 {
            words.push(format!("{} {}", c.notes, t.notes));
        }
        if c.has_personal_note {
            words.push(t.internal_note.to_string());
        }
        flag = Some(Line::from(Span::styled(
            format!("! {}", words.join(", ")),
            th.warn(),
        )));
    }
    // A short panel drops the address and phone first: the notes' mark stays in view.
    let room = (inner.height as usize).saturating_sub(lines.len() + usize::from(flag.is_some()));
    contact.truncate(room);
    lines.extend(contact);
    lines.extend(flag);
    Paragraph::new(lines).render(inner, buf);
}

/// The customer's balances that matter, "Label value" pairs packed into lines of `width`.
fn balance_lines<'a>(s: &State, b: &crate::domain::ledger::Balances, width: u16) -> Vec<Line<'a>> {
    let th = s.theme();
    let mut out: Vec<Line> = Vec::new();
    let mut row: Vec<Span> = Vec::new();
    let mut used = 0;
    for (label, value) in s.tr().balances(b, &s.settings.loyalty) {
        let len = label.chars().count() + 1 + value.chars().count();
        if !row.is_empty() && used + 2 + len > width as usize {
            out.push(Line::from(std::mem::take(&mut row)));
            used = 0;
        }
        if !row.is_empty() {
            row.push(Span::raw("  "));
            used += 2;
        }
        row.push(Span::styled(format!("{label} "), th.label()));
        row.push(Span::raw(value));
        used += len;
    }
    if !row.is_empty() {
        out.push(Line::from(row));
    }
    out
}
