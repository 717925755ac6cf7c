package io.runvault.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What to run; every value has a default and a {@code --name=value} override. {@code out} receives the report and
 * the servers' logs; {@code --results} also writes the report over bench/RESULTS.md, the committed one.
 */
record Settings(Path jar, Path out, boolean results, int clients, Duration submitDuration, int maxPairs,
        long uploadBytes, List<Integer> archiveSizes, String pgUrl, String pgUser, int startRuns, String only,
        List<String> serverOpts, Duration warmup, int zipEntries, int batchRequests, long bigUploadBytes,
        long zipSizeBytes, int burstUploads, int burstClients, int burstBytes, int burstRunsPerJob,
        int archiveCopies, int bigUploadRounds, int archiveRounds, Duration warmupMin) {
    static Settings parse(String[] args) {
        Map<String, String> given = new HashMap<>();
        for (String arg : args) {
            if (arg.equals("--results")) {
                given.put("results", "true");
                continue;
            }
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("arguments are --name=value, got " + arg);
            }
            given.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        return new Settings(
                Path.of(given.getOrDefault("jar", "devserver/target/runvault-dev.jar")),
                Path.of(given.getOrDefault("out", "bench/out")),
                Boolean.parseBoolean(given.getOrDefault("results", "false")),
                Integer.parseInt(given.getOrDefault("clients", "16")),
                Duration.ofSeconds(Long.parseLong(given.getOrDefault("submit-seconds", "20"))),
                Integer.parseInt(given.getOrDefault("max-pairs", "400000")),
                Long.parseLong(given.getOrDefault("upload-mb", "512")) << 20,
                Arrays.stream(given.getOrDefault("archive-sizes", "10,100,1000,10000").split(","))
                        .map(Integer::parseInt).toList(),
                given.getOrDefault("pg-url", "jdbc:postgresql://127.0.0.1:5432/postgres"),
                given.getOrDefault("pg-user", "postgres"),
                Integer.parseInt(given.getOrDefault("start-runs", "3")),
                given.getOrDefault("only", "abcdefh"),
                given.getOrDefault("server-opts", "").isBlank() ? List.of()
                        : List.of(given.get("server-opts").strip().split("\\s+")),
                Duration.ofSeconds(Long.parseLong(given.getOrDefault("warmup-seconds", "150"))),
                Integer.parseInt(given.getOrDefault("zip-entries", "10000")),
                Integer.parseInt(given.getOrDefault("batch-requests", "400")),
                Long.parseLong(given.getOrDefault("big-upload-mb", "2048")) << 20,
                Long.parseLong(given.getOrDefault("zip-size-mb", "4096")) << 20,
                Integer.parseInt(given.getOrDefault("burst-uploads", "10000")),
                Integer.parseInt(given.getOrDefault("burst-clients", "64")),
                Integer.parseInt(given.getOrDefault("burst-size-kb", "4")) << 10,
                Integer.parseInt(given.getOrDefault("burst-runs-per-job", "1000")),
                Integer.parseInt(given.getOrDefault("archive-copies", "4")),
                Integer.parseInt(given.getOrDefault("big-upload-rounds", "3")),
                Integer.parseInt(given.getOrDefault("archive-rounds", "3")),
                Duration.ofSeconds(Long.parseLong(given.getOrDefault("warmup-min-seconds", "120"))));
    }

    boolean runs(char part) {
        return only.indexOf(part) >= 0;
    }
}
