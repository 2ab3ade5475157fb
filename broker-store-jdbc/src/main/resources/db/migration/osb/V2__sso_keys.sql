-- osb-broker-sdk: the secret keys that sign dashboard SSO state values and session cookies,
-- shared by every replica. The newest version signs; every kept version verifies.

CREATE TABLE osb_sso_key (
  version    integer     PRIMARY KEY,
  secret     bytea       NOT NULL CHECK (octet_length(secret) >= 32),
  created_at timestamptz NOT NULL DEFAULT now()
);
