package io.runvault.bench;

import static io.runvault.bench.Report.fmt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** Rounds of load: a unit of work run by concurrent clients for a bounded time and count, and its latencies. */
final class Load {
    private static final int WARM_UP_SLICE_SECONDS = 5;

    private Load() {
    }

    /** One unit of work of a load test. */
    interface Pair {
        void run() throws Exception;
    }

    /** What a round (or rounds merged) did: units done, errors, wall-clock seconds and each unit's latency. */
    record Result(String name, long count, long errors, double seconds, long[] latenciesNanos) {
        static Result merge(String name, List<Result> rounds) {
            return new Result(name, rounds.stream().mapToLong(Result::count).sum(),
                    rounds.stream().mapToLong(Result::errors).sum(), rounds.stream().mapToDouble(Result::seconds).sum(),
                    rounds.stream().flatMapToLong(r -> Arrays.stream(r.latenciesNanos())).sorted().toArray());
        }

        double perSecond() {
            return count / seconds;
        }

        double percentileMs(double p) {
            if (latenciesNanos.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.min(latenciesNanos.length - 1, Math.ceil(p * latenciesNanos.length) - 1);
            return latenciesNanos[Math.max(0, index)] / 1e6;
        }

        List<String> row(int requestsPerPair) {
            return List.of(name, Long.toString(count), fmt(seconds, 1), fmt(perSecond(), 0),
                    requestsPerPair == 0 ? "—" : fmt(perSecond() * requestsPerPair, 0), fmt(percentileMs(0.5), 1),
                    fmt(percentileMs(0.99), 1), Long.toString(errors));
        }
    }

    static Result load(String name, Pair pair, int clients, Duration duration, int maxCount)
            throws InterruptedException {
        AtomicLong issued = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<long[]> perClient = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        long deadline = System.nanoTime() + duration.toNanos();
        for (int i = 0; i < clients; i++) {
            long[] latencies = new long[maxCount + 1];
            perClient.add(latencies);
            threads.add(Thread.ofPlatform().name("load-" + i).start(() -> {
                int n = 0;
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                while (!stop.get() && System.nanoTime() < deadline && issued.incrementAndGet() <= maxCount) {
                    long started = System.nanoTime();
                    try {
                        pair.run();
                        latencies[n++] = System.nanoTime() - started;
                    } catch (Exception e) {
                        if (errors.incrementAndGet() <= 3) {
                            System.err.println(name + ": " + e);
                        }
                    }
                }
                latencies[latencies.length - 1] = n;
            }));
        }
        long started = System.nanoTime();
        go.countDown();
        for (Thread thread : threads) {
            thread.join(duration.toMillis() + 120_000);
        }
        stop.set(true);
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] all = perClient.stream().flatMapToLong(l -> Arrays.stream(l, 0, (int) l[l.length - 1])).sorted()
                .toArray();
        Result result = new Result(name, all.length, errors.get(), seconds, all);
        System.out.printf(Locale.ROOT, "%s: %d in %.1f s = %.0f/s (p50 %.1f ms, p99 %.1f ms, %d errors)%n", name,
                result.count(), seconds, result.perSecond(), result.percentileMs(0.5), result.percentileMs(0.99),
                result.errors());
        return result;
    }

    /**
     * Runs the load in slices of {@value #WARM_UP_SLICE_SECONDS} s until the last three slices are within 5% of one
     * another, after at least 60 s and at most {@code warmup-seconds}; says how long that took and the last rate.
     * Two similar slices are not enough: the server's rate can pause on a plateau before the JIT's last compilations.
     */
    static String warmUp(String name, Pair pair, Settings settings) throws InterruptedException {
        Duration slice = Duration.ofSeconds(WARM_UP_SLICE_SECONDS);
        int slices = (int) Math.max(1, settings.warmup().toSeconds() / WARM_UP_SLICE_SECONDS);
        List<Double> rates = new ArrayList<>();
        while (rates.size() < slices) {
            rates.add(load(name + " warm-up " + (rates.size() + 1), pair, settings.clients(), slice,
                    settings.maxPairs()).perSecond());
            List<Double> last = rates.subList(Math.max(0, rates.size() - 3), rates.size());
            double low = last.stream().mapToDouble(Double::doubleValue).min().orElse(0);
            double high = last.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            if (last.size() == 3 && high <= 1.05 * low
                    && rates.size() * WARM_UP_SLICE_SECONDS >= settings.warmupMin().toSeconds()) {
                break;
            }
        }
        return String.format(Locale.ROOT, "%d s, last %.0f pairs/s", rates.size() * WARM_UP_SLICE_SECONDS,
                rates.getLast());
    }
}
