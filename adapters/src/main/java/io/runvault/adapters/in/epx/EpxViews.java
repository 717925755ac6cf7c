package io.runvault.adapters.in.epx;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;
import io.runvault.domain.Run;
import io.runvault.domain.RunStatus;
import java.util.List;

/** JSON shapes of the Epistemix API, as its client reads them. */
final class EpxViews {
    private EpxViews() {
    }

    /** Answer to POST /jobs/register; {@code userId} is the token's name, the job's owner. */
    @Serdeable
    record Registered(long id, String userId, List<String> tags) {
    }

    /** Answer to POST /jobs: where to PUT the file, with no header. */
    @Serdeable
    record JobUrl(String url) {
    }

    /** One run created by POST /runs, with the request it was made from. */
    @Serdeable
    record RunResponse(long runId, long jobId, String status, List<String> errors, JsonNode runRequest) {
    }

    /** Answer to POST /runs. */
    @Serdeable
    record RunResponses(List<RunResponse> runResponses) {
    }

    /**
     * A run as GET /runs shows it. {@code status} is Epistemix's (QUEUED, RUNNING, DONE, ERROR) and {@code podPhase}
     * the Kubernetes phase that goes with it; {@code url} is the results' presigned GET once they are stored.
     */
    @Serdeable
    record RunView(long id, long jobId, String userId, String createdTs, JsonNode request, String podPhase,
            String containerStatus, String status, boolean userDeleted, String epxClientVersion, String url) {
        static RunView of(Run run, String owner, JsonNode request, String url) {
            return new RunView(run.id().value(), run.jobId().value(), owner, run.createdAt().toString(), request,
                    podPhase(run.status()), null, status(run.status()), false, null, url);
        }

        /** A cancelled run will not finish either: the client stops waiting for it on ERROR. */
        static String status(RunStatus status) {
            return switch (status) {
                case PENDING -> "QUEUED";
                case RUNNING -> "RUNNING";
                case DONE -> "DONE";
                case FAILED, CANCELLED -> "ERROR";
            };
        }

        static String podPhase(RunStatus status) {
            return switch (status) {
                case PENDING -> "Pending";
                case RUNNING -> "Running";
                case DONE -> "Succeeded";
                case FAILED, CANCELLED -> "Failed";
            };
        }
    }

    /** Answer to GET /runs: every run of the job, no paging. */
    @Serdeable
    record Runs(List<RunView> runs) {
    }

    /** One run's results URL. */
    @Serdeable
    record ResultUrl(@JsonProperty("run_id") long runId, String url) {
    }

    /** Answer to GET /jobs/results. */
    @Serdeable
    record ResultUrls(List<ResultUrl> urls) {
    }
}
