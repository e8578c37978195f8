//! The customer card: a tab bar and the open tab (Info, History, Marketing with its
//! 12-month spending line, Loyalty, Notes, Contact, Merge, Delete).

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Tabs, Widget, Wrap};

use super::qr;
use super::widgets::{pair, scroll_start};
use crate::app::form::{self, Form, FormPurpose};
use crate::app::state::{Card, State, Tab};
use crate::app::view::{merge_value, MailState};
use crate::domain::validate::phone_national;
use crate::sanitize::{clean, opt};

pub fn render(s: &State, area: Rect, buf: &mut Buffer) {
    let Some(card) = &s.card else { return };
    let t = s.tr();
    let th = s.theme();
    let c = &card.data.customer;
    let mut title = clean(&c.data.display_name()).into_owned();
    if c.anonymised {
        title = format!("({})", t.anonymised);
    }
    let block = th.block(format!("{} - {title}", t.card));
    let inner = block.inner(area);
    block.render(area, buf);
    let [tabs, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
    // The open tab in brackets as well as highlighted: it shows without colour.
    Tabs::new(Tab::ALL.iter().map(|x| {
        if *x == card.tab {
            format!("[{}]", t.tab(*x))
        } else {
            t.tab(*x).to_string()
        }
    }))
    .select(card.tab.index())
    .highlight_style(th.selected())
    .divider("|")
    .padding("", "")
    .render(tabs, buf);
    match card.tab {
        Tab::Info => info(s, card, body, buf),
        Tab::History => history(s, card, body, buf),
        Tab::Marketing => marketing(s, card, body, buf),
        Tab::Loyalty => loyalty(s, card, body, buf),
        Tab::Notes => notes(s, card, body, buf),
        Tab::Contact => contact(s, card, body, buf),
        Tab::Merge => merge(s, card, body, buf),
        Tab::Delete => {
            let lines = vec![
                Line::from(""),
                Line::from(t.delete_text),
                Line::from(""),
                Line::from(Span::styled(
                    format!("{}: {}", t.visits, card.data.stats.visits),
                    th.label(),
                )),
            ];
            Paragraph::new(lines)
                .wrap(Wrap { trim: true })
                .render(body, buf);
        }
    }
}

fn info(s: &State, card: &Card, area: Rect, buf: &mut Buffer) {
    if let Some(f) = &card.form {
        let lines = super::form::lines(s, f, area.height as usize, area.width, s.popup.is_none());
        Paragraph::new(lines).render(area, buf);
        return;
    }
    // The same fields as the edit form, read-only.
    let view = Form::new(
        FormPurpose::Edit(card.data.customer.id),
        &form::ALL,
        card.data.customer.data.clone(),
    );
    let t = s.tr();
    let th = s.theme();
    let pairs: Vec<(String, String)> = view
        .fields
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| {
            let value = if k.is_toggle() {
                t.toggle_value(v.text()).to_string()
            } else {
                v.text().to_string()
            };
            (t.field(*k).to_string(), value)
        })
        .collect();
    let cols = if area.width >= 100 { 2 } else { 1 };
    let per = pairs.len().div_ceil(cols);
    let areas = Layout::horizontal(vec![Constraint::Ratio(1, cols as u32); cols]).split(area);
    for (ci, col) in areas.iter().enumerate() {
        let lines: Vec<Line> = pairs
            .iter()
            .skip(ci * per + if cols == 1 { card.scroll } else { 0 })
            .take(per)
            .map(|(l, v)| pair(&format!("{l:<15}"), v.clone(), th.label()))
            .collect();
        Paragraph::new(lines).render(*col, buf);
    }
}

fn history(s: &State, card: &Card, area: Rect, buf: &mut Buffer) {
    let t = s.tr();
    let th = s.theme();
    let h = &card.data.history;
    if h.is_empty() {
        Paragraph::new(Span::styled(t.no_sales, th.dim())).render(area, buf);
        return;
    }
    let height = area.height.saturating_sub(1) as usize;
    let start = scroll_start(card.history_sel, height, h.len());
    let rows = h.iter().enumerate().skip(start).take(height).map(|(i, x)| {
        let refund = x
            .refund_of
            .as_ref()
            .map(|o| format!("{} {}", t.ledger.refund_of, clean(o)))
            .unwrap_or_default();
        let r = Row::new(vec![
            Cell::from(t.datetime(x.created_at, s.settings.utc_offset_secs)),
            Cell::from(clean(&x.number).into_owned()),
            Cell::from(Line::from(x.lines.to_string()).right_aligned()),
            Cell::from(Line::from(t.money(x.total)).right_aligned()),
            Cell::from(Line::from(history_notes(s, refund, x.email, x.sms))),
        ]);
        if i == card.history_sel {
            r.style(th.selected())
        } else {
            r
        }
    });
    let table = Table::new(
        rows,
        [
            Constraint::Length(17),
            Constraint::Length(14),
            Constraint::Length(5),
            Constraint::Length(10),
            Constraint::Min(10),
        ],
    )
    .header(Row::new(vec![t.date, t.number, t.lines, t.total, ""]).style(th.label()));
    super::widgets::render_marked(table, start, card.history_sel, area, buf);
}

