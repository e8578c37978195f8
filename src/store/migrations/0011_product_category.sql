-- Version 11 (issue 14 §2): the catalogue's categories. A product belongs to at most one
-- category (free text the shop chooses: "Boissons", "Atelier"); the products screen and
-- `comptoir products list --category` filter by it, and preparation tickets (issue 15)
-- will route lines by it. Archiving a product is `active = 0` (version 2): it leaves the
-- register's search and scans, its sales keep it.
ALTER TABLE product ADD COLUMN category TEXT;
CREATE INDEX product_category ON product(category) WHERE category IS NOT NULL;
