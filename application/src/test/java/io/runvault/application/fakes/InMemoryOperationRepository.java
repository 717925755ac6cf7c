package io.runvault.application.fakes;

import io.runvault.application.ConcurrentChange;
import io.runvault.application.port.out.OperationRepository;
import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactId;
import io.runvault.domain.Fence;
import io.runvault.domain.JobId;
import io.runvault.domain.Operation;
import io.runvault.domain.OperationId;
import io.runvault.domain.OperationKind;
import io.runvault.domain.OperationState;
import io.runvault.domain.Owner;
import io.runvault.domain.RunnerId;
import io.runvault.domain.StorageKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Fake of the operations store for use-case tests; passes the same contract as the Postgres adapter. */
public final class InMemoryOperationRepository implements OperationRepository {
    private record Row(OperationId id, OperationKind kind, JobId job, OperationState state, Owner by, String error,
            long total, long done, Instant createdAt) {
        Row with(OperationState newState, String newError) {
            return new Row(id, kind, job, newState, by, newError, total, done, createdAt);
        }
    }

    private record Step(StorageKey key, String state, String message) {
    }

    private record Claim(RunnerId runner, long untilNanos) {
        boolean lapsed() {
            return System.nanoTime() - untilNanos >= 0;
        }

        Instant until() {
            return Instant.now().plusNanos(untilNanos - System.nanoTime());
        }
    }

    private final Map<OperationId, Row> rows = new HashMap<>();
    private final Map<OperationId, TreeMap<Long, Step>> steps = new HashMap<>();
    private final Map<OperationId, Claim> claims = new HashMap<>();
    private final Map<OperationId, TreeMap<String, String>> findings = new HashMap<>();
    private long ids;

    @Override
    public synchronized Operation open(OperationKind kind, JobId job, Owner requestedBy) {
        if (rows.values().stream().anyMatch(row -> row.job().equals(job) && !row.state().isFinished())) {
            throw new ConcurrentChange("job " + job + " got another operation at the same time");
        }
        var row = new Row(new OperationId(++ids), kind, job, OperationState.RUNNING, requestedBy, null, 0, 0,
                Instant.now());
        rows.put(row.id(), row);
        steps.put(row.id(), new TreeMap<>());
        return toDomain(row);
    }

    @Override
    public synchronized Optional<Operation> findById(OperationId id) {
        return Optional.ofNullable(rows.get(id)).map(this::toDomain);
    }

    @Override
    public synchronized Optional<Operation> findUnfinished(JobId job) {
        return rows.values().stream().filter(row -> row.job().equals(job) && !row.state().isFinished()).findFirst()
                .map(this::toDomain);
    }

    @Override
    public synchronized List<OperationId> running() {
        return rows.values().stream().filter(row -> row.state() == OperationState.RUNNING).map(Row::id)
                .filter(id -> !claims.containsKey(id) || claims.get(id).lapsed())
                .sorted((a, b) -> Long.compare(a.value(), b.value())).toList();
    }

    @Override
    public synchronized boolean claim(Fence fence, Duration lease) {
        OperationId id = fence.operation();
        RunnerId runner = fence.runner();
        Row row = rows.get(id);
        Claim claim = claims.get(id);
        if (row == null || row.state() != OperationState.RUNNING
                || (claim != null && !claim.runner().equals(runner) && !claim.lapsed())) {
            return false;
        }
        claims.put(id, new Claim(runner, System.nanoTime() + lease.toNanos()));
        return true;
    }

    @Override
    public synchronized boolean renew(Fence fence, Duration lease) {
        if (!holds(fence)) {
            return false;
        }
        claims.put(fence.operation(), new Claim(fence.runner(), System.nanoTime() + lease.toNanos()));
        return true;
    }

    @Override
    public synchronized boolean holds(Fence fence) {
        Row row = rows.get(fence.operation());
        Claim claim = claims.get(fence.operation());
        return row != null && row.state() == OperationState.RUNNING && claim != null
                && claim.runner().equals(fence.runner()) && !claim.lapsed();
    }

