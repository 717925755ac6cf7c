package io.runvault.application.service.artifacts;

import io.runvault.application.AccessPolicy;
import io.runvault.application.ArtifactNotFound;
import io.runvault.application.ArtifactNotStored;
import io.runvault.application.JobNotFound;
import io.runvault.application.NotAZip;
import io.runvault.application.ZipEntryNotFound;
import io.runvault.application.ZipEntryTooLarge;
import io.runvault.application.ZipEntryUnreadable;
import io.runvault.application.port.in.artifacts.ReadZipEntriesUseCase;
import io.runvault.application.port.out.ArtifactRepository;
import io.runvault.application.port.out.RangedReads;
import io.runvault.application.service.jobs.GetJob;
import io.runvault.application.zip.EntryContent;
import io.runvault.application.zip.MalformedZip;
import io.runvault.application.zip.ZipDirectory;
import io.runvault.application.zip.ZipDirectoryCache;
import io.runvault.domain.ArchiveEntry;
import io.runvault.domain.Artifact;
import io.runvault.domain.ArtifactId;
import io.runvault.domain.Page;
import io.runvault.domain.PageRequest;
import io.runvault.domain.Principal;

/**
 * Use case: a stored zip's entries from its central directory, and one entry inflated on the way out, both by ranged
 * reads. Whoever may download the artifact may read it this way. An entry is served only below a size limit and a
 * compression ratio limit, the guards a careful unzip applies against zip bombs. A zip's directory is found once and
 * kept, so that the pages of its listing and the entries read after them do not fetch it again.
 */
public final class ReadZipEntries implements ReadZipEntriesUseCase {
    private final GetJob getJob;
    private final ArtifactRepository artifacts;
    private final RangedReads ranges;
    private final AccessPolicy policy;
    private final ZipDirectoryCache directories;
    private final long maxEntrySize;
    private final int maxRatio;

    public ReadZipEntries(GetJob getJob, ArtifactRepository artifacts, RangedReads ranges, AccessPolicy policy,
            ZipDirectoryCache directories, long maxEntrySize, int maxRatio) {
        this.getJob = getJob;
        this.artifacts = artifacts;
        this.ranges = ranges;
        this.policy = policy;
        this.directories = directories;
        this.maxEntrySize = maxEntrySize;
        this.maxRatio = maxRatio;
    }

    @Override
    public Page<ArchiveEntry> entries(Principal principal, ArtifactId id, PageRequest page) {
        Artifact artifact = stored(principal, id);
        try {
            return directory(artifact).list(page);
        } catch (MalformedZip e) {
            throw new NotAZip(id, e.getMessage());
        }
    }

    @Override
    public OpenedEntry open(Principal principal, ArtifactId id, String name) {
        Artifact artifact = stored(principal, id);
        ArchiveEntry entry;
        long data;
        try {
            ZipDirectory directory = directory(artifact);
            entry = directory.find(name).orElseThrow(() -> new ZipEntryNotFound(id, name));
            refuseUnsafe(entry);
            data = directory.dataOffset(entry);
        } catch (MalformedZip e) {
            throw new NotAZip(id, e.getMessage());
        }
        var compressed = ranges.openRange(artifact.location(), data, entry.compressedSize());
        return new OpenedEntry(entry, EntryContent.of(entry, compressed));
    }

    private void refuseUnsafe(ArchiveEntry entry) {
        if (entry.encrypted()) {
            throw new ZipEntryUnreadable(entry.name(), "it is encrypted");
        }
        if (entry.method() != ArchiveEntry.STORED && entry.method() != ArchiveEntry.DEFLATED) {
            throw new ZipEntryUnreadable(entry.name(), "compression method " + entry.method() + " is not supported");
        }
        if (entry.method() == ArchiveEntry.STORED && entry.size() != entry.compressedSize()) {
            throw new ZipEntryUnreadable(entry.name(), "a stored entry declares two different sizes");
        }
        if (entry.size() > maxEntrySize) {
            throw new ZipEntryTooLarge(entry.name(), entry.size(), maxEntrySize);
        }
        if (entry.size() > Math.max(entry.compressedSize(), 1) * maxRatio) {
            throw new ZipEntryUnreadable(entry.name(), "it declares a compression ratio above " + maxRatio
                    + " to 1, as zip bombs do");
        }
    }

    private ZipDirectory directory(Artifact artifact) {
        ZipDirectory.Ranges read = (offset, length) -> ranges.readRange(artifact.location(), offset, length);
        return directories.get(artifact.id(), artifact.checksum(), () -> ZipDirectory.locate(artifact.size(), read))
                .over(read);
    }

    private Artifact stored(Principal principal, ArtifactId id) {
        Artifact artifact = artifacts.findById(id).filter(found -> policy.seesArtifact(principal, found.identity()))
                .orElseThrow(() -> new ArtifactNotFound(id));
        // Through GetJob like every read of the job: invisible is missing, and a job being purged is not read.
        try {
            getJob.get(principal, artifact.identity().job());
        } catch (JobNotFound invisible) {
            throw new ArtifactNotFound(id);
        }
        if (!artifact.isStored()) {
            throw new ArtifactNotStored(artifact);
        }
        return artifact;
    }
}
