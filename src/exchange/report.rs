//! The report of an import: what was read, what will be (or was) created, updated, left
//! unchanged or refused, each warning and refusal with its physical line number and
//! column. The same value is printed as text or, with `--json`, serialised as is.
//!
//! Lists are capped at [`MAX_LISTED`] entries each so that a million-row file cannot fill
//! memory with messages; the counts are always exact and `truncated` says when a list was
//! cut. Messages name fields and quote at most 40 characters of a value.

use std::fmt;

use serde::Serialize;

use super::remark::Remark;
use crate::domain::ids::CustomerId;

/// Longest list of warnings, refusals or matches a report keeps.
pub const MAX_LISTED: usize = 10_000;

/// A warning or a refusal: where and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    /// Physical line where the row (or vCard) starts; 0 for the file as a whole.
    pub line: u64,
    /// The column (CSV) or property (vCard) concerned, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    pub message: String,
    /// The validator's rule, when a field's value broke one, with the field: what a
    /// screen needs to say it in its own language (`message` is English).
    #[serde(skip)]
    pub rule: Option<(&'static str, String)>,
    /// The importer's remark as data (`message` is its English): what a screen words in
    /// its own language. `None` for a validator's refusal (see `rule`).
    #[serde(skip)]
    pub remark: Option<Remark>,
}

impl Issue {
    pub fn new(column: Option<&str>, message: impl Into<String>) -> Issue {
        Issue {
            line: 0,
            column: column.map(str::to_string),
            message: message.into(),
            rule: None,
            remark: None,
        }
    }

    /// The issue of `remark`, its message the remark's English.
    pub fn of(column: Option<&str>, remark: Remark) -> Issue {
        Issue {
            remark: Some(remark.clone()),
            ..Issue::new(column, remark.english())
        }
    }
}

/// The key an imported row matched an existing customer on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKey {
    Reference,
    Email,
    Phone,
    /// Rows without reference, e-mail or phone: the same name on a customer without any.
    Name,
}

impl fmt::Display for MatchKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MatchKey::Reference => "reference",
            MatchKey::Email => "e-mail",
            MatchKey::Phone => "phone",
            MatchKey::Name => "name (no reference, e-mail or phone)",
        })
    }
}

/// A row that matched a stored customer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Match {
    pub line: u64,
    pub customer: CustomerId,
    pub matched_on: MatchKey,
    /// The fields the row changes; empty when it changes nothing.
    pub fields: Vec<String>,
}

/// A column and the field it feeds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnUse {
    pub column: String,
    pub field: String,
    /// "preset", "common name", "mapping file" or "--map".
    pub from: String,
}

/// Everything an import run has to say.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    pub file: String,
    /// "csv" or "vcard".
    pub format: String,
    pub dry_run: bool,
    /// The accepted rows are in the database (false for a dry run or a failed run).
    pub committed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preset: Option<String>,
    /// Why this preset ("chosen from the header: 17 of 19 columns known").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preset_reason: Option<String>,
    /// `preset_reason` as data, for a screen to word.
    #[serde(skip)]
    pub preset_remark: Option<Remark>,
    pub columns: Vec<ColumnUse>,
    pub ignored_columns: Vec<String>,
    /// Remarks about the file as a whole.
    pub notices: Vec<String>,
    /// The notices made by [`Report::notice`] as data (a screen finds a notice's remark
    /// by its English text; a notice without one is shown as written).
    #[serde(skip)]
    pub notice_remarks: Vec<Remark>,
    pub rows_read: u64,
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub refused: u64,
    pub warnings_count: u64,
    pub matches: Vec<Match>,
    pub warnings: Vec<Issue>,
    pub refusals: Vec<Issue>,
    /// Some list above was cut at [`MAX_LISTED`] entries.
    pub truncated: bool,
    /// Where the refused rows were written (real runs with refusals).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rejected_file: Option<String>,
    /// The customer change sequence after the commit: the search index catches up to it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_change_seq: Option<i64>,
    /// Groups the rows name that the shop does not have, in order of first mention, with
    /// how many rows name each (at most [`MAX_UNKNOWN_GROUPS`] names; `truncated` says
    /// when more were named).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unknown_groups: Vec<UnknownGroup>,
}

