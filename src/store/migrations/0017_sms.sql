-- Version 17 (issue 15 §5): the message outbox carries SMS too. A message's channel is
-- 'email' (recipient: the address) or 'sms' (recipient: the phone number in E.164,
-- sent through the HTTP gateway of `[sms]`). An SMS has no subject: a composed one
-- keeps its text only.
--
-- SQLite cannot change a CHECK in place, so the table is rebuilt: a new table with the
-- wider checks, every row copied with its id, the old table dropped, the new one
-- renamed, its indexes made again. The AUTOINCREMENT counter is carried over, so an id
-- is never given twice (an e-mail's Message-ID is made from it, and a message sent then
-- pruned must not share one with a later message).

CREATE TABLE message_outbox_new (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT NOT NULL CHECK (kind IN ('receipt', 'contact')),
    channel     TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
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
    CHECK (kind = 'receipt' OR body_text IS NOT NULL),
    CHECK (kind = 'receipt' OR channel = 'sms' OR subject IS NOT NULL),
    -- An SMS goes to "+" and 3 to 15 digits, and has neither subject nor HTML.
    CHECK (channel <> 'sms' OR (recipient GLOB '+[1-9]*'
                                AND NOT substr(recipient, 2) GLOB '*[^0-9]*'
                                AND length(recipient) BETWEEN 4 AND 16
                                AND subject IS NULL AND body_html IS NULL)),
    CHECK ((status = 'sending') = (claimed_at IS NOT NULL))
);

INSERT INTO message_outbox_new (id, kind, channel, recipient, customer_id, sale_id,
                                subject, body_text, body_html, created_at, attempts,
                                next_at, last_error, status, claimed_at, sent_at)
SELECT id, kind, channel, recipient, customer_id, sale_id, subject, body_text, body_html,
       created_at, attempts, next_at, last_error, status, claimed_at, sent_at
FROM message_outbox ORDER BY id;

-- The counter: the old table's, which may be above every id left (sent messages pruned).
DELETE FROM sqlite_sequence WHERE name = 'message_outbox_new';
INSERT INTO sqlite_sequence (name, seq)
SELECT 'message_outbox_new', seq FROM sqlite_sequence WHERE name = 'message_outbox';

DROP TABLE message_outbox;
ALTER TABLE message_outbox_new RENAME TO message_outbox;

-- The messages still to send, in order.
CREATE INDEX message_outbox_open ON message_outbox(next_at, id)
    WHERE status IN ('queued', 'sending');
-- A sale's messages (its status in History), and the foreign key's child index.
CREATE INDEX message_outbox_sale ON message_outbox(sale_id) WHERE sale_id IS NOT NULL;
-- A customer's messages (erased with them).
CREATE INDEX message_outbox_customer ON message_outbox(customer_id)
    WHERE customer_id IS NOT NULL;
