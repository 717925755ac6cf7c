package io.runvault.application.port.in.artifacts;

import io.runvault.domain.DeclaredLength;
import io.runvault.domain.JobId;
import io.runvault.domain.Principal;
import io.runvault.domain.RunId;
import io.runvault.domain.Stage;
import java.io.InputStream;
import java.util.Objects;

/** Command: the results body of one stage of one run, streamed, with the length it declared (if any). */
public record UploadResultsCommand(Principal principal, JobId job, RunId run, Stage stage, InputStream body,
        DeclaredLength length) {
    public UploadResultsCommand {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(body, "body");
        length = length == null ? DeclaredLength.unknown() : length;
        stage = Stage.orFinal(stage);
    }
}
