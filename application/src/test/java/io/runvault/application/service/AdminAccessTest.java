package io.runvault.application.service;

import io.runvault.application.service.artifacts.JobManifest;
import io.runvault.application.service.jobs.GetJob;
import io.runvault.application.service.operations.Audit;
import io.runvault.application.service.operations.GetOperation;
import io.runvault.application.service.operations.InstallLifecycle;
import io.runvault.application.service.operations.OperationEnds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runvault.application.AccessPolicy;
import io.runvault.application.Forbidden;
import io.runvault.application.fakes.InMemoryArtifactRepository;
import io.runvault.application.fakes.InMemoryArtifactStorage;
import io.runvault.application.fakes.InMemoryAuditLog;
import io.runvault.application.fakes.InMemoryJobRepository;
import io.runvault.application.fakes.InMemoryOperationRepository;
import io.runvault.domain.AuditEntry;
import io.runvault.domain.Job;
import io.runvault.domain.LifecyclePolicy;
import io.runvault.domain.LifecycleRule;
import io.runvault.domain.NewJob;
import io.runvault.domain.Operation;
import io.runvault.domain.OperationKind;
import io.runvault.domain.Owner;
import io.runvault.domain.PageRequest;
import io.runvault.domain.Principal;
import io.runvault.domain.Tags;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every admin use case decides for itself that its caller is an admin, whichever way it is reached. */
class AdminAccessTest {
    private static final AccessPolicy POLICY = new AccessPolicy(true);
    private static final Principal ADMIN = Principal.admin("admin");

    private final InMemoryJobRepository jobs = new InMemoryJobRepository();
    private final InMemoryOperationRepository operations = new InMemoryOperationRepository();
    private final InMemoryAuditLog log = new InMemoryAuditLog();
    private final List<LifecycleRule> installed = new ArrayList<>();
    private final GetJob getJob = new GetJob(jobs, POLICY);
    private final GetOperation getOperation = new GetOperation(operations, POLICY, new OperationEnds(),
            Duration.ofSeconds(1));
    private final Audit audit = new Audit(log, POLICY);
    private final InstallLifecycle lifecycle = new InstallLifecycle(installed::addAll,
            new LifecyclePolicy(7, null, 30), POLICY);
    private final JobManifest manifest = new JobManifest(getJob, new InMemoryArtifactRepository(),
            new InMemoryArtifactStorage(), Duration.ofMinutes(5), POLICY);

    private final Job job = jobs.insert(new NewJob(new Owner("owner"), Tags.none(), Instant.now()));
    private final Operation operation = operations.open(OperationKind.ARCHIVE, job.id(), ADMIN.name());

    /** The job's own client (who sees it) and a worker that may use any job: known, but not admins. */
    static List<Principal> notAdmins() {
        return List.of(Principal.client("owner"), Principal.worker("worker", null, null));
    }

    @ParameterizedTest
    @MethodSource("notAdmins")
    void anotherRoleMayNotReadAnOperation(Principal caller) {
        assertThrows(Forbidden.class, () -> getOperation.get(caller, operation.id()));
    }

    @ParameterizedTest
    @MethodSource("notAdmins")
    void anotherRoleMayNotReadTheAuditLog(Principal caller) {
        audit.record(new AuditEntry.New(ADMIN.name(), "POST /api/v1/admin/jobs/1/archive", "job 1", "202"));
        assertThrows(Forbidden.class, () -> audit.list(caller, PageRequest.first(10)));
    }

    @ParameterizedTest
    @MethodSource("notAdmins")
    void anotherRoleMayNotInstallLifecycleRules(Principal caller) {
        assertThrows(Forbidden.class, () -> lifecycle.install(caller));
        assertTrue(installed.isEmpty(), "nothing reached the store");
    }

    @ParameterizedTest
    @MethodSource("notAdmins")
    void anotherRoleMayNotReadAJobsManifestEvenOfAJobItSees(Principal caller) {
        getJob.get(caller, job.id());
        assertThrows(Forbidden.class, () -> manifest.manifest(caller, job.id(), PageRequest.first(10)));
    }

    @Test
    void anAdminDoesAllOfIt() {
        audit.record(new AuditEntry.New(ADMIN.name(), "POST /api/v1/admin/jobs/1/archive", "job 1", "202"));
        assertEquals(operation.id(), getOperation.get(ADMIN, operation.id()).id());
        assertEquals(1, audit.list(ADMIN, PageRequest.first(10)).items().size());
        assertEquals(lifecycle.install(ADMIN), installed);
        assertTrue(manifest.manifest(ADMIN, job.id(), PageRequest.first(10)).items().isEmpty());
    }
}
