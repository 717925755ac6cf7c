package io.runvault.application.zip;

import io.runvault.domain.ArtifactId;
import io.runvault.domain.Checksum;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Zip directories already found, by the artifact and the checksum recorded for its bytes: a stored artifact never
 * changes, so a kept directory never goes stale, and listing a zip page by page then reading an entry fetches its
 * directory once. Least recently used directories go first. A bound of zero keeps nothing.
 */
public final class ZipDirectoryCache {
    private record Key(ArtifactId artifact, Checksum checksum) {
    }

    private final long maxWeight;
    private final Map<Key, KnownDirectory> known = new LinkedHashMap<>(16, 0.75f, true);
    private long weight;

    /**
     * Bounded by the heap the directories take, not by their count: one zip of a million entries has a directory as
     * large as those of thousands of small zips together, so a count would let a few such zips take the heap.
     */
    public ZipDirectoryCache(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("a zip directory cache cannot hold fewer than 0 bytes");
        }
        this.maxWeight = maxBytes;
    }

    /** The directory of this artifact, found through {@code locate} unless it is kept already. */
    public KnownDirectory get(ArtifactId artifact, Checksum checksum, Supplier<ZipDirectory> locate) {
        Key key = new Key(artifact, checksum);
        synchronized (this) {
            KnownDirectory kept = known.get(key);
            if (kept != null) {
                return kept;
            }
        }
        // Read outside the lock, so that readers of other zips do not wait on this one's ranged reads; two readers of
        // the same new zip may both read its directory, and the last one kept stays. A directory longer than a
        // quarter of the bound is not held whole, as it would push out most others: it is scanned by ranges as before.
        KnownDirectory found = locate.get().keep(maxWeight / 4);
        keep(key, found);
        return found;
    }

    private synchronized void keep(Key key, KnownDirectory found) {
        if (found.weight() > maxWeight) {
            return;
        }
        KnownDirectory replaced = known.put(key, found);
        weight += found.weight() - (replaced == null ? 0 : replaced.weight());
        for (Iterator<KnownDirectory> eldest = known.values().iterator(); weight > maxWeight && eldest.hasNext();) {
            weight -= eldest.next().weight();
            eldest.remove();
        }
    }
}
