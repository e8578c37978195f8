-- Version 7: money around the customer. Ledgers (points, wallet, store credit, account)
-- with a balance row per customer and kind kept by a trigger; gift cards with their own
-- ledger by card code; refunds that name the sale
-- and lines they give back; points payments; the hash-chained sales journal. Sales,
-- their lines and payments, ledger entries and journal entries are append-only: the
-- triggers below refuse to change or remove them (a correction is a new entry). Only a
-- sale's customer may change (a move or a merge, each a journal entry of its own).

ALTER TABLE sale ADD COLUMN refund_of BLOB REFERENCES sale(id);
ALTER TABLE sale ADD COLUMN points INTEGER NOT NULL DEFAULT 0;
CREATE INDEX sale_refund_of ON sale(refund_of) WHERE refund_of IS NOT NULL;

ALTER TABLE sale_line ADD COLUMN kind TEXT NOT NULL DEFAULT 'goods'
    CHECK (kind IN ('goods', 'top_up', 'settlement', 'gift_card'));
ALTER TABLE sale_line ADD COLUMN origin INTEGER CHECK (origin IS NULL OR origin >= 1);

-- The payment methods gain `points` and `gift_card` (with the card's code in
-- `reference`): SQLite cannot change a CHECK, so the table is copied once.
CREATE TABLE payment_v7 (
    id          BLOB PRIMARY KEY,
    sale_id     BLOB NOT NULL REFERENCES sale(id),
    method      TEXT NOT NULL CHECK (method IN
                  ('cash', 'card', 'wallet', 'store_credit', 'on_account', 'points',
                   'gift_card')),
    amount_cents INTEGER NOT NULL,
    tendered_cents INTEGER,
    change_cents INTEGER,
    -- Points spent by a `points` payment (0 otherwise).
    points      INTEGER NOT NULL DEFAULT 0,
    -- The gift card a `gift_card` payment draws on.
    reference   TEXT,
    CHECK ((method = 'gift_card') = (reference IS NOT NULL))
);
INSERT INTO payment_v7 (rowid, id, sale_id, method, amount_cents, tendered_cents, change_cents)
    SELECT rowid, id, sale_id, method, amount_cents, tendered_cents, change_cents FROM payment;
DROP TABLE payment;
ALTER TABLE payment_v7 RENAME TO payment;
CREATE INDEX payment_sale ON payment(sale_id);

-- One entry per movement of a balance. No foreign key to the customer: a merged
-- duplicate's row is gone but its entries stay for the books.
CREATE TABLE ledger (
    id          BLOB PRIMARY KEY,
    customer_id BLOB NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('points', 'wallet', 'credit', 'account')),
    amount      INTEGER NOT NULL CHECK (amount <> 0),
    reason      TEXT NOT NULL CHECK (reason IN ('sale', 'refund', 'top_up', 'settlement',
                  'redemption', 'expiry', 'merge', 'move', 'correction')),
    sale_id     BLOB REFERENCES sale(id),
    register    TEXT NOT NULL,
    author      TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX ledger_customer ON ledger(customer_id, kind, created_at);
CREATE INDEX ledger_sale ON ledger(sale_id) WHERE sale_id IS NOT NULL;

-- The balance of each customer and kind: the sum of its entries, never below zero.
CREATE TABLE balance (
    customer_id BLOB NOT NULL,
    kind        TEXT NOT NULL,
    amount      INTEGER NOT NULL CHECK (amount >= 0),
    PRIMARY KEY (customer_id, kind)
) WITHOUT ROWID;

CREATE TRIGGER ledger_balance AFTER INSERT ON ledger BEGIN
    INSERT OR IGNORE INTO balance (customer_id, kind, amount)
        VALUES (NEW.customer_id, NEW.kind, 0);
    UPDATE balance SET amount = amount + NEW.amount
        WHERE customer_id = NEW.customer_id AND kind = NEW.kind;
END;
CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger BEGIN
    SELECT RAISE(ABORT, 'ledger entries are never changed: add a correction');
END;
CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger BEGIN
    SELECT RAISE(ABORT, 'ledger entries are never removed: add a correction');
