//! The hub: PostgreSQL as the shop's shared store and the authority over what the
//! registers share (customers, in this slice). This module is the PostgreSQL side only:
//! the hub's URL and its rules, the schema's migrations (`hub/migrations/*.sql`, embedded
//! in the binary), register roles, and the two calls a register makes (upload one change,
//! read the feed after a cursor). The register's side, outbox and applying the feed,
//! is `crate::sync`.
//!
//! Invariants:
//! - every value reaches PostgreSQL as a bound parameter (text, cast in SQL); the
//!   PL/pgSQL functions build their few dynamic statements with `format()`'s `%I`/`%L`;
//! - a register's role may only EXECUTE the functions listed in
//!   `hub.register_function` (upload, feed, version, the snapshot's, the reference
//!   conflicts'), SECURITY DEFINER with a fixed search_path; the register is the
//!   session's role, and it talks only to a hub of the schema version it knows;
//! - a hub off this machine is reached through TLS only, its certificate and name
//!   checked; plain connections go to loopback or a Unix socket only, and any other
//!   host without TLS is refused before a connection is tried ([`HubUrl::parse`]);
//! - a password never appears in a message: URLs are shown through [`HubUrl::shown`].

mod admin;
mod url;

use postgres::Client;

pub use admin::{add_register, init, register_role, InitReport, MIGRATIONS, SCHEMA_VERSION};
pub use url::HubUrl;

/// Why talking to the hub failed.
#[derive(Debug, thiserror::Error)]
pub enum HubError {
    #[error("hub URL: {0}")]
    Url(String),
    #[error(
        "the hub at {0} is not on this machine: reach it through TLS (add \
         ?sslmode=require to the URL), or use loopback (127.0.0.1, ::1, localhost) or a Unix \
         socket"
    )]
    NotLoopback(String),
    #[error("TLS: {0}")]
    Tls(String),
    #[error("cannot reach the hub at {url}: {source}")]
    Connect {
        url: String,
        #[source]
        source: postgres::Error,
    },
    #[error("the hub refused {what}: {}", db_message(source))]
    Sql {
        what: &'static str,
        #[source]
        source: postgres::Error,
    },
    #[error(
        "the hub's schema is version {found}, newer than this comptoir knows ({supported}): \
         upgrade comptoir before using this hub"
    )]
    TooNew { found: i32, supported: i32 },
    #[error(
        "the hub's schema is version {found}, older than this comptoir's ({supported}): \
         run `comptoir hub init` with this comptoir first"
    )]
    TooOld { found: i32, supported: i32 },
    #[error("register code {0:?}: use 1 to 32 letters, digits, - or _")]
    BadCode(String),
    #[error("the hub's answer to {what} cannot be read: {detail}")]
    Answer { what: &'static str, detail: String },
}

pub type Result<T, E = HubError> = std::result::Result<T, E>;

/// The server's own message when there is one (it names the rule that refused).
fn db_message(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => db.message().to_string(),
        None => e.to_string(),
    }
}

fn sql(what: &'static str) -> impl FnOnce(postgres::Error) -> HubError {
    move |source| HubError::Sql { what, source }
}

/// The authority's state at one moment, read page by page: the live groups, customers
/// and notes as feed rows (each row's `id` is the mark; `change_id` empty).
pub struct Snapshot<'a> {
    tx: postgres::Transaction<'a>,
    /// The last feed row the snapshot holds: the feed is read after it.
    pub mark: i64,
}

/// Snapshot rows read per call (the hub caps it at 5000).
pub const SNAPSHOT_PAGE: i32 = 2000;

