-- A job's unfinished runs, and only those: whether any run of a job is still PENDING or RUNNING is then one short
-- index lookup however many runs the job has, so a run's status change need not count all of its job's runs to
-- know whether the job may end.
CREATE INDEX runs_unfinished ON runs (job_id) WHERE status IN ('PENDING', 'RUNNING');
