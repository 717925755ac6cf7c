-- Verify (scrub) operations: every stored artifact's object compared with its row. What a check finds that is no
-- artifact's step (an object under a job's prefix without a row) is kept per operation and key, once.
ALTER TABLE operations DROP CONSTRAINT operations_kind_check;
ALTER TABLE operations ADD CONSTRAINT operations_kind_check
    CHECK (kind IN ('ARCHIVE', 'RESTORE', 'PURGE', 'VERIFY'));

CREATE TABLE operation_findings (
    operation_id bigint NOT NULL REFERENCES operations (id),
    key          text   NOT NULL,
    message      text   NOT NULL,
    PRIMARY KEY (operation_id, key)
);
