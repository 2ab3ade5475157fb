-- The user's second migration.
ALTER TABLE app_order ADD COLUMN quantity integer NOT NULL DEFAULT 1;
