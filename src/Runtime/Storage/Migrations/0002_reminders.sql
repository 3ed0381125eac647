-- Durable reminders: claimed by any silo with FOR UPDATE SKIP LOCKED, leased while delivered.
CREATE TABLE reminders (
    grain_type text NOT NULL,
    grain_key text NOT NULL,
    reminder_name text NOT NULL,
    period_ms bigint NULL,
    first_tick timestamptz NOT NULL,
    next_due timestamptz NOT NULL,
    lease_until timestamptz NULL,
    etag bigint NOT NULL,
    PRIMARY KEY (grain_type, grain_key, reminder_name)
);

CREATE INDEX reminders_next_due ON reminders (next_due);
