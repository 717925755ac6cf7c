package io.runvault.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A JVM's {@code -Xlog:gc} log: the heap before and after each collection, read without asking the JVM. */
final class GcLog {
    private static final Pattern HEAP = Pattern.compile("\\s(\\d+)M->(\\d+)M\\(\\d+M\\)");

    private GcLog() {
    }

    /** The collections the log reports so far, one line each. */
    static List<String> lines(Path log) throws IOException {
        if (!Files.exists(log)) {
            return List.of();
        }
        try (var lines = Files.lines(log)) {
            return lines.filter(line -> HEAP.matcher(line).find()).toList();
        }
    }

    /** MiB in use when the collection started (group 1: a peak of the heap's sawtooth) or after it (group 2). */
    static long heapAround(String line, int group) {
        Matcher m = HEAP.matcher(line);
        return m.find() ? Long.parseLong(m.group(group)) : -1;
    }

    /** The largest of {@code group} (see {@link #heapAround}) over the collections, -1 when there were none. */
    static long max(List<String> collections, int group) {
        return collections.stream().mapToLong(line -> heapAround(line, group)).max().orElse(-1);
    }

    /** A full collection of the JVM {@code pid} (jcmd GC.run); its line in the log says what was alive. */
    static void forceFull(long pid) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        new ProcessBuilder(jcmd, Long.toString(pid), "GC.run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                .waitFor(30, TimeUnit.SECONDS);
    }
}
