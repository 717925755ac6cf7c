package io.runvault.domain;

/**
 * Value object: how an object of a declared size is cut into the parts of a multipart upload, within S3's limits
 * (parts of 5 MiB to 5 GiB but the last, at most 10,000 of them, objects up to 5 TiB).
 */
public record PartPlan(long size, long partSize) {
    public static final long MIN_PART_SIZE = 5L << 20;
    public static final long MAX_PART_SIZE = 5L << 30;
    public static final int MAX_PARTS = 10_000;
    public static final long MAX_SIZE = 5L << 40;

    public PartPlan {
        if (size < 1 || size > MAX_SIZE) {
            throw new InvalidValue("size", "must be between 1 byte and 5 TiB for a multipart upload");
        }
        if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
            throw new InvalidValue("partSize", "must be between 5 MiB and 5 GiB");
        }
        if ((size + partSize - 1) / partSize > MAX_PARTS) {
            throw new InvalidValue("partSize", "needs more than " + MAX_PARTS + " parts for " + size + " bytes");
        }
    }

    /** The preferred part size, grown (in whole MiB) where the size would otherwise need more than 10,000 parts. */
    public static PartPlan of(long size, long preferredPartSize) {
        long fitting = (size + MAX_PARTS - 1) / MAX_PARTS;
        long mib = 1L << 20;
        fitting = (fitting + mib - 1) / mib * mib;
        long partSize = Math.clamp(Math.max(preferredPartSize, fitting), MIN_PART_SIZE, MAX_PART_SIZE);
        return new PartPlan(size, partSize);
    }

    public int partCount() {
        return Math.toIntExact((size + partSize - 1) / partSize);
    }

    /** Length of part {@code number} (1-based): the part size, but for the last part, which holds the rest. */
    public long lengthOf(int number) {
        if (number < 1 || number > partCount()) {
            throw new InvalidValue("partNumber", "must be between 1 and " + partCount());
        }
        return Math.min(partSize, size - (number - 1) * partSize);
    }
}
