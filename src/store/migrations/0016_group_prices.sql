-- Version 16 (issue 14 §3).
--
-- A customer group's price list: the special price of a product for the group's
-- customers, tax-inclusive like the shelf price, applied before the group's automatic
-- discount. A group or a product removed takes its prices with it.
CREATE TABLE group_price (
    group_id    BLOB NOT NULL REFERENCES customer_group(id) ON DELETE CASCADE,
    product_id  BLOB NOT NULL REFERENCES product(id) ON DELETE CASCADE,
    price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
    PRIMARY KEY (group_id, product_id)
) WITHOUT ROWID;
CREATE INDEX group_price_product ON group_price(product_id);

-- A sale line at a special price says why: the group (its name when sold) and the shelf
-- price it replaced. Both NULL for every other line. Not part of the journal's
-- canonical text (the money columns are); they explain a price, they do not make it.
ALTER TABLE sale_line ADD COLUMN list_price_cents INTEGER;
ALTER TABLE sale_line ADD COLUMN price_group TEXT;
