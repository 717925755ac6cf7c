package io.runvault.bench;

import static io.runvault.bench.Report.fmt;
import static io.runvault.bench.Report.matchOr;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;

/** (c) Time from an archive request to the operation's final state, by the job's number of artifacts. */
final class Archival extends Scenario {
    private final Server server;

    Archival(Settings settings, HttpClient http, Report report, Server server) {
        super(settings, http, report);
        this.server = server;
    }

    @Override
    void run() throws Exception {
        section("(c) Archival time by number of artifacts");
        long probe = id(send(server.post("/api/v1/jobs", "{\"tags\":[\"bench-archive\"]}"), 201));
        HttpResponse<String> answer = server.postRaw("/api/v1/admin/jobs/" + probe + "/archive", "{}");
        if (answer.statusCode() == 404 || answer.statusCode() == 405) {
            String type = matchOr(answer.body(), "\"type\"\\s*:\\s*\"([^\"]+)\"", "?");
            line("not available (" + answer.statusCode() + "): `POST /api/v1/admin/jobs/{id}/archive` is not on this "
                    + "build (" + type + "). The harness measures it as soon as the endpoint lands.");
            verdictRow("| (c) archival | — | — | not available (" + answer.statusCode() + ") |");
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (int artifacts : settings.archiveSizes()) {
            long job = id(send(server.post("/api/v1/jobs", "{\"tags\":[\"bench-archive\"]}"), 201));
            long[] runIds = new long[artifacts];
            int done = 0;
            while (done < artifacts) {
                int batch = Math.min(1000, artifacts - done);
                String body = "{\"runs\":[" + String.join(",", Collections.nCopies(batch,
                        "{\"config\":{}}")) + "]}";
                Matcher ids = ID.matcher(send(server.post("/api/v1/jobs/" + job + "/runs", body), 201));
                while (ids.find() && done < artifacts) {
                    runIds[done++] = Long.parseLong(ids.group(1));
                }
            }
            byte[] zip = new GeneratedZip(4096, artifacts).readAllBytes();
            for (long run : runIds) {
                HttpResponse<String> put = http.send(server.request(("/api/v1/jobs/" + job
                                + "/runs/" + run + "/results")).timeout(Duration.ofSeconds(60))
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(zip)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (put.statusCode() != 201) {
                    throw new IllegalStateException("results upload answered " + put.statusCode() + ": " + put.body());
                }
            }
            long started = System.nanoTime();
            HttpResponse<String> accepted = server.postRaw("/api/v1/admin/jobs/" + job + "/archive", "{}");
            if (accepted.statusCode() / 100 != 2) {
                rows.add(List.of(Integer.toString(artifacts), "failed: " + accepted.statusCode(), "", ""));
                continue;
            }
            String operation = accepted.headers().firstValue("Location")
                    .map(location -> location.substring(location.lastIndexOf('/') + 1))
                    .orElseGet(() -> Long.toString(id(accepted.body())));
            String state = "?";
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (System.nanoTime() < deadline) {
                String body = server.get("/api/v1/admin/operations/" + operation).body();
                state = matchOr(body, "\"(?:status|state)\"\\s*:\\s*\"([A-Za-z_]+)\"", "?");
                if (Terminal.STATES.contains(state.toUpperCase(Locale.ROOT))) {
                    break;
                }
                Thread.sleep(50);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            rows.add(List.of(Integer.toString(artifacts), state, fmt(seconds, 2), fmt(artifacts / seconds, 0)));
            System.out.printf(Locale.ROOT, "archive of %d artifacts: %s in %.2f s%n", artifacts, state, seconds);
        }
        table(List.of("artifacts (4 KiB results each)", "final state", "seconds to final state", "artifacts/s"),
                rows);
        verdictRow("| (c) archival | — | — | measured, see table |");
    }

    /** Operation states that end polling, whatever the archive API's exact spelling. */
    private static final class Terminal {
        static final Set<String> STATES = Set.of("DONE", "COMPLETED", "SUCCEEDED", "FAILED",
                "CANCELLED", "ARCHIVED", "ERROR");
    }
}
