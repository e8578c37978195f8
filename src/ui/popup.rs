//! Popups drawn over the screen: PIN, confirmations, quantity, cash (a refund), payment
//! and top-up (`pay.rs`), item search, note, city choice, advanced-search fields, a past
//! sale, a refund, an unknown scan, a new product, the parked tickets.

mod letter;
mod pay;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget, Wrap};

use super::widgets::{field_line, marked, scroll_start};
use crate::app::state::{Msg, ParkedRow, PastSale, Popup, RefundForm, State, UnknownChoice};
use crate::app::view::SearchField;
use crate::domain::money::Money;
use crate::keys::{self, Command, Scope};
use crate::sanitize::clean;

/// A centred rectangle of at most `w` x `h` within `area`.
fn centred(area: Rect, w: u16, h: u16) -> Rect {
    let [r] = Layout::horizontal([Constraint::Length(w.min(area.width))])
        .flex(Flex::Center)
        .areas(area);
    let [r] = Layout::vertical([Constraint::Length(h.min(area.height))])
        .flex(Flex::Center)
        .areas(r);
    r
}

fn choice_lines<'a>(s: &State, items: &[String], selected: usize, height: usize) -> Vec<Line<'a>> {
    let th = s.theme();
    let start = scroll_start(selected, height, items.len());
    items
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, x)| {
            let style = if i == selected {
                th.selected()
            } else {
                Style::default()
            };
            Line::from(Span::styled(
                format!("{} ", marked(i == selected, &clean(x))),
                style,
            ))
        })
        .collect()
}

pub fn render(s: &State, p: &Popup, area: Rect, buf: &mut Buffer) {
    let (title, w, h) = frame(s, p);
    let r = centred(area, w, h);
    Clear.render(r, buf);
    let block = s.theme().block(title);
    let inner = block.inner(r);
    block.render(r, buf);
    Paragraph::new(lines(s, p, inner))
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}

/// The popup's title and largest size.
fn frame(s: &State, p: &Popup) -> (String, u16, u16) {
    let t = s.tr();
    match p {
        Popup::Pin { .. } => (t.pin_title.into(), 40, 7),
        Popup::Confirm { .. } => (String::new(), 60, 8),
        Popup::Quantity { .. } => (t.quantity.into(), 44, 4),
        Popup::Price { .. } => (t.unit_price_title().into(), 44, 4),
        Popup::Cash { .. } => (t.cash.into(), 44, 7),
        Popup::Pay(p) => (t.pay_title().into(), 64, pay::pay_height(p)),
        Popup::PayIn(p) => (
            t.pay_in_title().into(),
            64,
            if s.ticket.customer.is_some() { 9 } else { 7 }
                + u16::from(p.refused.is_some())
                + u16::from(p.kind == crate::domain::sale::LineKind::GiftCard),
        ),
        Popup::Products { .. } => (t.products.into(), 70, 16),
        Popup::Note(_) => (t.add_note.into(), 70, 3),
        Popup::Cities { cities, .. } => (t.choose_city.into(), 50, cities.len().min(12) as u16 + 2),
        Popup::Fields { .. } => (
            t.choose_fields.into(),
            60,
            SearchField::ALL.len() as u16 + 2,
        ),
        Popup::SaleView { sale } => (format!("{} {}", t.ticket, clean(&sale.sale.number)), 72, 20),
        Popup::Refund(f) => (
            format!("{} {}", t.ledger.refund, clean(&f.number)),
            72,
            f.lines.len() as u16 + 8,
        ),
        Popup::Unknown { code, .. } => (format!("{} {}", t.unknown_code, clean(code)), 56, 6),
        Popup::NewProduct { code, form } => {
            // Tall enough for every field and its errors (the area caps it).
            let rows = super::form::rows(s, form, 68) as u16;
            (format!("{} {}", t.new_product, clean(code)), 70, rows + 2)
        }
        // The rows (at most 12 in view), a blank line and the keys, in the borders.
        Popup::Parked { rows, .. } => (t.parked_title().into(), 72, rows.len().min(12) as u16 + 4),
        // The question (two rows for a long name), a blank line, the choices (at most
        // 10 in view), a blank line, the keys.
        Popup::DeleteGroup(d) => (
            t.delete_group_title().into(),
            64,
            d.choices.len().min(10) as u16 + 7,
        ),
        // Subject, text (up to four rows), marketing, the keys, and a line for a warning.
        Popup::Compose(c) => (letter::title(s, c), 72, 13),
    }
}

