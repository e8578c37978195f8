//! CSV import: reads what spreadsheets really write and feeds the engine row by row.
//!
//! - The encoding comes from [`text::sniff`] (or `--encoding`); the delimiter is sniffed
//!   among `,` `;` tab `|` from the first lines (or `--delimiter`).
//! - The `csv` crate parses raw bytes (quoted fields with delimiters and line breaks,
//!   doubled quotes, CRLF or LF, blank lines skipped, rows shorter or longer than the
//!   header accepted); each cell is then decoded, so a cell in another encoding refuses its
//!   row only, naming the column, instead of stopping the file.
//! - The physical line where each row starts is the `csv` crate's record position.
//! - `Guard` sits under the parser: a row over [`MAX_RECORD`] bytes (a 50 MB line, a
//!   quote never closed in a big file) stops the import before the commit with the line
//!   where it started, so memory stays bounded; it also notes an unbalanced quote.
//! - The reader thread parses and decodes; a few threads validate (`pool.rs`); the
//!   engine gets the rows back in file order and plans and commits them
//!   ([`engine::run`]: chunks under one import run, all or nothing; a dry run that writes
//!   nothing and takes no write lock).
//! - Refused rows go to `NAME.rejected.csv` (real runs only), written beside the file (or
//!   in the data folder when the file's folder cannot be written) as `.part` and renamed
//!   once the import has committed its last chunk.

mod guard;
mod pool;
mod rejected;

use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::sync::mpsc;

use super::draft::{Draft, Groups};
use super::engine::{self, Outcome};
use super::field::Field;
use super::mapping::{self, MappingFile, PresetChoice};
use super::remark::Remark;
use super::report::{Issue, Report};
use super::text::{self, Charset};
use super::{ExchangeError, Progress, RunOptions};
use crate::domain::customer::ValidationContext;
use crate::store::Store;

pub use super::rejected::rejected_path;
pub use guard::MAX_RECORD;
use guard::{Guard, GuardState};
use pool::{InOrder, Msg, Raw};
use rejected::RejectedRows;

/// What the command line says about a CSV file.
#[derive(Debug, Clone)]
pub struct CsvOptions {
    pub preset: PresetChoice,
    pub mapping: Option<MappingFile>,
    pub maps: Vec<(String, Field)>,
    pub delimiter: Option<u8>,
    pub encoding: Option<Charset>,
}

/// Reads a delimiter option: one character, or "tab", "comma", "semicolon", "pipe".
pub fn parse_delimiter(s: &str) -> Result<u8, ExchangeError> {
    match s {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        "comma" => Ok(b','),
        "semicolon" => Ok(b';'),
        "pipe" => Ok(b'|'),
        _ => match s.as_bytes() {
            [b] if b.is_ascii() && *b != b'"' && *b != b'\n' => Ok(*b),
            _ => Err(ExchangeError::Mapping(format!(
                "delimiter `{s}`: give one ASCII character, or tab, comma, semicolon, pipe"
            ))),
        },
    }
}

/// Imports (or, with `run.dry_run`, rehearses importing) the CSV file at `path`.
pub fn import(
    store: &mut Store,
    path: &Path,
    opts: &CsvOptions,
    run: &RunOptions,
    progress: &mut dyn Progress,
) -> Result<Report, ExchangeError> {
    let source = Source::open(path, opts)?;
    let mut parser = Parser::new(source.stream, source.delimiter);
    let headers = parser
        .header(source.charset)
        .map_err(|m| format_error(path, m))?;
    let plan = mapping::plan(&headers, opts.preset, opts.mapping.as_ref(), &opts.maps)?;
    let mut notices = source.notices;
    if let Some(why) = manager_columns(&headers, &plan.fields, run) {
        if !run.dry_run {
            return Err(ExchangeError::Manager(why.english()));
        }
        notices.push(why);
    }
    let report = Report {
        file: path.display().to_string(),
        format: "csv".into(),
        dry_run: run.dry_run,
        encoding: Some(source.how),
        delimiter: Some(delimiter_name(source.delimiter)),
        preset: plan.preset.clone(),
        preset_reason: plan.preset_reason.as_ref().map(Remark::english),
        preset_remark: plan.preset_reason.clone(),
        columns: plan.columns.clone(),
        ignored_columns: plan.ignored.clone(),
        notices: notices.iter().map(Remark::english).collect(),
        notice_remarks: notices,
        ..Default::default()
    };
    let mut rejected = RejectedRows::new(path, &headers, source.delimiter, run, store.path());
    let (groups, ctx) = engine::context(store.conn(), run)?;
    progress.start(source.total);
    let reading = Reading {
        headers: &headers,
        fields: &plan.fields,
        charset: source.charset,
        forced: source.forced,
        groups: &groups,
        ctx: &ctx,
    };
    let steps = Steps {
        run,
        progress,
        rejected: &mut rejected,
        path,
    };
    let result = steps.apply(store, reading, parser, report);
    release_memory(store);
    rejected.into_file().settle(result, run)
}

