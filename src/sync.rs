//! The register's side of the hub: joining it, and one sync pass (upload the outbox in
//! order, then download the feed after the cursor). The store writes the outbox rows
//! (`store::outbox`) in each customer write's own transaction; this module moves them.
//!
//! Invariants:
//! - uploads go in outbox order, one change at a time, and a row is deleted only after
//!   the hub answered for it (the answered rows of a batch of 100 in one commit): a
//!   lost answer, or a crash before that commit, leaves the row, and the next pass sends
//!   the same change id again (the hub answers it from its record, applying nothing
//!   twice);
//! - the feed is read after the stored cursor in batches, each batch applied in ONE
//!   SQLite transaction that also moves the cursor, so a crash replays a whole batch or
//!   nothing; nothing is skipped (the hub makes feed ids visible in order); a batch
//!   is applied only if the cursor is still where it was read (two passes at once never
//!   move it back); the register's own changes come back and are applied again, which
//!   changes nothing;
//! - what the feed carries is validated like a person's input before it is stored;
//! - the search index is not touched here: every applied customer records its change in
//!   the change sequence, and the caller catches the index up after the pass.

use crate::config::SyncSettings;
use crate::domain::customer::TaxPreference;
use crate::domain::customer::{CustomerData, ValidationContext};
use crate::domain::ids::{CustomerId, LedgerId, SaleId};
use crate::domain::ledger::{Kind, Reason};
use crate::domain::money::Percent;
use crate::domain::sale::{self, Payment, Sale, SaleLine};
use crate::hub::{FeedRow, Hub, HubError, HubUrl};
use crate::store::customers::{apply_remote, apply_remote_group, Remote, RemoteGroup};
use crate::store::ledger::{self, Entry};
use crate::store::notes::{self, Note};
use crate::store::{catalog, customers, outbox, sales, Store, StoreError};

/// Feed rows applied per SQLite transaction.
pub const BATCH: i32 = 500;
/// Outbox rows read at a time.
const UPLOAD_BATCH: usize = 100;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Hub(#[from] HubError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("this database has not joined a hub: run `comptoir sync join` (with [sync] url set)")]
    NotJoined,
    #[error("this database joined the hub at {joined}, not {asked}")]
    OtherHub { joined: String, asked: String },
    #[error("the hub's feed row {id} cannot be applied: {detail}")]
    Feed { id: i64, detail: String },
    #[error("[sync] password_file {}: {detail}", path.display())]
    Password {
        path: std::path::PathBuf,
        detail: String,
    },
    #[error("no password for the hub: set COMPTOIR_SYNC_PASSWORD or [sync] password_file")]
    NoPassword,
}

pub type Result<T, E = SyncError> = std::result::Result<T, E>;

/// What one pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Report {
    /// Changes the hub accepted (or had accepted: `duplicates` of them).
    pub uploaded: u64,
    /// Uploads the hub had already accepted (an earlier answer was lost).
    pub duplicates: u64,
    /// References another customer holds at the hub: flagged there for the manager.
    pub ref_conflicts: u64,
    /// Feed rows applied (a snapshot's rows included).
    pub downloaded: u64,
    /// Rows of the hub's snapshot applied when this register joined (this pass).
    pub snapshot: u64,
    /// Reference conflicts open at the hub after the pass (for the manager:
    /// `comptoir sync conflicts`).
    pub open_conflicts: u64,
    /// Debits of this pass's uploads the hub could not cover (an overspend while cut
    /// off): each is a to-settle item.
    pub to_settle: u64,
    /// To-settle items open at the hub after the pass (`comptoir sync to-settle`).
    pub open_to_settle: u64,
    /// The feed cursor after the pass.
    pub cursor: i64,
}

/// Where this register stands.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Status {
    /// The hub joined (its URL without password), if any.
    pub hub: Option<String>,
    /// Changes waiting for upload.
    pub waiting: i64,
    pub cursor: i64,
    /// When the last pass ended without error (RFC 3339, UTC).
    pub last_sync: Option<String>,
}

pub fn status(store: &Store) -> Result<Status> {
    let conn = store.conn();
    Ok(Status {
        hub: outbox::state(conn, outbox::HUB)?,
        waiting: outbox::count(conn)?,
        cursor: cursor(store)?,
        last_sync: outbox::state(conn, outbox::LAST_SYNC)?,
    })
}

fn cursor(store: &Store) -> Result<i64> {
    let text = outbox::state(store.conn(), outbox::CURSOR)?;
    text.map_or(Ok(0), |t| {
        t.parse()
            .map_err(|_| StoreError::Corrupt(format!("sync_state cursor `{t}`")).into())
    })
}

