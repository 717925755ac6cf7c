package io.runvault.adapters.in.rest;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.json.JsonMapper;
import io.netty.buffer.Unpooled;
import io.runvault.application.IdempotencyKeyReused;
import io.runvault.application.Sha256;
import io.runvault.application.port.out.IdempotencyStore;
import io.runvault.application.port.out.IdempotencyStore.Claim;
import io.runvault.application.port.out.IdempotencyStore.StoredResponse;
import io.runvault.application.port.out.UnitOfWork;
import io.runvault.domain.ApiToken;
import io.runvault.domain.InvalidValue;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** Runs a creating POST at most once per Idempotency-Key and replays its first response to repeats. */
@Singleton
public class IdempotentPosts {
    static final String HEADER = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    private static final int MAX_KEY_LENGTH = 255;

    private final IdempotencyStore store;
    private final UnitOfWork unitOfWork;
    private final JsonMapper json;

    public IdempotentPosts(IdempotencyStore store, UnitOfWork unitOfWork, JsonMapper json) {
        this.store = store;
        this.unitOfWork = unitOfWork;
        this.json = json;
    }

    /** The scope of a caller's keys on a route: the token's id ("token 42"), never a name another token may share. */
    public static String scope(ApiToken token, String route) {
        return "token " + token.id().value() + " " + route;
    }

    /** A 201 with its body and the location of what was created. */
    public record Created(Object body, String location) {
    }

    /** A body already written as UTF-8 JSON, its first {@code length} bytes, answered as it is. */
    public record RawJson(byte[] utf8, int length) {
    }

    /**
     * Runs {@code action} once per key of this caller. The key is the caller's own: {@code scope} is its
     * {@link #scope}; without a key, neither it nor {@code request} is looked at. {@code authorize} is checked before
     * anything is replayed, so a repeat is refused as the request itself would be.
     */
    public HttpResponse<?> create(String key, String scope, Object request, Runnable authorize,
            Supplier<Created> action) {
        if (key == null) {
            Created created = action.get();
            if (created.body() instanceof RawJson raw) {
                // Handed to the connection as it is: a byte[] body would be copied into a buffer grown while it is
                // written, and a batch's answer is large.
                return HttpResponse.created(Unpooled.wrappedBuffer(raw.utf8(), 0, raw.length()))
                        .contentType(MediaType.APPLICATION_JSON_TYPE)
                        .header(HttpHeaders.LOCATION, created.location());
            }
            return HttpResponse.created(created.body()).header(HttpHeaders.LOCATION, created.location());
        }
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw new InvalidValue(HEADER, "must be 1-" + MAX_KEY_LENGTH + " characters");
        }
        authorize.run();
        String hash = hash(request);
        // The key, what the request writes and its response commit together: a repeat waits for the first to end.
        return unitOfWork.inOneTransaction(() -> switch (store.claim(scope, key, hash)) {
            case Claim.Granted granted -> {
                Created created = action.get();
                var response = new StoredResponse(HttpStatus.CREATED.getCode(), write(created.body()),
                        created.location());
                store.remember(scope, key, response);
                yield replay(response);
            }
            case Claim.Replayed replayed -> replay(replayed.response()).header(REPLAYED, "true");
            case Claim.Mismatch mismatch -> throw new IdempotencyKeyReused(key);
        });
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
        if (value instanceof RawJson raw) {
            return new String(raw.utf8(), 0, raw.length(), StandardCharsets.UTF_8);
        }
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
