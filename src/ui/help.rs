//! The help overlay: every key of the screen or popup that had the focus when it opened,
//! each as `KEY  what it does here`, in a box over the body that scrolls to keep the
//! highlighted row in view.
//!
//! Invariants: the keys are the keymap's in use (overrides included), labelled by
//! [`keys::label`]; the rows are [`help_rows`], the sentences and the title come from
//! [`super::strings`]; a sentence wraps under itself, never under the key column; the box
//! fits the body at 80x24 (and in ASCII mode: only the border changes).

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use crate::app::state::{Help, State};
use crate::app::view::help_rows;
use crate::keys;

/// Widest the box gets on a large terminal.
const MAX_WIDTH: u16 = 96;

/// One row: the keys (joined by `/`) and the sentence cut into lines.
struct Row {
    keys: String,
    lines: Vec<String>,
}

pub fn render(s: &State, h: &Help, area: Rect, buf: &mut Buffer) {
    let t = s.tr();
    let th = s.theme();
    // The body's whole width up to MAX_WIDTH: a narrower box would leave a column of the
    // screen's own borders beside its own.
    let width = area.width.clamp(1, MAX_WIDTH);
    let inner_w = usize::from(width.saturating_sub(2));
    let found = help_rows(&s.settings.keymap, h.scope);
    let labels: Vec<String> = found
        .iter()
        .map(|r| r.keys.iter().map(keys::label).collect::<Vec<_>>().join("/"))
        .collect();
    let key_w = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    // One space before the keys, two between the keys and the sentence, one at the end.
    let text_w = inner_w.saturating_sub(key_w + 4).max(10);
    let rows: Vec<Row> = found
        .iter()
        .zip(labels)
        .map(|(r, keys)| Row {
            keys,
            lines: wrap(t.help(h.scope, r.command), text_w),
        })
        .collect();
    let needed: usize = rows.iter().map(|r| r.lines.len()).sum();
    let height = u16::try_from(needed + 2)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let [r] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(area);
    let [r] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(r);
    Clear.render(r, buf);
    let selected = h.selected.min(rows.len().saturating_sub(1));
    let position = format!(" {}/{} ", selected + 1, rows.len());
    let block = th
        .block(format!(" {} ", t.help_title(h.scope)))
        .title_bottom(Line::from(position).right_aligned());
    let inner = block.inner(r);
    block.render(r, buf);
    let ih = usize::from(inner.height);
    let mut out: Vec<Line> = Vec::new();
    for (i, row) in rows.iter().enumerate().skip(first_row(&rows, selected, ih)) {
        let style = if i == selected {
            th.selected()
        } else {
            Style::default()
        };
        for (n, text) in row.lines.iter().enumerate() {
            let key = if n == 0 { row.keys.as_str() } else { "" };
            let pad = " ".repeat(key_w.saturating_sub(key.chars().count()) + 2);
            let mark = if i == selected && n == 0 {
                super::widgets::FOCUS_MARK
            } else {
                " "
            };
            out.push(Line::from(vec![
                Span::raw(mark),
                Span::styled(key.to_string(), th.key()),
                Span::raw(pad),
                Span::styled(text.clone(), style),
            ]));
        }
        if out.len() >= ih {
            break;
        }
    }
    Paragraph::new(out).render(inner, buf);
}

/// The first row to draw so that the selected one is whole in `height` lines, with as
/// many rows above it as fit.
fn first_row(rows: &[Row], selected: usize, height: usize) -> usize {
    let tall = |i: usize| rows.get(i).map_or(0, |r| r.lines.len());
    let mut start = selected;
    let mut used = tall(selected);
    while start > 0 && used + tall(start - 1) <= height {
        start -= 1;
        used += tall(start);
    }
    start
}

/// `text` in lines of at most `width` characters, cut between words (a word longer than
/// a line is cut where the line ends).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        loop {
            let used = line.chars().count();
            let room = if used == 0 {
                width
            } else {
                width.saturating_sub(used + 1)
            };
            if word.len() <= room {
                if used > 0 {
                    line.push(' ');
                }
                line.extend(word.iter());
                break;
            }
            if used > 0 {
                lines.push(std::mem::take(&mut line));
                continue;
            }
            let rest = word.split_off(width);
            lines.push(word.iter().collect());
            word = rest;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn a_sentence_wraps_between_words_and_a_long_word_is_cut() {
        assert_eq!(
            wrap("Pays the ticket in cash", 10),
            ["Pays the", "ticket in", "cash"]
        );
        assert_eq!(wrap("abcdefghijkl x", 5), ["abcde", "fghij", "kl x"]);
        assert_eq!(wrap("", 5), [""]);
    }
}
