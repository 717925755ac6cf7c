package io.runvault.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Administration, for admin tokens: archive, restore, purge and verify jobs, operations, manifest, tokens, audit. */
@Command(name = "admin", description = "Administration (admin tokens only).",
        subcommands = {Admin.Archive.class, Admin.Restore.class, Admin.Purge.class, Admin.Verify.class,
            Admin.Operations.class, Admin.Manifest.class, Admin.Tokens.class, Admin.Audit.class})
final class Admin {
    private Admin() {
    }

    static String operationLine(JsonNode operation) {
        String error = operation.path("error").isTextual() ? ": " + operation.get("error").asText() : "";
        return "operation " + operation.get("id").asText() + " " + operation.get("kind").asText() + " job "
                + operation.get("jobId").asText() + " " + operation.get("state").asText() + " "
                + operation.get("done").asText() + "/" + operation.get("total").asText()
                + (operation.get("failed").asLong() > 0 ? ", " + operation.get("failed").asText() + " failed" : "")
                + error;
    }

    /**
     * Starts (or resumes) a job's operation and, unless --no-wait, follows it to its end on one progress line; the
     * exit code is its end state.
     */
    abstract static class OperationCommand extends CliCommand {
        /** The longest wait the server accepts on an operation's GET. */
        private static final Duration MAX_WAIT = Duration.ofSeconds(30);
        /** Network failures or 5xx in a row while following an operation before giving up on it. */
        private static final int FAILURES_IN_A_ROW = 10;
        /** How long one look at the operation may keep failing before the CLI gives up following it. */
        private static final Duration FOLLOW_FOR = Duration.ofHours(1);

        @Parameters(index = "0", description = "job id")
        long job;

        @Option(names = "--no-wait", description = "print the operation and return at once")
        boolean noWait;

        @Option(names = "--every", defaultValue = "PT1S",
                description = "progress interval (ISO-8601, default PT1S); the end is shown at once")
        Duration every;

        abstract JsonNode start(RestClient client);

        @Override
        public Integer call() throws InterruptedException {
            RestClient client = client();
            Output output = output();
            JsonNode operation = start(client);
            if (noWait) {
                output.result(operation, operationLine(operation));
                return 0;
            }
            String last = null;
            // The operation goes on on the server whatever happens to this connection: follow it across failures.
            AskAgain following = new AskAgain("operation " + operation.get("id").asText(), FAILURES_IN_A_ROW,
                    output.notes());
            // The server answers as soon as the operation ends, or once the wait has passed: the progress line moves
            // every interval and the end is printed at once.
            Duration wait = every.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : every.isNegative() ? Duration.ZERO : every;
            while ("RUNNING".equals(operation.get("state").asText())) {
                last = progress(output, operation, last);
                long asked = System.nanoTime();
                String path = "/api/v1/admin/operations/" + operation.get("id").asText() + "?wait=" + wait;
                operation = following.call(left -> client.get(path), e -> false, FOLLOW_FOR);
                long left = every.toNanos() - (System.nanoTime() - asked);
                if ("RUNNING".equals(operation.get("state").asText()) && left > 0) {
                    // A server that does not wait answered at once.
                    Thread.sleep(Duration.ofNanos(left));
                }
            }
            if (output.terminal() && last != null) {
                // The end is printed where the progress line was.
                output.notes().print("\r" + " ".repeat(last.length()) + "\r");
            }
            output.result(operation, operationLine(operation));
            return switch (operation.get("state").asText()) {
                case "SUCCEEDED" -> ExitCode.OK.code();
                case "FAILED" -> ExitCode.FAILED.code();
                default -> ExitCode.OTHER.code();
            };
        }

        private static String progress(Output output, JsonNode operation, String last) {
            String line = operationLine(operation);
            if (output.terminal()) {
                output.notes().print("\r" + line);
                output.notes().flush();
            } else if (!line.equals(last)) {
                output.notes().println(line);
            }
            return line;
        }
    }

    /** runvault admin archive JOB */
    @Command(name = "archive", description = "Archive a job's stored artifacts; waits for the end unless --no-wait.")
    static final class Archive extends OperationCommand {
        @Override
        JsonNode start(RestClient client) {
            return client.post("/api/v1/admin/jobs/" + job + "/archive");
        }
    }

    /** runvault admin restore JOB */
    @Command(name = "restore", description = "Restore a job's archived artifacts; waits for the end unless --no-wait.")
    static final class Restore extends OperationCommand {
        @Override
        JsonNode start(RestClient client) {
            return client.post("/api/v1/admin/jobs/" + job + "/restore");
        }
    }

    /** runvault admin purge JOB */
    @Command(name = "purge", description = "Purge a job: objects, then rows; waits for the end unless --no-wait.")
    static final class Purge extends OperationCommand {
        @Override
        JsonNode start(RestClient client) {
            return client.delete("/api/v1/admin/jobs/" + job);
        }

        /** A job purged already, by an earlier purge or another admin's, is where this command would have left it. */
        @Override
        public Integer call() throws InterruptedException {
            try {
                return super.call();
            } catch (CliException e) {
                if (!e.is("job-purged")) {
                    throw e;
                }
                output().result(RestClient.JSON.createObjectNode().put("jobId", job).put("state", "PURGED"),
                        "job " + job + " is purged");
                return ExitCode.OK.code();
            }
        }
    }

