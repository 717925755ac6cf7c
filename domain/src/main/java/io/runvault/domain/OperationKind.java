package io.runvault.domain;

/** What an admin operation does to a job's artifacts. */
public enum OperationKind {
    /** Copy every stored artifact to the archive, verify, record, then (by default) delete the original. */
    ARCHIVE,
    /** Copy archived artifacts back to their original keys, create-only. */
    RESTORE,
    /** Delete every object under the job's prefixes, then the job's rows, leaving a tombstone. */
    PURGE,
    /** Compare every stored artifact's object with its row, and list objects without a row; never repairs. */
    VERIFY
}
