package io.runvault.adapters.out.postgres;

import io.micronaut.transaction.TransactionOperations;
import io.runvault.application.ArtifactNotFound;
import io.runvault.application.port.out.ArtifactRepository;
import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactFilter;
import io.runvault.domain.ArtifactId;
import io.runvault.domain.ArtifactIdentity;
import io.runvault.domain.ArtifactState;
import io.runvault.domain.Checksum;
import io.runvault.domain.Fence;
import io.runvault.domain.JobId;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import io.runvault.domain.StorageKey;
import io.runvault.domain.StorageLocation;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Adapter: artifact rows in Postgres; the identity index makes a second reservation find the first. */
/*
 * Written out rather than through Micronaut Data: reservations find the first one through the identity index in the
 * same statement, relocations are conditional on the old location and on an operation's fence, and the listing's
 * filters are put together per request.
 */
@ReportsDatabaseOutages
@Singleton
public class PostgresArtifactRepository implements ArtifactRepository {
    private static final String BY_IDENTITY = "SELECT " + ArtifactRow.COLUMNS + " FROM artifacts "
            + "WHERE job_id = ? AND COALESCE(run_id, 0) = ? AND kind = ? AND stage = ?";

    private final TransactionOperations<Connection> tx;

    public PostgresArtifactRepository(TransactionOperations<Connection> tx) {
        this.tx = tx;
    }

    @Override
    public Artifact reserve(ArtifactIdentity identity, StorageKey key) {
        long run = identity.run() == null ? 0L : identity.run().value();
        return tx.executeWrite(status -> {
            Connection connection = status.getConnection();
            Optional<ArtifactRow> inserted = Jdbc.queryOne(connection,
                    "INSERT INTO artifacts (job_id, run_id, kind, stage, key, state) VALUES (?, ?, ?, ?, ?, ?) "
                            // Any unique index: racing reservations of one identity may collide on its key first.
                            + "ON CONFLICT DO NOTHING "
                            + "RETURNING " + ArtifactRow.COLUMNS,
                    ArtifactRow::read, identity.job().value(), identity.run() == null ? null : run,
                    identity.kind().wireName(), identity.stage().value(), key.value(), ArtifactState.PENDING.name());
            return inserted.or(() -> Jdbc.queryOne(connection, BY_IDENTITY, ArtifactRow::read,
                    identity.job().value(), run, identity.kind().wireName(), identity.stage().value()))
                    .orElseThrow().toDomain();
        });
    }

    @Override
    public Optional<Artifact> findById(ArtifactId id) {
        return tx.executeRead(status -> Jdbc.queryOne(status.getConnection(),
                "SELECT " + ArtifactRow.COLUMNS + " FROM artifacts WHERE id = ?", ArtifactRow::read, id.value())
                .map(ArtifactRow::toDomain));
    }

    @Override
    public Artifact markStored(ArtifactId id, long size, Checksum checksum) {
        return tx.executeWrite(status -> {
            Connection connection = status.getConnection();
            Optional<ArtifactRow> updated = Jdbc.queryOne(connection,
                    "UPDATE artifacts SET state = 'STORED', size = ?, checksum_algorithm = ?, checksum = ?, "
                            + "seq = nextval('artifact_stored_seq') WHERE id = ? AND state = 'PENDING' "
                            + "RETURNING " + ArtifactRow.COLUMNS,
                    ArtifactRow::read, size, checksum.algorithm().name(), checksum.value(), id.value());
            return updated.or(() -> Jdbc.queryOne(connection,
                    "SELECT " + ArtifactRow.COLUMNS + " FROM artifacts WHERE id = ?", ArtifactRow::read, id.value()))
                    .orElseThrow(() -> new ArtifactNotFound(id)).toDomain();
        });
    }

    @Override
    public Page<Artifact> listByJob(JobId job, ArtifactFilter filter, PageRequest page) {
        var sql = new StringBuilder("SELECT " + ArtifactRow.COLUMNS + " FROM artifacts WHERE job_id = ?");
        List<Object> params = new ArrayList<>(List.of(job.value()));
        if (filter.kind() != null) {
            sql.append(" AND kind = ?");
            params.add(filter.kind().wireName());
        }
        if (filter.state() != null) {
            sql.append(" AND state = ?");
            params.add(filter.state().name());
        }
        sql.append(" AND id > ? ORDER BY id LIMIT ?");
        params.add(page.after() == null ? 0L : page.after());
        params.add(page.limit() + 1);
        List<Artifact> rows = tx.executeRead(status -> Jdbc.query(status.getConnection(), sql.toString(),
                ArtifactRow::read, params.toArray())).stream().map(ArtifactRow::toDomain).toList();
        return Page.of(rows, page.limit(), artifact -> artifact.id().value());
    }

    @Override
    public boolean relocate(ArtifactId id, StorageLocation expected, StorageLocation target) {
        return tx.executeWrite(status -> Jdbc.update(status.getConnection(),
                "UPDATE artifacts SET location = ?, location_key = ? "
                        + "WHERE id = ? AND location = ? AND COALESCE(location_key, key) = ?",
                target.tier().name(), target.key().value(), id.value(), expected.tier().name(),
                expected.key().value())) == 1;
    }

    @Override
    public boolean relocate(ArtifactId id, StorageLocation expected, StorageLocation target, Fence fence) {
        return tx.executeWrite(status -> Jdbc.update(status.getConnection(),
                "UPDATE artifacts SET location = ?, location_key = ? "
                        + "WHERE id = ? AND location = ? AND COALESCE(location_key, key) = ? "
                        + "AND EXISTS (SELECT 1 FROM operations WHERE id = ? AND "
                        + PostgresOperationRepository.HELD + ")",
                target.tier().name(), target.key().value(), id.value(), expected.tier().name(),
                expected.key().value(), fence.operation().value(), fence.runner().value())) == 1;
    }
}
