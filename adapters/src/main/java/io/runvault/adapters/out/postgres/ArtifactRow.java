package io.runvault.adapters.out.postgres;

import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactId;
import io.runvault.domain.ArtifactIdentity;
import io.runvault.domain.ArtifactKind;
import io.runvault.domain.ArtifactState;
import io.runvault.domain.Checksum;
import io.runvault.domain.JobId;
import io.runvault.domain.RunId;
import io.runvault.domain.Stage;
import io.runvault.domain.StorageKey;
import io.runvault.domain.StorageLocation;
import io.runvault.domain.StorageTier;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Persistence row of the artifacts table. */
record ArtifactRow(long id, long jobId, Long runId, String kind, String stage, String key, String state, Long size,
        String checksumAlgorithm, String checksum, Long seq, String location, String locationKey, String etag) {
    static final String COLUMNS = "id, job_id, run_id, kind, stage, key, state, size, checksum_algorithm, checksum, seq, "
            + "location, location_key, etag";

    static ArtifactRow read(ResultSet rs) throws SQLException {
        return new ArtifactRow(
                rs.getLong("id"),
                rs.getLong("job_id"),
                rs.getObject("run_id", Long.class),
                rs.getString("kind"),
                rs.getString("stage"),
                rs.getString("key"),
                rs.getString("state"),
                rs.getObject("size", Long.class),
                rs.getString("checksum_algorithm"),
                rs.getString("checksum"),
                rs.getObject("seq", Long.class),
                rs.getString("location"),
                rs.getString("location_key"),
                rs.getString("etag"));
    }

    Artifact toDomain() {
        var identity = new ArtifactIdentity(new JobId(jobId), runId == null ? null : new RunId(runId),
                ArtifactKind.fromWireName(kind), new Stage(stage));
        Checksum sum = checksum == null ? null : new Checksum(Checksum.Algorithm.valueOf(checksumAlgorithm), checksum);
        var where = new StorageLocation(StorageTier.valueOf(location),
                new StorageKey(locationKey == null ? key : locationKey));
        return new Artifact(new ArtifactId(id), identity, new StorageKey(key), ArtifactState.valueOf(state), size, sum,
                seq, where, etag);
    }
}
