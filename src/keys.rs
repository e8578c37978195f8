//! The one keymap: terminal keys to [`Command`]s, per scope (the screen or popup that has
//! the focus). Screens never look at key codes; they receive commands, typed characters
//! and scans.
//!
//! Invariants: the table is the only place keys are named; a key is looked up in the
//! current scope, then in the scopes that contain it ([`Scope::parent`]: a yes/no
//! question is a popup, every scope is in [`Scope::Any`]); a key bound nowhere on that
//! way is a typed character if printable, else ignored. Printable keys are bound only in
//! scopes that take no text ([`Scope::takes_text`]: a yes/no question, a checklist), so
//! typing text is never swallowed. (Where text is typed, a form's choice field (person or
//! company, yes or no) reads a typed space as "next choice": a character, not a key.) Command names ([`Command::name`]) are
//! stable: the config's `[keys]` table names them to move an action to another key
//! ([`with_overrides`]); the footer and the help overlay read their key labels from the
//! table in use ([`key_label`], [`label`], [`in_scope`]). Help (F1) is in [`Scope::Any`],
//! so it works everywhere, and the overlay it opens has a scope of its own
//! ([`Scope::Help`]) where only `Any`'s keys apply.
//!
//! Overrides: only the screens' actions ([`Command::OVERRIDABLE`]) move, never the
//! navigation and editing keys; a key is F1..F12 or Ctrl+letter (never a printable key);
//! the new key replaces every default F-key or Ctrl binding of the action, in every scope
//! (a printable answer such as Space in a checklist stays); a key that would then mean two
//! things in one scope (or shadow a binding of a scope that contains it) is refused.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use serde::{Serialize, Serializer};

/// Where the focus is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Any,
    Sale,
    Picker,
    Card,
    Form,
    List,
    Import,
    /// The first-run setup of the shop: text fields and choices.
    Setup,
    /// The managers' products screen: a search field over the list of products.
    Catalog,
    /// The managers' customer groups screen: a list, no text field.
    Groups,
    /// The managers' reports screen: tabs, the period's date fields (or the Z's day and
    /// cash counted) over the report's chart and table.
    Reports,
    /// The managers' settings screen: text fields and choices, in sections.
    Settings,
    /// The managers' outbox screen: the e-mails and SMS to customers, a list (and the
    /// selected message's details), no text field.
    Outbox,
    Popup,
    /// A yes/no question (the confirmation popup): no text field, letters answer it.
    Question,
    /// A list of boxes to tick (the search-fields popup): no text field, Space ticks.
    Checklist,
    /// The help overlay (the keys of the scope it was opened from): it only scrolls and
    /// closes, so only the bindings of [`Scope::Any`] apply.
    Help,
}

impl Scope {
    /// Every scope.
    pub const ALL: [Scope; 17] = [
        Scope::Any,
        Scope::Sale,
        Scope::Picker,
        Scope::Card,
        Scope::Form,
        Scope::List,
        Scope::Import,
        Scope::Setup,
        Scope::Catalog,
        Scope::Groups,
        Scope::Reports,
        Scope::Settings,
        Scope::Outbox,
        Scope::Popup,
        Scope::Question,
        Scope::Checklist,
        Scope::Help,
    ];

    /// The scope this one is part of: its bindings apply here unless this one binds the
    /// same key. `None` for [`Scope::Any`], which contains every other.
    pub fn parent(self) -> Option<Scope> {
        match self {
            Scope::Any => None,
            Scope::Question | Scope::Checklist => Some(Scope::Popup),
            Scope::Sale
            | Scope::Picker
            | Scope::Card
            | Scope::Form
            | Scope::List
            | Scope::Import
            | Scope::Setup
            | Scope::Catalog
            | Scope::Groups
            | Scope::Reports
            | Scope::Settings
            | Scope::Outbox
            | Scope::Popup
            | Scope::Help => Some(Scope::Any),
        }
    }

    /// This scope, then the ones that contain it, innermost first.
    pub fn chain(self) -> impl Iterator<Item = Scope> {
        std::iter::successors(Some(self), |s| s.parent())
    }

