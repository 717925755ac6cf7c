package io.runvault.adapters.out.postgres;

import io.runvault.domain.JobId;
import io.runvault.domain.Run;
import io.runvault.domain.RunConfig;
import io.runvault.domain.RunId;
import io.runvault.domain.RunStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/** Persistence row of the runs table. */
record RunRow(long id, long jobId, long seq, String config, String status, OffsetDateTime createdAt) {
    static final String COLUMNS = "id, job_id, seq, config::text AS config, status, created_at";

    static RunRow read(ResultSet rs) throws SQLException {
        return new RunRow(
                rs.getLong("id"),
                rs.getLong("job_id"),
                rs.getLong("seq"),
                rs.getString("config"),
                rs.getString("status"),
                rs.getObject("created_at", OffsetDateTime.class));
    }

    Run toDomain() {
        return new Run(new RunId(id), new JobId(jobId), seq, new RunConfig(config), RunStatus.valueOf(status),
                createdAt.toInstant());
    }
}
