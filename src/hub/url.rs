//! The hub's URL (`postgres://USER@HOST:PORT/DB[?sslmode=require]`): parsed once,
//! checked against the rule that a hub off this machine is reached through TLS only, and
//! shown in messages without its password.
//!
//! TLS is OpenSSL's, with the server's certificate checked against the system's
//! authorities (or the `ca_file` given) and its name against the URL's host: with
//! `sslmode=require` a connection to the wrong server fails, it is never downgraded.
//! Without it, the connection is plain and allowed to loopback and Unix sockets only.

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use openssl::ssl::{SslConnector, SslMethod};
use postgres::config::{Host, SslMode};
use postgres::{Client, Config, NoTls};
use postgres_openssl::MakeTlsConnector;

use super::{HubError, Result};

/// A checked hub URL.
#[derive(Clone)]
pub struct HubUrl {
    config: Config,
    shown: String,
    /// `sslmode=require`: TLS with the certificate and name checked.
    tls: bool,
    /// Authorities to check the server's certificate against instead of the system's.
    ca_file: Option<PathBuf>,
}

impl PartialEq for HubUrl {
    fn eq(&self, other: &HubUrl) -> bool {
        self.shown == other.shown
            && self.tls == other.tls
            && self.ca_file == other.ca_file
            && self.config.get_password() == other.config.get_password()
    }
}

impl std::fmt::Debug for HubUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown)
    }
}

impl HubUrl {
    /// Parses `url`; a host that is not this machine is refused unless the URL asks for
    /// TLS (`sslmode=require`).
    pub fn parse(url: &str) -> Result<HubUrl> {
        let mut config = Config::from_str(url).map_err(|e| HubError::Url(e.to_string()))?;
        let tls = config.get_ssl_mode() == SslMode::Require;
        let shown = shown(&config);
        if config.get_hosts().is_empty() {
            return Err(HubError::Url(format!("{shown} names no host")));
        }
        if config.get_user().is_none() {
            return Err(HubError::Url(format!("{shown} names no user")));
        }
        let far_host = config.get_hosts().iter().any(|h| match h {
            Host::Tcp(name) => !is_loopback(name),
            Host::Unix(_) => false,
        });
        let far_addr = config.get_hostaddrs().iter().any(|a| !a.is_loopback());
        if (far_host || far_addr) && !tls {
            return Err(HubError::NotLoopback(shown));
        }
        if !tls {
            // The default (prefer) would try TLS with no certificate check, then fall
            // back: on this machine, plain it is.
            config.ssl_mode(SslMode::Disable);
        }
        // A hub that stops answering fails the pass within seconds instead of hanging
        // it: the connection's set-up, unacknowledged writes and idle reads are bounded.
        config.connect_timeout(Duration::from_secs(5));
        config.tcp_user_timeout(Duration::from_secs(15));
        config.keepalives(true);
        config.keepalives_idle(Duration::from_secs(10));
        // And a statement the server cannot finish (a lock never released) ends there.
        if config.get_options().is_none() {
            config.options("-c statement_timeout=30000");
        }
        Ok(HubUrl {
            config,
            shown,
            tls,
            ca_file: None,
        })
    }

    /// Check the server's certificate against the authorities in this PEM file instead
    /// of the system's (a shop's own certificate authority).
    pub fn with_ca_file(mut self, path: &Path) -> HubUrl {
        self.ca_file = Some(path.to_path_buf());
        self
    }

    /// Does the connection use TLS?
    pub fn tls(&self) -> bool {
        self.tls
    }

    /// The URL as messages show it: user, host, port and database, never the password.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// The role the URL logs in as.
    pub fn user(&self) -> &str {
        self.config.get_user().unwrap_or_default()
    }

    /// Does the URL carry a password?
    pub fn has_password(&self) -> bool {
        self.config.get_password().is_some()
    }

    /// The same URL with this password (read from the environment or a file).
    pub fn with_password(mut self, password: &str) -> HubUrl {
        self.config.password(password);
        self
    }

    pub fn connect(&self) -> Result<Client> {
        let failed = |source| HubError::Connect {
            url: self.shown.clone(),
            source,
        };
        if !self.tls {
            return self.config.connect(NoTls).map_err(failed);
        }
        let tls_error = |e: openssl::error::ErrorStack| HubError::Tls(e.to_string());
        // Peer verification and the host name check are SslConnector's defaults.
        let mut builder = SslConnector::builder(SslMethod::tls_client()).map_err(tls_error)?;
        if let Some(ca) = &self.ca_file {
            builder.set_ca_file(ca).map_err(|e| {
                HubError::Tls(format!("certificate authorities {}: {e}", ca.display()))
            })?;
        }
        self.config
            .connect(MakeTlsConnector::new(builder.build()))
            .map_err(failed)
    }
}

fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost")
        || IpAddr::from_str(bare).is_ok_and(|ip| ip.is_loopback())
}

fn shown(config: &Config) -> String {
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .map(|h| match h {
            Host::Tcp(name) => name.clone(),
            Host::Unix(path) => path.display().to_string(),
        })
        .collect();
    let port = config
        .get_ports()
        .first()
        .map(|p| format!(":{p}"))
        .unwrap_or_default();
    format!(
        "postgres://{}@{}{port}/{}",
        config.get_user().unwrap_or(""),
        hosts.join(","),
        config.get_dbname().unwrap_or("")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts_pass_and_others_are_refused() {
        for ok in [
            "postgres://r1@127.0.0.1:5432/shop",
            "postgres://r1@localhost/shop",
            "postgres://r1@[::1]:5433/shop",
            "postgres://r1@%2Frun%2Fpostgresql/shop",
        ] {
            assert!(HubUrl::parse(ok).is_ok(), "{ok}");
        }
        for far in [
            "postgres://r1@192.168.1.10/shop",
            "postgres://r1@db.example.org/shop",
            "postgres://r1@db.example.org/shop?sslmode=prefer",
            "postgres://r1@localhost/shop?hostaddr=192.0.2.7",
        ] {
            assert!(
                matches!(HubUrl::parse(far), Err(HubError::NotLoopback(_))),
                "{far}"
            );
        }
    }

    #[test]
    fn a_far_host_is_accepted_through_tls_only() {
        let url = HubUrl::parse("postgres://r1@db.example.org:5432/shop?sslmode=require").unwrap();
        assert!(url.tls());
        assert_eq!(url.shown(), "postgres://r1@db.example.org:5432/shop");
        let plain = HubUrl::parse("postgres://r1@127.0.0.1/shop").unwrap();
        assert!(!plain.tls());
    }

    #[test]
    fn the_password_is_never_shown() {
        let url = HubUrl::parse("postgres://r1:hunter2@127.0.0.1:5432/shop").unwrap();
        assert!(url.has_password());
        assert_eq!(url.shown(), "postgres://r1@127.0.0.1:5432/shop");
        assert!(!format!("{url:?}").contains("hunter2"));
        let e = HubUrl::parse("postgres://r1:hunter2@10.0.0.1/shop").unwrap_err();
        assert!(!e.to_string().contains("hunter2"), "{e}");
    }
}
