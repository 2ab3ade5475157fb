-- osb-broker-sdk: the secret keys that sign dashboard SSO state values and session cookies,
-- shared by every replica. The newest active version signs; every kept version verifies. A
-- rotated key becomes active only after every replica has had time to learn it (active_from),
-- so no replica meets a value signed with a key it does not know yet.

CREATE TABLE osb_sso_key (
  version     integer     PRIMARY KEY,
  secret      bytea       NOT NULL CHECK (octet_length(secret) >= 32),
  active_from timestamptz NOT NULL DEFAULT now(),
  created_at  timestamptz NOT NULL DEFAULT now()
);
