package io.runvault.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs: submit and list. */
@Command(name = "runs", description = "Submit and list runs.", subcommands = {Runs.Submit.class, Runs.ListRuns.class})
final class Runs {
    private Runs() {
    }

    static String line(JsonNode run) {
        return run.get("id").asText() + " seq " + run.get("seq").asText() + " " + run.get("status").asText();
    }

    /** runvault runs submit JOB --file runs.json */
    @Command(name = "submit", description = "Submit runs from a JSON file: {\"runs\":[{\"config\":{}}]} or [{...}].")
    static final class Submit extends CliCommand {
        @Parameters(index = "0", description = "job id")
        long job;

        @Option(names = "--file", required = true, description = "JSON file with the runs")
        Path file;

        @Override
        public Integer call() throws IOException {
            JsonNode parsed;
            try (InputStream in = Files.newInputStream(file)) {
                parsed = RestClient.JSON.readTree(in);
            } catch (JsonProcessingException e) {
                throw new CliException(file + " is not JSON: " + e.getOriginalMessage(), ExitCode.USAGE);
            }
            Object body = parsed.isArray() ? Map.of("runs", toRuns(parsed)) : parsed;
            // The same file for the same job is the same request: resubmitting after a lost answer creates
            // nothing twice.
            String key = "runs-" + job + "-" + RunvaultCli.sha256(RestClient.write(body));
            JsonNode created = client().post("/api/v1/jobs/" + job + "/runs", body, key);
            Output output = output();
            output.json(created);
            created.get("runs").forEach(run -> output.line(line(run)));
            return 0;
        }

        private static List<Map<String, JsonNode>> toRuns(JsonNode configs) {
            List<Map<String, JsonNode>> list = new ArrayList<>();
            configs.forEach(config -> list.add(Map.of("config", config)));
            return list;
        }
    }

    /** runvault runs list JOB */
    @Command(name = "list", description = "List a job's runs in seq order: every page, or one with --limit/--cursor.")
    static final class ListRuns extends CliCommand {
        @Parameters(index = "0", description = "job id")
        long job;

        @Mixin
        PageOptions page;

        @Override
        public Integer call() {
            output().list(client(), "/api/v1/jobs/" + job + "/runs", page.limit, page.cursor, Runs::line);
            return 0;
        }
    }
}
