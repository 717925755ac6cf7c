package io.runvault.bench;

import static io.runvault.bench.Measure.cpu;
import static io.runvault.bench.Measure.median;
import static io.runvault.bench.Report.fmt;
import static io.runvault.bench.Report.matchOr;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** (d) Process spawn to the first healthy answer, by java -jar and by bin/runvault-server, cold and warm. */
final class Startup extends Scenario {
    private final Path work;
    private final Map<String, String> external;

    Startup(Settings settings, HttpClient http, Report report, Path work, Map<String, String> external) {
        super(settings, http, report);
        this.work = work;
        this.external = external;
    }

    @Override
    void run() throws Exception {
        section("(d) Start-up: process spawn to the first `GET /health` answering 200");
        List<List<String>> rows = new ArrayList<>();
        Path dataDir = work.resolve("data-startup");
        rows.add(startOnce("embedded defaults, cold (empty data dir: initdb)", dataDir, Map.of(), 0));
        List<double[]> warm = new ArrayList<>();
        for (int i = 0; i < settings.startRuns(); i++) {
            warm.add(startTimes(dataDir, Map.of(), i + 1));
        }
        rows.add(medianRow("embedded defaults, warm (existing data dir), median of " + settings.startRuns(), warm));
        List<double[]> ext = new ArrayList<>();
        for (int i = 0; i < settings.startRuns(); i++) {
            ext.add(startTimes(work.resolve("data-ext"), external, 100 + i));
        }
        rows.add(medianRow("external Postgres + S3 (the bench's), median of " + settings.startRuns(), ext));
        // The README's run command, bin/runvault-server: its first start after a build records JDK 25's AOT cache
        // (JEP 483/514; written when that server stops), later starts map the classes it recorded.
        Path aot = work.resolve("runvault.aot");
        Map<String, String> cache = Map.of("RUNVAULT_AOT_CACHE", aot.toString());
        List<String> launcher = List.of(Path.of("bin", "runvault-server").toAbsolutePath().toString());
        double[] recording;
        try (Server training = Server.start(launcher, dataDir, cache,
                log("startup-aot-training.log"))) {
            long started = System.nanoTime();
            training.awaitReady(http, Duration.ofSeconds(120));
            recording = new double[] {(System.nanoTime() - started) / 1e6, cpu(training)[0]};
            send(training.post("/api/v1/jobs", "{}"), 201);
            // The cache is written as the JVM exits, which takes a while on busy cores.
            training.stop(Duration.ofSeconds(180));
        }
        rows.add(List.of("embedded defaults, warm, `bin/runvault-server` first start after a build (records the "
                + "cache)", fmt(recording[0], 0), fmt(recording[0], 0), "", "", "", fmt(recording[1], 0)));
        List<double[]> cached = new ArrayList<>();
        List<double[]> cachedExt = new ArrayList<>();
        if (Files.exists(aot)) {
            for (int i = 0; i < settings.startRuns(); i++) {
                cached.add(startTimes(launcher, dataDir, cache, 200 + i));
            }
            Map<String, String> externalCached = new HashMap<>(external);
            externalCached.putAll(cache);
            for (int i = 0; i < settings.startRuns(); i++) {
                cachedExt.add(startTimes(launcher, work.resolve("data-ext"), externalCached, 300 + i));
            }
            rows.add(medianRow("embedded defaults, warm, `bin/runvault-server` (AOT cache), median of "
                    + settings.startRuns(), cached));
            rows.add(medianRow("external Postgres + S3, `bin/runvault-server` (AOT cache), median of "
                    + settings.startRuns(), cachedExt));
        } else {
            line("bin/runvault-server recorded no AOT cache (see out/startup-aot-training.log).");
        }
        table(List.of("configuration", "to first 200 (ms)", "fastest (ms)", "embedded Postgres (ms)", "embedded S3 (ms)",
                "Micronaut \"Startup completed\" (ms)", "server CPU to first 200 (ms)"), rows);
        line("");
        line("The remainder (first 200 minus the parts) is JVM start, class loading of the fat jar and the first "
                + "request. Default heap; the server is stopped (SIGTERM) after each start. The embedded Postgres and "
                + "S3 start side by side and beside the application context, so the times overlap. The first rows "
                + "run `java -jar` on the jar; the `bin/runvault-server` rows run the README's run command, which "
                + "records JDK 25's AOT cache on its first start after a build (`-XX:AOTCacheOutput`) and starts "
                + "with it (`-XX:AOTCache`) afterwards. Server CPU is the server JVM's user + system time from /proc "
                + "at the first 200 (its own threads only, not the embedded Postgres processes): on shared cores it "
                + "varies less than the wall-clock columns.");
        // The target is judged on the README's run command; the starts without the cache are listed beside it.
        if (!cached.isEmpty()) {
            verdict("(d) warm start, embedded defaults, bin/runvault-server (ms)", median(cached, 0), 2000, false);
            verdict("(d) start with external services, bin/runvault-server (ms)", median(cachedExt, 0), 2000,
                    false);
        } else {
            verdictRow("| (d) bin/runvault-server (ms) | no AOT cache recorded | < 2000 | **no** |");
        }
        verdictRow("| (d) without the AOT cache (`java -jar`): warm embedded / external; the first start after a "
                + "build, which records the cache (ms) | " + fmt(median(warm, 0), 0) + " / " + fmt(median(ext, 0), 0)
                + "; " + fmt(recording[0], 0) + " | — | — (for comparison) |");
    }

