-- The register's side of the hub (src/sync.rs): the outbox of customer changes waiting
-- to be uploaded, in order, and the sync state (the hub joined, the feed cursor, the
-- last successful pass). Nothing is written here until the database joins a hub.
CREATE TABLE sync_outbox (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    change_id  TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL,
    payload    TEXT NOT NULL,
    created_at TEXT NOT NULL
);
-- Applying the feed asks for a customer's changes still waiting.
CREATE INDEX sync_outbox_customer ON sync_outbox (json_extract(payload, '$.id'));

CREATE TABLE sync_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
