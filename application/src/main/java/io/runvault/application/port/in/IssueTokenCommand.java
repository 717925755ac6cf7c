package io.runvault.application.port.in;

import io.runvault.domain.ApiToken;
import io.runvault.domain.Principal;
import java.util.Objects;

/** Command: a label for the token and the principal it will act as. */
public record IssueTokenCommand(String label, Principal principal) {
    public IssueTokenCommand {
        label = ApiToken.checkedLabel(label);
        Objects.requireNonNull(principal, "principal");
    }
}
