//! The managers' outbox screen: a line of counts (waiting, failed, sent; the filter; a
//! list cut to the newest), the messages newest first (status in words, channel, what,
//! recipient, when, attempts) and, when asked, the selected message's details under them
//! (the last error in full, wrapped).
//!
//! Invariants: every stored text (recipients, tickets, subjects, errors) passes through
//! [`clean`] before it is drawn; statuses, channels and kinds are the language's words,
//! times its format in local time; "when" is the sent time of a sent message, the next
//! try of a waiting one and the creation of the others; only the visible rows are drawn
//! and the selected one is marked with `>` (no colour needed); the columns are as wide
//! as their longest word shown, the recipient takes what is left.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Widget, Wrap};

use super::theme::Theme;
use super::widgets::{render_marked, scroll_start};
use crate::app::state::State;
use crate::app::view::{MailState, OutboxMessage};
use crate::sanitize::clean;

/// Rows of the details pane, its frame included.
const DETAILS_HEIGHT: u16 = 11;

/// The outbox screen.
pub fn render(s: &State, area: Rect, buf: &mut Buffer) {
    let t = s.tr();
    let th = s.theme();
    let o = &s.outbox;
    let current = o.current().filter(|_| o.details);
    let details_h = if current.is_some() {
        DETAILS_HEIGHT.min(area.height.saturating_sub(7))
    } else {
        0
    };
    let [summary, list, details] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(details_h),
    ])
    .areas(area);
    let line = if o.loaded {
        t.outbox_summary(&o.overview, o.only_open)
    } else {
        String::new()
    };
    Paragraph::new(Span::styled(line, th.label())).render(summary, buf);
    render_list(s, list, buf);
    if let Some(m) = current {
        render_details(s, m, details, buf);
    }
}

fn render_list(s: &State, area: Rect, buf: &mut Buffer) {
    let t = s.tr();
    let th = s.theme();
    let o = &s.outbox;
    let visible = o.visible();
    let title = if o.loading {
        format!(" {} ({}) ", t.outbox_title(), t.loading)
    } else {
        format!(" {} ({}) ", t.outbox_title(), visible.len())
    };
    let block = th.block(title);
    let inner = block.inner(area);
    block.render(area, buf);
    if visible.is_empty() {
        let text = if o.loaded {
            t.outbox_empty(o.only_open)
        } else {
            t.loading
        };
        Paragraph::new(Span::styled(text, th.dim()))
            .wrap(Wrap { trim: true })
            .render(inner, buf);
        return;
    }
    let height = inner.height.saturating_sub(1) as usize;
    let start = scroll_start(o.selected, height, visible.len());
    let shown: Vec<(usize, &OutboxMessage)> = visible
        .iter()
        .copied()
        .enumerate()
        .skip(start)
        .take(height)
        .collect();
    let offset = s.settings.utc_offset_secs;
    let cells: Vec<[String; 6]> = shown
        .iter()
        .map(|(_, m)| {
            [
                t.outbox_status(m.status, m.attempts).to_string(),
                t.outbox_channel(m.channel).to_string(),
                t.outbox_what(m.kind, m.ticket.as_deref()),
                clean(&m.recipient).into_owned(),
                t.datetime(when(m), offset),
                m.attempts.to_string(),
            ]
        })
        .collect();
    let head = t.outbox_columns();
    let width = |i: usize| {
        let longest = cells
            .iter()
            .filter_map(|c| c.get(i))
            .map(|c| c.chars().count())
            .max()
            .unwrap_or(0);
        let h = head.get(i).map_or(0, |h| h.chars().count());
        Constraint::Length(u16::try_from(longest.max(h)).unwrap_or(u16::MAX))
    };
    let widths = [
        width(0),
        width(1),
        width(2),
        Constraint::Fill(1),
        width(4),
        width(5),
    ];
    let rows = shown.iter().zip(cells).map(|((i, m), c)| {
        let [status, channel, what, to, at, tries] = c;
        let row = Row::new(vec![
            Cell::from(Span::styled(status, status_style(&th, m))),
            Cell::from(channel),
            Cell::from(what),
            Cell::from(to),
            Cell::from(at),
            Cell::from(Line::from(tries).right_aligned()),
        ]);
        if *i == o.selected {
            row.style(th.selected())
        } else {
            row
        }
    });
    let [h0, h1, h2, h3, h4, h5] = head;
    let table = Table::new(rows, widths).header(
        Row::new(vec![
            Line::from(h0),
            Line::from(h1),
            Line::from(h2),
            Line::from(h3),
            Line::from(h4),
            Line::from(h5).right_aligned(),
        ])
        .style(th.label()),
    );
    render_marked(table, start, o.selected, inner, buf);
}

/// The time a row shows: sent, next try, or created.
fn when(m: &OutboxMessage) -> chrono::DateTime<chrono::Utc> {
    match (m.status, m.sent_at) {
        (MailState::Sent, Some(at)) => at,
        (MailState::Queued, _) => m.next_at,
        _ => m.created_at,
    }
}

fn status_style(th: &Theme, m: &OutboxMessage) -> Style {
    match m.status {
        MailState::Failed => th.error(),
        MailState::Queued if m.attempts > 0 => th.warn(),
        MailState::Sent => th.ok(),
        MailState::Queued | MailState::Sending => Style::default(),
    }
}

/// The selected message in full: how, what, to whom, its times and its last error.
fn render_details(s: &State, m: &OutboxMessage, area: Rect, buf: &mut Buffer) {
    let t = s.tr();
    let th = s.theme();
    let block = th.block(format!(" {} ", t.outbox_message(m.id)));
    let inner = block.inner(area);
    block.render(area, buf);
    let [channel, kind, to, ticket, subject, created, attempts, next, error, sent] =
        t.outbox_labels();
    let offset = s.settings.utc_offset_secs;
    let time = |at: Option<chrono::DateTime<chrono::Utc>>| {
        at.map_or_else(|| t.outbox_none().to_string(), |at| t.datetime(at, offset))
    };
    let none = || t.outbox_none().to_string();
    let next_try = (m.status == MailState::Queued).then_some(m.next_at);
    let label = th.label();
    let [status, ..] = t.outbox_columns();
    let lines = vec![
        pairs(
            &[
                (status, t.outbox_status(m.status, m.attempts).to_string()),
                (channel, t.outbox_channel(m.channel).to_string()),
                (kind, t.outbox_kind(m.kind).to_string()),
                (ticket, m.ticket.clone().unwrap_or_else(none)),
            ],
            label,
        ),
        pairs(&[(to, m.recipient.clone())], label),
        pairs(&[(subject, m.subject.clone().unwrap_or_else(none))], label),
        pairs(
            &[(created, time(Some(m.created_at))), (sent, time(m.sent_at))],
            label,
        ),
        pairs(
            &[(attempts, m.attempts.to_string()), (next, time(next_try))],
            label,
        ),
        pairs(&[(error, m.last_error.clone().unwrap_or_else(none))], label),
    ];
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}

/// "Label: value   Label: value" on one line, each value sanitised.
fn pairs<'a>(items: &[(&str, String)], label: Style) -> Line<'a> {
    let mut spans = Vec::new();
    for (i, (l, v)) in items.iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw("   "));
        }
        spans.push(Span::styled(format!("{l}: "), label));
        spans.push(Span::raw(clean(v).into_owned()));
    }
    Line::from(spans)
}
