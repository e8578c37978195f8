//! A throw-away PostgreSQL cluster for one test: a private temporary folder (0700), its
//! own `initdb`, listening on 127.0.0.1 on a free port with its socket in that folder,
//! stopped (`pg_ctl stop -m immediate`) when dropped.
//!
//! PostgreSQL refuses to run as root: when the tests run as root, `initdb` and `pg_ctl`
//! run as the `postgres` user (created by the Debian package) through `runuser`, and the
//! folder is handed to it. A missing PostgreSQL fails the test, never skips it.

use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Where Debian's `postgresql-15` puts its programs.
const BIN: &str = "/usr/lib/postgresql/15/bin";
/// The cluster's superuser and its password (tests connect through TCP with it).
pub const ADMIN: &str = "hubadmin";
pub const ADMIN_PASSWORD: &str = "admin-secret";

pub struct Cluster {
    dir: tempfile::TempDir,
    pub port: u16,
}

impl Cluster {
    pub fn start() -> Cluster {
        Cluster::start_with(false)
    }

    /// A cluster that takes TCP connections through TLS only, with a self-signed
    /// certificate for `localhost` and 127.0.0.1 ([`Cluster::ca_file`]).
    pub fn start_tls() -> Cluster {
        Cluster::start_with(true)
    }

    fn start_with(tls: bool) -> Cluster {
        let initdb = Path::new(BIN).join("initdb");
        assert!(
            initdb.exists(),
            "PostgreSQL 15 is missing ({} not found): run scripts/setup.sh",
            initdb.display()
        );
        let dir = tempfile::tempdir().unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
        std::fs::write(dir.path().join("pw"), ADMIN_PASSWORD).unwrap();
        if tls {
            let out = Command::new("openssl")
                .args([
                    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                ])
                .args(["-subj", "/CN=localhost"])
                .args(["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])
                .arg("-keyout")
                .arg(dir.path().join("server.key"))
                .arg("-out")
                .arg(dir.path().join("server.crt"))
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "openssl req failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        if as_root() {
            let status = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(dir.path())
                .status()
                .unwrap();
            assert!(status.success(), "chown of the cluster's folder failed");
        }
        let data = dir.path().join("data");
        let out = pg_command("initdb")
            .arg("-D")
            .arg(&data)
            .args([
                "-U",
                ADMIN,
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
            ])
            .arg(format!("--pwfile={}", dir.path().join("pw").display()))
            .args(["-E", "UTF8", "--no-locale", "--no-sync"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "initdb failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        if tls {
            // Plain TCP connections are refused: what connects, connected through TLS.
            let hba = data.join("pg_hba.conf");
            let rules = std::fs::read_to_string(&hba).unwrap();
            std::fs::write(
                &hba,
                format!(
                    "hostnossl all all 127.0.0.1/32 reject\nhostnossl all all ::1/128 reject\n{rules}"
                ),
            )
            .unwrap();
        }
        let ssl = if tls {
            format!(
                " -c ssl=on -c ssl_cert_file={0}/server.crt -c ssl_key_file={0}/server.key",
                dir.path().display()
            )
        } else {
            String::new()
        };
        // A free port is only free until someone takes it: try a few.
        for _ in 0..5 {
            let port = free_port();
            let opts = format!(
                "-c listen_addresses=127.0.0.1 -p {port} -k {} -c fsync=off{ssl}",
                dir.path().display()
            );
            let out = pg_command("pg_ctl")
                .arg("-D")
                .arg(&data)
                .arg("-l")
                .arg(dir.path().join("log"))
                .args(["-w", "-t", "30", "-o", &opts, "start"])
                .output()
                .unwrap();
            if out.status.success() {
                return Cluster { dir, port };
            }
        }
        let log = std::fs::read_to_string(dir.path().join("log")).unwrap_or_default();
        panic!("PostgreSQL did not start: {log}");
    }

    /// A URL without a password for `user` on database `db`.
    pub fn url(&self, user: &str, db: &str) -> String {
        format!("postgres://{user}@127.0.0.1:{}/{db}", self.port)
    }

    /// The superuser's URL on the `postgres` database (password given apart).
    pub fn admin_url(&self) -> String {
        self.url(ADMIN, "postgres")
    }

    /// A superuser connection, through the cluster's Unix socket.
    pub fn admin(&self) -> postgres::Client {
        let cfg = format!(
            "host={} port={} user={ADMIN} dbname=postgres",
            self.dir.path().display(),
            self.port
        );
        postgres::Client::connect(&cfg, postgres::NoTls).unwrap()
    }

    /// The certificate of a TLS cluster, which is its own authority.
    pub fn ca_file(&self) -> PathBuf {
        self.dir.path().join("server.crt")
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = pg_command("pg_ctl")
            .arg("-D")
            .arg(self.data_dir())
            .args(["-m", "immediate", "-w", "stop"])
            .output();
    }
}

fn as_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// A PostgreSQL program, run as `postgres` when we are root.
fn pg_command(program: &str) -> Command {
    let path = Path::new(BIN).join(program);
    if as_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(path);
        c
    } else {
        Command::new(path)
    }
}

fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}
