-- Durable reminders (Orleans.Reminders.AdoNet). Each silo loads the rows whose grain_hash falls in its share of
-- the hash ring, so they fire again after every silo was stopped and started.
CREATE TABLE IF NOT EXISTS grain_reminders (
    service_id    text        NOT NULL,
    grain_id      text        NOT NULL,
    reminder_name text        NOT NULL,
    start_time    timestamptz NOT NULL,
    period_ms     bigint      NOT NULL,
    grain_hash    integer     NOT NULL,
    version       integer     NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);

CREATE INDEX IF NOT EXISTS grain_reminders_ring ON grain_reminders (service_id, grain_hash);