/// Marks the database joined to the hub at `url`, and queues every group, every live
/// customer and their notes as creations, then every sale and ledger entry (a shop's first register brings its base to the hub this way).
/// Returns how many were queued; joining the same hub again queues nothing.
pub fn join(store: &mut Store, url: &HubUrl) -> Result<u64> {
    let shown = url.shown().to_string();
    store.write(|tx| {
        if let Some(joined) = outbox::state(tx, outbox::HUB)? {
            if joined != shown {
                return Err(SyncError::OtherHub {
                    joined,
                    asked: shown.clone(),
                });
            }
            return Ok(0);
        }
        outbox::set_state(tx, outbox::HUB, &shown)?;
        outbox::set_state(tx, outbox::CURSOR, "0")?;
        // The hub's state comes from a snapshot at the next pass, then the feed after it.
        outbox::set_state(tx, outbox::SNAPSHOT, "pending")?;
        let mut queued = 0;
        // Groups first: the customers name them.
        for g in catalog::groups(tx)? {
            outbox::group_set(tx, &g.name, g.discount, None)?;
            queued += 1;
        }
        customers::for_each(tx, false, |c| {
            outbox::customer_created(tx, c.id, &c.data)?;
            queued += 1;
            Ok::<_, SyncError>(std::ops::ControlFlow::Continue(()))
        })?;
        // Then their notes.
        for note in notes::all_live(tx)? {
            outbox::note_set(tx, &note)?;
            queued += 1;
        }
        // The sales, then the ledgers (whose entries name the sales).
        for id in sales::ids(tx)? {
            if let Some(s) = sales::get(tx, id)? {
                outbox::sale_added(tx, &s)?;
                queued += 1;
            }
        }
        ledger::for_each(tx, |e| {
            queued += 1;
            outbox::ledger_added(tx, e).map_err(SyncError::from)
        })?;
        Ok(queued)
    })
}

/// One pass on a new connection: upload what waits, then download what is new.
/// `register` is this register's code (what a merge made elsewhere moves here is
/// journalled under it).
pub fn pass(
    store: &mut Store,
    url: &HubUrl,
    ctx: &ValidationContext,
    register: &str,
) -> Result<Report> {
    check_joined(store, url)?;
    let mut hub = Hub::connect(url)?;
    pass_on(store, &mut hub, url, ctx, register)
}

/// One pass on an open connection (the register's background worker keeps one between
/// passes). After an error the connection may be broken: connect again.
pub fn pass_on(
    store: &mut Store,
    hub: &mut Hub,
    url: &HubUrl,
    ctx: &ValidationContext,
    register: &str,
) -> Result<Report> {
    check_joined(store, url)?;
    let mut report = Report::default();
    upload(store, hub, &mut report)?;
    if outbox::state(store.conn(), outbox::SNAPSHOT)?.is_some() {
        snapshot::take(store, hub, ctx, register, &mut report)?;
    }
    download(store, hub, ctx, register, &mut report)?;
    report.open_conflicts = hub.open_conflicts()?;
    report.open_to_settle = hub.open_to_settle()?;
    // The time of the last good pass: written when the pass moved something, else at
    // most once a minute (an idle register passing every 2 s writes no commit each time).
    let now = chrono::Utc::now();
    let stale = last_sync(store)?
        .is_none_or(|t| now.signed_duration_since(t) >= chrono::Duration::seconds(60));
    if stale || report.uploaded > 0 || report.downloaded > 0 {
        let text = crate::store::time_text(now);
        store.write(|tx| outbox::set_state(tx, outbox::LAST_SYNC, &text))?;
    }
    Ok(report)
}

/// When the last pass that reached the hub ended (to the minute when nothing moved), if
/// one did.
pub fn last_sync(store: &Store) -> Result<Option<chrono::DateTime<chrono::Utc>>> {
    Ok(outbox::last_sync(store.conn())?)
}

/// Refuses a database that joined no hub, or another one.
fn check_joined(store: &Store, url: &HubUrl) -> Result<()> {
    match outbox::state(store.conn(), outbox::HUB)? {
        None => Err(SyncError::NotJoined),
        Some(joined) if joined != url.shown() => Err(SyncError::OtherHub {
            joined,
            asked: url.shown().to_string(),
        }),
        Some(_) => Ok(()),
    }
}

