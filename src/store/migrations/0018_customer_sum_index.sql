-- Version 18 (issue 14 §5): a customer's goods per quarter hour, read by customer.
--
-- customer_sum's key is (slot, customer_id): a period's rows for everyone, which the
-- reports read. The card's 12-month spending line reads one customer's rows over a year;
-- through the key that is every customer's rows of that year. This index holds the
-- customer first, then the slot and the goods (so the line is read from the index alone:
-- one range, at most 35,040 entries for a year of quarter hours, in practice a customer's
-- few visits).
CREATE INDEX customer_sum_customer ON customer_sum (customer_id, slot, goods_cents);
