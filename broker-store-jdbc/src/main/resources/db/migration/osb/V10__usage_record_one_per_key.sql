-- osb-broker-sdk: at most one pending usage record per key IBM deduplicates on (instance, plan,
-- region, start, end, consumer), whichever key form it is stored under. Versions before the key
-- left out a region equal to the one the instance's CRN names keep writing the earlier form
-- during a rolling update; an upgraded replica appending the same window at the same moment saw
-- no row yet and stored the current form beside it: two records of one window, both sent (billed
-- twice if IBM compares the region as sent). The index below makes the second insert wait for the
-- first and then skip (the current version) or fail (an earlier version's plain INSERT).
-- A region equal to the CRN's (crn:v1:<cloud>:<type>:<service>:<region>:...) counts as none.

-- No record is written between the set-aside and the index (an earlier version's insert of
-- a two-form pair in between would fail the index and this migration): appends and claims wait
-- for the few statements below; the table holds only records not yet delivered.
LOCK TABLE osb_usage_record IN SHARE ROW EXCLUSIVE MODE;

-- Pending records already stored twice: the copy is set aside (INVALID, never sent) with the
-- reason. Kept: the one IBM may have seen (sent or being sent), else the first stored.
WITH same AS (
  SELECT key, first_value(key) OVER w AS kept, row_number() OVER w AS n
  FROM osb_usage_record WHERE state = 'PENDING'
  WINDOW w AS (PARTITION BY resource_instance_id, plan_id,
      CASE WHEN left(resource_instance_id, 4) = 'crn:'
          AND region = split_part(resource_instance_id, ':', 6) THEN '' ELSE coalesce(region, '')
      END, start_at, end_at, coalesce(consumer_id, '')
    ORDER BY (attempts > 0 OR owner IS NOT NULL) DESC, seq)
)
UPDATE osb_usage_record r SET state = 'INVALID', owner = NULL, lease_end = NULL,
  invalid_reason = 'the same record as ' || same.kept
    || ' (stored under both key forms during a rolling update): delete this row'
FROM same WHERE r.key = same.key AND same.n > 1;

CREATE UNIQUE INDEX osb_usage_record_one_pending ON osb_usage_record (resource_instance_id,
  plan_id, (CASE WHEN left(resource_instance_id, 4) = 'crn:'
      AND region = split_part(resource_instance_id, ':', 6) THEN '' ELSE coalesce(region, '')
    END), start_at, end_at, (coalesce(consumer_id, ''))) WHERE state = 'PENDING';
