//! A fresh, private data and config directory per test, and a way to run the binary in it.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

pub struct Env {
    pub dir: tempfile::TempDir,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout))
    }
}

impl Env {
    pub fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// A fresh environment whose config holds the hash of manager PIN `pin`.
    pub fn with_manager_pin(pin: &str) -> Env {
        let env = Env::new();
        let hash = env.run_with(&["hash-pin"], Some(&format!("{pin}\n")), &[]);
        assert_eq!(hash.code, 0, "{}", hash.stderr);
        let dir = env.dir.path().join("config/comptoir");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("config.toml"),
            format!("[manager]\npin_hash = \"{}\"\n", hash.stdout.trim()),
        )
        .unwrap();
        env
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("data/comptoir/comptoir.db")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The binary with HOME and the XDG dirs inside the test's directory.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_comptoir"));
        c.args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("USER", "tester");
        c
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, None, &[])
    }

    pub fn run_with(&self, args: &[&str], stdin: Option<&str>, envs: &[(&str, &str)]) -> Run {
        let mut c = self.command(args);
        for (k, v) in envs {
            c.env(k, v);
        }
        c.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = c.spawn().unwrap();
        if let Some(input) = stdin {
            child
                .stdin
                .take()
                .unwrap()
                .write_all(input.as_bytes())
                .unwrap();
        }
        drop(child.stdin.take());
        let Output {
            status,
            stdout,
            stderr,
        } = child.wait_with_output().unwrap();
        Run {
            code: status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&stdout).into_owned(),
            stderr: String::from_utf8_lossy(&stderr).into_owned(),
        }
    }

    /// Row count of a table, read straight from the database file.
    /// Runs the binary into a pipe whose reader takes the first line and closes it, as
    /// `comptoir ... | head -1` does; returns the exit status, that line and standard
    /// error.
    pub fn run_into_closed_pipe(
        &self,
        args: &[&str],
        envs: &[(&str, &str)],
    ) -> (i32, String, String) {
        let mut child = self
            .command(args)
            .envs(envs.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        // The reader is dropped: the pipe is closed with most of the output unread.
        let out = child.wait_with_output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            first,
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    pub fn count(&self, table: &str) -> i64 {
        let conn = rusqlite::Connection::open(self.db()).unwrap();
        conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }

    /// The first column of each row `sql` returns, as text.
    pub fn query(&self, sql: &str) -> Vec<String> {
        let conn = rusqlite::Connection::open(self.db()).unwrap();
        let mut stmt = conn.prepare(sql).unwrap();
        stmt.query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    /// Rows of `table` that match the SQL condition `filter`.
    pub fn count_where(&self, table: &str, filter: &str) -> i64 {
        let conn = rusqlite::Connection::open(self.db()).unwrap();
        let sql = format!("SELECT COUNT(*) FROM {table} WHERE {filter}");
        conn.query_row(&sql, [], |r| r.get(0)).unwrap()
    }
}
