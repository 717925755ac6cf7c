package io.runvault.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLParameters;

/** The CLI's view of the Runvault REST API: JSON calls with the bearer token, problems turned into CliExceptions. */
final class RestClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration JSON_TIMEOUT = Duration.ofMinutes(2);
    private final CliConfig config;
    /** For http:// targets, built without TLS: see {@link NoTls}. */
    private HttpClient plain;
    /** For https:// targets (the server's, or a store's presigned URLs), built when one is first met. */
    private HttpClient secure;

    RestClient(CliConfig config) {
        this.config = config;
    }

    JsonNode get(String path) {
        return json(send(request(path).GET()));
    }

    JsonNode post(String path, Object body, String idempotencyKey) {
        return post(path, body, idempotencyKey, JSON_TIMEOUT);
    }

    /** A JSON call that takes as long as the work the server does before it answers, up to {@code timeout}. */
    JsonNode post(String path, Object body, String idempotencyKey, Duration timeout) {
        var request = request(path).timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(body)));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return json(send(request));
    }

    /**
     * A POST of work the server may go on with beside the request ({@code Prefer: respond-async}): the answer, or
     * {@link StillAtWork} when the server answered 202 because the work took longer than {@code wait}.
     */
    JsonNode postRespondAsync(String path, Object body, Duration wait, Duration timeout) {
        HttpResponse<String> response = send(request(path).timeout(timeout).header("Content-Type", "application/json")
                .header("Prefer", "respond-async, wait=" + wait.toSeconds())
                .POST(HttpRequest.BodyPublishers.ofString(write(body))));
        if (response.statusCode() == 202) {
            throw new StillAtWork();
        }
        return json(response);
    }

    /**
     * Streams a body, with its Content-Length when known (negative: unknown, sent chunked); the supplier is called
     * again on each retry. A known length lets the server pass the body to storage as one streamed request.
     */
    HttpResponse<String> put(String path, Supplier<InputStream> body, long length, String contentType) {
        HttpRequest.BodyPublisher publisher = length < 0 ? HttpRequest.BodyPublishers.ofInputStream(body)
                : HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(body), length);
        return send(request(path).header("Content-Type", contentType)
                .timeout(Duration.ofHours(12))
                .PUT(publisher));
    }

    /** A POST without a body: an action on what the path names. */
    JsonNode post(String path) {
        return json(send(request(path).POST(HttpRequest.BodyPublishers.noBody())));
    }

    JsonNode delete(String path) {
        return json(send(request(path).DELETE()));
    }

    /** Every item of a paginated list, following nextCursor. */
    List<JsonNode> all(String path) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = page(path, 500, cursor);
            page.get("items").forEach(items::add);
            cursor = nextCursor(page);
        } while (cursor != null);
        return items;
    }

    /** One page of a paginated list; the server's default size when {@code limit} is null. */
    JsonNode page(String path, Integer limit, String cursor) {
        String query = (limit == null ? "" : "&limit=" + limit)
                + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        if (query.isEmpty()) {
            return get(path);
        }
        return get(path + (path.contains("?") ? "&" : "?") + query.substring(1));
    }

    static String nextCursor(JsonNode page) {
        JsonNode next = page.get("nextCursor");
        return next == null || next.isNull() ? null : next.asText();
    }

    URI url() {
        return config.url();
    }

    /** The HTTP client for {@code target}'s scheme. */
    synchronized HttpClient http(URI target) {
        if ("https".equalsIgnoreCase(target.getScheme())) {
            if (secure == null) {
                secure = builder().build();
            }
            return secure;
        }
        if (plain == null) {
            plain = builder().sslContext(NoTls.context()).sslParameters(new SSLParameters()).build();
        }
        return plain;
    }

    /**
     * HTTP/1.1 only: over TLS the JDK's client would otherwise speak HTTP/2 where a server offers it and carry every
     * parallel part of an upload on one connection; in plain HTTP it would first ask each connection to upgrade.
     */
    private static HttpClient.Builder builder() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER);
    }

    /** A body streamed as it arrives; the caller closes it. Refusals fail as from the JSON calls. */
    InputStream open(String path) {
        HttpResponse<InputStream> response;
        try {
            response = http(config.url()).send(request(path).header("Accept", "*/*")
                    .timeout(Duration.ofHours(12)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw unreachable(config.url(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
        if (response.statusCode() < 400) {
            return response.body();
        }
        String body;
        try (InputStream problem = response.body()) {
            body = new String(problem.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            body = "";
        }
        throw refused(response.statusCode(), body);
    }

    /** Where the server redirects a GET of {@code path}, such as a fresh presigned URL of an artifact. */
    URI redirect(String path) {
        HttpResponse<String> response = send(request(path).GET());
        return response.headers().firstValue("Location").map(location -> config.url().resolve(location))
                .orElseThrow(() -> new CliException("the server sent no redirect for " + path));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(config.url().resolve(path.startsWith("/") ? path.substring(1) : path))
                .timeout(JSON_TIMEOUT)
                .header("Authorization", "Bearer " + config.token())
                .header("Accept", "application/json");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        HttpResponse<String> response;
        try {
            response = http(config.url()).send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw unreachable(config.url(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
        if (response.statusCode() >= 400) {
            throw refused(response.statusCode(), response.body());
        }
        return response;
    }

    /** The network failed: "cannot reach URL: connection refused". */
    static TransientFailure unreachable(URI url, IOException e) {
        return new TransientFailure("cannot reach " + url + ": " + reason(e), ExitCode.NETWORK);
    }

    /** The server refused: its problem's title and detail, on one line. */
    static CliException refused(int status, String body) {
        String message = "HTTP " + status;
        String type = null;
        try {
            JsonNode problem = JSON.readTree(body);
            type = problem.path("type").isTextual() ? problem.get("type").asText() : null;
            String title = problem.path("title").asText("");
            String detail = problem.path("detail").asText("");
            if (!title.isBlank() || !detail.isBlank()) {
                message = title.isBlank() ? detail : detail.isBlank() || detail.equals(title) ? title
                        : title + ": " + detail;
            }
        } catch (IOException e) {
            // not a problem document: the status says it
        }
        message = message.replaceAll("\\s*[\\r\\n]+\\s*", " ");
        ExitCode exit = ExitCode.forStatus(status);
        String withStatus = message.equals("HTTP " + status) ? message : message + " (HTTP " + status + ")";
        return status >= 500 ? new TransientFailure(withStatus, exit)
                : new CliException(message, exit, type);
    }

    /** The JDK often leaves a connect failure's message empty: name it from its type. */
    private static String reason(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return "connection refused";
            }
            if (cause instanceof HttpTimeoutException) {
                return "timed out";
            }
            if (cause instanceof UnknownHostException) {
                return "unknown host " + cause.getMessage();
            }
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                return cause.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new CliException("the server sent something that is not JSON: " + e.getMessage());
        }
    }

    static String write(Object body) {
        try {
            return body instanceof String text ? text : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new CliException("cannot encode the request: " + e.getMessage());
        }
    }

    /** Answered 202: the server goes on with the work; the same request asked again answers its outcome. */
    static final class StillAtWork extends CliException {
        StillAtWork() {
            super("still at work (HTTP 202)");
        }
    }

    /** A failure worth retrying: the network or a 5xx. */
    static final class TransientFailure extends CliException {
        TransientFailure(String message, ExitCode exitCode) {
            super(message, exitCode);
        }
    }
}
