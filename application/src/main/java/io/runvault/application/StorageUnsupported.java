package io.runvault.application;

/** The object store does not implement what was asked of it (S3-compatible stores implement subsets of S3). */
public final class StorageUnsupported extends RunvaultException {
    public StorageUnsupported(String message) {
        super(message);
    }
}
