//! The Import screen: the folder and its files with the preset; the progress of a run;
//! the dry-run or final report as a scrollable list (one line per report item).
//!
//! Invariants: everything read from the file (column names, values quoted in messages,
//! the file's own name) and from the store (customer names) passes through `clean`;
//! only the visible lines of the report are built.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::strings::Tr;
use super::widgets::{field_line, scroll_start};
use crate::app::state::{
    report_items, ImportResult, ImportScreen, ImportStage, ReportItem, Section, State,
};
use crate::app::view::{Issue, Match, MatchKey, Report};
use crate::sanitize::clean;

pub fn render(s: &State, area: Rect, buf: &mut Buffer) {
    match s.import.stage {
        ImportStage::Choose => choose(s, area, buf),
        ImportStage::Checking | ImportStage::Importing => running(s, area, buf),
        ImportStage::Review | ImportStage::Done => report(s, area, buf),
    }
}

fn choose(s: &State, area: Rect, buf: &mut Buffer) {
    let t = s.tr();
    let w = &t.import;
    let th = s.theme();
    let im = &s.import;
    let top_h = if im.error.is_some() { 7 } else { 5 };
    let [top, list] = Layout::vertical([Constraint::Length(top_h), Constraint::Min(3)]).areas(area);
    let block = th.block(w.choose);
    let inner = block.inner(top);
    block.render(top, buf);
    let dir = im
        .dir
        .as_ref()
        .map(|d| clean(&d.to_string_lossy()).into_owned())
        .unwrap_or_default();
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!("{}: ", w.folder), th.label()),
            Span::raw(dir),
        ]),
        Line::from(vec![
            Span::styled(format!("{}: ", w.preset), th.label()),
            Span::styled(im.preset_name(), th.strong()),
            Span::styled(format!("  ({})", w.preset_hint), th.dim()),
        ]),
        {
            let mut l = field_line(&im.filter, s.popup.is_none(), th.strong());
            l.spans.insert(0, Span::styled("> ", th.label()));
            l
        },
    ];
    if let Some(e) = &im.error {
        lines.push(Line::from(Span::styled(clean(e).into_owned(), th.error())));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);

    let block = th.block(format!(" {} ", w.hint));
    let inner = block.inner(list);
    block.render(list, buf);
    let visible = im.visible();
    if visible.is_empty() {
        Paragraph::new(Span::styled(w.no_files, th.dim())).render(inner, buf);
        return;
    }
    let height = inner.height as usize;
    let start = scroll_start(im.selected, height, visible.len());
    let width = inner.width as usize;
    let lines: Vec<Line> = visible
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, e)| {
            let right = if e.dir {
                w.dir_mark.to_string()
            } else {
                size(e.size)
            };
            let name = clean(&e.name);
            let room = width.saturating_sub(right.chars().count() + 3);
            let name: String = name.chars().take(room).collect();
            let pad = width.saturating_sub(name.chars().count() + right.chars().count() + 2);
            let mark = if i == im.selected {
                super::widgets::FOCUS_MARK
            } else {
                " "
            };
            let text = format!("{mark}{name}{}{right} ", " ".repeat(pad));
            let style = if i == im.selected {
                th.selected()
            } else if e.dir {
                th.label()
            } else {
                Style::default()
            };
            Line::from(Span::styled(text, style))
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);
}

/// A size the way people read it: 812 B, 45 KB, 1.2 MB.
fn size(bytes: u64) -> String {
    match bytes {
        b if b < 1_000 => format!("{b} B"),
        b if b < 1_000_000 => format!("{} KB", b / 1_000),
        b if b < 1_000_000_000 => format!("{:.1} MB", b as f64 / 1e6),
        b => format!("{:.1} GB", b as f64 / 1e9),
    }
}

fn file_name(im: &ImportScreen) -> String {
    im.file
        .as_ref()
        .and_then(|f| f.file_name())
        .map(|n| clean(&n.to_string_lossy()).into_owned())
        .unwrap_or_default()
}

fn running(s: &State, area: Rect, buf: &mut Buffer) {
    let t = s.tr();
    let th = s.theme();
    let im = &s.import;
    let block = th.block(format!("{}: {}", t.import.screen, file_name(im)));
    let inner = block.inner(area);
    block.render(area, buf);
    let what = if im.stage == ImportStage::Checking {
        t.import.checking
    } else {
        t.import.importing
    };
    let (done, total) = im.progress;
    let pct = done
        .saturating_mul(100)
        .checked_div(total)
        .unwrap_or(0)
        .min(100);
    let bar_w = inner.width.saturating_sub(8) as u64;
    let full = (bar_w * pct / 100) as usize;
    let (on, off) = if th.ascii { ("#", "-") } else { ("█", "░") };
    let bar = format!(
        "[{}{}] {pct:>3}%",
        on.repeat(full),
        off.repeat(bar_w as usize - full)
    );
    Paragraph::new(vec![
        Line::from(""),
        Line::from(Span::styled(format!(" {what}"), th.strong())),
        Line::from(""),
        Line::from(format!(" {bar}")),
    ])
    .render(inner, buf);
}

