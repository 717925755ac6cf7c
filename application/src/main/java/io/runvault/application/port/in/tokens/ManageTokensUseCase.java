package io.runvault.application.port.in.tokens;

import io.runvault.domain.ApiToken;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import io.runvault.domain.Principal;
import io.runvault.domain.TokenId;

/** Use case: admins list tokens (never their secrets) and revoke them. */
public interface ManageTokensUseCase {
    Page<ApiToken> list(Principal admin, PageRequest page);

    void revoke(Principal admin, TokenId id);
}