/// The popup's content for an inner area of `inner`.
fn lines<'a>(s: &State, p: &Popup, inner: Rect) -> Vec<Line<'a>> {
    let t = s.tr();
    let th = s.theme();
    let ih = inner.height as usize;
    match p {
        Popup::Pin {
            input,
            wrong,
            checking,
            locked_until,
            ..
        } => pin_lines(s, input.text(), *wrong, *checking, *locked_until),
        Popup::Confirm { kind, .. } => vec![
            Line::from(Span::styled(t.confirm(kind), th.warn())),
            Line::from(""),
            Line::from(Span::styled(t.yes_no, th.dim())),
        ],
        Popup::Quantity { input, bad } => {
            let mut v = vec![field_line(input, true, th.strong())];
            if *bad {
                v.push(Line::from(Span::styled(t.quantity_bad(), th.error())));
            }
            v
        }
        Popup::Price { input, bad } => {
            let mut v = vec![field_line(input, true, th.strong())];
            if *bad {
                v.push(Line::from(Span::styled(t.unit_price_bad(), th.error())));
            }
            v
        }
        Popup::Cash {
            input,
            total,
            short,
        } => cash_lines(s, input.text(), *total, *short),
        Popup::Pay(p) => pay::pay_lines(s, p),
        Popup::PayIn(p) => pay::pay_in_lines(s, p),
        Popup::Products {
            input,
            results,
            selected,
        } => {
            let mut v = vec![field_line(input, true, th.strong())];
            let items: Vec<String> = results
                .iter()
                .map(|p| format!("{:<13} {:<40} {:>8}", p.code, p.name, t.money(p.price)))
                .collect();
            v.extend(choice_lines(s, &items, *selected, ih.saturating_sub(1)));
            v
        }
        Popup::Note(input) => vec![field_line(input, true, Style::default())],
        Popup::Cities { cities, selected } => choice_lines(s, cities, *selected, ih),
        Popup::Fields { selected } => field_choice_lines(s, *selected),
        Popup::SaleView { sale } => sale_lines(s, sale),
        Popup::Refund(f) => refund_lines(s, f, inner),
        Popup::Unknown { selected, .. } => {
            let items: Vec<String> = UnknownChoice::ALL
                .iter()
                .enumerate()
                .map(|(i, _)| t.unknown_choices.get(i).copied().unwrap_or("").to_string())
                .collect();
            choice_lines(s, &items, *selected, ih)
        }
        Popup::NewProduct { form, .. } => super::form::lines(s, form, ih, inner.width, true),
        Popup::Parked { rows, selected } => parked_lines(s, rows, *selected, inner),
        Popup::Compose(c) => letter::lines(s, c),
        Popup::DeleteGroup(d) => {
            let mut v = vec![
                Line::from(Span::styled(
                    t.delete_group_question(&d.name, d.customers),
                    th.warn(),
                )),
                Line::from(""),
            ];
            let choices: Vec<String> = d.choices.iter().map(|c| t.move_to(c)).collect();
            v.extend(choice_lines(s, &choices, d.selected, ih.saturating_sub(5)));
            v.push(Line::from(""));
            v.push(Line::from(Span::styled(
                t.delete_group_keys(!d.choices.is_empty()),
                th.dim(),
            )));
            v
        }
    }
}

/// The parked tickets, newest first: when, whose (and the label), how many lines, the
/// total; the selected one marked; then the keys.
fn parked_lines<'a>(s: &State, rows: &[ParkedRow], selected: usize, inner: Rect) -> Vec<Line<'a>> {
    let t = s.tr();
    let th = s.theme();
    let [none, gone, damaged] = t.parked_words();
    let room = (inner.height as usize).saturating_sub(2).max(1);
    let who_w = (inner.width as usize)
        .saturating_sub(1 + 16 + 2 + 2 + 10 + 2 + 10)
        .max(8);
    let start = scroll_start(selected, room, rows.len());
    let mut v: Vec<Line<'a>> = Vec::new();
    for (i, r) in rows.iter().enumerate().skip(start).take(room) {
        let who = match (&r.customer, r.customer_gone) {
            (Some(name), _) => clean(name).into_owned(),
            (None, true) => gone.to_string(),
            (None, false) => none.to_string(),
        };
        let who = match &r.label {
            Some(l) => format!("{who} ({})", clean(l)),
            None => who,
        };
        let who: String = who.chars().take(who_w).collect();
        let (count, total) = if r.damaged {
            (damaged.to_string(), String::new())
        } else {
            (t.lines_count(r.lines), t.money(r.total))
        };
        let text = format!(
            "{:<16}  {who:<who_w$}  {count:>10}  {total:>10}",
            t.datetime(r.parked_at, s.settings.utc_offset_secs),
        );
        let style = if i == selected {
            th.selected()
        } else if r.damaged || r.customer_gone {
            th.warn()
        } else {
            Style::default()
        };
        v.push(Line::from(Span::styled(
            marked(i == selected, &text),
            style,
        )));
    }
    v.push(Line::from(""));
    let [recall, close] = t.parked_keys();
    let key = |c| keys::key_label(&s.settings.keymap, Scope::Popup, c).unwrap_or_default();
    let hints = format!(
        "{} {recall}   {} {close}",
        key(Command::Confirm),
        key(Command::Back)
    );
    v.push(Line::from(Span::styled(hints, th.dim())));
    v
}

