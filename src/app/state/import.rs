//! The managers' Import screen, as plain data: the folder being browsed and its files,
//! the preset chosen, the run in progress and the report it gave.
//!
//! Invariants: the stages follow one another in one order (choose a file -> dry run ->
//! review -> import -> done); a result is taken only when its `run` number is the one
//! asked last (a dry run left with Esc is forgotten, not shown later); the report is the
//! library's own [`Report`], so the screen shows exactly what `comptoir import` prints.

use std::path::PathBuf;

use crate::app::text_input::TextInput;
use crate::domain::ids::CustomerId;
use crate::exchange::preset;
use crate::exchange::report::{ColumnUse, Issue, Match, Report};

/// Where the screen is in the import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ImportStage {
    /// Browsing for a file.
    #[default]
    Choose,
    /// The dry run is reading the file.
    Checking,
    /// The dry-run report is shown; the import waits for confirmation.
    Review,
    /// The real import is running (it cannot be left half-way).
    Importing,
    /// The import is committed (or failed); its report is shown.
    Done,
}

/// One line of the folder listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEntry {
    pub name: String,
    pub dir: bool,
    pub size: u64,
}

/// A finished run: its report, and the names of the customers it matched (looked up
/// after the run, for the rows the report lists).
#[derive(Debug, Clone, PartialEq)]
pub struct ImportResult {
    pub report: Report,
    pub names: Vec<(CustomerId, String)>,
}

/// The Import screen.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportScreen {
    pub stage: ImportStage,
    /// The folder listed (`None` until the first listing arrives).
    pub dir: Option<PathBuf>,
    /// Sub-folders first, then importable files, each sorted by name.
    pub entries: Vec<FileEntry>,
    /// Typed text: filters the listing, or a path to go to with Enter.
    pub filter: TextInput,
    /// Selected entry among those the filter keeps.
    pub selected: usize,
    /// Index into the presets offered (`exchange::preset::choices`, `auto` first).
    pub preset: usize,
    /// The file being checked or imported.
    pub file: Option<PathBuf>,
    /// Number of the run asked last; results of other runs are ignored.
    pub run: u64,
    /// Bytes (CSV) or cards (vCard) read so far, and the total.
    pub progress: (u64, u64),
    /// The dry-run (Review) or final (Done) report.
    pub result: Option<Box<ImportResult>>,
    /// Why the run stopped before producing a report (a file it cannot read).
    pub error: Option<String>,
    /// First report line shown.
    pub scroll: usize,
    /// The manager chose (F2 on the report) to create the groups the file names that the
    /// shop does not have, with the import.
    pub create_groups: bool,
}

impl ImportScreen {
    /// The preset name chosen.
    pub fn preset_name(&self) -> &'static str {
        preset::choice(self.preset)
    }

    /// The groups the confirmed import creates first: the report's unknown groups when
    /// the manager chose to create them, else none.
    pub fn groups_to_create(&self) -> Vec<String> {
        match &self.result {
            Some(r) if self.create_groups => r
                .report
                .unknown_groups
                .iter()
                .map(|g| g.name.clone())
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The report shown is a vCard file's (no preset applies).
    pub fn is_vcard(&self) -> bool {
        self.result
            .as_ref()
            .is_some_and(|r| r.report.format == "vcard")
    }

    /// The entries the typed filter keeps: all when it is empty or a path, else those
    /// whose name contains it (any case; the parent `..` only shows unfiltered).
    pub fn visible(&self) -> Vec<&FileEntry> {
        let f = self.filter.text().trim().to_lowercase();
        let path_like = f.contains('/') || f.starts_with('~');
        self.entries
            .iter()
            .filter(|e| {
                f.is_empty() || path_like || (e.name != ".." && e.name.to_lowercase().contains(&f))
            })
            .collect()
    }
}

/// Whether a file name looks importable: CSV-like text or vCard.
pub fn importable(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".csv", ".tsv", ".txt", ".vcf", ".vcard"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// A part of the report, one screen line each, in the order shown: what needs the
/// manager's attention first (counts, refusals, warnings), then how columns were read,
/// then the customers matched.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ReportItem<'a> {
    /// Rows read, to create, to update, unchanged, refused, warnings.
    Counts,
    /// File, format and preset (with why it was chosen).
    Source,
    /// Encoding and delimiter (CSV).
    Encoding,
    /// Where the refused rows were written.
    Rejected(&'a str),
    /// The groups the rows name that the shop does not have.
    UnknownGroups,
    Notice(&'a str),
    Heading(Section),
    Refusal(&'a Issue),
    Warning(&'a Issue),
    Column(&'a ColumnUse),
    Ignored,
    Match(&'a Match),
    /// The lists were cut (the counts are complete).
    Truncated,
}

/// The headings of the report's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Refused,
    Warnings,
    Columns,
    Matches,
}

/// The report's lines, in order (see [`ReportItem`]).
pub fn report_items(r: &Report) -> Vec<ReportItem<'_>> {
    let mut out = vec![ReportItem::Counts, ReportItem::Source];
    if r.encoding.is_some() {
        out.push(ReportItem::Encoding);
    }
    if let Some(f) = &r.rejected_file {
        out.push(ReportItem::Rejected(f));
    }
    if !r.unknown_groups.is_empty() {
        out.push(ReportItem::UnknownGroups);
    }
    out.extend(r.notices.iter().map(|n| ReportItem::Notice(n)));
    if !r.refusals.is_empty() {
        out.push(ReportItem::Heading(Section::Refused));
        out.extend(r.refusals.iter().map(ReportItem::Refusal));
    }
    if !r.warnings.is_empty() {
        out.push(ReportItem::Heading(Section::Warnings));
        out.extend(r.warnings.iter().map(ReportItem::Warning));
    }
    if !r.columns.is_empty() || !r.ignored_columns.is_empty() {
        out.push(ReportItem::Heading(Section::Columns));
        out.extend(r.columns.iter().map(ReportItem::Column));
        if !r.ignored_columns.is_empty() {
            out.push(ReportItem::Ignored);
        }
    }
    if !r.matches.is_empty() {
        out.push(ReportItem::Heading(Section::Matches));
        out.extend(r.matches.iter().map(ReportItem::Match));
    }
    if r.truncated {
        out.push(ReportItem::Truncated);
    }
    out
}
