//! Pieces every screen uses: the header, the status bar, the footer of function keys,
//! a text field with its cursor, a label/value line.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{HighlightSpacing, Paragraph, StatefulWidget, Table, TableState, Widget};

use crate::app::settings::SettingsStage;
use crate::app::setup::SetupStage;
use crate::app::state::{ImportStage, Msg, Popup, Screen, State, Tab};
use crate::app::text_input::TextInput;
use crate::app::view::scope;
use crate::keys::{self, Command, Scope};
use crate::sanitize::clean;

/// The top line: shop, screen, register, clock, manager badge.
pub fn header(s: &State, area: Rect, buf: &mut Buffer) {
    let t = s.tr();
    let th = s.theme();
    let screen = match s.screen {
        Screen::Sale => t.sale,
        Screen::Picker if s.picker_form.is_some() => t.new_customer,
        Screen::Picker => t.picker,
        Screen::Card => t.card,
        Screen::List => t.list,
        Screen::Import => t.import.screen,
        Screen::Setup => t.setup_title(),
        Screen::Catalog => t.catalog_title(),
        Screen::Groups => t.groups_title(),
        Screen::Reports => t.reports_title(),
        Screen::Settings => t.settings_title(),
        Screen::Outbox => t.outbox_title(),
    };
    let left = format!(" {} | {screen}", clean(&s.settings.shop_name));
    let mut right = format!(
        "{} {} ",
        s.settings.register,
        t.datetime(s.now, s.settings.utc_offset_secs)
    );
    if let (true, Some(until)) = (s.is_manager(), s.manager) {
        let badge = t.manager_until(until, s.settings.utc_offset_secs);
        right = format!("[{badge}] {right}");
    }
    buf.set_style(area, th.bar());
    Paragraph::new(Line::from(Span::styled(
        left,
        th.bar().add_modifier(ratatui::style::Modifier::BOLD),
    )))
    .render(area, buf);
    let w = right.chars().count() as u16;
    if w < area.width {
        let r = Rect::new(area.x + area.width - w, area.y, w, 1);
        Paragraph::new(right).style(th.bar()).render(r, buf);
    }
}

/// The status line: the last message on the left, the printer, scanners and search on
/// the right.
pub fn status(s: &State, area: Rect, buf: &mut Buffer) {
    let t = s.tr();
    let th = s.theme();
    // A printer in trouble comes first (a receipt may be waiting), then the messages
    // and the hub: never cut, what waits is said whole. "No scanner", a reminder only,
    // gives them the room.
    let printer = t.printer_state(&s.status.printer);
    let mail = t.mail_state(&s.status.mail, s.settings.email, s.settings.sms);
    let hub = t.sync_state(s.status.sync.as_ref(), s.settings.utc_offset_secs);
    let quiet = printer.is_empty() && mail.is_empty() && hub.is_empty();
    let mut right: Vec<String> = [printer, mail, hub]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
    if quiet && s.status.readers.is_empty() {
        right.push(t.no_scanner.to_string());
    }
    // The items joined by " | " (the trailing space may be cut).
    let width = |items: &[String]| {
        let n = items.len();
        items.iter().map(|i| i.chars().count()).sum::<usize>() + 3 * n.saturating_sub(1)
    };
    let printer_w = (width(&right) + 1) as u16;
    // Then the scanners and the index, each whole or not at all, in half the bar.
    let mut extra: Vec<String> = s
        .status
        .readers
        .iter()
        .map(|r| {
            let state = if r.connected { "ok" } else { t.disconnected };
            format!("{} {}: {state}", t.scanner, clean(&r.name))
        })
        .collect();
    extra.push(t.index_state(&s.status.index));
    let room = usize::from((area.width / 2).max(printer_w));
    for item in extra.into_iter().filter(|i| !i.is_empty()) {
        let sep = if right.is_empty() { 0 } else { 3 };
        if width(&right) + sep + item.chars().count() <= room {
            right.push(item);
        }
    }
    let right = format!("{} ", right.join(" | "));
    let message = s
        .status
        .message
        .as_ref()
        .map(|(m, _)| (m, format!(" {}", clean(&t.msg(m)))));
    // What just happened comes first: the scanners' and the index's state (always
    // there, and back when the message goes) give way to a message that needs the room.
    let msg_w = message.as_ref().map_or(0, |(_, text)| text.chars().count()) as u16;
    // At most half the bar, but never less than the printer's part: it is not cut.
    let right_w = (right.chars().count() as u16).min((area.width / 2).max(printer_w));
    let rw = if msg_w + right_w <= area.width {
        right_w
    } else {
        0
    };
    let msg_area = Rect::new(area.x, area.y, area.width.saturating_sub(rw), 1);
    if let Some((m, text)) = message {
        let style = match m {
            Msg::Error(_)
            | Msg::WrongPin
            | Msg::PinWait
            | Msg::ManagerOnly
            | Msg::NotEnough
            | Msg::ProductUnknown(_)
            | Msg::ScanInvalid(_)
            | Msg::FixErrors(_)
            | Msg::ReceiptFailed(_)
            | Msg::NothingToImport
            | Msg::NoPin => th.error(),
            Msg::TicketEmpty
            | Msg::ParkFirst
            | Msg::NothingParked
            | Msg::ParkedDamaged
            | Msg::ParkLabel(_)
            | Msg::Recalled {
                customer_gone: true,
                ..
            }
            | Msg::NoCustomer
            | Msg::InvalidQuantity
            | Msg::InvalidAmount
            | Msg::RefundOfRefund(_)
            | Msg::DayAlreadyClosed(_)
            | Msg::NothingToRefund(_) => th.warn(),
            _ => th.ok(),
        };
        Paragraph::new(Span::styled(text, style)).render(msg_area, buf);
    }
    if rw == 0 {
        return;
    }
    let printer_down = s.status.printer.state != crate::app::state::PrinterState::Ready
        || s.status.printer.failed > 0
        || s.status.mail.offline
        || s.status.mail.failed > 0
        || s.status.sync.is_some_and(|h| !h.online);
    let dim = if printer_down || s.status.readers.iter().any(|r| !r.connected) {
        th.warn()
    } else {
        th.dim()
    };
    Paragraph::new(Span::styled(right, dim)).render(
        Rect::new(area.x + area.width.saturating_sub(rw), area.y, rw, 1),
        buf,
    );
}

