package io.runvault.domain;

import java.util.Locale;

/** What an artifact is; job-level kinds belong to no run, run-level kinds to exactly one. */
public enum ArtifactKind {
    JOB_INPUT(false), JOB_CONFIG(false), RUN_CONFIG(true), RUN_RESULTS(true), RUN_LOGS(true);

    private final boolean ofRun;

    ArtifactKind(boolean ofRun) {
        this.ofRun = ofRun;
    }

    public boolean ofRun() {
        return ofRun;
    }

    /** What running the simulation produces (results, logs), as opposed to what the job's owner supplies. */
    public boolean producedByRun() {
        return this == RUN_RESULTS || this == RUN_LOGS;
    }

    /** The lower-case name clients and the database use, e.g. {@code run_results}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ArtifactKind fromWireName(String name) {
        for (ArtifactKind kind : values()) {
            if (kind.wireName().equals(name)) {
                return kind;
            }
        }
        throw new InvalidValue("kind", "must be one of job_input, job_config, run_config, run_results, run_logs");
    }
}
