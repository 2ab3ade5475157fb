-- osb-broker-sdk: the metering outbox (broker-metering's UsageOutbox), shared by every replica.

-- Usage records waiting for IBM Cloud's answer, and the ones it rejected for good. A record is
-- leased while owner is set; delivered records are deleted.
CREATE TABLE osb_usage_record (
  seq                  bigint           GENERATED ALWAYS AS IDENTITY,
  key                  text             PRIMARY KEY,
  resource_instance_id text             NOT NULL,
  plan_id              text             NOT NULL,
  region               text,
  start_at             timestamptz      NOT NULL,
  end_at               timestamptz      NOT NULL,
  consumer_id          text,
  measures             text[]           NOT NULL,
  quantities           double precision[] NOT NULL,
  state                text             NOT NULL CHECK (state IN ('PENDING', 'REJECTED')),
  next_attempt         timestamptz,
  attempts             integer          NOT NULL DEFAULT 0,
  owner                text,
  lease_end            timestamptz,
  rejected_status      integer,
  rejected_code        text,
  rejected_message     text,
  rejected_at          timestamptz,
  CHECK (cardinality(measures) = cardinality(quantities))
);
-- claims: pending records, oldest append first
CREATE INDEX osb_usage_record_pending ON osb_usage_record (seq) WHERE state = 'PENDING';
CREATE INDEX osb_usage_record_rejected ON osb_usage_record (rejected_at, seq)
  WHERE state = 'REJECTED';

-- The counts of the meter's open windows.
CREATE TABLE osb_usage_count (
  resource_instance_id text             NOT NULL,
  plan_id              text             NOT NULL,
  measure              text             NOT NULL,
  aggregation          text             NOT NULL CHECK (aggregation IN ('SUM', 'MAX')),
  window_start         timestamptz      NOT NULL,
  window_end           timestamptz      NOT NULL,
  value                double precision NOT NULL,
  PRIMARY KEY (resource_instance_id, plan_id, measure, window_start, window_end)
);
CREATE INDEX osb_usage_count_end ON osb_usage_count (window_end);

-- The closed-through watermark: one row, locked by closes (exclusively) and merges (shared).
CREATE TABLE osb_usage_watermark (
  id             boolean     PRIMARY KEY DEFAULT true CHECK (id),
  closed_through timestamptz
);
INSERT INTO osb_usage_watermark (id, closed_through) VALUES (true, NULL);
