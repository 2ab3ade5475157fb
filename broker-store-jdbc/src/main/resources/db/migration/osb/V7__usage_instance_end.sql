-- osb-broker-sdk: the instances whose metering ended (broker-metering's UsageMeter.endInstance,
-- called at deprovision). IBM refuses a usage record outside an instance's life, so a count of
-- an ended instance, from any replica, is refused by the merge and never makes a record. One
-- small row per ended instance.
CREATE TABLE osb_usage_instance_end (
  resource_instance_id text        PRIMARY KEY,
  ended_at             timestamptz NOT NULL
);
