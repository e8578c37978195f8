//! Customer search: a tantivy index derived from SQLite, fast enough for every keystroke.
//!
//! The index lives in a directory next to the database and is never the source of truth:
//! it can be deleted at any time and is rebuilt from the store. Its commit payload records
//! the schema version and the store's customer change sequence it has applied
//! (`store::changes`); [`SearchIndex::catch_up`] replays what came after, so a crash
//! between a database commit and an index commit loses nothing. No tantivy type appears
//! in this module's public API.
//!
//! Queries come in three kinds: simple (search as you type over the default fields),
//! advanced (one comma-separated value per chosen field) and scan (exact reference
//! lookup). See `query.rs` for matching and ranking; ties are broken by the most recent
//! visit, read from a fast field.

mod anyof;
mod query;
mod schema;
mod text;

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::directory::MmapDirectory;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, Term};

use crate::domain::customer::Customer;
use crate::domain::ids::CustomerId;
use crate::store::{changes, customers, StoreError};

pub use query::Pass;
pub use schema::{parse_fields, SearchField, SCHEMA_VERSION};
pub use text::Folder;

/// Results of the first pass below which the typo pass runs.
const TYPO_THRESHOLD: usize = 10;
/// Index memory budget for incremental updates (tantivy's minimum per thread).
const WRITER_BUDGET: usize = 15_000_000;
/// Memory budget for a full rebuild.
const REBUILD_BUDGET: usize = 50_000_000;
/// Changes to replay one by one; a longer lag rebuilds instead.
const CATCH_UP_MAX: i64 = 50_000;

/// What can go wrong with the index. None of it loses customer data: the store is the
/// truth and the index can always be rebuilt.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index {path}: {reason}; it will be rebuilt")]
    NeedsRebuild { path: PathBuf, reason: String },
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("search index directory {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// How a query matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Every token against every field of the list.
    Simple,
    /// One comma-separated value per field of the list, in order.
    Advanced,
}

/// A search as the picker or the CLI asks for it.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub text: &'a str,
    pub mode: Mode,
    pub fields: &'a [SearchField],
    pub limit: usize,
}

/// One result.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub id: CustomerId,
    pub score: f32,
    /// True when it was only found by allowing typos.
    pub typo: bool,
}

#[derive(Debug, Serialize, Deserialize)]
struct Payload {
    schema: u32,
    seq: i64,
}

/// The customer index.
pub struct SearchIndex {
    path: PathBuf,
    index: Index,
    reader: IndexReader,
    writer: Option<IndexWriter>,
    fields: schema::Fields,
    folder: Folder,
    seq: i64,
}

impl SearchIndex {
    /// Opens the index at `path` if it is valid and of this schema version.
    pub fn open(path: &Path) -> Result<SearchIndex, SearchError> {
        let rebuild = |reason: String| SearchError::NeedsRebuild {
            path: path.to_path_buf(),
            reason,
        };
        if !path.join("meta.json").exists() {
            return Err(rebuild("missing".into()));
        }
        let dir = MmapDirectory::open(path).map_err(|e| rebuild(e.to_string()))?;
        let index = Index::open(dir).map_err(|e| rebuild(format!("unreadable ({e})")))?;
        let payload = index
            .load_metas()
            .map_err(|e| rebuild(format!("unreadable ({e})")))?
            .payload
            .and_then(|p| serde_json::from_str::<Payload>(&p).ok())
            .ok_or_else(|| rebuild("no sync record".into()))?;
        if payload.schema != SCHEMA_VERSION {
            return Err(rebuild(format!(
                "schema version {} (this comptoir uses {SCHEMA_VERSION})",
                payload.schema
            )));
        }
        let fields = schema::Fields::new();
        if index.schema() != fields.schema {
            return Err(rebuild("unexpected fields".into()));
        }
        schema::register_tokenizer(&index);
        Self::with_index(path, index, fields, payload.seq)
    }

