-- Version 14 (issue 15 §4): the message outbox. A message to a customer (today an
-- e-mailed receipt) is a row written in the transaction of what it tells (a receipt: the
-- sale's), then sent by the register's mail worker or `comptoir outbox send`, retried
-- with a backoff while the mail server cannot be reached. Not to be confused with
-- `sync_outbox` (migration 13), the changes waiting for the hub.
--
-- A receipt keeps what rebuilds it, not its text: the sale (read again when sent, in
-- the shop's language, like a printed receipt) and the address. A message composed by
-- hand (`contact`) keeps its subject and bodies. `customer_id` ties a message to the
-- person it goes to: erasing the customer removes their messages (the outbox is not
-- the books).
--
-- status: 'queued' (to send when `next_at` has come), 'sending' (claimed by one sender
-- at `claimed_at`; a claim older than a few minutes was a sender that died and is
-- queued again), 'sent', 'failed' (not retried unless asked: a bad address, a server's
-- permanent refusal, or too many attempts; listed by `comptoir outbox list`).

CREATE TABLE message_outbox (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT NOT NULL CHECK (kind IN ('receipt', 'contact')),
    channel     TEXT NOT NULL CHECK (channel IN ('email')),
    recipient   TEXT NOT NULL CHECK (length(recipient) BETWEEN 1 AND 320),
    customer_id BLOB,
    sale_id     BLOB REFERENCES sale(id),
    subject     TEXT CHECK (subject IS NULL OR length(subject) <= 998),
    body_text   TEXT CHECK (body_text IS NULL OR length(body_text) <= 100000),
    body_html   TEXT CHECK (body_html IS NULL OR length(body_html) <= 200000),
    created_at  TEXT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_at     TEXT NOT NULL,
    last_error  TEXT,
    status      TEXT NOT NULL DEFAULT 'queued'
                CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
    claimed_at  TEXT,
    sent_at     TEXT,
    CHECK ((kind = 'receipt') = (sale_id IS NOT NULL)),
    CHECK (kind = 'receipt' OR (subject IS NOT NULL AND body_text IS NOT NULL)),
    CHECK ((status = 'sending') = (claimed_at IS NOT NULL))
);
-- The messages still to send, in order.
CREATE INDEX message_outbox_open ON message_outbox(next_at, id)
    WHERE status IN ('queued', 'sending');
-- A sale's messages (its status in History), and the foreign key's child index.
CREATE INDEX message_outbox_sale ON message_outbox(sale_id) WHERE sale_id IS NOT NULL;
-- A customer's messages (erased with them).
CREATE INDEX message_outbox_customer ON message_outbox(customer_id)
    WHERE customer_id IS NOT NULL;