/// A History row's last column: what it refunds, where its receipt's e-mail and SMS
/// are.
fn history_notes(
    s: &State,
    refund: String,
    mail: Option<MailState>,
    sms: Option<MailState>,
) -> Vec<Span<'static>> {
    let th = s.theme();
    let t = s.tr();
    let mut spans = vec![Span::styled(refund, th.warn())];
    let said = [
        mail.map(|m| (m, t.mail_sale(m))),
        sms.map(|m| (m, t.sms_sale(m))),
    ];
    for (m, words) in said.into_iter().flatten() {
        let style = if m == MailState::Failed {
            th.warn()
        } else {
            th.dim()
        };
        let gap = if spans.iter().all(|sp| sp.content.is_empty()) {
            ""
        } else {
            "  "
        };
        spans.push(Span::styled(format!("{gap}{words}"), style));
    }
    spans
}

fn marketing(s: &State, card: &Card, area: Rect, buf: &mut Buffer) {
    let t = s.tr();
    let th = s.theme();
    let st = &card.data.stats;
    let off = s.settings.utc_offset_secs;
    let when = |d: Option<chrono::DateTime<chrono::Utc>>| {
        d.map_or(t.never.to_string(), |d| t.date(d, off))
    };
    let day = st
        .preferred_weekday
        .and_then(|d| t.weekdays.get(d as usize).copied())
        .unwrap_or("-");
    let l = |label: &str| format!("{label:<28}");
    let mut lines = vec![
        pair(&l(t.total_all), t.money(st.total_all), th.label()),
        pair(&l(t.total_12m), t.money(st.total_12m), th.label()),
        pair(&l(t.visits), st.visits_12m.to_string(), th.label()),
        pair(&l(t.average_basket), t.money(st.average_basket), th.label()),
        pair(&l(t.preferred_day), day.to_string(), th.label()),
        pair(&l(t.first_visit), when(st.first_visit), th.label()),
        pair(&l(t.last_visit), when(st.last_visit), th.label()),
        Line::from(Span::styled(t.top_items, th.label())),
    ];
    for it in &st.top_items {
        lines.push(Line::from(format!(
            "  {:>5} x {}  ({})",
            it.quantity,
            clean(&it.name),
            t.money(it.total)
        )));
    }
    // The last 12 months' goods under the figures (the top items give way if need be).
    let months = &card.data.monthly;
    let spark = if months.is_empty() {
        0
    } else {
        super::reports::SPENDING_HEIGHT
    };
    let [text, line] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(spark)]).areas(area);
    Paragraph::new(lines).render(text, buf);
    super::reports::spending_line(s, months, line, buf);
}

