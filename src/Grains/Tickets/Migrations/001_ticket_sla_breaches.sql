-- SLA breaches detected by ticket grains, kept for notification: a notifier reads the rows whose
-- notified_at is null and stamps them. One row per ticket and target, so a repeated detection is a no-op.
CREATE TABLE IF NOT EXISTS ticket_sla_breaches (
    ticket_id       text        NOT NULL,
    organization_id text        NOT NULL,
    kind            text        NOT NULL CHECK (kind IN ('first_response', 'resolution')),
    due_at          timestamptz NOT NULL,
    detected_at     timestamptz NOT NULL,
    notified_at     timestamptz NULL,
    PRIMARY KEY (ticket_id, kind)
);

CREATE INDEX IF NOT EXISTS ticket_sla_breaches_unnotified
    ON ticket_sla_breaches (detected_at) WHERE notified_at IS NULL;