/// The hub's URL with this register's password: COMPTOIR_SYNC_PASSWORD, else `[sync]
/// password_file` (refused unless only its owner may read it), else the URL's own.
pub fn credentials(settings: &SyncSettings) -> Result<HubUrl> {
    if let Ok(pw) = std::env::var("COMPTOIR_SYNC_PASSWORD") {
        return Ok(settings.url.clone().with_password(&pw));
    }
    if let Some(path) = &settings.password_file {
        let bad = |detail: String| SyncError::Password {
            path: path.clone(),
            detail,
        };
        let meta = std::fs::metadata(path).map_err(|e| bad(e.to_string()))?;
        if std::os::unix::fs::PermissionsExt::mode(&meta.permissions()) & 0o077 != 0 {
            return Err(bad("others can read it: chmod 600 it".into()));
        }
        let text = std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
        let pw = text.trim_end_matches(['\n', '\r']);
        return Ok(settings.url.clone().with_password(pw));
    }
    if settings.url.has_password() {
        return Ok(settings.url.clone());
    }
    Err(SyncError::NoPassword)
}

fn upload(store: &mut Store, hub: &mut Hub, report: &mut Report) -> Result<()> {
    loop {
        let waiting = outbox::pending(store.conn(), UPLOAD_BATCH)?;
        if waiting.is_empty() {
            return Ok(());
        }
        // The rows answered for leave the outbox together, in one commit per batch (one
        // fsync, not one per change), also when a later upload of the batch failed.
        let mut answered = Vec::with_capacity(waiting.len());
        let sent = send(hub, &waiting, &mut answered, report);
        store.write(|tx| answered.iter().try_for_each(|seq| outbox::remove(tx, *seq)))?;
        sent?;
    }
}

/// Uploads `waiting` in order, noting in `answered` each row the hub answered for.
fn send(
    hub: &mut Hub,
    waiting: &[outbox::Pending],
    answered: &mut Vec<i64>,
    report: &mut Report,
) -> Result<()> {
    for p in waiting {
        let answer = hub.upload(&p.change_id, &p.kind, &p.payload)?;
        answered.push(p.seq);
        report.uploaded += 1;
        if answer.get("duplicate").and_then(|v| v.as_bool()) == Some(true) {
            report.duplicates += 1;
        }
        let conflicts = answer.get("ref_conflicts").and_then(|v| v.as_u64());
        report.ref_conflicts += conflicts.unwrap_or(0);
        let short = answer.get("to_settle").and_then(|v| v.as_u64());
        report.to_settle += short.unwrap_or(0);
        tracing::debug!(change = %p.change_id, %answer, "uploaded");
    }
    Ok(())
}

fn download(
    store: &mut Store,
    hub: &mut Hub,
    ctx: &ValidationContext,
    register: &str,
    report: &mut Report,
) -> Result<()> {
    loop {
        let at = cursor(store)?;
        let rows = hub.feed_since(at, BATCH)?;
        let Some(last) = rows.last().map(|r| r.id) else {
            report.cursor = at;
            return Ok(());
        };
        let changes = rows
            .iter()
            .map(|r| parse_row(r, ctx))
            .collect::<Result<Vec<_>>>()?;
        let applied = store.write(|tx| {
            // Another pass (a timer's, overlapping) may have moved the cursor since it
            // was read: its batch is newer than this one, which is dropped unapplied.
            if outbox::state(tx, outbox::CURSOR)?.as_deref() != Some(at.to_string().as_str()) {
                return Ok::<_, SyncError>(false);
            }
            for change in &changes {
                apply(tx, change, register)?;
            }
            outbox::set_state(tx, outbox::CURSOR, &last.to_string())?;
            Ok(true)
        })?;
        if applied {
            report.downloaded += changes.len() as u64;
            report.cursor = last;
        }
    }
}

/// Applies one validated feed change (a download's or a snapshot's) in `tx`.
fn apply(tx: &rusqlite::Transaction, change: &FeedChange, register: &str) -> Result<()> {
    match change {
        FeedChange::Customer(id, data) => {
            let remote = data.as_deref().map_or(Remote::Deleted, Remote::Upsert);
            apply_remote(tx, *id, remote)?;
        }
        FeedChange::Merged {
            duplicate,
            survivor,
        } => {
            let remote = Remote::MergedInto {
                survivor: *survivor,
                register,
            };
            apply_remote(tx, *duplicate, remote)?;
        }
        FeedChange::Group(g) => {
            apply_remote_group(tx, g)?;
        }
        FeedChange::Note(n) => {
            notes::apply_remote(tx, n)?;
        }
        FeedChange::Sale(s) => {
            sales::insert_remote(tx, s)?;
        }
        FeedChange::Entry(e) => {
            ledger::apply_remote(tx, e)?;
        }
    }
    Ok(())
}

