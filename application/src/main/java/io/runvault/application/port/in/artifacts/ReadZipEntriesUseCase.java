package io.runvault.application.port.in.artifacts;

import io.runvault.domain.ArchiveEntry;
import io.runvault.domain.ArtifactId;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import io.runvault.domain.Principal;
import java.io.InputStream;

/** Use case: the entries of a stored zip artifact, and one entry's content, without downloading the whole zip. */
public interface ReadZipEntriesUseCase {
    Page<ArchiveEntry> entries(Principal principal, ArtifactId artifact, PageRequest page);

    /** The caller closes the content; it fails mid-stream rather than hand out bytes that do not match the entry. */
    OpenedEntry open(Principal principal, ArtifactId artifact, String name);

    /** An entry and its inflated content. */
    record OpenedEntry(ArchiveEntry entry, InputStream content) {
    }
}
