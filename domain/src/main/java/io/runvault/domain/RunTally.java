package io.runvault.domain;

import java.util.EnumMap;
import java.util.Map;

/** Value object: how many of a job's runs are in each status; what the job's own status follows from. */
public record RunTally(Map<RunStatus, Long> counts) {
    public RunTally {
        var copy = new EnumMap<RunStatus, Long>(RunStatus.class);
        if (counts != null) {
            counts.forEach((status, count) -> {
                if (count == null || count < 0) {
                    throw new InvalidValue("counts", "must not be negative");
                }
                if (count > 0) {
                    copy.put(status, count);
                }
            });
        }
        counts = Map.copyOf(copy);
    }

    public static RunTally of(Map<RunStatus, Long> counts) {
        return new RunTally(counts);
    }

    public long count(RunStatus status) {
        return counts.getOrDefault(status, 0L);
    }

    public long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Every run has ended (and there is at least one). */
    public boolean allEnded() {
        return total() > 0 && count(RunStatus.PENDING) == 0 && count(RunStatus.RUNNING) == 0;
    }

    /** A worker has taken up at least one run: it runs, or it ended as DONE or FAILED. */
    public boolean anyStarted() {
        return count(RunStatus.RUNNING) + count(RunStatus.DONE) + count(RunStatus.FAILED) > 0;
    }
}
