package io.runvault.application.service;

import io.runvault.application.service.tokens.Authenticate;
import io.runvault.application.service.tokens.BootstrapAdmin;
import io.runvault.application.service.tokens.IssueToken;
import io.runvault.application.service.tokens.ManageTokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runvault.application.AccessPolicy;
import io.runvault.application.Forbidden;
import io.runvault.application.JobNotFound;
import io.runvault.application.LastAdminToken;
import io.runvault.application.TokenNotFound;
import io.runvault.application.fakes.InMemoryJobRepository;
import io.runvault.application.fakes.InMemoryRunRepository;
import io.runvault.application.fakes.InMemoryTokenRepository;
import io.runvault.application.port.in.tokens.IssueTokenCommand;
import io.runvault.domain.InvalidValue;
import io.runvault.domain.JobId;
import io.runvault.domain.PageRequest;
import io.runvault.domain.Principal;
import io.runvault.domain.Role;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenUseCasesTest {
    private final Clock clock = Clock.systemUTC();
    private final InMemoryTokenRepository tokens = new InMemoryTokenRepository();
    private final InMemoryJobRepository jobs = new InMemoryJobRepository();
    private final AccessPolicy policy = new AccessPolicy(false);
    private final IssueToken issue = new IssueToken(tokens, jobs, new InMemoryRunRepository(jobs), policy, clock);
    private final ManageTokens manage = new ManageTokens(tokens, policy, clock);
    private final Authenticate authenticate = new Authenticate(tokens, clock);
    private final BootstrapAdmin bootstrap = new BootstrapAdmin(tokens, clock);
    private final Principal admin = Principal.admin("root");

    @Test
    void anIssuedSecretAuthenticatesUntilRevokedAndIsNeverListed() {
        var issued = issue.issue(admin, new IssueTokenCommand("ci", Principal.client("alice"), null));
        assertTrue(issued.secret().startsWith("rv_"));
        assertEquals(Principal.client("alice"), authenticate.authenticate(issued.secret()).orElseThrow());
        assertTrue(manage.list(admin, PageRequest.first(10)).items().stream()
                .noneMatch(token -> token.toString().contains(issued.secret())));
        manage.revoke(admin, issued.token().id());
        assertTrue(authenticate.authenticate(issued.secret()).isEmpty());
        assertThrows(TokenNotFound.class, () -> manage.revoke(admin, issued.token().id()));
    }

    @Test
    void aTokenWithAnExpiryAuthenticatesUntilThenAndNotAfter() {
        Instant expiresAt = clock.instant().plus(Duration.ofHours(1));
        var issued = issue.issue(admin, new IssueTokenCommand("ci", Principal.client("carol"), expiresAt));
        assertEquals(expiresAt, issued.token().expiresAt());

        assertTrue(authenticate.authenticate(issued.secret()).isPresent());
        assertTrue(authenticateIn(Duration.ofMinutes(59)).authenticate(issued.secret()).isPresent());
        assertTrue(authenticateIn(Duration.ofMinutes(61)).authenticate(issued.secret()).isEmpty());
    }

    @Test
    void aTokenKnownWithoutWaitingIsJudgedAsAnyOther() {
        Instant expiresAt = clock.instant().plus(Duration.ofHours(1));
        var issued = issue.issue(admin, new IssueTokenCommand("ci", Principal.client("fay"), expiresAt));

        assertEquals(issued.token(), authenticate.tokenWithoutWaiting(issued.secret()).orElseThrow());
        assertTrue(authenticateIn(Duration.ofMinutes(61)).tokenWithoutWaiting(issued.secret()).isEmpty());
        assertTrue(authenticate.tokenWithoutWaiting(" ").isEmpty());
        assertTrue(authenticate.tokenWithoutWaiting("x".repeat(513)).isEmpty());
        manage.revoke(admin, issued.token().id());
        assertTrue(authenticate.tokenWithoutWaiting(issued.secret()).isEmpty());
    }

    @Test
    void anExpiryMustLieInTheFuture() {
        var command = new IssueTokenCommand("late", Principal.client("dan"), clock.instant().minusSeconds(1));
        assertThrows(InvalidValue.class, () -> issue.issue(admin, command));
    }

    @Test
    void anExpiredAdminTokenDoesNotStopTheNextStartFromMakingOne() {
        issue.issue(admin, new IssueTokenCommand("short-lived", Principal.admin("eve"),
                clock.instant().plus(Duration.ofHours(1))));
        assertTrue(bootstrap.ensureAdmin(null).isEmpty(), "an admin can still sign in");

        var later = new BootstrapAdmin(tokens, Clock.offset(clock, Duration.ofHours(2)));
        String generated = later.ensureAdmin(null).orElseThrow();
        assertTrue(authenticateIn(Duration.ofHours(2)).authenticate(generated).orElseThrow().is(Role.ADMIN));
    }

    private Authenticate authenticateIn(Duration later) {
        return new Authenticate(tokens, Clock.offset(clock, later));
    }

    @Test
    void onlyAdminsManageTokens() {
        var command = new IssueTokenCommand("x", Principal.client("bob"), null);
        assertThrows(Forbidden.class, () -> issue.issue(Principal.client("alice"), command));
        assertThrows(Forbidden.class, () -> manage.list(Principal.worker("w", null, null), PageRequest.first(1)));
    }

    @Test
    void aWorkerScopeMustNameARealJob() {
        var command = new IssueTokenCommand("w", Principal.worker("w", new JobId(404), null), null);
        assertThrows(JobNotFound.class, () -> issue.issue(admin, command));
    }

    @Test
    void firstStartGeneratesOneAdminTokenAndLaterStartsKeepIt() {
        String generated = bootstrap.ensureAdmin(null).orElseThrow();
        assertTrue(authenticate.authenticate(generated).orElseThrow().is(Role.ADMIN));
        assertTrue(bootstrap.ensureAdmin("").isEmpty());
    }

    @Test
    void theLastWorkingAdminTokenCannotBeRevoked() {
        String configured = "configured-admin-token-of-enough-length";
        bootstrap.ensureAdmin(configured);
        var only = manage.list(admin, PageRequest.first(10)).items().getFirst();
        assertThrows(LastAdminToken.class, () -> manage.revoke(admin, only.id()));
        assertTrue(authenticate.authenticate(configured).isPresent());
    }

    @Test
    void aStartRecoversALostAdminWithANewConfiguredTokenOrAFreshOneButNeverUnrevokesOne() {
        String configured = "configured-admin-token-of-enough-length";
        bootstrap.ensureAdmin(configured);
        var configuredToken = manage.list(admin, PageRequest.first(10)).items().getFirst();
        // Another admin, which then expires: the configured one could be revoked, and now no admin works.
        issue.issue(admin, new IssueTokenCommand("brief", Principal.admin("eve"), clock.instant().plusSeconds(60)));
        manage.revoke(admin, configuredToken.id());
        var later = new BootstrapAdmin(tokens, Clock.offset(clock, Duration.ofHours(1)));

        String fresh = later.ensureAdmin(configured).orElseThrow();
        assertTrue(authenticateIn(Duration.ofHours(1)).authenticate(fresh).orElseThrow().is(Role.ADMIN));
        assertTrue(authenticateIn(Duration.ofHours(1)).authenticate(configured).isEmpty(), "a revocation stands");

        String replacement = "a-new-configured-admin-token-of-enough-length";
        assertTrue(later.ensureAdmin(replacement).isEmpty());
        assertTrue(authenticateIn(Duration.ofHours(1)).authenticate(replacement).orElseThrow().is(Role.ADMIN));
    }

    @Test
    void aConfiguredAdminTokenIsStoredOnceAndMustBeStrong() {
        String configured = "configured-admin-token-of-enough-length";
        assertTrue(bootstrap.ensureAdmin(configured).isEmpty());
        assertTrue(bootstrap.ensureAdmin(configured).isEmpty());
        assertEquals(1, manage.list(admin, PageRequest.first(10)).items().size());
        assertTrue(authenticate.authenticate(configured).isPresent());
        assertThrows(InvalidValue.class, () -> bootstrap.ensureAdmin("short"));
    }
}
