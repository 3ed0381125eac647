-- A cleared state keeps its row with no payload and a new version, so versions never repeat for a key.
UPDATE grain_storage
SET payload = NULL, version = version + 1, entity_id = NULL, tenant_id = NULL, status = NULL, created_at = NULL, modified_at = now()
WHERE service_id = @ServiceId
  AND state_name = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_key = coalesce(@GrainIdExtensionString, '')
  AND version = @GrainStateVersion
RETURNING version
