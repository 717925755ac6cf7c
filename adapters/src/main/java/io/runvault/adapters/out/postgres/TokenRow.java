package io.runvault.adapters.out.postgres;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.runvault.domain.ApiToken;
import io.runvault.domain.JobId;
import io.runvault.domain.Owner;
import io.runvault.domain.Principal;
import io.runvault.domain.Role;
import io.runvault.domain.RunId;
import io.runvault.domain.TokenId;
import java.time.OffsetDateTime;

/** Persistence row of the api_tokens table, without the secret's hash, which is only ever compared in SQL. */
@MappedEntity("api_tokens")
record TokenRow(@Id @GeneratedValue Long id, String label, String name, String role, @Nullable Long jobId,
        @Nullable Long runId, String prefix, OffsetDateTime createdAt, @Nullable OffsetDateTime expiresAt,
        @Nullable OffsetDateTime revokedAt) {
    static final String COLUMNS = "id, label, name, role, job_id, run_id, prefix, created_at, expires_at, revoked_at";

    ApiToken toDomain() {
        var principal = new Principal(new Owner(name), Role.valueOf(role), jobId == null ? null : new JobId(jobId),
                runId == null ? null : new RunId(runId));
        return new ApiToken(new TokenId(id), label, principal, prefix, createdAt.toInstant(),
                expiresAt == null ? null : expiresAt.toInstant(), revokedAt == null ? null : revokedAt.toInstant());
    }
}
