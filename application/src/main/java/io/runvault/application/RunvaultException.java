package io.runvault.application;

/**
 * Base of every failure a use case reports to a caller on purpose; sealed so adapters map each one exhaustively and a
 * new failure cannot fall into a catch-all status.
 */
public abstract sealed class RunvaultException extends RuntimeException
        permits ArtifactAlreadyExists, ArtifactNotFound, ArtifactNotStored, ChecksumMismatch, ConcurrentChange,
        CopyNotVerified, DatabaseUnavailable, Forbidden, IdempotencyKeyReused, JobBeingPurged, JobClosed, JobNotFound,
        JobPurged, LastAdminToken, NotAZip, OperationInProgress, OperationNotFound, RunNotFound, StorageFailure,
        StorageUnavailable, StorageUnsupported, TokenNotFound, UploadAborted, UploadIncomplete, UploadRejected,
        ZipEntryNotFound, ZipEntryTooLarge, ZipEntryUnreadable {
    protected RunvaultException(String message) {
        super(message);
    }
}
