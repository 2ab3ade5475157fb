-- osb-broker-sdk: counts a merge refused while the meter could not tell whether their instance's
-- metering ended (broker-metering's UsageOutbox.holdCounts). Held here, neither open nor billed,
-- so that a crash or restart loses none, until a replica's next tick releases them in one
-- transaction with the ends it reads: dropped if the instance's metering ended, else billed in
-- their own window (merged into it while open, else its record, under a late key if IBM may
-- have seen that window's record). An instance's end is refused while counts of it are held.
-- A table of its own: replicas of earlier versions neither read nor write it. Usually empty.
CREATE TABLE osb_usage_held_count (
  resource_instance_id text             NOT NULL,
  plan_id              text             NOT NULL,
  measure              text             NOT NULL,
  aggregation          text             NOT NULL CHECK (aggregation IN ('SUM', 'MAX')),
  window_start         timestamptz      NOT NULL,
  window_end           timestamptz      NOT NULL,
  value                double precision NOT NULL,
  first_at             timestamptz,
  PRIMARY KEY (resource_instance_id, plan_id, measure, window_start, window_end)
);