fn report(s: &State, area: Rect, buf: &mut Buffer) {
    let t = s.tr();
    let w = &t.import;
    let th = s.theme();
    let im = &s.import;
    let [body, hint] = Layout::vertical([Constraint::Min(3), Constraint::Length(2)]).areas(area);
    let done = im.stage == ImportStage::Done;
    let title = match (&im.result, done) {
        (None, _) => w.failed,
        (Some(r), true) if r.report.committed => w.done,
        (Some(_), true) => w.failed,
        (Some(_), false) => w.review,
    };
    let block = th.block(format!("{title}: {}", file_name(im)));
    let inner = block.inner(body);
    block.render(body, buf);
    let show_hint = |buf: &mut Buffer| {
        Paragraph::new(Span::styled(
            if done { w.done_hint } else { w.review_hint },
            th.dim(),
        ))
        .render(hint, buf);
    };
    let Some(result) = &im.result else {
        show_hint(buf);
        let e = im.error.as_deref().unwrap_or_default();
        Paragraph::new(Span::styled(clean(e).into_owned(), th.error())).render(inner, buf);
        return;
    };
    let items = report_items(&result.report);
    // The selected line in full below the list when the list had to cut it.
    match items.get(im.scroll).map(|i| item_line(t, result, i, s)) {
        Some((text, style)) if text.chars().count() > inner.width as usize => {
            Paragraph::new(Span::styled(text.trim_start().to_string(), style))
                .wrap(Wrap { trim: true })
                .render(hint, buf);
        }
        _ => show_hint(buf),
    }
    let height = inner.height as usize;
    let start = scroll_start(im.scroll, height, items.len());
    let lines: Vec<Line> = items
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, item)| {
            let (text, style) = item_line(t, result, item, s);
            let (text, style) = if i == im.scroll {
                (
                    super::widgets::marked(true, &text),
                    style.patch(th.selected()),
                )
            } else {
                (super::widgets::marked(false, &text), style)
            };
            Line::from(Span::styled(text, style))
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);
}

fn place(t: &Tr, i: &Issue) -> String {
    match &i.column {
        Some(c) => format!("  {} {}, {}: ", t.import.line, i.line, t.column_shown(c)),
        None => format!("  {} {}: ", t.import.line, i.line),
    }
}

/// Why a row was refused or warned about, in the register's language: the importer's
/// remark, or a broken validator rule (the field named where the column does not say
/// it); an issue with neither as the importer wrote it.
fn issue_text(t: &Tr, i: &Issue) -> String {
    if let Some(r) = &i.remark {
        return t.remark_text(r);
    }
    let translated = i
        .rule
        .as_ref()
        .and_then(|(rule, field)| Some((field, t.rule_text(rule, &i.message)?)));
    let text = match translated {
        Some((field, text))
            if i.column
                .as_deref()
                .is_some_and(|c| c.eq_ignore_ascii_case(field)) =>
        {
            text
        }
        Some((field, text)) => format!("{field}: {text}"),
        None => i.message.clone(),
    };
    clean(&text).into_owned()
}

/// The text and style of one report line.
fn item_line(t: &Tr, result: &ImportResult, item: &ReportItem, s: &State) -> (String, Style) {
    let w = &t.import;
    let th = s.theme();
    let r: &Report = &result.report;
    let plain = Style::default();
    match item {
        ReportItem::Counts => {
            let (c, u) = if r.dry_run {
                (w.to_create, w.to_update)
            } else {
                (w.created, w.updated)
            };
            (
                format!(
                    "{} {}: {c} {}, {u} {}, {} {}, {} {}, {} {}",
                    w.rows,
                    r.rows_read,
                    r.created,
                    r.updated,
                    w.unchanged,
                    r.unchanged,
                    w.refused,
                    r.refused,
                    w.warnings,
                    r.warnings_count
                ),
                th.strong(),
            )
        }
        ReportItem::Source => (source_line(t, r), plain),
        ReportItem::Encoding => (
            clean(&format!(
                "{}: {}, {}: {}",
                w.encoding,
                t.encoding_shown(r.encoding.as_deref().unwrap_or_default()),
                w.delimiter,
                t.delimiter_shown(r.delimiter.as_deref().unwrap_or_default())
            ))
            .into_owned(),
            plain,
        ),
        ReportItem::Rejected(f) => (
            clean(&format!("{} {f}", w.rejected)).into_owned(),
            th.warn(),
        ),
        ReportItem::UnknownGroups => (unknown_groups(s, r), th.warn()),
        ReportItem::Notice(n) => {
            let text = r
                .notice_remark(n)
                .map_or_else(|| n.to_string(), |remark| t.remark_text(remark));
            (clean(&format!("{}: {text}", w.note)).into_owned(), plain)
        }
        ReportItem::Heading(sec) => {
            let i = match sec {
                Section::Refused => 0,
                Section::Warnings => 1,
                Section::Columns => 2,
                Section::Matches => 3,
            };
            (
                w.sections.get(i).copied().unwrap_or("").to_string(),
                th.label(),
            )
        }
        ReportItem::Refusal(i) => (format!("{}{}", place(t, i), issue_text(t, i)), th.error()),
        ReportItem::Warning(i) => (format!("{}{}", place(t, i), issue_text(t, i)), th.warn()),
        ReportItem::Column(c) => (
            clean(&format!(
                "  {} -> {} ({})",
                c.column,
                c.field,
                t.column_origin(&c.from)
            ))
            .into_owned(),
            plain,
        ),
        ReportItem::Ignored => (
            clean(&format!(
                "  {}: {}",
                w.ignored,
                r.ignored_columns.join(", ")
            ))
            .into_owned(),
            th.dim(),
        ),
        ReportItem::Match(m) => (match_line(t, result, m), plain),
        ReportItem::Truncated => (w.truncated.to_string(), th.dim()),
    }
}

