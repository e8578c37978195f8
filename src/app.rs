//! The register application: state, actions, the pure `update`, the effect runner, and
//! the loop that ties them to the terminal (keys are read through [`crate::keys`], the
//! one keymap; writes go through [`crate::service`], the one gate for writes).
//!
//! Data flows one way: input (keys, scans, ticks, results) -> [`Action`] ->
//! [`update()`] -> [`Effect`]s -> [`runner::Runner`] (store through the service, index,
//! printer) -> result actions -> state -> a [`Render`] function (`ui::draw`, handed in by
//! the binary: the app sits below the UI) that reads the state.
//!
//! Invariants: `update` performs no IO; only the runner touches SQLite, tantivy and the
//! receipt output; only [`run`] touches the terminal, which is restored on every exit
//! path (normal return, error, a lost keyboard, a panic of the loop: a guard's `Drop` and
//! a panic hook), never by a panic of a background thread, whose failure is shown
//! instead; the loop blocks on one channel with a timeout (no busy loop) and searches are
//! coalesced: when keys arrive faster than searches, only the latest text is searched.

pub mod action;
pub mod events;
#[cfg(test)]
pub(crate) mod fixtures;
pub mod form;
pub mod runner;
pub mod settings;
pub mod setup;
pub mod state;
mod terminal;
pub mod text_input;
pub mod update;
pub mod view;

use std::ops::ControlFlow;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use chrono::Utc;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub use action::{Action, Effect};
pub use state::State;
pub use update::update;

use crate::config::Config;
use crate::input::{self, BurstDetector, FnSink, ReaderEvent, Routed, TermKey};
use crate::keys;
use crate::store::Store;
use events::Event;

/// Why the register stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("terminal: {0}")]
    Terminal(#[from] std::io::Error),
    /// The key thread stopped: a register without its keyboard is of no use.
    #[error("the keyboard cannot be read any more: {0}")]
    KeysLost(String),
}

/// Draws the whole register from the state: `ui::draw`, passed in by the binary.
pub type Render = fn(&mut ratatui::Frame, &State);

/// Whether to draw with plain ASCII (Linux console, or `COMPTOIR_ASCII=1`).
pub fn ascii_wanted() -> bool {
    match std::env::var("COMPTOIR_ASCII") {
        Ok(v) => v == "1" || v.eq_ignore_ascii_case("yes"),
        Err(_) => std::env::var("TERM").is_ok_and(|t| t == "linux"),
    }
}

/// The local time zone's offset now, in seconds.
pub fn local_offset_secs() -> i32 {
    chrono::Local::now().offset().local_minus_utc()
}

/// Runs effects until none are left, feeding results back through `update`. Searches
/// superseded by a later one in the same batch are skipped.
pub fn settle(state: &mut State, runner: &mut runner::Runner, mut effects: Vec<Effect>) {
    let mut guard = 0;
    while !effects.is_empty() && guard < 64 {
        guard += 1;
        let last_search = effects
            .iter()
            .rposition(|e| matches!(e, Effect::SearchCustomers { .. }));
        let mut next = Vec::new();
        for (i, e) in effects.into_iter().enumerate() {
            if matches!(e, Effect::SearchCustomers { .. }) && Some(i) != last_search {
                continue;
            }
            for a in runner.run(e) {
                next.extend(update(state, a));
            }
        }
        effects = next;
    }
}

