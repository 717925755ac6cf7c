package io.runvault.application.port.out;

import io.runvault.domain.StorageKey;
import io.runvault.domain.StoragePrefix;
import io.runvault.domain.StorageTier;
import java.util.List;

/** Outgoing port: the keys a tier holds under a prefix, page by page. */
public interface StoredKeys {
    /** One page of the keys under {@code prefix} in key order; pass {@link KeyPage#nextToken()} back for the next. */
    KeyPage list(StorageTier tier, StoragePrefix prefix, String pageToken);

    /** A page of keys and the token for the next page, null on the last. */
    record KeyPage(List<StorageKey> keys, String nextToken) {
        public KeyPage {
            keys = List.copyOf(keys);
        }
    }
}