    /// Whether `self` is `other` or inside it.
    pub fn within(self, other: Scope) -> bool {
        self.chain().any(|s| s == other)
    }

    /// Whether typed characters can be text here (so no printable key may be bound).
    pub fn takes_text(self) -> bool {
        match self {
            Scope::Card
            | Scope::Groups
            | Scope::Outbox
            | Scope::Question
            | Scope::Checklist
            | Scope::Help => false,
            // `Any` and `Popup` contain scopes with text fields.
            Scope::Any
            | Scope::Sale
            | Scope::Picker
            | Scope::Form
            | Scope::List
            | Scope::Import
            | Scope::Setup
            | Scope::Catalog
            | Scope::Reports
            | Scope::Settings
            | Scope::Popup => true,
        }
    }
}

/// What a key asks for; each screen interprets the commands that make sense to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    Quit,
    /// The keys of what has the focus, in words (the help overlay).
    Help,
    Back,
    Confirm,
    Up,
    Down,
    PageUp,
    PageDown,
    Left,
    Right,
    Home,
    End,
    Backspace,
    Delete,
    NextField,
    PrevField,
    // Sale screen.
    Customer,
    OpenCard,
    Detach,
    Products,
    Quantity,
    RemoveLine,
    PayCash,
    PayCard,
    CustomersList,
    Manager,
    EditPrice,
    /// A wallet top-up or an account settlement for the attached customer.
    TopUp,
    /// Set the ticket aside (its lines and customer) to serve someone else.
    Park,
    /// The tickets parked at this register, to take one back.
    Recall,
    /// Open the cash drawer without a sale (the manager's).
    OpenDrawer,
    // Picker.
    ToggleAdvanced,
    ChooseFields,
    NewCustomer,
    // Card.
    NextTab,
    PrevTab,
    Edit,
    Reprint,
    MoveSale,
    /// Give back lines of a past sale (History tab, a past sale's window).
    Refund,
    /// The lines chosen in the refund window go onto the ticket: an exchange.
    Exchange,
    Apply,
    // List.
    Sort,
    Reverse,
    Import,
    /// The managers' products screen (from the customers list).
    Catalogue,
    /// The managers' customer groups screen (from the customers list).
    Groups,
    /// The managers' reports screen (from the customers list).
    Reports,
    /// The managers' settings screen (from the customers list).
    Settings,
    /// The managers' outbox screen: e-mails and SMS to customers (from the customers
    /// list).
    Outbox,
    // Products and groups screens.
    /// Add a product or a group (its form opens).
    Add,
    /// Archive the selected product, or bring an archived one back.
    Archive,
    /// Delete the selected group (asking where its customers go).
    Remove,
    /// The selected group's special prices (its price list).
    Prices,
    // Reports screen.
    /// The period becomes today (the Z: its day).
    Today,
    /// The period becomes this month so far.
    ThisMonth,
    /// The period becomes last month.
    LastMonth,
    /// Close the Z's day with the cash counted (the manager's, once per day).
    CloseDay,
    // Outbox screen.
    /// Send the selected failed or waiting message again, now.
    Retry,
    /// Send every failed message again, now.
    RetryAll,
    /// Show only the messages that wait or failed, or every message again.
    Filter,
    // Import screen.
    Preset,
    // Form and popups.
    Save,
    Toggle,
    /// The payment popup: the receipt by SMS or not; the Contact tab's message: e-mail
    /// or SMS.
    Sms,
}

