-- hello-kv's own data (not the SDK's registry, which lives in the osb_* tables): namespaces,
-- their keys and values, and binding credentials. A shipped file never changes; changes come as
-- a new version.
CREATE TABLE hello_namespace (
  instance_id             text PRIMARY KEY,
  service_id              text NOT NULL,
  plan_id                 text NOT NULL,
  parameters              text NOT NULL,
  maintenance_version     text,
  maintenance_description text,
  dashboard_url           text NOT NULL,
  status                  text NOT NULL,
  enabled                 boolean NOT NULL DEFAULT true,
  created_at              timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE hello_value (
  instance_id text NOT NULL REFERENCES hello_namespace (instance_id) ON DELETE CASCADE,
  key         text NOT NULL,
  bytes       bytea NOT NULL,
  media_type  text NOT NULL,
  PRIMARY KEY (instance_id, key)
);

CREATE TABLE hello_binding (
  instance_id text NOT NULL REFERENCES hello_namespace (instance_id) ON DELETE CASCADE,
  binding_id  text NOT NULL,
  username    text NOT NULL UNIQUE,
  password    text NOT NULL,
  read_only   boolean NOT NULL,
  parameters  text NOT NULL,
  app_guid    text,
  url         text NOT NULL,
  PRIMARY KEY (instance_id, binding_id)
);
