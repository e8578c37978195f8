//! Kernel key codes to characters, per keyboard layout.
//!
//! A keyboard-wedge reader "types" its code as if the host had a given layout: a reader
//! set up for French AZERTY sends Shift+KEY_4 for `4` (unshifted KEY_4 is `'` there).
//! [`KeyDecoder`] follows the modifier state of one reader (left/right Shift, CapsLock,
//! AltGr = right Alt except on `us`, Ctrl/Alt/Meta) and dead keys, and turns each key
//! press into what it types in the reader's [`Layout`]. [`encode`] is the inverse, used
//! by the virtual keyboard of the tests and `comptoir devices --emulate`.
//!
//! Invariants: `press` never panics and never yields a control character; a key that
//! would not type a printable character (Escape, arrows, anything with Ctrl/Alt/Meta
//! held, a code outside the tables) is [`Decoded::Undecodable`]; the keypad types the
//! same digits and operators in every layout (NumLock assumed on, as scanners assume);
//! CapsLock upper-cases letters as xkb does (Shift+CapsLock gives the lower case of a
//! letter whose Shift level is its capital). A dead key followed by a letter it accents
//! gives the composed letter, followed by space gives the accent itself, followed by
//! anything else gives the accent then that character.

mod tables;

use std::fmt;
use std::str::FromStr;

use tables::{Row, Table};

/// Kernel key codes this module handles by name (linux/input-event-codes.h).
pub mod code {
    pub const KEY_TAB: u16 = 15;
    pub const KEY_ENTER: u16 = 28;
    pub const KEY_LEFTCTRL: u16 = 29;
    pub const KEY_LEFTSHIFT: u16 = 42;
    pub const KEY_RIGHTSHIFT: u16 = 54;
    pub const KEY_LEFTALT: u16 = 56;
    pub const KEY_SPACE: u16 = 57;
    pub const KEY_CAPSLOCK: u16 = 58;
    pub const KEY_NUMLOCK: u16 = 69;
    pub const KEY_SCROLLLOCK: u16 = 70;
    pub const KEY_KPENTER: u16 = 96;
    pub const KEY_RIGHTCTRL: u16 = 97;
    pub const KEY_RIGHTALT: u16 = 100;
    pub const KEY_LEFTMETA: u16 = 125;
    pub const KEY_RIGHTMETA: u16 = 126;
}

use code::*;

/// The keyboard layout a reader types in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    #[default]
    Us,
    Fr,
    Be,
    De,
    Ch,
}

impl Layout {
    pub const ALL: [Layout; 5] = [Layout::Us, Layout::Fr, Layout::Be, Layout::De, Layout::Ch];

    pub fn name(self) -> &'static str {
        match self {
            Layout::Us => "us",
            Layout::Fr => "fr",
            Layout::Be => "be",
            Layout::De => "de",
            Layout::Ch => "ch",
        }
    }

    fn table(self) -> &'static Table {
        match self {
            Layout::Us => &tables::US,
            Layout::Fr => &tables::FR,
            Layout::Be => &tables::BE,
            Layout::De => &tables::DE,
            Layout::Ch => &tables::CH,
        }
    }

    /// Whether right Alt is AltGr (every layout but `us`).
    fn has_altgr(self) -> bool {
        self != Layout::Us
    }
}

impl FromStr for Layout {
    type Err = super::InputError;
    fn from_str(s: &str) -> Result<Layout, Self::Err> {
        Layout::ALL
            .into_iter()
            .find(|l| l.name() == s.trim().to_ascii_lowercase())
            .ok_or_else(|| super::InputError::Layout(s.to_string()))
    }
}

impl serde::Serialize for Layout {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl fmt::Display for Layout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A level of a key: what it types alone, with Shift, with AltGr.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Plain,
    Shift,
    AltGr,
}

/// What a key press types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decoded {
    /// A modifier, a dead key waiting for the next key, NumLock: nothing typed yet.
    Nothing,
    Char(char),
    /// A dead accent that did not compose, then the character typed after it.
    Pair(char, char),
    /// Enter (main or keypad) or Tab: the end of a code.
    End(Terminator),
    /// The key types no printable character (see the module invariants).
    Undecodable,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Terminator {
    Enter,
    Tab,
}

