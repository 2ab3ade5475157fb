-- osb-broker-sdk: the keys of the usage records IBM took (answered 201 or 409), kept after
-- their row left osb_usage_record. A window's record built later under such a key (counts an
-- older version merged into a window after an instance's end made its record) was stored under
-- it again, answered 409 by IBM and never billed; the outbox now gives it a late key (another
-- consumer_id). A row is pruned with the instance ends: once its record ended more than the
-- retention ago and its instance has no open count of a window starting before that end.
CREATE TABLE osb_usage_delivered (
  key                  text        PRIMARY KEY,
  resource_instance_id text        NOT NULL,
  end_at               timestamptz NOT NULL
);
CREATE INDEX osb_usage_delivered_end ON osb_usage_delivered (end_at);
