package io.runvault.bench;

import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Many runs with small results of their own, for (c) and (h): the runs created through the API, a distinct body per
 * run with its SHA-256, bursts of work over concurrent threads, and what the server recorded for each run afterwards.
 */
final class SmallResults {
    private static final int RUNS_PER_REQUEST = 1000;
    private static final Pattern ITEM = Pattern.compile("\\{[^{}]*\\}");
    private static final Pattern NEXT = Pattern.compile("\"nextCursor\"\\s*:\\s*\"([^\"]+)\"");
    private static final Duration BURST_LIMIT = Duration.ofMinutes(10);

    private SmallResults() {
    }

    /** Upload {@code i} goes to run {@code runs[i]} of job {@code jobs[i]} with {@code bodies[i]}. */
    record Batch(long[] jobs, long[] runs, byte[][] bodies, String[] sha256) {
        int size() {
            return runs.length;
        }

        String resultsPath(int i) {
            return "/api/v1/jobs/" + jobs[i] + "/runs/" + runs[i] + "/results";
        }

        List<Long> distinctJobs() {
            return Arrays.stream(jobs).distinct().boxed().toList();
        }
    }

    /** What the server recorded for a run's results. */
    record Recorded(String key, String state, String sha256) {
    }

    /** How a burst went: per unit whether it succeeded and when it ended (ns after the start), and its length. */
    record Burst(boolean[] ok, long[] endedNanos, double seconds) {
        int succeeded() {
            int n = 0;
            for (boolean b : ok) {
                n += b ? 1 : 0;
            }
            return n;
        }

        int succeededWithin(Duration window) {
            int n = 0;
            for (int i = 0; i < ok.length; i++) {
                n += ok[i] && endedNanos[i] <= window.toNanos() ? 1 : 0;
            }
            return n;
        }
    }

    /** One unit of a burst, on the given thread (0 … threads-1): true when it succeeded. */
    interface Unit {
        boolean run(int thread, int index) throws Exception;
    }

    /**
     * Creates {@code count} runs, {@code runsPerJob} to a job, each with a distinct zip-signature body of
     * {@code size} bytes; nothing here is timed.
     */
    static Batch prepare(KeepAliveHttp client, String tag, int count, int size, int runsPerJob, long seed)
            throws Exception {
        long[] jobs = new long[count];
        long[] runs = new long[count];
        int done = 0;
        while (done < count) {
            long job = Scenario.id(expect(client.post("/api/v1/jobs", "{\"tags\":[\"" + tag + "\"]}"), 201,
                    "POST /api/v1/jobs"));
            int inJob = Math.min(runsPerJob, count - done);
            while (inJob > 0) {
                int batch = Math.min(RUNS_PER_REQUEST, inJob);
                String body = "{\"runs\":[" + String.join(",", Collections.nCopies(batch, "{\"config\":{}}")) + "]}";
                Matcher ids = Scenario.ID.matcher(expect(client.post("/api/v1/jobs/" + job + "/runs", body), 201,
                        "POST /api/v1/jobs/{id}/runs"));
                int found = 0;
                while (ids.find() && found < batch) {
                    jobs[done] = job;
                    runs[done++] = Long.parseLong(ids.group(1));
                    found++;
                }
                if (found != batch) {
                    throw new IllegalStateException("asked for " + batch + " runs, got " + found);
                }
                inJob -= batch;
            }
        }
        Bodies bodies = bodies(count, size, seed);
        return new Batch(jobs, runs, bodies.bodies(), bodies.sha256());
    }

    /** Distinct bodies that the same seed makes again: pseudo-random bytes behind a zip signature. */
    record Bodies(byte[][] bodies, String[] sha256) {
    }

