package io.runvault.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Jobs: create, list, show, watch and cancel. */
@Command(name = "jobs", description = "Create, list, show, watch and cancel jobs.",
        subcommands = {Jobs.Create.class, Jobs.ListJobs.class, Jobs.Show.class, Jobs.Watch.class, Jobs.Cancel.class})
final class Jobs {
    private Jobs() {
    }

    static String line(JsonNode job) {
        return job.get("id").asText() + " " + job.get("status").asText() + " " + job.path("createdAt").asText()
                + " " + job.path("tags");
    }

    /** runvault jobs create --tag a --tag b */
    @Command(name = "create", description = "Create a job; prints its id and storage prefix.")
    static final class Create extends CliCommand {
        @Option(names = "--tag", description = "a tag (repeatable)")
        List<String> tags = new ArrayList<>();

        @Override
        public Integer call() {
            JsonNode job = client().post("/api/v1/jobs", Map.of("tags", tags), null);
            output().result(job, job.get("id").asText() + " " + job.get("storagePrefix").asText());
            return 0;
        }
    }

    /** runvault jobs list [--status S] [--tag T] [--limit N --cursor C] */
    @Command(name = "list", description = "List jobs, newest first: every page, or one with --limit/--cursor.")
    static final class ListJobs extends CliCommand {
        @Option(names = "--status", description = "only jobs in this status")
        String status;

        @Option(names = "--tag", description = "only jobs with this tag")
        String tag;

        @Mixin
        PageOptions page;

        @Override
        public Integer call() {
            var query = new StringBuilder("/api/v1/jobs");
            Query.add(query, "status", status);
            Query.add(query, "tag", tag);
            output().list(client(), query.toString(), page.limit, page.cursor, Jobs::line);
            return 0;
        }
    }

    /** runvault jobs show JOB */
    @Command(name = "show", description = "Show a job.")
    static final class Show extends CliCommand {
        @Parameters(index = "0", description = "job id")
        long job;

        @Override
        public Integer call() {
            JsonNode found = client().get("/api/v1/jobs/" + job);
            output().result(found, line(found) + " " + found.path("storagePrefix").asText());
            return 0;
        }
    }

    /** runvault jobs cancel JOB */
    @Command(name = "cancel", description = "Cancel a job: its unfinished runs and the job become CANCELLED.")
    static final class Cancel extends CliCommand {
        @Parameters(index = "0", description = "job id")
        long job;

        @Override
        public Integer call() {
            JsonNode cancelled = client().post("/api/v1/jobs/" + job + "/cancel");
            output().result(cancelled, line(cancelled));
            return 0;
        }
    }

    /** runvault jobs watch JOB */
    @Command(name = "watch", description = "Poll a job until it has ended: exit 0 COMPLETED, 3 FAILED, 4 CANCELLED.")
    static final class Watch extends CliCommand {
        @Parameters(index = "0", description = "job id")
        long job;

        @Option(names = "--every", defaultValue = "PT2S", description = "poll interval (ISO-8601, default PT2S)")
        Duration every;

        @Override
        public Integer call() throws InterruptedException {
            RestClient client = client();
            Output output = output();
            String last = null;
            while (true) {
                // The job's status is what says it has ended; the runs' counts only show the way there.
                JsonNode found = client.get("/api/v1/jobs/" + job);
                String status = found.get("status").asText();
                var counts = new TreeMap<String, Integer>();
                client.all("/api/v1/jobs/" + job + "/runs").forEach(run -> counts.merge(run.get("status").asText(),
                        1, Integer::sum));
                String line = "job " + job + " " + status + ": " + counts;
                if (!line.equals(last)) {
                    output.notes().println(line);
                    last = line;
                }
                ExitCode exit = switch (status) {
                    case "COMPLETED" -> ExitCode.OK;
                    case "FAILED" -> ExitCode.FAILED;
                    case "CANCELLED" -> ExitCode.CANCELLED;
                    default -> null;
                };
                if (exit != null) {
                    output.json(found);
                    return exit.code();
                }
                Thread.sleep(every.toMillis());
            }
        }
    }
}
