//! Customer search: a tantivy index derived from SQLite, fast enough for every keystroke.
//!
//! The index lives in a directory next to the database and is never the source of truth:
//! it can be deleted at any time and is rebuilt from the store. Its commit payload records
//! the schema version and the store's customer change sequence it has applied
//! (`store::changes`); [`SearchIndex::catch_up`] replays what came after, so a crash
//! between a database commit and an index commit loses nothing. No tantivy type appears
//! in this module's public API.
//!
//! Queries come in two kinds: simple (search as you type over the default fields) and
//! advanced (one comma-separated value per chosen field). A scanned code is not looked up
//! here but in the store (`store::lookup::customer_by_scan`), the truth the register and
//! the command line share; references are indexed for text searches only. See `query.rs`
//! for matching and ranking; ties are broken by the most recent
//! visit, read from a fast field. A search returns the best [`MAX_HITS`] at most;
//! [`SearchIndex::search_all`] returns every match, unranked (exports).

mod anyof;
pub mod catalog;
mod gate;
mod query;
mod schema;
mod sync;
mod text;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, SegmentCollector, TopDocs};
use tantivy::columnar::Column;
use tantivy::directory::MmapDirectory;
use tantivy::query::Query;
use tantivy::{
    DocAddress, DocId, Index, IndexReader, IndexWriter, ReloadPolicy, Score, SegmentOrdinal,
    SegmentReader,
};

use crate::domain::ids::CustomerId;
use crate::store::StoreError;

pub use query::Pass;
pub use schema::{parse_fields, SearchField, SCHEMA_VERSION};
pub use text::Folder;

/// Results of the first pass below which the typo pass runs.
pub const TYPO_THRESHOLD: usize = 10;
/// Most results [`SearchIndex::search`] returns, whatever the request's limit (a screen or
/// a script reads the best ones; [`SearchIndex::search_all`] has no such bound).
pub const MAX_HITS: usize = 1000;
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
    /// The index library failed; `message` is its own text (for the log).
    #[error("search index: cannot {op}: {message}")]
    Index { op: IndexOp, message: String },
    #[error("search index directory {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Another process (a running register) holds the index's writer lock: the index was
    /// not rebuilt under it; that process keeps it up to date.
    #[error(
        "search index {path} is in use by another comptoir (a running register, which keeps \
         it up to date); it was not rebuilt: quit the register first to rebuild it"
    )]
    InUse { path: PathBuf },
    /// A thread reading customers for a rebuild ended without a result (it panicked).
    #[error("search index rebuild: a thread reading the customers failed")]
    ReaderFailed,
}

/// What the index was doing when it failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexOp {
    /// Opening or creating the index, its reader or its writer.
    Open,
    /// Adding, deleting, committing or merging documents.
    Write,
    /// Searching or reloading the reader.
    Read,
}

impl std::fmt::Display for IndexOp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            IndexOp::Open => "open",
            IndexOp::Write => "write",
            IndexOp::Read => "read",
        })
    }
}

/// Turns the index library's errors into [`SearchError::Index`], naming the operation,
/// so that no tantivy type reaches the public error.
trait During<T> {
    fn during(self, op: IndexOp) -> Result<T, SearchError>;
}

impl<T> During<T> for tantivy::Result<T> {
    fn during(self, op: IndexOp) -> Result<T, SearchError> {
        self.map_err(|e| SearchError::Index {
            op,
            message: e.to_string(),
        })
    }
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
    /// Most results [`SearchIndex::search`] returns (1 to [`MAX_HITS`]); ignored by
    /// [`SearchIndex::search_all`].
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
    finder: Finder,
    writer: Option<IndexWriter>,
    seq: i64,
    /// The directory's identity (device, inode) when opened: a rebuild by another process
    /// swaps in a new directory, which [`SearchIndex::catch_up`] then reopens.
    dir: Option<(u64, u64)>,
}

