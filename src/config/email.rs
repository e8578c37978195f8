//! `[email]`: the SMTP server receipts are e-mailed through, resolved once: the URL
//! (`smtp://HOST:PORT`) split into host and port, the TLS mode, the sender's address
//! checked, the secrets file made absolute. The password is not part of the config: it
//! is read from the secrets file when a message is sent ([`EmailSettings::password`]),
//! so `check-config`, the log and a `Debug` print of the config never show it.
//!
//! Invariants: the secrets file is used only when no one but its owner may read or
//! write it (mode 0600 or narrower) and is never followed through a symbolic link;
//! a password never crosses an unencrypted connection to another machine: `tls =
//! "none"` with a `user` is refused unless the server is this machine (loopback).

use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::raw::RawEmail;
use super::{ConfigError, Refuse};
use crate::domain::validate;

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tls {
    /// Plain text (a relay on this machine or the shop's own network).
    None,
    /// Plain, then upgraded with STARTTLS (refused if the server does not offer it).
    Starttls,
    /// TLS from the first byte (SMTPS, port 465).
    Tls,
}

impl Tls {
    fn parse(s: &str) -> Option<Tls> {
        match s.trim().to_ascii_lowercase().as_str() {
            "none" => Some(Tls::None),
            "starttls" => Some(Tls::Starttls),
            "tls" => Some(Tls::Tls),
            _ => None,
        }
    }

    /// The port a URL without one means.
    fn default_port(self) -> u16 {
        match self {
            Tls::None => 25,
            Tls::Starttls => 587,
            Tls::Tls => 465,
        }
    }
}

/// `[email]`, resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EmailSettings {
    pub host: String,
    pub port: u16,
    pub tls: Tls,
    /// The sender's address (`from`); the shop's name is shown with it.
    pub from: String,
    /// The SMTP login, if the server wants one (its password: the secrets file).
    pub user: Option<String>,
    /// The secrets file (`secrets_file`, else `secrets.toml` beside the config).
    pub secrets_file: PathBuf,
}

/// Why the password could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("cannot read the secrets file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the secrets file {0} can be read or written by others: chmod 600 it")]
    Open(PathBuf),
    #[error("the secrets file {0} is not a regular file")]
    NotAFile(PathBuf),
    #[error("the secrets file {path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("the secrets file {0} has no [email] password (the server wants a login)")]
    Missing(PathBuf),
    #[error("the secrets file {0} has no [sms] auth (sms.auth_header names a header to send)")]
    MissingSmsAuth(PathBuf),
    #[error("[sms] auth in the secrets file {0} is not one line of printable text")]
    BadSmsAuth(PathBuf),
    #[error("cannot write the secrets file {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

#[derive(Debug, Default, Deserialize)]
struct Secrets {
    #[serde(default)]
    email: EmailSecrets,
}

#[derive(Debug, Default, Deserialize)]
struct EmailSecrets {
    password: Option<String>,
}

/// The most a secrets file may hold (it is a few lines).
const MAX_SECRETS_BYTES: u64 = 64 * 1024;

impl EmailSettings {
    /// The SMTP password from the secrets file (`[email] password`), when a `user` is
    /// set; `None` without one (no login).
    pub fn password(&self) -> Result<Option<String>, SecretError> {
        if self.user.is_none() {
            return Ok(None);
        }
        let text = read_private(&self.secrets_file)?;
        let secrets: Secrets = toml::from_str(&text).map_err(|e| SecretError::Parse {
            path: self.secrets_file.clone(),
            message: e.message().to_string(),
        })?;
        match secrets.email.password {
            Some(p) if !p.is_empty() => Ok(Some(p)),
            _ => Err(SecretError::Missing(self.secrets_file.clone())),
        }
    }

    /// The server as messages name it (`smtp://HOST:PORT`, no login).
    pub fn server(&self) -> String {
        format!("smtp://{}:{}", self.host, self.port)
    }
}

/// A file only its owner may read: opened without following a link, its mode checked
/// on the open file, its size capped.
pub(super) fn read_private(path: &Path) -> Result<String, SecretError> {
    use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
    let read = |source| SecretError::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
        .map_err(read)?;
    let meta = file.metadata().map_err(read)?;
    if !meta.is_file() {
        return Err(SecretError::NotAFile(path.to_path_buf()));
    }
    if meta.mode() & 0o077 != 0 {
        return Err(SecretError::Open(path.to_path_buf()));
    }
    let mut text = String::new();
    file.take(MAX_SECRETS_BYTES)
        .read_to_string(&mut text)
        .map_err(read)?;
    Ok(text)
}

