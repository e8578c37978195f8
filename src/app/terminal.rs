//! The terminal: raw mode, alternate screen, bracketed paste, hidden cursor; restored by
//! [`Term::leave`], by `Drop` on any early return, and by a panic hook.
//!
//! Invariants: whatever way the register stops, the shell gets its terminal back; the
//! panic hook restores it only for a panic of the thread that runs the loop (the loop is
//! ending); a panic in a background thread goes to the log, not over the screen, and the
//! register goes on (the thread's failure reaches the screen as an event, see
//! `events::spawn_job`). Once the terminal is given back, panics are reported as before.

use std::io::{self, Stdout};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::{self, ThreadId};

use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use crossterm::{cursor, execute};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;

use super::state::State;
use super::Render;

/// The terminal while the register runs.
pub struct Term {
    terminal: Terminal<CrosstermBackend<Stdout>>,
    /// Whether the register has the terminal (shared with the panic hook).
    held: Arc<AtomicBool>,
}

/// What the panic hook does for a panic on `thread`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OnPanic {
    /// The loop's own thread: the register is ending; give the terminal back, then report.
    RestoreThenReport,
    /// A background thread while the register draws: log it, leave the screen alone.
    Log,
    /// The terminal is not held (any more): report as usual.
    Report,
}

fn on_panic(held: bool, thread: ThreadId, owner: ThreadId) -> OnPanic {
    match (held, thread == owner) {
        (false, _) => OnPanic::Report,
        (true, true) => OnPanic::RestoreThenReport,
        (true, false) => OnPanic::Log,
    }
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
        let held = Arc::new(AtomicBool::new(true));
        let hook_held = Arc::clone(&held);
        let owner = thread::current().id();
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let now = hook_held.load(Ordering::SeqCst);
            match on_panic(now, thread::current().id(), owner) {
                OnPanic::RestoreThenReport => {
                    if hook_held.swap(false, Ordering::SeqCst) {
                        let _ = restore();
                    }
                    previous(info);
                }
                OnPanic::Log => {
                    let name = thread::current().name().unwrap_or("unnamed").to_string();
                    tracing::error!("panic in the {name} thread: {info}");
                }
                OnPanic::Report => previous(info),
            }
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
            Ok(terminal) => Ok(Term { terminal, held }),
            Err(e) => {
                held.store(false, Ordering::SeqCst);
                let _ = restore();
                Err(e)
            }
        }
    }

    /// Draws the state (a pure read of it).
    pub fn draw(&mut self, state: &State, render: Render) -> io::Result<()> {
        self.terminal.draw(|f| render(f, state)).map(|_| ())
    }

    /// Gives the terminal back.
    pub fn leave(self) -> io::Result<()> {
        if self.held.swap(false, Ordering::SeqCst) {
            restore()
        } else {
            Ok(())
        }
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        if self.held.swap(false, Ordering::SeqCst) {
            let _ = restore();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_panic_of_the_loop_thread_gives_the_terminal_back() {
        let owner = thread::current().id();
        let other = thread::spawn(|| thread::current().id()).join().unwrap();
        assert_eq!(on_panic(true, owner, owner), OnPanic::RestoreThenReport);
        assert_eq!(on_panic(true, other, owner), OnPanic::Log);
        assert_eq!(on_panic(false, owner, owner), OnPanic::Report);
        assert_eq!(on_panic(false, other, owner), OnPanic::Report);
    }
}
