-- Orleans' ADO.NET providers read their statements from this table, by key. Storage/Queries/<key>.sql are
-- written here at every silo start (PostgresSchema), so a new build's statements replace the old ones.
CREATE TABLE IF NOT EXISTS orleansquery (
    querykey  varchar(64) PRIMARY KEY,
    querytext text        NOT NULL
);

-- Grain state (Orleans.Persistence.AdoNet). One row per service, state name and grain key, as Orleans hands the
-- key over: GUID keys (and 32-hex-digit strings) as two numbers, other string keys as grain_key. Every grain class
-- has its own state names, because the state name is all the provider says about the grain's type.
-- The state is JSON; the write statement copies its "index" object into the columns the lists query.
CREATE TABLE IF NOT EXISTS grain_storage (
    service_id      text        NOT NULL,
    state_name      text        NOT NULL,
    grain_id_n0     bigint      NOT NULL,
    grain_id_n1     bigint      NOT NULL,
    grain_key       text        NOT NULL,
    grain_id_hash   integer     NOT NULL,
    grain_type_hash integer     NOT NULL,
    version         integer     NOT NULL,
    payload         json        NULL,
    entity_id       text        NULL,
    tenant_id       text        NULL,
    status          text        NULL,
    created_at      timestamptz NULL,
    modified_at     timestamptz NOT NULL,
    PRIMARY KEY (service_id, state_name, grain_id_n0, grain_id_n1, grain_key)
);

-- The read models' lists: by tenant, by tenant and status, and by status alone (organizations), newest first.
CREATE INDEX IF NOT EXISTS grain_storage_tenant_created
    ON grain_storage (service_id, state_name, tenant_id, created_at DESC, entity_id DESC) WHERE payload IS NOT NULL;
CREATE INDEX IF NOT EXISTS grain_storage_tenant_status_created
    ON grain_storage (service_id, state_name, tenant_id, status, created_at DESC, entity_id DESC) WHERE payload IS NOT NULL;
CREATE INDEX IF NOT EXISTS grain_storage_status_created
    ON grain_storage (service_id, state_name, status, created_at DESC, entity_id DESC) WHERE payload IS NOT NULL;
