//! What an import refused, kept for the manager: `NAME.rejected.csv` or
//! `NAME.rejected.vcf` beside the imported file, to fix and import again; and the end of
//! every import run, whatever the format ([`RejectedFile::settle`]).
//!
//! The format writes its own records (`csv_in/rejected.rs`: the original cells plus the
//! line and the reasons; `vcard.rs`: the card plus an `X-COMPTOIR-REASON`); this module
//! owns the file's life.
//!
//! Invariants: a dry run writes nothing (nor formats anything); the file is a
//! [`PrivateFile`] (mode 0600, never written through a symbolic link), written as a
//! temporary file (`NAME.rejected.EXT.part`) created at the first refusal, and renamed
//! into place only after the import committed its last chunk; a failed run removes it; a
//! run with no refusal leaves no file. It goes beside the imported file when that folder
//! takes it, else into the data folder (the database's, private): the report names where
//! it went and, in the second case, why (an import from a read-only folder, a USB stick
//! mounted read-only, a shared folder, must not fail for want of a place to say what it
//! refused).

use std::io::Write;
use std::path::{Path, PathBuf};

use super::private_file::PrivateFile;
use super::remark::Remark;
use super::report::Report;
use super::{ExchangeError, RunOptions};

/// `dir/name.csv` -> `dir/name.rejected.csv` (`ext` is the rejected file's extension).
pub fn rejected_path(path: &Path, ext: &str) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "import".into());
    path.with_file_name(format!("{stem}.rejected.{ext}"))
}

/// The rejected file of one run.
pub struct RejectedFile {
    /// Where it goes: beside the imported file, or in the data folder.
    path: PathBuf,
    /// The data folder, while the file is not created yet.
    spare: Option<PathBuf>,
    /// Why the file is in the data folder rather than beside the imported one.
    moved: Option<Remark>,
    file: Option<PrivateFile>,
    enabled: bool,
}

impl RejectedFile {
    /// The rejected file of importing `imported`, with extension `ext`, into the database
    /// at `db` (whose folder takes it when the imported file's cannot); nothing is
    /// created until the first refusal, and nothing ever on a dry run.
    pub fn new(imported: &Path, ext: &str, run: &RunOptions, db: &Path) -> RejectedFile {
        let path = rejected_path(imported, ext);
        let spare = db
            .parent()
            .filter(|d| !d.as_os_str().is_empty() && db.as_os_str() != ":memory:")
            .zip(path.file_name())
            .map(|(dir, name)| dir.join(name));
        RejectedFile {
            path,
            spare,
            moved: None,
            file: None,
            enabled: !run.dry_run,
        }
    }

    /// A failed write, naming the file being written.
    fn err(&self, source: std::io::Error) -> ExchangeError {
        let path = match &self.file {
            Some(f) => f.part().to_path_buf(),
            None => self.path.clone(),
        };
        ExchangeError::Write { path, source }
    }

    /// Creates the temporary file: beside the imported file, else in the data folder.
    fn create(&mut self) -> Result<PrivateFile, ExchangeError> {
        let first = match PrivateFile::create(&self.path) {
            Ok(f) => return Ok(f),
            Err(e) => e,
        };
        let Some(spare) = self.spare.take().filter(|s| *s != self.path) else {
            return Err(self.err(first));
        };
        let f = PrivateFile::create(&spare).map_err(|source| ExchangeError::Write {
            path: spare.clone(),
            source,
        })?;
        let dir = self.path.parent().unwrap_or(Path::new(""));
        self.moved = Some(Remark::RejectedMoved {
            dir: dir.display().to_string(),
            error: first.to_string(),
        });
        self.path = spare;
        Ok(f)
    }

    /// Appends one record. The first creates the temporary file and writes `head` (a
    /// byte-order mark and a header) before it. Neither is asked for on a dry run.
    pub fn append(
        &mut self,
        head: impl FnOnce() -> std::io::Result<Vec<u8>>,
        record: impl FnOnce() -> std::io::Result<Vec<u8>>,
    ) -> Result<(), ExchangeError> {
        if !self.enabled {
            return Ok(());
        }
        if self.file.is_none() {
            let mut f = self.create()?;
            let written = head().and_then(|head| f.write_all(&head));
            let part = f.part().to_path_buf();
            written.map_err(|source| ExchangeError::Write { path: part, source })?;
            self.file = Some(f);
        }
        let bytes = record().map_err(|e| self.err(e))?;
        let written = match self.file.as_mut() {
            Some(f) => f.write_all(&bytes),
            None => Ok(()),
        };
        written.map_err(|e| self.err(e))
    }

    /// Ends the run that gave `result`. After a failure the partial file is
    /// removed and the error returned. After success the report says whether the run
    /// committed, and the file, if any row was refused, is renamed into place and named
    /// in the report.
    pub fn settle(
        mut self,
        result: Result<Report, ExchangeError>,
        run: &RunOptions,
    ) -> Result<Report, ExchangeError> {
        let mut report = match result {
            Ok(r) => r,
            Err(e) => {
                self.discard();
                return Err(e);
            }
        };
        report.committed = !run.dry_run;
        let moved = self.moved.take();
        let file = self.finish()?;
        if let Some(m) = moved {
            report.notice(m);
        }
        report.rejected_file = file.map(|p| p.display().to_string());
        Ok(report)
    }

