//! The managers' reports screen, as plain data: the report shown (a tab per
//! [`ReportKind`]), the period typed (From / To; the Z's day and the cash counted), each
//! field's refusal, and the last answer of the background job that computes a report.
//!
//! Invariants: the fields hold what was typed, and a refusal stays beside its field until
//! that field is typed in again or the report is asked for again; a request carries a
//! sequence number and only the answer to the newest one is shown (`asked`/`shown`, as
//! the picker's searches), so a slow report answered after the manager moved on never
//! replaces the newer one; `closing` is set while a Z closing is being stored, so a
//! second key press asks nothing more.

use chrono::NaiveDate;

use super::super::text_input::TextInput;
use crate::domain::money::Money;
use crate::lang::Lang;
use crate::store::reports::{Period, Report, ReportKind};

/// The fields of the screen: the period's two days (Days to VAT), the Z's day and cash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReportField {
    #[default]
    From,
    To,
    Day,
    Counted,
}

impl ReportField {
    /// The fields a report's tab shows, in screen order.
    pub fn of(kind: ReportKind) -> [ReportField; 2] {
        match kind {
            ReportKind::Z => [ReportField::Day, ReportField::Counted],
            ReportKind::Days
            | ReportKind::Groups
            | ReportKind::Customers
            | ReportKind::Methods
            | ReportKind::Vat => [ReportField::From, ReportField::To],
        }
    }
}

/// Why a field was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldRefusal {
    /// Not a day in the register's language nor ISO (what was typed).
    NotADay(String),
    /// From is after To.
    FromAfterTo,
    /// Not an amount of cash (what was typed).
    NotAnAmount(String),
    /// The cash counted is below zero.
    BelowZero,
}

/// A report as answered, with what was asked.
#[derive(Debug, Clone, PartialEq)]
pub struct ShownReport {
    pub kind: ReportKind,
    pub period: Period,
    pub report: Report,
}

/// The reports screen.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportsScreen {
    pub kind: ReportKind,
    pub from: TextInput,
    pub to: TextInput,
    /// The Z's day.
    pub day: TextInput,
    /// The cash counted in the drawer, for the Z's closing.
    pub counted: TextInput,
    pub focus: ReportField,
    /// Refusals beside their fields.
    pub refusals: Vec<(ReportField, FieldRefusal)>,
    /// Sequence number of the newest report asked for, and of the one shown.
    pub asked: u64,
    pub shown: u64,
    /// What the newest request asked for (the answer is shown with it).
    pub pending: Option<(ReportKind, Period)>,
    /// The last answer (`None` before the first one, or after a failure).
    pub result: Option<ShownReport>,
    /// A report is being computed (asked, not answered yet).
    pub computing: bool,
    /// The Z's closing is being stored.
    pub closing: bool,
    /// The first row of the table drawn (PgUp / PgDn).
    pub scroll: usize,
}

impl Default for ReportsScreen {
    fn default() -> Self {
        ReportsScreen {
            kind: ReportKind::Days,
            from: TextInput::default(),
            to: TextInput::default(),
            day: TextInput::default(),
            counted: TextInput::default(),
            focus: ReportField::From,
            refusals: Vec::new(),
            asked: 0,
            shown: 0,
            pending: None,
            result: None,
            computing: false,
            closing: false,
            scroll: 0,
        }
    }
}

/// Top customers a report lists.
pub const TOP_CUSTOMERS: usize = 20;

impl ReportsScreen {
    /// The screen as it opens on `today`: the Days tab, this month so far, the Z on today.
    pub fn open(today: NaiveDate, lang: Lang) -> ReportsScreen {
        let mut r = ReportsScreen::default();
        r.set_period(Period::month_of(today, 0).from, today, lang);
        r.day.set(&lang.day(today));
        r
    }

    /// The period's fields set to `from` .. `to` as the language writes days.
    pub fn set_period(&mut self, from: NaiveDate, to: NaiveDate, lang: Lang) {
        self.from.set(&lang.day(from));
        self.to.set(&lang.day(to));
        self.refusals
            .retain(|(f, _)| !matches!(f, ReportField::From | ReportField::To));
    }

    /// The field being typed in.
    pub fn input_mut(&mut self, f: ReportField) -> &mut TextInput {
        match f {
            ReportField::From => &mut self.from,
            ReportField::To => &mut self.to,
            ReportField::Day => &mut self.day,
            ReportField::Counted => &mut self.counted,
        }
    }

    /// A field's text.
    pub fn input(&self, f: ReportField) -> &TextInput {
        match f {
            ReportField::From => &self.from,
            ReportField::To => &self.to,
            ReportField::Day => &self.day,
            ReportField::Counted => &self.counted,
        }
    }

    /// The refusal beside field `f`, if any.
    pub fn refusal(&self, f: ReportField) -> Option<&FieldRefusal> {
        self.refusals.iter().find(|(x, _)| *x == f).map(|(_, r)| r)
    }

    /// The day typed in field `f` (the language's way or ISO), or its refusal noted.
    pub fn read_day(&mut self, f: ReportField, lang: Lang) -> Option<NaiveDate> {
        let text = self.input(f).text().trim().to_string();
        let day = lang.parse_day(&text);
        if day.is_none() {
            self.refusals.push((f, FieldRefusal::NotADay(text)));
        }
        day
    }

    /// The cash counted (comma or dot), or its refusal noted.
    pub fn read_counted(&mut self) -> Option<Money> {
        let text = self.counted.text().trim().to_string();
        match Money::parse(&text) {
            Ok(m) if m.is_negative() => {
                self.refusals
                    .push((ReportField::Counted, FieldRefusal::BelowZero));
                None
            }
            Ok(m) => Some(m),
            Err(_) => {
                self.refusals
                    .push((ReportField::Counted, FieldRefusal::NotAnAmount(text)));
                None
            }
        }
    }
}
