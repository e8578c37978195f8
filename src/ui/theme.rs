//! Colours and borders: the 16 ANSI colours only (the Linux console has no more), and
//! plain ASCII borders (`+`, `-`, `|`) when the terminal may lack box-drawing glyphs;
//! the bars of charts in eighths of a block, or in `#`, `=` and `_` in ASCII.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::{bar, border};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders};

/// Borders drawn with ASCII only.
pub const ASCII_BORDER: border::Set = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

/// Chart bars drawn with ASCII only: a full cell `#`, about half `=`, a sliver `_`
/// (what is below an eighth is left blank, as the block glyphs do).
pub const ASCII_BARS: bar::Set = bar::Set {
    full: "#",
    seven_eighths: "#",
    three_quarters: "#",
    five_eighths: "=",
    half: "=",
    three_eighths: "=",
    one_quarter: "_",
    one_eighth: "_",
    empty: " ",
};

/// How things are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub ascii: bool,
}

impl Theme {
    /// A bordered box with a title.
    pub fn block<'a>(&self, title: impl Into<Line<'a>>) -> Block<'a> {
        let b = Block::default()
            .borders(Borders::ALL)
            .title(title)
            .title_style(self.title());
        if self.ascii {
            b.border_set(ASCII_BORDER)
        } else {
            b.border_set(border::PLAIN)
        }
    }

    pub fn title(&self) -> Style {
        Style::default()
            .fg(Color::Cyan)
            .add_modifier(Modifier::BOLD)
    }

    pub fn bar(&self) -> Style {
        Style::default().fg(Color::White).bg(Color::Blue)
    }

    pub fn selected(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }

    pub fn label(&self) -> Style {
        Style::default().fg(Color::Cyan)
    }

    pub fn error(&self) -> Style {
        Style::default()
            .fg(Color::LightRed)
            .add_modifier(Modifier::BOLD)
    }

    pub fn ok(&self) -> Style {
        Style::default().fg(Color::LightGreen)
    }

    pub fn warn(&self) -> Style {
        Style::default()
            .fg(Color::Yellow)
            .add_modifier(Modifier::BOLD)
    }

    pub fn dim(&self) -> Style {
        Style::default().fg(Color::DarkGray)
    }

    pub fn key(&self) -> Style {
        Style::default().fg(Color::Black).bg(Color::Cyan)
    }

    pub fn strong(&self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }

    /// What matched the search in a result row.
    pub fn hit(&self) -> Style {
        Style::default()
            .fg(Color::Yellow)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// The symbols of chart bars (bar charts, sparklines).
    pub fn bars(&self) -> bar::Set<'static> {
        if self.ascii {
            ASCII_BARS
        } else {
            bar::NINE_LEVELS
        }
    }

    /// The bars of a chart.
    pub fn chart(&self) -> Style {
        Style::default().fg(Color::LightGreen)
    }

    /// The text cursor in a field.
    pub fn cursor(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }
}
