//! The store of truth: one SQLite file (rusqlite, bundled SQLite).
//!
//! Invariants:
//! - the file is created with mode 0600 in a 0700 directory, and tightened to 0600 if found
//!   wider; WAL journal, foreign keys on, a busy handler so a second register (or an
//!   import's chunk) makes a write wait briefly, polled every millisecond, instead of
//!   failing;
//! - a commit is durable when [`Store::write`] returns (`synchronous = FULL`: the WAL is
//!   synced at every commit): a sale, its payments and its ticket number, once
//!   acknowledged (and printed), survive a power cut, so the number is never handed out
//!   again. `NORMAL` in WAL mode keeps the file consistent but may lose the last commits
//!   at a power cut; a measured sale costs about one fsync more (benches/sale.rs);
//! - the write-ahead log does not stay as large as the largest transaction (an import of
//!   a million customers writes hundreds of MB to it): once checkpointed, it is cut back
//!   to [`WAL_LIMIT_BYTES`] (`journal_size_limit`) when the next write restarts it;
//! - the schema version is `PRAGMA user_version`; numbered append-only migrations run in
//!   one transaction, which reads the version it starts from, so two first starts at
//!   once migrate once; a database newer than this code is refused, untouched;
//! - every write is one transaction per user action: writers take a `&Transaction`, and
//!   [`Store::write`] commits when the action succeeds and rolls back when it fails;
//! - every customer change appends to `customer_change`, whose sequence lets the search
//!   index catch up after a crash;
//! - an import commits in chunks but is all or nothing: `import_run.rs` keeps what each
//!   chunk changed, undoes a failed run, and [`Store::open`] undoes a run whose process
//!   died;
//! - sales, their lines and payments, ledger entries and journal entries are append-only
//!   (triggers refuse changes; only a sale's customer may change, by a move or a merge,
//!   each journalled); balances are kept by a trigger as the sum of their ledger and
//!   never go below zero (a CHECK);
//! - a parked ticket is not a sale: its row holds the lines as bounded JSON and is
//!   removed when recalled (`parked.rs`);
//! - parameters are always bound, never formatted into SQL;
//! - erased data leaves no copy: `secure_delete` is on, so SQLite overwrites deleted and
//!   replaced content with zeros, and [`Store::checkpoint`] (after a customer is deleted
//!   or anonymised) copies the write-ahead log into the file and truncates it, since the
//!   log still holds the pages as they were before.

pub mod audit;
pub mod bulk;
pub mod catalog;
pub mod changes;
pub mod customers;
pub mod gift;
pub mod group_prices;
pub mod health;
pub mod import_run;
pub mod journal;
pub mod ledger;
pub mod lookup;
pub mod merge;
pub mod messages;
mod migrate;
pub mod notes;
pub mod outbox;
pub mod parked;
pub mod pin_guard;
pub mod print_queue;
pub mod reports;
mod row;
pub mod sales;
pub mod scratch;
pub mod stats;

use std::fs::{self, OpenOptions};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, Transaction};

pub use migrate::{MIGRATIONS, SCHEMA_VERSION};