impl Snapshot<'_> {
    /// Every live group.
    pub fn groups(&mut self) -> Result<Vec<FeedRow>> {
        let rows = self
            .tx
            .query("SELECT payload::text FROM hub.snapshot_groups()", &[])
            .map_err(sql("a snapshot's groups"))?;
        rows.iter()
            .map(|r| self.row("group", r, 0, "a snapshot's groups"))
            .collect()
    }

    /// The live customers after id `after` (`None`: from the first), in id order, at
    /// most [`SNAPSHOT_PAGE`]; the last one's id for the next page.
    pub fn customers(&mut self, after: Option<&str>) -> Result<(Vec<FeedRow>, Option<String>)> {
        self.page(
            "SELECT id::text, payload::text FROM hub.snapshot_customers($1::text::uuid, $2::int4)",
            "customer",
            after,
        )
    }

    /// The notes of live customers after id `after`, like [`Snapshot::customers`].
    pub fn notes(&mut self, after: Option<&str>) -> Result<(Vec<FeedRow>, Option<String>)> {
        self.page(
            "SELECT id::text, payload::text FROM hub.snapshot_notes($1::text::uuid, $2::int4)",
            "note",
            after,
        )
    }

    /// Every sale after id `after` (its customer the survivor's when merged away), like
    /// [`Snapshot::customers`].
    pub fn sales(&mut self, after: Option<&str>) -> Result<(Vec<FeedRow>, Option<String>)> {
        self.page(
            "SELECT id::text, payload::text FROM hub.snapshot_sales($1::text::uuid, $2::int4)",
            "sale",
            after,
        )
    }

    /// Every ledger entry after id `after`, like [`Snapshot::customers`].
    pub fn ledger(&mut self, after: Option<&str>) -> Result<(Vec<FeedRow>, Option<String>)> {
        self.page(
            "SELECT id::text, payload::text FROM hub.snapshot_ledger($1::text::uuid, $2::int4)",
            "ledger",
            after,
        )
    }

    fn page(
        &mut self,
        query: &str,
        kind: &str,
        after: Option<&str>,
    ) -> Result<(Vec<FeedRow>, Option<String>)> {
        let what = "a snapshot page";
        let after = after.unwrap_or("00000000-0000-0000-0000-000000000000");
        let rows = self
            .tx
            .query(query, &[&after, &SNAPSHOT_PAGE])
            .map_err(sql(what))?;
        let last = match rows.last() {
            Some(r) => Some(r.try_get::<_, String>(0).map_err(sql(what))?),
            None => None,
        };
        let rows = rows
            .iter()
            .map(|r| self.row(kind, r, 1, what))
            .collect::<Result<_>>()?;
        Ok((rows, last))
    }

    fn row(
        &self,
        kind: &str,
        r: &postgres::Row,
        column: usize,
        what: &'static str,
    ) -> Result<FeedRow> {
        let payload: String = r.try_get(column).map_err(sql(what))?;
        Ok(FeedRow {
            id: self.mark,
            change_id: String::new(),
            kind: kind.to_string(),
            payload: payload_json(&payload, what)?,
        })
    }

    /// Ends the read-only transaction.
    pub fn finish(self) -> Result<()> {
        self.tx.commit().map_err(sql("a snapshot"))
    }
}

/// A loyalty card or NFC tag claimed for a second customer: granted to the first
/// (`owner_id`), refused to `customer_id`, for the manager to settle.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RefConflict {
    pub id: i64,
    /// `barcode` or `nfc`.
    pub kind: String,
    pub code: String,
    /// The customer the reference was refused to.
    pub customer_id: String,
    /// The customer who holds it.
    pub owner_id: String,
    /// The register that claimed it second.
    pub register: String,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// A debit the authority could not cover (two registers spent one balance while cut
/// off): the hub gave `shortfall` back with a correction entry of its own, and the
/// manager settles it with the customer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ToSettle {
    pub id: i64,
    pub customer_id: String,
    /// `points`, `wallet`, `credit` or `account`.
    pub kind: String,
    /// Points, or cents for money kinds.
    pub shortfall: i64,
    /// The register's entry that overspent.
    pub entry_id: String,
    /// The register that made it.
    pub register: String,
    /// When the hub found it (RFC 3339, UTC).
    pub at: String,
}

/// A feed row's payload, read from its text (as the hub sends jsonb).
fn payload_json(text: &str, what: &'static str) -> Result<serde_json::Value> {
    serde_json::from_str(text).map_err(|e| HubError::Answer {
        what,
        detail: e.to_string(),
    })
}

/// One row of the change feed.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedRow {
    pub id: i64,
    pub change_id: String,
    pub kind: String,
    pub payload: serde_json::Value,
}

/// A register's connection to the hub.
pub struct Hub {
    client: Client,
    /// `hub.upload`, prepared at the first upload: one round trip per change after it.
    upload: Option<postgres::Statement>,
}

impl Hub {
    /// Connects, and refuses a hub whose schema is not the version this code knows.
    pub fn connect(url: &HubUrl) -> Result<Hub> {
        let mut client = url.connect()?;
        let found: i32 = client
            .query_one("SELECT hub.version()", &[])
            .and_then(|r| r.try_get(0))
            .map_err(sql("reading its version"))?;
        if found > SCHEMA_VERSION {
            return Err(HubError::TooNew {
                found,
                supported: SCHEMA_VERSION,
            });
        }
        if found < SCHEMA_VERSION {
            return Err(HubError::TooOld {
                found,
                supported: SCHEMA_VERSION,
            });
        }
        Ok(Hub {
            client,
            upload: None,
        })
    }

    /// Uploads one change; the authority's answer (`status`, `feed_id`, ...). Uploading
    /// an id the hub already accepted returns the stored answer and changes nothing.
    pub fn upload(
        &mut self,
        change_id: &str,
        kind: &str,
        payload: &str,
    ) -> Result<serde_json::Value> {
        let statement = match &self.upload {
            Some(s) => s.clone(),
            None => {
                let s = self
                    .client
                    .prepare("SELECT hub.upload($1::text::uuid, $2::text, $3::text::jsonb)::text")
                    .map_err(sql("an upload"))?;
                self.upload.insert(s).clone()
            }
        };
        let row = self
            .client
            .query_one(&statement, &[&change_id, &kind, &payload])
            .map_err(sql("an upload"))?;
        let text: String = row.try_get(0).map_err(sql("an upload"))?;
        serde_json::from_str(&text).map_err(|e| HubError::Answer {
            what: "an upload",
            detail: e.to_string(),
        })
    }