/// Why a run without the manager cannot import these columns: they set a customer's
/// group, tax or credit limit (a manager's act). `None` when none does or the manager's
/// PIN was given.
fn manager_columns(headers: &[String], fields: &[Field], run: &RunOptions) -> Option<Remark> {
    if run.manager {
        return None;
    }
    let guarded: Vec<&str> = headers
        .iter()
        .zip(fields)
        .filter(|(_, f)| {
            matches!(
                f,
                Field::Group | Field::Tax | Field::TaxExempt | Field::CreditLimit
            )
        })
        .map(|(h, _)| h.as_str())
        .collect();
    let first = guarded.first()?;
    Some(Remark::ManagerColumns {
        columns: guarded.join(", "),
        first: first.to_string(),
    })
}

/// [`ExchangeError::Format`] for the file at `path`.
fn format_error(path: &Path, message: String) -> ExchangeError {
    ExchangeError::Format {
        path: path.to_path_buf(),
        message,
    }
}

/// The file opened for reading: its size, its encoding and delimiter (sniffed, or given
/// by the options), and a stream of its text after the byte-order mark.
struct Source {
    stream: Box<dyn Read + Send>,
    total: u64,
    /// How the encoding was decided, for the report.
    how: String,
    /// The encoding of the stream's fields (UTF-8 for a UTF-16 file).
    charset: Charset,
    /// `--encoding`, else the mapping file's.
    forced: Option<Charset>,
    delimiter: u8,
    notices: Vec<Remark>,
}

impl Source {
    fn open(path: &Path, opts: &CsvOptions) -> Result<Source, ExchangeError> {
        let read_err = |source| ExchangeError::Read {
            path: path.to_path_buf(),
            source,
        };
        let mut file = File::open(path).map_err(read_err)?;
        // The size is only for the progress bar: a FIFO or a device says 0 and is read
        // all the same, through the row guard.
        let total = file.metadata().map_err(read_err)?.len();
        let mut sample = Vec::with_capacity(text::SAMPLE);
        (&mut file)
            .take(text::SAMPLE as u64)
            .read_to_end(&mut sample)
            .map_err(read_err)?;
        if sample.is_empty() {
            return Err(format_error(path, "the file is empty".into()));
        }
        let forced = match opts.encoding {
            Some(c) => Some(c),
            None => opts
                .mapping
                .as_ref()
                .and_then(|m| m.encoding.as_deref())
                .map(label)
                .transpose()?,
        };
        let sniff = text::sniff(&sample, forced).map_err(|m| format_error(path, m))?;
        if !sniff.charset.is_ascii_compatible() && !sniff.charset.is_utf16() {
            return Err(format_error(
                path,
                format!(
                    "the {} encoding is not supported for CSV",
                    sniff.charset.name()
                ),
            ));
        }
        let delimiter = match (
            opts.delimiter,
            opts.mapping.as_ref().and_then(|m| m.delimiter.as_deref()),
        ) {
            (Some(d), _) => d,
            (None, Some(d)) => parse_delimiter(d)?,
            (None, None) => {
                sniff_delimiter_in(&text::body(&sample, &sniff), sample.len() >= text::SAMPLE)
            }
        };
        let mut notices = Vec::new();
        if forced == Some(Charset::WINDOWS_1252) && text::looks_like_misread_utf8(&sample) {
            notices.push(Remark::Utf8ForcedAs1252);
        }
        let (stream, charset) = text::body_reader(&sample, file, &sniff);
        Ok(Source {
            stream,
            total,
            how: sniff.how,
            charset,
            forced,
            delimiter,
            notices,
        })
    }
}

