package io.runvault.domain;

/** Value object: an artifact's identity in the database (its row), assigned by an identity column. */
public record ArtifactId(long value) {
    public ArtifactId {
        if (value <= 0) {
            throw new InvalidValue("artifactId", "must be positive");
        }
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
