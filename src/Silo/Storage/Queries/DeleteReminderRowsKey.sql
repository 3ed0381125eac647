DELETE FROM grain_reminders WHERE service_id = @ServiceId
