-- Version 6: a product's cost, when the shop knows it (integer cents, tax included like
-- the shelf price, NULL: unknown). Selling a line for less than its cost is the
-- manager's act (`service::store_sale` reads it inside the sale's transaction).
ALTER TABLE product ADD COLUMN cost_cents INTEGER CHECK (cost_cents IS NULL OR cost_cents >= 0);
