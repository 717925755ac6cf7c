package io.runvault.domain;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Value object: the one storage prefix of a job, {@code jobs/{jobId}/{yyyy}/{MM}/{dd}/{HHmmss}/}, derived from the
 * job's own createdAt in UTC, never from "now", so every artifact of a job lands in one folder however late it
 * arrives. Every key of a job is built here and nowhere else.
 */
public record JobS3Prefix(String value) {
    private static final String ARCHIVE_ROOT = "archive/";
    private static final String STAGES = "stages/";
    private static final String STAGING_ROOT = "incoming/";
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

    /**
     * The key of an artifact: every part of its identity is in it, so distinct identities never collide. The final
     * stage uses the design's names directly under the prefix ({@code job_input.zip}, {@code job_config.json},
     * {@code run_{runId}_config.json}, {@code run_{runId}_results.zip}, {@code run_{runId}_logs.log}), so one listing
     * shows the whole job and no two files share a name; any other stage puts the same names under
     * {@code stages/{stage}/}.
     */
    public StorageKey keyFor(ArtifactIdentity artifact) {
        if (!value.startsWith("jobs/" + artifact.job().value() + "/")) {
            throw new IllegalArgumentException("artifact of job " + artifact.job() + " is not under " + value);
        }
        String name = switch (artifact.kind()) {
            case JOB_INPUT -> "job_input.zip";
            case JOB_CONFIG -> "job_config.json";
            case RUN_CONFIG -> run(artifact) + "config.json";
            case RUN_RESULTS -> run(artifact) + "results.zip";
            case RUN_LOGS -> run(artifact) + "logs.log";
        };
        return artifact.stage().equals(Stage.FINAL) ? key(name) : key(STAGES + artifact.stage().value() + "/" + name);
    }

    /**
     * Where an artifact's archived copy goes: the key its row records (whatever layout it was stored under) under a
     * fixed {@code archive/} root, in whichever bucket holds the archive. A resumed archival can only ever write the
     * same key again.
     */
    public StorageKey archiveKeyFor(StorageKey recorded) {
        if (!recorded.isUnder(this)) {
            throw new IllegalArgumentException(recorded + " is not under " + value);
        }
        return new StorageKey(ARCHIVE_ROOT + recorded.value());
    }

    /**
     * Where a client PUTs an artifact's bytes when it cannot send {@code If-None-Match} (a plain presigned PUT): its
     * recorded key under a fixed {@code incoming/} root, outside every job's prefix. Runvault copies it from there to
     * the artifact's key create-only, so a plain URL, however often it is used, never replaces an artifact's bytes.
     */
    public StorageKey stagingKeyFor(StorageKey recorded) {
        if (!recorded.isUnder(this)) {
            throw new IllegalArgumentException(recorded + " is not under " + value);
        }
        return new StorageKey(STAGING_ROOT + recorded.value());
    }

    /**
     * Where one presigned single PUT of an artifact goes: its own key in the staging area, {@link #stagingKeyFor} of
     * the artifact's key with the upload's id appended, so racing uploads of one artifact never share a key and none
     * of them is ever the artifact's key. Completion copies the one that wins the artifact's write claim. Built from
     * the identity rather than a recorded key, so a row recorded under an earlier layout still has one.
     */
    public StorageKey uploadKeyFor(ArtifactIdentity artifact, SingleUploadId upload) {
        return new StorageKey(STAGING_ROOT + keyFor(artifact).value() + "." + upload.value());
    }

    /** Whether a staged key is one presigned single PUT's ({@link #uploadKeyFor}), which only its completion copies. */
    public static boolean isUploadKey(StorageKey staged) {
        int dot = staged.value().lastIndexOf('.');
        return staged.value().startsWith(STAGING_ROOT) && dot > 0
                && SingleUploadId.isOne(staged.value().substring(dot + 1));
    }

    /** Everything of this job waiting in the staging area. */
    public StoragePrefix staged() {
        return new StoragePrefix(STAGING_ROOT + value);
    }

    /** Whatever is staged for the job with this id, for when its row (and so its prefix) is gone. */
    public static StoragePrefix stagedOf(JobId job) {
        return new StoragePrefix(STAGING_ROOT + "jobs/" + job.value() + "/");
    }

    /** The staging area of every job. */
    public static StoragePrefix stagingRoot() {
        return new StoragePrefix(STAGING_ROOT);
    }

    /** The job a staged key belongs to, if it is one: the sweep finds the jobs with staged uploads this way. */
    public static Optional<JobId> jobOfStaged(StorageKey staged) {
        String[] parts = staged.value().split("/");
        if (parts.length < 3 || !(parts[0] + "/").equals(STAGING_ROOT) || !parts[1].equals("jobs")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new JobId(Long.parseLong(parts[2])));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
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
        return "run_" + artifact.run().value() + "_";
    }

    private StorageKey key(String relative) {
        return new StorageKey(value + relative);
    }

    @Override
    public String toString() {
        return value;
    }
}
