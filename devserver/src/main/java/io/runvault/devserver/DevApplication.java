package io.runvault.devserver;

import io.runvault.bootstrap.Application;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Starts Runvault for development: with no JDBC URL configured an embedded Postgres, with no bucket an in-process S3
 * server ({@link EmbeddedDefaults}). They start beside the application context rather than before it;
 * {@link EmbeddedServicesGate} holds their first use until they are up. Anything configured explicitly wins.
 */
public final class DevApplication {
    private DevApplication() {
    }

    public static void main(String[] args) {
        EmbeddedDefaults.Settings settings = EmbeddedDefaults.Settings.fromEnvironment();
        // Found out first: the server's own bind fails only once the embedded services are up, in two stack traces.
        if (taken(settings.serverPort())) {
            System.err.println("Runvault cannot start: port " + settings.serverPort() + " is in use (another Runvault "
                    + "server?). Stop it, or choose another port with RUNVAULT_PORT.");
            System.exit(1);
        }
        EmbeddedDefaults.Started embedded = EmbeddedDefaults.start(settings);
        Application.builder(args)
                .properties(embedded.properties())
                .singletons(embedded)
                .start();
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
