package io.runvault.domain;

/** Query: which jobs a list shows; null fields do not filter. */
public record JobFilter(Owner owner, JobStatus status, String tag) {
    public JobFilter {
        if (tag != null) {
            Tags.checked(tag, "tag");
        }
    }

    public static JobFilter all() {
        return new JobFilter(null, null, null);
    }
}
