package io.runvault.application.port.in.jobs;

import io.runvault.domain.Principal;
import io.runvault.domain.Tags;
import java.util.Objects;

/** Command: who creates the job (and so owns it) and with which tags. */
public record CreateJobCommand(Principal principal, Tags tags) {
    public CreateJobCommand {
        Objects.requireNonNull(principal, "principal");
        tags = tags == null ? Tags.none() : tags;
    }
}
