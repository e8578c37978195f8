//! Keeping the index in step with the store: open-or-rebuild at start-up, catch-up from
//! the store's customer change sequence after each commit, refresh from another process,
//! and a full rebuild into a new directory that is swapped in when complete.
//!
//! Invariants: the index's commit payload records the schema version and the last change
//! sequence applied, written in the same tantivy commit as the documents, so replaying
//! from it after a crash is always safe (upserts and deletes are idempotent). The
//! directory is private (0700, tightened when found wider). A catch-up that applied a
//! delete (a customer deleted or anonymised) merges the segments holding deleted
//! documents and removes the old files, so no term of the erased customer stays in the
//! index (an edit's replaced terms stay until the next such merge or `comptoir reindex`).
//!
//! Two processes: a rebuild takes the live index's writer lock (tantivy's, the one an
//! index writer holds) for the whole build and swap, and is refused
//! ([`SearchError::InUse`]) while another process (a running register) holds it, so a
//! directory is never swapped under a writer; the holder catches up by itself. An index
//! opened before another process swapped its directory reopens the new one at its next
//! catch-up. The temporary directory of a rebuild (`.NAME.rebuild-PID`, or `.NAME.old-PID`
//! during the swap) left by a killed process is removed at the next open or rebuild once
//! no process has that PID.

use std::ops::ControlFlow;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rusqlite::Connection;
use tantivy::directory::{Directory, DirectoryLock, MmapDirectory, INDEX_WRITER_LOCK};
use tantivy::schema::document::Document;
use tantivy::{Index, IndexWriter};

use super::gate::{Gate, Gated};
use super::schema;
use super::{During, Folder, IndexOp, SearchError, SearchIndex, SCHEMA_VERSION};
use super::{CATCH_UP_MAX, REBUILD_BUDGET, WRITER_BUDGET};
use crate::domain::customer::Customer;
use crate::store::{self, changes, customers, StoreError};