/// What can go wrong in the store, said so a person can act on it.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create or open {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a comptoir database (SQLite says: file is not a database)")]
    NotADatabase { path: PathBuf },
    #[error(
        "{path} has schema version {found}, newer than this comptoir knows ({supported}); \
         upgrade comptoir to open it (the file was not changed)"
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("the database is locked by another program (another register or a backup?); try again in a moment")]
    Locked,
    #[error("no {what} with id {id}")]
    NotFound { what: &'static str, id: String },
    #[error("no customer group named `{0}` (create it first)")]
    UnknownGroup(String),
    #[error("{kind} `{code}` already identifies customer {owner}")]
    ReferenceTaken {
        kind: &'static str,
        code: String,
        owner: String,
    },
    /// A sale that breaks a rule of [`crate::domain::sale::Sale::check`]: nothing stored.
    #[error(transparent)]
    InvalidSale(#[from] crate::domain::sale::SaleError),
    /// An anonymised customer keeps only what the books need; it cannot be changed.
    #[error("customer {id} was anonymised and cannot be {action}")]
    Anonymised {
        id: crate::domain::ids::CustomerId,
        /// What was refused, as a past participle ("edited", "merged").
        action: &'static str,
    },
    #[error("a customer cannot be merged with itself")]
    MergeWithItself,
    #[error("a group named `{0}` already exists")]
    GroupExists(String),
    #[error("product code `{0}` is already used")]
    ProductCodeTaken(String),
    #[error("a note cannot be empty")]
    EmptyNote,
    #[error("a note holds at most {0} bytes (about as many letters)")]
    NoteTooLong(usize),
    /// A register's day closed already (a closing is re-printed, never made twice).
    #[error("register {register} already closed {day}; it can be printed again, not closed twice")]
    AlreadyClosed {
        register: String,
        day: chrono::NaiveDate,
    },
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    /// A gift card payment above the card's balance: nothing written.
    #[error("gift card {code} holds {available}")]
    GiftCardShort {
        code: String,
        available: crate::domain::money::Money,
    },
    /// A ledger entry that would take a balance below zero: nothing written.
    #[error("the {} balance is {available}, {asked} asked", .kind.as_str())]
    Overdrawn {
        kind: crate::domain::ledger::Kind,
        /// The balance, in its units (points or cents).
        available: i64,
        asked: i64,
    },
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => StoreError::Locked,
            _ => StoreError::Sqlite(e),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An open database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        let io = |source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            if !dir.exists() {
                fs::DirBuilder::new()
                    .recursive(true)
                    .mode(0o700)
                    .create(dir)
                    .map_err(io)?;
            }
        }
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
        {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let meta = fs::metadata(path).map_err(io)?;
                if meta.permissions().mode() & 0o077 != 0 {
                    tracing::warn!(path = %path.display(), "database readable by others; setting mode 0600");
                    fs::set_permissions(path, fs::Permissions::from_mode(0o600)).map_err(io)?;
                }
            }
            Err(e) => return Err(io(e)),
        }
        let conn = Connection::open(path).map_err(|e| classify(e, path))?;
        let mut store = Self::init(conn, path)?;
        // An import killed between two of its chunks is undone here (see import_run.rs).
        // Not being able to do it now (another process holds the write lock) does not
        // keep the store closed: the next open tries again.
        if let Err(e) = import_run::recover(&mut store) {
            tracing::warn!(error = %e, "could not roll back an unfinished import");
        }
        Ok(store)
    }

    /// An in-memory database with the full schema (tests, benchmarks).
    pub fn open_in_memory() -> Result<Store> {
        Self::init(Connection::open_in_memory()?, Path::new(":memory:"))
    }

    fn init(mut conn: Connection, path: &Path) -> Result<Store> {
        conn.busy_handler(Some(wait_for_lock))?;
        let mode = wal(&conn, path)?;
        tracing::debug!(%mode, "journal mode");
        conn.execute_batch(
            "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY;
             PRAGMA cache_size = -16384; PRAGMA secure_delete = ON;",
        )?;
        conn.pragma_update(None, "journal_size_limit", WAL_LIMIT_BYTES)?;
        migrate::migrate(&mut conn, path)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// Sets SQLite's page cache in KiB for a bulk load (demo data, imports), so a large
    /// transaction does not spill pages to the WAL and read them back.
    pub fn set_cache_kib(&self, kib: u32) -> Result<()> {
        self.conn
            .pragma_update(None, "cache_size", -i64::from(kib))?;
        Ok(())
    }

    /// `synchronous = FULL` (`true`, the store's setting: every commit synced) or
    /// `NORMAL` (commits synced at checkpoints only). An import commits its chunks
    /// `NORMAL`: a power cut can lose only a suffix of them, and a run without its last
    /// chunk is rolled back anyway; the last chunk is committed `FULL`, which syncs the
    /// whole log before the import reports success.
    pub fn set_durable(&self, full: bool) -> Result<()> {
        let mode = if full { "FULL" } else { "NORMAL" };
        self.conn.pragma_update(None, "synchronous", mode)?;
        Ok(())
    }

    /// SQLite's automatic checkpoint (after a commit that leaves the write-ahead log over
    /// 1,000 pages, in that commit's call) on or off for this connection. An import turns
    /// it off while it commits its chunks and checkpoints after each one itself
    /// ([`Store::checkpoint_passive`]), so that the time it measures for a chunk is the
    /// time it held the write lock.
    pub fn set_auto_checkpoint(&self, on: bool) -> Result<()> {
        let pages: i64 = if on { 1_000 } else { 0 };
        self.conn.pragma_update(None, "wal_autocheckpoint", pages)?;
        Ok(())
    }

    /// Copies what it can of the write-ahead log into the database file now, waiting for
    /// no reader or writer (`PASSIVE`: the register is never held up by it), so the next
    /// write can start the log again from its beginning instead of growing it.
    pub fn checkpoint_passive(&self) -> Result<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// Hands back the pages SQLite caches for this connection; see [`release_cache`].
    pub fn release_cache(&self) -> Result<()> {
        release_cache(&self.conn)
    }

    /// The file this store lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Read access (a `Transaction` also derefs to a `Connection`).
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Opens a read transaction (`BEGIN DEFERRED`, reads only): the reads until
    /// [`Store::end_read`] see one snapshot of the database and hold no lock that stops a
    /// writer (WAL). An import plans its rows in one; no write may start before it ends.
    pub fn begin_read(&self) -> Result<()> {
        self.conn.execute_batch("BEGIN DEFERRED")?;
        Ok(())
    }

    /// Ends the read transaction [`Store::begin_read`] opened (none open: nothing to do).
    pub fn end_read(&self) -> Result<()> {
        if !self.conn.is_autocommit() {
            self.conn.execute_batch("COMMIT")?;
        }
        Ok(())
    }

    /// Runs one user action in one transaction: committed if `action` returns `Ok`, rolled
    /// back (nothing written) if it returns `Err`.
    pub fn write<T, E>(&mut self, action: impl FnOnce(&Transaction) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let value = action(&tx)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(value)
    }
}

