//! The secrets file's writing side: whether it holds the SMTP password or the SMS
//! gateway's key, and either set in it (the settings screen's secret fields).
//!
//! Invariants: a secret goes into the secrets file only (`[email] password`, `[sms]
//! auth`), never into the config nor anywhere a `Config` is printed; the file is rewritten in place
//! with `toml_edit` (its other lines and comments kept), private (0600, through a
//! temporary file renamed over it, its folder 0700 when made); an existing file that may
//! not be used (readable by others, a symbolic link, not TOML) is refused, never
//! overwritten; whether a secret is set is all that is read back.

use std::io::ErrorKind;
use std::path::Path;

use toml_edit::{value, DocumentMut, Item, Table};

use super::email::read_private;
use super::{write_private, SecretError};

/// The SMTP password: `[email] password`.
pub const SMTP_PASSWORD: (&str, &str) = ("email", "password");
/// The SMS gateway's key (its auth header's value): `[sms] auth`.
pub const SMS_AUTH: (&str, &str) = ("sms", "auth");

/// Whether the secrets file at `path` holds a non-empty `[email] password` (`false`
/// when there is no file).
pub fn password_is_set(path: &Path) -> Result<bool, SecretError> {
    secret_is_set(path, SMTP_PASSWORD)
}

/// Whether the secrets file at `path` holds a non-empty `[table] key` (`false` when
/// there is no file).
pub fn secret_is_set(path: &Path, (table, key): (&str, &str)) -> Result<bool, SecretError> {
    let Some(text) = existing(path)? else {
        return Ok(false);
    };
    let doc = parse(&text, path)?;
    Ok(doc
        .get(table)
        .and_then(|e| e.get(key))
        .and_then(Item::as_str)
        .is_some_and(|p| !p.trim().is_empty()))
}

/// The secrets file's new text with `[email] password` set: the file's other lines
/// kept, or a new file. Nothing is written.
pub fn password_text(path: &Path, password: &str) -> Result<String, SecretError> {
    secrets_text(path, &[(SMTP_PASSWORD, password)])
}

/// The secrets file's new text with each `[table] key` of `sets` given its value: the
/// file's other lines kept, or a new file. Nothing is written.
pub fn secrets_text(path: &Path, sets: &[((&str, &str), &str)]) -> Result<String, SecretError> {
    let first = sets.first().map_or("email", |((t, _), _)| *t);
    let text = existing(path)?.unwrap_or_else(|| {
        format!("# Secrets of comptoir, readable by their owner only (chmod 600).\n[{first}]\n")
    });
    let mut doc = parse(&text, path)?;
    for ((table, key), secret) in sets {
        let t = doc
            .entry(table)
            .or_insert_with(|| Item::Table(Table::new()))
            .as_table_mut()
            .ok_or_else(|| SecretError::Parse {
                path: path.to_path_buf(),
                message: format!("`{table}` is not a table; not changed"),
            })?;
        t[*key] = value(*secret);
    }
    Ok(doc.to_string())
}

/// Writes a text made by [`secrets_text`] (private, atomic).
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
    fn the_sms_key_goes_beside_the_password_in_the_same_private_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secrets.toml");
        assert!(!secret_is_set(&path, SMS_AUTH).unwrap(), "no file");
        let text = secrets_text(&path, &[(SMS_AUTH, "Bearer k3y")]).unwrap();
        assert!(text.starts_with("# Secrets of comptoir"), "{text}");
        assert!(text.contains("[sms]\nauth = \"Bearer k3y\""), "{text}");
        write_secrets(&path, &text).unwrap();
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert!(secret_is_set(&path, SMS_AUTH).unwrap());
        assert!(
            !password_is_set(&path).unwrap(),
            "the password is another key"
        );
        // Both at once, the key replaced, the password added, the comment kept.
        let text = secrets_text(&path, &[(SMTP_PASSWORD, "pw"), (SMS_AUTH, "n3w")]).unwrap();
        assert!(text.starts_with("# Secrets of comptoir"), "{text}");
        assert!(
            text.contains("auth = \"n3w\"") && !text.contains("k3y"),
            "{text}"
        );
        assert!(text.contains("[email]\npassword = \"pw\""), "{text}");
        write_secrets(&path, &text).unwrap();
        assert!(secret_is_set(&path, SMS_AUTH).unwrap() && password_is_set(&path).unwrap());
        // What the gateway's sender reads is the key written.
        let toml = format!(
            "[sms]\nurl = \"https://sms.example.com/send\"\nbody = '{{\"to\": \"{{to}}\", \"text\": \"{{text}}\"}}'\nauth_header = \"Authorization\"\nsecrets_file = \"{}\"\n",
            path.display()
        );
        let c = crate::config::Config::from_toml(&toml, Path::new("/etc/comptoir/config.toml"))
            .unwrap();
        let auth = c.sms.unwrap().auth().unwrap();
        assert_eq!(auth, Some(("Authorization".to_string(), "n3w".to_string())));
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
