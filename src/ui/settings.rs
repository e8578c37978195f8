//! The settings screen: the sections listed on the left (the focused field's marked
//! `>`, one with errors marked `!`), the focused section's fields on the right (label,
//! value, errors under it), then what the last save said and what the focused field is
//! for.
//!
//! Invariants: a secret (the password, the SMS gateway's key) shows one `*` per
//! character typed, else only whether the secrets file holds it; the focused field is marked `>` (visible without colour, in
//! ASCII mode too); every field of the section keeps its row with its whole label (the
//! longest section, every field with an error, fits 80x24: an error is cut to one row
//! when the rows are short, the notice and the hint take what is left); a long value
//! scrolls within its column so the cursor stays in view, and shows its start while
//! another field has the focus.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::form::wrap_words;
use super::strings::SETTINGS_LABEL_MAX as LABEL_MAX;
use super::widgets::{field_line, marked, scroll_start};
use crate::app::settings::{Section, SettingsField, SettingsForm, SettingsStage};
use crate::app::state::State;
use crate::app::text_input::TextInput;
use crate::sanitize::clean;

/// The sections' column, borders included.
const SECTIONS_W: u16 = 18;
/// Where a value starts: the mark, the label, a space.
const VALUE_AT: usize = LABEL_MAX + 2;

/// Draws the settings screen in `area`.
pub fn render(s: &State, area: Rect, buf: &mut Buffer) {
    let Some(f) = &s.settings_form else { return };
    let [left, right] =
        Layout::horizontal([Constraint::Length(SECTIONS_W), Constraint::Min(20)]).areas(area);
    sections(s, f, left, buf);
    let t = s.tr();
    let section = f.section();
    let block = s.theme().block(t.settings_section(section).to_string());
    let inner = block.inner(right);
    block.render(right, buf);
    let width = usize::from(inner.width).max(10);
    let height = usize::from(inner.height);
    if f.stage == SettingsStage::Loading {
        let text = match &f.notice {
            Some(n) => t.settings_notice(n, &f.file),
            None => t.settings_loading().to_string(),
        };
        let lines: Vec<Line> = wrap_words(&text, width)
            .into_iter()
            .map(|l| Line::from(Span::styled(l, s.theme().dim())))
            .collect();
        Paragraph::new(lines).render(inner, buf);
        return;
    }
    let mut lines = fields(s, f, section, height, width);
    let room = height.saturating_sub(lines.len() + 1);
    let tail = tail(s, f, width);
    if room > 0 && !tail.is_empty() {
        lines.push(Line::from(""));
        lines.extend(tail.into_iter().take(room));
    }
    Paragraph::new(lines).render(inner, buf);
}

/// The list of sections: the focused one marked, those with errors flagged.
fn sections(s: &State, f: &SettingsForm, area: Rect, buf: &mut Buffer) {
    let t = s.tr();
    let th = s.theme();
    let block = th.block(t.settings_title().to_string());
    let inner = block.inner(area);
    block.render(area, buf);
    let current = f.section();
    let lines: Vec<Line> = Section::ALL
        .iter()
        .map(|sec| {
            let bad = f.errors.iter().any(|(k, _)| k.section() == *sec);
            let name = format!(
                " {}{}",
                t.settings_section(*sec),
                if bad { " !" } else { "" }
            );
            let text = marked(*sec == current, &name);
            match (*sec == current, bad) {
                (true, _) => Line::from(Span::styled(text, th.selected())),
                (false, true) => Line::from(Span::styled(text, th.error())),
                (false, false) => Line::from(text),
            }
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);
}

/// The section's fields in `height` rows: each its label and value, its errors under it
/// (cut to one row each when all of them do not fit).
fn fields<'a>(
    s: &State,
    f: &SettingsForm,
    section: Section,
    height: usize,
    width: usize,
) -> Vec<Line<'a>> {
    let t = s.tr();
    let th = s.theme();
    let active = f.stage == SettingsStage::Editing && s.popup.is_none();
    let room = width.saturating_sub(VALUE_AT + 2).max(10);
    let country = f.value(SettingsField::Country);
    let errors = |k: SettingsField| -> Vec<String> {
        f.errors_for(k)
            .map(|e| t.settings_error(e, country))
            .collect()
    };
    let keys: Vec<(usize, SettingsField)> =
        f.in_section(section).map(|(i, (k, _))| (i, *k)).collect();
    let whole: usize = keys
        .iter()
        .map(|(_, k)| {
            1 + errors(*k)
                .iter()
                .map(|e| wrap_words(e, room).len())
                .sum::<usize>()
        })
        .sum();
    let short = whole > height.saturating_sub(2);
    let mut all: Vec<(usize, Line<'a>)> = Vec::new();
    for (i, key) in keys {
        let focused = active && i == f.focus;
        let label = format!(
            "{}{:<w$} ",
            if focused { ">" } else { " " },
            t.settings_field(key),
            w = LABEL_MAX
        );
        let mut spans = vec![Span::styled(
            label,
            if focused { th.title() } else { th.label() },
        )];
        let input = f.fields.get(i).map(|(_, t)| t);
        let value_w = width.saturating_sub(VALUE_AT).max(4);
        spans.extend(value(s, f, key, input, focused, value_w).spans);
        all.push((i, Line::from(spans)));
        for e in errors(key) {
            let rows = if short {
                cut(&e, room)
            } else {
                wrap_words(&e, room)
            };
            for (n, l) in rows.into_iter().enumerate() {
                let mark = if n == 0 { "! " } else { "  " };
                let msg = format!("{:w$}{mark}{l}", "", w = VALUE_AT);
                all.push((i, Line::from(Span::styled(msg, th.error()))));
            }
        }
    }
    let focus_row = all.iter().position(|(i, _)| *i == f.focus).unwrap_or(0);
    let start = scroll_start(focus_row + 1, height, all.len());
    all.into_iter()
        .skip(start)
        .take(height)
        .map(|(_, l)| l)
        .collect()
}

