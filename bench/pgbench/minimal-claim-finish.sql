-- The least a durable claim and finish can write: insert a new key into a two-column table,
-- then update that row, each its own committed transaction (two WAL flushes).
\set r random(1, 1000000000000)
INSERT INTO bench_minimal (id, state) VALUES (:prefix || :r, 'PROVISIONING');
UPDATE bench_minimal SET state = 'READY' WHERE id = :prefix || :r;
