//! The terminal: raw mode, alternate screen, bracketed paste, hidden cursor; restored by
//! [`Term::leave`], by `Drop` on any early return, and by a panic hook.
//!
//! Invariant: whatever way the register stops, the shell gets its terminal back.

use std::io::{self, Stdout};

use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use crossterm::{cursor, execute};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;

use super::state::State;

/// The terminal while the register runs.
pub struct Term {
    terminal: Terminal<CrosstermBackend<Stdout>>,
    restored: bool,
}

fn restore() -> io::Result<()> {
    disable_raw_mode()?;
    execute!(
        io::stdout(),
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    )
}

impl Term {
    /// Takes over the terminal and installs the panic hook that gives it back.
    pub fn enter() -> io::Result<Term> {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = restore();
            previous(info);
        }));
        enable_raw_mode()?;
        let entered = execute!(
            io::stdout(),
            EnterAlternateScreen,
            EnableBracketedPaste,
            cursor::Hide
        )
        .and_then(|_| Terminal::new(CrosstermBackend::new(io::stdout())));
        match entered {
            Ok(terminal) => Ok(Term {
                terminal,
                restored: false,
            }),
            Err(e) => {
                let _ = restore();
                Err(e)
            }
        }
    }

    /// Draws the state (a pure read of it).
    pub fn draw(&mut self, state: &State) -> io::Result<()> {
        self.terminal
            .draw(|f| crate::ui::draw(f, state))
            .map(|_| ())
    }

    /// Gives the terminal back.
    pub fn leave(mut self) -> io::Result<()> {
        self.restored = true;
        restore()
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        if !self.restored {
            let _ = restore();
        }
    }
}
