-- History-aware tracking. On jobs: when the gateway took the attempt, since when it has its status,
-- the tracker's estimate of its completion and when its status was found stalled (epoch ms).
ALTER TABLE jobs ADD COLUMN accepted_at INTEGER;
ALTER TABLE jobs ADD COLUMN status_since INTEGER;
ALTER TABLE jobs ADD COLUMN estimated_completion_at INTEGER;
ALTER TABLE jobs ADD COLUMN stalled_since INTEGER;

-- Jobs already past submission: the best that is known (creation, last change).
UPDATE jobs SET accepted_at = created_at, status_since = updated_at WHERE status <> 'pending';

-- How long completed jobs took, per kind of job (DurationSample.keysOf) and logarithmic bucket of
-- duration (DurationHistogram), as decayed weights: at most 19 kinds x 80 buckets of rows, updated
-- in the transaction that completes a job, shared by every process on the database.
CREATE TABLE job_durations (
    feature_key TEXT    NOT NULL,
    bucket      INTEGER NOT NULL,
    weight      REAL NOT NULL,
    PRIMARY KEY (feature_key, bucket)
);

-- The stalled-jobs gauge reads only the few flagged jobs.
CREATE INDEX jobs_stalled ON jobs (stalled_since) WHERE stalled_since IS NOT NULL;

-- A new change event: video.stalled (JobEventType.STALLED). SQLite cannot change a CHECK, so the
-- table is rebuilt as V3 made it, with its rows, its indexes and its seq counter (never reused).
CREATE TABLE job_events_v9 (
    seq           INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    event_id      TEXT    NOT NULL UNIQUE,
    job_id        TEXT    NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    tenant        TEXT    NOT NULL,
    type          TEXT    NOT NULL
        CHECK (type IN ('video.queued', 'video.processing', 'video.completed', 'video.stored',
                        'video.failed', 'video.canceled', 'video.stalled')),
    occurred_at   INTEGER NOT NULL,
    payload       TEXT    NOT NULL,
    fanned_out_at INTEGER
) STRICT;

INSERT INTO job_events_v9 (seq, event_id, job_id, tenant, type, occurred_at, payload, fanned_out_at)
SELECT seq, event_id, job_id, tenant, type, occurred_at, payload, fanned_out_at FROM job_events;

INSERT INTO sqlite_sequence (name, seq)
SELECT 'job_events_v9', seq FROM sqlite_sequence WHERE name = 'job_events'
   AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'job_events_v9');
UPDATE sqlite_sequence
   SET seq = MAX(seq, (SELECT s.seq FROM sqlite_sequence s WHERE s.name = 'job_events'))
 WHERE name = 'job_events_v9' AND EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'job_events');

DROP TABLE job_events;
ALTER TABLE job_events_v9 RENAME TO job_events;

CREATE INDEX job_events_by_tenant ON job_events (tenant, seq);
CREATE INDEX job_events_by_job ON job_events (job_id, seq);
CREATE INDEX job_events_by_time ON job_events (occurred_at, seq);
CREATE INDEX job_events_to_fan_out ON job_events (seq) WHERE fanned_out_at IS NULL;
