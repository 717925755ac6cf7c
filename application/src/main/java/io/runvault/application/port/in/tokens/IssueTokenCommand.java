package io.runvault.application.port.in.tokens;

import io.runvault.domain.ApiToken;
import io.runvault.domain.Principal;
import java.time.Instant;
import java.util.Objects;

/** Command: a label for the token, the principal it will act as, and when it expires (null: never). */
public record IssueTokenCommand(String label, Principal principal, Instant expiresAt) {
    public IssueTokenCommand {
        label = ApiToken.checkedLabel(label);
        Objects.requireNonNull(principal, "principal");
    }
}
