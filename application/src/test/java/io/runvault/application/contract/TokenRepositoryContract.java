package io.runvault.application.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runvault.application.LastAdminToken;
import io.runvault.application.TokenSecrets;
import io.runvault.application.port.out.JobRepository;
import io.runvault.application.port.out.TokenRepository;
import io.runvault.domain.ApiToken;
import io.runvault.domain.Job;
import io.runvault.domain.NewJob;
import io.runvault.domain.Owner;
import io.runvault.domain.PageRequest;
import io.runvault.domain.Principal;
import io.runvault.domain.Role;
import io.runvault.domain.Tags;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** What every TokenRepository must do; run against the in-memory fake and the Postgres adapter. */
public abstract class TokenRepositoryContract {
    protected abstract TokenRepository tokens();

    protected abstract JobRepository jobs();

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);

    private ApiToken insert(Principal principal, String secret) {
        return tokens().insert("label", principal, TokenSecrets.prefix(secret), TokenSecrets.hash(secret), NOW,
                null);
    }

    @Test
    void ofTwoAdminsRevokingEachOtherAtOnceOneStaysAndTheLastCannotBeRevoked() throws Exception {
        ApiToken first = insert(Principal.admin("first"), TokenSecrets.generate());
        ApiToken second = insert(Principal.admin("second"), TokenSecrets.generate());
        for (ApiToken other : tokens().list(PageRequest.first(500)).items()) {
            if (other.principal().is(Role.ADMIN) && !other.isRevoked() && !other.id().equals(first.id())
                    && !other.id().equals(second.id())) {
                assertTrue(tokens().revoke(other.id(), NOW));
            }
        }
        var barrier = new CyclicBarrier(2);
        List<Callable<Boolean>> revocations = List.of(first, second).stream().map(token -> (Callable<Boolean>) () -> {
            barrier.await(10, TimeUnit.SECONDS);
            try {
                return tokens().revoke(token.id(), NOW);
            } catch (LastAdminToken refused) {
                return false;
            }
        }).toList();
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Boolean> outcomes = new ArrayList<>();
            for (Future<Boolean> outcome : pool.invokeAll(revocations)) {
                outcomes.add(outcome.get());
            }
            assertEquals(1, outcomes.stream().filter(revoked -> revoked).count(), outcomes.toString());
        }
        assertTrue(tokens().hasActiveAdmin(NOW));
        ApiToken left = tokens().list(PageRequest.first(500)).items().stream()
                .filter(token -> token.principal().is(Role.ADMIN) && !token.isRevoked()).findFirst().orElseThrow();
        assertTrue(left.id().equals(first.id()) || left.id().equals(second.id()));
        assertThrows(LastAdminToken.class, () -> tokens().revoke(left.id(), NOW));
        assertTrue(tokens().hasActiveAdmin(NOW));
        insert(Principal.admin("third"), TokenSecrets.generate());
        assertTrue(tokens().revoke(left.id(), NOW), "with another admin, it may go");
    }

    @Test
    void keepsWhenATokenExpiresAndStillFindsItForTheCallerToJudge() {
        String secret = TokenSecrets.generate();
        Instant expiresAt = NOW.plus(1, ChronoUnit.HOURS);
        ApiToken token = tokens().insert("expiring", Principal.admin("e"), TokenSecrets.prefix(secret),
                TokenSecrets.hash(secret), NOW, expiresAt);

        assertEquals(expiresAt, token.expiresAt());
        assertEquals(token, tokens().findActiveBySecretHash(TokenSecrets.hash(secret)).orElseThrow());
        assertEquals(expiresAt, tokens().list(PageRequest.first(1)).items().getFirst().expiresAt());
        assertTrue(tokens().hasActiveAdmin(expiresAt.minusSeconds(1)));
    }

    @Test
    void findsAnActiveTokenByTheHashOfItsSecretOnly() {
        Job job = jobs().insert(new NewJob(new Owner("tokens"), Tags.none(), NOW));
        String secret = TokenSecrets.generate();
        ApiToken token = insert(Principal.worker("w", job.id(), null), secret);
        assertEquals(token, tokens().findActiveBySecretHash(TokenSecrets.hash(secret)).orElseThrow());
        assertTrue(tokens().findActiveBySecretHash(TokenSecrets.hash(secret + "x")).isEmpty());
        assertEquals(job.id(), token.principal().jobScope());
    }

    @Test
    void aRevokedTokenNoLongerAuthenticatesAndRevokesOnce() {
        String secret = TokenSecrets.generate();
        ApiToken token = insert(Principal.client("c"), secret);
        assertTrue(tokens().revoke(token.id(), NOW));
        assertFalse(tokens().revoke(token.id(), NOW));
        assertTrue(tokens().findActiveBySecretHash(TokenSecrets.hash(secret)).isEmpty());
    }

    @Test
    void whatIsKnownWithoutAQueryNeverDisagreesWithTheStore() {
        String secret = TokenSecrets.generate();
        String hash = TokenSecrets.hash(secret);
        ApiToken token = insert(Principal.client("m"), secret);
        assertTrue(tokens().findActiveBySecretHashInMemory(TokenSecrets.hash(secret + "x")).isEmpty());
        ApiToken found = tokens().findActiveBySecretHash(hash).orElseThrow();
        tokens().findActiveBySecretHashInMemory(hash).ifPresent(known -> assertEquals(found, known));
        assertTrue(tokens().revoke(token.id(), NOW));
        assertTrue(tokens().findActiveBySecretHashInMemory(hash).isEmpty(), "a revoked token is not known");
    }

    @Test
    void aTokenThatWasJustUsedStopsAuthenticatingOnceRevoked() {
        String secret = TokenSecrets.generate();
        ApiToken token = insert(Principal.client("c"), secret);
        assertTrue(tokens().findActiveBySecretHash(TokenSecrets.hash(secret)).isPresent());
        assertTrue(tokens().findActiveBySecretHash(TokenSecrets.hash(secret)).isPresent());
        assertTrue(tokens().revoke(token.id(), NOW));
        assertTrue(tokens().findActiveBySecretHash(TokenSecrets.hash(secret)).isEmpty());
    }

    @Test
    void insertingTheSameSecretTwiceKeepsOneToken() {
        String secret = TokenSecrets.generate();
        assertEquals(insert(Principal.admin("a"), secret).id(), insert(Principal.admin("a"), secret).id());
        assertTrue(tokens().hasActiveAdmin(NOW));
    }

    @Test
    void listsNewestFirst() {
        ApiToken older = insert(Principal.client("c1"), TokenSecrets.generate());
        ApiToken newer = insert(Principal.client("c2"), TokenSecrets.generate());
        var listed = tokens().list(PageRequest.first(2)).items();
        assertEquals(newer.id(), listed.get(0).id());
        assertEquals(older.id(), listed.get(1).id());
    }
}