    /// Opens a snapshot of the authority's state (one read-only transaction at
    /// REPEATABLE READ: its mark and every page it reads agree).
    pub fn snapshot(&mut self) -> Result<Snapshot<'_>> {
        let mut tx = self
            .client
            .build_transaction()
            .isolation_level(postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .map_err(sql("a snapshot"))?;
        let mark: i64 = tx
            .query_one("SELECT hub.snapshot_mark()", &[])
            .and_then(|r| r.try_get(0))
            .map_err(sql("a snapshot"))?;
        Ok(Snapshot { tx, mark })
    }

    /// The open reference conflicts, oldest first (at most 1000).
    pub fn ref_conflicts(&mut self) -> Result<Vec<RefConflict>> {
        let what = "reading the reference conflicts";
        let rows = self
            .client
            .query(
                "SELECT id, kind, code, customer_id::text, owner_id::text, register,
                        to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')
                 FROM hub.ref_conflicts()",
                &[],
            )
            .map_err(sql(what))?;
        rows.iter()
            .map(|r| {
                Ok(RefConflict {
                    id: r.try_get(0).map_err(sql(what))?,
                    kind: r.try_get(1).map_err(sql(what))?,
                    code: r.try_get(2).map_err(sql(what))?,
                    customer_id: r.try_get(3).map_err(sql(what))?,
                    owner_id: r.try_get(4).map_err(sql(what))?,
                    register: r.try_get(5).map_err(sql(what))?,
                    at: r.try_get(6).map_err(sql(what))?,
                })
            })
            .collect()
    }

    /// How many reference conflicts are open.
    pub fn open_conflicts(&mut self) -> Result<u64> {
        let n: i64 = self
            .client
            .query_one("SELECT count(*) FROM hub.ref_conflicts()", &[])
            .and_then(|r| r.try_get(0))
            .map_err(sql("counting the reference conflicts"))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Marks conflict `id` settled (kept in the hub's audit); false when no such conflict
    /// is open.
    pub fn settle_ref_conflict(&mut self, id: i64) -> Result<bool> {
        self.client
            .query_one("SELECT hub.settle_ref_conflict($1::int8)", &[&id])
            .and_then(|r| r.try_get(0))
            .map_err(sql("settling a reference conflict"))
    }

    /// The open to-settle items, oldest first (at most 1000).
    pub fn to_settle(&mut self) -> Result<Vec<ToSettle>> {
        let what = "reading the items to settle";
        let rows = self
            .client
            .query(
                "SELECT id, customer_id::text, kind, shortfall, entry_id::text, register,
                        to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')
                 FROM hub.to_settle_open()",
                &[],
            )
            .map_err(sql(what))?;
        rows.iter()
            .map(|r| {
                Ok(ToSettle {
                    id: r.try_get(0).map_err(sql(what))?,
                    customer_id: r.try_get(1).map_err(sql(what))?,
                    kind: r.try_get(2).map_err(sql(what))?,
                    shortfall: r.try_get(3).map_err(sql(what))?,
                    entry_id: r.try_get(4).map_err(sql(what))?,
                    register: r.try_get(5).map_err(sql(what))?,
                    at: r.try_get(6).map_err(sql(what))?,
                })
            })
            .collect()
    }

    /// How many to-settle items are open.
    pub fn open_to_settle(&mut self) -> Result<u64> {
        let n: i64 = self
            .client
            .query_one("SELECT count(*) FROM hub.to_settle_open()", &[])
            .and_then(|r| r.try_get(0))
            .map_err(sql("counting the items to settle"))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Marks item `id` settled (kept in the hub's audit); false when no such item is
    /// open.
    pub fn settle_money(&mut self, id: i64) -> Result<bool> {
        self.client
            .query_one("SELECT hub.settle_money($1::int8)", &[&id])
            .and_then(|r| r.try_get(0))
            .map_err(sql("settling an overspend"))
    }

    /// The feed after `cursor`, oldest first, at most `max` rows.
    pub fn feed_since(&mut self, cursor: i64, max: i32) -> Result<Vec<FeedRow>> {
        let rows = self
            .client
            .query(
                "SELECT id, change_id::text, kind, payload::text \
                 FROM hub.feed_since($1::int8, $2::int4)",
                &[&cursor, &max],
            )
            .map_err(sql("reading the feed"))?;
        rows.iter()
            .map(|r| {
                let payload: String = r.try_get(3).map_err(sql("reading the feed"))?;
                Ok(FeedRow {
                    id: r.try_get(0).map_err(sql("reading the feed"))?,
                    change_id: r.try_get(1).map_err(sql("reading the feed"))?,
                    kind: r.try_get(2).map_err(sql("reading the feed"))?,
                    payload: payload_json(&payload, "reading the feed")?,
                })
            })
            .collect()
    }
}
