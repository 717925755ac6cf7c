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

    /** {@code dir}/jdk, a JDK 25 whose bin/java is {@code script}: give it to a launcher as JAVA_HOME. */
    static Path jdk(Path dir, String script) throws IOException {
        return jdkAt(dir.resolve("jdk"), script, "25.0.3");
    }

    /** A JDK at {@code home} whose bin/java is {@code script}, its release file giving {@code version}. */
    static Path jdkAt(Path home, String script, String version) throws IOException {
        Path java = home.resolve("bin").resolve("java");
        Files.createDirectories(java.getParent());
        Files.writeString(java, script);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"a stand-in\"\nJAVA_VERSION=\"" + version + "\"\n");
        return home;
    }

    /** A jar, as far as the launchers look at it: a file older than any cache made from now on. */
    static Path jarBuiltAMinuteAgo(Path file) throws IOException {
        Files.writeString(file, "a build");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
        return file;
    }
}