/// A group a file names that the shop does not have.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct UnknownGroup {
    pub name: String,
    pub rows: u64,
}

/// Distinct unknown group names listed: a file naming thousands is not a group list.
pub const MAX_UNKNOWN_GROUPS: usize = 100;

impl Report {
    /// A remark about the file as a whole.
    pub fn notice(&mut self, remark: Remark) {
        self.notices.push(remark.english());
        self.notice_remarks.push(remark);
    }

    /// The remark behind notice `text`, when it has one.
    pub fn notice_remark(&self, text: &str) -> Option<&Remark> {
        self.notice_remarks.iter().find(|r| r.english() == text)
    }

    /// A row names group `name`, which the shop does not have (names compared without
    /// case).
    pub fn unknown_group(&mut self, name: &str) {
        let key: Vec<char> = name.chars().flat_map(char::to_lowercase).collect();
        if let Some(g) = self.unknown_groups.iter_mut().find(|g| {
            g.name
                .chars()
                .flat_map(char::to_lowercase)
                .eq(key.iter().copied())
        }) {
            g.rows += 1;
        } else if self.unknown_groups.len() < MAX_UNKNOWN_GROUPS {
            self.unknown_groups.push(UnknownGroup {
                name: name.to_string(),
                rows: 1,
            });
        } else {
            self.truncated = true;
        }
    }

    pub fn warn(&mut self, line: u64, mut issue: Issue) {
        self.warnings_count += 1;
        issue.line = line;
        push_capped(&mut self.warnings, issue, &mut self.truncated);
    }

    pub fn refuse(&mut self, line: u64, issues: Vec<Issue>) {
        self.refused += 1;
        for mut issue in issues {
            issue.line = line;
            push_capped(&mut self.refusals, issue, &mut self.truncated);
        }
    }

    pub fn matched(&mut self, m: Match) {
        if m.fields.is_empty() {
            self.unchanged += 1;
        } else {
            self.updated += 1;
        }
        push_capped(&mut self.matches, m, &mut self.truncated);
    }