fn pin_lines<'a>(
    s: &State,
    typed: &str,
    wrong: bool,
    checking: bool,
    locked_until: Option<chrono::DateTime<chrono::Utc>>,
) -> Vec<Line<'a>> {
    let t = s.tr();
    let th = s.theme();
    let masked = "*".repeat(typed.chars().count());
    let mut v = vec![
        Line::from(vec![
            Span::raw("PIN: "),
            Span::styled(format!("{masked}_"), th.strong()),
        ]),
        Line::from(t.pin_note(s.settings.manager_idle.num_minutes())),
    ];
    let wait = locked_until.map(|u| (u - s.now).num_milliseconds());
    if let Some(ms) = wait.filter(|ms| *ms > 0) {
        let secs = (ms + 999) / 1000;
        v.push(Line::from(Span::styled(t.pin_wait(secs), th.error())));
    } else if wrong {
        v.push(Line::from(Span::styled(t.pin_wrong, th.error())));
    }
    if checking {
        v.push(Line::from(Span::styled(t.checking, th.dim())));
    }
    v
}

fn cash_lines<'a>(s: &State, typed: &str, total: Money, short: bool) -> Vec<Line<'a>> {
    let t = s.tr();
    let th = s.theme();
    let mut v = vec![
        Line::from(format!(
            "{}: {}",
            t.to_pay,
            t.price(total, &s.settings.currency)
        )),
        Line::from(vec![
            Span::raw(format!("{}: ", t.amount_given)),
            Span::styled(clean(typed).into_owned(), th.strong()),
            Span::styled(" ", th.cursor()),
        ]),
        Line::from(Span::styled(t.enter_exact, th.dim())),
    ];
    if let Ok(given) = Money::parse(typed) {
        if given >= total {
            v.push(Line::from(Span::styled(
                format!("{}: {}", t.change_due, t.money(given - total)),
                th.ok(),
            )));
        }
    }
    if short {
        v.push(Line::from(Span::styled(t.msg(&Msg::NotEnough), th.error())));
    }
    v
}

/// The advanced search's fields, each with its place in the picker's order.
fn field_choice_lines<'a>(s: &State, selected: usize) -> Vec<Line<'a>> {
    let th = s.theme();
    SearchField::ALL
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let on = s.picker.fields.iter().position(|x| x == f);
            let mark = on.map_or("[ ]".to_string(), |n| format!("[{}]", n + 1));
            let style = if i == selected {
                th.selected()
            } else {
                Style::default()
            };
            Line::from(Span::styled(
                marked(i == selected, &format!("{mark} {}", f.name())),
                style,
            ))
        })
        .collect()
}

