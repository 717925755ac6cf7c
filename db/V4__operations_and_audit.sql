-- Admin operations (archive, restore, purge), where each artifact's bytes are, purged-job tombstones, and the audit
-- log. (V3 is taken by the security tables.)

-- PURGING: the job's objects are being deleted; its row goes last, leaving a purged_jobs tombstone.
ALTER TABLE jobs DROP CONSTRAINT jobs_status_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_status_check
    CHECK (status IN ('CREATED', 'SUBMITTED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'PURGING'));

-- Where an artifact's bytes are now. `key` stays the artifact's own key for good; an archived artifact's bytes are
-- at location_key in the archive tier (NULL: at `key` itself).
ALTER TABLE artifacts
    ADD COLUMN location     text NOT NULL DEFAULT 'PRIMARY' CHECK (location IN ('PRIMARY', 'ARCHIVE')),
    ADD COLUMN location_key text,
    ADD CONSTRAINT artifacts_location_stored CHECK (location = 'PRIMARY' OR state = 'STORED');

-- A purged job's id stays known, so reads answer "gone" (410) rather than "never existed" (404).
CREATE TABLE purged_jobs (
    job_id    bigint      PRIMARY KEY,
    purged_at timestamptz NOT NULL DEFAULT now()
);

-- No foreign key to jobs: a purge operation outlives its job's row.
CREATE TABLE operations (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind           text        NOT NULL CHECK (kind IN ('ARCHIVE', 'RESTORE', 'PURGE')),
    job_id         bigint      NOT NULL,
    state          text        NOT NULL CHECK (state IN ('RUNNING', 'FAILED', 'SUCCEEDED', 'SUPERSEDED')),
    requested_by   text        NOT NULL,
    error          text,
    -- Purges count objects, not artifacts: their progress is kept here rather than in operation_steps.
    progress_total bigint      NOT NULL DEFAULT 0,
    progress_done  bigint      NOT NULL DEFAULT 0,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

-- At most one unfinished operation per job: asking again resumes it instead of starting a second one.
CREATE UNIQUE INDEX operations_one_unfinished_per_job ON operations (job_id) WHERE state IN ('RUNNING', 'FAILED');
CREATE INDEX operations_running ON operations (id) WHERE state = 'RUNNING';

-- One step per artifact an archive or restore moves. No foreign key to artifacts: a later purge removes them,
-- while the operation's history stays.
CREATE TABLE operation_steps (
    operation_id bigint NOT NULL REFERENCES operations (id),
    artifact_id  bigint NOT NULL,
    key          text   NOT NULL,
    state        text   NOT NULL DEFAULT 'OPEN' CHECK (state IN ('OPEN', 'DONE', 'FAILED')),
    message      text,
    attempts     int    NOT NULL DEFAULT 0,
    PRIMARY KEY (operation_id, artifact_id)
);

CREATE INDEX operation_steps_failed ON operation_steps (operation_id) WHERE state = 'FAILED';

-- Every admin action: who, what, on what, when, and how it ended. Append-only.
CREATE TABLE audit_log (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at      timestamptz NOT NULL DEFAULT now(),
    actor   text        NOT NULL,
    action  text        NOT NULL,
    target  text,
    outcome text        NOT NULL
);
