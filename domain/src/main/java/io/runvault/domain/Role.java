package io.runvault.domain;

/** What a caller may do: clients own jobs, workers report on runs, admins manage everything. */
public enum Role {
    CLIENT, WORKER, ADMIN
}
