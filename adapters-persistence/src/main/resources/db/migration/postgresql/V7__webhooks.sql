-- The webhook outbox. Instants are epoch milliseconds, as everywhere. The same tables as the
-- SQLite migration of the same version.
--
-- webhook_secrets: one row per tenant; previous_secret keeps signing until previous_until (a day
-- after a rotation).
CREATE TABLE webhook_secrets (
    tenant          TEXT    NOT NULL PRIMARY KEY,
    secret          TEXT    NOT NULL,
    previous_secret TEXT,
    previous_until  BIGINT,
    created_at      BIGINT NOT NULL
);

-- webhook_endpoints: events is a comma-separated list of wire names, empty for every type;
-- enabled turns false when the receiver answered 410 Gone.
CREATE TABLE webhook_endpoints (
    id         TEXT    NOT NULL PRIMARY KEY,
    tenant     TEXT    NOT NULL,
    url        TEXT    NOT NULL,
    events     TEXT    NOT NULL,
    enabled    BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE INDEX webhook_endpoints_by_tenant ON webhook_endpoints (tenant, created_at);

-- webhook_deliveries: one row per event and target; target is the endpoint's id, or 'callback'
-- for the job's callback_url (endpoint_id null). The unique (event_id, target) makes fan-out
-- idempotent. A delivery is due when state = 'pending', next_attempt_at has come and no claim
-- holds it (claimed_until passed). claim is the holder's token: outcomes are recorded with it.
-- Deliveries go with their event when the change record is pruned.
CREATE TABLE webhook_deliveries (
    id              TEXT    NOT NULL PRIMARY KEY,
    event_id        TEXT    NOT NULL REFERENCES job_events (event_id) ON DELETE CASCADE,
    job_id          TEXT    NOT NULL,
    tenant          TEXT    NOT NULL,
    type            TEXT    NOT NULL,
    target          TEXT    NOT NULL,
    endpoint_id     TEXT,
    url             TEXT    NOT NULL,
    state           TEXT    NOT NULL
        CHECK (state IN ('pending', 'delivered', 'gave_up', 'stopped')),
    attempts        INTEGER NOT NULL,
    last_status     INTEGER,
    last_error      TEXT,
    next_attempt_at BIGINT,
    claimed_until   BIGINT,
    claim           TEXT,
    delivered_at    BIGINT,
    give_up_at      BIGINT NOT NULL,
    created_at      BIGINT NOT NULL,
    UNIQUE (event_id, target)
);

-- Due work, earliest first; queries must repeat the WHERE term.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
    WHERE state = 'pending';
CREATE INDEX webhook_deliveries_by_job ON webhook_deliveries (job_id, created_at);
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id)
    WHERE state = 'pending';
