package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The old system minted ids from second-precision clocks and lost jobs in bursts; here ids come from Postgres. */
@MicronautTest(transactional = false)
@Tag("heavy")
class JobCreationBurstTest extends ServerTest {
    private static final int JOBS = 2000;

    @Test
    void twoThousandConcurrentCreationsYieldTwoThousandDistinctJobs() throws Exception {
        List<CompletableFuture<Api.Reply>> replies = IntStream.range(0, JOBS)
                .mapToObj(i -> api().postAsync("/api/v1/jobs", "{\"tags\":[\"burst\"]}"))
                .toList();
        Set<Long> ids = new HashSet<>();
        Set<String> prefixes = new HashSet<>();
        for (CompletableFuture<Api.Reply> reply : replies) {
            Api.Reply r = reply.get();
            assertEquals(201, r.status(), () -> r.raw().body());
            ids.add(r.id());
            prefixes.add(r.body().get("storagePrefix").getStringValue());
        }
        assertEquals(JOBS, ids.size());
        assertEquals(JOBS, prefixes.size());
        try (var connection = database.connect();
                var statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*), count(DISTINCT id) FROM jobs")) {
            rs.next();
            assertEquals(JOBS, rs.getInt(1));
            assertEquals(JOBS, rs.getInt(2));
        }
    }
}