impl SearchIndex {
    /// Opens the index, rebuilding it when missing, corrupt, of another version or far
    /// behind, then catches up with the store.
    pub fn open_or_rebuild(
        path: &Path,
        conn: &Connection,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<SearchIndex, SearchError> {
        clean_stale_rebuilds(path);
        let mut idx = match Self::open(path) {
            Ok(i) if changes::last_seq(conn)? - i.seq <= CATCH_UP_MAX => i,
            Ok(_) => {
                tracing::info!("search index far behind the store; rebuilding");
                Self::rebuild(path, conn, progress)?
            }
            Err(SearchError::NeedsRebuild { reason, .. }) => {
                tracing::warn!(%reason, "rebuilding the search index");
                Self::rebuild(path, conn, progress)?
            }
            Err(e) => return Err(e),
        };
        idx.catch_up(conn)?;
        Ok(idx)
    }

    /// Brings an existing index up to date after another process committed changes:
    /// replays a short lag, rebuilds after a long one (a large import). A missing index
    /// is left for the next start to build. Returns how many changes were applied.
    pub fn refresh(path: &Path, conn: &Connection) -> Result<usize, SearchError> {
        let idx = match Self::open(path) {
            Ok(i) => i,
            Err(SearchError::NeedsRebuild { .. }) if !path.exists() => return Ok(0),
            Err(e) => return Err(e),
        };
        let lag = changes::last_seq(conn)? - idx.seq;
        if lag > CATCH_UP_MAX {
            drop(idx);
            return match Self::rebuild(path, conn, &mut |_, _| {}) {
                Ok(_) => Ok(usize::try_from(lag).unwrap_or(usize::MAX)),
                // A running register holds the index: it catches up itself.
                Err(SearchError::InUse { .. }) => Ok(0),
                Err(e) => Err(e),
            };
        }
        let mut idx = idx;
        idx.catch_up(conn)
    }

    /// Builds a fresh index from the store into a temporary directory, then swaps it in,
    /// holding the live index's writer lock throughout ([`SearchError::InUse`] when another
    /// process holds it). `progress(done, total)` is called as customers are indexed.
    pub fn rebuild(
        path: &Path,
        conn: &Connection,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<SearchIndex, SearchError> {
        let io = |p: &Path| {
            let p = p.to_path_buf();
            move |source| SearchError::Io { path: p, source }
        };
        clean_stale_rebuilds(path);
        let lock = lock_live(path)?;
        let tmp = temp_dir(path, "rebuild");
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp).map_err(io(&tmp))?;
        }
        // The index holds names, addresses and phones: private like the data directory.
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&tmp)
            .map_err(io(&tmp))?;
        std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o700)).map_err(io(&tmp))?;
        let fields = schema::Fields::new();
        let seq = changes::last_seq(conn)?;
        let total = customers::count(conn)? as u64;
        // Counting read an index of every customer into `conn`'s page cache (16 MiB, the
        // caller's connection): drop it rather than hold it through the build.
        store::release_cache(conn)?;
        {
            let index = Index::create_in_dir(&tmp, fields.schema.clone()).during(IndexOp::Open)?;
            schema::register_tokenizer(&index);
            let cores = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
            let writer: IndexWriter<Gated> = index
                .writer_with_num_threads(cores, REBUILD_BUDGET)
                .during(IndexOp::Open)?;
            let done = std::sync::atomic::AtomicU64::new(0);
            let max_row = customers::max_row(conn)?;
            // Documents are made by one reader per core, each over a range of rows with
            // its own connection (SQLite reads run in parallel in WAL mode); an in-memory
            // database has a single connection and one reader.
            let file = conn.path().filter(|p| !p.is_empty()).map(PathBuf::from);
            let readers = if file.is_some() { cores as i64 } else { 1 };
            let span = max_row / readers + 1;
            let gate = Arc::new(Gate::default());
            let fill = |c: &Connection, part: i64, folder: &mut Folder| {
                customers::for_each_in_rows(c, part * span, (part + 1) * span - 1, |cust| {
                    let doc = fields.document(folder, &cust, visit_secs(&cust));
                    writer
                        .add_document(Gated::new(doc, &gate))
                        .during(IndexOp::Write)?;
                    done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    Ok::<_, SearchError>(ControlFlow::Continue(()))
                })
            };
            match file {
                None => fill(conn, 0, &mut Folder::default())?,
                Some(file) => std::thread::scope(|scope| -> Result<(), SearchError> {
                    let handles: Vec<_> = (0..readers)
                        .map(|part| {
                            let (file, fill) = (&file, &fill);
                            scope.spawn(move || -> Result<(), SearchError> {
                                let c = Connection::open_with_flags(
                                    file,
                                    rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
                                )
                                .map_err(StoreError::from)?;
                                fill(&c, part, &mut Folder::default())?;
                                Ok(())
                            })
                        })
                        .collect();
                    // Every second, give back what the threads freed: glibc keeps it in each
                    // thread's arena (see mem.rs), ~25 MB at the peak of a million.
                    let mut ticks = 0u32;
                    while !handles.iter().all(|h| h.is_finished()) {
                        progress(done.load(std::sync::atomic::Ordering::Relaxed), total);
                        std::thread::sleep(std::time::Duration::from_millis(100));
                        ticks += 1;
                        if ticks % 10 == 0 {
                            crate::mem::release_freed();
                        }
                    }
                    for h in handles {
                        h.join().map_err(|_| SearchError::ReaderFailed)??;
                    }
                    Ok(())
                })?,
            }
            let mut writer = writer;
            let done = done.load(std::sync::atomic::Ordering::Relaxed);
            progress(done, total);
            commit(&mut writer, seq)?;
            writer.wait_merging_threads().during(IndexOp::Write)?;
        }
        // The indexing threads have ended; glibc would keep what they freed.
        crate::mem::release_freed();
        // The old directory is moved aside first (one rename), so the path names either
        // index whole; a crash in between leaves no index, rebuilt at the next start.
        if path.exists() {
            let old = temp_dir(path, "old");
            std::fs::rename(path, &old).map_err(io(path))?;
            std::fs::rename(&tmp, path).map_err(io(path))?;
            drop(lock);
            std::fs::remove_dir_all(&old).map_err(io(&old))?;
        } else {
            std::fs::rename(&tmp, path).map_err(io(path))?;
        }
        Self::open(path)
    }

    /// Segments the index is made of: a rebuild leaves 9 or 10 at a million customers,
    /// and every search reads each segment's dictionaries.
    pub fn segments(&self) -> usize {
        self.finder.reader.searcher().segment_readers().len()
    }

    /// Merges every segment into one, so that a search reads one dictionary per term
    /// (at a million customers, p99 per keystroke 4.5 ms on 9-10 segments, about 1.6 ms
    /// on few). The merge keeps the commit payload (the change sequence applied). A few
    /// seconds at a million customers: done in the background (the register's opener)
    /// or where the user waits anyway (`comptoir reindex`). Returns whether it merged.
    pub fn compact(&mut self) -> Result<bool, SearchError> {
        let ids = self.index.searchable_segment_ids().during(IndexOp::Read)?;
        if ids.len() < 2 {
            return Ok(false);
        }
        if self.writer.is_none() {
            self.writer = Some(
                self.index
                    .writer_with_num_threads(1, WRITER_BUDGET)
                    .during(IndexOp::Open)?,
            );
        }
        let Some(writer) = self.writer.as_mut() else {
            return Ok(false);
        };
        writer.merge(&ids).wait().during(IndexOp::Write)?;
        self.finder.reader.reload().during(IndexOp::Read)?;
        Ok(true)
    }

    /// Whether the store has moved on so far (a large import) that rebuilding is quicker
    /// than replaying the changes one by one.
    pub fn far_behind(&self, conn: &Connection) -> Result<bool, SearchError> {
        Ok(changes::last_seq(conn)? - self.seq > CATCH_UP_MAX)
    }

    /// The store change sequence this index has applied.
    pub fn applied_seq(&self) -> i64 {
        self.seq
    }

    /// Applies every store change after [`Self::applied_seq`], commits, and reloads the
    /// reader so the next query sees them. Returns how many changes were applied.
    pub fn catch_up(&mut self, conn: &Connection) -> Result<usize, SearchError> {
        if identity(&self.path) != self.dir {
            // Another process rebuilt the index and swapped its directory in: writing
            // through this one's view of the old files would mix the two.
            tracing::info!("search index rebuilt by another process; reopening it");
            *self = Self::open(&self.path)?;
        }
        let mut applied = 0;
        let mut deleted = false;
        loop {
            let batch = changes::since(conn, self.seq, 5_000)?;
            let Some(last) = batch.last().map(|c| c.seq) else {
                break;
            };
            if self.writer.is_none() {
                self.writer = Some(
                    self.index
                        .writer_with_num_threads(1, WRITER_BUDGET)
                        .during(IndexOp::Open)?,
                );
            }
            let Some(writer) = self.writer.as_mut() else {
                break;
            };
            for ch in &batch {
                deleted |= ch.op == changes::Op::Delete;
                writer
                    .delete_query(self.finder.fields.id_query(ch.customer_id))
                    .during(IndexOp::Write)?;
                if ch.op == changes::Op::Upsert {
                    if let Some(c) = customers::get(conn, ch.customer_id)?.filter(|c| !c.anonymised)
                    {
                        writer
                            .add_document(self.finder.fields.document(
                                &mut self.finder.folder,
                                &c,
                                visit_secs(&c),
                            ))
                            .during(IndexOp::Write)?;
                    }
                }
            }
            commit(writer, last)?;
            self.seq = last;
            applied += batch.len();
        }
        if applied > 0 {
            self.finder.reader.reload().during(IndexOp::Read)?;
        }
        // The deletes are committed and searches see them; a purge that fails now (a
        // merge the writer is already running) is retried by the next one, which merges
        // every segment that holds deleted documents.
        if deleted {
            if let Err(e) = self.purge_deleted() {
                tracing::warn!("search index: deleted terms not purged yet: {e}");
            }
        }
        Ok(applied)
    }

    /// Rewrites the segments that hold deleted documents, then removes their files. A
    /// tantivy delete only marks the document: its terms (a deleted customer's name,
    /// address, phone windows) stay in the segment's dictionary until a merge rewrites
    /// it without them. Run after a customer is deleted or anonymised; it rewrites the
    /// whole index when that is one segment (the full merge takes about 3 s at a million
    /// customers), which such a rare act can afford.
    fn purge_deleted(&mut self) -> Result<(), SearchError> {
        let ids: Vec<_> = self
            .index
            .searchable_segment_metas()
            .during(IndexOp::Read)?
            .iter()
            .filter(|m| m.has_deletes())
            .map(|m| m.id())
            .collect();
        let Some(writer) = self.writer.as_mut() else {
            return Ok(());
        };
        if !ids.is_empty() {
            writer.merge(&ids).wait().during(IndexOp::Write)?;
            self.finder.reader.reload().during(IndexOp::Read)?;
        }
        // The merged-away files go once no searcher holds them (the reload let go).
        writer
            .garbage_collect_files()
            .wait()
            .during(IndexOp::Write)?;
        Ok(())
    }
}

