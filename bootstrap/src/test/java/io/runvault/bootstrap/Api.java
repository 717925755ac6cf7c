package io.runvault.bootstrap;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A plain HTTP client for end-to-end tests: real requests with one bearer token, JSON read back as trees. */
final class Api {
    private final URI base;
    private final JsonMapper json;
    private final String token;
    private final String[] always;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    Api(URI base, JsonMapper json, String token) {
        this(base, json, token, new String[0]);
    }

    private Api(URI base, JsonMapper json, String token, String[] always) {
        this.base = base;
        this.json = json;
        this.token = token;
        this.always = always;
    }

    /** The same server, as another caller; null sends no Authorization header. */
    Api as(String otherToken) {
        return new Api(base, json, otherToken);
    }

    /** The same caller, reaching the server at another address (a proxy in front of it). */
    Api through(URI otherBase) {
        return new Api(otherBase, json, token, always);
    }

    /** The same caller, sending these headers (name, value, name, value…) with every request. */
    Api withHeaders(String... headers) {
        return new Api(base, json, token, headers);
    }

    /** A response with its body parsed when it is JSON. */
    record Reply(int status, HttpResponse<String> raw, JsonNode body) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String contentType() {
            return header("Content-Type");
        }

        String problemType() {
            return body.get("type").getStringValue();
        }

        long id() {
            return body.get("id").getLongValue();
        }
    }

    Reply get(String path) {
        return send(request(path).GET());
    }

    Reply post(String path, String body, String... headers) {
        return send(request(path, headers).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    CompletableFuture<Reply> postAsync(String path, String body) {
        var request = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .thenApply(this::reply);
    }

    Reply patch(String path, String body) {
        return send(request(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
    }

    Reply delete(String path) {
        return send(request(path).DELETE());
    }

    Reply send(HttpRequest.Builder request) {
        try {
            return reply(client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpRequest.Builder request(String path, String... headers) {
        var builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i + 1 < always.length; i += 2) {
            builder.header(always[i], always[i + 1]);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    private Reply reply(HttpResponse<String> response) {
        JsonNode body = null;
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (type.contains("json") && !response.body().isEmpty()) {
            try {
                body = json.readValue(response.body(), JsonNode.class);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + response.body(), e);
            }
        }
        return new Reply(response.statusCode(), response, body);
    }
}
