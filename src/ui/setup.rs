//! The first-run setup screen: a lead line, the shop's fields (label, value, hint) with
//! their errors under them, then, once saved, where the file went and the choice of what
//! comes next.
//!
//! Invariants: the PIN fields show one `*` per digit, never the digits; the focused field
//! is marked `>` (visible without colour, in ASCII mode too); a field's errors take rows
//! of their own under it, and the rows around the focused field are the ones drawn, so
//! the screen fits 80x24 whatever the errors.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::form::wrap_words;
use super::widgets::{field_line, scroll_start};
use crate::app::setup::{Setup, SetupField, SetupStage};
use crate::app::state::State;
use crate::app::text_input::TextInput;
use crate::sanitize::clean;

/// Label column width (the longest label, French included, fits).
const LABEL_W: usize = 15;

/// Draws the setup screen in `area`.
pub fn render(s: &State, area: Rect, buf: &mut Buffer) {
    let Some(st) = &s.setup else { return };
    let t = s.tr();
    let block = s.theme().block(t.setup_title().to_string());
    let inner = block.inner(area);
    block.render(area, buf);
    let width = usize::from(inner.width).max(10);
    let mut lines: Vec<Line> = wrap_words(t.setup_lead(), width)
        .into_iter()
        .map(|l| Line::from(Span::styled(l, s.theme().dim())))
        .collect();
    lines.push(Line::from(""));
    match st.stage {
        SetupStage::Choose { selected } => lines.extend(choice(s, st, selected, width)),
        SetupStage::Fields | SetupStage::Saving => {
            let mut tail: Vec<Line> = Vec::new();
            if st.stage == SetupStage::Saving {
                tail.push(Line::from(Span::styled(t.setup_saving(), s.theme().ok())));
            }
            if let Some(why) = &st.failure {
                for l in wrap_words(&clean(&t.setup_failed(why)), width) {
                    tail.push(Line::from(Span::styled(l, s.theme().error())));
                }
            }
            let room = usize::from(inner.height).saturating_sub(lines.len() + tail.len());
            lines.extend(fields(s, st, room, width));
            lines.extend(tail);
        }
    }
    Paragraph::new(lines).render(inner, buf);
}

/// The fields' rows that fit in `height`, the focused field among them.
fn fields<'a>(s: &State, st: &Setup, height: usize, width: usize) -> Vec<Line<'a>> {
    let t = s.tr();
    let th = s.theme();
    let active = st.stage == SetupStage::Fields && s.popup.is_none();
    let mut all: Vec<(usize, Line<'a>)> = Vec::new();
    for (i, (key, input)) in st.fields.iter().enumerate() {
        let focused = active && i == st.focus;
        let mark = if focused { ">" } else { " " };
        let label = format!("{mark}{:<w$} ", t.setup_field(*key), w = LABEL_W);
        let mut spans = vec![Span::styled(
            label,
            if focused { th.title() } else { th.label() },
        )];
        spans.extend(value(s, *key, input, focused).spans);
        let hint = t.setup_hint(*key);
        if !hint.is_empty() {
            spans.push(Span::styled(format!("  ({hint})"), th.dim()));
        }
        all.push((i, Line::from(spans)));
        for e in st.errors_for(*key) {
            let text = clean(&t.setup_error(e, st.value(SetupField::Country))).into_owned();
            let room = width.saturating_sub(LABEL_W + 4).max(10);
            for (n, l) in wrap_words(&text, room).into_iter().enumerate() {
                let mark = if n == 0 { "! " } else { "  " };
                let msg = format!("{:w$} {mark}{l}", "", w = LABEL_W + 1);
                all.push((i, Line::from(Span::styled(msg, th.error()))));
            }
        }
    }
    let focus_row = all.iter().position(|(i, _)| *i == st.focus).unwrap_or(0);
    let start = scroll_start(focus_row + 1, height, all.len());
    all.into_iter()
        .skip(start)
        .take(height)
        .map(|(_, l)| l)
        .collect()
}

/// A field's value: a choice between `<` `>`, a PIN as stars, else the text.
fn value<'a>(s: &State, key: SetupField, input: &TextInput, focused: bool) -> Line<'a> {
    let th = s.theme();
    if key.is_choice() {
        let style = if focused { th.selected() } else { th.strong() };
        return Line::from(Span::styled(format!("< {} >", clean(input.text())), style));
    }
    if key.is_secret() {
        let mut stars = TextInput::with(&"*".repeat(input.text().chars().count()));
        for _ in input.cursor()..input.text().chars().count() {
            stars.left();
        }
        return field_line(&stars, focused, th.strong());
    }
    field_line(input, focused, th.strong())
}

/// Once saved: where, then the two next steps.
fn choice<'a>(s: &State, st: &Setup, selected: usize, width: usize) -> Vec<Line<'a>> {
    let t = s.tr();
    let th = s.theme();
    let mut out: Vec<Line<'a>> = Vec::new();
    if let Some(path) = &st.saved_to {
        for l in wrap_words(&clean(&t.setup_saved(path)), width) {
            out.push(Line::from(Span::styled(l, th.ok())));
        }
    }
    out.push(Line::from(""));
    let (question, answers) = t.setup_next();
    out.push(Line::from(Span::styled(question, th.title())));
    for (i, a) in answers.iter().enumerate() {
        let line = if i == selected {
            Span::styled(format!("> {a}"), th.selected())
        } else {
            Span::raw(format!("  {a}"))
        };
        out.push(Line::from(line));
    }
    out.push(Line::from(""));
    for l in wrap_words(t.setup_later(), width) {
        out.push(Line::from(Span::styled(l, th.dim())));
    }
    out
}