/// The directory's (device, inode), or `None` when it is missing.
pub(super) fn identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// `.NAME.KIND-PID` next to the index: this process's temporary directory of a kind.
fn temp_dir(path: &Path, kind: &str) -> PathBuf {
    path.with_file_name(format!(
        ".{}.{kind}-{}",
        index_name(path),
        std::process::id()
    ))
}

fn index_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(|| "index".into(), |n| n.to_string_lossy().into_owned())
}

/// Takes the writer lock of the index at `path` (when there is one), so that no other
/// process writes to it while it is replaced. Tantivy's lock is a `flock`, released by
/// the kernel when its holder dies, so a killed process leaves no stale lock.
fn lock_live(path: &Path) -> Result<Option<DirectoryLock>, SearchError> {
    if !path.join("meta.json").exists() {
        return Ok(None);
    }
    let dir = MmapDirectory::open(path).map_err(|e| SearchError::Index {
        op: IndexOp::Open,
        message: e.to_string(),
    })?;
    match dir.acquire_lock(&INDEX_WRITER_LOCK) {
        Ok(lock) => Ok(Some(lock)),
        Err(tantivy::directory::error::LockError::LockBusy) => Err(SearchError::InUse {
            path: path.to_path_buf(),
        }),
        Err(e) => Err(SearchError::Index {
            op: IndexOp::Open,
            message: e.to_string(),
        }),
    }
}

