-- History-aware tracking. On jobs: when the gateway took the attempt, since when it has its status,
-- the tracker's estimate of its completion and when its status was found stalled (epoch ms).
ALTER TABLE jobs ADD COLUMN accepted_at BIGINT;
ALTER TABLE jobs ADD COLUMN status_since BIGINT;
ALTER TABLE jobs ADD COLUMN estimated_completion_at BIGINT;
ALTER TABLE jobs ADD COLUMN stalled_since BIGINT;

-- Jobs already past submission: the best that is known (creation, last change).
UPDATE jobs SET accepted_at = created_at, status_since = updated_at WHERE status <> 'pending';

-- How long completed jobs took, per kind of job (DurationSample.keysOf) and logarithmic bucket of
-- duration (DurationHistogram), as decayed weights: at most 19 kinds x 80 buckets of rows, updated
-- in the transaction that completes a job, shared by every process on the database.
CREATE TABLE job_durations (
    feature_key TEXT    NOT NULL,
    bucket      INTEGER NOT NULL,
    weight      DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (feature_key, bucket)
);

-- The stalled-jobs gauge reads only the few flagged jobs.
CREATE INDEX jobs_stalled ON jobs (stalled_since) WHERE stalled_since IS NOT NULL;

-- A new change event: video.stalled (JobEventType.STALLED).
ALTER TABLE job_events DROP CONSTRAINT job_events_type_check;
ALTER TABLE job_events ADD CONSTRAINT job_events_type_check
    CHECK (type IN ('video.queued', 'video.processing', 'video.completed', 'video.stored',
                    'video.failed', 'video.canceled', 'video.stalled'));
