//! The secrets file's writing side: whether it holds the SMTP password, and the
//! password set in it (the settings screen's password field).
//!
//! Invariants: the password goes into the secrets file only (`[email] password`), never
//! into the config nor anywhere a `Config` is printed; the file is rewritten in place
//! with `toml_edit` (its other lines and comments kept), private (0600, through a
//! temporary file renamed over it, its folder 0700 when made); an existing file that may
//! not be used (readable by others, a symbolic link, not TOML) is refused, never
//! overwritten; whether a password is set is all that is read back.

use std::io::ErrorKind;
use std::path::Path;

use toml_edit::{value, DocumentMut, Item, Table};

use super::email::read_private;
use super::{write_private, SecretError};

/// Whether the secrets file at `path` holds a non-empty `[email] password` (`false`
/// when there is no file).
pub fn password_is_set(path: &Path) -> Result<bool, SecretError> {
    let Some(text) = existing(path)? else {
        return Ok(false);
    };
    let doc = parse(&text, path)?;
    Ok(doc
        .get("email")
        .and_then(|e| e.get("password"))
        .and_then(Item::as_str)
        .is_some_and(|p| !p.is_empty()))
}

/// The secrets file's new text with `[email] password` set: the file's other lines
/// kept, or a new file. Nothing is written.
pub fn password_text(path: &Path, password: &str) -> Result<String, SecretError> {
    let text = existing(path)?.unwrap_or_else(|| {
        "# Secrets of comptoir, readable by their owner only (chmod 600).\n[email]\n".to_string()
    });
    let mut doc = parse(&text, path)?;
    let email = doc
        .entry("email")
        .or_insert_with(|| Item::Table(Table::new()))
        .as_table_mut()
        .ok_or_else(|| SecretError::Parse {
            path: path.to_path_buf(),
            message: "`email` is not a table; not changed".into(),
        })?;
    email["password"] = value(password);
    Ok(doc.to_string())
}

/// Writes a text made by [`password_text`] (private, atomic).
pub fn write_secrets(path: &Path, text: &str) -> Result<(), SecretError> {
    write_private(path, text).map_err(|source| SecretError::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// The file's text, `None` when there is none; refused when it may not be used.
fn existing(path: &Path) -> Result<Option<String>, SecretError> {
    match read_private(path) {
        Ok(text) => Ok(Some(text)),
        Err(SecretError::Read { source, .. }) if source.kind() == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

fn parse(text: &str, path: &Path) -> Result<DocumentMut, SecretError> {
    text.parse()
        .map_err(|e: toml_edit::TomlError| SecretError::Parse {
            path: path.to_path_buf(),
            message: e.message().to_string(),
        })
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn the_password_goes_into_a_private_secrets_file_keeping_its_other_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secrets.toml");
        assert!(!password_is_set(&path).unwrap(), "no file");
        let text = password_text(&path, "s3cret").unwrap();
        assert_eq!(
            text,
            "# Secrets of comptoir, readable by their owner only (chmod 600).\n[email]\npassword = \"s3cret\"\n"
        );
        write_secrets(&path, &text).unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert!(password_is_set(&path).unwrap());
        // Another line of the owner's stays; the new password replaces the old.
        let with_more = format!(
            "# mine\n{}\n[other]\nx = 1\n",
            fs::read_to_string(&path).unwrap()
        );
        fs::write(&path, with_more).unwrap();
        let text = password_text(&path, "n3w").unwrap();
        assert!(text.contains("# mine") && text.contains("x = 1"), "{text}");
        assert!(
            text.contains("password = \"n3w\"") && !text.contains("s3cret"),
            "{text}"
        );
        write_secrets(&path, &text).unwrap();
        let read = crate::config::EmailSettings {
            host: "127.0.0.1".into(),
            port: 25,
            tls: crate::config::Tls::None,
            from: "shop@example.com".into(),
            user: Some("shop".into()),
            secrets_file: path.clone(),
        };
        assert_eq!(read.password().unwrap().as_deref(), Some("n3w"));
    }

    #[test]
    fn a_secrets_file_others_may_read_or_a_link_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secrets.toml");
        fs::write(&path, "[email]\npassword = \"old\"\n").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        assert!(matches!(
            password_text(&path, "new"),
            Err(SecretError::Open(_))
        ));
        assert!(password_is_set(&path).is_err());
        let link = dir.path().join("link.toml");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        assert!(password_text(&link, "new").is_err());
        assert!(fs::read_to_string(&path).unwrap().contains("old"));
    }
}