/// Removes the temporary directories (`.NAME.rebuild-PID`, `.NAME.old-PID`) that a
/// rebuild killed before its end left next to the index, when no process has that PID
/// any more (a live one may still be building). Failures are only logged: the leftovers
/// take space but do not harm the index.
pub(super) fn clean_stale_rebuilds(path: &Path) {
    let Some(parent) = path.parent() else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let name = index_name(path);
    let prefixes = [format!(".{name}.rebuild-"), format!(".{name}.old-")];
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = prefixes
            .iter()
            .find_map(|p| file.strip_prefix(p.as_str()))
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if pid == std::process::id() || Path::new("/proc").join(pid.to_string()).exists() {
            continue;
        }
        tracing::info!(dir = %entry.path().display(), "removing a killed rebuild's directory");
        if let Err(e) = std::fs::remove_dir_all(entry.path()) {
            tracing::warn!(dir = %entry.path().display(), "cannot remove: {e}");
        }
    }
}

fn visit_secs(c: &Customer) -> u64 {
    c.last_visit
        .map_or(0, |t| u64::try_from(t.timestamp()).unwrap_or(0))
}

fn commit<D: Document>(writer: &mut IndexWriter<D>, seq: i64) -> Result<(), SearchError> {
    let payload = serde_json::json!({ "schema": SCHEMA_VERSION, "seq": seq }).to_string();
    let mut prepared = writer.prepare_commit().during(IndexOp::Write)?;
    prepared.set_payload(&payload);
    prepared.commit().during(IndexOp::Write)?;
    Ok(())
}