/// What a search reads: the index's reader as last reloaded, its fields, and a text
/// folder of its own. Each [`SearchIndex`] has one; [`SearchIndex::finder`] makes
/// another that keeps serving searches while the index is caught up elsewhere.
pub struct Finder {
    reader: IndexReader,
    fields: schema::Fields,
    folder: Folder,
}

impl Finder {
    /// Customers matching `req`, best first, at most `req.limit` (capped at [`MAX_HITS`]).
    pub fn search(&mut self, req: &Request) -> Result<Vec<Hit>, SearchError> {
        let limit = req.limit.clamp(1, MAX_HITS);
        let (direct, typo) = self.passes(req, TYPO_THRESHOLD.min(limit), |idx, q, typo| {
            idx.top(q, limit, typo)
        })?;
        let Some(mut hits) = typo else {
            return Ok(direct);
        };
        for h in &mut hits {
            h.typo = !direct.iter().any(|d| d.id == h.id);
        }
        Ok(hits)
    }

    /// Every customer matching `req`, however many (`req.limit` is ignored), unranked, in
    /// no particular order: what an export of a query selects. The matching is
    /// [`Self::search`]'s (the same terms, fields and modes; typos only when the exact and
    /// prefix matches find fewer than [`TYPO_THRESHOLD`] customers and under the same
    /// rules), so this is the set a search with an unbounded limit would return. Ids are
    /// read from the fast fields by a collector that keeps every match, with no ranking.
    pub fn search_all(&mut self, req: &Request) -> Result<Vec<CustomerId>, SearchError> {
        let (direct, typo) = self.passes(req, TYPO_THRESHOLD, |idx, q, _| idx.all(q))?;
        Ok(typo.unwrap_or(direct))
    }

    /// Runs the direct pass of `req` (exact and prefix matches) through `run`, then, when
    /// it found fewer than `threshold` results and some word may hold a typo, the typo
    /// pass, whose matches include the direct ones. Returns both (the typo pass's `None`
    /// when it did not run).
    fn passes<T>(
        &mut self,
        req: &Request,
        threshold: usize,
        run: impl Fn(&Self, &dyn Query, bool) -> Result<Vec<T>, SearchError>,
    ) -> Result<(Vec<T>, Option<Vec<T>>), SearchError> {
        let mut groups = match req.mode {
            Mode::Simple => query::simple_groups(&mut self.folder, req.text, req.fields),
            Mode::Advanced => query::advanced_groups(&mut self.folder, req.text, req.fields),
        };
        let searcher = self.reader.searcher();
        let expand =
            |field: tantivy::schema::Field, prefix: &str| expand_prefix(&searcher, field, prefix);
        let Some(q) = query::build(&self.fields, &groups, Pass::Direct, &expand) else {
            return Ok((Vec::new(), None));
        };
        let direct = run(self, q.as_ref(), false)?;
        if direct.len() >= threshold || !self.mark_typo_candidates(&mut groups, direct.is_empty()) {
            return Ok((direct, None));
        }
        let typo = match query::build(&self.fields, &groups, Pass::Typo, &expand) {
            Some(q) => Some(run(self, q.as_ref(), true)?),
            None => None,
        };
        Ok((direct, typo))
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
        let top: Vec<((f32, u64), DocAddress)> =
            searcher.search(q, &collector).during(IndexOp::Read)?;
        let mut hits = Vec::with_capacity(top.len());
        // Id columns opened once per segment (opening one reads its block index).
        let mut columns: Vec<(u32, IdColumns)> = Vec::new();
        for ((score, _), addr) in top {
            if !columns.iter().any(|(s, _)| *s == addr.segment_ord) {
                let seg = searcher.segment_reader(addr.segment_ord);
                columns.push((
                    addr.segment_ord,
                    IdColumns::open(seg).during(IndexOp::Read)?,
                ));
            }
            let Some((_, ids)) = columns.iter().find(|(s, _)| *s == addr.segment_ord) else {
                continue;
            };
            hits.push(Hit {
                id: ids.get(addr.doc_id),
                score,
                typo,
            });
        }
        Ok(hits)
    }