/// The CSV parser over the guarded stream, with the record it reads into.
struct Parser {
    reader: csv::Reader<Guard<Box<dyn Read + Send>>>,
    rec: csv::ByteRecord,
    state: GuardState,
}

impl Parser {
    fn new(stream: Box<dyn Read + Send>, delimiter: u8) -> Parser {
        let state = GuardState::new();
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(Guard::new(stream, state.clone()));
        Parser {
            reader,
            rec: csv::ByteRecord::new(),
            state,
        }
    }

    /// The header: the first record with text, decoded (lossily) and trimmed; or why the
    /// file has none.
    fn header(&mut self, charset: Charset) -> Result<Vec<String>, String> {
        loop {
            let got = self.reader.read_byte_record(&mut self.rec);
            self.state.record_done(self.reader.position());
            match got {
                Ok(true) if self.rec.iter().all(<[u8]>::is_empty) => continue,
                Ok(true) => {
                    return Ok(self
                        .rec
                        .iter()
                        .map(|c| charset.decode_lossy(c).trim().to_string())
                        .collect())
                }
                Ok(false) => return Err("no header row: the file has no lines with text".into()),
                Err(e) => return Err(self.state.failure().unwrap_or_else(|| e.to_string())),
            }
        }
    }
}

/// What applying the rows needs besides the store and the rows.
struct Steps<'a> {
    run: &'a RunOptions,
    progress: &'a mut dyn Progress,
    rejected: &'a mut RejectedRows,
    path: &'a Path,
}

impl Steps<'_> {
    /// Applies the rows through the engine while a reader thread parses and decodes them
    /// and the pool's threads validate them (pure work), in batches.
    fn apply(
        self,
        store: &mut Store,
        reading: Reading,
        parser: Parser,
        report: Report,
    ) -> Result<Report, ExchangeError> {
        let Steps {
            run,
            progress,
            rejected,
            path,
        } = self;
        let workers = pool::workers();
        let (to_pool, work) = mpsc::sync_channel::<(usize, Vec<Raw>)>(2 * workers);
        let work: pool::Work = std::sync::Arc::new(std::sync::Mutex::new(work));
        let (send, receive) = mpsc::sync_channel::<Msg>(8);
        let (groups, ctx) = (reading.groups, reading.ctx);
        std::thread::scope(|scope| {
            let done = send.clone();
            let reader_thread = scope.spawn(move || reading.run(parser, to_pool, done));
            let pool: Vec<_> = (0..workers)
                .map(|_| {
                    let (work, out) = (work.clone(), send.clone());
                    scope.spawn(move || pool::work(work, out, groups, ctx))
                })
                .collect();
            // Only the threads hold these now: when they are gone, the engine's loop ends.
            drop((work, send));
            store.set_cache_kib(IMPORT_CACHE_KIB)?;
            // The receiver moves into the run: when it fails, dropping it stops the
            // workers, then the reader, at their next send.
            let result = engine::run(store, run, report, move |engine| {
                let mut order = InOrder::default();
                let mut notice = None;
                for msg in receive {
                    match msg {
                        Msg::Rows(seq, rows) => order.push(seq, rows),
                        Msg::Failed(message) => return Err(format_error(path, message)),
                        Msg::Done { notice: n, batches } => {
                            notice = n;
                            order.end(batches);
                        }
                    }
                    while let Some(rows) = order.pop() {
                        for row in rows {
                            let outcome = engine.apply(row.line, row.prepared)?;
                            if let Outcome::Refused(reason) = &outcome {
                                rejected.write(&row.cells, row.line, reason)?;
                            }
                            progress.at(row.byte);
                        }
                    }
                    if order.finished() {
                        if let Some(n) = notice {
                            engine.report.notice(n);
                        }
                        progress.finish();
                        return Ok(());
                    }
                }
                Err(format_error(
                    path,
                    "the reading stopped unexpectedly".into(),
                ))
            });
            store.set_cache_kib(16 * 1024)?;
            // Every thread is joined, so one that panicked is reported, not left behind.
            let mut panicked = false;
            for t in pool {
                panicked |= t.join().is_err();
            }
            if reader_thread.join().is_err() || panicked {
                return Err(format_error(path, "the reading thread failed".into()));
            }
            result
        })
    }
}