    private List<String> startOnce(String name, Path dataDir, Map<String, String> env, int n) throws Exception {
        double[] t = startTimes(dataDir, env, n);
        return List.of(name, fmt(t[0], 0), fmt(t[0], 0), part(t[1]), part(t[2]), part(t[3]), fmt(t[4], 0));
    }

    private double[] startTimes(Path dataDir, Map<String, String> env, int n) throws Exception {
        return startTimes(dataDir, env, List.of(), n);
    }

    private double[] startTimes(Path dataDir, Map<String, String> env, List<String> jvm, int n) throws Exception {
        return startTimes(Server.command(settings.jar(), jvm), dataDir, env, n);
    }

    private double[] startTimes(List<String> command, Path dataDir, Map<String, String> env, int n)
            throws Exception {
        Path log = log("startup-" + n + ".log");
        long started = System.nanoTime();
        try (Server server = Server.start(command, dataDir, env, log)) {
            server.awaitReady(http, Duration.ofSeconds(120));
            double ms = (System.nanoTime() - started) / 1e6;
            double serverCpu = cpu(server)[0];
            String text = Files.readString(log);
            double postgres = Double.parseDouble(matchOr(text, "Embedded Postgres started in (\\d+)ms", "-1"));
            double s3 = Double.parseDouble(matchOr(text, "Embedded S3 started in (\\d+)ms", "-1"));
            double micronaut = Double.parseDouble(matchOr(text, "Startup completed in (\\d+)ms", "-1"));
            System.out.printf(Locale.ROOT, "start %d: %.0f ms (postgres %.0f, s3 %.0f, micronaut %.0f, cpu %.0f)%n",
                    n, ms, postgres, s3, micronaut, serverCpu);
            return new double[] {ms, postgres, s3, micronaut, serverCpu};
        }
    }

    private static List<String> medianRow(String name, List<double[]> runs) {
        return List.of(name, fmt(median(runs, 0), 0),
                fmt(runs.stream().mapToDouble(r -> r[0]).min().orElse(Double.NaN), 0), part(median(runs, 1)),
                part(median(runs, 2)),
                part(median(runs, 3)), fmt(median(runs, 4), 0));
    }

    private static String part(double ms) {
        return ms < 0 ? "—" : fmt(ms, 0);
    }
}