/// The balances, then the ledgers' movements newest first from the scrolled one.
fn loyalty(s: &State, card: &Card, area: Rect, buf: &mut Buffer) {
    let t = s.tr();
    let w = &t.ledger;
    let th = s.theme();
    let b = &card.data.balances;
    let program = &s.settings.loyalty;
    let l = |label: &str| format!("{label:<16}");
    let worth = if program.enabled {
        format!(
            "{}  ({} {})",
            b.points,
            w.worth,
            t.money(program.value_of(b.points))
        )
    } else {
        format!("{}  ({})", b.points, w.program_off)
    };
    let limit = match b.credit_limit {
        Some(limit) => format!("{} {}", w.limit, t.money(limit)),
        None => w.no_account.to_string(),
    };
    let head = vec![
        pair(&l(w.points), worth, th.label()),
        pair(&l(w.wallet), t.money(b.wallet), th.label()),
        pair(&l(w.store_credit), t.money(b.store_credit), th.label()),
        pair(
            &l(w.owed),
            format!("{}  ({limit})", t.money(b.owed)),
            th.label(),
        ),
    ];
    let [top, list] = Layout::vertical([Constraint::Length(5), Constraint::Min(1)]).areas(area);
    Paragraph::new(head).render(top, buf);
    let m = &card.data.movements;
    if m.is_empty() {
        Paragraph::new(Span::styled(w.no_movements, th.dim())).render(list, buf);
        return;
    }
    let height = list.height.saturating_sub(1) as usize;
    let start = scroll_start(card.scroll, height, m.len());
    let rows = m.iter().enumerate().skip(start).take(height).map(|(i, x)| {
        let amount = if x.kind.is_money() {
            let a = crate::domain::money::Money::from_cents(x.amount);
            let sign = if x.amount > 0 { "+" } else { "" };
            format!("{sign}{}", t.money(a))
        } else {
            format!("{:+}", x.amount)
        };
        let r = Row::new(vec![
            Cell::from(t.datetime(x.at, s.settings.utc_offset_secs)),
            Cell::from(t.kind(x.kind)),
            Cell::from(t.reason(x.reason)),
            Cell::from(Line::from(amount).right_aligned()),
            Cell::from(
                x.number
                    .as_deref()
                    .map(clean)
                    .unwrap_or_default()
                    .into_owned(),
            ),
        ]);
        if i == card.scroll {
            r.style(th.selected())
        } else {
            r
        }
    });
    let table = Table::new(
        rows,
        [
            Constraint::Length(17),
            Constraint::Length(14),
            Constraint::Length(11),
            Constraint::Length(10),
            Constraint::Min(10),
        ],
    )
    .header(
        Row::new(vec![
            Cell::from(t.date),
            Cell::from(w.kind),
            Cell::from(w.reason),
            Cell::from(Line::from(w.amount).right_aligned()),
            Cell::from(t.number),
        ])
        .style(th.label()),
    );
    super::widgets::render_marked(table, start, card.scroll, list, buf);
}

