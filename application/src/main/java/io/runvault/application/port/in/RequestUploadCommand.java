package io.runvault.application.port.in;

import io.runvault.domain.ArtifactKind;
import io.runvault.domain.InvalidValue;
import io.runvault.domain.JobId;
import io.runvault.domain.Principal;
import io.runvault.domain.RunId;
import io.runvault.domain.Stage;
import java.util.Objects;

/** Command: which artifact of which job (and run, for run-level kinds) a client wants to upload. */
public record RequestUploadCommand(Principal principal, JobId job, ArtifactKind kind, RunId run, Stage stage) {
    public RequestUploadCommand {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(job, "job");
        if (kind == null) {
            throw new InvalidValue("kind", "must be set");
        }
        stage = stage == null ? Stage.FINAL : stage;
    }
}
