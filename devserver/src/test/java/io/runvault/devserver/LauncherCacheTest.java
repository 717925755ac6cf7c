package io.runvault.devserver;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/runvault-server records JDK 25's AOT cache on the first start after a build; the JVM writes it on its way out,
 * for seconds. A start meanwhile must record its own rather than use half of one. The JVM here is a stand-in that
 * writes its cache in two halves a second apart once told to stop, and says what it was started with.
 */
class LauncherCacheTest {
    private static final Path LAUNCHER = Path.of("..", "bin", "runvault-server").toAbsolutePath().normalize();
    private static final String STAND_IN = """
            #!/bin/sh
            echo "$@" > "$STARTED_WITH"
            out=
            for arg in "$@"; do
              case "$arg" in -XX:AOTCacheOutput=*) out=${arg#-XX:AOTCacheOutput=} ;; esac
            done
            write() {
              printf "first half" > "$out"
              touch "$STARTED_WITH.writing"
              sleep 1
              printf ", second half" >> "$out"
            }
            trap '[ -z "$out" ] || write; exit 143' TERM
            while :; do sleep 0.05; done
            """;

    /** A JVM whose start fails (its port taken, say) once it has recorded what it loaded so far. */
    private static final String FAILED_START = """
            #!/bin/sh
            for arg in "$@"; do
              case "$arg" in -XX:AOTCacheOutput=*) printf "what a failed start loaded" > "${arg#-XX:AOTCacheOutput=}" ;; esac
            done
            exit 1
            """;

    @TempDir
    Path dir;
    private final List<Process> launched = new ArrayList<>();

    @Test
    void aStartWhileTheCacheIsBeingWrittenRecordsItsOwnAndTheNextStartUsesTheWholeOne() throws Exception {
        StandIns.jdk(dir, STAND_IN);
        StandIns.jarBuiltAMinuteAgo(dir.resolve("runvault-dev.jar"));
        Path cache = dir.resolve("runvault-dev.aot");

        try {
            startedWhileTheCacheIsWritten(cache);
        } finally {
            for (Process launched : launched) {
                launched.descendants().forEach(ProcessHandle::destroy);
                launched.destroy();
            }
        }
    }

    @Test
    void aStartThatFailsLeavesNoCacheForTheNextToUse() throws Exception {
        StandIns.jdk(dir, FAILED_START);
        StandIns.jarBuiltAMinuteAgo(dir.resolve("runvault-dev.jar"));

        Process failed = launch("failed");

        assertTrue(failed.waitFor(10, TimeUnit.SECONDS));
        assertEquals(1, failed.exitValue(), "the JVM's own exit status");
        try (var left = Files.list(dir)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().contains(".aot")).toList());
        }
    }

    private void startedWhileTheCacheIsWritten(Path cache) throws Exception {
        Process first = launch("first");
        Path firstArgs = dir.resolve("first.args");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(firstArgs));
        assertTrue(Files.readString(firstArgs).contains("-XX:AOTCacheOutput="), Files.readString(firstArgs));
        first.destroy();
        // The first JVM is now writing its cache: half of it is there, the rest a second later.
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(dir.resolve("first.args.writing")));
        assertFalse(Files.exists(cache), "the cache keeps its name only once whole");

        Process second = launch("second");
        Path secondArgs = dir.resolve("second.args");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(secondArgs));
        String startedWith = Files.readString(secondArgs);
        assertFalse(startedWith.contains("-XX:AOTCache=" + cache), startedWith);
        assertTrue(startedWith.contains("-XX:AOTCacheOutput="), startedWith);

        assertTrue(first.waitFor(10, TimeUnit.SECONDS));
        assertEquals(143, first.exitValue(), "the JVM's own exit status");
        assertEquals("first half, second half", Files.readString(cache));
        second.destroy();
        assertTrue(second.waitFor(10, TimeUnit.SECONDS));
        try (var left = Files.list(dir)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList());
        }

        launch("third");
        Path thirdArgs = dir.resolve("third.args");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(thirdArgs));
        assertTrue(Files.readString(thirdArgs).contains("-XX:AOTCache=" + cache), Files.readString(thirdArgs));
    }

    private Process launch(String name) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        Map<String, String> environment = builder.environment();
        environment.put("JAVA_HOME", dir.resolve("jdk").toString());
        environment.put("RUNVAULT_JAR", dir.resolve("runvault-dev.jar").toString());
        environment.put("RUNVAULT_AOT_CACHE", dir.resolve("runvault-dev.aot").toString());
        environment.put("STARTED_WITH", dir.resolve(name + ".args").toString());
        environment.remove("JAVA_OPTS");
        Process process = builder.start();
        launched.add(process);
        return process;
    }
}
