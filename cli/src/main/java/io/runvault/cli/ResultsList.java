package io.runvault.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** runvault results ls JOB RUN: the entries of a run's results zip, read from its directory on the server. */
@Command(name = "ls", description = "List the files in a run's results zip without downloading it.")
final class ResultsList extends CliCommand {
    @Parameters(index = "0", description = "job id")
    long job;

    @Parameters(index = "1", description = "run id")
    long run;

    @Option(names = "--stage", defaultValue = "final", description = "stage (default final)")
    String stage;

    @Override
    public Integer call() {
        RestClient client = client();
        long artifact = RunResults.artifactId(client, job, run, stage);
        Output output = output();
        for (JsonNode entry : client.all("/api/v1/artifacts/" + artifact + "/entries")) {
            output.result(entry, String.format("%12d  %12d  %s  %-8s %s", entry.get("size").asLong(),
                    entry.get("compressedSize").asLong(), entry.get("crc32").asText(), entry.get("method").asText(),
                    entry.get("name").asText()));
        }
        return 0;
    }
}
