//! A customer (or product) form: one line per field, label, value with the cursor, and
//! the field's errors right after it; only the rows around the focused field are drawn.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::widgets::{field_line, scroll_start};
use crate::app::form::Form;
use crate::app::state::State;
use crate::sanitize::clean;

/// Draws `form` in a box titled `title`.
pub fn render(s: &State, f: &Form, title: &str, area: Rect, buf: &mut Buffer) {
    let block = s.theme().block(title.to_string());
    let inner = block.inner(area);
    block.render(area, buf);
    Paragraph::new(lines(s, f, inner.height as usize, inner.width)).render(inner, buf);
}

/// The form's visible lines for a box of `height` rows.
pub fn lines<'a>(s: &State, f: &Form, height: usize, width: u16) -> Vec<Line<'a>> {
    let t = s.tr();
    let th = s.theme();
    let label_w = 15usize;
    // One line per field plus one per error; keep the focused field in view.
    let mut all: Vec<(usize, Line<'a>)> = Vec::new();
    for (i, (key, input)) in f.fields.iter().enumerate() {
        let focused = i == f.focus && s.popup.is_none();
        let label = format!("{:<w$} ", t.field(*key), w = label_w);
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
            let room = (width as usize).saturating_sub(label_w + 3).max(10);
            let detail: Vec<char> = clean(&e.detail).chars().collect();
            for (n, chunk) in detail.chunks(room).enumerate() {
                let mark = if n == 0 { "! " } else { "  " };
                let text: String = chunk.iter().collect();
                let msg = format!("{:w$} {mark}{text}", "", w = label_w);
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
    let focus_row = all.iter().position(|(i, _)| *i == f.focus).unwrap_or(0);
    let start = scroll_start(focus_row + 1, height, all.len());
    all.into_iter()
        .skip(start)
        .take(height)
        .map(|(_, l)| l)
        .collect()
}