/// One reader's modifier and dead-key state.
#[derive(Debug, Clone)]
pub struct KeyDecoder {
    layout: Layout,
    lshift: bool,
    rshift: bool,
    caps: bool,
    altgr: bool,
    /// Ctrl, Alt (and right Alt on `us`), Meta: one bit per key held.
    other_mods: u8,
    dead: Option<char>,
}

impl KeyDecoder {
    pub fn new(layout: Layout) -> KeyDecoder {
        KeyDecoder {
            layout,
            lshift: false,
            rshift: false,
            caps: false,
            altgr: false,
            other_mods: 0,
            dead: None,
        }
    }

    pub fn layout(&self) -> Layout {
        self.layout
    }

    /// Forgets every held modifier, CapsLock and a pending dead key (after events were
    /// lost, or when the device is reopened).
    pub fn reset(&mut self) {
        *self = KeyDecoder::new(self.layout);
    }

    /// Forgets a pending dead key (at the end of a code).
    pub fn clear_dead(&mut self) {
        self.dead = None;
    }

    /// A key release: only modifiers care.
    pub fn release(&mut self, code: u16) {
        self.set_modifier(code, false);
    }

    /// A key press (autorepeats are not presses: the caller drops them).
    pub fn press(&mut self, code: u16) -> Decoded {
        if self.set_modifier(code, true) {
            return Decoded::Nothing;
        }
        match code {
            KEY_CAPSLOCK => {
                self.caps = !self.caps;
                return Decoded::Nothing;
            }
            KEY_NUMLOCK | KEY_SCROLLLOCK => return Decoded::Nothing,
            KEY_ENTER | KEY_KPENTER => return Decoded::End(Terminator::Enter),
            KEY_TAB => return Decoded::End(Terminator::Tab),
            _ => {}
        }
        if self.other_mods != 0 {
            self.dead = None;
            return Decoded::Undecodable;
        }
        let Some((ch, dead)) = self.lookup(code) else {
            self.dead = None;
            return Decoded::Undecodable;
        };
        match (self.dead.take(), dead) {
            (None, true) => {
                self.dead = Some(ch);
                Decoded::Nothing
            }
            (None, false) => Decoded::Char(ch),
            (Some(accent), true) if accent == ch => Decoded::Char(accent),
            (Some(accent), true) => {
                self.dead = Some(ch);
                Decoded::Char(accent)
            }
            (Some(accent), false) if ch == ' ' => Decoded::Char(accent),
            (Some(accent), false) => match compose(accent, ch) {
                Some(c) => Decoded::Char(c),
                None => Decoded::Pair(accent, ch),
            },
        }
    }

    /// Updates modifier state; `true` if `code` is a modifier.
    fn set_modifier(&mut self, code: u16, down: bool) -> bool {
        let bit = |mods: &mut u8, n: u8| {
            if down {
                *mods |= 1 << n;
            } else {
                *mods &= !(1 << n);
            }
        };
        match code {
            KEY_LEFTSHIFT => self.lshift = down,
            KEY_RIGHTSHIFT => self.rshift = down,
            KEY_RIGHTALT if self.layout.has_altgr() => self.altgr = down,
            KEY_RIGHTALT => bit(&mut self.other_mods, 0),
            KEY_LEFTCTRL => bit(&mut self.other_mods, 1),
            KEY_RIGHTCTRL => bit(&mut self.other_mods, 2),
            KEY_LEFTALT => bit(&mut self.other_mods, 3),
            KEY_LEFTMETA => bit(&mut self.other_mods, 4),
            KEY_RIGHTMETA => bit(&mut self.other_mods, 5),
            _ => return false,
        }
        true
    }

