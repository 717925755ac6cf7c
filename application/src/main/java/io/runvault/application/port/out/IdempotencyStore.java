package io.runvault.application.port.out;

/** Outgoing port: the first response to each keyed creating request, replayed to its repeats within a retention. */
public interface IdempotencyStore {
    /** A response as it was first given. */
    record StoredResponse(int status, String body, String location) {
    }

    /** What a key says of a request: run it now, replay its first response, or refuse another body under it. */
    sealed interface Claim {
        /** The key is new (or older than the retention, so free again): the request runs now. */
        record Granted() implements Claim {
        }

        /** The key was used before with the same request: here is the first response. */
        record Replayed(StoredResponse response) implements Claim {
        }

        /** The key was used before with a different request. */
        record Mismatch() implements Claim {
        }
    }

    /**
     * Claims the key within the caller's {@link UnitOfWork}, the one that also holds the request's writes and the
     * {@link #remember remembered} response, so they commit together or not at all. A concurrent claim of the same
     * key waits until that unit commits (then it is replayed) or rolls back (then it is granted): never run twice,
     * never lost.
     */
    Claim claim(String scope, String key, String requestHash);

    /** Stores the response under a key granted in this same unit of work. */
    void remember(String scope, String key, StoredResponse response);

    /** Forgets keys older than the retention; returns how many. */
    int purgeExpired();
}
