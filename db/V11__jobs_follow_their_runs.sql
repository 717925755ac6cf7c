-- From now on a job's status follows its runs, in the transaction that moves a run (JobStatus.afterRuns in the
-- domain): the first run taken up makes it RUNNING; once every run has ended it is FAILED (a run failed), COMPLETED
-- (some DONE) or CANCELLED (all cancelled). Jobs whose runs moved before that are brought in line once, by the same
-- rule. Ended and purging jobs stay as they are.
WITH tally AS (
    SELECT job_id,
           count(*) FILTER (WHERE status IN ('PENDING', 'RUNNING'))        AS unfinished,
           count(*) FILTER (WHERE status = 'FAILED')                       AS failed,
           count(*) FILTER (WHERE status = 'DONE')                         AS done,
           count(*) FILTER (WHERE status IN ('RUNNING', 'DONE', 'FAILED')) AS started
    FROM runs
    GROUP BY job_id
)
UPDATE jobs
SET status = CASE
        WHEN tally.unfinished = 0 AND tally.failed > 0 THEN 'FAILED'
        WHEN tally.unfinished = 0 AND tally.done > 0 THEN 'COMPLETED'
        WHEN tally.unfinished = 0 THEN 'CANCELLED'
        WHEN tally.started > 0 THEN 'RUNNING'
        ELSE jobs.status
    END
FROM tally
WHERE tally.job_id = jobs.id AND jobs.status IN ('CREATED', 'SUBMITTED', 'RUNNING');