/// `[email]`: `None` when the table names no server (no e-mail is sent).
pub(super) fn resolve(
    raw: RawEmail,
    bad: &Refuse,
    base: Option<&Path>,
) -> Result<Option<EmailSettings>, ConfigError> {
    let Some(url) = raw.smtp else {
        let set = [
            ("email.tls", raw.tls.is_some()),
            ("email.from", raw.from.is_some()),
            ("email.user", raw.user.is_some()),
            ("email.secrets_file", raw.secrets_file.is_some()),
        ];
        if let Some((key, _)) = set.iter().find(|(_, s)| *s) {
            return Err(bad.at(key, "set only with email.smtp"));
        }
        return Ok(None);
    };
    let tls = match raw.tls.as_deref() {
        None => Tls::Starttls,
        Some(t) => Tls::parse(t)
            .ok_or_else(|| bad.at("email.tls", "must be \"none\", \"starttls\" or \"tls\""))?,
    };
    let (host, port) = parse_url(&url, tls.default_port()).map_err(|m| bad.at("email.smtp", m))?;
    let from = match raw.from.as_deref() {
        None => {
            return Err(bad.at(
                "email.from",
                "the sender's address is needed with email.smtp",
            ))
        }
        Some(f) => validate::email(f).map_err(|e| bad.at("email.from", e.detail))?,
    };
    let user = raw
        .user
        .map(|u| u.trim().to_string())
        .filter(|u| !u.is_empty());
    if user.is_some() && tls == Tls::None && !is_loopback(&host) {
        return Err(bad.at(
            "email.tls",
            "\"none\" would send the password in clear to another machine: use \"starttls\" or \"tls\"",
        ));
    }
    let secrets_file = secrets_path(raw.secrets_file, base);
    Ok(Some(EmailSettings {
        host,
        port,
        tls,
        from,
        user,
        secrets_file,
    }))
}

/// The secrets file: `written` (relative to the config's folder), else `secrets.toml`
/// beside the config.
pub(super) fn secrets_path(written: Option<PathBuf>, base: Option<&Path>) -> PathBuf {
    match (written, base) {
        (Some(p), Some(b)) if p.is_relative() => b.join(p),
        (Some(p), _) => p,
        (None, Some(b)) => b.join("secrets.toml"),
        (None, None) => crate::paths::config_dir()
            .map(|d| d.join("secrets.toml"))
            .unwrap_or_else(|| PathBuf::from("secrets.toml")),
    }
}

/// Whether `url` is an SMTP server's URL as `[email] smtp` accepts it.
pub fn smtp_url_ok(url: &str) -> bool {
    parse_url(url, 25).is_ok()
}

impl Tls {
    /// The mode as the config writes it.
    pub fn name(self) -> &'static str {
        match self {
            Tls::None => "none",
            Tls::Starttls => "starttls",
            Tls::Tls => "tls",
        }
    }
}

/// `smtp://HOST[:PORT]` -> (host, port); `Err`: what is wrong.
fn parse_url(url: &str, default_port: u16) -> Result<(String, u16), String> {
    let rest = url
        .trim()
        .strip_prefix("smtp://")
        .ok_or("must be smtp://HOST:PORT")?;
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    if rest.contains(['/', '@', '?', '#']) || rest.chars().any(char::is_whitespace) {
        return Err(
            "must be smtp://HOST:PORT (no login, path or query: the login is \
                    email.user, the password is in the secrets file)"
                .into(),
        );
    }
    let (host, port) = match rest.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || h.starts_with('[') => {
            let port = p
                .parse::<u16>()
                .ok()
                .filter(|p| *p > 0)
                .ok_or_else(|| format!("`{p}` is not a port number"))?;
            (h, port)
        }
        _ => (rest, default_port),
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if host.is_empty() || host.len() > 253 {
        return Err("must be smtp://HOST:PORT (the host is missing)".into());
    }
    Ok((host.to_ascii_lowercase(), port))
}

pub(super) fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_smtp_url_gives_host_and_port_and_refuses_a_login_or_a_path() {
        assert_eq!(
            parse_url("smtp://Mail.Example.com:2525", 25),
            Ok(("mail.example.com".into(), 2525))
        );
        assert_eq!(
            parse_url("smtp://127.0.0.1", 587),
            Ok(("127.0.0.1".into(), 587))
        );
        assert_eq!(parse_url("smtp://[::1]:25", 587), Ok(("::1".into(), 25)));
        for bad in [
            "mail.example.com:25",
            "smtp://user:pw@mail.example.com:25",
            "smtp://mail.example.com:25/x",
            "smtp://mail.example.com:0",
            "smtp://mail.example.com:http",
            "smtp://:25",
        ] {
            assert!(parse_url(bad, 25).is_err(), "{bad}");
        }
    }

    fn write(dir: &Path, text: &str, mode: u32) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let p = dir.join("secrets.toml");
        std::fs::write(&p, text).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode)).unwrap();
        p
    }

    fn settings(secrets_file: PathBuf, user: Option<&str>) -> EmailSettings {
        EmailSettings {
            host: "127.0.0.1".into(),
            port: 25,
            tls: Tls::None,
            from: "shop@example.com".into(),
            user: user.map(Into::into),
            secrets_file,
        }
    }

    #[test]
    fn the_password_is_read_only_from_a_file_no_one_else_may_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), "[email]\npassword = \"s3cret\"\n", 0o600);
        assert_eq!(
            settings(p.clone(), Some("shop"))
                .password()
                .unwrap()
                .as_deref(),
            Some("s3cret")
        );
        assert_eq!(
            settings(p.clone(), None).password().unwrap(),
            None,
            "no login"
        );
        let p = write(dir.path(), "[email]\npassword = \"s3cret\"\n", 0o644);
        let e = settings(p, Some("shop")).password().unwrap_err();
        assert!(matches!(e, SecretError::Open(_)), "{e}");
        let p = write(dir.path(), "[email]\n", 0o600);
        let e = settings(p, Some("shop")).password().unwrap_err();
        assert!(matches!(e, SecretError::Missing(_)), "{e}");
        let link = dir.path().join("link.toml");
        std::os::unix::fs::symlink(dir.path().join("secrets.toml"), &link).unwrap();
        let e = settings(link, Some("shop")).password().unwrap_err();
        assert!(matches!(e, SecretError::Read { .. }), "{e}");
    }
}
