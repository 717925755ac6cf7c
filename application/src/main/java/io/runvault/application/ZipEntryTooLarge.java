package io.runvault.application;

/** An entry inflates to more than the server hands out through one request; the whole zip is downloaded instead. */
public final class ZipEntryTooLarge extends RunvaultException {
    public ZipEntryTooLarge(String name, long size, long limit) {
        super("entry " + name + " inflates to " + size + " bytes, more than the " + limit
                + " served one entry at a time; download the artifact instead");
    }
}
