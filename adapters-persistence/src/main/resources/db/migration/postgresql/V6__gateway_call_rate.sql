-- The gateway call rate's token bucket, shared by every process on the database, so that N service
-- instances together call the gateway no faster than VIDEOAGENT_GATEWAY_RATE. One row, updated by
-- one statement per call; refilled_at is the database's clock in microseconds, so the instances'
-- own clocks never need to agree.
CREATE TABLE gateway_call_rate (
    name        TEXT             NOT NULL PRIMARY KEY,
    tokens      DOUBLE PRECISION NOT NULL,
    refilled_at BIGINT           NOT NULL,
    granted     BOOLEAN          NOT NULL
);

-- Empty and refilled long ago: the first call fills the bucket to its capacity.
INSERT INTO gateway_call_rate (name, tokens, refilled_at, granted) VALUES ('gateway', 0, 0, FALSE);
