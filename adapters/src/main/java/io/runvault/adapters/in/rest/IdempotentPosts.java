package io.runvault.adapters.in.rest;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.json.JsonMapper;
import io.runvault.adapters.in.rest.IdempotencyStore.Outcome;
import io.runvault.adapters.in.rest.IdempotencyStore.StoredResponse;
import io.runvault.application.IdempotencyKeyReused;
import io.runvault.application.Sha256;
import io.runvault.domain.InvalidValue;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/** Runs a creating POST at most once per Idempotency-Key and replays its first response to repeats. */
@Singleton
public class IdempotentPosts {
    static final String HEADER = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    private static final int MAX_KEY_LENGTH = 255;

    private final IdempotencyStore store;
    private final JsonMapper json;

    public IdempotentPosts(IdempotencyStore store, JsonMapper json) {
        this.store = store;
        this.json = json;
    }

    /** A 201 with its body and the location of what was created. */
    public record Created(Object body, String location) {
    }

    /**
     * Runs {@code action} once per key of this caller. The key is the caller's own: {@code scope} names the token
     * (never a name another token may share) and the route. {@code authorize} is checked before anything is
     * replayed, so a repeat is refused as the request itself would be.
     */
    public HttpResponse<?> create(String key, String scope, Object request, Runnable authorize,
            Supplier<Created> action) {
        if (key == null) {
            Created created = action.get();
            return HttpResponse.created(created.body()).header(HttpHeaders.LOCATION, created.location());
        }
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw new InvalidValue(HEADER, "must be 1-" + MAX_KEY_LENGTH + " characters");
        }
        authorize.run();
        Outcome outcome = store.execute(scope, key, hash(request), () -> {
            Created created = action.get();
            return new StoredResponse(HttpStatus.CREATED.getCode(), write(created.body()), created.location());
        });
        return switch (outcome) {
            case Outcome.Fresh fresh -> replay(fresh.response());
            case Outcome.Replayed replayed -> replay(replayed.response()).header(REPLAYED, "true");
            case Outcome.Mismatch mismatch -> throw new IdempotencyKeyReused(key);
        };
    }

    private static MutableHttpResponse<String> replay(StoredResponse response) {
        MutableHttpResponse<String> http = HttpResponse.<String>status(HttpStatus.valueOf(response.status()))
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(response.body());
        if (response.location() != null) {
            http.header(HttpHeaders.LOCATION, response.location());
        }
        return http;
    }

    /** Hashes the parsed request, so the same JSON with other spacing or key order still counts as the same. */
    private String hash(Object request) {
        return Sha256.hex(write(request));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
