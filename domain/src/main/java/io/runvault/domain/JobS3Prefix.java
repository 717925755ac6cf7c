package io.runvault.domain;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Value object: the one storage prefix of a job, {@code jobs/{jobId}/{yyyy}/{MM}/{dd}/{HHmmss}/}, derived from the
 * job's own createdAt in UTC, never from "now", so every artifact of a job lands in one folder however late it
 * arrives. Every key of a job is built here and nowhere else.
 */
public record JobS3Prefix(String value) {
    private static final DateTimeFormatter FOLDER =
            DateTimeFormatter.ofPattern("yyyy/MM/dd/HHmmss").withZone(ZoneOffset.UTC);

    public JobS3Prefix {
        if (value == null || !value.startsWith("jobs/") || !value.endsWith("/")) {
            throw new InvalidValue("prefix", "must look like jobs/{jobId}/{yyyy}/{MM}/{dd}/{HHmmss}/");
        }
    }

    public static JobS3Prefix of(Job job) {
        return new JobS3Prefix("jobs/" + job.id().value() + "/" + FOLDER.format(job.createdAt()) + "/");
    }

    public StorageKey jobConfig() {
        return key("job/config.json");
    }

    public StorageKey jobInput() {
        return key("job/input");
    }

    public StorageKey runConfig(RunId run) {
        return key("runs/" + run.value() + "/config.json");
    }

    public StorageKey runResults(RunId run, Stage stage) {
        return key("runs/" + run.value() + "/" + stage.value() + "/results.zip");
    }

    public StorageKey runLogs(RunId run, Stage stage) {
        return key("runs/" + run.value() + "/" + stage.value() + "/logs.txt");
    }

    private StorageKey key(String relative) {
        return new StorageKey(value + relative);
    }

    @Override
    public String toString() {
        return value;
    }
}
