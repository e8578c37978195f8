//! Joining from the hub's snapshot: a register that joined ([`super::join`]) reads the
//! authority's state at one moment (live groups, customers, their notes) instead of the
//! whole feed from its first row, then follows the feed after the snapshot's mark.
//!
//! Invariants:
//! - every page is read from one hub transaction (REPEATABLE READ, `hub::Snapshot`), so
//!   the rows and the mark agree: the feed after the mark holds exactly what the
//!   snapshot lacks;
//! - each page is validated like the feed's rows (`parse_row`) and applied in one SQLite
//!   transaction; applying is idempotent (upserts by id), so a pass cut off midway
//!   starts the snapshot again at the next pass, and nothing is applied twice in effect;
//! - the cursor moves to the mark, and the pending mark is cleared, in one transaction
//!   after the last page: until then the register never reads the feed;
//! - the search index is not touched here (the caller catches up after the pass, or
//!   rebuilds when far behind).

use super::{apply, parse_row, Report, Result};
use crate::domain::customer::ValidationContext;
use crate::hub::{FeedRow, Hub};
use crate::store::{outbox, Store};

/// Reads the hub's snapshot and applies it; moves the cursor to its mark.
pub(super) fn take(
    store: &mut Store,
    hub: &mut Hub,
    ctx: &ValidationContext,
    register: &str,
    report: &mut Report,
) -> Result<()> {
    let mut snap = hub.snapshot()?;
    let mark = snap.mark;
    let groups = snap.groups()?;
    report.snapshot += apply_page(store, &groups, ctx, register)?;
    let mut after: Option<String> = None;
    loop {
        let (rows, last) = snap.customers(after.as_deref())?;
        if rows.is_empty() {
            break;
        }
        report.snapshot += apply_page(store, &rows, ctx, register)?;
        after = last;
    }
    let mut after: Option<String> = None;
    loop {
        let (rows, last) = snap.notes(after.as_deref())?;
        if rows.is_empty() {
            break;
        }
        report.snapshot += apply_page(store, &rows, ctx, register)?;
        after = last;
    }
    snap.finish()?;
    store.write(|tx| {
        outbox::set_state(tx, outbox::CURSOR, &mark.to_string())?;
        outbox::clear_state(tx, outbox::SNAPSHOT)?;
        Ok::<_, super::SyncError>(())
    })?;
    report.downloaded += report.snapshot;
    report.cursor = mark;
    Ok(())
}

/// Validates `rows`, then applies them in one transaction; how many.
fn apply_page(
    store: &mut Store,
    rows: &[FeedRow],
    ctx: &ValidationContext,
    register: &str,
) -> Result<u64> {
    let changes = rows
        .iter()
        .map(|r| parse_row(r, ctx))
        .collect::<Result<Vec<_>>>()?;
    store.write(|tx| {
        changes.iter().try_for_each(|c| apply(tx, c, register))?;
        Ok::<_, super::SyncError>(())
    })?;
    Ok(changes.len() as u64)
}
