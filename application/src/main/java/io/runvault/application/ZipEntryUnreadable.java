package io.runvault.application;

/** An entry the server will not inflate: encrypted, compressed by an unsupported method, or compressed suspiciously well. */
public final class ZipEntryUnreadable extends RunvaultException {
    public ZipEntryUnreadable(String name, String reason) {
        super("entry " + name + " is not served: " + reason + "; download the artifact instead");
    }
}
