-- One boolean column: whether the row with that version was there to delete.
WITH deleted AS (
    DELETE FROM grain_reminders
    WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName AND version = @Version
    RETURNING 1
)
SELECT count(*) > 0 FROM deleted
