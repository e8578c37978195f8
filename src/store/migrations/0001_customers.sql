-- Customers, their references, groups, notes, the change sequence and the audit log.
-- Ids are UUIDv7 made by the register, stored as 16-byte BLOBs; money is integer cents; rates are decimal text.

CREATE TABLE customer_group (
    id          BLOB PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    discount    TEXT NOT NULL DEFAULT '0'
);

CREATE TABLE customer (
    id              BLOB PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('person', 'entity')),
    title           TEXT,
    first_name      TEXT,
    last_name       TEXT,
    company_name    TEXT,
    email           TEXT,
    phone           TEXT,
    phone2          TEXT,
    vat_number      TEXT,
    company_number  TEXT,
    id_document     TEXT,
    address1        TEXT,
    address2        TEXT,
    postal_code     TEXT,
    city            TEXT,
    country         TEXT,
    latitude        REAL,
    longitude       REAL,
    personal_note   TEXT,
    public_note     TEXT,
    receipt_by_email INTEGER NOT NULL DEFAULT 0,
    receipt_by_sms  INTEGER NOT NULL DEFAULT 0,
    marketing_email INTEGER NOT NULL DEFAULT 0,
    marketing_email_since TEXT,
    marketing_sms   INTEGER NOT NULL DEFAULT 0,
    marketing_sms_since TEXT,
    sepa_iban       TEXT,
    sepa_bic        TEXT,
    sepa_mandate_ref TEXT,
    sepa_signed_on  TEXT,
    group_id        BLOB REFERENCES customer_group(id) ON DELETE SET NULL,
    tax_mode        TEXT NOT NULL DEFAULT 'normal' CHECK (tax_mode IN ('normal', 'exempt', 'rate')),
    tax_rate        TEXT,
    account_limit_cents INTEGER,
    anonymised      INTEGER NOT NULL DEFAULT 0,
    change_seq      INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX customer_email ON customer(email) WHERE email IS NOT NULL;
CREATE INDEX customer_phone ON customer(phone) WHERE phone IS NOT NULL;
CREATE INDEX customer_group_id ON customer(group_id) WHERE group_id IS NOT NULL;
CREATE INDEX customer_change_seq ON customer(change_seq);

-- Loyalty barcodes and NFC UIDs: one code identifies one customer.
CREATE TABLE customer_ref (
    code        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('barcode', 'nfc')),
    customer_id BLOB NOT NULL REFERENCES customer(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    PRIMARY KEY (kind, code)
) WITHOUT ROWID;
CREATE INDEX customer_ref_customer ON customer_ref(customer_id);

CREATE TABLE customer_note (
    id          BLOB PRIMARY KEY,
    customer_id BLOB NOT NULL REFERENCES customer(id) ON DELETE CASCADE,
    author      TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX customer_note_customer ON customer_note(customer_id, created_at);

-- Every committed change to a customer, in order. The search index records the last
-- sequence it applied and replays the rest after a crash. AUTOINCREMENT: never reused.
CREATE TABLE customer_change (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id BLOB NOT NULL,
    op          TEXT NOT NULL CHECK (op IN ('upsert', 'delete'))
);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT,
    detail      TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
