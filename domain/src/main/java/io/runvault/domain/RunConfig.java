package io.runvault.domain;

/** Value object: a run's configuration, a JSON object kept as the client sent it (adapters check the syntax). */
public record RunConfig(String json) {
    public static final int MAX_BYTES = 64 * 1024;

    public RunConfig {
        if (json == null || json.isBlank()) {
            throw new InvalidValue("config", "must be a JSON object");
        }
        json = json.strip();
        if (!json.startsWith("{") || !json.endsWith("}")) {
            throw new InvalidValue("config", "must be a JSON object");
        }
        if (json.length() > MAX_BYTES) {
            throw new InvalidValue("config", "must be at most " + MAX_BYTES + " characters");
        }
    }
}
