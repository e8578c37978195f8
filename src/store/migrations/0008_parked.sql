-- Version 8: tickets parked at a register (a customer who forgot their wallet), recalled
-- later, also after a restart. A parked ticket is not a sale: nothing is owed, no journal
-- entry, no ledger entry; it is removed when recalled.
--
-- `lines` is the JSON of the ticket's lines (`SaleLine`s) as the register had them;
-- `customer_id` is the customer attached then. A customer removed since (merged into
-- another, or deleted without sales) leaves the column NULL and `had_customer` 1, so the
-- recall can say the customer is gone instead of silently dropping them. No personal
-- data is copied here: the customer's name is read from their row when listed.

CREATE TABLE parked_ticket (
    id           BLOB PRIMARY KEY,
    register     TEXT NOT NULL,
    parked_at    TEXT NOT NULL,
    customer_id  BLOB REFERENCES customer(id) ON DELETE SET NULL,
    had_customer INTEGER NOT NULL DEFAULT 0 CHECK (had_customer IN (0, 1)),
    lines        TEXT NOT NULL,
    -- A short label the cashier typed ("blue coat"), if any.
    label        TEXT,
    -- A line's price was changed by the manager: paying it is the manager's act again.
    repriced     INTEGER NOT NULL DEFAULT 0 CHECK (repriced IN (0, 1)),
    CHECK (customer_id IS NULL OR had_customer = 1)
);
CREATE INDEX parked_ticket_register ON parked_ticket(register, parked_at);
-- The foreign key's child index: removing a customer finds its parked tickets at once.
CREATE INDEX parked_ticket_customer ON parked_ticket(customer_id) WHERE customer_id IS NOT NULL;
