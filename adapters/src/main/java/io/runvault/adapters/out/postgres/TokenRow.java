package io.runvault.adapters.out.postgres;

import io.runvault.domain.ApiToken;
import io.runvault.domain.JobId;
import io.runvault.domain.Owner;
import io.runvault.domain.Principal;
import io.runvault.domain.Role;
import io.runvault.domain.RunId;
import io.runvault.domain.TokenId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/** Persistence row of the api_tokens table, without the secret's hash, which is only ever compared in SQL. */
record TokenRow(long id, String label, String name, String role, Long jobId, Long runId, String prefix,
        OffsetDateTime createdAt, OffsetDateTime expiresAt, OffsetDateTime revokedAt) {
    static final String COLUMNS = "id, label, name, role, job_id, run_id, prefix, created_at, expires_at, revoked_at";

    static TokenRow read(ResultSet rs) throws SQLException {
        return new TokenRow(
                rs.getLong("id"),
                rs.getString("label"),
                rs.getString("name"),
                rs.getString("role"),
                rs.getObject("job_id", Long.class),
                rs.getObject("run_id", Long.class),
                rs.getString("prefix"),
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("expires_at", OffsetDateTime.class),
                rs.getObject("revoked_at", OffsetDateTime.class));
    }

    ApiToken toDomain() {
        var principal = new Principal(new Owner(name), Role.valueOf(role), jobId == null ? null : new JobId(jobId),
                runId == null ? null : new RunId(runId));
        return new ApiToken(new TokenId(id), label, principal, prefix, createdAt.toInstant(),
                expiresAt == null ? null : expiresAt.toInstant(), revokedAt == null ? null : revokedAt.toInstant());
    }
}
