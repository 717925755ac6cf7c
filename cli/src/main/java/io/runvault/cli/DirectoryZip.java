package io.runvault.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Packs a directory into a zip while it is being uploaded: a pipe and one writer thread, so memory stays constant and
 * no copy of the tree is made. Entries are sorted and stamped with a fixed time, so the same tree always gives the
 * same bytes (and a retried upload is recognised as the same results).
 */
final class DirectoryZip {
    private static final FileTime FIXED_TIME = FileTime.fromMillis(0);
    private static final int PIPE_BUFFER = 1 << 20;

    private DirectoryZip() {
    }

    /**
     * The files to pack, checked before anything is sent: a symbolic link that leads out of the directory is refused.
     * Links inside it are packed as the files they point to; linked directories are not descended into, so a link
     * cycle cannot make the walk endless.
     */
    static List<Path> files(Path root) {
        try {
            Path realRoot = root.toRealPath();
            List<Path> files = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path path : (Iterable<Path>) walk.sorted()::iterator) {
                    if (Files.isSymbolicLink(path) && !path.toRealPath().startsWith(realRoot)) {
                        throw new CliException("refusing " + path + ": it links to " + path.toRealPath()
                                + ", outside " + realRoot);
                    }
                    if (Files.isRegularFile(path)) {
                        files.add(path);
                    }
                }
            }
            return files;
        } catch (IOException | UncheckedIOException e) {
            throw new CliException("cannot read " + root + ": " + e.getMessage());
        }
    }

    /** Total bytes of the files, for progress: the zip adds only headers to it. */
    static long size(List<Path> files) {
        long total = 0;
        for (Path file : files) {
            try {
                total += Files.size(file);
            } catch (IOException e) {
                throw new CliException("cannot read " + file + ": " + e.getMessage());
            }
        }
        return total;
    }

    static InputStream stream(Path root, List<Path> files) {
        try {
            var in = new PipedInputStream(PIPE_BUFFER);
            var out = new PipedOutputStream(in);
            Thread.ofVirtual().name("zip-" + root.getFileName()).start(() -> write(root, files, out));
            return in;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path root, List<Path> files, OutputStream out) {
        try (var zip = new ZipOutputStream(out)) {
            for (Path file : files) {
                var entry = new ZipEntry(root.relativize(file).toString().replace('\\', '/'));
                entry.setLastModifiedTime(FIXED_TIME);
                zip.putNextEntry(entry);
                Files.copy(file, zip);
                zip.closeEntry();
            }
        } catch (IOException e) {
            // The reader sees the pipe break and the upload fails; nothing half-written is recorded as stored.
            try {
                out.close();
            } catch (IOException ignored) {
                // already broken
            }
        }
    }
}
