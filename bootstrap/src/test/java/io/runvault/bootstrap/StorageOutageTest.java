package io.runvault.bootstrap;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.runvault.adapters.out.s3.S3Settings;
import io.runvault.adapters.out.s3.S3Store;
import io.runvault.adapters.testing.TcpProxy;
import io.runvault.adapters.testing.TestS3;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The object store goes down, or fails an upload midway, under a running server (the S3 server behind a TCP proxy
 * the test controls): callers are told 503 storage-unavailable with Retry-After, presigning refuses too, and the same
 * request repeated once the store is back succeeds.
 */
@MicronautTest(transactional = false)
class StorageOutageTest extends ServerTest {
    private static final int STREAMED = 6 * 1024 * 1024;
    private TcpProxy proxy;

    @Override
    protected Map<String, String> storageProperties() {
        Map<String, String> properties = new HashMap<>(TestS3.freshProperties());
        URI store = URI.create(properties.get(S3Settings.PREFIX + ".endpoint"));
        proxy = TcpProxy.to(store.getHost(), store.getPort());
        properties.put(S3Settings.PREFIX + ".endpoint", "http://127.0.0.1:" + proxy.port());
        // Bodies above one part and up to the threshold go as one streamed PutObject.
        properties.put(S3Settings.PREFIX + ".part-size", "5MB");
        return properties;
    }

    @AfterAll
    void closeProxy() {
        proxy.close();
    }

    @Test
    void aStoreRefusingConnectionsIs503WithRetryAfterForUploadsAndPresigningUntilItIsBack() {
        long job = api().post("/api/v1/jobs", "{}").id();
        long run = firstRun(job);
        Api worker = workerFor(job, run);

        proxy.cut();
        try {
            assertUnavailable(putResults(worker, job, run, zip(1_000, 1)));
            assertUnavailable(api().post("/api/v1/jobs/" + job + "/uploads", "{\"kind\":\"job_input\"}"));
        } finally {
            proxy.restore();
        }

        assertEquals(201, putResults(worker, job, run, zip(1_000, 1)).status());
        await().atMost(Duration.ofSeconds(10)).until(() -> api().post("/api/v1/jobs/" + job + "/uploads",
                "{\"kind\":\"job_input\"}").status() == 201);
    }

    @Test
    void aCompletionInTheBackgroundThatFindsTheStoreGoneIsAnswered503AndCompletesOnceItIsBack() throws Exception {
        long job = api().post("/api/v1/jobs", "{}").id();
        // Pooled connections to the store may be left over from an earlier cut: the first call can fail on one.
        Api.Reply upload = await().atMost(Duration.ofSeconds(10)).until(() -> api().post("/api/v1/jobs/" + job
                + "/uploads", "{\"kind\":\"job_input\"}"), reply -> reply.status() == 201);
        long artifact = upload.body().get("artifactId").getLongValue();
        byte[] input = zip(1_000, 3);
        assertEquals(200, ArtifactsApiTest.presignedPut(upload.body(), input).statusCode());
        String path = "/api/v1/jobs/" + job + "/uploads/" + artifact + "/complete";
        String body = ArtifactsApiTest.completion(upload.body(), null);
        // Accepted while another completer's claim lives; the store is gone by the time this one may go on.
        holdArtifactClaim(artifact, 1);

        proxy.cut();
        try {
            assertEquals(202, api().post(path, body, "Prefer", "respond-async").status());
            Api.Reply refused = await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).until(
                    () -> api().post(path, body, "Prefer", "respond-async, wait=5"), reply -> reply.status() != 202);
            assertUnavailable(refused);
        } finally {
            proxy.restore();
        }

        Api.Reply stored = await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).until(
                () -> api().post(path, body, "Prefer", "respond-async, wait=5"), reply -> reply.status() != 202
                        && reply.status() != 503);
        assertEquals(201, stored.status(), stored.raw().body());
        assertEquals(input.length, stored.body().get("size").getLongValue());
    }

    @Test
    void aStoreFailingAStreamedPutMidwayIs503OnceAndTheClientsRetryStoresIt() {
        long job = api().post("/api/v1/jobs", "{}").id();
        long run = firstRun(job);
        Api worker = workerFor(job, run);
        byte[] body = zip(STREAMED, 2);
        ListAppender<ILoggingEvent> log = capture();
        try {
            proxy.failOnceAfter(1024 * 1024);
            Api.Reply failed = putResults(worker, job, run, body);
            assertUnavailable(failed);
            assertTrue(failed.body().get("detail").getStringValue().contains("PENDING"), failed.raw()::body);

            List<ILoggingEvent> warnings = log.list.stream().filter(event -> event.getLevel() == Level.WARN)
                    .toList();
            assertEquals(1, warnings.size(), () -> "one warning for one failed attempt: " + messages(log));
            assertNull(warnings.getFirst().getThrowableProxy(), "no stack trace");
            assertTrue(!messages(log).contains("sent twice"), () -> "no retry of the stream: " + messages(log));
        } finally {
            release(log);
        }

        Api.Reply retried = putResults(worker, job, run, body);
        assertEquals(201, retried.status(), retried.raw()::body);
        assertEquals(STREAMED, retried.body().get("size").getLongValue());
    }

    private long firstRun(long job) {
        // Two runs: the second keeps the job open for uploads once the first has its results.
        return api().post("/api/v1/jobs/" + job + "/runs", "{\"runs\":[{\"config\":{}},{\"config\":{}}]}").body()
                .get("runs").get(0)
                .get("id").getLongValue();
    }

    private static Api.Reply putResults(Api worker, long job, long run, byte[] body) {
        return worker.send(worker.request("/api/v1/jobs/" + job + "/runs/" + run + "/results")
                .header("Content-Type", "application/zip")
                .timeout(Duration.ofSeconds(60))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static void assertUnavailable(Api.Reply reply) {
        assertEquals(503, reply.status(), () -> reply.raw().body());
        assertEquals("urn:runvault:problem:storage-unavailable", reply.problemType());
        assertEquals("5", reply.header("Retry-After"));
    }

    private static byte[] zip(int size, long seed) {
        byte[] body = new byte[size];
        new Random(seed).nextBytes(body);
        body[0] = 'P';
        body[1] = 'K';
        body[2] = 3;
        body[3] = 4;
        return body;
    }

    private static ListAppender<ILoggingEvent> capture() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setContext(context);
        appender.start();
        context.getLogger(S3Store.class).addAppender(appender);
        return appender;
    }

    private static void release(ListAppender<ILoggingEvent> appender) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger logger = context.getLogger(S3Store.class);
        logger.detachAppender(appender);
        appender.stop();
    }

    private static String messages(ListAppender<ILoggingEvent> log) {
        return log.list.stream().map(event -> event.getLevel() + " " + event.getFormattedMessage()).toList()
                .toString();
    }
}
