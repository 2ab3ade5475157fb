-- osb-broker-sdk: the registry of service instances, bindings and operations (PostgreSQL 13+).
-- Names are unqualified: they land in the first schema of the search_path (Flyway: its schema).
-- JSON values are text, kept verbatim; times are timestamptz (microseconds).

CREATE TABLE osb_instance (
  id                       text        PRIMARY KEY,
  service_id               text        NOT NULL,
  plan_id                  text        NOT NULL,
  fingerprint              text        NOT NULL,
  parameters               text,
  context                  text,
  organization_guid        text,
  space_guid               text,
  maintenance_info_version text,
  dashboard_url            text,
  metadata                 text,
  status                   text        NOT NULL CHECK (status IN
                             ('PROVISIONING', 'READY', 'PROVISION_FAILED', 'DEPROVISIONING')),
  enabled                  boolean     NOT NULL,
  enabled_changed_at       timestamptz NOT NULL,
  created_at               timestamptz NOT NULL,
  updated_at               timestamptz NOT NULL
);

CREATE TABLE osb_binding (
  instance_id   text        NOT NULL REFERENCES osb_instance (id) ON DELETE CASCADE,
  binding_id    text        NOT NULL,
  service_id    text        NOT NULL,
  plan_id       text        NOT NULL,
  fingerprint   text        NOT NULL,
  parameters    text,
  context       text,
  bind_resource text,
  app_guid      text,
  details       text,
  -- AES-GCM ciphertext (base64) written by the SDK; never clear text
  credentials   text,
  status        text        NOT NULL CHECK (status IN
                  ('BINDING', 'READY', 'BIND_FAILED', 'UNBINDING')),
  created_at    timestamptz NOT NULL,
  PRIMARY KEY (instance_id, binding_id)
);

-- No foreign key to osb_instance: a finished operation outlives its deleted instance, so that
-- last_operation after an asynchronous deprovision still answers.
CREATE TABLE osb_operation (
  seq                bigint      GENERATED ALWAYS AS IDENTITY,
  id                 text        PRIMARY KEY,
  instance_id        text        NOT NULL,
  binding_id         text,
  type               text        NOT NULL CHECK (type IN
                       ('PROVISION', 'UPDATE', 'DEPROVISION', 'BIND', 'UNBIND')),
  status             text        NOT NULL CHECK (status IN
                       ('IN_PROGRESS', 'SUCCEEDED', 'FAILED')),
  description        text,
  instance_usable    boolean,
  update_repeatable  boolean,
  fingerprint        text        NOT NULL,
  async              boolean     NOT NULL,
  owner              text,
  lease_expiry       timestamptz,
  attempt            integer     NOT NULL,
  step_name          text,
  step_arguments     text,
  external_operation text,
  payload            text,
  request_id         text,
  created_at         timestamptz NOT NULL,
  finished_at        timestamptz,
  CHECK ((type IN ('BIND', 'UNBIND')) = (binding_id IS NOT NULL))
);

-- One operation at a time, enforced by the database: at most one instance operation in progress
-- per instance, and at most one binding operation in progress per binding.
CREATE UNIQUE INDEX osb_operation_one_instance_op ON osb_operation (instance_id)
  WHERE status = 'IN_PROGRESS' AND binding_id IS NULL;
CREATE UNIQUE INDEX osb_operation_one_binding_op ON osb_operation (instance_id, binding_id)
  WHERE status = 'IN_PROGRESS' AND binding_id IS NOT NULL;

-- last_operation without an operation id: the latest of an instance (binding)
CREATE INDEX osb_operation_latest ON osb_operation (instance_id, binding_id, created_at, seq);
-- lease renewal and takeover
CREATE INDEX osb_operation_owner ON osb_operation (owner) WHERE status = 'IN_PROGRESS';
CREATE INDEX osb_operation_lease ON osb_operation (lease_expiry)
  WHERE status = 'IN_PROGRESS' AND lease_expiry IS NOT NULL;
-- purge of finished operations
CREATE INDEX osb_operation_finished ON osb_operation (finished_at)
  WHERE status <> 'IN_PROGRESS';