    /// The refusal reasons of one line, joined, for the rejected-rows file.
    pub fn reasons(issues: &[Issue]) -> String {
        issues
            .iter()
            .map(|i| match &i.column {
                Some(c) => format!("{c}: {}", i.message),
                None => i.message.clone(),
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

impl Report {
    /// This report with every text that came from the file (or names it) passed through
    /// `f`: the caller's sanitiser before the report is shown on a terminal. Every field
    /// is named here, so a new text field does not compile until it is decided on.
    pub fn map_text(&self, f: impl Fn(&str) -> String) -> Report {
        let Report {
            file,
            format,
            dry_run,
            committed,
            encoding,
            delimiter,
            preset,
            preset_reason,
            preset_remark,
            columns,
            ignored_columns,
            notices,
            notice_remarks,
            rows_read,
            created,
            updated,
            unchanged,
            refused,
            warnings_count,
            matches,
            warnings,
            refusals,
            truncated,
            rejected_file,
            last_change_seq,
            unknown_groups,
        } = self;
        let opt = |o: &Option<String>| o.as_deref().map(&f);
        let issues = |list: &[Issue]| -> Vec<Issue> {
            list.iter()
                .map(|i| Issue {
                    line: i.line,
                    column: opt(&i.column),
                    message: f(&i.message),
                    rule: i.rule.as_ref().map(|(r, field)| (*r, f(field))),
                    // Values inside are cleaned where the remark is worded.
                    remark: i.remark.clone(),
                })
                .collect()
        };
        Report {
            file: f(file),
            format: f(format),
            dry_run: *dry_run,
            committed: *committed,
            encoding: opt(encoding),
            delimiter: opt(delimiter),
            preset: opt(preset),
            preset_reason: opt(preset_reason),
            preset_remark: preset_remark.clone(),
            columns: columns
                .iter()
                .map(|c| ColumnUse {
                    column: f(&c.column),
                    field: f(&c.field),
                    from: f(&c.from),
                })
                .collect(),
            ignored_columns: ignored_columns.iter().map(|c| f(c)).collect(),
            notices: notices.iter().map(|n| f(n)).collect(),
            notice_remarks: notice_remarks.clone(),
            rows_read: *rows_read,
            created: *created,
            updated: *updated,
            unchanged: *unchanged,
            refused: *refused,
            warnings_count: *warnings_count,
            matches: matches
                .iter()
                .map(|m| Match {
                    fields: m.fields.iter().map(|x| f(x)).collect(),
                    ..m.clone()
                })
                .collect(),
            warnings: issues(warnings),
            refusals: issues(refusals),
            truncated: *truncated,
            rejected_file: opt(rejected_file),
            last_change_seq: *last_change_seq,
            unknown_groups: unknown_groups
                .iter()
                .map(|g| UnknownGroup {
                    name: f(&g.name),
                    rows: g.rows,
                })
                .collect(),
        }
    }
}

fn push_capped<T>(list: &mut Vec<T>, item: T, truncated: &mut bool) {
    if list.len() < MAX_LISTED {
        list.push(item);
    } else {
        *truncated = true;
    }
}

fn place(i: &Issue) -> String {
    match &i.column {
        Some(c) => format!("line {}, {c}", i.line),
        None => format!("line {}", i.line),
    }
}

impl fmt::Display for Report {
    /// The text form: a summary, then each match, warning and refusal on its own line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dry = self.dry_run;
        let mode = if dry {
            " (dry run: nothing written)"
        } else {
            ""
        };
        writeln!(f, "import of {} ({}){mode}", self.file, self.format)?;
        if let Some(p) = &self.preset {
            let why = self.preset_reason.as_deref().unwrap_or("");
            writeln!(f, "  preset: {p} {why}")?;
        }
        if let Some(e) = &self.encoding {
            let d = self.delimiter.as_deref().unwrap_or("");
            writeln!(f, "  encoding: {e}; delimiter: {d}")?;
        }
        for c in &self.columns {
            writeln!(f, "  column {} -> {} ({})", c.column, c.field, c.from)?;
        }
        if !self.ignored_columns.is_empty() {
            let shown: Vec<&str> = self
                .ignored_columns
                .iter()
                .take(30)
                .map(String::as_str)
                .collect();
            let more = self.ignored_columns.len().saturating_sub(shown.len());
            let more = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            writeln!(f, "  ignored columns: {}{more}", shown.join(", "))?;
        }
        for n in &self.notices {
            writeln!(f, "  note: {n}")?;
        }
        for m in &self.matches {
            if m.fields.is_empty() {
                writeln!(
                    f,
                    "  line {}: same as customer {} (matched on {})",
                    m.line, m.customer, m.matched_on
                )?;
            } else {
                let verb = if dry { "would update" } else { "updates" };
                writeln!(
                    f,
                    "  line {}: {verb} customer {} (matched on {}): {}",
                    m.line,
                    m.customer,
                    m.matched_on,
                    m.fields.join(", ")
                )?;
            }
        }
        for w in &self.warnings {
            writeln!(f, "  {}: warning: {}", place(w), w.message)?;
        }
        for r in &self.refusals {
            writeln!(f, "  {}: refused: {}", place(r), r.message)?;
        }
        if self.truncated {
            writeln!(
                f,
                "  (lists cut at {MAX_LISTED} entries; the counts below are complete)"
            )?;
        }
        let (create, update) = if dry {
            ("to create", "to update")
        } else {
            ("created", "updated")
        };
        writeln!(
            f,
            "rows read: {}; {create}: {}; {update}: {}; unchanged: {}; refused: {}; warnings: {}",
            self.rows_read,
            self.created,
            self.updated,
            self.unchanged,
            self.refused,
            self.warnings_count
        )?;
        if !self.unknown_groups.is_empty() {
            let names: Vec<String> = self
                .unknown_groups
                .iter()
                .map(|g| format!("{} ({} rows)", g.name, g.rows))
                .collect();
            writeln!(
                f,
                "groups the file names that the shop does not have: {}; create them with \
                 `comptoir groups add`, or import with --create-groups (manager)",
                names.join(", ")
            )?;
        }
        if let Some(r) = &self.rejected_file {
            writeln!(
                f,
                "refused rows written to {r} (with a reason column): fix them and import that file"
            )?;
        }
        if !dry && !self.committed {
            writeln!(f, "nothing was written")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_capped_counts_are_not() {
        let mut r = Report::default();
        for i in 0..(MAX_LISTED as u64 + 5) {
            r.warn(i, Issue::new(None, "x"));
        }
        assert_eq!(r.warnings.len(), MAX_LISTED);
        assert_eq!(r.warnings_count, MAX_LISTED as u64 + 5);
        assert!(r.truncated);
    }

    #[test]
    fn unknown_groups_are_counted_without_case_and_capped() {
        let mut r = Report::default();
        for name in ["VIP Or", "vip or", "Pros"] {
            r.unknown_group(name);
        }
        assert_eq!(
            r.unknown_groups,
            [
                UnknownGroup {
                    name: "VIP Or".into(),
                    rows: 2
                },
                UnknownGroup {
                    name: "Pros".into(),
                    rows: 1
                }
            ]
        );
        assert!(r.to_string().contains("VIP Or (2 rows), Pros (1 rows)"));
        for i in 0..(MAX_UNKNOWN_GROUPS + 5) {
            r.unknown_group(&format!("g{i}"));
        }
        assert_eq!(r.unknown_groups.len(), MAX_UNKNOWN_GROUPS);
        assert!(r.truncated);
    }

    #[test]
    fn text_names_line_and_column() {
        let mut r = Report {
            file: "a.csv".into(),
            format: "csv".into(),
            dry_run: true,
            ..Default::default()
        };
        r.refuse(7, vec![Issue::new(Some("Phone"), "not a phone")]);
        let t = r.to_string();
        assert!(t.contains("line 7, Phone: refused: not a phone"), "{t}");
        assert!(t.contains("to create: 0"), "{t}");
    }

    #[test]
    fn map_text_reaches_every_text_from_the_file() {
        let mut r = Report {
            file: "a\u{1b}.csv".into(),
            format: "csv".into(),
            encoding: Some("e\u{1b}".into()),
            delimiter: Some("\u{1b}".into()),
            preset: Some("p\u{1b}".into()),
            preset_reason: Some("r\u{1b}".into()),
            columns: vec![ColumnUse {
                column: "c\u{1b}".into(),
                field: "email".into(),
                from: "--map".into(),
            }],
            ignored_columns: vec!["i\u{1b}".into()],
            notices: vec!["n\u{1b}".into()],
            rejected_file: Some("f\u{1b}".into()),
            ..Default::default()
        };
        r.warn(2, Issue::new(Some("w\u{1b}"), "m\u{1b}"));
        r.unknown_group("g\u{1b}");
        r.refuse(3, vec![Issue::new(Some("x\u{1b}"), "y\u{1b}")]);
        let shown = r.map_text(|s| s.replace('\u{1b}', "?")).to_string();
        assert!(!shown.contains('\u{1b}'), "{shown:?}");
        assert!(shown.contains("line 3, x?: refused: y?"), "{shown}");
    }
}
