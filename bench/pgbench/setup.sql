-- Run once (one client, one transaction) before the measured scripts.
CREATE TABLE IF NOT EXISTS bench_minimal (id text PRIMARY KEY, state text NOT NULL);
