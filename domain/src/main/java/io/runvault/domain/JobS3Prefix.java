package io.runvault.domain;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Value object: the one storage prefix of a job, {@code jobs/{jobId}/{yyyy}/{MM}/{dd}/{HHmmss}/}, derived from the
 * job's own createdAt in UTC, never from "now", so every artifact of a job lands in one folder however late it
 * arrives. Every key of a job is built here and nowhere else.
 */
public record JobS3Prefix(String value) {
    private static final String ARCHIVE_ROOT = "archive/";
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

    /** The key of an artifact: every part of its identity is in it, so distinct identities never collide. */
    public StorageKey keyFor(ArtifactIdentity artifact) {
        if (!value.startsWith("jobs/" + artifact.job().value() + "/")) {
            throw new IllegalArgumentException("artifact of job " + artifact.job() + " is not under " + value);
        }
        String stage = artifact.stage().value();
        return switch (artifact.kind()) {
            case JOB_INPUT -> key("job/" + stage + "/input");
            case JOB_CONFIG -> key("job/" + stage + "/config.json");
            case RUN_CONFIG -> key(run(artifact) + stage + "/config.json");
            case RUN_RESULTS -> key(run(artifact) + stage + "/results.zip");
            case RUN_LOGS -> key(run(artifact) + stage + "/logs.txt");
        };
    }

    /**
     * Where an artifact's archived copy goes: its key under a fixed {@code archive/} root, in whichever bucket holds
     * the archive. Derived from the identity alone, so a resumed archival can only ever write the same key again.
     */
    public StorageKey archiveKeyFor(ArtifactIdentity artifact) {
        return new StorageKey(ARCHIVE_ROOT + keyFor(artifact).value());
    }

    /** Everything of this job in the primary store. */
    public StoragePrefix primary() {
        return new StoragePrefix(value);
    }

    /** Everything of this job in the archive. */
    public StoragePrefix archived() {
        return new StoragePrefix(ARCHIVE_ROOT + value);
    }

    /** Every archived object of every job, as lifecycle rules address them. */
    public static StoragePrefix archiveRoot() {
        return new StoragePrefix(ARCHIVE_ROOT);
    }

    private static String run(ArtifactIdentity artifact) {
        return "runs/" + artifact.run().value() + "/";
    }

    private StorageKey key(String relative) {
        return new StorageKey(value + relative);
    }

    @Override
    public String toString() {
        return value;
    }
}
