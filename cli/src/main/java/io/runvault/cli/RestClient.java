package io.runvault.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The CLI's view of the Runvault REST API: JSON calls with the bearer token, problems turned into CliExceptions. */
final class RestClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private final CliConfig config;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    RestClient(CliConfig config) {
        this.config = config;
    }

    JsonNode get(String path) {
        return json(send(request(path).GET()));
    }

    JsonNode post(String path, Object body, String idempotencyKey) {
        var request = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(body)));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return json(send(request));
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

    /** Every item of a paginated list, following nextCursor. */
    List<JsonNode> all(String path) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        do {
            String separator = path.contains("?") ? "&" : "?";
            JsonNode page = get(path + separator + "limit=500" + (cursor == null ? "" : "&cursor=" + cursor));
            page.get("items").forEach(items::add);
            JsonNode next = page.get("nextCursor");
            cursor = next == null || next.isNull() ? null : next.asText();
        } while (cursor != null);
        return items;
    }

    HttpClient http() {
        return http;
    }

    /** A body streamed as it arrives; the caller closes it. Problems are thrown as from the JSON calls. */
    InputStream open(String path) {
        HttpResponse<InputStream> response;
        try {
            response = http.send(request(path).header("Accept", "*/*").timeout(Duration.ofHours(12)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new TransientFailure("cannot reach " + config.url() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
        if (response.statusCode() < 400) {
            return response.body();
        }
        String body;
        try (InputStream problem = response.body()) {
            body = new String(problem.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            body = e.getMessage();
        }
        String detail = detail(body);
        if (response.statusCode() >= 500) {
            throw new TransientFailure("server error " + response.statusCode() + ": " + detail);
        }
        throw new CliException("HTTP " + response.statusCode() + ": " + detail, 2);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(config.url().resolve(path.startsWith("/") ? path.substring(1) : path))
                .timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + config.token())
                .header("Accept", "application/json");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new TransientFailure("cannot reach " + config.url() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
        if (response.statusCode() >= 500) {
            throw new TransientFailure("server error " + response.statusCode() + ": " + detail(response));
        }
        if (response.statusCode() >= 400) {
            throw new CliException("HTTP " + response.statusCode() + ": " + detail(response), 2);
        }
        return response;
    }

    private static String detail(HttpResponse<String> response) {
        return detail(response.body());
    }

    private static String detail(String body) {
        try {
            JsonNode problem = JSON.readTree(body);
            return problem.path("detail").asText(problem.path("title").asText(body));
        } catch (IOException e) {
            return body;
        }
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

    /** A failure worth retrying: the network or a 5xx. */
    static final class TransientFailure extends CliException {
        TransientFailure(String message) {
            super(message, 4);
        }
    }
}
