-- Version 19: a balance may be below zero while it follows the hub's ledger, and a sale
-- may come from another register (issue 16).
--
-- Registers sharing a hub write their own entries at once and learn the others' later,
-- in the authority's order: two registers that each spent a wallet while cut off hold,
-- for the moment between the other's entry and the hub's correction, a balance below
-- zero. The hub never leaves one there (it covers the shortfall with a correction entry
-- and opens a to-settle item); so the schema no longer refuses it, and the store
-- refuses a debit of this register's own that its balance does not cover
-- (`store::ledger::append`). SQLite cannot drop a CHECK in place: the table is copied.

DROP TRIGGER ledger_balance;
DROP TRIGGER balance_no_delete;
CREATE TABLE balance_v19 (
    customer_id BLOB NOT NULL,
    kind        TEXT NOT NULL,
    amount      INTEGER NOT NULL,
    PRIMARY KEY (customer_id, kind)
) WITHOUT ROWID;
INSERT INTO balance_v19 (customer_id, kind, amount)
    SELECT customer_id, kind, amount FROM balance;
DROP TABLE balance;
ALTER TABLE balance_v19 RENAME TO balance;

CREATE TRIGGER ledger_balance AFTER INSERT ON ledger BEGIN
    INSERT OR IGNORE INTO balance (customer_id, kind, amount)
        VALUES (NEW.customer_id, NEW.kind, 0);
    UPDATE balance SET amount = amount + NEW.amount
        WHERE customer_id = NEW.customer_id AND kind = NEW.kind;
END;
CREATE TRIGGER balance_no_delete BEFORE DELETE ON balance BEGIN
    SELECT RAISE(ABORT, 'balances follow their ledger');
END;

-- A sale another register rang up, as the hub's feed brought it: each register's journal
-- chains its own tickets only, so the journal's check leaves these out. Never changed
-- once written, like the rest of the ticket.
ALTER TABLE sale ADD COLUMN remote INTEGER NOT NULL DEFAULT 0 CHECK (remote IN (0, 1));
CREATE TRIGGER sale_remote_no_update BEFORE UPDATE OF remote ON sale BEGIN
    SELECT RAISE(ABORT, 'sales are never changed: refund them');
END;
