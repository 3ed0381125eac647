-- Security-relevant events, written by grains (IAuditLog) and read by GET /api/v1/audit-logs.
-- Ids are UUIDv7, so (created_at, id) is a stable order for cursor pagination.
CREATE TABLE IF NOT EXISTS audit_log (
    id uuid PRIMARY KEY,
    org_id text NULL,
    actor_id text NULL,
    action text NOT NULL,
    target text NULL,
    details jsonb NOT NULL DEFAULT '{}'::jsonb,
    request_id text NULL,
    created_at timestamptz NOT NULL
);

CREATE INDEX IF NOT EXISTS audit_log_org_created_idx ON audit_log (org_id, created_at DESC, id DESC);