impl Command {
    /// Stable name (for config overrides and docs).
    pub fn name(self) -> &'static str {
        match self {
            Command::Quit => "quit",
            Command::Help => "help",
            Command::Back => "back",
            Command::Confirm => "confirm",
            Command::Up => "up",
            Command::Down => "down",
            Command::PageUp => "page_up",
            Command::PageDown => "page_down",
            Command::Left => "left",
            Command::Right => "right",
            Command::Home => "home",
            Command::End => "end",
            Command::Backspace => "backspace",
            Command::Delete => "delete",
            Command::NextField => "next_field",
            Command::PrevField => "prev_field",
            Command::Customer => "customer",
            Command::OpenCard => "open_card",
            Command::Detach => "detach",
            Command::Products => "products",
            Command::Quantity => "quantity",
            Command::RemoveLine => "remove_line",
            Command::PayCash => "pay_cash",
            Command::PayCard => "pay_card",
            Command::CustomersList => "customers_list",
            Command::Manager => "manager",
            Command::EditPrice => "edit_price",
            Command::TopUp => "top_up",
            Command::Park => "park",
            Command::Recall => "recall",
            Command::OpenDrawer => "open_drawer",
            Command::ToggleAdvanced => "toggle_advanced",
            Command::ChooseFields => "choose_fields",
            Command::NewCustomer => "new_customer",
            Command::NextTab => "next_tab",
            Command::PrevTab => "prev_tab",
            Command::Edit => "edit",
            Command::Reprint => "reprint",
            Command::MoveSale => "move_sale",
            Command::Refund => "refund",
            Command::Exchange => "exchange",
            Command::Apply => "apply",
            Command::Sort => "sort",
            Command::Reverse => "reverse",
            Command::Import => "import",
            Command::Catalogue => "catalogue",
            Command::Groups => "groups",
            Command::Reports => "reports",
            Command::Settings => "settings",
            Command::Outbox => "outbox",
            Command::Add => "add",
            Command::Archive => "archive",
            Command::Remove => "remove",
            Command::Prices => "prices",
            Command::Today => "today",
            Command::ThisMonth => "this_month",
            Command::LastMonth => "last_month",
            Command::CloseDay => "close_day",
            Command::Retry => "retry",
            Command::RetryAll => "retry_all",
            Command::Filter => "filter",
            Command::Preset => "preset",
            Command::Save => "save",
            Command::Toggle => "toggle",
            Command::Sms => "sms",
        }
    }
}

impl Command {
    /// The actions the config's `[keys]` table may move to another key: the screens'
    /// function keys, Quit and Help. Navigation and editing keys stay where they are.
    pub const OVERRIDABLE: &'static [Command] = &[
        Command::Quit,
        Command::Help,
        Command::Customer,
        Command::OpenCard,
        Command::Detach,
        Command::Products,
        Command::Quantity,
        Command::RemoveLine,
        Command::PayCash,
        Command::PayCard,
        Command::CustomersList,
        Command::Manager,
        Command::EditPrice,
        Command::TopUp,
        Command::Park,
        Command::Recall,
        Command::OpenDrawer,
        Command::ToggleAdvanced,
        Command::ChooseFields,
        Command::NewCustomer,
        Command::Edit,
        Command::Reprint,
        Command::MoveSale,
        Command::Refund,
        Command::Exchange,
        Command::Apply,
        Command::Sort,
        Command::Reverse,
        Command::Import,
        Command::Catalogue,
        Command::Groups,
        Command::Reports,
        Command::Settings,
        Command::Outbox,
        Command::Add,
        Command::Archive,
        Command::Remove,
        Command::Prices,
        Command::Today,
        Command::ThisMonth,
        Command::LastMonth,
        Command::CloseDay,
        Command::Retry,
        Command::RetryAll,
        Command::Filter,
        Command::Preset,
        Command::Save,
        Command::Toggle,
        Command::Sms,
    ];

    /// The overridable action of that name.
    pub fn overridable(name: &str) -> Option<Command> {
        Command::OVERRIDABLE
            .iter()
            .copied()
            .find(|c| c.name() == name)
    }
}

impl Serialize for Command {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// A key an action can be moved to: a function key or Ctrl+letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeySpec {
    pub code: KeyCode,
    pub ctrl: bool,
}

