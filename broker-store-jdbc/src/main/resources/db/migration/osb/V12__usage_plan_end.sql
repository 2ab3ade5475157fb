-- osb-broker-sdk: an instance's metering ended on one plan (broker-metering's
-- UsageMeter.endPlan, called when an instance leaves a metered plan for another plan). A count of
-- the instance on that plan, from any replica, is refused by the merge; its counts on other
-- plans are billed. A table of its own, not a column of osb_usage_instance_end: its rows keep
-- meaning "the whole instance", and a replica of an earlier version (a rolling update) keeps
-- reading and writing that table as before. One small row per instance and plan left.
CREATE TABLE osb_usage_plan_end (
  resource_instance_id text        NOT NULL,
  plan_id              text        NOT NULL,
  ended_at             timestamptz NOT NULL,
  PRIMARY KEY (resource_instance_id, plan_id)
);
