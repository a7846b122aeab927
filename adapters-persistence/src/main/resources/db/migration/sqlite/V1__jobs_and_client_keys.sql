-- The same tables as the PostgreSQL migration of the same version: instants are epoch
-- milliseconds and enums their wire names, so both databases hold identical values.

CREATE TABLE jobs (
    id                   TEXT    NOT NULL PRIMARY KEY,
    tenant               TEXT    NOT NULL,
    status               TEXT    NOT NULL
        CHECK (status IN ('pending', 'queued', 'processing', 'completed', 'failed', 'canceled')),
    attempt              INTEGER NOT NULL,
    prompt               TEXT    NOT NULL,
    avatar               TEXT    NOT NULL,
    voice                TEXT    NOT NULL,
    orientation          TEXT    CHECK (orientation IN ('landscape', 'portrait')),
    callback_url         TEXT,
    submit_started_at    INTEGER,
    gateway_request_id   TEXT,
    video_url            TEXT,
    content_sha256       TEXT,
    content_bytes        INTEGER,
    content_type         TEXT,
    error_code           TEXT
        CHECK (error_code IN ('gateway_rejected', 'gateway_failed', 'timed_out',
                              'submission_unknown', 'download_failed')),
    error_message        TEXT,
    callback_token       TEXT    NOT NULL,
    callback_registered  INTEGER NOT NULL CHECK (callback_registered IN (0, 1)),
    idempotency_key      TEXT,
    next_check_at        INTEGER,
    status_reads         INTEGER NOT NULL,
    consecutive_failures INTEGER NOT NULL,
    deadline             INTEGER NOT NULL,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL,
    completed_at         INTEGER,
    version              INTEGER NOT NULL,
    -- Stored content and an error are each all there or not at all.
    CHECK ((content_sha256 IS NULL) = (content_bytes IS NULL)
       AND (content_bytes IS NULL) = (content_type IS NULL)),
    CHECK ((error_code IS NULL) = (error_message IS NULL))
) STRICT;

-- The tracker's "what is due now", earliest first; jobs with nothing left to do are not indexed.
CREATE INDEX jobs_due ON jobs (next_check_at, id) WHERE next_check_at IS NOT NULL;

-- Listing newest first: by tenant (REST), by status (CLI), by both (REST with ?status=).
CREATE INDEX jobs_by_tenant ON jobs (tenant, id DESC);
CREATE INDEX jobs_by_status ON jobs (status, id DESC);
CREATE INDEX jobs_by_tenant_and_status ON jobs (tenant, status, id DESC);

CREATE UNIQUE INDEX jobs_idempotency_key ON jobs (tenant, idempotency_key)
    WHERE idempotency_key IS NOT NULL;

-- Pending jobs whose submission may have reached the gateway; they count as in flight.
CREATE INDEX jobs_with_attempt_mark ON jobs (status, submit_started_at)
    WHERE status = 'pending' AND submit_started_at IS NOT NULL;

-- The caller's labels; a job's request never changes after it is stored.
CREATE TABLE job_metadata (
    job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    key    TEXT NOT NULL,
    value  TEXT NOT NULL,
    PRIMARY KEY (job_id, key)
) STRICT, WITHOUT ROWID;

-- Jobs per status, kept by triggers: counting a million finished jobs on every metrics scrape
-- would read a million index entries.
CREATE TABLE job_status_counts (
    status TEXT    NOT NULL PRIMARY KEY,
    jobs   INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

INSERT INTO job_status_counts (status, jobs)
VALUES ('pending', 0), ('queued', 0), ('processing', 0),
       ('completed', 0), ('failed', 0), ('canceled', 0);

CREATE TRIGGER jobs_counted_on_insert AFTER INSERT ON jobs
BEGIN
    UPDATE job_status_counts SET jobs = jobs + 1 WHERE status = NEW.status;
END;

CREATE TRIGGER jobs_counted_on_status_change AFTER UPDATE OF status ON jobs
WHEN OLD.status <> NEW.status
BEGIN
    UPDATE job_status_counts SET jobs = jobs - 1 WHERE status = OLD.status;
    UPDATE job_status_counts SET jobs = jobs + 1 WHERE status = NEW.status;
END;

CREATE TRIGGER jobs_counted_on_delete AFTER DELETE ON jobs
BEGIN
    UPDATE job_status_counts SET jobs = jobs - 1 WHERE status = OLD.status;
END;

-- REST clients' keys, as SHA-256 hashes only.
CREATE TABLE client_keys (
    key_hash   TEXT    NOT NULL PRIMARY KEY,
    tenant     TEXT    NOT NULL,
    created_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
