-- Version 5: wrong manager PINs are counted in the database, so that restarting the
-- register or running the CLI again does not reset the delay they impose
-- (`service::verify_manager_pin`, the one place that reads and writes this row).
--
-- One row (id 1) per database: `failures` wrong PINs in a row since the last right one;
-- no PIN is checked before `locked_until` (RFC 3339 text, NULL: no wait). Every failure
-- and every lockout is also an entry of `audit_log`.
CREATE TABLE pin_guard (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    failures     INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
    locked_until TEXT
);
INSERT INTO pin_guard (id, failures, locked_until) VALUES (1, 0, NULL);
