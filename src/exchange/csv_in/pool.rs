//! The rows' validation on a few threads, handed to the engine in file order.
//!
//! The reader thread parses and decodes (one stream: it cannot be split) and sends
//! batches of drafts, numbered, to a shared work channel; [`workers`] threads build and
//! validate them (the domain's rules, phone numbers above all: most of an import's CPU
//! outside SQLite) and send them on; [`InOrder`] puts the batches back in file order for
//! the engine, which alone touches the store.
//!
//! Invariants: every channel is bounded, so a slow engine slows the reading down instead
//! of filling memory; when the engine stops (an error), the receiving end goes, every
//! worker's next send fails and it returns, the last worker takes the work channel's
//! receiver with it, and the reader's next send fails: no thread waits forever.

use std::collections::BTreeMap;
use std::sync::mpsc::{Receiver, SyncSender};
use std::sync::{Arc, Mutex};

use super::super::draft::{Draft, Groups};
use super::super::engine::{self, Prepared};
use super::super::report::Issue;
use crate::domain::customer::ValidationContext;

/// A row read and decoded, not validated yet.
pub(super) struct Raw {
    pub line: u64,
    /// Where the reading stands, for the progress bar.
    pub byte: u64,
    pub cells: Vec<String>,
    pub draft: Draft,
    /// Problems found while decoding, which refuse the row before validation.
    pub bad: Vec<Issue>,
}

/// One row read and prepared.
pub(super) struct Row {
    pub line: u64,
    pub byte: u64,
    pub cells: Vec<String>,
    pub prepared: Prepared,
}

/// Sent to the engine.
pub(super) enum Msg {
    /// Batch number `.0`, prepared.
    Rows(usize, Vec<Row>),
    /// The file cannot be read further: stop, nothing is committed.
    Failed(String),
    /// The end of the file after `batches` batches, with a remark about an unclosed quote.
    Done {
        notice: Option<crate::exchange::remark::Remark>,
        batches: usize,
    },
}

/// Numbered batches of rows to validate; shared by the workers.
pub(super) type Work = Arc<Mutex<Receiver<(usize, Vec<Raw>)>>>;

/// How many validating threads: one per core, at least one, at most four.
pub(super) fn workers() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get().clamp(1, 4))
}

/// One worker: validates batches until the work runs out or the engine is gone.
pub(super) fn work(work: Work, out: SyncSender<Msg>, groups: &Groups, ctx: &ValidationContext) {
    loop {
        let next = match work.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return, // another worker panicked: the scope reports it
        };
        let Ok((seq, raws)) = next else {
            return; // the reader is done
        };
        let rows = raws
            .into_iter()
            .map(|r| Row {
                line: r.line,
                byte: r.byte,
                cells: r.cells,
                prepared: if r.bad.is_empty() {
                    engine::prepare(r.draft, groups, ctx)
                } else {
                    Prepared {
                        warnings: Vec::new(),
                        unknown_group: None,
                        result: Err(r.bad),
                    }
                },
            })
            .collect();
        if out.send(Msg::Rows(seq, rows)).is_err() {
            return; // the engine stopped
        }
    }
}

/// Batches back in file order.
#[derive(Default)]
pub(super) struct InOrder {
    next: usize,
    waiting: BTreeMap<usize, Vec<Row>>,
    /// How many batches the file made, once the reader has said.
    total: Option<usize>,
}

impl InOrder {
    pub(super) fn push(&mut self, seq: usize, rows: Vec<Row>) {
        self.waiting.insert(seq, rows);
    }

    /// The reader made `batches` batches in all.
    pub(super) fn end(&mut self, batches: usize) {
        self.total = Some(batches);
    }

    /// The next batch in file order, once it has arrived.
    pub(super) fn pop(&mut self) -> Option<Vec<Row>> {
        let rows = self.waiting.remove(&self.next)?;
        self.next += 1;
        Some(rows)
    }

    /// Every batch of the file has been popped.
    pub(super) fn finished(&self) -> bool {
        self.total == Some(self.next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch(line: u64) -> Vec<Row> {
        vec![Row {
            line,
            byte: 0,
            cells: Vec::new(),
            prepared: Prepared {
                warnings: Vec::new(),
                unknown_group: None,
                result: Err(Vec::new()),
            },
        }]
    }

    #[test]
    fn batches_come_out_in_file_order_whatever_order_they_arrive_in() {
        let mut o = InOrder::default();
        o.push(1, batch(20));
        assert!(o.pop().is_none(), "batch 0 first");
        o.push(0, batch(10));
        o.end(3);
        assert_eq!(o.pop().unwrap()[0].line, 10);
        assert_eq!(o.pop().unwrap()[0].line, 20);
        assert!(!o.finished());
        o.push(2, batch(30));
        assert_eq!(o.pop().unwrap()[0].line, 30);
        assert!(o.finished());
    }
}
