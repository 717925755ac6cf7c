package io.runvault.application.service.tokens;

import io.runvault.application.AccessPolicy;
import io.runvault.application.JobNotFound;
import io.runvault.application.RunNotFound;
import io.runvault.application.TokenSecrets;
import io.runvault.application.port.in.tokens.IssueTokenCommand;
import io.runvault.application.port.in.tokens.IssueTokenUseCase;
import io.runvault.application.port.out.JobRepository;
import io.runvault.application.port.out.RunRepository;
import io.runvault.application.port.out.TokenRepository;
import io.runvault.domain.InvalidValue;
import io.runvault.domain.Principal;
import io.runvault.domain.Role;
import java.time.Clock;
import java.time.Instant;

/** Use case: an admin issues a token; a worker's scope must name a real job (and a run of it). */
public final class IssueToken implements IssueTokenUseCase {
    private final TokenRepository tokens;
    private final JobRepository jobs;
    private final RunRepository runs;
    private final AccessPolicy policy;
    private final Clock clock;

    public IssueToken(TokenRepository tokens, JobRepository jobs, RunRepository runs, AccessPolicy policy,
            Clock clock) {
        this.tokens = tokens;
        this.jobs = jobs;
        this.runs = runs;
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public IssuedToken issue(Principal issuer, IssueTokenCommand command) {
        policy.require(issuer, "issue tokens", Role.ADMIN);
        Principal principal = command.principal();
        if (principal.jobScope() != null && jobs.findById(principal.jobScope()).isEmpty()) {
            throw new JobNotFound(principal.jobScope());
        }
        if (principal.runScope() != null && runs.findById(principal.runScope())
                .filter(run -> run.belongsTo(principal.jobScope())).isEmpty()) {
            throw new RunNotFound(principal.runScope(), principal.jobScope());
        }
        Instant now = clock.instant();
        if (command.expiresAt() != null && !command.expiresAt().isAfter(now)) {
            throw new InvalidValue("expiresAt", "must be in the future");
        }
        String secret = TokenSecrets.generate();
        var token = tokens.insert(command.label(), principal, TokenSecrets.prefix(secret), TokenSecrets.hash(secret),
                now, command.expiresAt());
        return new IssuedToken(token, secret);
    }
}