    fn with_index(
        path: &Path,
        index: Index,
        fields: schema::Fields,
        seq: i64,
    ) -> Result<SearchIndex, SearchError> {
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            path: path.to_path_buf(),
            index,
            reader,
            writer: None,
            fields,
            folder: Folder::default(),
            seq,
        })
    }

    /// Opens the index, rebuilding it when missing, corrupt, of another version or far
    /// behind, then catches up with the store.
    pub fn open_or_rebuild(
        path: &Path,
        conn: &Connection,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<SearchIndex, SearchError> {
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
            Self::rebuild(path, conn, &mut |_, _| {})?;
            return Ok(usize::try_from(lag).unwrap_or(usize::MAX));
        }
        let mut idx = idx;
        idx.catch_up(conn)
    }

    /// Builds a fresh index from the store into a temporary directory, then swaps it in.
    /// `progress(done, total)` is called as customers are indexed.
    pub fn rebuild(
        path: &Path,
        conn: &Connection,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<SearchIndex, SearchError> {
        let io = |p: &Path| {
            let p = p.to_path_buf();
            move |source| SearchError::Io { path: p, source }
        };
        let name = path
            .file_name()
            .map_or_else(|| "index".into(), |n| n.to_string_lossy().into_owned());
        let tmp = path.with_file_name(format!(".{name}.rebuild-{}", std::process::id()));
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp).map_err(io(&tmp))?;
        }
        std::fs::create_dir_all(&tmp).map_err(io(&tmp))?;
        let fields = schema::Fields::new();
        let seq = changes::last_seq(conn)?;
        let total = customers::count(conn)? as u64;
        {
            let index = Index::create_in_dir(&tmp, fields.schema.clone())?;
            schema::register_tokenizer(&index);
            let cores = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
            let writer: IndexWriter = index.writer_with_num_threads(cores, REBUILD_BUDGET)?;
            let done = std::sync::atomic::AtomicU64::new(0);
            let max_row = customers::max_row(conn)?;
            // Documents are made by one reader per core, each over a range of rows with
            // its own connection (SQLite reads run in parallel in WAL mode); an in-memory
            // database has a single connection and one reader.
            let file = conn.path().filter(|p| !p.is_empty()).map(PathBuf::from);
            let readers = if file.is_some() { cores as i64 } else { 1 };
            let span = max_row / readers + 1;
            let fill = |c: &Connection, part: i64, folder: &mut Folder| {
                customers::for_each_in_rows(c, part * span, (part + 1) * span - 1, |cust| {
                    let doc = fields.document(folder, &cust, visit_secs(&cust));
                    writer
                        .add_document(doc)
                        .map_err(|e| StoreError::Conflict(format!("index: {e}")))?;
                    done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    Ok(())
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
                    while !handles.iter().all(|h| h.is_finished()) {
                        progress(done.load(std::sync::atomic::Ordering::Relaxed), total);
                        std::thread::sleep(std::time::Duration::from_millis(100));
                    }
                    for h in handles {
                        h.join().map_err(|_| {
                            StoreError::Conflict("index reader thread failed".into())
                        })??;
                    }
                    Ok(())
                })?,
            }
            let mut writer = writer;
            let done = done.load(std::sync::atomic::Ordering::Relaxed);
            progress(done, total);
            commit(&mut writer, seq)?;
            writer.wait_merging_threads()?;
        }
        if path.exists() {
            std::fs::remove_dir_all(path).map_err(io(path))?;
        }
        std::fs::rename(&tmp, path).map_err(io(path))?;
        Self::open(path)
    }

    /// The store change sequence this index has applied.
    pub fn applied_seq(&self) -> i64 {
        self.seq
    }

    /// Applies every store change after [`Self::applied_seq`], commits, and reloads the
    /// reader so the next query sees them. Returns how many changes were applied.
    pub fn catch_up(&mut self, conn: &Connection) -> Result<usize, SearchError> {
        let mut applied = 0;
        loop {
            let batch = changes::since(conn, self.seq, 5_000)?;
            let Some(last) = batch.last().map(|c| c.seq) else {
                break;
            };
            if self.writer.is_none() {
                self.writer = Some(self.index.writer_with_num_threads(1, WRITER_BUDGET)?);
            }
            let Some(writer) = self.writer.as_mut() else {
                break;
            };
            for ch in &batch {
                writer.delete_query(self.fields.id_query(ch.customer_id))?;
                if ch.op == changes::Op::Upsert {
                    if let Some(c) = customers::get(conn, ch.customer_id)?.filter(|c| !c.anonymised)
                    {
                        writer.add_document(self.fields.document(
                            &mut self.folder,
                            &c,
                            visit_secs(&c),
                        ))?;
                    }
                }
            }
            commit(writer, last)?;
            self.seq = last;
            applied += batch.len();
        }
        if applied > 0 {
            self.reader.reload()?;
        }
        Ok(applied)
    }

    /// Customers matching `req`, best first.
    pub fn search(&mut self, req: &Request) -> Result<Vec<Hit>, SearchError> {
        let mut groups = match req.mode {
            Mode::Simple => query::simple_groups(&mut self.folder, req.text, req.fields),
            Mode::Advanced => query::advanced_groups(&mut self.folder, req.text, req.fields),
        };
        let limit = req.limit.clamp(1, 1000);
        let searcher = self.reader.searcher();
        let expand =
            |field: tantivy::schema::Field, prefix: &str| expand_prefix(&searcher, field, prefix);
        let Some(q) = query::build(&self.fields, &groups, Pass::Direct, &expand) else {
            return Ok(Vec::new());
        };
        let direct = self.top(q.as_ref(), limit, false)?;
        if direct.len() >= TYPO_THRESHOLD.min(limit) {
            return Ok(direct);
        }
        if !self.mark_typo_candidates(&mut groups, direct.is_empty()) {
            return Ok(direct);
        }
        match query::build(&self.fields, &groups, Pass::Typo, &expand) {
            Some(q) => {
                let mut hits = self.top(q.as_ref(), limit, true)?;
                for h in &mut hits {
                    h.typo = !direct.iter().any(|d| d.id == h.id);
                }
                Ok(hits)
            }
            None => Ok(direct),
        }
    }

    /// Marks for the typo pass the tokens that match nothing as typed (one fuzzy automaton
    /// per token and field is the costly part of a search). When every token matches
    /// something on its own: if the first pass found nothing, a typo may have made another
    /// real word, so all tokens long enough are marked; if it found some customers, there
    /// is no typo pass (returns false).
    fn mark_typo_candidates(&self, groups: &mut [query::Group], found_nothing: bool) -> bool {
        let searcher = self.reader.searcher();
        let mut any = false;
        for g in groups.iter_mut() {
            for (i, t) in g.tokens.iter().enumerate() {
                let lone =
                    text::typo_budget(t) > 0 && !self.matches_as_typed(&searcher, &g.fields, t);
                if let Some(slot) = g.fuzzy.get_mut(i) {
                    *slot = lone;
                }
                any |= lone;
            }
        }
        if !any {
            if !found_nothing {
                return false;
            }
            for g in groups.iter_mut() {
                for (i, t) in g.tokens.iter().enumerate() {
                    if let Some(slot) = g.fuzzy.get_mut(i) {
                        *slot = text::typo_budget(t) > 0;
                    }
                }
            }
        }
        true
    }

    /// Whether some indexed term of `fields` starts with `token`.
    fn matches_as_typed(
        &self,
        searcher: &tantivy::Searcher,
        fields: &[SearchField],
        token: &str,
    ) -> bool {
        fields.iter().any(|f| {
            let field = self.fields.field(*f);
            searcher.segment_readers().iter().any(|seg| {
                let Ok(inv) = seg.inverted_index(field) else {
                    return false;
                };
                let mut stream = match inv.terms().range().ge(token.as_bytes()).into_stream() {
                    Ok(s) => s,
                    Err(_) => return false,
                };
                stream.advance() && stream.key().starts_with(token.as_bytes())
            })
        })
    }

    /// The customer a scanned code identifies, trying each of its normalised forms.
    pub fn scan(&mut self, forms: &[&str]) -> Result<Option<CustomerId>, SearchError> {
        let field = self.fields.field(SearchField::Reference);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for form in forms.iter().take(8) {
            let tokens = self.folder.tokens(form);
            // A reference is one token once folded; anything else cannot be a stored code.
            if let [one] = tokens.as_slice() {
                let t = Term::from_field_text(field, &text::exact(one));
                clauses.push((
                    Occur::Should,
                    Box::new(TermQuery::new(t, IndexRecordOption::Basic)),
                ));
            }
        }
        if clauses.is_empty() {
            return Ok(None);
        }
        let hits = self.top(&BooleanQuery::new(clauses), 1, false)?;
        Ok(hits.first().map(|h| h.id))
    }

    fn top(&self, q: &dyn Query, limit: usize, typo: bool) -> Result<Vec<Hit>, SearchError> {
        let searcher = self.reader.searcher();
        let collector = TopDocs::with_limit(limit).tweak_score(|seg: &tantivy::SegmentReader| {
            let visits = seg
                .fast_fields()
                .u64("last_visit")
                .ok()
                .map(|c| c.first_or_default_col(0));
            move |doc: tantivy::DocId, score: tantivy::Score| {
                (score, visits.as_ref().map_or(0, |v| v.get_val(doc)))
            }
        });
        let top: Vec<((f32, u64), DocAddress)> = searcher.search(q, &collector)?;
        let mut hits = Vec::with_capacity(top.len());
        // Id columns opened once per segment (opening one reads its block index).
        let mut columns: Vec<(
            u32,
            tantivy::columnar::Column<u64>,
            tantivy::columnar::Column<u64>,
        )> = Vec::new();
        for ((score, _), addr) in top {
            if !columns.iter().any(|(s, _, _)| *s == addr.segment_ord) {
                let ff = searcher.segment_reader(addr.segment_ord).fast_fields();
                columns.push((addr.segment_ord, ff.u64("id_hi")?, ff.u64("id_lo")?));
            }
            let Some((_, hi, lo)) = columns.iter().find(|(s, _, _)| *s == addr.segment_ord) else {
                continue;
            };
            let hi = hi.first(addr.doc_id).unwrap_or(0);
            let lo = lo.first(addr.doc_id).unwrap_or(0);
            let id = uuid::Uuid::from_u128((u128::from(hi) << 64) | u128::from(lo));
            hits.push(Hit {
                id: CustomerId::from_uuid(id),
                score,
                typo,
            });
        }
        Ok(hits)
    }

    /// Number of customers in the index.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The index directory.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Bytes the index takes on disk.
    pub fn disk_size(&self) -> u64 {
        std::fs::read_dir(&self.path)
            .map(|rd| {
                rd.filter_map(|e| e.ok()?.metadata().ok())
                    .map(|m| m.len())
                    .sum()
            })
            .unwrap_or(0)
    }
}

