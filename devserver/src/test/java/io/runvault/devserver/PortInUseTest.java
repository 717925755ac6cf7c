package io.runvault.devserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A development server started while another one holds its port (the README's command run twice, say) says so in
 * one line and starts nothing, rather than start its embedded services and then fail in two stack traces.
 */
class PortInUseTest {
    @TempDir
    Path dataDir;

    @Test
    void aPortInUseIsNamedBeforeAnythingStarts() throws Exception {
        try (ServerSocket other = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = other.getLocalPort();
            Path err = dataDir.resolveSibling(dataDir.getFileName() + ".err");
            ProcessBuilder builder = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), DevApplication.class.getName()))
                    .redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            Map<String, String> environment = builder.environment();
            environment.put("RUNVAULT_PORT", Integer.toString(port));
            environment.put("RUNVAULT_DATA_DIR", dataDir.toString());
            environment.keySet().removeIf(name -> name.startsWith("DATASOURCES_") || name.startsWith("RUNVAULT_STORAGE"));

            Process process = builder.start();

            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the server gave up");
            assertEquals(1, process.exitValue());
            assertEquals("Runvault cannot start: port " + port + " is in use (another Runvault server?). Stop it, or "
                    + "choose another port with RUNVAULT_PORT.", Files.readString(err).strip());
            assertFalse(Files.exists(dataDir.resolve("postgres")), "the embedded Postgres was started");
            assertFalse(Files.exists(dataDir.resolve("s3")), "the embedded S3 server was started");
        }
    }

    @Test
    void aFreePortOrOneChosenAtStartIsNoProblem() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        assertEquals(Optional.empty(), DevApplication.portProblem(Optional.of(Integer.toString(port))));
        // Micronaut reads Unicode digits as digits: so does the check, and they name the same port.
        String fullWidth = Integer.toString(port).chars().mapToObj(c -> Character.toString(c - '0' + '０'))
                .collect(Collectors.joining());
        assertEquals(Optional.empty(), DevApplication.portProblem(Optional.of(fullWidth)));
        assertEquals(Optional.empty(), DevApplication.portProblem(Optional.of("0")));
        assertEquals(Optional.empty(), DevApplication.portProblem(Optional.of("-1")));
        assertEquals(Optional.empty(), DevApplication.portProblem(Optional.empty()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"70000", "65536", "-2", "abc", "99999999999", "80 80", "", "8080.0"})
    void aValueThatIsNoPortIsNamed(String value) {
        assertEquals(Optional.of("its port (RUNVAULT_PORT) is \"" + value.strip() + "\", not a port: give one from 1 "
                + "to 65535, or 0 for any free one."), DevApplication.portProblem(Optional.of(value)));
    }

    @Test
    void aLongValueIsShownCut() {
        String problem = DevApplication.portProblem(Optional.of("9".repeat(1_000))).orElseThrow();
        assertTrue(problem.contains("\"" + "9".repeat(40) + "…\""), problem);
    }
}
