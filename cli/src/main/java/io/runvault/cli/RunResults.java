package io.runvault.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** Finds the stored results artifact of one run and stage, the one the entry commands read. */
final class RunResults {
    private RunResults() {
    }

    static long artifactId(RestClient client, long job, long run, String stage) {
        for (JsonNode artifact : client.all("/api/v1/jobs/" + job + "/artifacts?kind=run_results&state=STORED")) {
            if (artifact.path("runId").asLong(-1) == run && stage.equals(artifact.path("stage").asText())) {
                return artifact.get("id").asLong();
            }
        }
        throw new CliException("run " + run + " of job " + job + " has no stored " + stage + " results", ExitCode.NOT_FOUND);
    }
}