END;
CREATE TRIGGER balance_no_delete BEFORE DELETE ON balance BEGIN
    SELECT RAISE(ABORT, 'balances follow their ledger');
END;

-- Gift cards: sold at the register (a line of kind `gift_card` whose code is the
-- card's), spent by scanning the code, held by a customer or by whoever has the card.
-- The balance is the sum of the card's ledger, kept by a trigger, never below zero.
CREATE TABLE gift_card (
    code        TEXT PRIMARY KEY,
    customer_id BLOB REFERENCES customer(id),
    balance     INTEGER NOT NULL DEFAULT 0 CHECK (balance >= 0),
    created_at  TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX gift_card_customer ON gift_card(customer_id) WHERE customer_id IS NOT NULL;

CREATE TABLE gift_ledger (
    id          BLOB PRIMARY KEY,
    code        TEXT NOT NULL REFERENCES gift_card(code),
    amount      INTEGER NOT NULL CHECK (amount <> 0),
    reason      TEXT NOT NULL CHECK (reason IN ('sale', 'redemption', 'refund', 'correction')),
    sale_id     BLOB REFERENCES sale(id),
    register    TEXT NOT NULL,
    author      TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX gift_ledger_code ON gift_ledger(code, created_at);

CREATE TRIGGER gift_ledger_balance AFTER INSERT ON gift_ledger BEGIN
    UPDATE gift_card SET balance = balance + NEW.amount WHERE code = NEW.code;
END;
CREATE TRIGGER gift_ledger_no_update BEFORE UPDATE ON gift_ledger BEGIN
    SELECT RAISE(ABORT, 'ledger entries are never changed: add a correction');
END;
CREATE TRIGGER gift_ledger_no_delete BEFORE DELETE ON gift_ledger BEGIN
    SELECT RAISE(ABORT, 'ledger entries are never removed: add a correction');
END;
CREATE TRIGGER gift_card_no_delete BEFORE DELETE ON gift_card BEGIN
    SELECT RAISE(ABORT, 'gift cards are never removed');
END;

-- The sales journal: one chain per register. Each entry's hash covers the previous
-- entry's hash and this entry's register, number, kind, time and body (canonical JSON);
-- `comptoir journal verify` recomputes them and compares sale bodies with the tables.
CREATE TABLE journal (
    register    TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('sale', 'move', 'merge', 'closing')),
    ref_id      BLOB,
    created_at  TEXT NOT NULL,
    body        TEXT NOT NULL,
    prev_hash   BLOB NOT NULL,
    hash        BLOB NOT NULL,
    PRIMARY KEY (register, seq)
) WITHOUT ROWID;
CREATE INDEX journal_ref ON journal(ref_id) WHERE ref_id IS NOT NULL;
-- Sales stored before this version are not in the journal: the first sale row it covers.
INSERT INTO counter (name, value)
    SELECT 'journal:first_sale_row', COALESCE(MAX(rowid), 0) + 1 FROM sale;

CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal BEGIN
    SELECT RAISE(ABORT, 'the journal is never changed');
END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal BEGIN
    SELECT RAISE(ABORT, 'the journal is never changed');
END;
CREATE TRIGGER sale_no_delete BEFORE DELETE ON sale BEGIN
    SELECT RAISE(ABORT, 'sales are never removed: refund them');
END;
CREATE TRIGGER sale_no_update BEFORE UPDATE OF id, number, created_at, group_discount,
    tax_mode, tax_rate, total_cents, discount_cents, refund_of, points ON sale BEGIN
    SELECT RAISE(ABORT, 'sales are never changed: refund them');
END;
CREATE TRIGGER sale_line_no_update BEFORE UPDATE ON sale_line BEGIN
    SELECT RAISE(ABORT, 'sale lines are never changed');
END;
CREATE TRIGGER sale_line_no_delete BEFORE DELETE ON sale_line BEGIN
    SELECT RAISE(ABORT, 'sale lines are never removed');
END;
CREATE TRIGGER payment_no_update BEFORE UPDATE ON payment BEGIN
    SELECT RAISE(ABORT, 'payments are never changed');
END;
CREATE TRIGGER payment_no_delete BEFORE DELETE ON payment BEGIN
    SELECT RAISE(ABORT, 'payments are never removed');
END;
