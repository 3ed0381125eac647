-- Versioned write: an update needs the version the grain read, an insert needs that no row exists. Anything
-- else returns no row, which Orleans turns into InconsistentStateException (a second activation lost the race).
WITH written AS (SELECT convert_from(@PayloadBinary, 'UTF8')::json AS payload),
updated AS (
    UPDATE grain_storage AS g
    SET payload = w.payload,
        version = g.version + 1,
        entity_id = w.payload #>> '{index,id}',
        tenant_id = w.payload #>> '{index,tenant_id}',
        status = w.payload #>> '{index,status}',
        created_at = (w.payload #>> '{index,created_at}')::timestamptz,
        modified_at = now()
    FROM written AS w
    WHERE @GrainStateVersion IS NOT NULL
      AND g.service_id = @ServiceId
      AND g.state_name = @GrainTypeString
      AND g.grain_id_n0 = @GrainIdN0
      AND g.grain_id_n1 = @GrainIdN1
      AND g.grain_key = coalesce(@GrainIdExtensionString, '')
      AND g.version = @GrainStateVersion
    RETURNING g.version
),
inserted AS (
    INSERT INTO grain_storage (
        service_id, state_name, grain_id_n0, grain_id_n1, grain_key, grain_id_hash, grain_type_hash,
        version, payload, entity_id, tenant_id, status, created_at, modified_at)
    SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, coalesce(@GrainIdExtensionString, ''), @GrainIdHash, @GrainTypeHash,
        1, w.payload, w.payload #>> '{index,id}', w.payload #>> '{index,tenant_id}', w.payload #>> '{index,status}',
        (w.payload #>> '{index,created_at}')::timestamptz, now()
    FROM written AS w
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version
)
SELECT version AS "NewGrainStateVersion" FROM updated
UNION ALL
SELECT version FROM inserted
