-- osb-broker-sdk: the newest binding with stored credentials, read once when a broker starts to
-- check that its credential key opens what the other replicas stored (PostgresBrokerStore
-- .newestBindingWithCredentials). Partial: bindings without credentials are not indexed.
CREATE INDEX osb_binding_credentials_newest ON osb_binding (created_at)
  WHERE credentials IS NOT NULL;