    /// After the commit of an import whose report is not a customer [`Report`] (the
    /// catalogue's): the file renamed into place, if any row was refused, and why it is
    /// in the data folder, when it is.
    pub fn complete(mut self) -> Result<(Option<PathBuf>, Option<String>), ExchangeError> {
        let moved = self.moved.take().map(|m| m.english());
        Ok((self.finish()?, moved))
    }

    /// After the commit: flushes and renames the file into place; `None` when no row was
    /// refused.
    fn finish(mut self) -> Result<Option<PathBuf>, ExchangeError> {
        let Some(f) = self.file.take() else {
            return Ok(None);
        };
        f.commit().map_err(|source| ExchangeError::Write {
            path: self.path.clone(),
            source,
        })?;
        Ok(Some(self.path))
    }

    /// After a failed run: removes the partial file (dropping an uncommitted
    /// [`PrivateFile`] does).
    fn discard(self) {
        drop(self);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(dry_run: bool) -> RunOptions {
        RunOptions {
            dry_run,
            actor: "t".into(),
            default_country: "FR".into(),
            today: chrono::NaiveDate::default(),
            manager: true,
        }
    }

    /// A database in `data/` under `dir` (not created: only its folder is used).
    fn db(dir: &tempfile::TempDir) -> PathBuf {
        dir.path().join("data/comptoir.db")
    }

    fn line(text: &str) -> impl FnOnce() -> std::io::Result<Vec<u8>> + '_ {
        move || Ok(text.as_bytes().to_vec())
    }

    #[test]
    fn the_rejected_file_sits_beside_the_imported_one_for_both_formats() {
        assert_eq!(
            rejected_path(Path::new("/tmp/x/clients.csv"), "csv"),
            Path::new("/tmp/x/clients.rejected.csv")
        );
        assert_eq!(
            rejected_path(Path::new("/tmp/x/contacts.vcf"), "vcf"),
            Path::new("/tmp/x/contacts.rejected.vcf")
        );
    }

    #[test]
    fn a_committed_run_renames_the_file_into_place_with_its_head_once() {
        let dir = tempfile::tempdir().unwrap();
        let imported = dir.path().join("clients.csv");
        let mut f = RejectedFile::new(&imported, "csv", &run(false), &db(&dir));
        f.append(line("head\n"), line("one\n")).unwrap();
        assert!(dir.path().join("clients.rejected.csv.part").exists());
        f.append(line("head\n"), line("two\n")).unwrap();
        let report = f.settle(Ok(Report::default()), &run(false)).unwrap();
        let out = dir.path().join("clients.rejected.csv");
        assert!(report.committed);
        assert_eq!(report.rejected_file, Some(out.display().to_string()));
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "head\none\ntwo\n");
        assert!(!dir.path().join("clients.rejected.csv.part").exists());
    }

    #[test]
    fn a_failed_run_leaves_no_file_and_returns_its_error() {
        let dir = tempfile::tempdir().unwrap();
        let mut f = RejectedFile::new(&dir.path().join("c.vcf"), "vcf", &run(false), &db(&dir));
        f.append(line(""), line("card\n")).unwrap();
        let failed = Err(ExchangeError::Mapping("stopped".into()));
        let err = f.settle(failed, &run(false)).unwrap_err();
        assert_eq!(err.to_string(), "stopped");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_dry_run_formats_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut f = RejectedFile::new(&dir.path().join("c.csv"), "csv", &run(true), &db(&dir));
        f.append(
            || panic!("no head on a dry run"),
            || panic!("no record on a dry run"),
        )
        .unwrap();
        let report = f.settle(Ok(Report::default()), &run(true)).unwrap();
        assert!(!report.committed);
        assert_eq!(report.rejected_file, None);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_folder_that_cannot_take_the_file_sends_it_to_the_data_folder_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("data")).unwrap();
        // "Beside the imported file" is under a regular file: creating anything there
        // fails (ENOTDIR), for root too.
        std::fs::write(dir.path().join("stick"), b"").unwrap();
        let imported = dir.path().join("stick/clients.csv");
        let mut f = RejectedFile::new(&imported, "csv", &run(false), &db(&dir));
        f.append(line("head\n"), line("one\n")).unwrap();
        let report = f.settle(Ok(Report::default()), &run(false)).unwrap();
        let out = dir.path().join("data/clients.rejected.csv");
        assert_eq!(report.rejected_file, Some(out.display().to_string()));
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "head\none\n");
        assert!(
            report.notices.iter().any(|n| n.contains("data folder")
                && n.contains(&dir.path().join("stick").display().to_string())),
            "{:?}",
            report.notices
        );
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