/// "File: CSV, preset shopify (chosen from the header...)".
fn source_line(t: &Tr, r: &Report) -> String {
    let w = &t.import;
    let why = match (&r.preset_remark, &r.preset_reason) {
        (Some(remark), _) => Some(t.remark_text(remark)),
        (None, why) => why.clone(),
    };
    let preset = match (&r.preset, why) {
        (Some(p), Some(why)) => {
            format!(", {} {} {why}", w.preset.to_lowercase(), t.preset_shown(p))
        }
        (Some(p), None) => format!(", {} {}", w.preset.to_lowercase(), t.preset_shown(p)),
        _ => String::new(),
    };
    let format = if r.format == "vcard" { "vCard" } else { "CSV" };
    clean(&format!("{}: {format}{preset}", w.file)).into_owned()
}

/// A row that matched a stored customer: who, on what, and what it changes.
fn match_line(t: &Tr, result: &ImportResult, m: &Match) -> String {
    let w = &t.import;
    let r = &result.report;
    let name = result
        .names
        .iter()
        .find(|(id, _)| *id == m.customer)
        .map_or_else(|| m.customer.to_string(), |(_, n)| n.clone());
    let key = match m.matched_on {
        MatchKey::Reference => w.keys[0],
        MatchKey::Email => w.keys[1],
        MatchKey::Phone => w.keys[2],
        MatchKey::Name => w.keys[3],
    };
    let text = if m.fields.is_empty() {
        format!("  {} {}: {} {name} ({key})", w.line, m.line, w.same)
    } else {
        let verb = if r.dry_run { w.would_update } else { w.updates };
        format!(
            "  {} {}: {verb} {name} ({key}): {}",
            w.line,
            m.line,
            m.fields.join(", ")
        )
    };
    clean(&text).into_owned()
}

/// "Unknown groups: VIP Or (2), ..." with what to do about them.
fn unknown_groups(s: &State, r: &Report) -> String {
    let names: Vec<String> = r
        .unknown_groups
        .iter()
        .map(|g| format!("{} ({})", g.name, g.rows))
        .collect();
    let names = names.join(", ");
    let l = s.tr().lang;
    let text = if !r.dry_run {
        l.pick(
            format!("Unknown groups: {names} (left out: create them on the Groups screen, F9 in the list, and import again)"),
            format!("Groupes inconnus : {names} (ignorés : créez-les dans l'écran Groupes, F9 dans la liste, puis réimportez)"),
            format!("Onbekende groepen: {names} (weggelaten: maak ze aan in het scherm Groepen, F9 in de lijst, en importeer opnieuw)"),
            format!("Unbekannte Gruppen: {names} (weggelassen: im Bildschirm Gruppen anlegen, F9 in der Liste, dann neu importieren)"),
        )
    } else if s.import.create_groups {
        l.pick(
            format!("[x] Create the unknown groups with the import (F2), no discount: {names}"),
            format!("[x] Créer les groupes inconnus avec l'import (F2), sans remise : {names}"),
            format!("[x] Onbekende groepen aanmaken met de import (F2), zonder korting: {names}"),
            format!("[x] Unbekannte Gruppen mit dem Import anlegen (F2), ohne Rabatt: {names}"),
        )
    } else {
        l.pick(
            format!("[ ] Create the unknown groups with the import (F2); else left out: {names}"),
            format!("[ ] Créer les groupes inconnus avec l'import (F2) ; sinon ignorés : {names}"),
            format!(
                "[ ] Onbekende groepen aanmaken met de import (F2); anders weggelaten: {names}"
            ),
            format!(
                "[ ] Unbekannte Gruppen mit dem Import anlegen (F2); sonst weggelassen: {names}"
            ),
        )
    };
    clean(&text).into_owned()
}