    /// Every customer `q` matches, unranked.
    fn all(&self, q: &dyn Query) -> Result<Vec<CustomerId>, SearchError> {
        self.reader
            .searcher()
            .search(q, &AllIds)
            .during(IndexOp::Read)
    }

    /// The id of every customer in the index, unranked (a health check compares them
    /// with the store's).
    pub fn ids(&self) -> Result<Vec<CustomerId>, SearchError> {
        self.all(&tantivy::query::AllQuery)
    }

    /// Number of customers in the index.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Makes the index directory 0700 when found wider (an index made before it was).
fn private(path: &Path) -> Result<(), SearchError> {
    use std::os::unix::fs::PermissionsExt;
    let io = |source| SearchError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mode = std::fs::metadata(path).map_err(io)?.permissions().mode();
    if mode & 0o077 != 0 {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700)).map_err(io)?;
    }
    Ok(())
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
        private(path)?;
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
            .try_into()
            .during(IndexOp::Open)?;
        Ok(SearchIndex {
            path: path.to_path_buf(),
            index,
            finder: Finder {
                reader,
                fields,
                folder: Folder::default(),
            },
            writer: None,
            seq,
            dir: sync::identity(path),
        })
    }

    /// Customers matching `req`, best first, at most `req.limit` (see [`Finder::search`]).
    pub fn search(&mut self, req: &Request) -> Result<Vec<Hit>, SearchError> {
        self.finder.search(req)
    }

    /// Every customer matching `req` (see [`Finder::search_all`]).
    pub fn search_all(&mut self, req: &Request) -> Result<Vec<CustomerId>, SearchError> {
        self.finder.search_all(req)
    }

    /// The id of every customer in the index, unranked (a health check compares them
    /// with the store's).
    pub fn ids(&self) -> Result<Vec<CustomerId>, SearchError> {
        self.finder.ids()
    }

    /// Number of customers in the index.
    pub fn len(&self) -> u64 {
        self.finder.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A searcher of the index as it is now, which goes on serving searches from that
    /// state (without what is written later) while the index itself is caught up by
    /// another thread.
    pub fn finder(&self) -> Finder {
        Finder {
            reader: self.finder.reader.clone(),
            fields: self.finder.fields.clone(),
            folder: Folder::default(),
        }
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

/// The id fast fields of one segment.
struct IdColumns {
    hi: Column<u64>,
    lo: Column<u64>,
}

impl IdColumns {
    fn open(seg: &SegmentReader) -> tantivy::Result<IdColumns> {
        let ff = seg.fast_fields();
        Ok(IdColumns {
            hi: ff.u64("id_hi")?,
            lo: ff.u64("id_lo")?,
        })
    }

    /// The customer id of a document of the segment.
    fn get(&self, doc: DocId) -> CustomerId {
        let hi = self.hi.first(doc).unwrap_or(0);
        let lo = self.lo.first(doc).unwrap_or(0);
        CustomerId::from_uuid(uuid::Uuid::from_u128(
            (u128::from(hi) << 64) | u128::from(lo),
        ))
    }
}

/// A collector keeping the id of every matching customer: no ranking and no scores, so
/// tantivy hands it whole blocks of documents and nothing bounds how many it keeps.
struct AllIds;

/// [`AllIds`] on one segment.
struct SegmentIds {
    columns: IdColumns,
    ids: Vec<CustomerId>,
}

impl Collector for AllIds {
    type Fruit = Vec<CustomerId>;
    type Child = SegmentIds;

    fn for_segment(&self, _: SegmentOrdinal, seg: &SegmentReader) -> tantivy::Result<SegmentIds> {
        Ok(SegmentIds {
            columns: IdColumns::open(seg)?,
            ids: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<CustomerId>>) -> tantivy::Result<Vec<CustomerId>> {
        Ok(fruits.concat())
    }
}

impl SegmentCollector for SegmentIds {
    type Fruit = Vec<CustomerId>;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.ids.push(self.columns.get(doc));
    }

    fn harvest(self) -> Vec<CustomerId> {
        self.ids
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

#[cfg(test)]
mod tests;
