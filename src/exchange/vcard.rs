//! vCard import (2.1, 3.0, 4.0) and the vCard 4.0 writer used by the export.
//!
//! The file is read whole through a bounded reader (contact books are small; more than
//! [`MAX_FILE`] is refused, also from a FIFO or a device), split into cards by `parse`,
//! each card turned into a draft by `card` and applied by the same engine as CSV
//! ([`engine::run`]: chunked commits under one import run, all or nothing; a dry run that
//! writes nothing and takes no write lock), with the same report and re-import rules. The
//! line of a card is the line of its `BEGIN:VCARD`. A malformed card is refused with its
//! reason and the others import. Refused cards of a real run go to `NAME.rejected.vcf`,
//! each with an `X-COMPTOIR-REASON` property (beside the file, or in the data folder when
//! the file's folder cannot be written).

pub mod card;
pub mod parse;
pub mod write;

use std::io::Read;
use std::path::Path;

use super::engine::{self, Outcome};
use super::rejected::RejectedFile;
use super::report::{Issue, Report};
use super::text::{self, Charset, Sniff};
use super::{ExchangeError, Progress, RunOptions};
use crate::store::Store;
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
    let (items, sniff) = read_cards(path)?;
    let mut report = Report {
        file: path.display().to_string(),
        format: "vcard".into(),
        dry_run: run.dry_run,
        ..Default::default()
    };
    if sniff.charset != Charset::UTF8 && sniff.charset != Charset::WINDOWS_1252 {
        report.encoding = Some(sniff.how.clone());
    }
    let mut rejected = RejectedFile::new(path, "vcf", run, store.path());
    progress.start(items.len() as u64);
    let result = engine::run(store, run, report, |engine| {
        for (i, item) in items.iter().enumerate() {
            let (line, raw, outcome) = match item {
                Item::Malformed { line, reason, raw } => {
                    let o = engine.refuse_row(
                        *line,
                        vec![Issue::of(
                            None,
                            crate::exchange::remark::Remark::CardSkipped {
                                fault: reason.clone(),
                            },
                        )],
                    );
                    (*line, raw, o)
                }
                Item::Card(c) => (c.line, &c.raw, engine.row(c.line, card::draft(c))?),
            };
            if let Outcome::Refused(reason) = outcome {
                rejected.append(|| Ok(Vec::new()), || Ok(refused_card(raw, line, &reason)))?;
            }
            progress.at(i as u64 + 1);
        }
        progress.finish();
        Ok(())
    });
    rejected.settle(result, run)
}

/// The file's cards (at most [`MAX_FILE`] bytes, UTF-16 decoded), and how its encoding
/// was decided.
fn read_cards(path: &Path) -> Result<(Vec<Item>, Sniff), ExchangeError> {
    let fmt_err = |message: String| ExchangeError::Format {
        path: path.to_path_buf(),
        message,
    };
    let read_err = |source| ExchangeError::Read {
        path: path.to_path_buf(),
        source,
    };
    // Read through a bounded reader: the size the file system gives means nothing for a
    // FIFO or a device (`/dev/zero` says 0 and never ends). The first bytes are sniffed
    // before the rest is read, so a binary file stops there.
    let mut file = std::fs::File::open(path).map_err(read_err)?;
    let mut bytes = Vec::new();
    (&mut file)
        .take(text::SAMPLE as u64)
        .read_to_end(&mut bytes)
        .map_err(read_err)?;
    let sniff = text::sniff(&bytes, None).map_err(fmt_err)?;
    file.take(MAX_FILE + 1 - bytes.len() as u64)
        .read_to_end(&mut bytes)
        .map_err(read_err)?;
    if bytes.len() as u64 > MAX_FILE {
        return Err(fmt_err(format!(
            "more than {} MiB is more than a contacts file holds: split it",
            MAX_FILE / (1024 * 1024)
        )));
    }
    let items = parse::parse(&text::body(&bytes, &sniff)).map_err(fmt_err)?;
    if items.is_empty() {
        return Err(fmt_err(
            "no vCard in this file (no BEGIN:VCARD line)".into(),
        ));
    }
    Ok((items, sniff))
}

/// A refused card as `NAME.rejected.vcf` keeps it: its lines as read, with an
/// `X-COMPTOIR-REASON` property (the line and the reasons) before its end.
fn refused_card(raw: &[String], line: u64, reason: &str) -> Vec<u8> {
    let why = format!(
        "X-COMPTOIR-REASON:{}\r\n",
        write::text(&format!("line {line}: {reason}"))
    );
    let mut text = String::new();
    let mut ended = false;
    for l in raw {
        if l.trim().eq_ignore_ascii_case("END:VCARD") {
            ended = true;
            text.push_str(&why);
        }
        text.push_str(l);
        text.push_str("\r\n");
    }
    if !ended {
        text.push_str(&why);
        text.push_str("END:VCARD\r\n");
    }
    text.into_bytes()
}
