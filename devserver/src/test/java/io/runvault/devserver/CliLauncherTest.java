package io.runvault.devserver;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/runvault, the CLI's launcher: the first command after a build notes the classes it loads and the AOT cache is
 * made from those notes in the background; later commands use the cache. Whichever way it starts, the command gets
 * the launcher's stdin, its stdout is the command's alone, and its exit status is the launcher's. The JVM here is a
 * stand-in that says what it was started with and plays each of the JVM's parts.
 */
class CliLauncherTest {
    private static final Path LAUNCHER = Path.of("..", "bin", "runvault").toAbsolutePath().normalize();
    private static final String STAND_IN = """
            #!/bin/sh
            mode=run notes= cache=
            for arg in "$@"; do
              case "$arg" in
                -XX:AOTMode=*) mode=${arg#-XX:AOTMode=} ;;
                -XX:AOTConfiguration=*) notes=${arg#-XX:AOTConfiguration=} ;;
                -XX:AOTCache=*) cache=${arg#-XX:AOTCache=} ;;
              esac
            done
            echo "$mode $*" >> "$STARTED_WITH"
            case "$mode" in
              create) printf "made from: " > "$cache"; sleep 1; printf "%s" "$(cat "$notes")" >> "$cache"; exit 0 ;;
              record) echo "the classes a command loaded" > "$notes" ;;
            esac
            case " $* " in
              *" hang "*) trap 'echo stopped > "$STARTED_WITH.stopped"; exit 143' TERM
                while :; do sleep 0.05; done ;;
            esac
            IFS= read -r line
            echo "read: $line"
            exit 5
            """;

    @TempDir
    Path dir;

    @Test
    void theFirstCommandNotesItsClassesTheCacheIsMadeFromThemAndLaterCommandsUseIt() throws Exception {
        Path jar = build();
        Path cache = dir.resolve("runvault-cli.aot");

        Ran first = launch("a token\n", "login");
        assertEquals("read: a token\n", first.out(), "stdin reached the command, and stdout is its own");
        assertEquals(5, first.exit(), "the command's exit status");
        assertTrue(started().getFirst().startsWith("record "), started().toString());
        assertTrue(started().getFirst().endsWith("-jar " + jar + " login"), started().toString());

        // Made after the command has exited, from its notes; then nothing of the recording is left behind.
        awaitEveryCacheMade();
        assertEquals("made from: the classes a command loaded", Files.readString(cache));

        Ran second = launch("again\n", "jobs", "list");
        assertEquals("read: again\n", second.out());
        assertEquals(5, second.exit());
        assertTrue(started().getLast().startsWith("run -XX:AOTCache=" + cache + " -jar " + jar + " jobs list"),
                started().toString());

        // A new build: its first command records again.
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        launch("\n", "-V");
        // Looked up by its arguments: the cache made from its notes may already have been started after it.
        String third = started().stream().filter(line -> line.endsWith("-jar " + jar + " -V")).findFirst()
                .orElseThrow();
        assertTrue(third.startsWith("record "), started().toString());
        awaitEveryCacheMade();
    }

    @Test
    void aCommandWhileTheCacheIsBeingMadeNotesItsOwnAndNeverUsesHalfOfOne() throws Exception {
        build();
        Path cache = dir.resolve("runvault-cli.aot");
        launch("one\n", "jobs", "list");
        // The first command has exited; its cache is being written, half of it now and the rest a second later.
        Ran second = launch("two\n", "jobs", "show", "1");
        assertEquals("read: two\n", second.out());
        List<String> started = started();
        String secondStart = started.stream().filter(line -> line.endsWith("jobs show 1")).findFirst().orElseThrow();
        assertTrue(secondStart.startsWith("record "), started.toString());

        // Both caches made: whichever was renamed last, it is whole.
        awaitEveryCacheMade();
        assertEquals("made from: the classes a command loaded", Files.readString(cache));
        launch("three\n", "-V");
        assertTrue(started().getLast().startsWith("run -XX:AOTCache=" + cache), started().toString());
    }

    @Test
    void aStopOfTheFirstCommandIsHandedOnToIt() throws Exception {
        build();
        Process process = launcher(Map.of(), "hang").start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(dir.resolve("started-with")));
            assertTrue(started().getFirst().startsWith("record "), started().toString());
            process.destroy();
            assertTrue(process.waitFor(10, TimeUnit.SECONDS), "the launcher ended with its command");
            assertEquals(143, process.exitValue(), "the command's own status: ended by SIGTERM");
            assertEquals("stopped\n", Files.readString(dir.resolve("started-with.stopped")), "the command was told");
            // What it noted before it was stopped still makes a cache.
            awaitEveryCacheMade();
            assertTrue(Files.exists(dir.resolve("runvault-cli.aot")));
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    @Test
    void whereTheCacheCannotBeWrittenTheCommandRunsWithout() throws Exception {
        Path jar = build();
        // A directory that is not there cannot be written, whoever runs the tests (root writes read-only ones).
        Path nowhere = dir.resolve("missing").resolve("runvault-cli.aot");
        Ran ran = launch(Map.of("RUNVAULT_CLI_AOT_CACHE", nowhere.toString()), "line\n", "jobs", "list");
        assertEquals("read: line\n", ran.out());
        assertEquals(5, ran.exit());
        assertEquals(List.of("run -jar " + jar + " jobs list"), started());
    }

    private record Ran(String out, int exit) {
    }

    /**
     * Waits until every recording's cache has been made, which the launcher does in the background after its command
     * has exited, and nothing of the recordings is left: no notes, no cache under a temporary name.
     */
    private void awaitEveryCacheMade() {
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            List<String> started = started();
            long recorded = started.stream().filter(line -> line.startsWith("record ")).count();
            long made = started.stream().filter(line -> line.startsWith("create ")).count();
            try (var left = Files.list(dir)) {
                return made == recorded && left.map(p -> p.getFileName().toString())
                        .noneMatch(name -> name.endsWith(".conf") || name.endsWith(".tmp"));
            }
        });
    }

    /** A stand-in JDK and a jar built a minute ago. */
    private Path build() throws IOException {
        StandIns.jdk(dir, STAND_IN);
        return StandIns.jarBuiltAMinuteAgo(dir.resolve("runvault-cli.jar"));
    }

    private List<String> started() throws IOException {
        return Files.readAllLines(dir.resolve("started-with"));
    }

    private Ran launch(String stdin, String... args) throws Exception {
        return launch(Map.of(), stdin, args);
    }

    private ProcessBuilder launcher(Map<String, String> extra, String... args) {
        var command = new ArrayList<String>();
        command.add(LAUNCHER.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(dir.resolve("stderr.log").toFile());
        Map<String, String> environment = builder.environment();
        environment.put("JAVA_HOME", dir.resolve("jdk").toString());
        environment.put("RUNVAULT_CLI_JAR", dir.resolve("runvault-cli.jar").toString());
        environment.put("RUNVAULT_CLI_AOT_CACHE", dir.resolve("runvault-cli.aot").toString());
        environment.put("STARTED_WITH", dir.resolve("started-with").toString());
        environment.remove("RUNVAULT_CLI_JAVA_OPTS");
        environment.putAll(extra);
        return builder;
    }

    private Ran launch(Map<String, String> extra, String stdin, String... args) throws Exception {
        Process process = launcher(extra, args).start();
        try (var in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(20, TimeUnit.SECONDS), "the launcher returned");
        assertFalse(process.isAlive());
        return new Ran(out, process.exitValue());
    }
}
