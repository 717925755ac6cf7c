-- Idempotency keys are kept for a retention period (runvault.idempotency.retention) and then purged; the purge
-- finds the expired ones by age.
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
