//! vCard import (2.1, 3.0, 4.0) and the vCard 4.0 writer used by the export.
//!
//! The file is read whole (contact books are small; more than [`MAX_FILE`] is refused),
//! split into cards by `parse`, each card turned into a draft by `card` and applied by
//! the same engine as CSV, in one transaction, with the same dry run, report and
//! re-import rules. The line of a card is the line of its `BEGIN:VCARD`. A malformed card
//! is refused with its reason and the others import. Refused cards of a real run go to
//! `NAME.rejected.vcf`, each with an `X-COMPTOIR-REASON` property.

pub mod card;
pub mod parse;
pub mod write;

use std::io::Write as _;
use std::path::Path;

use super::csv_in::rejected_path;
use super::engine::{Engine, Outcome};
use super::report::{Issue, Report};
use super::text::{self, Charset};
use super::{ExchangeError, Progress, RunOptions};
use crate::store::{bulk, Store};
use parse::Item;

/// The largest contacts file read (photos make phone exports big).
pub const MAX_FILE: u64 = 256 * 1024 * 1024;

/// Imports (or rehearses importing) a vCard file.
pub fn import(
    store: &mut Store,
    path: &Path,
    run: &RunOptions,
    progress: &mut dyn Progress,
) -> Result<Report, ExchangeError> {
    let fmt_err = |message: String| ExchangeError::Format {
        path: path.to_path_buf(),
        message,
    };
    let read_err = |source| ExchangeError::Read {
        path: path.to_path_buf(),
        source,
    };
    let size = std::fs::metadata(path).map_err(read_err)?.len();
    if size > MAX_FILE {
        return Err(fmt_err(format!(
            "{size} bytes is more than a contacts file holds ({} MiB at most): split it",
            MAX_FILE / (1024 * 1024)
        )));
    }
    let bytes = std::fs::read(path).map_err(read_err)?;
    let head = bytes.get(..text::SAMPLE).unwrap_or(&bytes);
    let sniff = text::sniff(head, None).map_err(fmt_err)?;
    let bytes = if sniff.charset.is_utf16() {
        let enc = encoding_rs::Encoding::for_label(sniff.charset.name().as_bytes())
            .unwrap_or(encoding_rs::UTF_8);
        enc.decode(&bytes).0.into_owned().into_bytes()
    } else {
        bytes.get(sniff.bom..).unwrap_or_default().to_vec()
    };
    let items = parse::parse(&bytes);
    if items.is_empty() {
        return Err(fmt_err(
            "no vCard in this file (no BEGIN:VCARD line)".into(),
        ));
    }
    let mut report = Report {
        file: path.display().to_string(),
        format: "vcard".into(),
        dry_run: run.dry_run,
        ..Default::default()
    };
    if sniff.charset != Charset::UTF8 && sniff.charset != Charset::WINDOWS_1252 {
        report.encoding = Some(sniff.how.clone());
    }
    let mut rejected = RejectedCards::new(path, run.dry_run);
    progress.start(items.len() as u64);
    let body = |tx: &rusqlite::Transaction| -> Result<Report, ExchangeError> {
        let mut engine = Engine::new(tx, run, std::mem::take(&mut report))?;
        for (i, item) in items.iter().enumerate() {
            let (line, raw, outcome) = match item {
                Item::Malformed { line, reason, raw } => {
                    let o = engine.refuse_row(
                        *line,
                        vec![Issue::new(
                            None,
                            format!("malformed card skipped: {reason}"),
                        )],
                    );
                    (*line, raw, o)
                }
                Item::Card(c) => (c.line, &c.raw, engine.row(c.line, card::draft(c))?),
            };
            if let Outcome::Refused(reason) = outcome {
                rejected.write(raw, line, &reason)?;
            }
            progress.at(i as u64 + 1);
        }
        progress.finish();
        Ok(engine.finish(&run.actor)?)
    };
    let result = if run.dry_run {
        bulk::rehearse(store, body)
    } else {
        store.write(body)
    };
    let mut report = match result {
        Ok(r) => r,
        Err(e) => {
            rejected.discard();
            return Err(e);
        }
    };
    report.committed = !run.dry_run;
    report.rejected_file = rejected.finish()?;
    Ok(report)
}

/// `NAME.rejected.vcf`, written as `.part` and renamed after the commit.
struct RejectedCards {
    path: std::path::PathBuf,
    part: std::path::PathBuf,
    file: Option<std::fs::File>,
    enabled: bool,
}

impl RejectedCards {
    fn new(path: &Path, dry_run: bool) -> Self {
        let out = rejected_path(path, "vcf");
        RejectedCards {
            part: out.with_extension("vcf.part"),
            path: out,
            file: None,
            enabled: !dry_run,
        }
    }

    fn write(&mut self, raw: &[String], line: u64, reason: &str) -> Result<(), ExchangeError> {
        if !self.enabled {
            return Ok(());
        }
        let err = |source| ExchangeError::Write {
            path: self.part.clone(),
            source,
        };
        if self.file.is_none() {
            self.file = Some(std::fs::File::create(&self.part).map_err(err)?);
        }
        let mut text = String::new();
        let mut ended = false;
        for l in raw {
            if l.trim().eq_ignore_ascii_case("END:VCARD") {
                ended = true;
                text.push_str(&format!(
                    "X-COMPTOIR-REASON:{}\r\n",
                    write::text(&format!("line {line}: {reason}"))
                ));
            }
            text.push_str(l);
            text.push_str("\r\n");
        }
        if !ended {
            text.push_str(&format!(
                "X-COMPTOIR-REASON:{}\r\nEND:VCARD\r\n",
                write::text(&format!("line {line}: {reason}"))
            ));
        }
        match self.file.as_mut() {
            Some(f) => f.write_all(text.as_bytes()).map_err(err),
            None => Ok(()),
        }
    }

    fn finish(self) -> Result<Option<String>, ExchangeError> {
        let Some(f) = self.file else { return Ok(None) };
        drop(f);
        std::fs::rename(&self.part, &self.path).map_err(|source| ExchangeError::Write {
            path: self.path.clone(),
            source,
        })?;
        Ok(Some(self.path.display().to_string()))
    }

    fn discard(self) {
        if self.file.is_some() {
            let _ = std::fs::remove_file(&self.part);
        }
    }
}
