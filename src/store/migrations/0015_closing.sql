-- Version 15 (issue 14 §5): reports and the daily closing (Z).
--
-- `sale_sum` and `customer_sum` are caches of the sales, kept in each sale's own
-- transaction (store::reports::record_sale) and by the trigger below when a sale changes
-- customer (a move, a merge), so that a report over a month or a year reads a few
-- thousand summary rows instead of millions of sale lines. They hold no personal data and
-- can be rebuilt from the sales at any time (the statements below are that rebuild; a
-- test checks the cache against them). Times are cut into quarter hours (`slot`: Unix
-- seconds / 900), so a day in any time zone (every UTC offset is a multiple of 15
-- minutes) is a range of slots.
--
-- sale_sum rows, per quarter hour, register (the ticket number's prefix), dim and key:
--   dim 'sale'   key ''      n tickets that give nothing back, cents their totals
--   dim 'refund' key ''      n refunds and exchanges (refund_of set, or a negative
--                            total), cents their totals (below zero for a refund)
--   dim 'rate'   key rate    goods lines at that VAT rate (the rate the ticket applied:
--                            the customer's tax preference included): n tickets, cents
--                            gross, tax_cents the VAT of each ticket summed (each ticket
--                            rounds its own, as its receipt shows)
--   dim 'kind'   key kind    money paid into a balance (top_up, settlement, gift_card)
--   dim 'method' key method  payments: n payments, cents their amounts (what counts
--                            towards the total: cash handed over less change; below zero
--                            for money given back)
CREATE TABLE sale_sum (
    slot      INTEGER NOT NULL,
    register  TEXT NOT NULL,
    dim       TEXT NOT NULL CHECK (dim IN ('sale', 'refund', 'rate', 'kind', 'method')),
    key       TEXT NOT NULL,
    n         INTEGER NOT NULL,
    cents     INTEGER NOT NULL,
    tax_cents INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (slot, register, dim, key)
) WITHOUT ROWID;

-- Goods bought per customer and quarter hour (all registers): tickets, refunds and the
-- goods' net total. The top customers and the sales by group read it.
CREATE TABLE customer_sum (
    slot        INTEGER NOT NULL,
    customer_id BLOB NOT NULL,
    n           INTEGER NOT NULL,
    refunds     INTEGER NOT NULL,
    goods_cents INTEGER NOT NULL,
    PRIMARY KEY (slot, customer_id)
) WITHOUT ROWID;

-- The rebuild of both caches from the sales stored before this version.
INSERT INTO sale_sum (slot, register, dim, key, n, cents)
    SELECT unixepoch(created_at) / 900 AS slot,
           CASE WHEN instr(number, '-') > 0 THEN substr(number, 1, instr(number, '-') - 1)
                ELSE number END AS register,
           CASE WHEN refund_of IS NOT NULL OR total_cents < 0 THEN 'refund' ELSE 'sale' END
               AS dim,
           '' AS key, COUNT(*) AS n, SUM(total_cents) AS cents
    FROM sale GROUP BY 1, 2, 3;

INSERT INTO sale_sum (slot, register, dim, key, n, cents, tax_cents)
    SELECT slot, register, 'rate' AS dim, rate AS key, COUNT(*) AS n, SUM(gross) AS cents,
           -- gross less net, net rounded half away from zero (domain::money::round)
           SUM(gross - (2 * gross * 10000 + (CASE WHEN gross < 0 THEN -1 ELSE 1 END)
                          * (10000 + bp)) / (2 * (10000 + bp))) AS tax_cents
    FROM (SELECT unixepoch(s.created_at) / 900 AS slot,
                 CASE WHEN instr(s.number, '-') > 0
                      THEN substr(s.number, 1, instr(s.number, '-') - 1)
                      ELSE s.number END AS register,
                 CASE s.tax_mode WHEN 'exempt' THEN '0' WHEN 'rate' THEN s.tax_rate
                      ELSE l.tax_rate END AS rate,
                 CAST(round(CAST(CASE s.tax_mode WHEN 'exempt' THEN '0'
                      WHEN 'rate' THEN s.tax_rate ELSE l.tax_rate END AS REAL) * 100)
                      AS INTEGER) AS bp,
                 SUM(l.total_cents) AS gross
          FROM sale s JOIN sale_line l ON l.sale_id = s.id
          WHERE l.kind = 'goods'
          GROUP BY s.id, rate)
    GROUP BY slot, register, rate;

INSERT INTO sale_sum (slot, register, dim, key, n, cents)
    SELECT unixepoch(s.created_at) / 900 AS slot,
           CASE WHEN instr(s.number, '-') > 0
                THEN substr(s.number, 1, instr(s.number, '-') - 1) ELSE s.number END
               AS register,
           'kind' AS dim, l.kind AS key, COUNT(DISTINCT s.id) AS n, SUM(l.total_cents) AS cents
    FROM sale s JOIN sale_line l ON l.sale_id = s.id
    WHERE l.kind <> 'goods'
    GROUP BY 1, 2, 4;

INSERT INTO sale_sum (slot, register, dim, key, n, cents)
    SELECT unixepoch(s.created_at) / 900 AS slot,
           CASE WHEN instr(s.number, '-') > 0
                THEN substr(s.number, 1, instr(s.number, '-') - 1) ELSE s.number END
               AS register,
           'method' AS dim, p.method AS key, COUNT(*) AS n, SUM(p.amount_cents) AS cents
    FROM sale s JOIN payment p ON p.sale_id = s.id
    GROUP BY 1, 2, 4;

INSERT INTO customer_sum (slot, customer_id, n, refunds, goods_cents)
    SELECT unixepoch(s.created_at) / 900 AS slot, s.customer_id AS customer_id,
           SUM(s.refund_of IS NULL AND s.total_cents >= 0) AS n,
           SUM(s.refund_of IS NOT NULL OR s.total_cents < 0) AS refunds,
           SUM(COALESCE((SELECT SUM(l.total_cents) FROM sale_line l
                         WHERE l.sale_id = s.id AND l.kind = 'goods'), 0)) AS goods_cents
    FROM sale s WHERE s.customer_id IS NOT NULL
    GROUP BY 1, 2;

-- A sale moved to another customer (a move, a merge) takes its figures along.
CREATE TRIGGER sale_customer_sum AFTER UPDATE OF customer_id ON sale
WHEN OLD.customer_id IS NOT NEW.customer_id BEGIN
    UPDATE customer_sum
       SET n = n - (OLD.refund_of IS NULL AND OLD.total_cents >= 0),
           refunds = refunds - (OLD.refund_of IS NOT NULL OR OLD.total_cents < 0),
           goods_cents = goods_cents - COALESCE((SELECT SUM(l.total_cents) FROM sale_line l
                                  WHERE l.sale_id = OLD.id AND l.kind = 'goods'), 0)
     WHERE slot = unixepoch(OLD.created_at) / 900 AND customer_id = OLD.customer_id;
    DELETE FROM customer_sum
     WHERE slot = unixepoch(OLD.created_at) / 900 AND customer_id = OLD.customer_id
       AND n = 0 AND refunds = 0 AND goods_cents = 0;
    INSERT INTO customer_sum (slot, customer_id, n, refunds, goods_cents)
    SELECT unixepoch(NEW.created_at) / 900, NEW.customer_id,
           (NEW.refund_of IS NULL AND NEW.total_cents >= 0),
           (NEW.refund_of IS NOT NULL OR NEW.total_cents < 0),
           COALESCE((SELECT SUM(l.total_cents) FROM sale_line l
                     WHERE l.sale_id = NEW.id AND l.kind = 'goods'), 0)
    WHERE NEW.customer_id IS NOT NULL
    ON CONFLICT (slot, customer_id) DO UPDATE
       SET n = n + excluded.n, refunds = refunds + excluded.refunds,
           goods_cents = goods_cents + excluded.goods_cents;
END;

-- The daily closings (Z): one per register and local day, never changed, never removed
-- (a closed day is re-printed from `body`, never closed twice). `body` is the closing as
-- its JSON (the figures, the cash counted, the difference); `journal_seq` the journal
-- entry that seals it in the register's chain, written in the same transaction.
CREATE TABLE closing (
    register     TEXT NOT NULL,
    day          TEXT NOT NULL,
    closed_at    TEXT NOT NULL,
    author       TEXT NOT NULL,
    utc_offset   INTEGER NOT NULL,
    expected_cents INTEGER NOT NULL,
    counted_cents  INTEGER NOT NULL,
    body         TEXT NOT NULL,
    journal_seq  INTEGER NOT NULL,
    PRIMARY KEY (register, day)
) WITHOUT ROWID;

CREATE TRIGGER closing_no_update BEFORE UPDATE ON closing BEGIN
    SELECT RAISE(ABORT, 'a closing is never changed');
END;
CREATE TRIGGER closing_no_delete BEFORE DELETE ON closing BEGIN
    SELECT RAISE(ABORT, 'a closing is never removed');
END;