    static Bodies bodies(int count, int size, long seed) throws Exception {
        byte[][] bodies = new byte[count][];
        String[] sha256 = new String[count];
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < count; i++) {
            byte[] body = new byte[size];
            new Random(seed * 1_000_003L + i).nextBytes(body);
            body[0] = 'P';
            body[1] = 'K';
            body[2] = 3;
            body[3] = 4;
            bodies[i] = body;
            sha256[i] = HexFormat.of().formatHex(digest.digest(body));
        }
        return new Bodies(bodies, sha256);
    }

    /** Each body PUT to its run's results, once, over the given keep-alive connections (one per thread). */
    static Burst upload(Batch batch, List<KeepAliveHttp> connections, String name) throws InterruptedException {
        AtomicLong failures = new AtomicLong();
        return burst(batch.size(), connections.size(), (thread, i) -> {
            KeepAliveHttp.Response answer = connections.get(thread).put(batch.resultsPath(i), "application/zip",
                    batch.bodies()[i]);
            boolean ok = answer.status() == 201;
            if (!ok && failures.incrementAndGet() <= 3) {
                System.err.println(name + ": " + batch.resultsPath(i) + " answered " + answer.status() + ": "
                        + answer.body());
            }
            return ok;
        }, name);
    }

    /**
     * Runs units 0 … count-1 on {@code threads} threads, each taking the next unit until none is left or
     * ten minutes have passed; the clock starts when every thread is ready.
     */
    static Burst burst(int count, int threads, Unit unit, String name) throws InterruptedException {
        boolean[] ok = new boolean[count];
        long[] ended = new long[count];
        AtomicInteger next = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        long[] start = new long[1];
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            workers.add(Thread.ofPlatform().name(name + "-" + t).start(() -> {
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                long deadline = start[0] + BURST_LIMIT.toNanos();
                for (int i = next.getAndIncrement(); i < count && System.nanoTime() < deadline;
                        i = next.getAndIncrement()) {
                    try {
                        ok[i] = unit.run(thread, i);
                    } catch (Exception e) {
                        if (errors.incrementAndGet() <= 3) {
                            System.err.println(name + ": " + e);
                        }
                    }
                    ended[i] = System.nanoTime() - start[0];
                }
            }));
        }
        ready.await();
        start[0] = System.nanoTime();
        go.countDown();
        for (Thread worker : workers) {
            worker.join(BURST_LIMIT.toMillis() + 60_000);
        }
        double seconds = (System.nanoTime() - start[0]) / 1e9;
        return new Burst(ok, ended, seconds);
    }

    /** Every run_results artifact of the jobs, by run id, as the artifacts listing shows it. */
    static Map<Long, Recorded> recorded(Server server, List<Long> jobs) throws Exception {
        Map<Long, Recorded> found = new HashMap<>();
        for (long job : jobs) {
            String cursor = null;
            // Bounded: a page holds up to 500, and no job here has more than a few thousand artifacts.
            for (int page = 0; page < 10_000; page++) {
                String path = "/api/v1/jobs/" + job + "/artifacts?kind=run_results&limit=500"
                        + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
                var answer = server.get(path);
                if (answer.statusCode() != 200) {
                    throw new IllegalStateException("GET " + path + " answered " + answer.statusCode() + ": "
                            + answer.body());
                }
                Matcher item = ITEM.matcher(answer.body());
                while (item.find()) {
                    String text = item.group();
                    long run = Long.parseLong(Report.matchOr(text, "\"runId\"\\s*:\\s*(\\d+)", "-1"));
                    found.put(run, new Recorded(Report.matchOr(text, "\"key\"\\s*:\\s*\"([^\"]+)\"", null),
                            Report.matchOr(text, "\"state\"\\s*:\\s*\"([^\"]+)\"", "?"),
                            Report.matchOr(text, "\"sha256\"\\s*:\\s*\"([0-9a-f]+)\"", null)));
                }
                cursor = Report.matchOr(answer.body(), NEXT.pattern(), null);
                if (cursor == null) {
                    break;
                }
            }
        }
        return found;
    }

    /** The SHA-256 of an object's bytes as the store holds them, read streamed; null when it cannot be read. */
    static String storedSha256(S3Client s3, String key) {
        try (InputStream in = s3.getObject(b -> b.bucket(Bench.BUCKET).key(key))) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[16 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (Exception e) {
            return null;
        }
    }

    private static String expect(KeepAliveHttp.Response response, int expected, String what) {
        if (response.status() != expected) {
            throw new IllegalStateException(what + " answered " + response.status() + ": " + response.body());
        }
        return response.body();
    }
}
