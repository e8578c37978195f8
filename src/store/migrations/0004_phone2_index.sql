-- Version 4: an index on the second phone, so that imports match a row's phones against
-- both stored phones (`io::engine`, `store::bulk::by_phone2`) with index searches only:
-- without it, each row with a phone would scan the customer table. The contact look-ups
-- that already compared `phone2` (`customers::find_by_contact`, the card's duplicates)
-- use it too.
--
-- Partial on the lookup's own condition, as `customer_phone`: most customers have no
-- second phone, so the index stays small and costs nothing to write for them.
CREATE INDEX customer_phone2 ON customer(phone2) WHERE phone2 IS NOT NULL;
