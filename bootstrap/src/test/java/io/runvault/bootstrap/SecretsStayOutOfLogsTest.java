package io.runvault.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * With every logger at DEBUG and the HTTP, AWS SDK and embedded S3 loggers at TRACE, a whole upload and download
 * flow logs neither a presigned URL's signature, nor a request's Authorization header, nor a bearer token.
 */
@MicronautTest(transactional = false)
class SecretsStayOutOfLogsTest extends ServerTest {
    private static final List<String> CHATTY = List.of("org.apache.http", "software.amazon.awssdk", "io.micronaut.http",
            "org.gaul", "org.jclouds", "jclouds");
    private static final Pattern SIGNATURE = Pattern.compile("X-Amz-Signature=([0-9a-f]+)");

    private final Capture capture = new Capture();
    private final Map<String, Level> levels = new HashMap<>();
    private final HttpClient plain = HttpClient.newHttpClient();

    @BeforeEach
    void captureEverything() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        capture.setContext(context);
        capture.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(capture);
        levels.put(Logger.ROOT_LOGGER_NAME, root.getLevel());
        root.setLevel(Level.DEBUG);
        for (String name : CHATTY) {
            Logger logger = context.getLogger(name);
            levels.put(name, logger.getLevel());
            logger.setLevel(Level.TRACE);
        }
    }

    @AfterEach
    void restoreLevels() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        levels.forEach((name, level) -> context.getLogger(name).setLevel(level));
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(capture);
        capture.stop();
    }

    @Test
    void uploadAndDownloadFlowLogsNoSignaturesNorTokens() throws Exception {
        List<String> signatures = new ArrayList<>();
        String clientToken = issueToken("CLIENT", "logs", null, null);
        Api client = anonymous().as(clientToken);
        long job = client.post("/api/v1/jobs", "{}").id();
        String workerToken = issueToken("WORKER", "logs-worker", job, null);
        Api worker = anonymous().as(workerToken);
        List<String> tokens = List.of(clientToken, workerToken, ADMIN_TOKEN);
        long run = client.post("/api/v1/jobs/" + job + "/runs", "{\"runs\":[{\"config\":{}}]}").body()
                .get("runs").get(0).get("id").getLongValue();

        // A presigned PUT, used, completed, then downloaded through a presigned GET.
        var upload = client.post("/api/v1/jobs/" + job + "/uploads", "{\"kind\":\"job_input\"}");
        assertEquals(201, upload.status(), () -> upload.raw().body());
        String putUrl = upload.body().get("url").getStringValue();
        signatures.add(signature(putUrl));
        var put = ArtifactsApiTest.presignedPut(upload.body(), "input".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, put.statusCode(), put.body());
        long artifact = upload.body().get("artifactId").getLongValue();
        assertEquals(201, client.post("/api/v1/jobs/" + job + "/uploads/" + artifact + "/complete",
                ArtifactsApiTest.completion(upload.body(), null)).status());
        var redirect = client.send(client.request("/api/v1/artifacts/" + artifact + "/download").GET());
        assertEquals(302, redirect.status());
        signatures.add(signature(redirect.header("Location")));
        assertEquals(200, plain.send(HttpRequest.newBuilder(URI.create(redirect.header("Location"))).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode());

        // A results upload streamed by the server to the store, which it signs with its own credentials.
        byte[] zip = new byte[20 << 20];
        zip[0] = 'P';
        zip[1] = 'K';
        zip[2] = 3;
        zip[3] = 4;
        var results = worker.send(worker.request("/api/v1/jobs/" + job + "/runs/" + run + "/results")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(zip)));
        assertEquals(201, results.status(), () -> results.raw().body());
        var listed = client.send(client.request("/api/v1/jobs/" + job + "/results").GET());
        signatures.add(signature(listed.body().get("items").get(0).get("url").getStringValue()));

        List<String> lines = capture.lines();
        assertTrue(lines.size() > 50, "expected debug output to inspect, got " + lines.size() + " lines");
        assertTrue(lines.stream().anyMatch(line -> line.contains("org.apache.http")),
                "the S3 client's wire log was not captured, so the test proves nothing about it");
        for (String line : lines) {
            for (String signature : signatures) {
                assertFalse(line.contains(signature), () -> "a presigned URL's signature was logged: " + line);
            }
            assertFalse(SIGNATURE.matcher(line).find(), () -> "X-Amz-Signature logged: " + line);
            for (String token : tokens) {
                assertFalse(line.contains(token), () -> "a bearer token was logged: " + line);
            }
            assertFalse(Pattern.compile("(?i)authorization[\"']?\\s*[:=]\\s*\\[?[\"']?(AWS4|AWS |Bearer)").matcher(line)
                    .find(), () -> "an Authorization header was logged: " + line);
            assertFalse(Pattern.compile("Signature=[0-9a-f]{64}").matcher(line).find(),
                    () -> "a request signature was logged: " + line);
        }
    }

    private static String signature(String url) {
        Matcher m = SIGNATURE.matcher(url);
        assertTrue(m.find(), () -> "not a presigned URL: " + url);
        return m.group(1);
    }

    /** Keeps every event as the text an encoder would write: the message and the stack trace. */
    private static final class Capture extends AppenderBase<ILoggingEvent> {
        private final List<String> lines = new ArrayList<>();

        @Override
        protected synchronized void append(ILoggingEvent event) {
            StringBuilder text = new StringBuilder(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
            if (event.getThrowableProxy() != null) {
                text.append('\n').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
            lines.add(text.toString());
        }

        synchronized List<String> lines() {
            return List.copyOf(lines);
        }
    }
}
