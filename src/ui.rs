//! The register's screens, drawn with ratatui from the state alone.
//!
//! The help overlay, when open, is drawn last, over the popup if there is one.
//!
//! Invariants: rendering is a pure read of [`State`] (`impl Widget for &State`): no IO,
//! no mutation, no clock (the state's "now" is drawn); every piece of stored text passes
//! through [`crate::sanitize::clean`] before it reaches the terminal; all words come from
//! [`strings`]; everything fits 80x24 with 16 colours, and ASCII borders are used when
//! the state says so (Linux console). Only the visible rows of a list are drawn.

pub mod card;
pub mod catalog;
pub mod form;
pub mod help;
pub mod highlight;
pub mod import;
pub mod list;
pub mod outbox;
pub mod picker;
pub mod popup;
pub mod qr;
pub mod reports;
pub mod sale;
pub mod settings;
pub mod setup;
pub mod strings;
pub mod theme;
pub mod widgets;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Widget;
use ratatui::Frame;

use crate::app::state::{Screen, State};

/// Draws the whole register into a frame.
pub fn draw(frame: &mut Frame, state: &State) {
    frame.render_widget(state, frame.area());
}

impl Widget for &State {
    fn render(self, area: Rect, buf: &mut Buffer) {
        // The footer's lines decide its height: made once per frame.
        let foot_lines = widgets::footer_lines(self, area.width);
        let foot_rows = foot_lines.len().max(1) as u16;
        let [head, body, status, foot] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(3),
            Constraint::Length(1),
            Constraint::Length(foot_rows),
        ])
        .areas(area);
        widgets::header(self, head, buf);
        match self.screen {
            Screen::Sale => sale::render(self, body, buf),
            Screen::Picker => match &self.picker_form {
                Some(f) => form::render(self, f, self.tr().new_customer, body, buf),
                None => picker::render(self, body, buf),
            },
            Screen::Card => card::render(self, body, buf),
            Screen::List => list::render(self, body, buf),
            Screen::Import => import::render(self, body, buf),
            Screen::Setup => setup::render(self, body, buf),
            Screen::Catalog => catalog::render(self, body, buf),
            Screen::Groups => catalog::render_groups(self, body, buf),
            Screen::Reports => reports::render(self, body, buf),
            Screen::Settings => settings::render(self, body, buf),
            Screen::Outbox => outbox::render(self, body, buf),
        }
        widgets::status(self, status, buf);
        ratatui::widgets::Paragraph::new(foot_lines).render(foot, buf);
        if let Some(p) = &self.popup {
            popup::render(self, p, body, buf);
        }
        if let Some(h) = &self.help {
            help::render(self, h, body, buf);
        }
    }
}

impl State {
    /// The texts of the interface language.
    pub fn tr(&self) -> &'static strings::Tr {
        strings::tr(self.settings.lang)
    }

    /// The drawing style (colours, borders).
    pub fn theme(&self) -> theme::Theme {
        theme::Theme {
            ascii: self.settings.ascii,
        }
    }
}

#[cfg(test)]
mod tests;