/// The commands shown in the footer for what has the focus now; the help key last,
/// everywhere but in the help itself.
pub fn footer_commands(s: &State) -> (Scope, Vec<Command>) {
    use Command as C;
    let sc = scope(s);
    let mut list = match sc {
        // A popup holding a form (the new product) is filled like one, and saved with
        // its key; a past sale has its own keys; the others are answered with Enter.
        Scope::Popup if matches!(s.popup, Some(Popup::NewProduct { .. })) => {
            vec![C::NextField, C::Save, C::Back]
        }
        Scope::Popup if matches!(s.popup, Some(Popup::SaleView { .. })) => {
            vec![C::Reprint, C::MoveSale, C::Refund, C::Back]
        }
        Scope::Popup if matches!(s.popup, Some(Popup::Refund(_))) => {
            vec![C::Toggle, C::Confirm, C::Back]
        }
        Scope::Popup | Scope::Question | Scope::Checklist => vec![C::Confirm, C::Back],
        Scope::Sale => vec![
            C::Customer,
            C::OpenCard,
            C::Detach,
            C::Products,
            C::Quantity,
            C::RemoveLine,
            C::PayCash,
            C::PayCard,
            C::CustomersList,
            C::Manager,
            C::EditPrice,
        ],
        Scope::Picker => vec![
            C::Confirm,
            C::ToggleAdvanced,
            C::ChooseFields,
            C::NewCustomer,
            C::OpenCard,
            C::Back,
        ],
        // A group's form has no choice field.
        Scope::Form if s.screen == Screen::Groups => vec![C::NextField, C::Save, C::Back],
        Scope::Form => vec![C::NextField, C::Toggle, C::Save, C::Back],
        Scope::List => vec![
            C::OpenCard,
            C::NewCustomer,
            C::Sort,
            C::Reverse,
            C::Import,
            C::Catalogue,
            C::Groups,
            C::Reports,
            C::Settings,
            C::Outbox,
            C::Back,
        ],
        Scope::Catalog => vec![C::Edit, C::Add, C::Archive, C::Back],
        Scope::Groups => groups_footer(s),
        Scope::Reports => reports_footer(s),
        Scope::Outbox => outbox_footer(s),
        Scope::Import => import_footer(s),
        Scope::Card => {
            let mut v = vec![C::NextTab];
            match s.card.as_ref().map(|c| c.tab) {
                Some(Tab::Info) => v.push(C::Edit),
                Some(Tab::History) => v.extend([C::Confirm, C::Reprint, C::MoveSale, C::Refund]),
                Some(Tab::Notes) => v.push(C::Edit),
                Some(Tab::Merge) => v.extend([C::Confirm, C::Edit, C::Apply]),
                Some(Tab::Delete) => v.push(C::Apply),
                _ => {}
            }
            v.extend([C::Manager, C::Back]);
            v
        }
        Scope::Setup => match s.setup.as_ref().map(|st| st.stage) {
            Some(SetupStage::Fields) => vec![C::NextField, C::Toggle, C::Save],
            Some(SetupStage::Choose { .. }) => vec![C::Confirm],
            _ => Vec::new(),
        },
        Scope::Settings => match s.settings_form.as_ref().map(|f| f.stage) {
            Some(SettingsStage::Editing) => vec![C::NextField, C::Toggle, C::Save, C::Back],
            Some(SettingsStage::Loading) => vec![C::Back],
            _ => Vec::new(),
        },
        Scope::Help => vec![C::Down, C::PageDown, C::Back],
        Scope::Any => vec![C::Quit],
    };
    // Top-up and settlement are for the customer on the ticket.
    if sc == Scope::Sale && s.ticket.customer.is_some() {
        list.push(C::TopUp);
    }
    // A ticket with lines can be parked; an empty one can take a parked one back.
    if sc == Scope::Sale {
        list.push(if s.ticket.lines.is_empty() {
            C::Recall
        } else {
            C::Park
        });
    }
    if sc != Scope::Help {
        list.push(C::Help);
    }
    (sc, list)
}

