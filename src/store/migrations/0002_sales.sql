-- The catalogue and the sales: tickets, their lines and payments.

CREATE TABLE product (
    id          BLOB PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    price_cents INTEGER NOT NULL,
    tax_rate    TEXT NOT NULL,
    active      INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE sale (
    id              BLOB PRIMARY KEY,
    number          TEXT NOT NULL UNIQUE,
    created_at      TEXT NOT NULL,
    customer_id     BLOB REFERENCES customer(id) ON DELETE RESTRICT,
    group_discount  TEXT NOT NULL DEFAULT '0',
    tax_mode        TEXT NOT NULL DEFAULT 'normal',
    tax_rate        TEXT,
    total_cents     INTEGER NOT NULL,
    discount_cents  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sale_customer ON sale(customer_id, created_at) WHERE customer_id IS NOT NULL;
CREATE INDEX sale_created ON sale(created_at);

CREATE TABLE sale_line (
    sale_id     BLOB NOT NULL REFERENCES sale(id) ON DELETE CASCADE,
    line_no     INTEGER NOT NULL,
    product_id  BLOB REFERENCES product(id) ON DELETE SET NULL,
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    quantity    TEXT NOT NULL,
    unit_price_cents INTEGER NOT NULL,
    discount    TEXT NOT NULL DEFAULT '0',
    tax_rate    TEXT NOT NULL,
    total_cents INTEGER NOT NULL,
    PRIMARY KEY (sale_id, line_no)
) WITHOUT ROWID;

CREATE TABLE payment (
    id          BLOB PRIMARY KEY,
    sale_id     BLOB NOT NULL REFERENCES sale(id) ON DELETE CASCADE,
    method      TEXT NOT NULL CHECK (method IN ('cash', 'card', 'wallet', 'store_credit', 'on_account')),
    amount_cents INTEGER NOT NULL,
    tendered_cents INTEGER,
    change_cents INTEGER
);
CREATE INDEX payment_sale ON payment(sale_id);

-- Named counters (ticket numbers per register).
CREATE TABLE counter (
    name        TEXT PRIMARY KEY,
    value       INTEGER NOT NULL
) WITHOUT ROWID;
