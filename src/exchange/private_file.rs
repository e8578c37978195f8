//! Files that carry personal data out of the database: exports, the GDPR access export,
//! the rejected rows of an import, receipts. The one place such a file is opened, so
//! every one of them follows the same rules.
//!
//! Invariants of a [`PrivateFile`] (a whole file written at once):
//! - it is created with mode 0600 (whatever the umask allows of it), never wider;
//! - the data goes to a temporary file in the same directory (`NAME.part`, or
//!   `NAME.N.part` when that name is taken), created exclusively (`O_EXCL`: an existing
//!   file or a symbolic link planted at that name is never opened), and is renamed over
//!   `NAME` only by [`PrivateFile::commit`]; dropped without a commit, the temporary file
//!   is removed, so a failed write leaves no half file;
//! - a symbolic link at `NAME` is refused before anything is written, and the final
//!   `rename(2)` replaces a link planted later instead of following it: the data never
//!   goes where a link points.
//!
//! [`append`] is for the receipt output, which is a log the register appends to (or a
//! printer device), so it is not rewritten through a temporary file: a regular file is
//! opened with `O_APPEND | O_NOFOLLOW`, created 0600 and tightened to 0600 if found wider;
//! a character device (a printer) is written as it is, also through a link (udev names
//! printers with links), but a link to anything else is refused.

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// How many `NAME.N.part` names are tried before giving up.
const PART_NAMES: u32 = 100;

/// A file being written privately; see the module invariants.
pub struct PrivateFile {
    path: PathBuf,
    part: PathBuf,
    out: Option<BufWriter<File>>,
}

fn symlink_refused(path: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!(
            "{} is a symbolic link; personal data is not written through it",
            path.display()
        ),
    )
}

/// `Err` when `path` itself (not what it points to) is a symbolic link.
fn refuse_link(path: &Path) -> io::Result<()> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(symlink_refused(path)),
        _ => Ok(()),
    }
}

impl PrivateFile {
    /// Starts writing `path`: refuses a symbolic link there, creates the temporary file
    /// beside it. Nothing is visible at `path` until [`PrivateFile::commit`].
    pub fn create(path: &Path) -> io::Result<PrivateFile> {
        refuse_link(path)?;
        let name = path.file_name().ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{} names no file", path.display()),
            )
        })?;
        for n in 0..PART_NAMES {
            let mut part_name = OsString::from(name);
            if n > 0 {
                part_name.push(format!(".{n}"));
            }
            part_name.push(".part");
            let part = path.with_file_name(part_name);
            let opened = OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
                .open(&part);
            match opened {
                Ok(f) => {
                    return Ok(PrivateFile {
                        path: path.to_path_buf(),
                        part,
                        out: Some(BufWriter::new(f)),
                    })
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{} has {PART_NAMES} unfinished .part files beside it; remove them",
                path.display()
            ),
        ))
    }

    /// The file this will become.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The temporary file being written (for messages about a failed write).
    pub fn part(&self) -> &Path {
        &self.part
    }

    /// Flushes the data to disk and renames the temporary file over the final name.
    pub fn commit(mut self) -> io::Result<()> {
        let Some(out) = self.out.take() else {
            return Ok(());
        };
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.sync_all()?;
        drop(file);
        let renamed = fs::rename(&self.part, &self.path);
        if renamed.is_err() {
            let _ = fs::remove_file(&self.part);
        }
        renamed
    }

    fn writer(&mut self) -> io::Result<&mut BufWriter<File>> {
        self.out
            .as_mut()
            .ok_or_else(|| io::Error::other("the private file is already closed"))
    }
}

impl Write for PrivateFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer()?.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.writer()?.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer()?.flush()
    }
}

impl Drop for PrivateFile {
    /// Not committed: the temporary file goes.
    fn drop(&mut self) {
        if let Some(out) = self.out.take() {
            drop(out);
            let _ = fs::remove_file(&self.part);
        }
    }
}