/// SQLite's page cache during an import (the default is 16 MiB): fewer dirty pages
/// spilled to the WAL and read back, while the importing process stays near 100 MB.
const IMPORT_CACHE_KIB: u32 = 64 * 1024;

/// Gives back what the import no longer needs, committed or not: SQLite's page cache (up
/// to [`IMPORT_CACHE_KIB`]) and what both threads freed, which glibc would otherwise keep
/// (at a million rows the process went from 107 MB to 28 MB). What follows an import, the
/// search index rebuild, then starts from there instead of adding to it.
fn release_memory(store: &Store) {
    if let Err(e) = store.release_cache() {
        tracing::warn!(error = %e, "could not release the page cache after the import");
    }
    crate::mem::release_freed();
}

/// Rows per batch sent from the reader thread.
const BATCH: usize = 512;

/// What the reader thread needs.
struct Reading<'a> {
    headers: &'a [String],
    fields: &'a [Field],
    charset: Charset,
    forced: Option<Charset>,
    groups: &'a Groups,
    ctx: &'a ValidationContext,
}

impl Reading<'_> {
    /// Reads the file into numbered batches of decoded rows for the pool (`work`); the
    /// end, or why the reading stopped, goes straight to the engine (`done`).
    fn run(
        self,
        parser: Parser,
        work: mpsc::SyncSender<(usize, Vec<Raw>)>,
        done: mpsc::SyncSender<Msg>,
    ) {
        let Parser {
            mut reader,
            mut rec,
            state,
        } = parser;
        let mut batch = Vec::with_capacity(BATCH);
        let mut batches = 0;
        let mut last_multiline: Option<u64> = None;
        loop {
            let got = reader.read_byte_record(&mut rec);
            let line = rec.position().map_or(0, |p| state.line_of(p));
            state.record_done(reader.position());
            match got {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    let _ = done.send(Msg::Failed(
                        state.failure().unwrap_or_else(|| e.to_string()),
                    ));
                    return;
                }
            }
            if rec.iter().all(|c| c.iter().all(u8::is_ascii_whitespace)) {
                continue;
            }
            let (draft, cells, bad) =
                read_row(&rec, self.headers, self.fields, self.charset, self.forced);
            last_multiline = cells.iter().any(|c| c.contains('\n')).then_some(line);
            batch.push(Raw {
                line,
                byte: reader.position().byte(),
                cells,
                draft,
                bad,
            });
            if batch.len() == BATCH {
                if work.send((batches, std::mem::take(&mut batch))).is_err() {
                    return; // the engine stopped
                }
                batches += 1;
            }
        }
        let notice = match (last_multiline, state.open_quote_line()) {
            (Some(line), Some(open)) => Some(Remark::QuoteNeverClosed { open, line }),
            _ => None,
        };
        if !batch.is_empty() {
            if work.send((batches, batch)).is_err() {
                return;
            }
            batches += 1;
        }
        let _ = done.send(Msg::Done { notice, batches });
    }
}

fn label(l: &str) -> Result<Charset, ExchangeError> {
    Charset::from_label(l).ok_or_else(|| {
        ExchangeError::Mapping(format!(
            "unknown encoding `{l}` (try utf-8, windows-1252, iso-8859-1, utf-16)"
        ))
    })
}