impl KeySpec {
    /// Parses `F1`..`F12` or `Ctrl+K` (also `Ctrl-K`; any case).
    pub fn parse(text: &str) -> Result<KeySpec, String> {
        let t = text.trim();
        let lower = t.to_ascii_lowercase();
        if let Some(n) = lower.strip_prefix('f') {
            return match n.parse::<u8>() {
                Ok(n @ 1..=12) => Ok(KeySpec {
                    code: KeyCode::F(n),
                    ctrl: false,
                }),
                _ => Err(format!("`{t}`: function keys are F1 to F12")),
            };
        }
        let letter = lower
            .strip_prefix("ctrl+")
            .or_else(|| lower.strip_prefix("ctrl-"));
        let Some(letter) = letter else {
            return Err(format!(
                "`{t}` is not a key: write F1 to F12 or Ctrl+ a letter"
            ));
        };
        let mut chars = letter.chars();
        match (chars.next(), chars.next()) {
            (Some(c @ ('h' | 'i' | 'j' | 'm')), None) => Err(format!(
                "`{t}`: terminals send Ctrl+{} as {}",
                c.to_ascii_uppercase(),
                if c == 'h' {
                    "Backspace"
                } else if c == 'i' {
                    "Tab"
                } else {
                    "Enter"
                }
            )),
            (Some(c), None) if c.is_ascii_lowercase() => Ok(KeySpec {
                code: KeyCode::Char(c),
                ctrl: true,
            }),
            _ => Err(format!("`{t}`: Ctrl+ takes one letter, A to Z")),
        }
    }

    /// The spec as written in the config (`F8`, `Ctrl+K`).
    pub fn text(&self) -> String {
        match self.code {
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::Char(c) if self.ctrl => format!("Ctrl+{}", c.to_ascii_uppercase()),
            other => format!("{other:?}"),
        }
    }
}

impl Serialize for KeySpec {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text())
    }
}

/// One `[keys]` entry of the config: `action` moves to `key`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct KeyOverride {
    pub action: Command,
    pub key: KeySpec,
}

/// `base` with each override's action moved to its key (in every scope the action is
/// bound in). Refused, with the action at fault, when a moved key would mean two things.
pub fn with_overrides(
    base: &[Binding],
    overrides: &[KeyOverride],
) -> Result<Vec<Binding>, (Command, String)> {
    let mut out: Vec<Binding> = Vec::with_capacity(base.len());
    for bd in base {
        // Only keys an override could name move (a printable answer stays where it is).
        let movable = bd.ctrl || matches!(bd.code, K::F(_));
        let moved = overrides
            .iter()
            .rev()
            .find(|o| movable && o.action == bd.command)
            .map_or(*bd, |o| Binding {
                code: o.key.code,
                ctrl: o.key.ctrl,
                ..*bd
            });
        // Two default keys of one action (Quit: Ctrl+Q, Ctrl+C) become one binding.
        if !out.contains(&moved) {
            out.push(moved);
        }
    }
    for o in overrides {
        let clash = out.iter().filter(|m| m.command == o.action).find_map(|m| {
            out.iter().find(|other| {
                other.command != m.command
                    && other.code == m.code
                    && other.ctrl == m.ctrl
                    && (other.scope.within(m.scope) || m.scope.within(other.scope))
            })
        });
        if let Some(other) = clash {
            return Err((
                o.action,
                format!(
                    "{} is already the key of `{}`",
                    o.key.text(),
                    other.command.name()
                ),
            ));
        }
    }
    Ok(out)
}

/// One binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding {
    pub scope: Scope,
    pub code: KeyCode,
    pub ctrl: bool,
    pub command: Command,
}

const fn b(scope: Scope, code: KeyCode, command: Command) -> Binding {
    Binding {
        scope,
        code,
        ctrl: false,
        command,
    }
}

const fn ctrl(scope: Scope, c: char, command: Command) -> Binding {
    Binding {
        scope,
        code: KeyCode::Char(c),
        ctrl: true,
        command,
    }
}

use Command as C;
use KeyCode as K;
use Scope as S;