/// An error in one row of `room` characters, its first words marked as cut when it
/// needs more.
fn cut(text: &str, room: usize) -> Vec<String> {
    if wrap_words(text, room).len() <= 1 {
        return wrap_words(text, room);
    }
    let first = wrap_words(text, room.saturating_sub(3).max(1))
        .into_iter()
        .next()
        .unwrap_or_default();
    vec![format!("{first}...")]
}

/// A field's value: a choice between `<` `>` (yes/no in words), the password as stars
/// (or whether one is set), else the text, scrolled so the cursor shows.
fn value<'a>(
    s: &State,
    f: &SettingsForm,
    key: SettingsField,
    input: Option<&TextInput>,
    focused: bool,
    width: usize,
) -> Line<'a> {
    let th = s.theme();
    let t = s.tr();
    let empty = TextInput::default();
    let input = input.unwrap_or(&empty);
    if key.is_choice() {
        let style = if focused { th.selected() } else { th.strong() };
        let shown = if key.is_yes_no() {
            t.settings_yes_no(input.text() == crate::app::settings::YES)
                .to_string()
        } else {
            clean(input.text()).into_owned()
        };
        return Line::from(Span::styled(format!("< {shown} >"), style));
    }
    if key.is_secret() {
        if input.is_empty() {
            let state = t.settings_password(f.secret_set(key));
            return match focused {
                true => Line::from(vec![
                    Span::styled(" ", th.cursor()),
                    Span::styled(format!(" ({state})"), th.dim()),
                ]),
                false => Line::from(Span::styled(format!("({state})"), th.dim())),
            };
        }
        let mut stars = TextInput::with(&"*".repeat(input.text().chars().count()));
        for _ in input.cursor()..input.text().chars().count() {
            stars.left();
        }
        return field_line(&window(&stars, width, focused), focused, th.strong());
    }
    field_line(&window(input, width, focused), focused, th.strong())
}

/// The part of `input` that fits `width` columns with its cursor in view (a field
/// without the focus shows its start: `focused` is whether the cursor is drawn).
fn window(input: &TextInput, width: usize, focused: bool) -> TextInput {
    let chars: Vec<char> = input.text().chars().collect();
    let width = width.max(2);
    if chars.len() < width || (!focused && chars.len() == width) {
        return input.clone();
    }
    if !focused {
        let shown: String = chars.iter().take(width).collect();
        return TextInput::with(&shown);
    }
    let start = input.cursor().saturating_sub(width - 1);
    let shown: String = chars.iter().skip(start).take(width).collect();
    let mut out = TextInput::with(&shown);
    let end = shown.chars().count();
    for _ in (input.cursor() - start).min(end)..end {
        out.left();
    }
    out
}

/// Under the fields: saving, what the last save said, and what the focused field is for.
fn tail<'a>(s: &State, f: &SettingsForm, width: usize) -> Vec<Line<'a>> {
    let t = s.tr();
    let th = s.theme();
    let mut out: Vec<Line<'a>> = Vec::new();
    if f.stage == SettingsStage::Saving {
        out.push(Line::from(Span::styled(t.settings_saving(), th.ok())));
    }
    if let Some(n) = &f.notice {
        let style = match n {
            crate::app::settings::Notice::Saved { .. } => th.ok(),
            _ => th.error(),
        };
        for l in wrap_words(&t.settings_notice(n, &f.file), width) {
            out.push(Line::from(Span::styled(l, style)));
        }
    }
    if let Some(k) = f.focused() {
        for l in wrap_words(t.settings_hint(k), width) {
            out.push(Line::from(Span::styled(l, th.dim())));
        }
    }
    out
}
