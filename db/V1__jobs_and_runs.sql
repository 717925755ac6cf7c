-- Jobs and their runs. Ids come from identity columns, never from clocks; order is by id or seq, never by time.

CREATE TABLE jobs (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner      text        NOT NULL CHECK (length(owner) BETWEEN 1 AND 128),
    tags       text[]      NOT NULL DEFAULT '{}',
    status     text        NOT NULL CHECK (status IN ('CREATED', 'SUBMITTED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED')),
    -- Fixes the job's storage prefix for good; microseconds, as timestamptz keeps them.
    created_at timestamptz NOT NULL,
    -- The last seq handed to a run of this job. Taking seq numbers locks this row until commit, so a job's
    -- runs become visible in seq order and "latest" (highest seq) can never be overtaken by a late commit.
    last_run_seq bigint    NOT NULL DEFAULT 0
);

CREATE INDEX jobs_tags ON jobs USING gin (tags);
CREATE INDEX jobs_status_id ON jobs (status, id DESC);
CREATE INDEX jobs_owner_id ON jobs (owner, id DESC);

CREATE TABLE runs (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id     bigint      NOT NULL REFERENCES jobs (id),
    seq        bigint      NOT NULL CHECK (seq > 0),
    config     jsonb       NOT NULL CHECK (jsonb_typeof(config) = 'object'),
    status     text        NOT NULL CHECK (status IN ('PENDING', 'RUNNING', 'DONE', 'FAILED', 'CANCELLED')),
    created_at timestamptz NOT NULL,
    CONSTRAINT runs_job_seq UNIQUE (job_id, seq)
);

-- Replays of POSTs carrying an Idempotency-Key. The row is written in the same transaction as what the request
-- created, so a key either names a finished request with its response or nothing at all.
CREATE TABLE idempotency_keys (
    scope         text        NOT NULL,
    key           text        NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    request_hash  text        NOT NULL,
    status_code   int,
    response_body text,
    location      text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, key)
);
