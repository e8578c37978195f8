//! The hub's URL (`postgres://USER@HOST:PORT/DB`): parsed once, checked against the rule
//! that the hub is reached only on this machine while comptoir speaks no TLS, and shown
//! in messages without its password.

use std::net::IpAddr;
use std::str::FromStr;
use std::time::Duration;

use postgres::config::{Host, SslMode};
use postgres::{Client, Config, NoTls};

use super::{HubError, Result};

/// A checked hub URL.
#[derive(Clone)]
pub struct HubUrl {
    config: Config,
    shown: String,
}

impl PartialEq for HubUrl {
    fn eq(&self, other: &HubUrl) -> bool {
        self.shown == other.shown && self.config.get_password() == other.config.get_password()
    }
}

impl std::fmt::Debug for HubUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown)
    }
}

impl HubUrl {
    /// Parses `url` and refuses a host that is not this machine, or a URL that asks for
    /// TLS (not built in yet).
    pub fn parse(url: &str) -> Result<HubUrl> {
        let mut config = Config::from_str(url).map_err(|e| HubError::Url(e.to_string()))?;
        let shown = shown(&config);
        if config.get_hosts().is_empty() {
            return Err(HubError::Url(format!("{shown} names no host")));
        }
        if config.get_user().is_none() {
            return Err(HubError::Url(format!("{shown} names no user")));
        }
        for host in config.get_hosts() {
            if let Host::Tcp(name) = host {
                if !is_loopback(name) {
                    return Err(HubError::NotLoopback(shown));
                }
            }
        }
        if config.get_hostaddrs().iter().any(|a| !a.is_loopback()) {
            return Err(HubError::NotLoopback(shown));
        }
        if config.get_ssl_mode() == SslMode::Require {
            return Err(HubError::Url(format!(
                "{shown} asks for TLS, which this comptoir does not speak yet"
            )));
        }
        // The default (prefer) would try TLS first and fall back; there is none to try.
        config.ssl_mode(SslMode::Disable);
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
        Ok(HubUrl { config, shown })
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
        self.config
            .connect(NoTls)
            .map_err(|source| HubError::Connect {
                url: self.shown.clone(),
                source,
            })
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
        ] {
            assert!(
                matches!(HubUrl::parse(far), Err(HubError::NotLoopback(_))),
                "{far}"
            );
        }
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

    #[test]
    fn tls_required_is_refused_until_it_is_built_in() {
        let e = HubUrl::parse("postgres://r1@127.0.0.1/shop?sslmode=require").unwrap_err();
        assert!(e.to_string().contains("TLS"), "{e}");
    }
}
