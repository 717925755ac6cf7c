package io.runvault.application.zip;

/** The bytes are not a zip this reader accepts; the use case reading them names the artifact. */
public final class MalformedZip extends RuntimeException {
    public MalformedZip(String reason) {
        super(reason);
    }
}
