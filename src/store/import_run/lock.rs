//! Is an import run's process alive? Each run holds an exclusive `flock` on its own file
//! beside the database (`NAME-import-ID.lock`, mode 0600) for as long as it runs. The
//! kernel releases a `flock` when its holder dies, SIGKILL included, so whoever can take
//! the lock knows the run's process is gone. Locks taken through different opens of the
//! file conflict even inside one process, so a register that opens the store while its
//! own import thread runs sees that run alive.
//!
//! The files are created, and inspected or removed by others, only while the database's
//! write lock is held (`import_run::begin`, `import_run::recover`): an importer is never
//! seen between creating its file and locking it.

use std::fs::{File, OpenOptions};
use std::io;
use std::os::unix::fs::OpenOptionsExt;
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};

/// The lock file of run `id` of the database at `db`; `None` for a database in memory
/// (no other process can see it).
pub(super) fn path(db: &Path, id: i64) -> Option<PathBuf> {
    let name = db.file_name()?.to_string_lossy().into_owned();
    if db.as_os_str() == ":memory:" {
        return None;
    }
    Some(db.with_file_name(format!("{name}-import-{id}.lock")))
}

/// The run ids of the lock files beside the database at `db`.
pub(super) fn listed(db: &Path) -> Vec<i64> {
    let (Some(dir), Some(name)) = (db.parent(), db.file_name()) else {
        return Vec::new();
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let prefix = format!("{}-import-", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| {
            let file = e.file_name().to_string_lossy().into_owned();
            file.strip_prefix(&prefix)?
                .strip_suffix(".lock")?
                .parse()
                .ok()
        })
        .collect()
}

/// Takes the `flock` of `file` without waiting: `Ok(false)` when another open holds it.
fn try_lock(file: &File) -> io::Result<bool> {
    // SAFETY: flock takes a descriptor `file` owns for the whole call, and no pointer.
    let r = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if r == 0 {
        return Ok(true);
    }
    let e = io::Error::last_os_error();
    if e.raw_os_error() == Some(libc::EWOULDBLOCK) {
        Ok(false)
    } else {
        Err(e)
    }
}

/// A run's lock, held until dropped.
#[derive(Debug)]
pub struct Held {
    path: PathBuf,
    _file: File,
}

impl Held {
    /// Creates the lock file at `path` and locks it.
    pub(super) fn take(path: PathBuf) -> io::Result<Held> {
        let file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
            .open(&path)?;
        if !try_lock(&file)? {
            return Err(io::Error::new(
                io::ErrorKind::WouldBlock,
                format!("{} is locked by another process", path.display()),
            ));
        }
        Ok(Held { path, _file: file })
    }

    /// The run is over: the file goes, then the lock with it.
    pub(super) fn release(self) {
        if let Err(e) = std::fs::remove_file(&self.path) {
            tracing::warn!(path = %self.path.display(), "cannot remove an import's lock file: {e}");
        }
    }
}

/// Whether the process of the run whose lock file is `path` is alive: its file exists
/// and someone holds its lock.
pub(super) fn alive(path: &Path) -> io::Result<bool> {
    let file = match OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e),
    };
    // Taken here, it is released when `file` closes at the end of this call.
    Ok(!try_lock(&file)?)
}

/// Removes the lock file at `path` when no live process holds it.
pub(super) fn remove_if_dead(path: &Path) {
    match alive(path) {
        Ok(false) => {
            if let Err(e) = std::fs::remove_file(path) {
                if e.kind() != io::ErrorKind::NotFound {
                    tracing::warn!(path = %path.display(), "cannot remove a stale import lock: {e}");
                }
            }
        }
        Ok(true) => {}
        Err(e) => tracing::warn!(path = %path.display(), "cannot check an import lock: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_lock_is_alive_until_released_and_a_missing_file_is_dead() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("shop.db");
        let p = path(&db, 7).unwrap();
        assert_eq!(p, dir.path().join("shop.db-import-7.lock"));
        assert!(!alive(&p).unwrap());
        let held = Held::take(p.clone()).unwrap();
        assert!(alive(&p).unwrap(), "another open of the file sees it held");
        assert_eq!(listed(&db), vec![7]);
        remove_if_dead(&p);
        assert!(p.exists(), "a held lock is not removed");
        held.release();
        assert!(!p.exists());
        assert!(path(Path::new(":memory:"), 1).is_none());
    }

    #[test]
    fn a_dropped_holder_leaves_a_dead_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.db-import-3.lock");
        drop(Held::take(p.clone()).unwrap());
        assert!(p.exists());
        assert!(!alive(&p).unwrap());
        remove_if_dead(&p);
        assert!(!p.exists());
    }
}
