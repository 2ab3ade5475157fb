-- hello-kv keeps only a SHA-256 digest of each binding's password, never the password: a dump or
-- a backup of these tables opens no binding. The clear password is in the bind answer alone; the
-- SDK's registry (osb_binding.credentials) keeps that answer encrypted under
-- BROKER_CREDENTIALS_KEY and gives it back on fetches and identical repeated binds.
--
-- Existing rows are converted in place: the column becomes the digest of its UTF-8 bytes, so
-- every binding made before this version keeps working at the data endpoint. Changing the type
-- rewrites the table, so the clear values do not linger in its files the way they would after a
-- plain DROP COLUMN (which only hides a column). Backups taken before this version, and WAL not
-- yet recycled, still hold them.
--
-- Bindings made before this version have no encrypted copy in the SDK's registry (the sample did
-- not store credentials there then): fetching such a binding, or binding it again identically,
-- answers url, username and read_only without the password. The password itself keeps working;
-- unbind and bind again to have it answered again.
--
-- Needs PostgreSQL 11+ for sha256() (the SDK asks for 13+).
ALTER TABLE hello_binding
  ALTER COLUMN password TYPE bytea USING sha256(convert_to(password, 'UTF8'));

ALTER TABLE hello_binding RENAME COLUMN password TO password_sha256;