/// The default keymap. A scope's own bindings win over those of the scopes containing it
/// ([`Scope::parent`]), and everything over [`Scope::Any`].
pub const DEFAULT: &[Binding] = &[
    ctrl(S::Any, 'q', C::Quit),
    ctrl(S::Any, 'c', C::Quit),
    b(S::Any, K::F(1), C::Help),
    b(S::Any, K::Esc, C::Back),
    b(S::Any, K::Enter, C::Confirm),
    b(S::Any, K::Up, C::Up),
    b(S::Any, K::Down, C::Down),
    b(S::Any, K::PageUp, C::PageUp),
    b(S::Any, K::PageDown, C::PageDown),
    b(S::Any, K::Left, C::Left),
    b(S::Any, K::Right, C::Right),
    b(S::Any, K::Home, C::Home),
    b(S::Any, K::End, C::End),
    b(S::Any, K::Backspace, C::Backspace),
    b(S::Any, K::Delete, C::Delete),
    b(S::Any, K::Tab, C::NextField),
    b(S::Any, K::BackTab, C::PrevField),
    // Sale screen.
    b(S::Sale, K::F(2), C::Customer),
    b(S::Sale, K::F(3), C::OpenCard),
    b(S::Sale, K::F(4), C::Detach),
    b(S::Sale, K::F(5), C::Products),
    b(S::Sale, K::F(6), C::Quantity),
    b(S::Sale, K::F(7), C::RemoveLine),
    b(S::Sale, K::F(8), C::PayCash),
    b(S::Sale, K::F(9), C::PayCard),
    b(S::Sale, K::F(10), C::CustomersList),
    b(S::Sale, K::F(11), C::Manager),
    b(S::Sale, K::F(12), C::EditPrice),
    ctrl(S::Sale, 't', C::TopUp),
    ctrl(S::Sale, 'p', C::Park),
    ctrl(S::Sale, 'r', C::Recall),
    ctrl(S::Sale, 'd', C::OpenDrawer),
    // Picker.
    b(S::Picker, K::F(2), C::ToggleAdvanced),
    b(S::Picker, K::F(3), C::ChooseFields),
    b(S::Picker, K::F(4), C::NewCustomer),
    b(S::Picker, K::F(5), C::OpenCard),
    // Card.
    b(S::Card, K::Tab, C::NextTab),
    b(S::Card, K::BackTab, C::PrevTab),
    b(S::Card, K::Right, C::NextTab),
    b(S::Card, K::Left, C::PrevTab),
    b(S::Card, K::F(2), C::Edit),
    b(S::Card, K::F(5), C::Reprint),
    b(S::Card, K::F(6), C::MoveSale),
    b(S::Card, K::F(7), C::Refund),
    b(S::Card, K::F(10), C::Apply),
    b(S::Card, K::F(11), C::Manager),
    // The merge plan: Space takes or leaves the selected field (the card takes no text).
    b(S::Card, K::Char(' '), C::Toggle),
    // Customer form (create or edit).
    b(S::Form, K::F(10), C::Save),
    b(S::Form, K::F(2), C::Toggle),
    b(S::Form, K::Down, C::NextField),
    b(S::Form, K::Up, C::PrevField),
    // First-run setup (text fields and choices, like a form).
    b(S::Setup, K::F(10), C::Save),
    b(S::Setup, K::F(2), C::Toggle),
    b(S::Setup, K::Down, C::NextField),
    b(S::Setup, K::Up, C::PrevField),
    // Settings (text fields and choices in sections, like the setup).
    b(S::Settings, K::F(10), C::Save),
    b(S::Settings, K::F(2), C::Toggle),
    b(S::Settings, K::Down, C::NextField),
    b(S::Settings, K::Up, C::PrevField),
    // Customers list.
    b(S::List, K::F(2), C::Sort),
    b(S::List, K::F(4), C::NewCustomer),
    b(S::List, K::F(3), C::Reverse),
    b(S::List, K::F(5), C::OpenCard),
    b(S::List, K::F(7), C::Import),
    b(S::List, K::F(8), C::Catalogue),
    b(S::List, K::F(9), C::Groups),
    b(S::List, K::F(6), C::Reports),
    b(S::List, K::F(12), C::Settings),
    b(S::List, K::F(11), C::Outbox),
    // Products screen (a search field: no printable key).
    b(S::Catalog, K::F(2), C::Edit),
    b(S::Catalog, K::F(4), C::Add),
    b(S::Catalog, K::F(7), C::Archive),
    // Groups screen.
    b(S::Groups, K::F(2), C::Edit),
    b(S::Groups, K::F(4), C::Add),
    b(S::Groups, K::F(7), C::Remove),
    b(S::Groups, K::F(5), C::Prices),
    // Reports screen (date and amount fields: no printable key; Tab changes the report).
    b(S::Reports, K::Tab, C::NextTab),
    b(S::Reports, K::BackTab, C::PrevTab),
    b(S::Reports, K::F(2), C::Today),
    b(S::Reports, K::F(3), C::ThisMonth),
    b(S::Reports, K::F(4), C::LastMonth),
    b(S::Reports, K::F(10), C::CloseDay),
    // Outbox screen (a list: Enter shows the selected message's details).
    b(S::Outbox, K::F(2), C::Filter),
    b(S::Outbox, K::F(5), C::Retry),
    b(S::Outbox, K::F(6), C::RetryAll),
    // Import screen.
    b(S::Import, K::F(2), C::Toggle),
    b(S::Import, K::F(3), C::Preset),
    b(S::Import, K::F(10), C::Import),
    // Popups.
    b(S::Popup, K::F(2), C::Toggle),
    b(S::Popup, K::F(4), C::Sms),
    b(S::Popup, K::F(5), C::Reprint),
    b(S::Popup, K::F(6), C::MoveSale),
    b(S::Popup, K::F(7), C::Refund),
    b(S::Popup, K::F(3), C::Exchange),
    b(S::Popup, K::F(10), C::Save),
    // A yes/no question: y (yes), o (oui), n (no / non).
    b(S::Question, K::Char('y'), C::Confirm),
    b(S::Question, K::Char('o'), C::Confirm),
    b(S::Question, K::Char('n'), C::Back),
    // A checklist: Space ticks or unticks.
    b(S::Checklist, K::Char(' '), C::Toggle),
];

