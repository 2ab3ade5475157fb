-- osb-broker-sdk: when each open window's first count was made (broker-metering's
-- MeterCount.firstAt). IBM refuses a usage record outside an instance's life, so the record of
-- a window starts at its first count, not at the window's start (up to a window before the
-- instance was provisioned). Replicas merging into one window keep the earliest; NULL (a row
-- written before this migration, or by an older version) means the window's start.
ALTER TABLE osb_usage_count ADD COLUMN first_at timestamptz;