    /** runvault admin verify JOB */
    @Command(name = "verify", description = "Scrub a job: compare objects with their rows; exit 3 on drift.")
    static final class Verify extends OperationCommand {
        @Override
        JsonNode start(RestClient client) {
            return client.post("/api/v1/admin/jobs/" + job + "/verify");
        }
    }

    /** runvault admin operations show ID */
    @Command(name = "operations", description = "Admin operations.", subcommands = {Operations.Show.class})
    static final class Operations {
        /** runvault admin operations show ID */
        @Command(name = "show", description = "Show an operation, its progress and failures.")
        static final class Show extends CliCommand {
            @Parameters(index = "0", description = "operation id")
            long operation;

            @Override
            public Integer call() {
                JsonNode found = client().get("/api/v1/admin/operations/" + operation);
                var text = new StringBuilder(operationLine(found));
                found.path("failures").forEach(failure -> text.append(System.lineSeparator()).append("  ")
                        .append(failure.path("key").asText("")).append(": ").append(failure.path("message").asText()));
                output().result(found, text.toString());
                return 0;
            }
        }
    }

    /** runvault admin manifest JOB */
    @Command(name = "manifest", description = "A job's stored artifacts, where each is and a presigned GET.")
    static final class Manifest extends CliCommand {
        @Parameters(index = "0", description = "job id")
        long job;

        @Mixin
        PageOptions page;

        @Override
        public Integer call() {
            output().list(client(), "/api/v1/admin/jobs/" + job + "/manifest", page.limit, page.cursor, entry ->
                    entry.get("artifactId").asText() + " " + entry.get("location").asText() + " "
                            + entry.get("locationKey").asText() + " " + entry.get("size").asText() + " bytes sha256 "
                            + entry.get("sha256").asText());
            return 0;
        }
    }

    /** runvault admin tokens issue|list|revoke */
    @Command(name = "tokens", description = "Issue, list and revoke API tokens.",
            subcommands = {Tokens.Issue.class, Tokens.ListTokens.class, Tokens.Revoke.class})
    static final class Tokens {
        static String line(JsonNode token) {
            return token.get("id").asText() + " " + token.get("role").asText() + " " + token.get("name").asText()
                    + " " + token.get("label").asText()
                    + (token.path("jobId").isNumber() ? " job " + token.get("jobId").asText() : "")
                    + (token.path("runId").isNumber() ? " run " + token.get("runId").asText() : "")
                    + (token.path("revokedAt").isTextual() ? " revoked " + token.get("revokedAt").asText() : "")
                    + (token.path("expiresAt").isTextual() ? " expires " + token.get("expiresAt").asText() : "");
        }

        /** runvault admin tokens issue --label L --role R --name N [--job J] [--run R] [--expires-at T] */
        @Command(name = "issue", description = "Issue a token; prints its secret, shown this once.")
        static final class Issue extends CliCommand {
            @Option(names = "--label", required = true, description = "what the token is for")
            String label;

            @Option(names = "--role", required = true, description = "ADMIN, CLIENT or WORKER")
            String role;

            @Option(names = "--name", required = true, description = "who acts with it (the owner of its jobs)")
            String name;

            @Option(names = "--job", description = "the job a WORKER token is limited to")
            Long job;

            @Option(names = "--run", description = "the run a WORKER token is limited to")
            Long run;

            @Option(names = "--expires-at", description = "ISO-8601 with an offset, e.g. 2027-01-31T18:00:00Z")
            String expiresAt;

            @Override
            public Integer call() {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("label", label);
                body.put("role", role);
                body.put("name", name);
                body.put("jobId", job);
                body.put("runId", run);
                body.put("expiresAt", expiresAt);
                JsonNode issued = client().post("/api/v1/admin/tokens", body, null);
                Output output = output();
                output.result(issued, issued.get("token").asText());
                output.line(line(issued));
                return 0;
            }
        }

        /** runvault admin tokens list */
        @Command(name = "list", description = "List tokens (never their secrets).")
        static final class ListTokens extends CliCommand {
            @Mixin
            PageOptions page;

            @Override
            public Integer call() {
                output().list(client(), "/api/v1/admin/tokens", page.limit, page.cursor, Tokens::line);
                return 0;
            }
        }

        /** runvault admin tokens revoke ID */
        @Command(name = "revoke", description = "Revoke a token: it stops working at once.")
        static final class Revoke extends CliCommand {
            @Parameters(index = "0", description = "token id")
            long token;

            @Override
            public Integer call() {
                client().delete("/api/v1/admin/tokens/" + token);
                output().result(RestClient.JSON.createObjectNode().put("id", token).put("revoked", true),
                        "revoked token " + token);
                return 0;
            }
        }
    }

    /** runvault admin audit */
    @Command(name = "audit", description = "The audit log, newest first.")
    static final class Audit extends CliCommand {
        @Mixin
        PageOptions page;

        @Override
        public Integer call() {
            output().list(client(), "/api/v1/admin/audit", page.limit, page.cursor, entry -> entry.get("at").asText() + " "
                    + entry.get("actor").asText() + " " + entry.get("action").asText() + " "
                    + entry.path("target").asText("-") + " " + entry.get("outcome").asText());
            return 0;
        }
    }
}
