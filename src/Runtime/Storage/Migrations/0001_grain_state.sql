-- Grain state: one row per grain and state name, JSON beside the columns list queries need.
CREATE TABLE grain_state (
    grain_type text NOT NULL,
    grain_key text NOT NULL,
    state_name text NOT NULL,
    version bigint NOT NULL,
    state jsonb NULL,
    tenant_id text NULL,
    status text NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (grain_type, grain_key, state_name)
);

CREATE INDEX grain_state_tenant_created ON grain_state (grain_type, tenant_id, created_at DESC);
CREATE INDEX grain_state_tenant_status ON grain_state (grain_type, tenant_id, status);
