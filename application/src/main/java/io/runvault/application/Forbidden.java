package io.runvault.application;

import io.runvault.domain.Principal;
import java.util.Locale;

/** The caller is known and may see the thing, but its role or scope does not allow this action. */
public final class Forbidden extends RunvaultException {
    public Forbidden(Principal principal, String action) {
        super(principal.role().name().toLowerCase(Locale.ROOT) + " '" + principal.name() + "' may not "
                + action);
    }
}
