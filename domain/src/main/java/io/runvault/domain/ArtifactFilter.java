package io.runvault.domain;

/** Query: which artifacts of a job a list shows; null fields do not filter. */
public record ArtifactFilter(ArtifactKind kind, ArtifactState state) {
    public static ArtifactFilter all() {
        return new ArtifactFilter(null, null);
    }

    public static ArtifactFilter storedResults() {
        return new ArtifactFilter(ArtifactKind.RUN_RESULTS, ArtifactState.STORED);
    }
}
