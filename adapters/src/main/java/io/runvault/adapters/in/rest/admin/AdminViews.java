package io.runvault.adapters.in.rest.admin;

import io.micronaut.serde.annotation.Serdeable;
import io.runvault.application.port.in.artifacts.JobManifestUseCase;
import io.runvault.application.port.in.operations.VerifyJobsUseCase;
import io.runvault.domain.AuditEntry;
import io.runvault.domain.LifecycleRule;
import io.runvault.domain.Operation;
import java.util.List;

/** JSON shapes the admin API returns. */
final class AdminViews {
    private AdminViews() {
    }

    /** An admin operation and how far it got. */
    @Serdeable
    record OperationView(long id, String kind, long jobId, String state, String requestedBy, long total, long done,
            long failed, List<FailureView> failures, String error, String createdAt, String updatedAt,
            String claimedBy, String claimedUntil) {
        static OperationView of(Operation operation) {
            return new OperationView(operation.id().value(), operation.kind().name(), operation.job().value(),
                    operation.state().name(), operation.requestedBy().value(), operation.total(), operation.done(),
                    operation.failed(), operation.failures().stream().map(FailureView::of).toList(), operation.error(),
                    operation.createdAt().toString(), operation.updatedAt().toString(),
                    operation.claim() == null ? null : operation.claim().runner().value(),
                    operation.claim() == null ? null : operation.claim().until().toString());
        }
    }

    /** One job of a page of the all-jobs scrub: its verify operation, or why it has none. */
    @Serdeable
    record VerifyStartedView(long jobId, OperationView operation, String refused) {
        static VerifyStartedView of(VerifyJobsUseCase.Started started) {
            return new VerifyStartedView(started.job().value(),
                    started.operation() == null ? null : OperationView.of(started.operation()), started.refused());
        }
    }

    /** A failed step of an operation. */
    @Serdeable
    record FailureView(Long artifactId, String key, String message) {
        static FailureView of(Operation.Failure failure) {
            return new FailureView(failure.artifact() == null ? null : failure.artifact().value(),
                    failure.key() == null ? null : failure.key().value(), failure.message());
        }
    }

    /** An artifact of the manifest: its own key, where its bytes are now, and a URL to them. */
    @Serdeable
    record ManifestEntryView(long artifactId, String kind, Long runId, String stage, String key, long size,
            String sha256, String location, String locationKey, String url, String expiresAt) {
        static ManifestEntryView of(JobManifestUseCase.Entry entry) {
            var artifact = entry.artifact();
            var identity = artifact.identity();
            return new ManifestEntryView(artifact.id().value(), identity.kind().wireName(),
                    identity.run() == null ? null : identity.run().value(), identity.stage().value(),
                    artifact.key().value(), artifact.size(), artifact.checksum().value(),
                    artifact.isArchived() ? "archive" : "original", artifact.location().key().value(),
                    entry.url().url().toString(), entry.url().expiresAt().toString());
        }
    }

    /** One audit log entry. */
    @Serdeable
    record AuditView(long id, String at, String actor, String action, String target, String outcome) {
        static AuditView of(AuditEntry entry) {
            return new AuditView(entry.id(), entry.at().toString(), entry.actor().value(), entry.action(),
                    entry.target(), entry.outcome());
        }
    }

    /** One lifecycle rule as installed. */
    @Serdeable
    record RuleView(String id, String tier, String prefix, Integer abortIncompleteUploadsAfterDays,
            String transitionStorageClass, Integer transitionAfterDays, Integer expireAfterDays) {
        static RuleView of(LifecycleRule rule) {
            return new RuleView(rule.id(), rule.tier().name(), rule.prefix() == null ? "" : rule.prefix().value(),
                    rule.abortIncompleteUploadsAfterDays(), rule.transitionStorageClass(), rule.transitionAfterDays(),
                    rule.expireAfterDays());
        }
    }

    /** The rules installed. */
    @Serdeable
    record LifecycleView(List<RuleView> rules) {
    }
}