/// The groups screen's keys, or its price list's.
fn groups_footer(s: &State) -> Vec<Command> {
    use Command as C;
    match s.groups.prices.as_ref() {
        // A price being typed: Enter goes on to the price, then stores it.
        Some(p) if p.edit.is_some() => vec![C::Confirm, C::Back],
        Some(_) => vec![C::Add, C::Edit, C::Remove, C::Back],
        None => vec![C::Edit, C::Add, C::Remove, C::Prices, C::Back],
    }
}

/// The outbox screen's keys: its details open, the selected message's retry only.
fn outbox_footer(s: &State) -> Vec<Command> {
    use Command as C;
    if s.outbox.details {
        return vec![C::Retry, C::Back];
    }
    vec![C::Confirm, C::Filter, C::Retry, C::RetryAll, C::Back]
}

/// The Z closes with the cash counted; the periods' quick keys are the other reports'.
fn reports_footer(s: &State) -> Vec<Command> {
    use Command as C;
    if s.reports.kind == crate::app::view::ReportKind::Z {
        return vec![C::NextTab, C::Confirm, C::Today, C::CloseDay, C::Back];
    }
    vec![
        C::NextTab,
        C::Confirm,
        C::Today,
        C::ThisMonth,
        C::LastMonth,
        C::Back,
    ]
}

/// The Import screen's keys at each stage (F2 on a report naming unknown groups).
fn import_footer(s: &State) -> Vec<Command> {
    use Command as C;
    match s.import.stage {
        ImportStage::Choose => vec![C::Confirm, C::Preset, C::Back],
        ImportStage::Checking => vec![C::Back],
        ImportStage::Review if s.import.is_vcard() => vec![C::Import, C::Back],
        ImportStage::Review => {
            let groups = s
                .import
                .result
                .as_ref()
                .is_some_and(|r| !r.report.unknown_groups.is_empty());
            let mut v = vec![C::Import, C::Preset];
            if groups {
                v.push(C::Toggle);
            }
            v.push(C::Back);
            v
        }
        ImportStage::Importing => Vec::new(),
        ImportStage::Done => vec![C::Confirm],
    }
}

/// Most footer lines: below that, labels are shortened rather than the screen shrunk.
pub const FOOTER_MAX_LINES: usize = 2;

