package io.runvault.application;

import io.runvault.domain.Checksum;
import io.runvault.domain.StorageKey;

/** The bytes stored are not the bytes the client said it sent. */
public final class ChecksumMismatch extends RunvaultException {
    public ChecksumMismatch(StorageKey key, Checksum expected, Checksum actual) {
        super("object " + key + " has " + actual + " but the client expected " + expected);
    }
}
