//! The Import screen's IO: folder listings, and import runs through the library's own
//! importers (`exchange::csv_in`, `exchange::vcard`) — the same code, report and chunked,
//! all-or-nothing commits as `comptoir import`; a confirmed run the manager asked to
//! create the file's unknown groups creates them first (one audited transaction, like
//! `comptoir import --create-groups`).
//!
//! Invariants: a run with an event channel happens in a thread of its own with its own
//! store connection (the screen keeps drawing; the register's connection keeps reading
//! under WAL), sending throttled progress and one final result; without a channel
//! (tests) it runs at once on the runner's store. Errors become the message shown, never
//! a panic, and a panic in the run's thread becomes a failed run ([`spawn_run`]): the
//! screen never stays on "Importing"; a failed run leaves nothing written (its committed
//! chunks are undone; those of a register killed half-way, at its next start). The
//! register's own writes (sales) go on during a run: it holds the write lock for one
//! chunk at a time.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;

use super::super::action::{Action, IndexEvent};
use super::super::events::{self, Event};
use super::super::state::{importable, FileEntry, ImportResult};
use super::Runner;
use crate::exchange::csv_in::{self, CsvOptions};
use crate::exchange::mapping::PresetChoice;
use crate::exchange::{vcard, Progress, RunOptions};
use crate::service::{self, Actor, Role};
use crate::store::{lookup, Store};

/// Most entries a folder listing keeps (a folder of photos must not fill memory).
const MAX_ENTRIES: usize = 5_000;

/// The folder the register was started in (else the home folder, else `/`).
pub fn start_dir() -> PathBuf {
    std::env::current_dir()
        .ok()
        .or_else(|| std::env::var_os("HOME").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("/"))
}

/// `~` and `~/...` with the home folder.
fn expand(path: &Path) -> PathBuf {
    let Some(text) = path.to_str() else {
        return path.to_path_buf();
    };
    let home = std::env::var_os("HOME").map(PathBuf::from);
    match (text, home) {
        ("~", Some(h)) => h,
        (t, Some(h)) if t.starts_with("~/") => h.join(&t[2..]),
        _ => path.to_path_buf(),
    }
}

/// The sub-folders and importable files of `dir` (hidden ones left out), folders
/// first, each sorted by name; `..` first when there is a parent.
pub fn list(dir: &Path) -> Result<Vec<FileEntry>, String> {
    let read = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut entries = Vec::new();
    for e in read.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        // Follows symbolic links, so a linked folder or file shows as what it points to.
        let Ok(meta) = std::fs::metadata(e.path()) else {
            continue;
        };
        if meta.is_dir() || (meta.is_file() && importable(&name)) {
            entries.push(FileEntry {
                name,
                dir: meta.is_dir(),
                size: meta.len(),
            });
        }
        if entries.len() >= MAX_ENTRIES {
            break;
        }
    }
    entries.sort_by(|a, b| {
        b.dir
            .cmp(&a.dir)
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    if dir.parent().is_some() {
        entries.insert(
            0,
            FileEntry {
                name: "..".into(),
                dir: true,
                size: 0,
            },
        );
    }
    Ok(entries)
}

/// Whether the file is read as vCard: by its extension, else by its first line.
fn is_vcard(path: &Path) -> bool {
    let by_ext = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("vcf") || e.eq_ignore_ascii_case("vcard"));
    if by_ext {
        return true;
    }
    let mut head = [0u8; 64];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    let text = String::from_utf8_lossy(&head[..n]);
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .to_ascii_uppercase()
        .starts_with("BEGIN:VCARD")
}

/// Sends progress to the loop when the percentage moves.
struct ToLoop {
    tx: Sender<Event>,
    run: u64,
    total: u64,
    last: u64,
}

impl Progress for ToLoop {
    fn start(&mut self, total: u64) {
        self.total = total;
        self.send(0);
    }
    fn at(&mut self, done: u64) {
        let pct = done.saturating_mul(100) / self.total.max(1);
        if pct != self.last {
            self.last = pct;
            self.send(done);
        }
    }
}

impl ToLoop {
    fn send(&self, done: u64) {
        let _ = self.tx.send(Event::Action(Action::ImportProgress {
            run: self.run,
            done,
            total: self.total,
        }));
    }
}

/// One run, on `store`: the report and the names of the customers it matched.
fn job(
    store: &mut Store,
    path: &Path,
    preset: &str,
    run: &RunOptions,
    groups: &NewGroups,
    progress: &mut dyn Progress,
) -> Result<ImportResult, String> {
    if !run.dry_run && !groups.names.is_empty() {
        service::groups::create_missing_groups(store, &groups.actor, &groups.names)
            .map_err(|e| format!("creating the groups the file names: {e}"))?;
    }
    let report = if is_vcard(path) {
        vcard::import(store, path, run, progress)
    } else {
        let opts = CsvOptions {
            preset: PresetChoice::parse(preset).map_err(|e| e.to_string())?,
            mapping: None,
            maps: Vec::new(),
            delimiter: None,
            encoding: None,
        };
        csv_in::import(store, path, &opts, run, progress)
    }
    .map_err(|e| e.to_string())?;
    let mut ids: Vec<_> = report.matches.iter().map(|m| m.customer).collect();
    ids.sort();
    ids.dedup();
    // The names are a convenience: the report stands without them.
    let names = lookup::rows(store.conn(), &ids)
        .map(|rows| rows.into_iter().map(|r| (r.id, r.name())).collect())
        .unwrap_or_default();
    Ok(ImportResult { report, names })
}

