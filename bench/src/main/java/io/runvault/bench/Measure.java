package io.runvault.bench;

import static io.runvault.bench.Report.readOr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** CPU time from /proc and medians over rounds: what every scenario measures alike. */
final class Measure {
    private Measure() {
    }

    /** CPU milliseconds used so far by the server, this JVM and every Postgres process. */
    static double[] cpu(Server server) {
        double postgres = 0;
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path dir : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String stat = readOr(dir.resolve("stat"));
                if (stat.contains("(postgres)")) {
                    postgres += ticks(stat);
                }
            }
        } catch (IOException e) {
            postgres = Double.NaN;
        }
        double self = ticks(readOr(Path.of("/proc/self/stat")));
        double serverTicks = ticks(readOr(Path.of("/proc/" + server.jvmPid() + "/stat")));
        double perMs = 1000.0 / 100; // USER_HZ is 100 on Linux
        return new double[] {serverTicks * perMs, self * perMs, postgres * perMs};
    }

    /** utime + stime from a /proc/PID/stat line, in clock ticks. */
    static double ticks(String stat) {
        int end = stat.lastIndexOf(')');
        if (end < 0) {
            return 0;
        }
        String[] fields = stat.substring(end + 2).split(" ");
        return Double.parseDouble(fields[11]) + Double.parseDouble(fields[12]);
    }

    /** What each column of {@link #cpu} used between two readings. */
    static double[] delta(double[] before, double[] after) {
        double[] used = new double[before.length];
        for (int i = 0; i < used.length; i++) {
            used[i] = after[i] - before[i];
        }
        return used;
    }

    static void accumulate(double[] total, double[] before, double[] after) {
        for (int i = 0; i < total.length; i++) {
            total[i] += after[i] - before[i];
        }
    }

    /** The median of values measured once per round; of an even count, the mean of the middle two. */
    static double medianOf(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** The median of one column over rounds that each measured several values. */
    static double median(List<double[]> rounds, int column) {
        double[] values = rounds.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return values[values.length / 2];
    }
}
