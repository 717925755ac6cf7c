package io.runvault.application.port.in;

import io.runvault.domain.Owner;
import io.runvault.domain.Tags;
import java.util.Objects;

/** Command: who creates the job and with which tags. */
public record CreateJobCommand(Owner owner, Tags tags) {
    public CreateJobCommand {
        Objects.requireNonNull(owner, "owner");
        tags = tags == null ? Tags.none() : tags;
    }
}