/// The groups a confirmed import creates first, and the manager who confirmed it.
struct NewGroups {
    actor: Actor,
    names: Vec<String>,
}

/// Runs an import `job` in a thread of its own: its progress and its one final
/// [`Action::ImportFinished`] go to the loop; a panic in it is a failed run (the engine,
/// dropped as the panic unwinds, undoes the chunks it committed).
pub(crate) fn spawn_run<J>(tx: Sender<Event>, run: u64, job: J)
where
    J: FnOnce(&mut dyn Progress) -> Result<ImportResult, String> + Send + 'static,
{
    let failed = move |m: String| {
        Event::Action(Action::ImportFinished {
            run,
            result: Err(m),
        })
    };
    events::spawn_job(
        "import",
        tx,
        move |tx| {
            let mut progress = ToLoop {
                tx: tx.clone(),
                run,
                total: 0,
                last: u64::MAX,
            };
            let result = job(&mut progress);
            // The register runs for days: what the run freed (the file read, its rows, its
            // connection's cache) goes back to the system rather than staying in the heap.
            crate::mem::release_freed();
            Event::Action(Action::ImportFinished {
                run,
                result: result.map(Box::new),
            })
        },
        failed,
    );
}

impl Runner {
    /// A folder's listing (`None`: the start folder).
    pub(super) fn list_dir(&self, dir: Option<PathBuf>) -> Vec<Action> {
        let dir = dir.map_or_else(start_dir, |d| expand(&d));
        match list(&dir) {
            Ok(entries) => vec![Action::DirListed { dir, entries }],
            Err(e) => vec![Action::Failed(e)],
        }
    }

    /// A typed path: a folder is listed, a file chosen.
    pub(super) fn goto(&self, path: PathBuf) -> Vec<Action> {
        let path = expand(&path);
        match std::fs::metadata(&path) {
            Ok(m) if m.is_dir() => self.list_dir(Some(path)),
            Ok(_) => vec![Action::ImportFile(path)],
            Err(e) => vec![Action::Failed(format!("{}: {e}", path.display()))],
        }
    }

    /// Runs an import (or its dry run): in the background when there is an event channel.
    pub(super) fn import(
        &mut self,
        run_no: u64,
        path: PathBuf,
        preset: &'static str,
        dry_run: bool,
        groups: Vec<String>,
    ) -> Vec<Action> {
        let run = RunOptions {
            dry_run,
            actor: self.actor.name.clone(),
            default_country: self.config.shop.country.clone(),
            today: chrono::Local::now().date_naive(),
            // The real run only follows the manager's confirmation (ManagerOp::Import),
            // and the preview shows what that run will do.
            manager: true,
        };
        // The groups too are created only after that confirmation: the manager's act.
        let groups = NewGroups {
            actor: Actor {
                role: Role::Manager,
                ..self.actor.clone()
            },
            names: groups,
        };
        let Some(tx) = self.events.clone() else {
            let result = job(
                &mut self.store,
                &path,
                preset,
                &run,
                &groups,
                &mut crate::exchange::NoProgress,
            );
            return vec![Action::ImportFinished {
                run: run_no,
                result: result.map(Box::new),
            }];
        };
        let database = self.config.database.clone();
        spawn_run(tx, run_no, move |progress| {
            let result = Store::open(&database)
                .map_err(|e| e.to_string())
                .and_then(|mut store| job(&mut store, &path, preset, &run, &groups, progress));
            if let Err(e) = &result {
                tracing::warn!("import of {} stopped: {e}", path.display());
            }
            result
        });
        Vec::new()
    }

    /// After an import: replays a short lag into the index now; after a long one, hands
    /// the index to a background rebuild (search falls back to SQL meanwhile).
    pub(super) fn sync_index(&mut self) -> Vec<Action> {
        let far = match self.index.as_ref() {
            Some(idx) => idx.far_behind(self.store.conn()).unwrap_or(true),
            // Still opening: the opener catches up with the store when it is done.
            None => return Vec::new(),
        };
        match (&self.events, far) {
            (Some(tx), true) => {
                self.index = None;
                events::spawn_index(
                    self.config.database.clone(),
                    self.config.index.clone(),
                    tx.clone(),
                );
                vec![Action::Index(IndexEvent::Rebuilding)]
            }
            // A short lag: here, or in the background when it is more than a moment's work.
            _ => self.catch_up_after_write().into_iter().collect(),
        }
    }
}