impl Store {
    /// Copies the write-ahead log into the database and truncates it to zero bytes
    /// (`wal_checkpoint(TRUNCATE)`), so the page images it kept of erased data are gone.
    /// Returns `false` when another connection's read kept part of the log (it is then
    /// truncated by a later checkpoint; SQLite checkpoints on its own as the log grows).
    pub fn checkpoint(&self) -> Result<bool> {
        let busy: i64 = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
        Ok(busy == 0)
    }
}

/// Frees the pages SQLite caches for `conn` (`PRAGMA shrink_memory`), after a bulk job
/// filled the cache with pages that will not be read again soon. Only clean pages go (all
/// of them outside a write transaction); they are read again from the file when needed.
pub fn release_cache(conn: &Connection) -> Result<()> {
    conn.execute_batch("PRAGMA shrink_memory")?;
    Ok(())
}

/// The size the write-ahead log is cut back to after a checkpoint (16 MiB: thousands of
/// sales, so the log is rarely grown again in a day at the counter).
pub const WAL_LIMIT_BYTES: i64 = 16 << 20;

/// How long a connection waits for another one's lock before saying [`StoreError::Locked`].
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// How long a connection sleeps between two tries of a lock another one holds.
const LOCK_POLL: Duration = Duration::from_millis(1);

/// SQLite's busy handler for every store connection: tries again every [`LOCK_POLL`] for
/// about [`BUSY_TIMEOUT`] (`tries` is how many times it was called for this wait).
/// SQLite's own timeout handler sleeps longer and longer (up to 100 ms a time), so a
/// sale arriving during a 30 ms import chunk waited 53 or 103 ms; polling every
/// millisecond, it waits for the chunk and little more (`cargo bench --bench import`
/// prints these waits).
fn wait_for_lock(tries: i32) -> bool {
    let waited = LOCK_POLL.saturating_mul(u32::try_from(tries).unwrap_or(u32::MAX));
    if waited >= BUSY_TIMEOUT {
        return false;
    }
    std::thread::sleep(LOCK_POLL);
    true
}

/// Puts the database in WAL mode; returns the journal mode now in force. Switching a
/// fresh file needs its exclusive lock, and SQLite answers "busy" at once, without
/// waiting on the busy timeout, when another connection switches it at the same moment
/// (two first starts): the switch is tried again until the timeout.
fn wal(conn: &Connection, path: &Path) -> Result<String> {
    let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
    loop {
        match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)) {
            Err(e)
                if e.sqlite_error_code() == Some(ErrorCode::DatabaseBusy)
                    && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(5));
            }
            mode => return mode.map_err(|e| classify(e, path)),
        }
    }
}

fn classify(e: rusqlite::Error, path: &Path) -> StoreError {
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreError::NotADatabase {
            path: path.to_path_buf(),
        },
        _ => StoreError::from(e),
    }
}

/// Current time in the store's text form (RFC 3339, UTC, milliseconds): sorts as text.
pub fn now_text() -> String {
    time_text(chrono::Utc::now())
}

/// A timestamp in the store's text form.
pub fn time_text(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// A failed attempt's error as the queues store it (print jobs, messages): one line, at
/// most 300 characters.
fn error_line(e: &str) -> String {
    e.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(300)
        .collect()
}

/// Runs `sql`, an update of queue row `id` that its sender claimed (print jobs,
/// messages); `NotFound` naming `what` when no row matched (the claim was lost).
fn update_claimed(
    tx: &rusqlite::Transaction,
    sql: &str,
    p: impl rusqlite::Params,
    what: &'static str,
    id: i64,
) -> Result<()> {
    match tx.prepare_cached(sql)?.execute(p)? {
        1 => Ok(()),
        _ => Err(StoreError::NotFound {
            what,
            id: id.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests;