/// The footer's lines for a width: each key then its label in words (`F2 Customer`),
/// wrapped onto a second line when one is not enough. Only when two lines cannot hold
/// them (a terminal far narrower than 80 columns) are the labels shortened, all by the
/// same amount, so that every key stays visible.
pub fn footer_lines<'a>(s: &State, width: u16) -> Vec<Line<'a>> {
    let t = s.tr();
    let th = s.theme();
    let (sc, cmds) = footer_commands(s);
    let items: Vec<(String, &str)> = cmds
        .into_iter()
        .filter_map(|c| keys::key_label(&s.settings.keymap, sc, c).map(|k| (k, t.command(c))))
        .collect();
    let width = usize::from(width).max(1);
    let longest = items
        .iter()
        .map(|(_, l)| l.chars().count())
        .max()
        .unwrap_or(0);
    let rows_at = |max: usize| wrap_items(&items, max, width);
    let max = (1..=longest)
        .rev()
        .find(|m| rows_at(*m).len() <= FOOTER_MAX_LINES)
        .unwrap_or(1);
    rows_at(max)
        .into_iter()
        .map(|row| {
            let mut spans = Vec::new();
            for (i, (key, label)) in row.into_iter().enumerate() {
                if i > 0 {
                    spans.push(Span::raw("  "));
                }
                spans.push(Span::styled(key, th.key()));
                spans.push(Span::raw(format!(" {label}")));
            }
            Line::from(spans)
        })
        .collect()
}

/// The items as rows of at most `width` columns, labels cut to `max` characters.
fn wrap_items(items: &[(String, &str)], max: usize, width: usize) -> Vec<Vec<(String, String)>> {
    let mut rows: Vec<Vec<(String, String)>> = Vec::new();
    let mut used = 0;
    for (key, label) in items {
        let label: String = label.chars().take(max).collect();
        let len = key.chars().count() + 1 + label.chars().count();
        match rows.last_mut() {
            Some(row) if used + 2 + len <= width => {
                used += 2 + len;
                row.push((key.clone(), label));
            }
            _ => {
                used = len;
                rows.push(vec![(key.clone(), label)]);
            }
        }
    }
    rows
}

/// A text field's content with the cursor shown (when focused).
pub fn field_line<'a>(input: &TextInput, focused: bool, style: Style) -> Line<'a> {
    let th_cursor = Style::default().add_modifier(ratatui::style::Modifier::REVERSED);
    let text = clean(input.text()).into_owned();
    if !focused {
        return Line::from(Span::styled(text, style));
    }
    let chars: Vec<char> = text.chars().collect();
    let at = input.cursor().min(chars.len());
    let before: String = chars.iter().take(at).collect();
    let under: String = chars.get(at).map_or(" ".to_string(), |c| c.to_string());
    let after: String = chars.iter().skip(at + 1).collect();
    Line::from(vec![
        Span::styled(before, style),
        Span::styled(under, th_cursor),
        Span::styled(after, style),
    ])
}

/// "Label: value" with the label styled.
pub fn pair<'a>(label: &str, value: String, label_style: Style) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{label}: "), label_style),
        Span::raw(clean(&value).into_owned()),
    ])
}

/// The first row to draw so that `selected` is visible in `height` rows.
pub fn scroll_start(selected: usize, height: usize, len: usize) -> usize {
    if height == 0 || len <= height {
        return 0;
    }
    selected
        .saturating_sub(height.saturating_sub(1))
        .min(len - height)
}

/// The mark of the row that has the focus, in a column of its own: it shows without
/// colour (a text capture, the console in ASCII mode), where reverse video alone does not.
pub const FOCUS_MARK: &str = ">";

/// A list line with the focus mark (or a space) in front.
pub fn marked(selected: bool, text: &str) -> String {
    format!("{}{text}", if selected { FOCUS_MARK } else { " " })
}

/// Draws `table`, whose visible rows start at row `start` of the list, marking row
/// `selected` (an index in the whole list) with [`FOCUS_MARK`] in a first column that is
/// always there, so the columns do not move when the selection does.
pub fn render_marked(table: Table, start: usize, selected: usize, area: Rect, buf: &mut Buffer) {
    let mut state = TableState::default().with_selected(selected.checked_sub(start));
    StatefulWidget::render(
        table
            .highlight_symbol(FOCUS_MARK)
            .highlight_spacing(HighlightSpacing::Always),
        area,
        buf,
        &mut state,
    );
}