fn notes(s: &State, card: &Card, area: Rect, buf: &mut Buffer) {
    let t = s.tr();
    let th = s.theme();
    let n = &card.data.notes;
    let mut lines = Vec::new();
    if let Some(p) = &card.data.customer.data.personal_note {
        lines.push(Line::from(vec![
            Span::styled(format!("{}: ", t.internal_note), th.label()),
            Span::raw(clean(p).into_owned()),
        ]));
    }
    if n.is_empty() {
        lines.push(Line::from(Span::styled(t.no_notes, th.dim())));
    }
    let start = card.notes_sel.min(n.len());
    for (i, note) in n.iter().enumerate().skip(start) {
        let style = if i == card.notes_sel {
            th.selected()
        } else {
            Style::default()
        };
        lines.push(Line::from(Span::styled(
            super::widgets::marked(
                i == card.notes_sel,
                &format!(
                    "{}  {}",
                    t.datetime(note.created_at, s.settings.utc_offset_secs),
                    clean(&note.author)
                ),
            ),
            th.label(),
        )));
        lines.push(Line::from(Span::styled(
            format!("  {}", clean(&note.body)),
            style,
        )));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(area, buf);
}

fn contact(s: &State, card: &Card, area: Rect, buf: &mut Buffer) {
    let t = s.tr();
    let th = s.theme();
    let d = &card.data.customer.data;
    let consent = |g: bool| if g { t.marketing_ok } else { t.marketing_no };
    let mut lines = Vec::new();
    if let Some(e) = &d.email {
        lines.push(pair(
            t.email,
            format!(
                "{}  ({})",
                e,
                consent(d.preferences.marketing_email.granted)
            ),
            th.label(),
        ));
    }
    let Some(phone) = &d.phone else {
        lines.push(Line::from(Span::styled(t.no_phone, th.dim())));
        Paragraph::new(lines).render(area, buf);
        return;
    };
    lines.push(pair(
        t.sms,
        format!(
            "{}  ({})",
            phone_national(phone),
            consent(d.preferences.marketing_sms.granted)
        ),
        th.label(),
    ));
    let message = s
        .settings
        .whatsapp_message
        .replace("{first_name}", d.first_name.as_deref().unwrap_or_default())
        .replace("{last_name}", d.last_name.as_deref().unwrap_or_default())
        .replace("{shop}", &s.settings.shop_name);
    let link = qr::whatsapp_link(phone, &clean(&message));
    lines.push(pair(t.whatsapp, link.clone(), th.label()));
    // The QR code on the right; without the message when the full link does not fit
    // (scanning it still opens the chat).
    let (w, h) = ((area.width / 2) as usize, area.height as usize);
    let short = qr::whatsapp_link(phone, "");
    let code = qr::lines(&link, s.settings.ascii, w, h)
        .or_else(|| qr::lines(&short, s.settings.ascii, w, h));
    match code {
        Some(rows) => {
            let qw = rows.first().map_or(0, |r| r.chars().count()) as u16;
            let [text, code] =
                Layout::horizontal([Constraint::Min(10), Constraint::Length(qw)]).areas(area);
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .render(text, buf);
            let rows: Vec<Line> = rows.into_iter().map(Line::from).collect();
            Paragraph::new(rows).render(code, buf);
        }
        None => {
            lines.push(Line::from(Span::styled(t.qr_too_small, th.dim())));
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .render(area, buf);
        }
    }
}

fn merge(s: &State, card: &Card, area: Rect, buf: &mut Buffer) {
    let t = s.tr();
    let th = s.theme();
    let m = &card.merge;
    if let Some(plan) = &m.plan {
        let [warn, table] =
            Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(area);
        Paragraph::new(Span::styled(t.merge_warning, th.warn()))
            .wrap(Wrap { trim: true })
            .render(warn, buf);
        let keep = &card.data.customer.data;
        let height = table.height.saturating_sub(1) as usize;
        let start = scroll_start(plan.focus, height, plan.choices.len());
        let rows = plan
            .choices
            .iter()
            .enumerate()
            .skip(start)
            .take(height)
            .map(|(i, (f, take))| {
                let (a, b) = (merge_value(keep, *f), merge_value(&plan.other.data, *f));
                let mark = |on: bool, v: String| {
                    let v = clean(&v).into_owned();
                    if on {
                        Cell::from(Span::styled(format!("* {v}"), th.ok()))
                    } else {
                        Cell::from(Span::styled(format!("  {v}"), th.dim()))
                    }
                };
                let r = Row::new(vec![
                    Cell::from(merge_label(s, *f)),
                    mark(!take, a),
                    mark(*take, b),
                ]);
                if i == plan.focus {
                    r.style(th.selected())
                } else {
                    r
                }
            });
        let plan_table = Table::new(
            rows,
            [
                Constraint::Length(13),
                Constraint::Percentage(45),
                Constraint::Percentage(45),
            ],
        )
        .header(Row::new(vec!["", t.keep, t.duplicate]).style(th.label()));
        super::widgets::render_marked(plan_table, start, plan.focus, table, buf);
        return;
    }
    let [head, list] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(area);
    Paragraph::new(vec![
        Line::from(Span::styled(t.duplicates, th.label())),
        Line::from(Span::styled(t.merge_hint, th.dim())),
    ])
    .render(head, buf);
    match &m.candidates {
        None => Paragraph::new(t.loading).render(list, buf),
        Some(c) if c.is_empty() => {
            Paragraph::new(Span::styled(t.no_duplicates, th.dim())).render(list, buf)
        }
        Some(c) => {
            let lines: Vec<Line> = c
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let text = format!(
                        "{}{}  {} {} {}  {}",
                        if i == m.selected {
                            super::widgets::FOCUS_MARK
                        } else {
                            " "
                        },
                        clean(&r.name()),
                        opt(&r.line1),
                        opt(&r.postal_code),
                        opt(&r.city),
                        r.phone.as_deref().map(phone_national).unwrap_or_default()
                    );
                    let style = if i == m.selected {
                        th.selected()
                    } else {
                        Style::default()
                    };
                    Line::from(Span::styled(text, style))
                })
                .collect();
            Paragraph::new(lines).render(list, buf);
        }
    }
}

/// The label of a merge field (the form's label of the same field).
fn merge_label(s: &State, f: crate::app::state::MergeField) -> &'static str {
    use crate::app::form::FieldKey as K;
    use crate::app::state::MergeField as M;
    let t = s.tr();
    match f {
        M::Kind => t.field(K::Kind),
        M::Title => t.field(K::Title),
        M::FirstName => t.field(K::FirstName),
        M::LastName => t.field(K::LastName),
        M::Company => t.field(K::Company),
        M::Email => t.field(K::Email),
        M::Phone => t.field(K::Phone),
        M::Phone2 => t.field(K::Phone2),
        M::Vat => t.field(K::Vat),
        M::CompanyNumber => t.field(K::CompanyNumber),
        M::Address => t.address,
        M::Group => t.field(K::Group),
        M::PersonalNote => t.field(K::PersonalNote),
        M::PublicNote => t.field(K::PublicNote),
    }
}