/// Appends `bytes` to the receipt output `path` (see the module documentation): a
/// regular file is created 0600 or tightened to it, never followed through a link; a
/// printer device is written as it is.
pub fn append(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let through_link = match fs::symlink_metadata(path) {
        Ok(m) => m.file_type().is_symlink(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => false,
        Err(e) => return Err(e),
    };
    let mut options = OpenOptions::new();
    options.append(true).custom_flags(libc::O_CLOEXEC);
    if through_link {
        // Only a device may be reached through a link: checked on the open file below.
        options.custom_flags(libc::O_CLOEXEC | libc::O_NOCTTY);
    } else {
        options
            .create(true)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC | libc::O_NOCTTY);
    }
    let mut f = options.open(path)?;
    let meta = f.metadata()?;
    let kind = meta.file_type();
    if through_link && !kind.is_char_device() {
        return Err(symlink_refused(path));
    }
    if kind.is_file() && meta.permissions().mode() & 0o077 != 0 {
        f.set_permissions(fs::Permissions::from_mode(0o600))?;
    }
    f.write_all(bytes)?;
    f.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn mode(p: &Path) -> u32 {
        fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_committed_file_is_0600_and_appears_only_at_the_commit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        let mut f = PrivateFile::create(&path).unwrap();
        f.write_all(b"secret").unwrap();
        assert!(!path.exists());
        assert_eq!(mode(f.part()), 0o600);
        f.commit().unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"secret");
        assert_eq!(mode(&path), 0o600);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_wider_file_already_there_is_replaced_by_a_0600_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        let mut f = PrivateFile::create(&path).unwrap();
        f.write_all(b"new").unwrap();
        f.commit().unwrap();
        assert_eq!(mode(&path), 0o600);
        assert_eq!(fs::read(&path).unwrap(), b"new");
    }

    #[test]
    fn a_file_dropped_without_commit_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut f = PrivateFile::create(&dir.path().join("out.csv")).unwrap();
        f.write_all(b"half").unwrap();
        drop(f);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_symlink_at_the_target_is_refused_and_its_target_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        fs::write(&victim, "mine").unwrap();
        let path = dir.path().join("out.csv");
        symlink(&victim, &path).unwrap();
        let e = PrivateFile::create(&path).err().unwrap();
        assert!(e.to_string().contains("symbolic link"), "{e}");
        assert_eq!(fs::read(&victim).unwrap(), b"mine");
    }

    #[test]
    fn a_symlink_planted_after_the_start_is_replaced_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        fs::write(&victim, "mine").unwrap();
        let path = dir.path().join("out.csv");
        let mut f = PrivateFile::create(&path).unwrap();
        symlink(&victim, &path).unwrap();
        f.write_all(b"secret").unwrap();
        f.commit().unwrap();
        assert_eq!(fs::read(&victim).unwrap(), b"mine");
        assert!(!fs::symlink_metadata(&path)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read(&path).unwrap(), b"secret");
    }

    #[test]
    fn a_link_or_file_at_the_part_name_is_never_opened() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        fs::write(&victim, "mine").unwrap();
        let path = dir.path().join("out.csv");
        symlink(&victim, dir.path().join("out.csv.part")).unwrap();
        let mut f = PrivateFile::create(&path).unwrap();
        assert_eq!(f.part(), dir.path().join("out.csv.1.part"));
        f.write_all(b"secret").unwrap();
        f.commit().unwrap();
        assert_eq!(fs::read(&victim).unwrap(), b"mine");
    }

    #[test]
    fn receipts_append_to_a_0600_file_and_never_through_a_link_to_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("receipts.txt");
        append(&path, b"one\n").unwrap();
        append(&path, b"two\n").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"one\ntwo\n");
        assert_eq!(mode(&path), 0o600);
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        append(&path, b"three\n").unwrap();
        assert_eq!(mode(&path), 0o600);

        let victim = dir.path().join("victim");
        fs::write(&victim, "mine").unwrap();
        let link = dir.path().join("printer");
        symlink(&victim, &link).unwrap();
        let e = append(&link, b"secret").unwrap_err();
        assert!(e.to_string().contains("symbolic link"), "{e}");
        assert_eq!(fs::read(&victim).unwrap(), b"mine");
        // A link to a device (udev's printer names) is written through.
        let null = dir.path().join("null-printer");
        symlink("/dev/null", &null).unwrap();
        append(&null, b"receipt").unwrap();
    }
}