    /// The character `code` types with the current modifiers, and whether it is dead.
    fn lookup(&self, code: u16) -> Option<(char, bool)> {
        if let Some(c) = keypad(code) {
            return Some((c, false));
        }
        let table = self.layout.table();
        let (row, i) = find_row(table, code)?;
        let shift = self.lshift || self.rshift;
        let plain = nth(row.plain, i);
        let level = if self.altgr {
            Level::AltGr
        } else {
            match plain {
                Some(p) if self.caps && caps_applies(p) => {
                    let upper = single_upper(p);
                    if !shift {
                        return Some((upper, false));
                    }
                    if nth(row.shift, i) == Some(upper) {
                        return Some((p, false));
                    }
                    Level::Shift
                }
                _ if shift => Level::Shift,
                _ => Level::Plain,
            }
        };
        let ch = match level {
            Level::Plain => plain,
            Level::Shift => nth(row.shift, i),
            Level::AltGr => nth(row.altgr, i),
        }?;
        Some((ch, table.dead.contains(&(code, level))))
    }
}

/// The keypad and the space bar type the same in every layout.
fn keypad(code: u16) -> Option<char> {
    Some(match code {
        KEY_SPACE => ' ',
        55 => '*',
        71 => '7',
        72 => '8',
        73 => '9',
        74 => '-',
        75 => '4',
        76 => '5',
        77 => '6',
        78 => '+',
        79 => '1',
        80 => '2',
        81 => '3',
        82 => '0',
        83 => '.',
        98 => '/',
        121 => ',',
        _ => return None,
    })
}

fn find_row(table: &Table, code: u16) -> Option<(&Row, usize)> {
    table.rows.iter().find_map(|row| {
        let i = usize::from(code.checked_sub(row.first)?);
        (i < row.plain.chars().count()).then_some((row, i))
    })
}

/// The `i`-th character of a level string; `'\0'` and missing mean nothing.
fn nth(level: &str, i: usize) -> Option<char> {
    level.chars().nth(i).filter(|&c| c != '\0')
}

/// CapsLock acts on letters with a one-character capital (not on µ, whose capital is a
/// Greek letter no keyboard types).
fn caps_applies(c: char) -> bool {
    c.is_alphabetic() && c != 'µ' && single_upper(c) != c
}

fn single_upper(c: char) -> char {
    let mut up = c.to_uppercase();
    match (up.next(), up.next()) {
        (Some(u), None) => u,
        _ => c,
    }
}

fn compose(accent: char, base: char) -> Option<char> {
    let (_, pairs) = tables::COMPOSE.iter().find(|(a, _)| *a == accent)?;
    let mut it = pairs.chars();
    while let (Some(b), Some(c)) = (it.next(), it.next()) {
        if b == base {
            return Some(c);
        }
    }
    None
}

/// One key to press, with its modifiers, to type a character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stroke {
    pub code: u16,
    pub shift: bool,
    pub altgr: bool,
}

/// The key strokes that type `ch` in `layout` (a dead accent is typed as the dead key
/// then space; `'\n'` is Enter, `'\t'` Tab); `None` when the layout cannot type it
/// without composing.
pub fn encode(layout: Layout, ch: char) -> Option<Vec<Stroke>> {
    let stroke = |code, shift, altgr| Stroke { code, shift, altgr };
    match ch {
        '\n' => return Some(vec![stroke(KEY_ENTER, false, false)]),
        '\t' => return Some(vec![stroke(KEY_TAB, false, false)]),
        ' ' => return Some(vec![stroke(KEY_SPACE, false, false)]),
        _ => {}
    }
    let table = layout.table();
    for level in [Level::Plain, Level::Shift, Level::AltGr] {
        for row in table.rows {
            let text = match level {
                Level::Plain => row.plain,
                Level::Shift => row.shift,
                Level::AltGr => row.altgr,
            };
            let Some(i) = text.chars().position(|c| c == ch) else {
                continue;
            };
            let Some(code) = u16::try_from(i).ok().and_then(|i| row.first.checked_add(i)) else {
                continue;
            };
            let key = stroke(code, level == Level::Shift, level == Level::AltGr);
            return Some(if table.dead.contains(&(code, level)) {
                vec![key, stroke(KEY_SPACE, false, false)]
            } else {
                vec![key]
            });
        }
    }
    None
}

#[cfg(test)]
mod tests;
