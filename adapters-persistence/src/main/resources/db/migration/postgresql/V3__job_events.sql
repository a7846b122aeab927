-- The change record: one row per change a user can see (a status reached, the video stored),
-- written in the same transaction as the job's update. Live event streams read it by seq; the
-- webhook outbox fans each row out to deliveries. The same table as the SQLite migration of the
-- same version: instants are epoch milliseconds.
--
-- seq: an identity. PostgreSQL hands out sequence values at insert but makes rows visible at
-- commit, so on its own a reader asking for "seq > last" could pass over a row that a slower
-- transaction commits later. Writers of events therefore take a transaction-scoped advisory lock
-- just before inserting (JdbiJobRepository.EVENTS_LOCK): seq order is then commit order.
-- payload: the exact document users receive, {"type", "timestamp", "data": <job>}, rendered once.
-- fanned_out_at: when the outbox turned the event into deliveries; null until then.

CREATE TABLE job_events (
    seq           BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id      TEXT    NOT NULL UNIQUE,
    job_id        TEXT    NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    tenant        TEXT    NOT NULL,
    type          TEXT    NOT NULL
        CHECK (type IN ('video.queued', 'video.processing', 'video.completed', 'video.stored',
                        'video.failed', 'video.canceled')),
    occurred_at   BIGINT  NOT NULL,
    payload       TEXT    NOT NULL,
    fanned_out_at BIGINT
);

-- All events after a seq is the primary key; a tenant's and a job's are these two.
CREATE INDEX job_events_by_tenant ON job_events (tenant, seq);
CREATE INDEX job_events_by_job ON job_events (job_id, seq);

-- Retention deletes the oldest by time.
CREATE INDEX job_events_by_time ON job_events (occurred_at, seq);

-- The outbox: events not yet fanned out, oldest first. Queries must repeat the WHERE term.
CREATE INDEX job_events_to_fan_out ON job_events (seq) WHERE fanned_out_at IS NULL;