/// The most cells a row may have: a customer row has tens; thousands are not a customer
/// list (and each would cost a warning).
pub const MAX_CELLS: usize = 1000;

/// The column named for cells to the right of the header's last column.
pub const BEYOND_HEADER: &str = "(beyond the header)";

/// Decodes one record: the draft, the cells as text (for the rejected file) and the
/// problems that refuse it before validation. A row of more than [`MAX_CELLS`] cells is
/// refused whole, its first cells kept for the rejected file; cells beyond the header
/// cost one warning per row, not one per cell.
fn read_row(
    rec: &csv::ByteRecord,
    headers: &[String],
    fields: &[Field],
    charset: Charset,
    forced: Option<Charset>,
) -> (Draft, Vec<String>, Vec<Issue>) {
    let mut draft = Draft::new();
    if rec.len() > MAX_CELLS {
        let cells = rec
            .iter()
            .take(headers.len().clamp(1, MAX_CELLS))
            .map(|c| charset.decode_lossy(c).into_owned())
            .collect();
        let issue = Issue::of(
            None,
            Remark::TooManyCells {
                cells: rec.len(),
                max: MAX_CELLS,
            },
        );
        return (draft, cells, vec![issue]);
    }
    let mut cells = Vec::with_capacity(rec.len());
    let mut bad = Vec::new();
    let mut beyond = 0usize;
    for (i, raw) in rec.iter().enumerate() {
        let column = headers.get(i).map_or(BEYOND_HEADER, String::as_str);
        let text = match charset.decode(raw) {
            Some(t) => t.into_owned(),
            None => {
                bad.push(Issue::of(
                    Some(column),
                    Remark::NotValidIn {
                        charset: charset.name().to_string(),
                    },
                ));
                charset.decode_lossy(raw).into_owned()
            }
        };
        if forced == Some(Charset::WINDOWS_1252) && text::looks_like_misread_utf8(raw) {
            bad.push(Issue::of(
                Some(column),
                Remark::MisreadUtf8 {
                    value: super::draft::clip(&text),
                },
            ));
        }
        if let Some(f) = fields.get(i) {
            draft.set(*f, column, &text);
        } else if !text.trim().is_empty() {
            beyond += 1;
        }
        cells.push(text);
    }
    if bad.len() > super::draft::MAX_ROW_WARNINGS {
        let more = bad.len() - super::draft::MAX_ROW_WARNINGS;
        bad.truncate(super::draft::MAX_ROW_WARNINGS);
        bad.push(Issue::of(None, Remark::MoreProblems { count: more }));
    }
    if beyond > 0 {
        draft.warn(BEYOND_HEADER, Remark::BeyondHeader { count: beyond });
    }
    (draft, cells, bad)
}

fn delimiter_name(d: u8) -> String {
    match d {
        b'\t' => "tab".into(),
        d => (d as char).to_string(),
    }
}

/// Picks the delimiter whose column count is the most regular (and widest) over the
/// first lines; `,` when nothing splits.
pub fn sniff_delimiter(sample: &[u8]) -> u8 {
    sniff_delimiter_in(sample, sample.len() >= text::SAMPLE)
}

/// [`sniff_delimiter`] over the text of a sample; `truncated` when the file goes on
/// after it (its last line is then left out: it may end in the middle of a row).
fn sniff_delimiter_in(sample: &[u8], truncated: bool) -> u8 {
    let mut best = (b',', 0usize, 0usize);
    for d in [b',', b';', b'\t', b'|'] {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(d)
            .from_reader(sample);
        let mut counts: Vec<usize> = r
            .byte_records()
            .take(50)
            .filter_map(Result::ok)
            .map(|rec| rec.len())
            .collect();
        if counts.len() > 1 && truncated {
            counts.pop(); // the sample may end in the middle of a row
        }
        let Some(&width) = counts.first() else {
            continue;
        };
        if width < 2 {
            continue;
        }
        let regular = counts.iter().filter(|&&c| c == width).count();
        if (regular, width) > (best.1, best.2) {
            best = (d, regular, width);
        }
    }
    best.0
}

#[cfg(test)]
mod tests;
