-- osb-broker-sdk: a usage record a sender left to the others because it does not meter the
-- record's plan (a replica of another version sharing the outbox during a rolling update). The
-- record is due for every other sender at once (after the first backoff), for the one that left
-- it only from left_until, so that it neither takes it back from the others meanwhile nor makes
-- them wait the longest backoff each time. Versions before this one ignore the columns.
ALTER TABLE osb_usage_record ADD COLUMN left_by text;
ALTER TABLE osb_usage_record ADD COLUMN left_until timestamptz;