/// What a key press means in a scope: a bound command, or a typed character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pressed {
    Cmd(Command),
    Char(char),
}

/// A key as the keymap reads it.
pub fn resolve(table: &[Binding], scope: Scope, key: &KeyEvent) -> Option<Pressed> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let is_ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    // Ctrl+Q and Ctrl+Shift+Q are one key; a capital letter typed alone is not `y`.
    let code = match key.code {
        K::Char(c) if is_ctrl => K::Char(c.to_ascii_lowercase()),
        other => other,
    };
    let find = |s: Scope| {
        table
            .iter()
            .find(|bd| bd.scope == s && bd.code == code && bd.ctrl == is_ctrl)
            .map(|bd| bd.command)
    };
    if let Some(cmd) = scope.chain().find_map(find) {
        return Some(Pressed::Cmd(cmd));
    }
    match key.code {
        K::Char(c) if !is_ctrl && !key.modifiers.contains(KeyModifiers::ALT) && !c.is_control() => {
            Some(Pressed::Char(c))
        }
        _ => None,
    }
}

/// The label of the key bound to `command` in `scope` (or a scope containing it), e.g.
/// "F2", "Esc"; a named key is shown before a letter that does the same (a question's
/// footer says Enter, not Y).
pub fn key_label(table: &[Binding], scope: Scope, command: Command) -> Option<String> {
    let bound: Vec<&Binding> = scope
        .chain()
        .flat_map(|s| {
            table
                .iter()
                .filter(move |bd| bd.scope == s && bd.command == command)
        })
        .collect();
    let printable = |bd: &&&Binding| matches!(bd.code, K::Char(_)) && !bd.ctrl;
    let found = bound
        .iter()
        .find(|bd| !printable(bd))
        .or_else(|| bound.first())?;
    Some(label(found))
}

