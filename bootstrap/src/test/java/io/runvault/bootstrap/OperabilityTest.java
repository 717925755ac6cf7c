package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.server.netty.NettyEmbeddedServer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollSocketChannel;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * /health reports the database and the artifact store; /metrics speaks Prometheus and counts uploaded bytes; on Linux
 * the HTTP server's connections run on epoll and controllers on platform threads.
 */
@MicronautTest(transactional = false)
class OperabilityTest extends ServerTest {
    @Inject
    @Named(TaskExecutors.BLOCKING)
    ExecutorService blocking;

    @Test
    void healthIsUpWithDatabaseAndStorageDetails() {
        var reply = admin().get("/health");
        assertEquals(200, reply.status(), () -> reply.raw().body());
        assertEquals("UP", reply.body().get("status").getStringValue());
        JsonNode details = reply.body().get("details");
        assertEquals("UP", details.get("jdbc").get("status").getStringValue(), () -> reply.raw().body());
        JsonNode storage = details.get("storage");
        assertEquals("UP", storage.get("status").getStringValue(), () -> reply.raw().body());
        assertTrue(storage.get("details").get("bucket").getStringValue().startsWith("test-"));
    }

    @Test
    void metricsExposeRequestsAndUploadedBytesInPrometheusFormat() {
        long job = api().post("/api/v1/jobs", "{}").id();
        assertEquals(404, api().get("/api/v1/jobs/987654321").status());
        long run = api().post("/api/v1/jobs/" + job + "/runs", "{\"runs\":[{\"config\":{}}]}").body().get("runs")
                .get(0).get("id").getLongValue();
        byte[] zip = new byte[70_000];
        zip[0] = 'P';
        zip[1] = 'K';
        zip[2] = 3;
        zip[3] = 4;
        Api worker = workerFor(job, run);
        var upload = worker.send(worker.request("/api/v1/jobs/" + job + "/runs/" + run + "/results")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(zip)));
        assertEquals(201, upload.status(), () -> upload.raw().body());
        var notZip = worker.send(worker.request("/api/v1/jobs/" + job + "/runs/" + run + "/results?stage=other")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, 3, 4, 5})));
        assertEquals(400, notZip.status());

        var metrics = admin().get("/metrics");
        assertEquals(200, metrics.status());
        assertTrue(metrics.contentType().startsWith("text/plain"), metrics.contentType());
        String text = metrics.raw().body();
        assertTrue(text.contains("http_server_requests_seconds_count{"), "no request metrics");
        assertTrue(text.contains("uri=\"/api/v1/jobs/{jobId}/runs/{runId}/results\""), "no per-route metrics");
        // Tagged as Micronaut's own server metrics tag requests: the route's template, the status, the exception
        // class that was answered, and NOT_FOUND for any 404.
        assertTrue(text.contains("http_server_requests_seconds_count{exception=\"none\",method=\"POST\","
                + "status=\"201\",uri=\"/api/v1/jobs/{jobId}/runs\"}"), text);
        assertTrue(text.contains("http_server_requests_seconds_count{exception=\"JobNotFound\",method=\"GET\","
                + "status=\"404\",uri=\"NOT_FOUND\"}"), text);
        assertTrue(value(text, "runvault_uploads_bytes_total") >= zip.length, text);
        assertTrue(value(text, "runvault_uploads_stored_total") >= 1, text);
        assertTrue(text.contains("runvault_uploads_failures_total{"), "no failure counter");
    }

    @Test
    void everyAnswerCarriesOneDateInTheHttpForm() {
        List<Api.Reply> replies = List.of(api().post("/api/v1/jobs", "{}"), api().get("/api/v1/jobs"),
                api().as(null).get("/api/v1/jobs"), admin().get("/health"), api().get("/no-such-path"));
        for (Api.Reply reply : replies) {
            List<String> dates = reply.raw().headers().allValues("Date");
            assertEquals(1, dates.size(), reply.status() + " " + dates);
            ZonedDateTime date = ZonedDateTime.parse(dates.getFirst(), DateTimeFormatter.RFC_1123_DATE_TIME);
            assertEquals(ZoneOffset.UTC, date.getOffset(), dates.getFirst());
            assertTrue(dates.getFirst().endsWith(" GMT"), dates.getFirst());
        }
    }

    @Test
    void connectionsRunOnEpollOnLinux() throws IOException, InterruptedException {
        Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"), "epoll is Linux only");
        // Both event loop groups and the server channel must be native for a connection to be: a setting that
        // leaves one of them on NIO either fails the start or quietly serves every connection through NIO.
        List<Class<?>> connections = new CopyOnWriteArrayList<>();
        ((NettyEmbeddedServer) server).register(new NettyServerCustomizer() {
            @Override
            public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
                if (role == ChannelRole.CONNECTION) {
                    connections.add(channel.getClass());
                }
                return this;
            }
        });
        try (HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            var reply = fresh.send(HttpRequest.newBuilder(server.getURI().resolve("/health")).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertEquals(200, reply.statusCode());
        }
        assertEquals(List.of(EpollSocketChannel.class), connections);
    }

    @Test
    void controllersRunOnPlatformThreads() throws ExecutionException, InterruptedException {
        // Every controller is @ExecuteOn(BLOCKING), which Micronaut makes virtual unless told otherwise; submissions
        // mostly wait on the database, and a virtual thread takes longer to wake (application.yml).
        assertFalse(blocking.submit(() -> Thread.currentThread().isVirtual()).get());
    }

    @Test
    void asManyControllersRunAtOnceAsTheDatabaseHasConnections() throws ExecutionException, InterruptedException {
        // A request waiting on the database holds its thread: a pool of a few threads would queue the others behind
        // their commits. As many tasks as the connection pool holds must all be running together to pass the barrier;
        // with too few threads the first ones give up waiting and break it for the rest.
        int connections = 20;
        CyclicBarrier allRunning = new CyclicBarrier(connections);
        List<Future<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            tasks.add(blocking.submit(() -> allRunning.await(30, TimeUnit.SECONDS)));
        }
        for (Future<Integer> task : tasks) {
            task.get();
        }
    }

    private static double value(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})?\\s+(\\S+)$").matcher(metrics);
        assertTrue(m.find(), () -> name + " not in /metrics");
        return Double.parseDouble(m.group(1));
    }
}