/// What a feed row says, validated.
#[derive(Debug, Clone, PartialEq)]
pub enum FeedChange {
    /// A customer: its data, or `None` when deleted.
    Customer(CustomerId, Option<Box<CustomerData>>),
    /// A customer merged into `survivor` on another register.
    Merged {
        duplicate: CustomerId,
        survivor: CustomerId,
    },
    Group(RemoteGroup),
    Note(Note),
    /// A sale rung up on a register (every register holds every sale).
    Sale(Box<Sale>),
    /// A movement of a balance, a register's or the hub's own (a correction covering an
    /// overspend, a merged-away customer's balance forwarded).
    Entry(Box<Entry>),
}

/// A feed row as a change to apply, validated like a person's input.
pub fn parse_row(row: &FeedRow, ctx: &ValidationContext) -> Result<FeedChange> {
    let bad = |detail: String| SyncError::Feed { id: row.id, detail };
    match row.kind.as_str() {
        "customer" => {
            let (id, data) = parse_customer(row, ctx)?;
            let into = row.payload.get("merged_into").and_then(|v| v.as_str());
            match (data, into) {
                (None, Some(s)) => {
                    let survivor = s
                        .parse()
                        .map_err(|_| bad(format!("merged into `{s:?}`, not a customer id")))?;
                    Ok(FeedChange::Merged {
                        duplicate: id,
                        survivor,
                    })
                }
                (data, _) => Ok(FeedChange::Customer(id, data.map(Box::new))),
            }
        }
        "group" => parse_group(row).map(FeedChange::Group),
        "note" => parse_note(row).map(FeedChange::Note),
        "sale" => parse_sale(row).map(|s| FeedChange::Sale(Box::new(s))),
        "ledger" => parse_entry(row).map(|e| FeedChange::Entry(Box::new(e))),
        other => Err(bad(format!("unknown kind `{other}`"))),
    }
}

/// A group row: its name (the groups' own rule), and for a change its discount (0 to
/// 100) and the name it had.
fn parse_group(row: &FeedRow) -> Result<RemoteGroup> {
    let bad = |detail: String| SyncError::Feed { id: row.id, detail };
    let p = &row.payload;
    let name = |key: &str| -> Result<Option<String>> {
        match p.get(key).and_then(|v| v.as_str()) {
            None => Ok(None),
            // Debug quoting escapes any control character in the message.
            Some(n) => crate::domain::catalog::group_name(n)
                .map(Some)
                .ok_or_else(|| bad(format!("group name {n:?}"))),
        }
    };
    let group = name("name")?.ok_or_else(|| bad("no group name".into()))?;
    if p.get("deleted").and_then(|v| v.as_bool()) == Some(true) {
        return Ok(RemoteGroup::Deleted { name: group });
    }
    let discount = p
        .get("discount")
        .and_then(|v| v.as_str())
        .and_then(|d| Percent::parse(d).ok())
        .filter(|d| d.as_decimal() <= rust_decimal::Decimal::ONE_HUNDRED)
        .ok_or_else(|| bad("group discount not a percentage from 0 to 100".into()))?;
    Ok(RemoteGroup::Set {
        name: group,
        discount,
        from: name("from")?,
    })
}

/// A note row: ids, its author (at most 200 characters) and body (not empty, at most
/// [`notes::MAX_BODY`] bytes), the hub's own rule.
fn parse_note(row: &FeedRow) -> Result<Note> {
    let bad = |detail: &str| SyncError::Feed {
        id: row.id,
        detail: format!("note: {detail}"),
    };
    let p = &row.payload;
    let text = |key: &str| p.get(key).and_then(|v| v.as_str());
    let id = text("id")
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad("no note id"))?;
    let customer_id = text("customer")
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad("no customer id"))?;
    let author = text("author")
        .filter(|a| a.chars().count() <= 200)
        .ok_or_else(|| bad("no author, or a longer one than 200 characters"))?;
    let body = text("body")
        .filter(|b| !b.trim().is_empty() && b.len() <= notes::MAX_BODY)
        .ok_or_else(|| bad("an empty or too long body"))?;
    let created_at = text("created_at")
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .ok_or_else(|| bad("no creation time"))?
        .with_timezone(&chrono::Utc);
    Ok(Note {
        id,
        customer_id,
        author: author.to_string(),
        body: body.to_string(),
        created_at,
    })
}

