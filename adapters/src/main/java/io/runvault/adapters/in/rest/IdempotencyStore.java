package io.runvault.adapters.in.rest;

import java.util.function.Supplier;

/**
 * Remembers the first response to each keyed creating request, atomically with what the request created: a
 * request runs at most once per (scope, key) within the retention, and its repeats get the first response back.
 */
public interface IdempotencyStore {
    /** A response as it was first given. */
    record StoredResponse(int status, String body, String location) {
    }

    /** What became of a keyed request: run now, replayed, or refused because the key came with another body. */
    sealed interface Outcome {
        /** The request ran now and its response is stored under the key. */
        record Fresh(StoredResponse response) implements Outcome {
        }

        /** The key was used before with the same request: here is the first response. */
        record Replayed(StoredResponse response) implements Outcome {
        }

        /** The key was used before with a different request. */
        record Mismatch() implements Outcome {
        }
    }

    /**
     * Runs the action unless the key was seen within the retention; its writes and the stored response commit
     * together or not at all. A key older than the retention is free again.
     */
    Outcome execute(String scope, String key, String requestHash, Supplier<StoredResponse> action);

    /** Forgets keys older than the retention; returns how many. */
    int purgeExpired();
}
