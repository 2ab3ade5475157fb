-- osb-broker-sdk: a rotated SSO key verifies on every replica before it signs. The newest key
-- whose active_from has passed signs; newer ones only verify until then. Existing keys are
-- active at once.

ALTER TABLE osb_sso_key ADD COLUMN active_from timestamptz NOT NULL DEFAULT now();
