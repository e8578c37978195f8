-- Version 9: imports that do not block the register, and are still all or nothing.
--
-- An import commits its rows in small chunks (a sale from another process waits for one
-- chunk at most, not for the whole file), all under one `import_run`. Every customer a
-- run writes gets a row in `import_undo` in the same transaction: "created" (`previous`
-- NULL), or the customer's data before the run's first write to it (JSON of
-- `CustomerData`), with what the run wrote last and the change sequence that write took,
-- so a rollback can tell the run's values from the register's later edits. A run that
-- fails, or whose process died (`running` with no live importer: see
-- `store::import_run`), is undone in one transaction from these rows; a finished run's
-- undo rows are deleted (they hold personal data the run replaced).
--
-- `status`: running, done, or rolled back. `file` is the imported file's name.
CREATE TABLE import_run (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    started  TEXT NOT NULL,
    status   TEXT NOT NULL DEFAULT 'running'
             CHECK (status IN ('running', 'done', 'rolled back')),
    actor    TEXT NOT NULL,
    file     TEXT NOT NULL,
    ended    TEXT
);

CREATE TABLE import_undo (
    run_id      INTEGER NOT NULL REFERENCES import_run(id),
    customer_id BLOB NOT NULL,
    -- NULL: the run created the customer.
    previous    TEXT,
    -- The run's last write (updates only).
    written     TEXT,
    -- The customer's change_seq after the run's last write to it.
    written_seq INTEGER NOT NULL,
    -- The line of the imported file that created the customer (for messages).
    line        INTEGER,
    PRIMARY KEY (run_id, customer_id)
) WITHOUT ROWID;

-- An imported row with no reference, e-mail or phone is matched by its exact names among
-- the customers without e-mail or phone (`store::bulk::by_name_without_contact`): this
-- index answers that without scanning the table. Partial on the look-up's own condition,
-- so customers with a contact (nearly all) cost nothing to write.
CREATE INDEX customer_name_no_contact ON customer(last_name, first_name, company_name)
    WHERE email IS NULL AND phone IS NULL AND anonymised = 0;
