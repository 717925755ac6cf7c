package io.runvault.adapters.out.postgres;

import io.micronaut.data.exceptions.DataAccessException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Small JDBC helpers for the statements the Postgres adapters write out rather than leave to the Micronaut Data
 * repositories: binding, row reading, SQLException wrapping.
 */
final class Jdbc {
    private Jdbc() {
    }

    /** Reads one row of a result set. */
    @FunctionalInterface
    interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Does JDBC work that may throw SQLException. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run() throws SQLException;
    }

    static <T> T unchecked(SqlWork<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw new DataAccessException(e.getMessage(), e);
        }
    }

    static PreparedStatement prepare(Connection connection, String sql, Object... params) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i] instanceof Instant instant ? timestamp(instant) : params[i]);
        }
        return statement;
    }

    static <T> List<T> query(Connection connection, String sql, RowReader<T> reader, Object... params) {
        return unchecked(() -> {
            try (PreparedStatement statement = prepare(connection, sql, params);
                    ResultSet rs = statement.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(reader.read(rs));
                }
                return rows;
            }
        });
    }

    static <T> Optional<T> queryOne(Connection connection, String sql, RowReader<T> reader, Object... params) {
        return query(connection, sql, reader, params).stream().findFirst();
    }

    static int update(Connection connection, String sql, Object... params) {
        return unchecked(() -> {
            try (PreparedStatement statement = prepare(connection, sql, params)) {
                return statement.executeUpdate();
            }
        });
    }

    static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
