-- Version 12 (issue 15 §3): preparation tickets. A sale's lines of the categories a
-- station (the kitchen, the workshop) prepares are printed there, from the same queue:
-- a `prep` job names its sale and its station (`[[prep]] name` in the config; the lines
-- are chosen when it is printed, from the station's categories then). SQLite cannot
-- change a CHECK in place: the table is rebuilt with the rows it holds.
CREATE TABLE print_job_v12 (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    register    TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('receipt', 'drawer', 'prep')),
    sale_id     BLOB REFERENCES sale(id),
    station     TEXT CHECK (station IS NULL OR length(station) BETWEEN 1 AND 64),
    printer     TEXT NOT NULL CHECK (length(printer) BETWEEN 1 AND 1024),
    format      TEXT NOT NULL CHECK (format IN ('escpos', 'text')),
    width       INTEGER NOT NULL CHECK (width BETWEEN 24 AND 80),
    code_page   TEXT NOT NULL CHECK (code_page IN ('cp858', 'cp1252')),
    created_at  TEXT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_at     TEXT NOT NULL,
    last_error  TEXT,
    status      TEXT NOT NULL DEFAULT 'waiting'
                CHECK (status IN ('waiting', 'sending', 'printed', 'failed')),
    claimed_at  TEXT,
    printed_at  TEXT,
    CHECK ((kind IN ('receipt', 'prep')) = (sale_id IS NOT NULL)),
    CHECK ((kind = 'prep') = (station IS NOT NULL)),
    CHECK ((status = 'sending') = (claimed_at IS NOT NULL))
);
INSERT INTO print_job_v12 (id, register, kind, sale_id, printer, format, width, code_page,
                           created_at, attempts, next_at, last_error, status, claimed_at,
                           printed_at)
    SELECT id, register, kind, sale_id, printer, format, width, code_page, created_at,
           attempts, next_at, last_error, status, claimed_at, printed_at
    FROM print_job;
DROP TABLE print_job;
ALTER TABLE print_job_v12 RENAME TO print_job;
CREATE INDEX print_job_open ON print_job(register, id) WHERE status IN ('waiting', 'sending');
CREATE INDEX print_job_sale ON print_job(sale_id) WHERE sale_id IS NOT NULL;
