package io.runvault.application.port.in;

import io.runvault.domain.Principal;
import java.util.Optional;

/** Use case: who a presented token secret acts for; empty for unknown and revoked tokens alike. */
public interface AuthenticateUseCase {
    Optional<Principal> authenticate(String secret);
}
