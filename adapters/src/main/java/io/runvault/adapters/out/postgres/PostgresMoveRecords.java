package io.runvault.adapters.out.postgres;

import static io.runvault.adapters.out.postgres.PostgresOperationRepository.HELD;

import io.micronaut.transaction.TransactionOperations;
import io.runvault.application.port.out.MoveRecords;
import io.runvault.domain.ArtifactId;
import io.runvault.domain.Fence;
import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Adapter: {@link MoveRecords} in Postgres, a batch in three statements of one transaction, whatever its size. The
 * first finds the claim held and locks the operation's row, so no runner can claim the operation before the
 * transaction ends; each write repeats the claim's condition as well.
 */
@ReportsDatabaseOutages
@Singleton
public class PostgresMoveRecords implements MoveRecords {
    private static final String STILL_HELD = "EXISTS (SELECT 1 FROM operations WHERE id = ? AND " + HELD + ")";

    private final TransactionOperations<Connection> tx;

    public PostgresMoveRecords(TransactionOperations<Connection> tx) {
        this.tx = tx;
    }

    @Override
    public Optional<Set<ArtifactId>> record(Fence fence, List<Relocation> relocations, List<StepEnd> ends) {
        long operation = fence.operation().value();
        String runner = fence.runner().value();
        return tx.executeWrite(status -> Jdbc.unchecked(() -> {
            Connection connection = status.getConnection();
            if (Jdbc.queryOne(connection, "SELECT 1 FROM operations WHERE id = ? AND " + HELD + " FOR UPDATE",
                    rs -> true, operation, runner).isEmpty()) {
                return Optional.empty();
            }
            Set<Long> moved = new HashSet<>(relocations.isEmpty() ? List.of() : Jdbc.query(connection,
                    "UPDATE artifacts a SET location = m.tier, location_key = m.key, etag = m.etag "
                            + "FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) "
                            + "AS m (id, from_tier, from_key, tier, key, etag) "
                            + "WHERE a.id = m.id AND a.location = m.from_tier "
                            + "AND COALESCE(a.location_key, a.key) = m.from_key AND " + STILL_HELD + " RETURNING a.id",
                    rs -> rs.getLong(1),
                    array(connection, "bigint", relocations, r -> r.artifact().value()),
                    array(connection, "text", relocations, r -> r.from().tier().name()),
                    array(connection, "text", relocations, r -> r.from().key().value()),
                    array(connection, "text", relocations, r -> r.to().tier().name()),
                    array(connection, "text", relocations, r -> r.to().key().value()),
                    array(connection, "text", relocations, Relocation::tag),
                    operation, runner));
            List<StepEnd> all = new ArrayList<>(ends);
            relocations.stream().filter(r -> !moved.contains(r.artifact().value()))
                    .map(r -> StepEnd.failed(r.artifact(), "artifact " + r.artifact() + " was no longer at "
                            + r.from() + " when its copy to " + r.to() + " was to be recorded"))
                    .forEach(all::add);
            if (!all.isEmpty()) {
                Jdbc.update(connection,
                        "UPDATE operation_steps s SET state = e.state, message = e.message, attempts = s.attempts + 1 "
                                + "FROM unnest(?::bigint[], ?::text[], ?::text[]) AS e (artifact_id, state, message) "
                                + "WHERE s.operation_id = ? AND s.artifact_id = e.artifact_id AND " + STILL_HELD,
                        array(connection, "bigint", all, end -> end.artifact().value()),
                        array(connection, "text", all, end -> end.isDone() ? "DONE" : "FAILED"),
                        array(connection, "text", all, StepEnd::failure),
                        operation, operation, runner);
            }
            return Optional.of(moved.stream().map(ArtifactId::new).collect(Collectors.toSet()));
        }));
    }

    private static <T> Array array(Connection connection, String type, List<T> items,
            Function<T, Object> value) throws SQLException {
        return connection.createArrayOf(type, items.stream().map(value).toArray());
    }
}
