-- The user's next release: a migration written after the SDK's migrations were applied.
ALTER TABLE app_order ADD COLUMN note text;