    @Override
    public synchronized void release(OperationId id, RunnerId runner) {
        claims.computeIfPresent(id, (key, claim) -> claim.runner().equals(runner) ? null : claim);
    }

    @Override
    public synchronized boolean moveTo(Operation.Transition transition) {
        Row row = rows.get(transition.id());
        if (row == null || row.state() != transition.from()) {
            return false;
        }
        rows.put(transition.id(), row.with(transition.to(), transition.error()));
        return true;
    }

    @Override
    public synchronized boolean end(Fence fence, Operation.Ending ending) {
        if (!holds(fence)) {
            return false;
        }
        rows.put(fence.operation(), rows.get(fence.operation()).with(ending.state(), ending.error()));
        claims.remove(fence.operation());
        return true;
    }

    @Override
    public synchronized boolean addSteps(Fence fence, List<Artifact> artifacts) {
        if (!holds(fence)) {
            return false;
        }
        artifacts.forEach(artifact -> steps.get(fence.operation()).putIfAbsent(artifact.id().value(),
                new Step(artifact.key(), "OPEN", null)));
        return true;
    }

    /** Steps not done yet, in artifact id order after {@code after} (null: from the first): for the MoveSteps fake. */
    public synchronized List<ArtifactId> openSteps(OperationId id, ArtifactId after, int limit) {
        return steps.get(id).tailMap(after == null ? 0L : after.value(), false).entrySet().stream()
                .filter(step -> !step.getValue().state().equals("DONE")).limit(limit)
                .map(step -> new ArtifactId(step.getKey())).toList();
    }

    /** Ends the step done while the runner holds the claim (false when not): for the MoveRecords fake. */
    public synchronized boolean stepDone(Fence fence, ArtifactId artifact) {
        return step(fence, artifact, "DONE", null);
    }

    /** Ends the step failed while the runner holds the claim (false when not): for the MoveRecords fake. */
    public synchronized boolean stepFailed(Fence fence, ArtifactId artifact, String message) {
        return step(fence, artifact, "FAILED", message);
    }

    private boolean step(Fence fence, ArtifactId artifact, String state, String message) {
        if (!holds(fence)) {
            return false;
        }
        steps.get(fence.operation()).computeIfPresent(artifact.value(), (k, step) -> new Step(step.key(), state,
                message));
        return true;
    }

    @Override
    public synchronized void reopenFailedSteps(OperationId id) {
        steps.get(id).replaceAll((k, step) -> step.state().equals("FAILED") ? new Step(step.key(), "OPEN", null)
                : step);
    }

    @Override
    public synchronized boolean addProgress(Fence fence, long total, long done) {
        if (!holds(fence)) {
            return false;
        }
        Row row = rows.get(fence.operation());
        rows.put(row.id(), new Row(row.id(), row.kind(), row.job(), row.state(), row.by(), row.error(),
                row.total() + total, row.done() + done, row.createdAt()));
        return true;
    }

    @Override
    public synchronized boolean addFinding(Fence fence, StorageKey key, String message) {
        if (!holds(fence)) {
            return false;
        }
        findings.computeIfAbsent(fence.operation(), id -> new TreeMap<>()).putIfAbsent(key.value(), message);
        return true;
    }

    private Operation toDomain(Row row) {
        var mine = steps.get(row.id());
        List<Operation.Failure> failures = new ArrayList<>();
        mine.forEach((artifact, step) -> {
            if (step.state().equals("FAILED")) {
                failures.add(new Operation.Failure(new ArtifactId(artifact), step.key(), step.message()));
            }
        });
        findings.getOrDefault(row.id(), new TreeMap<>()).forEach((key, message) ->
                failures.add(new Operation.Failure(null, new StorageKey(key), message)));
        long done = mine.values().stream().filter(step -> step.state().equals("DONE")).count();
        Claim claim = claims.get(row.id());
        return new Operation(row.id(), row.kind(), row.job(), row.state(), row.by(), row.total() + mine.size(),
                row.done() + done, failures.size(), failures, row.error(), row.createdAt(), row.createdAt(),
                claim == null ? null : new Operation.Claim(claim.runner(), claim.until()));
    }
}
