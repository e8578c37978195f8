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
const REBUILD_BUDGET: usize = 96_000_000;
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
            let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
            let mut writer: IndexWriter = index.writer_with_num_threads(threads, REBUILD_BUDGET)?;
            let mut folder = Folder::default();
            let mut done = 0u64;
            customers::for_each(conn, false, |c| {
                let doc = fields.document(&mut folder, &c, visit_secs(&c));
                writer
                    .add_document(doc)
                    .map_err(|e| StoreError::Conflict(format!("index: {e}")))?;
                done += 1;
                if done % 10_000 == 0 {
                    progress(done, total);
                }
                Ok(())
            })?;
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
                writer.delete_term(Term::from_field_bytes(
                    self.fields.id,
                    ch.customer_id.as_uuid().as_bytes(),
                ));
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
        let groups = match req.mode {
            Mode::Simple => query::simple_groups(&mut self.folder, req.text, req.fields),
            Mode::Advanced => query::advanced_groups(&mut self.folder, req.text, req.fields),
        };
        let limit = req.limit.clamp(1, 1000);
        let Some(q) = query::build(&self.fields, &groups, Pass::Direct) else {
            return Ok(Vec::new());
        };
        let direct = self.top(q.as_ref(), limit, false)?;
        if direct.len() >= TYPO_THRESHOLD.min(limit) {
            return Ok(direct);
        }
        match query::build(&self.fields, &groups, Pass::Typo) {
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
        for ((score, _), addr) in top {
            let seg = searcher.segment_reader(addr.segment_ord);
            let ff = seg.fast_fields();
            let hi = ff.u64("id_hi")?.first(addr.doc_id).unwrap_or(0);
            let lo = ff.u64("id_lo")?.first(addr.doc_id).unwrap_or(0);
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
