package io.runvault.application.service.tokens;

import io.runvault.application.AccessPolicy;
import io.runvault.application.TokenNotFound;
import io.runvault.application.port.in.tokens.ManageTokensUseCase;
import io.runvault.application.port.out.TokenRepository;
import io.runvault.domain.ApiToken;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import io.runvault.domain.Principal;
import io.runvault.domain.Role;
import io.runvault.domain.TokenId;
import java.time.Clock;

/** Use case: admins list and revoke tokens. */
public final class ManageTokens implements ManageTokensUseCase {
    private final TokenRepository tokens;
    private final AccessPolicy policy;
    private final Clock clock;

    public ManageTokens(TokenRepository tokens, AccessPolicy policy, Clock clock) {
        this.tokens = tokens;
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public Page<ApiToken> list(Principal admin, PageRequest page) {
        policy.require(admin, "list tokens", Role.ADMIN);
        return tokens.list(page);
    }

    @Override
    public void revoke(Principal admin, TokenId id) {
        policy.require(admin, "revoke tokens", Role.ADMIN);
        if (!tokens.revoke(id, clock.instant())) {
            throw new TokenNotFound(id);
        }
    }
}
