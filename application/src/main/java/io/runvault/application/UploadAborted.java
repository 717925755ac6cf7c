package io.runvault.application;

/** A results body stopped arriving (the client went quiet, hung up, or sent less than it declared); nothing stored. */
public final class UploadAborted extends RunvaultException {
    private final boolean timedOut;

    public UploadAborted(String reason, boolean timedOut) {
        super(reason);
        this.timedOut = timedOut;
    }

    /** True when the body sent nothing for the idle timeout, rather than ending early. */
    public boolean timedOut() {
        return timedOut;
    }
}
