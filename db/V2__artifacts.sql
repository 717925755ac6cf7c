-- Artifacts of jobs and runs. The identity is (job, run, kind, stage): all four, so one stage can never take the
-- place of another. The storage key is derived from that identity and the job's prefix, and is unique too.

-- Lets an artifact name its run and job together, so a run of another job cannot be attached by mistake.
ALTER TABLE runs ADD CONSTRAINT runs_id_job UNIQUE (id, job_id);

-- Hands out the order in which artifacts became stored: "latest" is the highest seq, never a timestamp.
CREATE SEQUENCE artifact_stored_seq AS bigint;

CREATE TABLE artifacts (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id             bigint NOT NULL REFERENCES jobs (id),
    run_id             bigint,
    kind               text   NOT NULL CHECK (kind IN ('job_input', 'job_config', 'run_config', 'run_results', 'run_logs')),
    stage              text   NOT NULL DEFAULT 'final',
    key                text   NOT NULL UNIQUE,
    state              text   NOT NULL CHECK (state IN ('PENDING', 'STORED')),
    size               bigint CHECK (size >= 0),
    checksum_algorithm text   CHECK (checksum_algorithm IN ('SHA256', 'CRC32C')),
    checksum           text,
    seq                bigint UNIQUE,
    created_at         timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (run_id, job_id) REFERENCES runs (id, job_id),
    CHECK ((run_id IS NULL) = (kind IN ('job_input', 'job_config'))),
    -- A row never says stored without what proves it.
    CHECK (state = 'PENDING' OR (size IS NOT NULL AND checksum IS NOT NULL AND seq IS NOT NULL))
);

-- NULL run ids must collide too (job-level kinds), hence the COALESCE rather than a plain unique constraint.
CREATE UNIQUE INDEX artifacts_identity ON artifacts (job_id, (COALESCE(run_id, 0)), kind, stage);
CREATE INDEX artifacts_job ON artifacts (job_id, id);