fn sale_lines<'a>(s: &State, past: &PastSale) -> Vec<Line<'a>> {
    let t = s.tr();
    let th = s.theme();
    let sale = &past.sale;
    let mut head = vec![Span::styled(
        t.datetime(sale.created_at, s.settings.utc_offset_secs),
        th.label(),
    )];
    if let Some(orig) = &past.refund_of {
        let text = format!("  {} {}", t.ledger.refund_of, clean(orig));
        head.push(Span::styled(text, th.warn()));
    }
    // Whose sale it is: opened at the till by its ticket number, it may be nobody's yet.
    let owner = match (&past.customer, sale.customer_id) {
        (Some(name), _) => Line::from(vec![
            Span::styled(format!("{}: ", t.ledger.sale_customer), th.label()),
            Span::styled(clean(name).to_string(), th.strong()),
        ]),
        (None, Some(_)) => Line::from(Span::styled(
            format!("{}: -", t.ledger.sale_customer),
            th.label(),
        )),
        (None, None) => Line::from(Span::styled(t.ledger.sale_no_customer, th.warn())),
    };
    let mut v = vec![Line::from(head), owner];
    for (i, l) in sale.lines.iter().enumerate() {
        let p = l.price(sale.group_discount, sale.tax);
        let mut line = vec![Span::raw(format!(
            "{:>4} x {:<40} {:>10}",
            t.lang.quantity(l.quantity),
            clean(&l.name),
            t.money(p.total)
        ))];
        let given = past.refunded(i);
        if given > rust_decimal::Decimal::ZERO {
            let text = format!(
                "  {} {}",
                t.ledger.refunded.to_lowercase(),
                t.lang.quantity(given)
            );
            line.push(Span::styled(text, th.warn()));
        }
        v.push(Line::from(line));
    }
    v.push(Line::from(Span::styled(
        format!(
            "{:>57}",
            format!("{} {}", t.to_pay, t.money(sale.totals.total))
        ),
        th.strong(),
    )));
    v.push(Line::from(Span::styled(t.payments, th.label())));
    for p in &sale.payments {
        let m = t.method(p.method);
        let extra = match (p.tendered, p.change) {
            (Some(g), Some(c)) => format!(
                "  ({} {}, {} {})",
                t.tendered,
                t.money(g),
                t.change_due,
                t.money(c)
            ),
            _ => String::new(),
        };
        v.push(Line::from(format!("  {m} {}{extra}", t.money(p.amount))));
    }
    v.push(Line::from(""));
    let hints: Vec<String> = [
        Command::Reprint,
        Command::MoveSale,
        Command::Refund,
        Command::Back,
    ]
    .into_iter()
    .filter_map(|c| {
        keys::key_label(&s.settings.keymap, Scope::Popup, c)
            .map(|k| format!("{k} {}", t.command(c)))
    })
    .collect();
    v.push(Line::from(Span::styled(hints.join("   "), th.dim())));
    v
}

/// The refund window: each line with what was sold, refunded, is left and is given back
/// now (what is being typed, with a cursor), where the money goes, the total, why a key
/// was refused, and its keys.
fn refund_lines<'a>(s: &State, f: &RefundForm, inner: Rect) -> Vec<Line<'a>> {
    let t = s.tr();
    let w = &t.ledger;
    let th = s.theme();
    let q = |d| t.lang.quantity(d);
    let name_w = (inner.width as usize).saturating_sub(2 + 4 * 9 + 10).max(8);
    let mut v = vec![Line::from(Span::styled(
        format!(
            "  {:<name_w$}{:>9}{:>9}{:>9}{:>9}{:>10}",
            t.item, w.sold, w.refunded, w.left, w.back, w.amount
        ),
        th.label(),
    ))];
    let room = (inner.height as usize).saturating_sub(6).max(1);
    let start = scroll_start(f.selected, room, f.lines.len());
    for (i, l) in f.lines.iter().enumerate().skip(start).take(room) {
        let selected = i == f.selected;
        let back = if selected && !f.typed.is_empty() {
            format!("{}_", clean(&f.typed))
        } else {
            q(l.back)
        };
        let name: String = clean(&l.line.name).chars().take(name_w).collect();
        let text = format!(
            " {name:<name_w$}{:>9}{:>9}{:>9}{back:>9}{:>10}",
            q(l.line.quantity),
            q(l.refunded),
            q(l.left()),
            t.money(f.amount(i)),
        );
        let style = if selected {
            th.selected()
        } else if l.left() <= rust_decimal::Decimal::ZERO {
            th.dim()
        } else {
            Style::default()
        };
        v.push(Line::from(Span::styled(marked(selected, &text), style)));
    }
    v.push(Line::from(""));
    let key = |c| keys::key_label(&s.settings.keymap, Scope::Popup, c).unwrap_or_default();
    v.push(Line::from(vec![
        Span::styled(format!("{}: ", w.refund_to), th.label()),
        Span::styled(format!("< {} >", t.destination(f.to)), th.strong()),
        Span::styled(
            format!("   {} {}", key(Command::Exchange), t.exchange_instead()),
            th.dim(),
        ),
    ]));
    v.push(Line::from(vec![
        Span::styled(format!("{}: ", w.total_back), th.label()),
        Span::styled(t.money(f.total()), th.strong()),
    ]));
    if let Some(n) = &f.note {
        v.push(Line::from(Span::styled(t.refund_note(n), th.error())));
    }
    let hints = format!(
        "{}: {}  {} {}  {} {}  {} {}",
        w.quantity_keys,
        t.quantity.to_lowercase(),
        key(Command::Toggle),
        w.refund_to,
        key(Command::Confirm),
        w.refund,
        key(Command::Back),
        t.command(Command::Back),
    );
    v.push(Line::from(Span::styled(hints, th.dim())));
    v
}
