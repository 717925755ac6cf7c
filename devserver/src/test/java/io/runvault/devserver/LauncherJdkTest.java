package io.runvault.devserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Both launchers run jars built for Java 25 with JDK 25's AOT cache options. Given an older java (JAVA_HOME unset on
 * a machine whose default java is 17, say), they say so and where a JDK 25 is, rather than start it for it to refuse
 * an unrecognized option.
 */
class LauncherJdkTest {
    /** A java that notes each start: the launcher must not start one that is too old. */
    private static final String STAND_IN = """
            #!/bin/sh
            echo "$*" >> "$STARTED_WITH"
            exit 0
            """;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} given Java {1}")
    @CsvSource({
            "runvault, 17.0.15, 17",
            "runvault, 1.8.0_292, 8",
            "runvault-server, 17.0.15, 17",
            "runvault-server, 21, 21",
    })
    void anOlderJavaIsNamedWithTheJdk25ThisMachineHasAndNeverStarted(String launcher, String version, int feature)
            throws Exception {
        Path jdk = StandIns.jdkAt(dir.resolve("jdk"), STAND_IN, version);
        StandIns.jarBuiltAMinuteAgo(dir.resolve("app.jar"));
        Path search = dir.resolve("jvms");
        StandIns.jdkAt(search.resolve("an-old-one"), STAND_IN, "11.0.2");
        Path jdk25 = StandIns.jdkAt(search.resolve("a-new-one"), STAND_IN, "25.0.3");

        Ran ran = launch(launcher, jdk, search);

        assertEquals(1, ran.exit(), ran.err());
        assertTrue(ran.err().startsWith(launcher + ": " + jdk.resolve("bin").resolve("java") + " is Java " + feature
                + "; Runvault needs a Java 25 JDK"), ran.err());
        assertTrue(ran.err().contains("export JAVA_HOME=" + jdk25 + "\n"), ran.err());
        assertFalse(Files.exists(dir.resolve("started-with")), "the old java was started");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"runvault", "runvault-server"})
    void aJdk25IsStarted(String launcher) throws Exception {
        Path jdk = StandIns.jdk(dir, STAND_IN);
        StandIns.jarBuiltAMinuteAgo(dir.resolve("app.jar"));

        Ran ran = launch(launcher, jdk, dir.resolve("jvms"));

        assertFalse(ran.err().contains("needs a Java 25 JDK"), ran.err());
        assertTrue(Files.readString(dir.resolve("started-with")).contains("-jar " + dir.resolve("app.jar")));
    }

    private record Ran(int exit, String err) {
    }

    private Ran launch(String launcher, Path jdk, Path search) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(
                Path.of("..", "bin", launcher).toAbsolutePath().normalize().toString())
                .redirectError(dir.resolve("stderr.log").toFile());
        Map<String, String> environment = builder.environment();
        environment.put("JAVA_HOME", jdk.toString());
        environment.put("RUNVAULT_JDK_SEARCH", search.toString());
        environment.put("STARTED_WITH", dir.resolve("started-with").toString());
        // Each launcher's jar, and a cache in a directory that does not exist: no cache is used or left behind.
        Path nowhere = dir.resolve("nowhere");
        environment.put("RUNVAULT_CLI_JAR", dir.resolve("app.jar").toString());
        environment.put("RUNVAULT_CLI_AOT_CACHE", nowhere.resolve("cli.aot").toString());
        environment.put("RUNVAULT_JAR", dir.resolve("app.jar").toString());
        environment.put("RUNVAULT_AOT_CACHE", nowhere.resolve("server.aot").toString());
        environment.remove("RUNVAULT_CLI_JAVA_OPTS");
        environment.remove("JAVA_OPTS");
        Process process = builder.start();
        process.getOutputStream().close();
        assertTrue(process.waitFor(20, TimeUnit.SECONDS), "the launcher returned");
        return new Ran(process.exitValue(), Files.readString(dir.resolve("stderr.log")));
    }
}
