SELECT convert_to(payload::text, 'UTF8') AS "PayloadBinary", version AS "Version"
FROM grain_storage
WHERE service_id = @ServiceId
  AND state_name = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_key = coalesce(@GrainIdExtensionString, '')
