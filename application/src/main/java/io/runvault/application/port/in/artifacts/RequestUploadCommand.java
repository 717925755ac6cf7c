package io.runvault.application.port.in.artifacts;

import io.runvault.domain.ArtifactKind;
import io.runvault.domain.Checksum;
import io.runvault.domain.InvalidValue;
import io.runvault.domain.JobId;
import io.runvault.domain.Principal;
import io.runvault.domain.RunId;
import io.runvault.domain.Stage;
import java.util.Objects;

/**
 * Command: which artifact of which job (and run, for run-level kinds) a client wants to upload, and optionally the
 * SHA-256 of the bytes it will send, which the store is then asked to hold the upload to.
 */
public record RequestUploadCommand(Principal principal, JobId job, ArtifactKind kind, RunId run, Stage stage,
        Checksum sha256) {
    public RequestUploadCommand(Principal principal, JobId job, ArtifactKind kind, RunId run, Stage stage) {
        this(principal, job, kind, run, stage, null);
    }

    public RequestUploadCommand {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(job, "job");
        if (kind == null) {
            throw new InvalidValue("kind", "must be set");
        }
        stage = Stage.orFinal(stage);
    }
}
