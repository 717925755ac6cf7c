package io.runvault.application;

/** Someone else changed the same thing first; the caller may read it again and retry. */
public final class ConcurrentChange extends RunvaultException {
    public ConcurrentChange(String what) {
        super(what + " was changed concurrently; read it again and retry");
    }
}
