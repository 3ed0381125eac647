-- Cluster membership (DESIGN.md, Membership). One row per silo incarnation; a restarted silo on the
-- same endpoint is a new row with a higher generation. Every status change bumps the cluster's row
-- in membership_version in the same transaction, so a reader can tell a changed view by its version.
CREATE TABLE IF NOT EXISTS silos (
    cluster_id       text        NOT NULL,
    address          text        NOT NULL,
    port             integer     NOT NULL,
    generation       bigint      NOT NULL,
    status           text        NOT NULL CHECK (status IN ('joining', 'active', 'shutting_down', 'dead')),
    start_time       timestamptz NOT NULL,
    i_am_alive       timestamptz NOT NULL,
    updated          timestamptz NOT NULL,
    activation_count integer     NOT NULL DEFAULT 0,
    PRIMARY KEY (cluster_id, address, port, generation)
);

CREATE TABLE IF NOT EXISTS membership_version (
    cluster_id text   PRIMARY KEY,
    version    bigint NOT NULL
);
