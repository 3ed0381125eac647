-- Validation counts per API key and minute, added to by key grains at every usage flush.
CREATE TABLE IF NOT EXISTS api_key_usage (
    key_id             text        NOT NULL,
    org_id             text        NOT NULL,
    minute             timestamptz NOT NULL,
    valid              bigint      NOT NULL DEFAULT 0,
    rejected           bigint      NOT NULL DEFAULT 0,
    revoked            bigint      NOT NULL DEFAULT 0,
    expired            bigint      NOT NULL DEFAULT 0,
    disabled           bigint      NOT NULL DEFAULT 0,
    insufficient_scope bigint      NOT NULL DEFAULT 0,
    rate_limited       bigint      NOT NULL DEFAULT 0,
    usage_exceeded     bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (key_id, minute)
);

-- Organization-wide usage over a period (reports, billing).
CREATE INDEX IF NOT EXISTS api_key_usage_org_minute ON api_key_usage (org_id, minute);
