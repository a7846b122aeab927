-- Usage counters, written in the same transaction as the change they count, so that a report
-- reads a few rows per day instead of the jobs, and every process on the database shares them.
-- day is the UTC day, YYYY-MM-DD. The row of tenant '*' (not a tenant name) counts the
-- deployment's admissions (creates and retries) in created, for VIDEOAGENT_DAILY_LIMIT.
CREATE TABLE usage_days (
    tenant       TEXT    NOT NULL,
    day          TEXT    NOT NULL,
    created      INTEGER NOT NULL,
    submitted    INTEGER NOT NULL,
    accepted     INTEGER NOT NULL,
    completed    INTEGER NOT NULL,
    failed       INTEGER NOT NULL,
    retries      INTEGER NOT NULL,
    stored_bytes INTEGER NOT NULL,
    PRIMARY KEY (tenant, day)
) STRICT, WITHOUT ROWID;

-- usage_days.failed split by error code.
CREATE TABLE usage_failures (
    tenant TEXT    NOT NULL,
    day    TEXT    NOT NULL,
    code   TEXT    NOT NULL,
    failed INTEGER NOT NULL,
    PRIMARY KEY (tenant, day, code)
) STRICT, WITHOUT ROWID;

-- An operator's limits for one tenant (videoagent keys limit); null: not set.
CREATE TABLE tenant_limits (
    tenant          TEXT    NOT NULL PRIMARY KEY,
    daily_limit     INTEGER CHECK (daily_limit >= 0),
    in_flight_limit INTEGER CHECK (in_flight_limit >= 1)
) STRICT, WITHOUT ROWID;