/// Runs the register on `store` until the cashier quits; on the setup screen first when
/// `setup` (an empty database whose config was never set up: the binary decides).
pub fn run(config: &Config, store: Store, render: Render, setup: bool) -> Result<(), AppError> {
    let start = Instant::now();
    let (tx, rx) = mpsc::channel::<Event>();
    let offset = local_offset_secs();
    let settings = state::Settings::from_config(config, ascii_wanted(), offset);
    let mut state = State::new(settings, Utc::now());
    if setup {
        state.start_setup();
    }
    let mut runner = runner::Runner::new(store, config, Some(tx.clone()));
    runner.set_utc_offset(offset);
    runner.start_workers();

    let mut term = terminal::Term::enter()?;
    term.draw(&state, render)?;

    events::spawn_index(config.database.clone(), config.index.clone(), tx.clone());
    let _listeners = if config.scanners.is_empty() {
        None
    } else {
        let sink_tx = tx.clone();
        let sink = FnSink(move |e: ReaderEvent| sink_tx.send(Event::Reader(e)).is_ok());
        match input::spawn_all(config.scanners.clone(), sink) {
            Ok(l) => Some(l),
            Err(e) => {
                tracing::warn!("scanners not started: {e}");
                None
            }
        }
    };
    events::spawn_keys(tx.clone(), start);
    drop(tx);

    let table = state.settings.keymap.clone();
    let mut burst: BurstDetector<KeyEvent> = BurstDetector::new(config.burst);
    let tick = Duration::from_millis(1000);
    let mut last_tick = Instant::now();
    loop {
        let mut wait = tick.saturating_sub(last_tick.elapsed());
        if let Some(deadline) = burst.deadline() {
            let now = events::millis(start);
            wait = wait.min(Duration::from_millis(deadline.saturating_sub(now) + 1));
        }
        let first = match rx.recv_timeout(wait) {
            Ok(ev) => Some(ev),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => break,
        };
        let mut batch: Vec<Event> = first.into_iter().collect();
        while let Ok(ev) = rx.try_recv() {
            batch.push(ev);
            if batch.len() >= 256 {
                break;
            }
        }
        let mut actions = Vec::new();
        let reader_connected = state.status.readers.iter().any(|r| r.connected);
        for ev in batch {
            let flow = on_event(ev, &mut runner, &mut burst, reader_connected, &mut actions);
            if let ControlFlow::Break(why) = flow {
                term.leave()?;
                return Err(AppError::KeysLost(why));
            }
        }
        if burst.is_holding() {
            let held = burst.tick(events::millis(start));
            route(held, &mut actions);
        }
        if last_tick.elapsed() >= tick {
            last_tick = Instant::now();
            actions.push(Item::Act(Action::Tick(Utc::now())));
        }
        let pending = apply(&mut state, &table, actions);
        // One batch of effects: a burst of keystrokes searches once, for the last text.
        settle(&mut state, &mut runner, pending);
        if state.quit {
            break;
        }
        term.draw(&state, render)?;
    }
    term.leave()?;
    Ok(())
}

/// What one event of the channel becomes: terminal keys wait for the keymap (through the
/// burst detector while no reader is connected), everything else is an action at once.
/// `Break`: the keyboard is lost (why), the loop must end.
fn on_event(
    ev: Event,
    runner: &mut runner::Runner,
    burst: &mut BurstDetector<KeyEvent>,
    reader_connected: bool,
    out: &mut Vec<Item>,
) -> ControlFlow<String> {
    match ev {
        Event::Key(k, at) => {
            let routed = if reader_connected {
                vec![Routed::Key(k)]
            } else {
                burst.push(at, term_key(k))
            };
            route(routed, out);
        }
        Event::Paste(s) => out.push(Item::Act(Action::Paste(s))),
        Event::Resize => {}
        Event::Reader(e) => out.push(Item::Act(reader_action(e))),
        Event::Action(a) => out.push(Item::Act(a)),
        Event::IndexOpened(idx) => out.push(Item::Act(runner.set_index(*idx))),
        Event::KeysLost(why) => return ControlFlow::Break(why),
    }
    ControlFlow::Continue(())
}

/// Runs `items` through the keymap `table` and `update`, in order: each key is read in
/// the scope of the moment, after the items before it. The effects to settle.
fn apply(state: &mut State, table: &[keys::Binding], items: Vec<Item>) -> Vec<Effect> {
    let mut pending = Vec::new();
    for item in items {
        let a = match item {
            Item::Act(a) => a,
            Item::Key(k) => {
                match keys::resolve(table, update::scope(state), &k).map(Action::from) {
                    Some(a) => a,
                    None => continue,
                }
            }
        };
        pending.extend(update(state, a));
    }
    pending
}

fn term_key(k: KeyEvent) -> TermKey<KeyEvent> {
    let plain = !k
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    match k.code {
        KeyCode::Char(c) if plain => TermKey::Char(c, k),
        KeyCode::Enter => TermKey::Enter(k),
        _ => TermKey::Other(k),
    }
}

/// A key waiting for the keymap, or an action.
enum Item {
    Key(KeyEvent),
    Act(Action),
}

fn route(routed: Vec<Routed<KeyEvent>>, out: &mut Vec<Item>) {
    for r in routed {
        match r {
            Routed::Key(k) => out.push(Item::Key(k)),
            Routed::Scan(s) => out.push(Item::Act(Action::Scan(s))),
        }
    }
}

fn reader_action(e: ReaderEvent) -> Action {
    match e {
        ReaderEvent::Scan(s) => Action::Scan(s),
        ReaderEvent::Invalid { reader, reason } => Action::ReaderInvalid { reader, reason },
        ReaderEvent::Disconnected { reader, .. } => Action::ReaderDisconnected(reader),
        ReaderEvent::Connected { reader, .. } => Action::ReaderConnected(reader),
    }
}

#[cfg(test)]
mod tests;