/// How a binding's key is shown: "F2", "Esc", "^Q", "Space", "Y".
pub fn label(bd: &Binding) -> String {
    let name = match bd.code {
        K::F(n) => format!("F{n}"),
        K::Esc => "Esc".into(),
        K::Enter => "Enter".into(),
        K::Up => "Up".into(),
        K::Down => "Down".into(),
        K::Left => "Left".into(),
        K::Right => "Right".into(),
        K::PageUp => "PgUp".into(),
        K::PageDown => "PgDn".into(),
        K::Tab => "Tab".into(),
        K::BackTab => "S-Tab".into(),
        K::Backspace => "Bksp".into(),
        K::Delete => "Del".into(),
        K::Home => "Home".into(),
        K::End => "End".into(),
        K::Char(' ') => "Space".into(),
        K::Char(c) => c.to_ascii_uppercase().to_string(),
        _ => "?".into(),
    };
    if bd.ctrl {
        format!("^{name}")
    } else {
        name
    }
}

/// Every binding that works in `scope`: its own, then those of the scopes containing it
/// ([`Scope::chain`]) whose key it does not bind itself, innermost first, each key once.
pub fn in_scope(table: &[Binding], scope: Scope) -> Vec<Binding> {
    let mut out: Vec<Binding> = Vec::new();
    for s in scope.chain() {
        for bd in table.iter().filter(|bd| bd.scope == s) {
            if !out.iter().any(|o| o.code == bd.code && o.ctrl == bd.ctrl) {
                out.push(*bd);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn scope_bindings_win_and_text_passes_through() {
        assert_eq!(
            resolve(DEFAULT, Scope::Sale, &key(K::F(2))),
            Some(Pressed::Cmd(C::Customer))
        );
        assert_eq!(
            resolve(DEFAULT, Scope::Picker, &key(K::F(2))),
            Some(Pressed::Cmd(C::ToggleAdvanced))
        );
        assert_eq!(
            resolve(DEFAULT, Scope::Picker, &key(K::Char('q'))),
            Some(Pressed::Char('q'))
        );
        let ctrl_q = KeyEvent::new(K::Char('q'), KeyModifiers::CONTROL);
        assert_eq!(
            resolve(DEFAULT, Scope::Form, &ctrl_q),
            Some(Pressed::Cmd(C::Quit))
        );
        assert_eq!(
            resolve(DEFAULT, Scope::Sale, &key(K::F(1))),
            Some(Pressed::Cmd(C::Help))
        );
        assert_eq!(
            key_label(DEFAULT, Scope::Sale, C::PayCash).as_deref(),
            Some("F8")
        );
        assert_eq!(
            key_label(DEFAULT, Scope::Sale, C::Quit).as_deref(),
            Some("^Q")
        );
    }

    #[test]
    fn in_scope_gives_each_key_once_with_the_meaning_it_has_there() {
        let card = in_scope(DEFAULT, Scope::Card);
        let tab: Vec<&Binding> = card.iter().filter(|b| b.code == K::Tab).collect();
        assert_eq!(tab.len(), 1);
        assert_eq!(tab.first().map(|b| b.command), Some(C::NextTab));
        for scope in Scope::ALL {
            let here = in_scope(DEFAULT, scope);
            assert!(
                here.iter()
                    .any(|b| b.code == K::F(1) && b.command == C::Help),
                "{scope:?} has no help key"
            );
            assert!(here.iter().any(|b| b.command == C::Back), "{scope:?}");
        }
        let question = in_scope(DEFAULT, Scope::Question);
        assert!(
            question.iter().any(|b| b.command == C::Reprint),
            "popup keys"
        );
        assert!(question.iter().any(|b| b.code == K::Char('y')));
        assert_eq!(
            in_scope(DEFAULT, Scope::Help),
            in_scope(DEFAULT, Scope::Any)
        );
        assert_eq!(
            label(&ctrl(S::Any, 'q', C::Quit)),
            "^Q",
            "a binding's label, as the footer shows it"
        );
        assert_eq!(label(&b(S::Checklist, K::Char(' '), C::Toggle)), "Space");
    }

    #[test]
    fn printable_keys_are_bound_only_where_no_text_is_typed() {
        for bd in DEFAULT {
            if let K::Char(_) = bd.code {
                assert!(
                    bd.ctrl || !bd.scope.takes_text(),
                    "{:?} would swallow typed text",
                    bd.command
                );
            }
        }
    }

    #[test]
    fn a_question_is_answered_by_letters_and_a_checklist_ticked_by_space() {
        let q = |c: char| resolve(DEFAULT, Scope::Question, &key(K::Char(c)));
        assert_eq!(q('y'), Some(Pressed::Cmd(C::Confirm)));
        assert_eq!(q('o'), Some(Pressed::Cmd(C::Confirm)));
        assert_eq!(q('n'), Some(Pressed::Cmd(C::Back)));
        assert_eq!(
            q('Y'),
            Some(Pressed::Char('Y')),
            "as before: lower case only"
        );
        assert_eq!(q('x'), Some(Pressed::Char('x')));
        // Popup and Any bindings apply inside a question; the footer still says Enter.
        assert_eq!(
            resolve(DEFAULT, Scope::Question, &key(K::Enter)),
            Some(Pressed::Cmd(C::Confirm))
        );
        assert_eq!(
            key_label(DEFAULT, Scope::Question, C::Confirm).as_deref(),
            Some("Enter")
        );
        assert_eq!(
            key_label(DEFAULT, Scope::Question, C::Back).as_deref(),
            Some("Esc")
        );
        let space = key(K::Char(' '));
        assert_eq!(
            resolve(DEFAULT, Scope::Checklist, &space),
            Some(Pressed::Cmd(C::Toggle))
        );
        // The card takes no text either: Space flips a field of the merge plan.
        assert_eq!(
            resolve(DEFAULT, Scope::Card, &space),
            Some(Pressed::Cmd(C::Toggle))
        );
        assert_eq!(
            resolve(DEFAULT, Scope::Checklist, &key(K::F(2))),
            Some(Pressed::Cmd(C::Toggle))
        );
        // Where text is typed, the same keys are text.
        assert_eq!(
            resolve(DEFAULT, Scope::Popup, &key(K::Char('y'))),
            Some(Pressed::Char('y'))
        );
        assert_eq!(
            resolve(DEFAULT, Scope::Popup, &space),
            Some(Pressed::Char(' '))
        );
    }

    #[test]
    fn moving_toggle_to_another_key_keeps_space_in_a_checklist() {
        let moved = with_overrides(
            DEFAULT,
            &[KeyOverride {
                action: C::Toggle,
                key: KeySpec::parse("F8").unwrap(),
            }],
        )
        .unwrap();
        assert_eq!(
            resolve(&moved, Scope::Checklist, &key(K::Char(' '))),
            Some(Pressed::Cmd(C::Toggle))
        );
        assert_eq!(
            resolve(&moved, Scope::Checklist, &key(K::F(8))),
            Some(Pressed::Cmd(C::Toggle))
        );
        assert_eq!(resolve(&moved, Scope::Checklist, &key(K::F(2))), None);
    }

    #[test]
    fn key_specs_parse_and_print_back() {
        for (text, printed) in [
            ("F1", "F1"),
            ("f12", "F12"),
            (" ctrl-k ", "Ctrl+K"),
            ("Ctrl+Z", "Ctrl+Z"),
        ] {
            let k = KeySpec::parse(text).unwrap();
            assert_eq!(k.text(), printed);
            assert_eq!(KeySpec::parse(&k.text()), Ok(k));
        }
        for bad in [
            "", "F0", "F", "a", "Enter", "Ctrl+", "Ctrl+1", "Ctrl+I", "Alt+K",
        ] {
            assert!(KeySpec::parse(bad).is_err(), "{bad}");
        }
        for c in Command::OVERRIDABLE {
            assert_eq!(Command::overridable(c.name()), Some(*c));
            assert!(
                DEFAULT.iter().any(|b| b.command == *c),
                "{c:?} has a default key"
            );
        }
        assert_eq!(Command::overridable("up"), None);
    }
}