/// Most terms a prefix is expanded to before falling back to an automaton.
const EXPAND_MAX: usize = 16;

/// The terms of `field` starting with `prefix` in any segment, or `None` past
/// [`EXPAND_MAX`].
fn expand_prefix(
    searcher: &tantivy::Searcher,
    field: tantivy::schema::Field,
    prefix: &str,
) -> Option<Vec<String>> {
    let mut terms: Vec<String> = Vec::new();
    for seg in searcher.segment_readers() {
        let inv = seg.inverted_index(field).ok()?;
        let mut stream = inv
            .terms()
            .range()
            .ge(prefix.as_bytes())
            .into_stream()
            .ok()?;
        while stream.advance() {
            let key = stream.key();
            if !key.starts_with(prefix.as_bytes()) {
                break;
            }
            let term = String::from_utf8_lossy(key).into_owned();
            if !terms.contains(&term) {
                if terms.len() == EXPAND_MAX {
                    return None;
                }
                terms.push(term);
            }
        }
    }
    Some(terms)
}

fn visit_secs(c: &Customer) -> u64 {
    c.last_visit
        .map_or(0, |t| u64::try_from(t.timestamp()).unwrap_or(0))
}

fn commit(writer: &mut IndexWriter, seq: i64) -> Result<(), SearchError> {
    let payload = serde_json::json!({ "schema": SCHEMA_VERSION, "seq": seq }).to_string();
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&payload);
    prepared.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests;
