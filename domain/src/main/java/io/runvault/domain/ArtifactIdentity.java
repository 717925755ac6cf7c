package io.runvault.domain;

import java.util.Objects;

/**
 * Value object: what makes two artifacts the same one: job, run (for run-level kinds), kind and stage. Every part
 * is also part of the storage key, so two identities can never share an object.
 */
public record ArtifactIdentity(JobId job, RunId run, ArtifactKind kind, Stage stage) {
    public ArtifactIdentity {
        Objects.requireNonNull(job, "job");
        if (kind == null) {
            throw new InvalidValue("kind", "must be set");
        }
        stage = Stage.orFinal(stage);
        if (kind.ofRun() && run == null) {
            throw new InvalidValue("runId", kind.wireName() + " belongs to a run: name the run");
        }
        if (!kind.ofRun() && run != null) {
            throw new InvalidValue("runId", kind.wireName() + " belongs to the job, not to a run");
        }
    }

    public static ArtifactIdentity runResults(JobId job, RunId run, Stage stage) {
        return new ArtifactIdentity(job, run, ArtifactKind.RUN_RESULTS, stage);
    }
}
