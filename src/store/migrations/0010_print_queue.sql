-- Version 10 (issue 15): the print queue. A receipt or a cash drawer kick is a job
-- written in the same transaction as the sale it prints (the drawer's job first, so it
-- opens ahead of the receipt), then sent by the register's print worker, in order per
-- printer, retried with a backoff while the printer does not answer. A printer that
-- fails never loses a sale and never holds the counter.
--
-- A job holds what it takes to rebuild its bytes, not the bytes: the sale (read again
-- when printed, the customer's name and address with it, so no personal data is copied
-- here and an erased customer is not printed later), the printer string as
-- `[receipt] printer` names it, the format, the width and the code page. A drawer job
-- has no sale.
--
-- status: 'waiting' (to send when `next_at` has come), 'sending' (claimed by one sender
-- at `claimed_at`; a claim older than a few minutes was a sender that died and is
-- waiting again), 'printed', 'failed' (not retried unless asked: a job that cannot be
-- built or a drawer kick that could not be sent at the moment it was asked for).
--
-- Version 10 (after 0009, the import runs).

CREATE TABLE print_job (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    register    TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('receipt', 'drawer')),
    sale_id     BLOB REFERENCES sale(id),
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
    CHECK ((kind = 'receipt') = (sale_id IS NOT NULL)),
    CHECK ((status = 'sending') = (claimed_at IS NOT NULL))
);
-- The jobs still to send, per register, in order.
CREATE INDEX print_job_open ON print_job(register, id) WHERE status IN ('waiting', 'sending');
-- The foreign key's child index.
CREATE INDEX print_job_sale ON print_job(sale_id) WHERE sale_id IS NOT NULL;
