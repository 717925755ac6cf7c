package io.runvault.devserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

/** What the launchers' tests start them with: a JDK whose java is a script, and a jar built a minute ago. */
final class StandIns {
    private StandIns() {
    }

    /** {@code dir}/jdk, whose bin/java is {@code script}: give it to a launcher as JAVA_HOME. */
    static Path jdk(Path dir, String script) throws IOException {
        Path java = dir.resolve("jdk").resolve("bin").resolve("java");
        Files.createDirectories(java.getParent());
        Files.writeString(java, script);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return java.getParent().getParent();
    }

    /** A jar, as far as the launchers look at it: a file older than any cache made from now on. */
    static Path jarBuiltAMinuteAgo(Path file) throws IOException {
        Files.writeString(file, "a build");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
        return file;
    }
}
