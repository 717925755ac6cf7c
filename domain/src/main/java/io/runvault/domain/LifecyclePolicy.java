package io.runvault.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Value object: the lifecycle Runvault recommends for its buckets, from settings to rules. Incomplete multipart
 * uploads (from crashed uploads or copies) are aborted in every store, and presigned single PUTs left in the staging
 * area (never completed) deleted, after as many days; archived objects optionally move to a cheaper storage class.
 *
 * @param archiveStorageClass null: archived objects stay in the class they were written with
 */
public record LifecyclePolicy(int abortIncompleteUploadsAfterDays, String archiveStorageClass,
        int transitionAfterDays) {
    /** Every rule Runvault installs has an id starting so; a bucket's other rules are someone else's to keep. */
    public static final String OWN_PREFIX = "runvault-";

    /** Whether a bucket rule with this id is one of Runvault's own. */
    public static boolean isOwn(String ruleId) {
        return ruleId != null && ruleId.startsWith(OWN_PREFIX);
    }

    public LifecyclePolicy {
        if (abortIncompleteUploadsAfterDays < 1) {
            throw new InvalidValue("abortIncompleteUploadsAfterDays", "must be at least 1");
        }
        archiveStorageClass = archiveStorageClass == null || archiveStorageClass.isBlank() ? null : archiveStorageClass;
        if (transitionAfterDays < 0) {
            throw new InvalidValue("transitionAfterDays", "must not be negative");
        }
    }

    /** The rules, per store; when both tiers share a bucket the adapter merges rules with the same id. */
    public List<LifecycleRule> rules() {
        List<LifecycleRule> rules = new ArrayList<>();
        for (StorageTier tier : StorageTier.values()) {
            rules.add(new LifecycleRule(OWN_PREFIX + "abort-incomplete-uploads", tier, null,
                    abortIncompleteUploadsAfterDays, null, null));
        }
        // Staged bytes are read only by a completion or the staging sweep, both within minutes of the PUT as a
        // client uses them; what is still there days later was abandoned and would otherwise wait for its job's purge.
        rules.add(new LifecycleRule(OWN_PREFIX + "expire-staged-uploads", StorageTier.PRIMARY,
                JobS3Prefix.stagingRoot(), null, null, null, abortIncompleteUploadsAfterDays));
        if (archiveStorageClass != null) {
            rules.add(new LifecycleRule(OWN_PREFIX + "archive-transition", StorageTier.ARCHIVE,
                    JobS3Prefix.archiveRoot(), null, archiveStorageClass, transitionAfterDays));
        }
        return List.copyOf(rules);
    }
}
