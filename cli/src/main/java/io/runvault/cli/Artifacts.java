package io.runvault.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Artifacts: what a job has stored. */
@Command(name = "artifacts", description = "List a job's artifacts.", subcommands = {Artifacts.ListArtifacts.class})
final class Artifacts {
    private Artifacts() {
    }

    /** runvault artifacts list JOB [--kind K] [--state S] */
    @Command(name = "list", description = "List a job's artifacts: every page, or one with --limit/--cursor.")
    static final class ListArtifacts extends CliCommand {
        @Parameters(index = "0", description = "job id")
        long job;

        @Option(names = "--kind", description = "job_input, job_config, run_config, run_results or run_logs")
        String kind;

        @Option(names = "--state", description = "PENDING or STORED")
        String state;

        @Mixin
        PageOptions page;

        @Override
        public Integer call() {
            var path = new StringBuilder("/api/v1/jobs/" + job + "/artifacts");
            Query.add(path, "kind", kind);
            Query.add(path, "state", state);
            output().list(client(), path.toString(), page.limit, page.cursor, Artifacts::line);
            return 0;
        }
    }

    static String line(JsonNode artifact) {
        return artifact.get("id").asText() + " " + artifact.get("state").asText() + " " + artifact.get("key").asText()
                + (artifact.path("size").isNumber() ? " " + artifact.get("size").asText() + " bytes" : "")
                + (artifact.path("sha256").isTextual() ? " sha256 " + artifact.get("sha256").asText() : "");
    }
}
