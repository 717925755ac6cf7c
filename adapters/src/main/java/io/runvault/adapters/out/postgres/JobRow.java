package io.runvault.adapters.out.postgres;

import io.runvault.domain.Job;
import io.runvault.domain.JobId;
import io.runvault.domain.JobStatus;
import io.runvault.domain.Owner;
import io.runvault.domain.Tags;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;

/** Persistence row of the jobs table. */
record JobRow(long id, String owner, List<String> tags, String status, OffsetDateTime createdAt) {
    static final String COLUMNS = "id, owner, tags, status, created_at";

    static JobRow read(ResultSet rs) throws SQLException {
        return new JobRow(
                rs.getLong("id"),
                rs.getString("owner"),
                List.of((String[]) rs.getArray("tags").getArray()),
                rs.getString("status"),
                rs.getObject("created_at", OffsetDateTime.class));
    }

    Job toDomain() {
        return new Job(new JobId(id), new Owner(owner), new Tags(tags), JobStatus.valueOf(status), createdAt.toInstant());
    }
}