/// A sale as the register that rang it up sent it; its totals computed again from its
/// lines, its ticket number of the shape registers give, the rest checked when stored
/// (`Sale::check`: payments that cover the total, lines...).
fn parse_sale(row: &FeedRow) -> Result<Sale> {
    #[derive(serde::Deserialize)]
    struct Wire {
        id: SaleId,
        number: String,
        created_at: chrono::DateTime<chrono::Utc>,
        customer_id: Option<CustomerId>,
        group_discount: Percent,
        tax: TaxPreference,
        lines: Vec<SaleLine>,
        payments: Vec<Payment>,
        #[serde(default)]
        refund_of: Option<SaleId>,
        #[serde(default)]
        points: i64,
    }
    let bad = |detail: String| SyncError::Feed { id: row.id, detail };
    let body = row.payload.get("sale").cloned().unwrap_or_default();
    let w: Wire = serde_json::from_value(body).map_err(|e| bad(format!("sale JSON: {e}")))?;
    if !sales::is_number(&w.number) {
        return Err(bad(format!("sale number {:?}", w.number)));
    }
    let totals = sale::totals(&w.lines, w.group_discount, w.tax);
    let s = Sale {
        id: w.id,
        number: w.number,
        created_at: w.created_at,
        customer_id: w.customer_id,
        group_discount: w.group_discount,
        tax: w.tax,
        lines: w.lines,
        payments: w.payments,
        totals,
        refund_of: w.refund_of,
        points: w.points,
    };
    s.check()
        .map_err(|e| bad(format!("sale {}: {e}", s.number)))?;
    Ok(s)
}

/// A ledger entry: ids, a known kind and reason, an amount not zero, its register (at
/// most 32 characters) and author (at most 200), its time.
fn parse_entry(row: &FeedRow) -> Result<Entry> {
    let bad = |detail: &str| SyncError::Feed {
        id: row.id,
        detail: format!("ledger entry: {detail}"),
    };
    let p = &row.payload;
    let text = |key: &str| p.get(key).and_then(|v| v.as_str());
    let id: LedgerId = text("id")
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad("no entry id"))?;
    let customer: CustomerId = text("customer")
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad("no customer id"))?;
    let kind = text("kind")
        .and_then(Kind::parse)
        .ok_or_else(|| bad("no known kind"))?;
    let reason = text("reason")
        .and_then(Reason::parse)
        .ok_or_else(|| bad("no known reason"))?;
    let amount = p
        .get("amount")
        .and_then(|v| v.as_i64())
        .filter(|a| *a != 0)
        .ok_or_else(|| bad("no amount, or zero"))?;
    let sale = match text("sale") {
        None => None,
        Some(s) => Some(s.parse().map_err(|_| bad("a sale that is not a sale id"))?),
    };
    let register = text("register")
        .filter(|r| !r.is_empty() && r.chars().count() <= 32)
        .ok_or_else(|| bad("no register, or a longer one than 32 characters"))?;
    let author = text("author")
        .filter(|a| a.chars().count() <= 200)
        .ok_or_else(|| bad("no author, or a longer one than 200 characters"))?;
    let at = text("at")
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .ok_or_else(|| bad("no time"))?
        .with_timezone(&chrono::Utc);
    Ok(Entry {
        id,
        customer,
        kind,
        amount,
        reason,
        sale,
        register: register.to_string(),
        author: author.to_string(),
        at,
    })
}

/// A customer row as (customer, its data or `None` when deleted).
fn parse_customer(
    row: &FeedRow,
    ctx: &ValidationContext,
) -> Result<(CustomerId, Option<CustomerData>)> {
    let bad = |detail: String| SyncError::Feed { id: row.id, detail };
    let id = row
        .payload
        .get("id")
        .and_then(|v| v.as_str())
        .and_then(|s| s.parse::<CustomerId>().ok())
        .ok_or_else(|| bad("no customer id".into()))?;
    if row.payload.get("deleted").and_then(|v| v.as_bool()) == Some(true) {
        return Ok((id, None));
    }
    let data = row.payload.get("data").cloned().unwrap_or_default();
    let data: CustomerData =
        serde_json::from_value(data).map_err(|e| bad(format!("customer JSON: {e}")))?;
    let data = data
        .validate(ctx)
        .map_err(|e| bad(format!("customer data: {e}")))?;
    Ok((id, Some(data)))
}

#[cfg(test)]
mod tests;

mod snapshot;
