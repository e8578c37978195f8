//! The charts: the goods of each day of the period as vertical bars over the days'
//! numbers, the goods of each customer group as horizontal bars, and the card's spending
//! line (a customer's goods in each of the last 12 months).
//!
//! Invariants: each chart has a title line naming what it shows and its highest value
//! (the language's amount), so a bar is read against a number; a day's bars are drawn in
//! date order with every day of the period present (a day without a sale is an empty
//! place, not a missing one), and when the period has more days than fit at 80 columns
//! the last ones that fit are drawn and the title says how many of how many; a value
//! below zero (more given back than sold) is drawn as an empty bar; bars are ratatui's
//! eighths of a block, or `#`, `=`, `_` in ASCII mode ([`Theme::bars`]).
//!
//! [`Theme::bars`]: super::super::theme::Theme::bars

use chrono::{Datelike, NaiveDate};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, Paragraph, Sparkline, SparklineBar, Widget};

use crate::app::state::State;
use crate::app::view::{DayRow, GroupSales, MonthGoods, Period};
use crate::domain::money::Money;
use crate::sanitize::clean;

/// Rows of the days chart: its title, four rows of bars, the days' numbers.
pub const DAYS_HEIGHT: u16 = 6;

/// Group bars drawn at most (the largest first; the table lists them all).
const GROUP_BARS: usize = 5;

/// Columns of a group's name beside its bar.
const GROUP_LABEL: usize = 16;

/// Rows of the card's spending line: its title, three rows of bars, the months.
pub const SPENDING_HEIGHT: u16 = 5;

/// An amount as a bar's height (nothing below zero).
fn height(m: Money) -> u64 {
    u64::try_from(m.cents()).unwrap_or(0)
}

/// The goods of each day of period `p`, the last that fit, over their days' numbers.
pub fn days(s: &State, rows: &[DayRow], p: &Period, area: Rect, buf: &mut Buffer) {
    let t = s.tr();
    let th = s.theme();
    let [title, bars, axis] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let all: Vec<(NaiveDate, u64)> = p
        .from
        .iter_days()
        .take_while(|d| *d <= p.to)
        .map(|d| {
            let goods = rows
                .iter()
                .find(|r| r.day == d)
                .map_or(Money::ZERO, |r| r.goods);
            (d, height(goods))
        })
        .collect();
    const GAP: u16 = 1;
    let width = area.width.max(1);
    let fit = usize::from((width + GAP) / 2).max(1);
    let shown = &all[all.len().saturating_sub(fit)..];
    let n = u16::try_from(shown.len()).unwrap_or(u16::MAX).max(1);
    let bar_width = ((width + GAP) / n).saturating_sub(GAP).clamp(1, 6);
    let highest = shown.iter().map(|(_, v)| *v).max().unwrap_or(0);
    let highest_money = Money::from_cents(i64::try_from(highest).unwrap_or(i64::MAX));
    Paragraph::new(Span::styled(
        t.days_chart(highest_money, shown.len(), all.len()),
        th.label(),
    ))
    .render(title, buf);
    let data: Vec<Bar> = shown
        .iter()
        .map(|(_, v)| Bar::default().value(*v).text_value(""))
        .collect();
    BarChart::new(data)
        .bar_width(bar_width)
        .bar_gap(GAP)
        .bar_set(th.bars())
        .bar_style(th.chart())
        .max(highest.max(1))
        .render(bars, buf);
    // The days' numbers under their bars, as many as fit without touching.
    let mut line = vec![' '; usize::from(axis.width)];
    let mut free = 0usize;
    for (i, (d, _)) in shown.iter().enumerate() {
        let x = i * usize::from(bar_width + GAP) + usize::from(bar_width.saturating_sub(2) / 2);
        let label = format!("{:02}", d.day());
        if x < free || x + label.len() > line.len() {
            continue;
        }
        for (k, c) in label.chars().enumerate() {
            if let Some(cell) = line.get_mut(x + k) {
                *cell = c;
            }
        }
        free = x + label.len() + 1;
    }
    Paragraph::new(Span::styled(line.into_iter().collect::<String>(), th.dim())).render(axis, buf);
}

/// Rows of the groups chart for `n` groups: its title and a bar each, at most five.
pub fn groups_height(n: usize) -> u16 {
    1 + u16::try_from(n.min(GROUP_BARS)).unwrap_or(0)
}

/// The goods of the largest groups as horizontal bars, each with its name and amount.
pub fn groups(s: &State, rows: &[GroupSales], area: Rect, buf: &mut Buffer) {
    let t = s.tr();
    let th = s.theme();
    let [title, bars] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    Paragraph::new(Span::styled(t.groups_chart(), th.label())).render(title, buf);
    let mut largest: Vec<&GroupSales> = rows.iter().collect();
    largest.sort_by_key(|r| std::cmp::Reverse(r.goods));
    largest.truncate(GROUP_BARS);
    let highest = largest.iter().map(|r| height(r.goods)).max().unwrap_or(0);
    let data: Vec<Bar> = largest
        .iter()
        .map(|r| {
            let name = super::tables::group_name(s, r);
            let name: String = name.chars().take(GROUP_LABEL).collect();
            Bar::default()
                .value(height(r.goods))
                .label(Line::from(format!("{name:<GROUP_LABEL$}")))
                .text_value(format!(" {} ", t.money(r.goods)))
        })
        .collect();
    BarChart::horizontal(data)
        .bar_width(1)
        .bar_gap(0)
        .bar_set(th.bars())
        .bar_style(th.chart())
        .value_style(th.strong())
        .label_style(th.label())
        .max(highest.max(1))
        .render(bars, buf);
}

/// The card's spending line: each month's goods as a bar (blank between months), the
/// first month under the first bar and the last under the last.
pub fn spending_line(s: &State, months: &[MonthGoods], area: Rect, buf: &mut Buffer) {
    let (Some(first), Some(last)) = (months.first(), months.last()) else {
        return;
    };
    let t = s.tr();
    let th = s.theme();
    let [title, bars, axis] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let highest = months.iter().map(|m| height(m.goods)).max().unwrap_or(0);
    let highest_money = Money::from_cents(i64::try_from(highest).unwrap_or(i64::MAX));
    Paragraph::new(Span::styled(
        t.spending_title(first.month, last.month, highest_money),
        th.label(),
    ))
    .render(title, buf);
    // Three columns a month and one blank, or one and one on a narrow screen.
    let per = if usize::from(area.width) >= months.len() * 4 {
        3
    } else {
        1
    };
    let data: Vec<SparklineBar> = months
        .iter()
        .flat_map(|m| {
            let v = SparklineBar::from(Some(height(m.goods)));
            std::iter::repeat_n(v, per).chain(std::iter::once(SparklineBar::from(None)))
        })
        .collect();
    let drawn = data.len().saturating_sub(1);
    Sparkline::default()
        .data(data)
        .max(highest.max(1))
        .bar_set(th.bars())
        .style(th.chart())
        .absent_value_symbol(" ")
        .render(bars, buf);
    let (from, to) = (
        s.settings.lang.month(first.month),
        s.settings.lang.month(last.month),
    );
    let gap = drawn.saturating_sub(from.chars().count() + to.chars().count());
    let line = format!("{from}{}{to}", " ".repeat(gap.max(1)));
    Paragraph::new(Line::styled(clean(&line).into_owned(), th.dim())).render(axis, buf);
}
