-- osb-broker-sdk: a stored usage record that no longer passes broker-metering's checks (a row
-- edited by hand, or written before a check existed) failed every claim, so nothing was billed
-- any more. The outbox now sets such a row aside as INVALID, with the reason; it is never
-- claimed, listed as rejected or counted in the depth.

ALTER TABLE osb_usage_record DROP CONSTRAINT osb_usage_record_state_check;
ALTER TABLE osb_usage_record ADD CONSTRAINT osb_usage_record_state_check
  CHECK (state IN ('PENDING', 'REJECTED', 'INVALID'));
ALTER TABLE osb_usage_record ADD COLUMN invalid_reason text;
