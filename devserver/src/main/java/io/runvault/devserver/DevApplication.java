package io.runvault.devserver;

import io.runvault.bootstrap.Application;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;

/**
 * Starts Runvault for development: with no JDBC URL configured an embedded Postgres, with no bucket an in-process S3
 * server ({@link EmbeddedDefaults}). They start beside the application context rather than before it;
 * {@link EmbeddedServicesGate} holds their first use until they are up. Anything configured explicitly wins.
 */
public final class DevApplication {
    /** Micronaut's own reading of a port: -1 and 0 ask for any free one. */
    private static final int ANY_FREE_PORT = -1;
    private static final int HIGHEST_PORT = 65_535;

    private DevApplication() {
    }

    public static void main(String[] args) {
        EmbeddedDefaults.Settings settings = EmbeddedDefaults.Settings.fromEnvironment();
        // Found out first: the server's own bind fails only once the embedded services are up, in two stack traces.
        Optional<String> problem = portProblem(settings.serverPort());
        if (problem.isPresent()) {
            System.err.println("Runvault cannot start: " + problem.get());
            System.exit(1);
        }
        EmbeddedDefaults.Started embedded = EmbeddedDefaults.start(settings);
        Application.builder(args)
                .properties(embedded.properties())
                .singletons(embedded)
                .start();
    }

    /** What keeps the server from listening on its configured port, if anything: not a port, or one in use. */
    static Optional<String> portProblem(Optional<String> configured) {
        if (configured.isEmpty()) {
            return Optional.empty();
        }
        String value = configured.get().strip();
        int port;
        try {
            // As Micronaut reads it (Unicode digits included), so both agree on which port is meant.
            port = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            port = Integer.MIN_VALUE;
        }
        if (port < ANY_FREE_PORT || port > HIGHEST_PORT) {
            String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
            return Optional.of("its port (RUNVAULT_PORT) is \"" + shown + "\", not a port: give one from 1 to "
                    + HIGHEST_PORT + ", or 0 for any free one.");
        }
        if (taken(port)) {
            return Optional.of("port " + port + " is in use (another Runvault server?). Stop it, or choose another "
                    + "port with RUNVAULT_PORT.");
        }
        return Optional.empty();
    }

    /** Whether another socket listens on {@code port}, on any address the server binds (all of them). */
    static boolean taken(int port) {
        if (port <= 0) {
            return false;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(port));
            return false;
        } catch (BindException e) {
            return true;
        } catch (IOException e) {
            // Anything else is left to the server's own start to report.
            return false;
        }
    }
}
