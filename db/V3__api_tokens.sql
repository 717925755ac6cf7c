-- API tokens. Only the SHA-256 of a secret is kept; the secret is shown once, at creation.
CREATE TABLE api_tokens (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    label       text        NOT NULL CHECK (length(label) BETWEEN 1 AND 128),
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 128),
    role        text        NOT NULL CHECK (role IN ('CLIENT', 'WORKER', 'ADMIN')),
    job_id      bigint REFERENCES jobs (id) ON DELETE CASCADE,
    run_id      bigint,
    prefix      text        NOT NULL,
    secret_hash text        NOT NULL UNIQUE CHECK (length(secret_hash) = 64),
    created_at  timestamptz NOT NULL,
    revoked_at  timestamptz,
    CHECK (role = 'WORKER' OR (job_id IS NULL AND run_id IS NULL)),
    CHECK (run_id IS NULL OR job_id IS NOT NULL)
);

CREATE INDEX api_tokens_active_admins ON api_tokens (role) WHERE revoked_at IS NULL;
