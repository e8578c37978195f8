//! A customer (or product) form: one line per field, label, value with the cursor, and
//! the field's errors right after it; only the rows around the focused field are drawn.
//!
//! Invariants: a field's label row is never replaced: its errors take rows of their own
//! under it; the focused field is marked with `>` before its label, so the focus shows
//! without colour (a text capture, the Linux console in ASCII mode).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::widgets::{field_line, scroll_start};
use crate::app::form::Form;
use crate::app::state::State;

/// Draws `form` in a box titled `title`.
pub fn render(s: &State, f: &Form, title: &str, area: Rect, buf: &mut Buffer) {
    let block = s.theme().block(title.to_string());
    let inner = block.inner(area);
    block.render(area, buf);
    let active = s.popup.is_none();
    Paragraph::new(lines(s, f, inner.height as usize, inner.width, active)).render(inner, buf);
}

/// The form's visible lines for a box of `height` rows; `active` when the keys go to it
/// (no other popup over it), which is when its focus is drawn.
pub fn lines<'a>(s: &State, f: &Form, height: usize, width: u16, active: bool) -> Vec<Line<'a>> {
    let all = all_lines(s, f, width, active);
    let focus_row = all.iter().position(|(i, _)| *i == f.focus).unwrap_or(0);
    let start = scroll_start(focus_row + 1, height, all.len());
    all.into_iter()
        .skip(start)
        .take(height)
        .map(|(_, l)| l)
        .collect()
}

/// How many rows the whole form takes at `width` (fields, their errors, other errors).
pub fn rows(s: &State, f: &Form, width: u16) -> usize {
    all_lines(s, f, width, true).len()
}

/// Every line of the form, each with the index of its field (`usize::MAX` for errors of
/// no field).
fn all_lines<'a>(s: &State, f: &Form, width: u16, active: bool) -> Vec<(usize, Line<'a>)> {
    let t = s.tr();
    let th = s.theme();
    let label_w = 15usize;
    // One line per field plus one per error; keep the focused field in view.
    let mut all: Vec<(usize, Line<'a>)> = Vec::new();
    for (i, (key, input)) in f.fields.iter().enumerate() {
        let focused = i == f.focus && active;
        let mark = if focused { ">" } else { " " };
        let label = format!("{mark}{:<w$} ", t.field(*key), w = label_w);
        let label_style = if focused { th.title() } else { th.label() };
        let mut spans = vec![Span::styled(label, label_style)];
        if key.is_toggle() {
            let v = t.toggle_value(input.text());
            let style = if focused { th.selected() } else { th.strong() };
            spans.push(Span::styled(format!("< {v} >"), style));
        } else {
            spans.extend(field_line(input, focused, th.strong()).spans);
        }
        all.push((i, Line::from(spans)));
        for e in f.errors_for(*key) {
            // The whole message, wrapped under the value.
            let room = (width as usize).saturating_sub(label_w + 4).max(10);
            for (n, text) in wrap_words(&t.form_error(e), room).into_iter().enumerate() {
                let mark = if n == 0 { "! " } else { "  " };
                let msg = format!("{:w$} {mark}{text}", "", w = label_w + 1);
                all.push((i, Line::from(Span::styled(msg, th.error()))));
            }
        }
    }
    for e in f.other_errors() {
        all.push((
            usize::MAX,
            Line::from(Span::styled(format!("! {e}"), th.error())),
        ));
    }
    all
}

/// `text` in lines of at most `width` characters, broken between words (a word longer
/// than a line is cut).
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        let used = line.chars().count();
        if used > 0 && used + 1 + word.len() <= width {
            line.push(' ');
            line.extend(word.iter());
            continue;
        }
        if used > 0 {
            out.push(std::mem::take(&mut line));
        }
        while word.len() > width {
            let rest = word.split_off(width);
            out.push(word.into_iter().collect());
            word = rest;
        }
        line = word.into_iter().collect();
    }
    if !line.is_empty() || out.is_empty() {
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::wrap_words;

    #[test]
    fn errors_wrap_between_words_and_cut_only_a_word_longer_than_a_line() {
        assert_eq!(
            wrap_words("`abc` is not an amount (expected e.g. 12.50)", 20),
            ["`abc` is not an", "amount (expected", "e.g. 12.50)"]
        );
        assert_eq!(wrap_words("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap_words("", 4), [""]);
        for line in wrap_words("`abc` is not an amount (expected e.g. 12.50)", 20) {
            assert!(line.chars().count() <= 20, "{line}");
        }
    }
}
