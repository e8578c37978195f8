//! Joining from the hub's snapshot: a register that joined ([`super::join`]) reads the
//! authority's state at one moment (live groups, customers, their notes, every sale and
//! ledger entry) instead of the
//! whole feed from its first row, then follows the feed after the snapshot's mark.
//!
//! Invariants:
//! - every page is read from one hub transaction (REPEATABLE READ, `hub::Snapshot`), so
//!   the rows and the mark agree: the feed after the mark holds exactly what the
//!   snapshot lacks; a reader thread fetches and validates pages while this one applies
//!   them, in order, through a bounded channel (memory: a few pages);
//! - each page is validated like the feed's rows (`parse_row`) and applied in one SQLite
//!   transaction; applying is idempotent (upserts by id), so a pass cut off midway
//!   starts the snapshot again at the next pass, and nothing is applied twice in effect;
//! - the cursor moves to the mark, and the pending mark is cleared, in one transaction
//!   after the last page: until then the register never reads the feed;
//! - the search index is not touched here (the caller catches up after the pass, or
//!   rebuilds when far behind).

use super::{apply, parse_row, FeedChange, Report, Result, SyncError};
use crate::domain::customer::ValidationContext;
use crate::hub::{FeedRow, Hub, Snapshot};
use crate::store::{outbox, Store};

/// Reads the hub's snapshot and applies it; moves the cursor to its mark. Two threads:
/// this one applies each page while a reader fetches and validates the next ones (at
/// most [`AHEAD`] pages ahead), so the network, validation and SQLite overlap.
pub(super) fn take(
    store: &mut Store,
    hub: &mut Hub,
    ctx: &ValidationContext,
    register: &str,
    report: &mut Report,
) -> Result<()> {
    let mut snap = hub.snapshot()?;
    let mark = snap.mark;
    let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Vec<FeedChange>>>(AHEAD);
    let applied = std::thread::scope(|scope| {
        let reader = scope.spawn(move || {
            // A send fails only when the applier stopped (an error): stop too.
            let mut send = |page: Vec<FeedChange>| tx.send(Ok(page)).is_ok();
            if let Err(e) = read_all(&mut snap, ctx, &mut send) {
                let _ = tx.send(Err(e));
            }
            snap
        });
        let mut applied = 0u64;
        let mut outcome = Ok(());
        for page in rx.iter() {
            match page.and_then(|changes| apply_page(store, &changes, register)) {
                Ok(n) => applied += n,
                Err(e) => {
                    outcome = Err(e);
                    break;
                }
            }
        }
        drop(rx);
        let snap = reader.join().map_err(|_| SyncError::Feed {
            id: mark,
            detail: "the snapshot's reader stopped".into(),
        })?;
        outcome.map(|()| (applied, snap))
    });
    let (applied, snap) = applied?;
    snap.finish()?;
    store.write(|tx| {
        outbox::set_state(tx, outbox::CURSOR, &mark.to_string())?;
        outbox::clear_state(tx, outbox::SNAPSHOT)?;
        Ok::<_, SyncError>(())
    })?;
    report.snapshot += applied;
    report.downloaded += applied;
    report.cursor = mark;
    Ok(())
}

/// Pages validated ahead of the one being applied.
const AHEAD: usize = 2;

/// Reads the groups, then the customers, their notes, the sales and the ledgers, page by page, each validated,
/// into `send` (which says whether to go on); the first read or validation error ends
/// the reading.
fn read_all(
    snap: &mut Snapshot,
    ctx: &ValidationContext,
    send: &mut dyn FnMut(Vec<FeedChange>) -> bool,
) -> Result<()> {
    let validate = |rows: Vec<FeedRow>| {
        rows.iter()
            .map(|r| parse_row(r, ctx))
            .collect::<Result<Vec<_>>>()
    };
    if !send(validate(snap.groups()?)?) {
        return Ok(());
    }
    // The customers, their notes, the sales (before the entries that name them), the
    // ledgers.
    for section in [
        Section::Customers,
        Section::Notes,
        Section::Sales,
        Section::Ledger,
    ] {
        let mut after: Option<String> = None;
        loop {
            let (rows, last) = match section {
                Section::Customers => snap.customers(after.as_deref())?,
                Section::Notes => snap.notes(after.as_deref())?,
                Section::Sales => snap.sales(after.as_deref())?,
                Section::Ledger => snap.ledger(after.as_deref())?,
            };
            if rows.is_empty() {
                break;
            }
            after = last;
            if !send(validate(rows)?) {
                return Ok(());
            }
        }
    }
    Ok(())
}

#[derive(Clone, Copy)]
enum Section {
    Customers,
    Notes,
    Sales,
    Ledger,
}

/// Applies validated `changes` in one transaction; how many.
fn apply_page(store: &mut Store, changes: &[FeedChange], register: &str) -> Result<u64> {
    store.write(|tx| {
        changes.iter().try_for_each(|c| apply(tx, c, register))?;
        Ok::<_, SyncError>(())
    })?;
    Ok(changes.len() as u64)
}
